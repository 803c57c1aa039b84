/**
 * The subcommands of `npm run runs -- ...` that issue 15 adds: `figure` (a run's plot as SVG or PNG,
 * drawn by the figure module the page uses), `notes` (a run's free-text notes) and `export-all`
 * (every export format into one folder, listing what was written). RUNS in runs-commands.ts lists
 * them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DISTRIBUTION_KEYS } from '../../engine/analysis/statistics.ts';
import { DEFAULT_DPI, FIGURE_LIMITS } from '../common/figures/layout.ts';
import { MAX_NOTES_LENGTH } from '../common/limits.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../contract.ts';
import { figurePng } from '../figures/png.ts';
import { FIGURE_KINDS, runFigureSync } from '../figures/run-figures.ts';
import { exportNestFolderSync, exportPynestSync, exportRatesCsvSync, exportSpikesCsvSync } from '../interop/export.ts';
import { EXPORT_FOLDERS } from '../services/interop-files.ts';
import { StudioError } from '../services/errors.ts';
import { runFileName } from '../services/run-files.ts';
import { RUN_FILE_EXTENSION } from '../store/run-file.ts';
import { arg, choice, decimal, filePath, flag, integer, onFile, option, outputFolder, parser, quote, readBoundedFile, UsageError, type Command, type ValueParser } from './framework/index.ts';
import { bytes } from './format.ts';
import { RUN_ID, runsCommand } from './runs-command.ts';

/** "3" or "1,2,3". */
const RUN_IDS: ValueParser<number[]> = parser('ID[,ID...]', 'a run id, or run ids separated by commas', (raw) => raw.split(',').map((x) => RUN_ID.parse(x.trim())));
const NODE_IDS: ValueParser<number[]> = parser('ID[,ID...]', 'node ids separated by commas', (raw) =>
  raw.split(',').map((x) => {
    const n = Number(x.trim());
    if (!/^\d+$/.test(x.trim()) || !Number.isSafeInteger(n) || n < 1) throw new UsageError('node ids are whole numbers >= 1');
    return n;
  }),
);

/** The option each figure or request field is set by, for messages. */
const OPTION_OF: Record<string, string> = {
  widthCm: '--width',
  heightCm: '--height',
  fontPt: '--font',
  dpi: '--dpi',
  binMs: '--bin',
  t0Ms: '--from',
  t1Ms: '--to',
  neurons: '--neurons',
  ids: 'ID',
  cellPt: '--cell',
};

/** A refusal of the figure or its data, said in the CLI's words (exit 2 for what the user asked, 1 for the run's state). */
function explain(e: unknown): never {
  if (e instanceof RangeError || (e instanceof StudioError && e.code === 'bad-request')) {
    const m = /^([\w.]+): (.*)$/s.exec(e.message);
    const field = m ? (OPTION_OF[m[1]] ?? m[1]) : '';
    throw new UsageError(m ? `${field}: ${m[2]}` : e.message, { usage: false });
  }
  throw e;
}

function stemOf(name: string, id: number): string {
  return runFileName(name, id).slice(0, -RUN_FILE_EXTENSION.length);
}

