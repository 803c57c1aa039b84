import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { neuronRatesHz, groupByNeuron } from '../../../engine/analysis/index.ts';
import {
  listRecorderFiles,
  NestSpikeWriter,
  OUR_VERSION_STRING,
  readNestOutputFolder,
  readNestOutputFolderSync,
  readSpikeFile,
  readSpikeFileSync,
  writePopulationNodeIdsSync,
  writeRateFileSync,
} from '../../../engine/nest/index.ts';
import { referenceRunDir } from '../../validate/reference.ts';
import { spreadSpikes } from '../analysis/synthetic.ts';

const OUT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test-output');
mkdirSync(OUT_ROOT, { recursive: true });
const tmp = mkdtempSync(join(OUT_ROOT, 'nest-io-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('reading the NEST reference folders', () => {
  it('example-reference-data: 8 plain recorders, header, node ids, rates', () => {
    const f = readNestOutputFolderSync(referenceRunDir('example-reference-data'));
    expect(f.populations.map((p) => p.name)).toEqual(['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I']);
    expect(f.populations.map((p) => p.recorderId)).toEqual([7718, 7719, 7720, 7721, 7722, 7723, 7724, 7725]);
    expect(f.nestVersion).toBe('master@7c40d9e9a');
    expect(f.populations[0]).toMatchObject({ firstId: 1, lastId: 2068, files: ['spike_recorder-7718-0.dat'] });
    expect(f.populations[7].lastId).toBe(7717);
    expect(f.populations.reduce((a, p) => a + p.senders.length, 0)).toBe(20497);
    expect(f.populations[2].ratesHz?.length).toBe(2192);
    expect(f.params).toBeNull();
  });

  it('a gzip-compressed folder reads the same as the plain one (s55 reproduces the shipped spikes)', async () => {
    const plain = readNestOutputFolderSync(referenceRunDir('example-reference-data'));
    const gz = await readNestOutputFolder(referenceRunDir('default_N0.1_K0.1_t1_s55'));
    expect(gz.nestVersion).toBe('3.10.0-post0.dev0');
    gz.populations.forEach((p, i) => {
      expect(p.files[0]).toMatch(/\.dat\.gz$/);
      expect(Array.from(p.senders)).toEqual(Array.from(plain.populations[i].senders));
      expect(Array.from(p.timesMs)).toEqual(Array.from(plain.populations[i].timesMs));
    });
  });

  it('full scale: one recorder has 4 VP files; one gzip file streams', async () => {
    const dir = referenceRunDir('full_N1_K1_t4_s55');
    const groups = listRecorderFiles(dir);
    expect([...groups.keys()]).toEqual([77170, 77171, 77172, 77173, 77174, 77175, 77176, 77177]);
    expect(groups.get(77175)?.map((g) => g.vp)).toEqual([0, 1, 2, 3]);
    const streamed = await readSpikeFile(join(dir, 'spike_recorder-77175-2.dat.gz'), { senderRange: { firstId: 58762, lastId: 59826 } });
    const blocking = readSpikeFileSync(join(dir, 'spike_recorder-77175-2.dat.gz'));
    expect(streamed.senders.length).toBeGreaterThan(1000);
    expect(Array.from(streamed.timesMs)).toEqual(Array.from(blocking.timesMs));
    expect(streamed.header.backendVersion).toBe(2);
  });

  it('folder problems name the folder or file', () => {
    const d = join(tmp, 'broken');
    writePopulationNodeIdsSync(d, [
      { firstId: 1, lastId: 3 },
      { firstId: 4, lastId: 6 },
    ]);
    writeFileSync(join(d, 'spike_recorder-7-0.dat'), 'sender\ttime_ms\n1\t1.0\n');
    expect(() => readNestOutputFolderSync(d)).toThrow(/broken: 1 spike recorders \(7\) for 2 populations/);
    writeFileSync(join(d, 'spike_recorder-8-0.dat'), 'sender\ttime_ms\n1\t1.0\n');
    expect(() => readNestOutputFolderSync(d)).toThrow("spike_recorder-8-0.dat line 2: sender 1 is outside the population's node ids 4..6");
    writeFileSync(join(d, 'spike_recorder-8-0.dat'), 'sender\ttime_ms\n5\t1.0\n');
    writeFileSync(join(d, 'spike_recorder-8-1.dat'), gzipSync('5\t2.0\n'));
    expect(() => readNestOutputFolderSync(d)).toThrow(/recorder 8 has 2 VP files, recorder 7 has 1/);
  });
});

