/**
 * CI's check for code written twice: every pair of places in the tree that share a run of
 * MIN_LINES or more lines of code — the same lines, or lines of the same shape with other names,
 * strings and numbers — must be on the commented allow-list `.ci/duplicates-allowed.txt` (the
 * deliberate copies: hot loops inlined for speed, JavaScript reference loops of WebAssembly
 * kernels). Anything else fails CI: give the logic one home instead.
 *
 *   node scripts/check-duplicates.ts            # check (exit 1 on a pair not allowed or a stale entry)
 *   node scripts/check-duplicates.ts --all      # list every pair, allowed or not
 *
 * What counts: tracked and untracked-but-not-ignored source files (.ts, .svelte, .js, .py, .css,
 * .wat). Blank lines and comment lines are prose and do not count; neither do "thin" lines (a
 * brace, `});`, `break;`) nor import lines (what a file uses is not logic): a run counts only
 * when most of its lines carry at least two names or values. A run that stands in more than MAX_PLACES places is an idiom, not a copy, and is left out.
 *
 * Tables: a line of the same shape as the code line before or after it is a row of a table (a
 * matrix of numbers, a list of field specs, `<NumberField path=… />` lines, a column of
 * `expect(f(x)).toBe(y)`), each row a different fact. Where most lines of a run are table rows,
 * the run matches only to the letter: the same table written twice is a copy, two tables of the
 * same form with other values are not.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const MIN_LINES = 6;
const MAX_PLACES = 8;
const MAX_FILE_BYTES = 1 << 20;
const SOURCE = /\.(ts|svelte|js|py|css|wat)$/;
/** Generated files: their source is checked instead. */
const GENERATED = new Set(['engine/wasm/kernels-wasm.ts']);

const KEYWORDS = new Set(
  (
    'abstract as async await break case catch class const continue debugger default delete do else enum export extends ' +
    'false finally for from function if implements import in instanceof interface let new null of private protected public ' +
    'readonly return static super switch this throw true try type typeof undefined var void while with yield ' +
    'def elif except lambda None True False pass raise and or not is each number string boolean bigint unknown never any object'
  ).split(' '),
);

