// The zip writer of the multi-file exports: read back by our reader and, where Python is at hand,
// checked by Python's zipfile (an independent implementation).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipArchive } from '../../../src-main/interop/zip.ts';
import { removeDir, tempDir } from '../store/helpers.ts';
import { readZip } from './zip-reader.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('zipArchive', () => {
  const entries = [
    { name: 'nest/population_nodeids.dat', bytes: text('1 2068\n2069 2651\n'.repeat(50)) },
    { name: 'csv/rates.csv', bytes: text('node_id,population,rate_hz\n') },
    { name: 'empty.txt', bytes: new Uint8Array(0) },
    { name: 'noise.bin', bytes: Uint8Array.from({ length: 3000 }, (_, i) => (i * 2654435761) >>> 24) },
    { name: 'µ-ünïcode.txt', bytes: text('ok') },
  ];

  it('holds every entry, deflated where that is smaller, in order, byte for byte', () => {
    const got = readZip(zipArchive(entries));
    expect(got.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    got.forEach((e, i) => expect(Buffer.from(e.bytes).equals(Buffer.from(entries[i].bytes)), e.name).toBe(true));
    expect(got[0].method).toBe(8);
    expect(got[2].method).toBe(0);
  });

  it('is a valid archive for another implementation (Python zipfile, where available)', () => {
    const py = spawnSync('python3', ['--version']);
    if (py.status !== 0) return;
    const dir = tempDir('mcs-zip-');
    try {
      const file = path.join(dir, 'a.zip');
      fs.writeFileSync(file, zipArchive(entries));
      const r = spawnSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print("|".join(i.filename + ":" + str(i.file_size) for i in z.infolist()))', file], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe(entries.map((e) => `${e.name}:${e.bytes.length}`).join('|'));
    } finally {
      removeDir(dir);
    }
  });

  it('refuses names that would escape the archive, and duplicates', () => {
    for (const name of ['/abs', '../up', 'a/../b', 'a\\b', '', 'a//b']) expect(() => zipArchive([{ name, bytes: new Uint8Array(1) }]), name).toThrow(/relative path of plain names/);
    expect(() => zipArchive([entries[1], entries[1]])).toThrow(/appears twice/);
  });
});
