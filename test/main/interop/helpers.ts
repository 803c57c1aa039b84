/** Fixtures for the interop tests: writable copies of NEST output folders, damaged on purpose. */
import fs from 'node:fs';
import path from 'node:path';
import { readNestOutputFolderSync } from '../../../engine/nest/read.ts';
import { spikeFileName } from '../../../engine/nest/format.ts';
import { RunStore } from '../../../src-main/store/run-store.ts';
import { seededRandom } from '../../../src-renderer/lib/plots/test-support/pd14-synthetic.ts';
import { removeDir, tempDir } from '../store/helpers.ts';

/** Copies a folder file by file (the reference folders are read-only, and a plain copy keeps modes). */
export function copyFolder(src: string, dst: string, skip: (name: string) => boolean = () => false): string {
  fs.mkdirSync(dst, { recursive: true });
  for (const f of fs.readdirSync(src)) if (!skip(f)) fs.writeFileSync(path.join(dst, f), fs.readFileSync(path.join(src, f)));
  return dst;
}

/**
 * The spikes of a NEST folder re-split as NEST writes them with `vps` virtual processes: neuron
 * `id` lives on VP id % vps, each VP file holds its neurons' spikes in a shuffled order, with
 * NEST's header; recorder ids and rate files as in the source.
 */
export function multiVpCopy(src: string, dst: string, vps: number, seed = 1): string {
  const folder = readNestOutputFolderSync(src);
  fs.mkdirSync(dst, { recursive: true });
  fs.copyFileSync(path.join(src, 'population_nodeids.dat'), path.join(dst, 'population_nodeids.dat'));
  const random = seededRandom(seed);
  const total = Math.max(...folder.populations.map((p) => p.recorderId));
  for (const p of folder.populations) {
    for (let vp = 0; vp < vps; vp++) {
      const rows: string[] = [];
      for (let i = 0; i < p.senders.length; i++) if (p.senders[i] % vps === vp) rows.push(`${p.senders[i]}\t${p.timesMs[i].toFixed(3)}`);
      for (let i = rows.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [rows[i], rows[j]] = [rows[j], rows[i]];
      }
      const text = `# NEST version: ${folder.nestVersion}\n# RecordingBackendASCII version: 2\nsender\ttime_ms\n${rows.map((r) => `${r}\n`).join('')}`;
      fs.writeFileSync(path.join(dst, spikeFileName(p.recorderId, vp, total, vps)), text);
    }
  }
  for (const f of fs.readdirSync(src)) if (/^rate\d+\.dat$/.test(f)) fs.copyFileSync(path.join(src, f), path.join(dst, f));
  return dst;
}

/** Replaces line `line` (1-based) of a text file. */
export function replaceLine(file: string, line: number, text: string): string {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const old = lines[line - 1];
  lines[line - 1] = text;
  fs.writeFileSync(file, lines.join('\n'));
  return old;
}

export function openStore(dir: string, name = 'runs.sqlite'): RunStore {
  return RunStore.openSync(path.join(dir, name));
}

export function runCount(store: RunStore): number {
  return store.listRunsSync().length;
}

/** A store in a new temporary folder (`prefix`). */
export function storeInTempDir(prefix: string): { dir: string; store: RunStore } {
  const dir = tempDir(prefix);
  return { dir, store: openStore(dir) };
}

/** Closes the store and removes its folder. */
export function closeStoreDir(store: RunStore, dir: string): void {
  store.closeSync();
  removeDir(dir);
}