const figure = runsCommand({
  name: 'figure',
  summary: 'write a plot of a run as a figure to publish: SVG, or PNG at 2x or a chosen DPI',
  description:
    'The same figure the app draws, sized for a paper: 8.5 cm wide (one column) by default, 17.8 cm with --width 17.8, 8-pt text. ' +
    'boxplot, activity and spectrum overlay several runs (1,2,3); raster and voltage show one. The window defaults to the analysis window (t_presim, t_presim + t_sim].',
  examples: ['npm run runs -- figure 3 --kind spectrum --out spectrum.svg', 'npm run runs -- figure 3,4 --kind activity --from 600 --to 700 --bin 0.5 --out activity.png --dpi 300'],
  store: 'existing',
  positionals: { ID: arg(RUN_IDS, 'the run, or runs to overlay') },
  options: {
    kind: option(choice(FIGURE_KINDS), `what to draw: ${FIGURE_KINDS.join(', ')}`),
    out: option(filePath(), 'the file to write: .svg or .png (the extension chooses)'),
    dpi: option(integer({ min: FIGURE_LIMITS.dpi.min, max: FIGURE_LIMITS.dpi.max, metavar: 'N' }), `PNG resolution, dots per inch (default ${DEFAULT_DPI}: 2x a screen)`),
    width: option(decimal({ min: FIGURE_LIMITS.widthCm.min, max: FIGURE_LIMITS.widthCm.max, metavar: 'CM' }), 'width, cm (default 8.5; 17.8 for two columns)'),
    height: option(decimal({ min: FIGURE_LIMITS.heightCm.min, max: FIGURE_LIMITS.heightCm.max, metavar: 'CM' }), 'height, cm (default: what the plot needs)'),
    font: option(decimal({ min: FIGURE_LIMITS.fontPt.min, max: FIGURE_LIMITS.fontPt.max, metavar: 'PT' }), 'font size, pt (default 8)'),
    from: option(decimal({ min: 0, metavar: 'MS' }), 'start of the window, ms'),
    to: option(decimal({ min: 0, metavar: 'MS' }), 'end of the window, ms'),
    bin: option(decimal({ min: 0.1, max: 50, metavar: 'MS' }), 'bin width of the activity or spectrum, ms (0.1-50; default 1)'),
    statistic: option(choice(DISTRIBUTION_KEYS), `the box plot's statistic: ${DISTRIBUTION_KEYS.join(', ')} (default rates)`),
    stride: option(integer({ min: 1 }), 'raster: every N-th neuron of each population (default 1: all)'),
    neurons: option(NODE_IDS, 'voltage: these recorded neurons (default three per population)'),
    caption: flag('print the method under the panels (activity, spectrum, voltage)'),
    force: flag('overwrite the file if it exists'),
  },
  async run({ positionals: { ID: ids }, options: o }, store, ctx) {
    if (o.kind === undefined) throw new UsageError(`--kind is needed: one of ${FIGURE_KINDS.join(', ')}`);
    if (o.out === undefined) throw new UsageError('--out FILE is needed: a .svg or .png file');
    const ext = path.extname(o.out).toLowerCase();
    if (ext !== '.svg' && ext !== '.png') throw new UsageError(`--out = ${quote(o.out)}: the extension chooses the format: .svg or .png`);
    if (o.dpi !== undefined && ext !== '.png') throw new UsageError('--dpi applies to PNG files only');
    if (fs.existsSync(o.out) && !o.force) throw new UsageError(`--out = ${quote(o.out)}: the file exists; choose another name or add --force`);
    if (new Set(ids).size !== ids.length) throw new UsageError(`ID: a run appears twice in ${ids.join(',')}`);
    for (const id of ids) store.getRunSync(id); // not-found first
    const fig = (() => {
      try {
        return runFigureSync(store, {
          kind: o.kind!,
          ids,
          t0Ms: o.from,
          t1Ms: o.to,
          binMs: o.bin,
          statistic: o.statistic,
          stride: o.stride,
          neurons: o.neurons,
          caption: o.caption,
          widthCm: o.width,
          heightCm: o.height,
          fontPt: o.font,
        });
      } catch (e) {
        return explain(e);
      }
    })();
    const dpi = o.dpi ?? DEFAULT_DPI;
    const data = ext === '.svg' ? new TextEncoder().encode(fig.svg) : await figurePng(fig, dpi);
    const tmp = `${o.out}.partial-${process.pid}`;
    onFile('write', o.out, () => {
      try {
        fs.writeFileSync(tmp, data);
        fs.renameSync(tmp, o.out!);
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    });
    const what = ext === '.svg' ? 'SVG' : `PNG at ${dpi} dpi`;
    ctx.io.out(`Wrote ${fig.title} to ${o.out} (${what}, ${fig.widthCm} × ${fig.heightCm} cm, ${bytes(data.byteLength)}).`);
  },
});

const notes = runsCommand({
  name: 'notes',
  summary: "show a run's free-text notes, or replace them (--set TEXT, --file F, --clear)",
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the run's id") },
  options: {
    set: option(parser('TEXT', `text of at most ${MAX_NOTES_LENGTH} characters`, (raw) => raw), 'replace the notes with TEXT (quote it)'),
    file: option(filePath(), `replace the notes with the contents of a UTF-8 text file (at most ${MAX_NOTES_LENGTH} characters)`),
    clear: flag('remove the notes'),
  },
  run({ positionals: { ID: id }, options: o }, store, ctx) {
    const given = [o.set !== undefined && '--set', o.file !== undefined && '--file', o.clear && '--clear'].filter(Boolean);
    if (given.length > 1) throw new UsageError(`${given.join(' and ')} exclude each other: give one`);
    let textIn: string | undefined = o.clear ? '' : o.set;
    if (o.file !== undefined) {
      const raw = (() => {
        try {
          return readBoundedFile(o.file!, MAX_NOTES_LENGTH * 4, 'a notes file');
        } catch (e) {
          if (e instanceof UsageError) throw new UsageError(`--file = ${quote(o.file!)}: ${e.message}`);
          throw e;
        }
      })();
      try {
        textIn = new TextDecoder('utf-8', { fatal: true }).decode(raw);
      } catch {
        throw new UsageError(`--file = ${quote(o.file)}: not UTF-8 text`);
      }
    }
    if (textIn === undefined) {
      const r = store.getRunSync(id);
      ctx.io.out(r.notes === '' ? `Run ${id} has no notes.` : r.notes);
      return;
    }
    const r = store.setNotesSync(id, textIn);
    ctx.io.out(r.notes === '' ? `Run ${id} has no notes now.` : `Run ${id} notes (${r.notes.length} characters) saved.`);
  },
});

/** The formats, comma-separated. */
const FORMATS: ValueParser<ExportFormat[]> = parser('F[,F...]', `export formats: ${EXPORT_FORMATS.join(', ')}`, (raw) =>
  raw.split(',').map((x) => choice(EXPORT_FORMATS).parse(x.trim())),
);

function listFiles(dir: string, root: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), root) : [path.relative(root, path.join(dir, e.name))]));
}

