// The memory a run may use (engine/memory.ts): the host's MemAvailable, or less under a memory
// cgroup's limit (v1 and v2, the process's own cgroup and its ancestors), read from fake /proc and
// /sys trees; and the guard refusing, before anything is built, a run the limit cannot hold.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../engine/api.ts';
import { cgroupLimits, guardMemory, hostAvailableBytes, memoryFacts, MemoryGuardError } from '../../engine/memory.ts';
import { checkMemory, estimateRun, MEMORY_REFUSE_FRACTION } from '../../engine/params/estimate.ts';
import { fullParams } from '../../engine/params/presets.ts';
import { runSimulation } from '../../engine/run.ts';

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A fake root holding the given files (paths relative to /). */
function tree(files: Record<string, string | number>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mc-cgroup-'));
  roots.push(root);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), `${text}\n`);
  }
  return root;
}

const meminfo = (availableGiB: number) => `MemTotal:       25000000 kB\nMemFree:  1000 kB\nMemAvailable:   ${availableGiB * 1024 * 1024} kB\n`;
const V2_MOUNT = '30 25 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot';
const V1_MOUNT = '35 30 0:31 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,memory';
const V1_CPU = '34 30 0:30 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,cpu,cpuacct';

describe('cgroup v2', () => {
  const scope = 'sys/fs/cgroup/user.slice/run-1.scope';
  it('reads memory.max of the process cgroup, less its use without reclaimable cache', () => {
    const root = tree({
      'proc/meminfo': meminfo(16),
      'proc/self/cgroup': '0::/user.slice/run-1.scope',
      'proc/self/mountinfo': V2_MOUNT,
      [`${scope}/memory.max`]: GiB,
      [`${scope}/memory.current`]: 300 * MiB,
      [`${scope}/memory.stat`]: `anon 200000000\nfile 104857600\ninactive_file ${100 * MiB}\nactive_file 4857600`,
      'sys/fs/cgroup/user.slice/memory.max': 'max',
      'sys/fs/cgroup/user.slice/memory.current': 5 * GiB,
    });
    expect(cgroupLimits(root)).toEqual([{ version: 2, file: '/sys/fs/cgroup/user.slice/run-1.scope/memory.max', limitBytes: GiB, usedBytes: 200 * MiB }]);
    const f = memoryFacts(root);
    expect(f.availableBytes).toBe(GiB - 200 * MiB);
    expect(f.hostAvailableBytes).toBe(16 * GiB);
    expect(f.availableFrom).toBe('the cgroup v2 memory limit /sys/fs/cgroup/user.slice/run-1.scope/memory.max: 1.00 GiB, 0.20 GiB in use');
  });

  it('takes the ancestor that leaves the least room', () => {
    const root = tree({
      'proc/meminfo': meminfo(16),
      'proc/self/cgroup': '0::/user.slice/run-1.scope',
      'proc/self/mountinfo': V2_MOUNT,
      [`${scope}/memory.max`]: 4 * GiB,
      [`${scope}/memory.current`]: 0,
      'sys/fs/cgroup/user.slice/memory.max': 2 * GiB,
      'sys/fs/cgroup/user.slice/memory.current': 1536 * MiB,
    });
    expect(cgroupLimits(root).map((l) => l.file)).toEqual(['/sys/fs/cgroup/user.slice/run-1.scope/memory.max', '/sys/fs/cgroup/user.slice/memory.max']);
    expect(memoryFacts(root).availableBytes).toBe(512 * MiB);
    expect(memoryFacts(root).availableFrom).toMatch(/user\.slice\/memory\.max: 2\.00 GiB, 1\.50 GiB in use/);
  });

  it('in a container (cgroup namespace: "0::/", the mount is the container\'s cgroup)', () => {
    const root = tree({
      'proc/meminfo': meminfo(64),
      'proc/self/cgroup': '0::/',
      'proc/self/mountinfo': '700 600 0:27 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw',
      'sys/fs/cgroup/memory.max': 2 * GiB,
      'sys/fs/cgroup/memory.current': 100 * MiB,
    });
    expect(memoryFacts(root).availableBytes).toBe(2 * GiB - 100 * MiB);
  });

  it('a bind-mounted cgroup whose mount root is the process cgroup', () => {
    const root = tree({
      'proc/meminfo': meminfo(64),
      'proc/self/cgroup': '0::/kubepods/pod1/c1',
      'proc/self/mountinfo': '700 600 0:27 /kubepods/pod1/c1 /sys/fs/cgroup rw,relatime - cgroup2 cgroup rw',
      'sys/fs/cgroup/memory.max': 3 * GiB,
      'sys/fs/cgroup/memory.current': 0,
    });
    expect(cgroupLimits(root)).toEqual([{ version: 2, file: '/sys/fs/cgroup/memory.max', limitBytes: 3 * GiB, usedBytes: 0 }]);
  });

  it('no limit ("max" everywhere): the host decides', () => {
    const root = tree({
      'proc/meminfo': meminfo(8),
      'proc/self/cgroup': '0::/user.slice',
      'proc/self/mountinfo': V2_MOUNT,
      'sys/fs/cgroup/user.slice/memory.max': 'max',
      'sys/fs/cgroup/user.slice/memory.current': GiB,
    });
    expect(cgroupLimits(root)).toEqual([]);
    expect(memoryFacts(root)).toMatchObject({ availableBytes: 8 * GiB, availableFrom: "the host's available memory (MemAvailable)", cgroup: null });
  });

  it('a limit above what the host has free does not bind', () => {
    const root = tree({
      'proc/meminfo': meminfo(2),
      'proc/self/cgroup': '0::/big',
      'proc/self/mountinfo': V2_MOUNT,
      'sys/fs/cgroup/big/memory.max': 8 * GiB,
      'sys/fs/cgroup/big/memory.current': 0,
    });
    expect(memoryFacts(root).availableBytes).toBe(2 * GiB);
    expect(memoryFacts(root).availableFrom).toMatch(/host/);
  });
});

