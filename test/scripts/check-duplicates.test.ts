import { describe, expect, it } from 'vitest';
import { allows, codeLines, findDuplicates, parseAllowList, shapeOf, type CodeLine } from '../../scripts/check-duplicates.ts';

const body = (names: [string, string, string]): string =>
  [
    `export function ${names[0]}(values: Float64Array, scale: number): number {`,
    `  let total = 0;`,
    `  for (let i = 0; i < values.length; i++) total += values[i] * scale;`,
    `  const ${names[1]} = total / Math.max(1, values.length);`,
    `  if (${names[1]} > 1e6) throw new Error('too large: ' + ${names[1]});`,
    `  const ${names[2]} = Math.sqrt(${names[1]} * scale + total);`,
    `  return ${names[2]} + ${names[1]} * 2 - total / scale;`,
    `}`,
  ].join('\n');

function tree(files: Record<string, string>): Map<string, CodeLine[]> {
  return new Map(Object.entries(files).map(([path, text]) => [path, codeLines(text, path)]));
}

describe('check-duplicates', () => {
  it('finds a copy to the letter and a renamed copy (same shape), but not distinct code', () => {
    const pairs = findDuplicates(
      tree({
        'a.ts': body(['meanOf', 'avg', 'root']),
        'b.ts': '// a copy\n' + body(['meanOf', 'avg', 'root']),
        'c.ts': body(['other', 'm', 'r']),
        'd.ts': 'export const x = 1;\nexport const y = "two";\n',
      }),
    );
    const ab = pairs.find((p) => p.a.file === 'a.ts' && p.b.file === 'b.ts');
    expect(ab).toMatchObject({ same: true, a: { from: 1 }, b: { from: 2 } });
    expect(ab!.lines).toBeGreaterThanOrEqual(6);
    const ac = pairs.find((p) => p.a.file === 'a.ts' && p.b.file === 'c.ts');
    expect(ac?.same).toBe(false);
    expect(pairs.some((p) => p.a.file === 'd.ts' || p.b.file === 'd.ts')).toBe(false);
  });

  it('does not count comments, blank lines or thin lines (braces, break)', () => {
    const prose = Array.from({ length: 10 }, (_, i) => `// the same comment line ${i} about total and scale`).join('\n');
    const thin = Array.from({ length: 10 }, () => '}\n  break;\n});').join('\n');
    expect(findDuplicates(tree({ 'a.ts': prose + '\n' + thin, 'b.ts': prose + '\n\n' + thin }))).toEqual([]);
    expect(codeLines('/* one\n two */\nconst a = b + c;\n', 'x.ts').map((l) => l.n)).toEqual([3]);
    expect(codeLines('# comment\nx = y + z\n', 'x.py').map((l) => l.text)).toEqual(['x = y + z']);
    expect(codeLines('"""Docs,\nmore docs.\n"""\nx = y + z\n"""One line."""\n', 'x.py').map((l) => l.n)).toEqual([4]);
    // import lines say what a file uses: thin
    const imports = "import { a, b } from './x.ts';\n} from '../y.ts';\nfrom numpy import fft\nconst c = a + b;";
    expect(codeLines(imports, 'x.ts').map((l) => l.thin)).toEqual([true, true, true, false]);
  });

  it('matches tables (rows of one shape: matrices, field lists, assertion columns) only to the letter', () => {
    const table = (rows: [string, number][]): string => ['export const FIELDS = [', ...rows.map(([k, v]) => `  field('${k}', 'number', ${v}, 'ms'),`), '];'].join('\n');
    const a = table([['t_sim', 1000], ['t_presim', 500], ['dt', 0.1], ['seed', 55], ['threads', 4], ['warmup', 10], ['delay', 1.5]]);
    const b = table([['bg_rate', 8], ['g', -4], ['K', 0.1], ['N', 0.1], ['w', 87.8], ['th', 902], ['sd', 0.1]]);
    expect(codeLines(a, 'a.ts').filter((l) => l.row)).toHaveLength(7);
    // the same form with other values: two tables, not a copy
    expect(findDuplicates(tree({ 'a.ts': a, 'b.ts': b }))).toEqual([]);
    // the same table written twice is a copy
    const copied = findDuplicates(tree({ 'a.ts': a, 'c.ts': '// again\n' + a }));
    expect(copied).toHaveLength(1);
    expect(copied[0].same).toBe(true);
    expect(copied[0].lines).toBeGreaterThanOrEqual(7);
    // logic with a few same-shape neighbours still matches by shape
    const renamed = findDuplicates(tree({ 'a.ts': body(['meanOf', 'avg', 'root']), 'b.ts': body(['f', 'm', 'r']).replace('let total = 0;', 'let total = 0;\n  let spare = 0;') }));
    expect(renamed.some((p) => p.a.file === 'a.ts' && p.b.file === 'b.ts')).toBe(true);
  });

  it('shapes lines: names, strings and numbers abstracted, keywords kept', () => {
    expect(shapeOf(`const rateHz = spikes / 1.5 + 'x';`).shape).toBe('const I =I /N +S ;');
    expect(shapeOf(`let v: number = f(a, b);`).values).toBe(4);
  });

  it('allows pairs by path or glob, in either order, and rejects a malformed entry', () => {
    const entries = parseAllowList('# why: a hot loop\nengine/sim/*.ts ~ engine/network/**\n');
    const pair = { a: { file: 'engine/network/x/gen.ts', from: 1, to: 6 }, b: { file: 'engine/sim/poisson.ts', from: 1, to: 6 }, lines: 6, same: true, moreRuns: 0 };
    expect(allows(entries[0], pair)).toBe(true);
    expect(allows(entries[0], { ...pair, b: { ...pair.b, file: 'engine/sim/deep/poisson.ts' } })).toBe(false);
    expect(() => parseAllowList('a.ts b.ts\n')).toThrow(/line 1: expected "fileA ~ fileB"/);
  });
});