const exportAll = runsCommand({
  name: 'export-all',
  summary: 'write every export of a run into one folder (nest/, pynest/, csv/) and list the files written',
  store: 'existing',
  positionals: { ID: arg(RUN_ID, "the run's id"), DIR: arg(outputFolder(), 'the folder to write into (created if needed)') },
  options: {
    formats: option(FORMATS, `only these formats (default all: ${EXPORT_FORMATS.join(', ')})`),
    force: flag('write into folders that already hold files'),
  },
  run({ positionals: { ID: id, DIR: dir }, options: o }, store, ctx) {
    const run = store.getRunSync(id);
    const formats = EXPORT_FORMATS.filter((f) => (o.formats ?? EXPORT_FORMATS).includes(f));
    const folders = [...new Set(formats.map((f) => EXPORT_FOLDERS[f]))];
    for (const f of folders) {
      const sub = path.join(dir, f);
      if (fs.existsSync(sub) && fs.readdirSync(sub).length > 0 && !o.force) throw new UsageError(`DIR = ${quote(dir)}: ${f}/ holds files already; choose another folder or add --force`);
    }
    const stem = stemOf(run.name, id);
    onFile('write', dir, () => {
      for (const format of formats) {
        const sub = path.join(dir, EXPORT_FOLDERS[format]);
        fs.mkdirSync(sub, { recursive: true });
        if (format === 'nest') exportNestFolderSync(store, id, sub);
        else if (format === 'pynest') exportPynestSync(store, id, sub);
        else if (format === 'spikes-csv') exportSpikesCsvSync(store, id, path.join(sub, `${stem}-spikes.csv`));
        else exportRatesCsvSync(store, id, path.join(sub, `${stem}-rates.csv`));
      }
    });
    const files = folders.flatMap((f) => listFiles(path.join(dir, f), dir));
    let total = 0;
    const lines = files.map((f) => {
      const size = fs.statSync(path.join(dir, f)).size;
      total += size;
      return `  ${f}  ${bytes(size)}`;
    });
    ctx.io.out(`Wrote ${files.length} files (${bytes(total)}) of run ${id} to ${dir}:`);
    for (const l of lines) ctx.io.out(l);
  },
});

/** The commands, in the order help lists them. */
export const FIGURE_COMMANDS: readonly Command[] = [figure, notes, exportAll];