describe('cgroup v1', () => {
  it('reads memory.limit_in_bytes of the memory hierarchy (controllers listed together too)', () => {
    const root = tree({
      'proc/meminfo': meminfo(16),
      'proc/self/cgroup': '12:pids:/\n5:cpu,cpuacct:/\n4:blkio,memory:/batch/job7\n1:name=systemd:/\n0::/',
      'proc/self/mountinfo': `${V1_CPU}\n${V1_MOUNT}`,
      'sys/fs/cgroup/memory/batch/job7/memory.limit_in_bytes': GiB,
      'sys/fs/cgroup/memory/batch/job7/memory.usage_in_bytes': 150 * MiB,
      'sys/fs/cgroup/memory/batch/job7/memory.stat': `cache 0\ntotal_cache 104857600\ntotal_inactive_file ${50 * MiB}`,
      'sys/fs/cgroup/memory/batch/memory.limit_in_bytes': '9223372036854771712',
      'sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712',
    });
    expect(cgroupLimits(root)).toEqual([{ version: 1, file: '/sys/fs/cgroup/memory/batch/job7/memory.limit_in_bytes', limitBytes: GiB, usedBytes: 100 * MiB }]);
    expect(memoryFacts(root).availableFrom).toBe('the cgroup v1 memory limit /sys/fs/cgroup/memory/batch/job7/memory.limit_in_bytes: 1.00 GiB, 0.10 GiB in use');
  });

  it('the unlimited value of v1 (2^63 rounded to pages) is no limit', () => {
    const root = tree({
      'proc/meminfo': meminfo(6),
      'proc/self/cgroup': '4:memory:/process_api/abc',
      'proc/self/mountinfo': V1_MOUNT,
      'sys/fs/cgroup/memory/process_api/abc/memory.limit_in_bytes': '9223372036854771712',
      'sys/fs/cgroup/memory/process_api/abc/memory.usage_in_bytes': 4145152,
    });
    expect(cgroupLimits(root)).toEqual([]);
    expect(memoryFacts(root).availableBytes).toBe(6 * GiB);
  });

  it('without mountinfo, the usual mount points', () => {
    const root = tree({
      'proc/meminfo': meminfo(6),
      'proc/self/cgroup': '4:memory:/job',
      'sys/fs/cgroup/memory/job/memory.limit_in_bytes': 512 * MiB,
      'sys/fs/cgroup/memory/job/memory.usage_in_bytes': 0,
    });
    expect(memoryFacts(root).availableBytes).toBe(512 * MiB);
  });
});

