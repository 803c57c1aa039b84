/**
 * The command-line framework (src-main/cli/framework): declarations, the parser, the usage texts,
 * the runner's exit statuses and messages, the io's escaping, bounded file reads. The commands
 * that come next (sweep, ensembles of seeds, figures, notes) are declared here as they will be, to
 * show each is one entry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  arg,
  bufferedIo,
  choice,
  command,
  decimal,
  escapeControls,
  filePath,
  flag,
  group,
  integer,
  onFile,
  option,
  optionalArg,
  optionWithDefault,
  parser,
  readBoundedFile,
  readJsonFile,
  repeatable,
  restArgs,
  runCli,
  text,
  UsageError,
  type Program,
} from '../../../src-main/cli/framework/index.ts';
import { removeDir, tempDir } from '../store/helpers.ts';

const dir = tempDir('mcs-cli-framework-');
afterAll(() => removeDir(dir));

/** `net.g=-6:-3:0.5` (a range) or `net.bg_rate=6,8,10` (a list): what `sweep --vary` will take. */
const vary = parser('PATH=VALUES', 'PATH=FROM:TO:STEP or PATH=V1,V2,...', (raw) => {
  const m = /^([\w.[\]]+)=(.+)$/.exec(raw);
  if (!m) throw new UsageError('must be PATH=FROM:TO:STEP or PATH=V1,V2,...');
  const num = decimal();
  const range = m[2].split(':');
  if (range.length === 3) {
    const [from, to, step] = range.map((x) => num.parse(x));
    if (!(step > 0) || to < from) throw new UsageError('a range FROM:TO:STEP needs FROM <= TO and STEP > 0');
    const values: number[] = [];
    for (let v = from; v <= to + 1e-9; v += step) values.push(Number(v.toFixed(12)));
    return { path: m[1], values };
  }
  return { path: m[1], values: m[2].split(',').map((x) => num.parse(x)) };
});

const calls: unknown[] = [];

const sweep = command({
  name: 'sweep',
  summary: 'run a grid of parameter sets',
  options: {
    preset: optionWithDefault(choice(['default', 'full'] as const, 'NAME'), 'default', 'the preset'),
    vary: repeatable(vary, 'one parameter and its values'),
    seeds: optionWithDefault(integer({ min: 1, max: 100 }), 1, 'seeds per parameter set'),
    out: option(filePath('DIR'), 'where to write'),
    quiet: flag('no progress', { short: 'q' }),
  },
  run({ options }) {
    expectTypeOf(options.preset).toEqualTypeOf<'default' | 'full'>();
    expectTypeOf(options.vary).toEqualTypeOf<{ path: string; values: number[] }[]>();
    expectTypeOf(options.seeds).toEqualTypeOf<number>();
    expectTypeOf(options.out).toEqualTypeOf<string | undefined>();
    expectTypeOf(options.quiet).toEqualTypeOf<boolean>();
    calls.push(options);
  },
});

const figure = command({
  name: 'figure',
  summary: 'draw a figure of a run',
  positionals: { ID: arg(integer({ min: 1 }), 'the run') },
  options: {
    kind: optionWithDefault(choice(['raster', 'boxplot', 'activity', 'spectrum', 'voltage'] as const, 'KIND'), 'raster', 'what to draw'),
    out: option(filePath(), 'the image file'),
  },
  run({ positionals, options }, ctx) {
    expectTypeOf(positionals.ID).toEqualTypeOf<number>();
    if (options.out === undefined) throw new UsageError('--out is needed: the file to write');
    ctx.io.out(`figure ${options.kind} of run ${positionals.ID} to ${options.out}`);
  },
});