/** An import line: `import …`, the `} from '…';` closing a multi-line one, Python's `from … import …`. */
const IMPORT = /^(import\b|}\s*from\s+['"]|from\s+[\w.]+\s+import\b)/;

export interface CodeLine {
  /** 1-based line number in the file. */
  n: number;
  text: string;
  shape: string;
  thin: boolean;
  /** A row of a table: the same shape as the code line before or after it. */
  row: boolean;
}

const TOKEN = /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`)|(\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?n?\b|\b0x[0-9a-f]+\b)|([A-Za-z_$][\w$]*)|(\S)/gi;

/** A line's shape: names become I, strings S, numbers N; keywords and punctuation stay. */
export function shapeOf(text: string): { shape: string; values: number } {
  let shape = '';
  let values = 0;
  for (const m of text.matchAll(TOKEN)) {
    const kind = m[1] !== undefined ? 'S' : m[2] !== undefined ? 'N' : m[3] !== undefined && !KEYWORDS.has(m[3]) ? 'I' : '';
    if (kind !== '') {
      shape += kind + ' ';
      values++;
    } else if (m[3] !== undefined) shape += m[3] + ' ';
    else shape += m[4];
  }
  return { shape, values };
}

/** The lines of code of a file: no blanks, no comments (//, /* … *\/, #, <!-- -->, Python's docstrings). */
export function codeLines(source: string, path: string): CodeLine[] {
  const python = path.endsWith('.py');
  const out: CodeLine[] = [];
  let inBlock = false;
  let inDocstring = false;
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let text = lines[i].trim();
    if (python && (inDocstring || text.startsWith('"""'))) {
      // a docstring (a string standing alone, opened at the start of a line) is prose
      const closes: boolean = text.indexOf('"""', inDocstring ? 0 : 3) >= 0;
      inDocstring = !closes;
      continue;
    }
    if (inBlock) {
      const end = text.indexOf('*/');
      if (end < 0) continue;
      inBlock = false;
      text = text.slice(end + 2).trim();
    }
    if (text.startsWith('/*')) {
      const end = text.indexOf('*/', 2);
      if (end < 0) {
        inBlock = true;
        continue;
      }
      text = text.slice(end + 2).trim();
    }
    if (text === '' || text.startsWith('//') || text.startsWith('<!--') || (python && text.startsWith('#'))) continue;
    const { shape, values } = shapeOf(text);
    out.push({ n: i + 1, text, shape, thin: values < 3 || IMPORT.test(text), row: false });
  }
  for (let i = 0; i < out.length; i++) {
    out[i].row = (i > 0 && out[i - 1].shape === out[i].shape) || (i + 1 < out.length && out[i + 1].shape === out[i].shape);
  }
  return out;
}

export interface Place {
  file: string;
  from: number;
  to: number;
}

export interface Pair {
  a: Place;
  b: Place;
  /** Lines of code in the longest shared run. */
  lines: number;
  /** True when every line of the longest run is the same to the letter. */
  same: boolean;
  /** How many further runs the two files share. */
  moreRuns: number;
}

/** The key a window of lines matches by: its shape, or its text where it is mostly table rows. */
function hashKey(lines: CodeLine[], i: number, table: boolean): string {
  let k = table ? 'text\n' : 'shape\n';
  for (let j = i; j < i + MIN_LINES; j++) k += (table ? lines[j].text : lines[j].shape) + '\n';
  return k;
}

/** Every pair of places sharing MIN_LINES or more lines of code, the longest runs first. */
export function findDuplicates(files: Map<string, CodeLine[]>): Pair[] {
  const index = new Map<string, { file: string; i: number }[]>();
  for (const [file, lines] of files) {
    for (let i = 0; i + MIN_LINES <= lines.length; i++) {
      let thin = 0;
      let rows = 0;
      for (let j = i; j < i + MIN_LINES; j++) {
        if (lines[j].thin) thin++;
        else if (lines[j].row) rows++;
      }
      if (thin * 2 > MIN_LINES) continue;
      const key = hashKey(lines, i, (thin + rows) * 2 > MIN_LINES);
      let places = index.get(key);
      if (!places) index.set(key, (places = []));
      places.push({ file, i });
    }
  }
  // Matched windows per (file A, file B, diagonal offset); consecutive windows form one run.
  const diagonals = new Map<string, number[]>();
  for (const places of index.values()) {
    if (places.length < 2 || places.length > MAX_PLACES) continue;
    for (let p = 0; p < places.length; p++) {
      for (let q = p + 1; q < places.length; q++) {
        let [x, y] = [places[p], places[q]];
        if (x.file > y.file || (x.file === y.file && x.i > y.i)) [x, y] = [y, x];
        if (x.file === y.file && y.i - x.i < MIN_LINES) continue; // a run overlapping itself (repeated lines)
        const key = `${x.file}\0${y.file}\0${y.i - x.i}`;
        let starts = diagonals.get(key);
        if (!starts) diagonals.set(key, (starts = []));
        starts.push(x.i);
      }
    }
  }
  const byFiles = new Map<string, Pair>();
  for (const [key, starts] of diagonals) {
    const [fa, fb, off] = key.split('\0');
    const offset = Number(off);
    const la = files.get(fa)!;
    const lb = files.get(fb)!;
    starts.sort((u, v) => u - v);
    let runStart = starts[0];
    for (let s = 1; s <= starts.length; s++) {
      if (s < starts.length && starts[s] === starts[s - 1] + 1) continue;
      const first = runStart;
      const last = starts[s - 1] + MIN_LINES - 1;
      let same = true;
      for (let i = first; i <= last && same; i++) same = la[i].text === lb[i + offset].text;
      const pair: Pair = {
        a: { file: fa, from: la[first].n, to: la[last].n },
        b: { file: fb, from: lb[first + offset].n, to: lb[last + offset].n },
        lines: last - first + 1,
        same,
        moreRuns: 0,
      };
      const fk = `${fa}\0${fb}`;
      const prev = byFiles.get(fk);
      if (!prev) byFiles.set(fk, pair);
      else if (pair.lines > prev.lines) byFiles.set(fk, { ...pair, moreRuns: prev.moreRuns + 1 });
      else prev.moreRuns++;
      if (s < starts.length) runStart = starts[s];
    }
  }
  return [...byFiles.values()].sort((u, v) => v.lines - u.lines || u.a.file.localeCompare(v.a.file));
}

export interface AllowEntry {
  a: string;
  b: string;
  line: number;
}

/**
 * The allow-list: one pair a line, `fileA ~ fileB`, each side a path or a glob with `*`
 * (within a folder) or `**` (across folders); every entry carries its reason in the comment
 * lines above it. `fileA ~ fileA` allows copies within one file.
 */
export function parseAllowList(text: string): AllowEntry[] {
  const out: AllowEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(\S+)\s+~\s+(\S+)$/.exec(line);
    if (!m) throw new Error(`.ci/duplicates-allowed.txt line ${i + 1}: expected "fileA ~ fileB", got "${line.slice(0, 60)}"`);
    out.push({ a: m[1], b: m[2], line: i + 1 });
  });
  return out;
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('**')
    .map((part) => part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

export function allows(entry: AllowEntry, pair: Pair): boolean {
  const ra = globToRegExp(entry.a);
  const rb = globToRegExp(entry.b);
  return (ra.test(pair.a.file) && rb.test(pair.b.file)) || (ra.test(pair.b.file) && rb.test(pair.a.file));
}

function row(p: Pair): string {
  const more = p.moreRuns > 0 ? ` (+${p.moreRuns} more run${p.moreRuns > 1 ? 's' : ''})` : '';
  return `${p.a.file}:${p.a.from}-${p.a.to} ~ ${p.b.file}:${p.b.from}-${p.b.to} ${p.lines} lines${p.same ? '' : ', same shape'}${more}`;
}

export function readTree(root: string): Map<string, CodeLine[]> {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  const files = new Map<string, CodeLine[]>();
  for (const file of listed.split('\0')) {
    if (!SOURCE.test(file) || GENERATED.has(file)) continue;
    const path = join(root, file);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      continue; // deleted in the working tree
    }
    if (size > MAX_FILE_BYTES) continue;
    files.set(relative(root, path), codeLines(readFileSync(path, 'utf8'), file));
  }
  return files;
}

function main(): void {
  const root = join(import.meta.dirname, '..');
  const all = process.argv.includes('--all');
  const pairs = findDuplicates(readTree(root));
  const allowPath = join(root, '.ci', 'duplicates-allowed.txt');
  const entries = parseAllowList(readFileSync(allowPath, 'utf8'));
  const used = new Set<AllowEntry>();
  const bad: Pair[] = [];
  for (const p of pairs) {
    const entry = entries.find((e) => allows(e, p));
    if (entry) used.add(entry);
    else bad.push(p);
  }
  if (all) for (const p of pairs) console.log(row(p));
  const stale = entries.filter((e) => !used.has(e));
  console.log(`duplicates: ${pairs.length} pairs of places sharing ${MIN_LINES}+ lines of code; ${pairs.length - bad.length} on the allow-list (${entries.length} entries)`);
  if (bad.length > 0) {
    console.log(`\n${bad.length} not on .ci/duplicates-allowed.txt — give the logic one home, or allow the copy there with the reason:`);
    for (const p of bad) console.log('  ' + row(p));
  }
  if (stale.length > 0) {
    console.log(`\n${stale.length} allow-list entr${stale.length > 1 ? 'ies match' : 'y matches'} no pair any more — remove:`);
    for (const e of stale) console.log(`  line ${e.line}: ${e.a} ~ ${e.b}`);
  }
  if (bad.length > 0 || stale.length > 0) process.exitCode = 1;
}

if (import.meta.filename === process.argv[1]) main();
