// runs.exportAs and runs.importNest through the dispatcher, with a real database in a temporary
// folder: the NEST reference example uploaded as files, exported back in every format.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NamedFile } from '../../../src-main/contract.ts';
import type { StudioServices } from '../../../src-main/services/services.ts';
import { closeServices, dispatcher, openServices, type TestServices } from './harness.ts';
import { checkNestUpload } from '../../../src-main/services/interop-files.ts';
import { referenceRoot } from '../../validate/reference.ts';

const EXAMPLE = path.join(referenceRoot(), 'example-reference-data');

let t: TestServices;
let tmp: string;
let services: StudioServices;

const { call, refusal } = dispatcher(() => services, 'ipc');

function exampleFiles(): NamedFile[] {
  return fs
    .readdirSync(EXAMPLE)
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(EXAMPLE, name))) }));
}

const text = (f: NamedFile): string => Buffer.from(f.bytes).toString('utf8');
/** The data rows of a NEST spike file (header lines dropped). */
const spikeRows = (s: string): string[] => s.split('\n').filter((l) => /^\d+\t/.test(l));

beforeAll(() => {
  t = openServices('mcs-interop-services-', { withTmp: true });
  services = t.services;
  tmp = path.join(t.dir, 'tmp');
});

afterAll(() => closeServices(t));

describe('runs.importNest and runs.exportAs', { timeout: 60_000 }, () => {
  let id: number;

  it('imports the files of a NEST output folder as a completed NEST run, leaving no temporary files', async () => {
    const run = await call('runs.importNest', { files: exampleFiles(), name: 'example from NEST' });
    id = run.id;
    expect(run).toMatchObject({ name: 'example from NEST', status: 'completed', origin: 'nest-import', engineName: 'NEST' });
    expect((await call('runs.list', {})).map((r) => r.id)).toEqual([id]);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it("exportAs 'nest' gives back NEST's files, each spike row as in the original", async () => {
    const { files } = await call('runs.exportAs', { id, format: 'nest' });
    const originals = exampleFiles();
    expect(files.map((f) => f.name)).toEqual(originals.map((f) => f.name));
    for (const o of originals.filter((f) => f.name.startsWith('spike_recorder-'))) {
      const back = files.find((f) => f.name === o.name)!;
      expect(spikeRows(text(back)), o.name).toEqual(spikeRows(text(o)));
    }
    expect(files.every((f) => f.bytes instanceof Uint8Array && f.bytes.byteLength > 0)).toBe(true);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it("exportAs 'spikes-csv' and 'rates-csv' give one CSV each, named after the run", async () => {
    const spikes = (await call('runs.exportAs', { id, format: 'spikes-csv' })).files;
    expect(spikes.map((f) => f.name)).toEqual(['example-from-NEST-spikes.csv']);
    const lines = text(spikes[0]).trim().split('\n');
    expect(lines.length - 1).toBe(20497);
    const rates = (await call('runs.exportAs', { id, format: 'rates-csv' })).files;
    expect(rates.map((f) => f.name)).toEqual(['example-from-NEST-rates.csv']);
    expect(text(rates[0]).split('\n')[0]).toMatch(/node_id/);
  });

  it("exportAs 'pynest' gives the script and its params.json", async () => {
    const { files } = await call('runs.exportAs', { id, format: 'pynest' });
    expect(files.map((f) => f.name).sort()).toEqual(['params.json', 'run_microcircuit.py']);
    expect(text(files.find((f) => f.name === 'run_microcircuit.py')!)).toMatch(/import nest/);
    expect(() => JSON.parse(text(files.find((f) => f.name === 'params.json')!))).not.toThrow();
  });

  it('a folder with one malformed line is refused naming the file and line, and nothing is stored', async () => {
    const files = exampleFiles();
    const victim = files.find((f) => f.name === 'spike_recorder-7719-0.dat')!;
    const lines = text(victim).split('\n');
    lines[5] = '12x\tnot-a-time';
    victim.bytes = new Uint8Array(Buffer.from(lines.join('\n')));
    const e = await refusal('runs.importNest', { files });
    expect(e.code).toBe('bad-request');
    expect(e.message).toMatch(/^spike_recorder-7719-0\.dat line 6: /);
    expect(await call('runs.list', {})).toHaveLength(1);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('refuses file names with folders or dots, duplicates, no files, and unknown formats', async () => {
    const one = (name: string) => ({ files: [{ name, bytes: new Uint8Array(1) }] });
    for (const bad of ['../x.dat', 'a/b.dat', 'a\\b.dat', '..', '.', 'a\u0000b'])
      expect((await refusal('runs.importNest', one(bad))).field, bad).toMatch(/^files\[0\]\.name$/);
    expect((await refusal('runs.importNest', { files: [] })).code).toBe('bad-request');
    const dup = { name: 'rate0.dat', bytes: new Uint8Array(1) };
    expect((await refusal('runs.importNest', { files: [dup, dup] })).message).toMatch(/twice/);
    expect((await refusal('runs.exportAs', { id, format: 'hdf5' })).field).toBe('format');
    expect((await refusal('runs.exportAs', { id: 999, format: 'nest' })).code).toBe('not-found');
    expect(() => checkNestUpload([{ name: 'big.dat', bytes: { byteLength: 2 ** 30 } as Uint8Array }])).toThrow(/at most/);
    expect(await call('runs.list', {})).toHaveLength(1);
  });
});