const notes = group({
  name: 'notes',
  summary: "a run's notes",
  commands: [
    command({
      name: 'add',
      summary: 'add a note to a run',
      positionals: { ID: arg(integer({ min: 1 }), 'the run'), TEXT: restArgs(text(), 'the note', { min: 1 }) },
      options: {},
      run({ positionals }, ctx) {
        expectTypeOf(positionals.TEXT).toEqualTypeOf<string[]>();
        ctx.io.out(`run ${positionals.ID}: ${positionals.TEXT.join(' ')}`);
      },
    }),
    command({
      name: 'show',
      summary: "show a run's notes",
      positionals: { ID: arg(integer({ min: 1 }), 'the run'), N: optionalArg(integer({ min: 1 }), 'only the newest N') },
      options: {},
      run({ positionals }, ctx) {
        expectTypeOf(positionals.N).toEqualTypeOf<number | undefined>();
        ctx.io.out(`run ${positionals.ID}, ${positionals.N ?? 'all'}`);
        return positionals.ID === 99 ? 1 : undefined;
      },
    }),
  ],
});

class DomainError extends Error {}

const failing = command({
  name: 'fail',
  summary: 'fails in the ways a command can',
  positionals: { HOW: arg(choice(['usage', 'domain', 'bug', 'system', 'explained'] as const), 'how') },
  options: {},
  run({ positionals: { HOW: how } }) {
    if (how === 'usage') throw new UsageError('THING = "x": not a thing');
    if (how === 'domain') throw new DomainError('the run is gone');
    if (how === 'explained') throw new RangeError('out of range');
    if (how === 'system') onFile('write', '/no/such/dir/out.csv', () => fs.writeFileSync('/no/such/dir/out.csv.partial-123', 'x'));
    throw new TypeError('x is undefined');
  },
});

const PROGRAM: Program = {
  name: 'studio',
  invocation: 'studio',
  root: group({ name: 'studio', summary: 'test program', commands: [sweep, figure, notes, failing] }),
  explain: (e) => (e instanceof DomainError ? `refused: ${e.message}` : e instanceof RangeError ? new UsageError(e.message, { usage: false }) : undefined),
};

