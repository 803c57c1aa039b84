/**
 * The crash probe (crash-probe.ts) in the unit suite: a few SIGKILLs of `npm run simulate` and of
 * engine hosts at random points while the services are up. `node test/main/runs/crash-probe.ts 50`
 * runs more and prints the figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { crashProbe } from './crash-probe.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcs-probe-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('runs killed at random points: the database sound, completed runs unchanged, every killed run whole and shown as it ended', { timeout: 240_000 }, async () => {
  const f = await crashProbe({ kills: 5, seed: 2025, dir });
  const cli = Object.values(f.killed.cli).reduce((a, b) => a + b, 0);
  const host = Object.values(f.killed.host).reduce((a, b) => a + b, 0);
  expect(cli + host + f.tooLate).toBe(5);
  expect(cli + host).toBeGreaterThanOrEqual(3);
  expect(f).toMatchObject({ integrityFailures: 0, completedChanged: 0, brokenRuns: 0, stuckRuns: 0 });
  expect(f.completedRuns).toBeGreaterThanOrEqual(2);
  // A killed CLI run is told 'interrupted' (its lease died with it), a killed host's run 'failed'.
  expect(f.shownInterrupted).toBe(cli);
  expect(f.shownFailed).toBe(host);
});