describe('writing NEST files', () => {
  it("reproduces NEST's own spike and rate files byte for byte", () => {
    const src = readNestOutputFolderSync(referenceRunDir('example-reference-data'));
    const out = join(tmp, 'copy');
    const w = NestSpikeWriter.openSync({
      dir: out,
      populations: src.populations,
      recorderIds: src.populations.map((p) => p.recorderId),
      totalNodes: 7733,
      versionString: 'master@7c40d9e9a',
    });
    // Feed the spikes of all populations interleaved, in chunks, as an engine would.
    for (const p of src.populations) {
      for (let a = 0; a < p.senders.length; a += 1000) w.writeMsSync(p.senders.subarray(a, a + 1000), p.timesMs.subarray(a, a + 1000));
    }
    w.closeSync();
    const refDir = referenceRunDir('example-reference-data');
    expect(readFileSync(join(out, 'population_nodeids.dat'), 'utf8')).toBe(readFileSync(join(refDir, 'population_nodeids.dat'), 'utf8'));
    for (const f of w.files) expect(readFileSync(join(out, f)).equals(readFileSync(join(refDir, f))), f).toBe(true);
    src.populations.forEach((p, i) => {
      const rates = neuronRatesHz(groupByNeuron(p, { t0Ms: 500, t1Ms: 1500 }), { t0Ms: 500, t1Ms: 1500 });
      writeRateFileSync(join(out, `rate${i}.dat`), rates);
      expect(readFileSync(join(out, `rate${i}.dat`)).equals(readFileSync(join(refDir, `rate${i}.dat`))), `rate${i}.dat`).toBe(true);
    });
  });

  it('round trip: engine steps -> files -> reader gives the same spikes', () => {
    const pops = [
      { name: 'A', firstId: 1, lastId: 1000 },
      { name: 'B', firstId: 1001, lastId: 1200 },
    ];
    const n = 50_000;
    const { senders, steps } = spreadSpikes(n, 1200, 5001, 5);
    const dir = join(tmp, 'ours');
    const w = NestSpikeWriter.openSync({ dir, populations: pops, totalNodes: 1216 });
    w.writeStepsSync(senders.subarray(0, 20_000), steps.subarray(0, 20_000), 0.1);
    w.writeStepsSync(senders.subarray(20_000), steps.subarray(20_000), 0.1);
    w.closeSync();
    expect(w.files).toEqual(['spike_recorder-1201-0.dat', 'spike_recorder-1202-0.dat']);
    const text = readFileSync(join(dir, 'spike_recorder-1201-0.dat'), 'utf8');
    expect(text.startsWith(`# NEST version: ${OUR_VERSION_STRING}\n# RecordingBackendASCII version: 2\nsender\ttime_ms\n1\t500.100\n`)).toBe(true);
    const back = readNestOutputFolderSync(dir, { names: ['A', 'B'] });
    expect(back.nestVersion).toBe(OUR_VERSION_STRING);
    const wantA = { s: [] as number[], t: [] as number[] };
    for (let i = 0; i < n; i++) {
      if (senders[i] <= 1000) {
        wantA.s.push(senders[i]);
        wantA.t.push(steps[i] / 10);
      }
    }
    expect(Array.from(back.populations[0].senders)).toEqual(wantA.s);
    expect(Array.from(back.populations[0].timesMs)).toEqual(wantA.t);
    expect(back.populations[0].senders.length + back.populations[1].senders.length).toBe(n);
    expect(readdirSync(dir).sort()).toEqual(['population_nodeids.dat', 'spike_recorder-1201-0.dat', 'spike_recorder-1202-0.dat']);
  });

  it('refuses spikes of unknown senders and bad resolutions', () => {
    const w = NestSpikeWriter.openSync({ dir: join(tmp, 'bad'), populations: [{ firstId: 1, lastId: 2 }] });
    expect(() => w.writeMsSync(Uint32Array.of(3), Float64Array.of(1))).toThrow(/sender 3 belongs to no population/);
    expect(() => w.writeStepsSync(Uint32Array.of(1), Uint32Array.of(1), 0.00005)).toThrow(/multiple of 0.001/);
    w.closeSync();
    expect(() => w.writeMsSync(Uint32Array.of(1), Float64Array.of(1))).toThrow(/closed/);
  });
});