async function cli(...argv: string[]) {
  const io = bufferedIo();
  const code = await runCli(PROGRAM, argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('declarations and the parser', () => {
  it('gives run typed values: defaults, repeatable options, custom parsers, --name=value, short flags, negative values', async () => {
    calls.length = 0;
    expect((await cli('sweep', '--vary', 'net.g=-6:-3:0.5', '--vary=net.bg_rate=6,8,10', '--seeds', '3', '-q')).code).toBe(0);
    expect(calls[0]).toEqual({ preset: 'default', vary: [{ path: 'net.g', values: [-6, -5.5, -5, -4.5, -4, -3.5, -3] }, { path: 'net.bg_rate', values: [6, 8, 10] }], seeds: 3, out: undefined, quiet: true });
    expect((await cli('sweep', '--out', '-', '--preset', 'full')).code).toBe(0);
    expect(calls[1]).toMatchObject({ preset: 'full', out: '-', vary: [], seeds: 1, quiet: false });
  });

  it('positionals: required, optional, repeated; options among them; -- ends the options', async () => {
    expect((await cli('notes', 'add', '3', 'looks', '--', '--like', 'NEST')).out).toEqual(['run 3: looks --like NEST']);
    expect((await cli('notes', 'show', '3')).out).toEqual(['run 3, all']);
    expect((await cli('notes', 'show', '3', '2')).out).toEqual(['run 3, 2']);
    expect((await cli('figure', '--kind', 'spectrum', '4', '--out', 'f.png')).out).toEqual(['figure spectrum of run 4 to f.png']);
  });

  it('refuses every mistake with exit status 2, naming the option or argument, the value and what is allowed', async () => {
    const cases: [string[], string][] = [
      [['sweep', '--quiet=yes'], 'studio sweep: --quiet = "yes": takes no value; write --quiet to turn it on, or leave it out'],
      [['sweep', '--seeds', '0x10'], 'studio sweep: --seeds = "0x10": must be a whole number from 1 to 100 in decimal digits'],
      [['sweep', '--seeds', '1e2'], 'studio sweep: --seeds = "1e2": must be a whole number from 1 to 100 in decimal digits'],
      [['sweep', '--seeds'], 'studio sweep: --seeds needs a value: a whole number from 1 to 100'],
      [['sweep', '--seeds', '--quiet'], 'studio sweep: --seeds needs a value'],
      [['sweep', '--seeds', '2', '--seeds', '3'], 'studio sweep: --seeds is given more than once ("2", "3"); it takes one value'],
      [['sweep', '--vary', 'net.g=-3:-6:1'], 'studio sweep: --vary = "net.g=-3:-6:1": a range FROM:TO:STEP needs FROM <= TO and STEP > 0'],
      [['sweep', '--vary', 'net.g=1,x'], 'studio sweep: --vary = "net.g=1,x": must be a decimal number'],
      [['sweep', '--seed', '3'], 'studio sweep: unknown option --seed (did you mean --seeds?); the options of sweep are --preset, --vary, --seeds, --out, --quiet, --help'],
      [['sweep', '-x'], 'studio sweep: unknown option -x'],
      [['sweep', 'extra'], 'studio sweep: unexpected argument "extra"'],
      [['figure'], 'studio figure: missing ID'],
      [['figure', '0'], 'studio figure: ID = "0": must be a whole number >= 1 in decimal digits'],
      [['figure', '2', '--kind', 'map'], 'studio figure: --kind = "map": must be one of raster, boxplot, activity, spectrum, voltage'],
      [['figure', '2'], 'studio figure: --out is needed: the file to write'],
      [['notes', 'add', '3'], 'studio notes add: missing TEXT: at least 1 value(s)'],
      [['notes', 'remove'], 'studio notes: unknown command "remove"; the commands are add, show'],
      [['sweeep'], 'studio: unknown command "sweeep" (did you mean sweep?)'],
      [['fail', 'usage'], 'studio fail: THING = "x": not a thing'],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err[0], argv.join(' ')).toContain(message);
      expect(r.err[r.err.length - 1], argv.join(' ')).toMatch(/^See 'studio( [a-z]+)* --help'\.$/);
      expect(r.out).toEqual([]);
    }
    expect((await cli('sweep', '--seeds', '0x10')).err[1]).toBe('Usage: studio sweep [--preset NAME] [--vary PATH=VALUES]... [--seeds N] [--out DIR] [--quiet]');
  });

  it('exit statuses: 0 done, 1 the operation failed (its message; explained domain errors), 2 bad arguments', async () => {
    expect((await cli('notes', 'show', '99')).code).toBe(1);
    expect(await cli('fail', 'domain')).toEqual({ code: 1, out: [], err: ['studio fail: refused: the run is gone'] });
    expect(await cli('fail', 'bug')).toEqual({ code: 1, out: [], err: ['studio fail: x is undefined'] });
    expect(await cli('fail', 'explained')).toEqual({ code: 2, out: [], err: ['studio fail: out of range'] });
    // A system error names the user's file, never the temporary one written through.
    expect(await cli('fail', 'system')).toEqual({ code: 1, out: [], err: ['studio fail: cannot write "/no/such/dir/out.csv": no such file or folder (ENOENT)'] });
  });

  it('refuses malformed declarations when they are made', () => {
    expect(() => command({ name: 'x', summary: 's', options: { help: flag('h') }, run() {} })).toThrow(/reserved/);
    expect(() =>
      command({ name: 'x', summary: 's', options: {}, positionals: { A: optionalArg(text(), 'a'), B: arg(text(), 'b') }, run() {} }),
    ).toThrow(/required positionals come first/);
  });
});

describe('the signal', () => {
  it('is taken (Ctrl-C handled) only by commands that read it', async () => {
    let taken = 0;
    const signal = () => {
      taken++;
      return new AbortController().signal;
    };
    const watcher = command({ name: 'watch', summary: 's', options: {}, run: (_, ctx) => void ctx.signal.aborted });
    const program = (root: typeof watcher): Program => ({ name: 'p', invocation: 'p', root });
    expect(await runCli(program(figure), ['1', '--out', 'x.png'], bufferedIo(), signal)).toBe(0);
    expect(taken).toBe(0);
    expect(await runCli(program(watcher), [], bufferedIo(), signal)).toBe(0);
    expect(taken).toBe(1);
  });
});

describe('help', () => {
  it('a group lists its commands (stdout, exit 0); without a command the list goes to stderr with exit 2', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.out[0]).toBe('Usage: studio COMMAND [arguments] [options]');
    expect(help.out).toContain('  sweep   run a grid of parameter sets');
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.err[0]).toBe('Usage: studio COMMAND [arguments] [options]');
  });

  it('a command: its arguments and options, defaults and repeatable ones marked; help PATH, --help and -h anywhere agree', async () => {
    const h = await cli('help', 'sweep');
    expect(h.code).toBe(0);
    expect(h.out).toEqual([
      'Usage: studio sweep [options]',
      '',
      'Run a grid of parameter sets.',
      '',
      'Options:',
      '  --preset NAME         the preset (default: default)',
      '  --vary PATH=VALUES    one parameter and its values (repeatable)',
      '  --seeds N             seeds per parameter set (default: 1)',
      '  --out DIR             where to write',
      '  -q, --quiet           no progress',
      '  -h, --help            show this help',
    ]);
    expect((await cli('sweep', '--seeds', 'nonsense', '-h')).out).toEqual(h.out);
    const nested = await cli('help', 'notes', 'add');
    expect(nested.out.slice(0, 6)).toEqual(['Usage: studio notes add ID [TEXT]... [options]', '', 'Add a note to a run.', '', 'Arguments:', '  ID                    the run']);
    expect((await cli('notes', 'add', '--help')).out).toEqual(nested.out);
    expect((await cli('help', 'nope')).code).toBe(2);
  });
});

