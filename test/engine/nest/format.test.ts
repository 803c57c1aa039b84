import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decimalDigits, formatNumpyE18, formatTimeMs, spikeFileName, thousandthsOf } from '../../../engine/nest/format.ts';
import { parseRateFile } from '../../../engine/nest/spike-file.ts';
import { referenceRoot } from '../../validate/reference.ts';

interface FormatFixture {
  e18: [string, string][];
  fixed3: [string, string][];
}
const fx = JSON.parse(readFileSync(new URL('./fixtures/number-format.json', import.meta.url), 'utf8')) as FormatFixture;

function num(repr: string): number {
  if (repr === 'nan') return NaN;
  if (repr === 'inf') return Infinity;
  if (repr === '-inf') return -Infinity;
  return Number(repr);
}

describe("numpy.savetxt '%.18e'", () => {
  it('hand-checked values', () => {
    expect(formatNumpyE18(3)).toBe('3.000000000000000000e+00');
    expect(formatNumpyE18(0)).toBe('0.000000000000000000e+00');
    expect(formatNumpyE18(-0)).toBe('-0.000000000000000000e+00');
    expect(formatNumpyE18(0.1)).toBe('1.000000000000000056e-01');
    expect(formatNumpyE18(1e100)).toBe('1.000000000000000016e+100');
    expect(formatNumpyE18(NaN)).toBe('nan');
    // 2^-28 = 3.7252902984619140625e-09 has 20 significant digits ending in 5: a tie, rounded to even.
    expect(formatNumpyE18(2 ** -28)).toBe('3.725290298461914062e-09');
  });

  it(`equals Python's '%.18e' on ${fx.e18.length} doubles (ties, subnormals, extremes, random)`, () => {
    const bad = fx.e18.filter(([v, want]) => formatNumpyE18(num(v)) !== want);
    expect(bad).toEqual([]);
  });

  it("parsing then formatting the reference rate files reproduces their bytes", () => {
    const root = referenceRoot();
    let files = 0;
    for (const run of ['example-reference-data', 'default_N0.1_K0.1_t1_s1']) {
      for (const f of readdirSync(join(root, run)).filter((n) => /^rate\d+\.dat$/.test(n))) {
        const text = readFileSync(join(root, run, f), 'utf8');
        const rates = parseRateFile(text, f);
        expect(Array.from(rates, (r) => `${formatNumpyE18(r)}\n`).join(''), `${run}/${f}`).toBe(text);
        files++;
      }
    }
    expect(files).toBe(16);
  });
});

describe('spike times as printf("%.3f")', () => {
  it('hand-checked values', () => {
    expect(formatTimeMs(503.5)).toBe('503.500');
    expect(formatTimeMs(500.1)).toBe('500.100');
    expect(formatTimeMs(0.0625)).toBe('0.062'); // exact tie -> even
    expect(formatTimeMs(0.1875)).toBe('0.188'); // exact tie -> even
    expect(formatTimeMs(0.0005)).toBe('0.001'); // 0.0005 is a hair above its decimal: not a tie
    expect(thousandthsOf(1500)).toBe(1500000);
  });

  it(`equals C's '%.3f' on ${fx.fixed3.length} times`, () => {
    const bad = fx.fixed3.filter(([v, want]) => formatTimeMs(Number(v)) !== want);
    expect(bad).toEqual([]);
  });
});

describe('NEST file names', () => {
  it('pads the id to the digits of the node count and the vp to the digits of the VP count', () => {
    expect(spikeFileName(7718, 0, 7733, 1)).toBe('spike_recorder-7718-0.dat');
    expect(spikeFileName(77170, 3, 77185, 4)).toBe('spike_recorder-77170-3.dat');
    expect(spikeFileName(12, 3, 1500, 16)).toBe('spike_recorder-0012-03.dat');
    expect(spikeFileName(5, 0, 10, 10, 'voltmeter')).toBe('voltmeter-05-00.dat');
    expect(decimalDigits(999)).toBe(3);
    expect(decimalDigits(1000)).toBe(4);
    expect(() => spikeFileName(11, 0, 10, 1)).toThrow(RangeError);
  });
});
