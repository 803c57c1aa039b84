import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  csvField,
  parseRatesCsv,
  parseSpikeCsv,
  RATE_CSV_HEADER,
  readRatesCsvSync,
  readSpikeCsvSync,
  SPIKE_CSV_HEADER,
  SpikeCsvWriter,
  splitCsvLine,
  writeRatesCsvSync,
} from '../../../engine/nest/csv.ts';
import { SpikeFileError } from '../../../engine/nest/spike-file.ts';
import { spreadSpikes } from '../analysis/synthetic.ts';

// Each case reads reference data, spawns processes or fills a store: generous limits on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const OUT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-output');
mkdirSync(OUT_ROOT, { recursive: true });
const tmp = mkdtempSync(join(OUT_ROOT, 'csv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const POPS = [
  { name: 'L23E', firstId: 1, lastId: 10 },
  { name: 'L23I', firstId: 11, lastId: 14 },
  { name: 'odd, "name"', firstId: 15, lastId: 20 },
];

describe('spike CSV', () => {
  it('writes the header and one row per spike; reads back the same spikes (steps and ms)', () => {
    const file = join(tmp, 'spikes.csv');
    const w = SpikeCsvWriter.openSync(file, POPS);
    w.writeStepsSync(Uint32Array.of(3, 12, 20, 1), Uint32Array.of(5001, 5001, 5002, 14999), 0.1);
    w.writeMsSync(Uint32Array.of(15), Float64Array.of(1499.9999));
    w.closeSync();
    w.closeSync();
    expect(w.rows).toBe(5);
    expect(readFileSync(file, 'utf8')).toBe(
      `${SPIKE_CSV_HEADER}\n3,500.100,L23E\n12,500.100,L23I\n20,500.200,"odd, ""name"""\n1,1499.900,L23E\n15,1500.000,"odd, ""name"""\n`,
    );
    const back = readSpikeCsvSync(file);
    expect(Array.from(back.senders)).toEqual([3, 12, 20, 1, 15]);
    expect(Array.from(back.timesMs)).toEqual([500.1, 500.1, 500.2, 1499.9, 1500]);
    expect(back.populations).toEqual(['L23E', 'L23I', 'odd, "name"', 'L23E', 'odd, "name"']);
  });

  it('streams half a million rows through a fixed buffer (round trip of every value)', () => {
    const file = join(tmp, 'big.csv');
    const n = 500_000;
    const { senders, steps } = spreadSpikes(n, 20, 1, 3);
    const w = SpikeCsvWriter.openSync(file, POPS);
    for (let k = 0; k < n; k += 100_000) w.writeStepsSync(senders.subarray(k, k + 100_000), steps.subarray(k, k + 100_000), 0.025);
    w.closeSync();
    expect(statSync(file).size).toBeGreaterThan(n * 10);
    const back = readSpikeCsvSync(file);
    let bad = 0;
    for (let i = 0; i < n; i++) if (back.senders[i] !== senders[i] || back.timesMs[i] !== Number((steps[i] * 0.025).toFixed(3))) bad++;
    expect(back.senders.length).toBe(n);
    expect(bad).toBe(0);
  });

  it('refuses a sender outside every population and a resolution off the 0.001 ms grid', () => {
    const w = SpikeCsvWriter.openSync(join(tmp, 'bad.csv'), POPS);
    expect(() => w.writeStepsSync(Uint32Array.of(21), Uint32Array.of(1), 0.1)).toThrow(/sender 21 belongs to no population/);
    expect(() => w.writeStepsSync(Uint32Array.of(1), Uint32Array.of(1), 0.0001)).toThrow(/not a multiple of 0.001 ms/);
    w.closeSync();
    expect(() => w.writeMsSync(Uint32Array.of(1), Float64Array.of(1))).toThrow(/closed/);
    expect(() => SpikeCsvWriter.openSync(join(tmp, 'x.csv'), [POPS[0], { name: 'B', firstId: 5, lastId: 30 }])).toThrow(/overlap/);
  });

  it('parse errors name the file and line', () => {
    const text = `${SPIKE_CSV_HEADER}\n1,500.100,L23E\n2;500.2;L23E\n`;
    expect(() => parseSpikeCsv(text, 'x.csv')).toThrow(new SpikeFileError('x.csv', 3, 'expected "<sender>,<time_ms>,<population>", got "2;500.2;L23E"'));
    expect(() => parseSpikeCsv('sender,time\n', 'y.csv')).toThrow(/y\.csv line 1: expected the header/);
  });
});

describe('rates CSV', () => {
  it('writes node_id,population,rate_hz for every neuron in node-id order and reads back the same doubles', () => {
    const file = join(tmp, 'rates.csv');
    const rates = [Float64Array.of(0, 1, 3.3333333333333335, 1e-7, 0.1 + 0.2), Float64Array.of(2.5)];
    const rows = writeRatesCsvSync(file, [
      { name: 'L23E', firstId: 1, ratesHz: rates[0] },
      { name: 'a,b', firstId: 6, ratesHz: rates[1] },
    ]);
    expect(rows).toBe(6);
    expect(readFileSync(file, 'utf8')).toBe(
      `${RATE_CSV_HEADER}\n1,L23E,0\n2,L23E,1\n3,L23E,3.3333333333333335\n4,L23E,1e-7\n5,L23E,0.30000000000000004\n6,"a,b",2.5\n`,
    );
    const back = readRatesCsvSync(file);
    expect(Array.from(back.nodeIds)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(back.ratesHz).toEqual(Float64Array.from([...rates[0], ...rates[1]]));
    expect(back.populations).toEqual(['L23E', 'L23E', 'L23E', 'L23E', 'L23E', 'a,b']);
  });

  it('parse errors name the file and line', () => {
    writeFileSync(join(tmp, 'r.csv'), `${RATE_CSV_HEADER}\n1,L23E,0.5\n2,L23E,abc\n`);
    expect(() => readRatesCsvSync(join(tmp, 'r.csv'))).toThrow('r.csv line 3: expected "<node_id>,<population>,<rate_hz>", got "2,L23E,abc"');
    expect(() => parseRatesCsv(`${RATE_CSV_HEADER}\n1,,0.5\n`, 'q.csv')).toThrow(/q\.csv line 2/);
  });
});

describe('CSV fields', () => {
  it.each([
    ['L23E', 'L23E'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    [' padded', '" padded"'],
  ])('%j is written as %j and split back', (raw, written) => {
    expect(csvField(raw)).toBe(written);
    expect(splitCsvLine(`1,${written},2`)).toEqual(['1', raw, '2']);
  });

  it('an unterminated quote is not a line', () => {
    expect(splitCsvLine('1,"abc')).toBeNull();
    expect(splitCsvLine('1,"a"b')).toBeNull();
  });
});