describe('io', () => {
  it('escapes control characters (ESC, BEL, CR, DEL, C1, bidi overrides) but keeps tabs and newlines', () => {
    expect(escapeControls('a\x1b[31mred\x07\r\n\tb\x7f\x9b\u202e')).toBe('a\\u001b[31mred\\u0007\\u000d\n\tb\\u007f\\u009b\\u202e');
    expect(escapeControls('µs, ünïcode, 日本')).toBe('µs, ünïcode, 日本');
  });

  it('keeps JSON output valid and equal: the escapes are JSON\'s own', () => {
    const record = { name: 'run \u0085 with a C1 control and a \u202e bidi override', tags: ['a\tb'] };
    expect(JSON.parse(escapeControls(JSON.stringify(record, null, 2)))).toEqual(record);
  });
});

describe('bounded file reads', () => {
  it.runIf(process.platform === 'linux')('reads files whose size the system reports as 0 (/proc), still within the bound', () => {
    expect(readBoundedFile('/proc/self/status', 2 ** 20, 'a file').toString('utf8')).toMatch(/^Name:/);
    expect(() => readBoundedFile('/proc/self/status', 16, 'a file')).toThrow('the file has more than 16 B; a file has at most 16 B');
  });


  it('reads JSON with or without a byte order mark; refuses big files, folders and bad encodings, naming the bound', () => {
    const f = path.join(dir, 'p.json');
    fs.writeFileSync(f, '\ufeff{"a": 1}');
    expect(readJsonFile(f, 100, 'a parameter file')).toEqual({ a: 1 });
    fs.writeFileSync(f, '{"a": 2}');
    expect(readJsonFile(f, 100, 'a parameter file')).toEqual({ a: 2 });
    expect(() => readBoundedFile(f, 4, 'a parameter file')).toThrow('the file has 8 B; a parameter file has at most 4 B');
    expect(() => readBoundedFile(dir, 100, 'a parameter file')).toThrow('not a regular file (a folder)');
    expect(() => readBoundedFile(path.join(dir, 'none'), 100, 'x')).toThrow('cannot read the file: no such file or folder (ENOENT)');
    const big = path.join(dir, 'big.json');
    fs.writeFileSync(big, `"${'x'.repeat(3 * 2 ** 20)}"`);
    expect((readJsonFile(big, 4 * 2 ** 20, 'a parameter file') as string).length).toBe(3 * 2 ** 20);
    expect(() => readBoundedFile(big, 2 ** 20, 'a parameter file')).toThrow('the file has 3 MiB; a parameter file has at most 1 MiB');
    fs.writeFileSync(f, Buffer.from([0x22, 0xc3, 0x28, 0x22]));
    expect(() => readJsonFile(f, 100, 'a parameter file')).toThrow('not UTF-8 text');
  });
});
