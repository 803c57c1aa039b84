// NEST folders as an attacker or a second click would send them (issue 13 items 4 and 9): a gzip
// file that decompresses without limit is refused once it passes the budget of text an import
// reads (the file named, nothing stored), and the same folder imported twice is refused the second
// time, naming the run it already is.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importNestFolderSync, NestImportError } from '../../../src-main/interop/nest-import.ts';
import { readNestFolderSync } from '../../../src-main/interop/nest-folder.ts';
import { RunStoreError } from '../../../src-main/store/errors.ts';
import type { RunStore } from '../../../src-main/store/run-store.ts';
import { referenceRunDir } from '../../validate/reference.ts';
import { dbFingerprint } from '../store/helpers.ts';
import { copyFolder, closeStoreDir, storeInTempDir } from './helpers.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const EXAMPLE = referenceRunDir('example-reference-data');
let dir: string;
let store: RunStore;

beforeAll(() => {
  ({ dir, store } = storeInTempDir('mcs-nest-hostile-'));
});
afterAll(() => closeStoreDir(store, dir));

/** A copy of the example whose first spike file is `bytes` (gzip data when `gz`). */
function withSpikeFile(name: string, bytes: Uint8Array, gz: boolean): string {
  const folder = copyFolder(EXAMPLE, path.join(dir, name), (f) => f === 'spike_recorder-7718-0.dat');
  fs.writeFileSync(path.join(folder, `spike_recorder-7718-0.dat${gz ? '.gz' : ''}`), bytes);
  return folder;
}

/** NEST's header, then `rows` spikes of neuron `sender`: a spike file that is valid however long it is. */
function longSpikeFile(rows: number, sender: number): Buffer {
  const row = Buffer.from(`${sender}\t0.100\n`);
  return Buffer.concat([Buffer.from('# NEST version: 3.10\n# RecordingBackendASCII version: 2\nsender\ttime_ms\n'), Buffer.alloc(rows * row.length, row)]);
}

describe('a gzip bomb in a NEST folder', () => {
  it('is refused once its text passes the budget, naming the file, before it is all decompressed', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 2 ** 20, 0x30)); // 64 MiB of '0' in about 64 KiB
    expect(bomb.length).toBeLessThan(200_000);
    const folder = withSpikeFile('bomb', bomb, true);
    const before = process.memoryUsage().arrayBuffers;
    let error: unknown;
    try {
      readNestFolderSync(folder, { maxTextBytes: 2 ** 20 });
    } catch (e) {
      error = e;
    }
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 2 ** 20);
    expect(error).toBeInstanceOf(NestImportError);
    expect((error as NestImportError).file).toBe(path.join(folder, 'spike_recorder-7718-0.dat.gz'));
    expect((error as NestImportError).detail).toMatch(/decompresses to more than 1048576 bytes: the spike files of one import hold at most 1048576 bytes of text/);
  });

  it('the budget covers all the files together, compressed or not', () => {
    const folder = withSpikeFile('two-large', longSpikeFile(100_000, 1), false); // 800 KB of text
    fs.writeFileSync(path.join(folder, 'spike_recorder-7719-0.dat.gz'), gzipSync(longSpikeFile(100_000, 2069))); // L23I's first neuron
    fs.rmSync(path.join(folder, 'spike_recorder-7719-0.dat'));
    expect(() => readNestFolderSync(folder, { maxTextBytes: 2 ** 20 })).toThrow(/spike_recorder-7719-0\.dat\.gz: decompresses to more than \d+ bytes/);
    expect(readNestFolderSync(folder, { maxTextBytes: 4 * 2 ** 20 }).recorders[1].files[0].senders.length).toBe(100_000);
  });
});

describe('the same NEST folder imported twice', () => {
  it('is refused the second time, naming the run it already is; the store is unchanged', () => {
    const folder = copyFolder(EXAMPLE, path.join(dir, 'twice'));
    const first = importNestFolderSync(store, folder, { name: 'first import' });
    const before = dbFingerprint(store);
    let error: unknown;
    try {
      importNestFolderSync(store, folder, { name: 'second import' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RunStoreError);
    expect((error as RunStoreError).code).toBe('duplicate-run');
    expect((error as Error).message).toMatch(new RegExp(`this NEST output is already in the database as run ${first.run.id} \\("first import", imported \\d{4}-`));
    expect((error as Error).message).toMatch(/To import it again, delete that run; to import it with other parameters, give a parameter file/);
    expect(dbFingerprint(store)).toBe(before);
    // A copy elsewhere is the same output; a parameter file makes it another run (deliberately).
    const copy = copyFolder(folder, path.join(dir, 'twice-copy'));
    expect(() => importNestFolderSync(store, copy)).toThrow(/already in the database as run/);
    fs.writeFileSync(path.join(copy, 'params.json'), JSON.stringify({ net: { N_scaling: 0.1 }, sim: { t_presim: 500, t_sim: 1000 } }));
    const again = importNestFolderSync(store, copy, { name: 'with its parameters' });
    expect(again.run.id).not.toBe(first.run.id);
    expect(again.paramsSource).not.toBe('inferred');
  });
});