describe('no cgroup at all', () => {
  it('the host: MemAvailable, or free memory without /proc/meminfo', () => {
    expect(cgroupLimits(tree({ 'etc/hostname': 'x' }))).toEqual([]);
    expect(hostAvailableBytes(tree({ 'proc/meminfo': meminfo(3) }))).toBe(3 * GiB);
    expect(hostAvailableBytes(tree({ 'etc/hostname': 'x' }))).toBe(os.freemem());
  });
});

describe('the guard under a 1 GiB cgroup', () => {
  const oneGiB = () =>
    tree({
      'proc/meminfo': meminfo(20),
      'proc/self/cgroup': '0::/lab/user7',
      'proc/self/mountinfo': V2_MOUNT,
      'sys/fs/cgroup/lab/user7/memory.max': GiB,
      'sys/fs/cgroup/lab/user7/memory.current': 100 * MiB,
    });

  it('the pure check refuses full scale, naming the need, the limit and where it comes from', () => {
    const c = checkMemory(fullParams(), { ...memoryFacts(oneGiB()), cores: 2 });
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.limitBytes).toBeCloseTo(MEMORY_REFUSE_FRACTION * (GiB - 100 * MiB), 0);
    expect(c.issue.path).toBe('net.N_scaling');
    expect(c.issue.message).toMatch(/needs about 1\.\d\d GiB \(77169 neurons, 298880968 synapses, 2 thread\(s\)\)/);
    expect(c.issue.message).toMatch(/a run may use 0\.81 GiB: 90 % of the 0\.90 GiB available \(the cgroup v2 memory limit \/sys\/fs\/cgroup\/lab\/user7\/memory\.max: 1\.00 GiB, 0\.10 GiB in use\)/);
    // The same network fits the host's 20 GiB.
    expect(checkMemory(fullParams(), { availableBytes: 20 * GiB }).ok).toBe(true);
  });

  it('runSimulation refuses before building anything', async () => {
    const phases: RunProgress['phase'][] = [];
    const run = runSimulation(fullParams(), { memory: memoryFacts(oneGiB()), onProgress: (p) => phases.push(p.phase) });
    await expect(run).rejects.toBeInstanceOf(MemoryGuardError);
    await expect(run).rejects.toThrow(/memory\.max: 1\.00 GiB/);
    expect(phases).toEqual(['validating']);
  });

  it('guardMemory takes bytes or the machine facts', () => {
    expect(() => guardMemory(fullParams(), GiB)).toThrow(/needs about .* GiB available\. Reduce/);
    expect(guardMemory(fullParams(), 64 * GiB).peakBytes).toBe(estimateRun(fullParams(), os.cpus().length).peakBytes);
  });
});

/**
 * A real memory cgroup (needs root and a memory controller; opt-in: MICROCIRCUIT_CGROUP_PROBE=1):
 * a 1 GiB cgroup (v1, or v2 where the root delegates memory) holding `npm run simulate` of the full
 * model, which the guard must refuse (exit 2, naming the cgroup's file) instead of being OOM-killed.
 */
describe.runIf(process.env.MICROCIRCUIT_CGROUP_PROBE === '1')('under a real 1 GiB memory cgroup', () => {
  it('npm run simulate --preset full is refused before building, naming the limit', async () => {
    const { spawnSync } = await import('node:child_process');
    const { existsSync, readFileSync, rmdirSync } = await import('node:fs');
    const v2 = existsSync('/sys/fs/cgroup/cgroup.subtree_control') && readFileSync('/sys/fs/cgroup/cgroup.subtree_control', 'utf8').split(/\s+/).includes('memory');
    const base = v2 ? '/sys/fs/cgroup' : '/sys/fs/cgroup/memory';
    const dir = path.join(base, `mc-guard-probe-${process.pid}`);
    mkdirSync(dir);
    try {
      writeFileSync(path.join(dir, v2 ? 'memory.max' : 'memory.limit_in_bytes'), String(GiB));
      const root = path.resolve(import.meta.dirname, '..', '..');
      const cli = path.join(root, 'src-main', 'cli', 'simulate.ts');
      const r = spawnSync('sh', ['-c', `echo $$ > '${dir}/cgroup.procs' && exec '${process.execPath}' '${cli}' --preset full --no-db`], { cwd: root, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`needs about 1\\.\\d\\d GiB .* available \\(the cgroup v${v2 ? 2 : 1} memory limit ${dir}/memory\\.${v2 ? 'max' : 'limit_in_bytes'}: 1\\.00 GiB`));
    } finally {
      rmdirSync(dir);
    }
  }, 60_000);
});
