/**
 * Running the exported PyNEST script's Python parts in tests. python3 is needed (not NumPy or
 * NEST: the script's derivation, rates and argument handling are plain Python, and a stand-in
 * `nest` module in fixtures/fake-nest plays NEST). Without python3 these tests are skipped with a
 * notice, unless MICROCIRCUIT_REQUIRE_PYTHON=1 makes that a failure.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

function probe(): string | null {
  for (const exe of ['python3', 'python']) {
    const r = spawnSync(exe, ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() === '3') return exe;
  }
  return null;
}

export const PYTHON = probe();

if (PYTHON === null) {
  if (process.env.MICROCIRCUIT_REQUIRE_PYTHON === '1') throw new Error('python3 is required (MICROCIRCUIT_REQUIRE_PYTHON=1) but was not found');
  console.warn('python3 not found: the tests that run the exported PyNEST script are skipped');
}

/** Folder holding the stand-in `nest` package. */
export const FAKE_NEST_PATH = fileURLToPath(new URL('./fixtures/fake-nest', import.meta.url));

export interface PyResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runPython(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): PyResult {
  if (PYTHON === null) throw new Error('python3 not available');
  const r = spawnSync(PYTHON, args, {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...options.env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
