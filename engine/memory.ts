/**
 * What memory a run may use on this machine, and the guard that refuses a run that cannot fit.
 *
 * The host's free memory is not the whole story: a process in a memory cgroup (a container, a
 * systemd scope, a batch job's allocation) is killed when the cgroup reaches its limit, however
 * much the host has free. So the memory available to a run is the smaller of the host's
 * MemAvailable and the room left under every memory limit above this process: its own cgroup
 * (from /proc/self/cgroup) and each ancestor up to the root of the mount, in cgroup v2
 * (memory.max, memory.current) and v1 (memory.limit_in_bytes, memory.usage_in_bytes). Page cache
 * that can be reclaimed (inactive_file in memory.stat) does not count as used.
 *
 * Every path is read under a root folder (`/` on the machine, a fake tree in the tests).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { posix } from 'node:path';
import { checkMemory, estimateRun as estimatePure, type MemoryAvailable, type RunEstimate } from './params/estimate.ts';
import type { ParamSet } from './params/types.ts';

export type { RunEstimate } from './params/estimate.ts';

/** The estimate for this machine (its core count bounds the parallel build). */
export function estimateRun(p: ParamSet): RunEstimate {
  return estimatePure(p, os.cpus().length);
}

/** A memory limit of a cgroup that binds this process. */
export interface CgroupLimit {
  version: 1 | 2;
  /** The file the limit was read from (under the root given). */
  file: string;
  limitBytes: number;
  /** In use in that cgroup, reclaimable page cache left out. */
  usedBytes: number;
}

export interface MemoryFacts extends Required<MemoryAvailable> {
  /** The host's MemAvailable (or free memory where there is no /proc/meminfo). */
  hostAvailableBytes: number;
  /** The limit that leaves the least room, when a cgroup limits this process. */
  cgroup: CgroupLimit | null;
}

/** Limits this large mean "no limit" (cgroup v1 writes PAGE_COUNTER_MAX pages, about 2^63). */
const UNLIMITED = 2 ** 60;

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** A byte count of a cgroup file: a number, or null for "max", a huge value, a missing or unreadable file. */
function readBytes(path: string): number | null {
  const t = readText(path)?.trim();
  if (t === undefined || !/^\d+$/.test(t)) return null;
  const v = Number(t);
  return v >= UNLIMITED ? null : v;
}

/** A key of memory.stat (bytes), or 0. */
function statValue(dir: string, key: string): number {
  const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(readText(posix.join(dir, 'memory.stat')) ?? '');
  return m ? Number(m[1]) : 0;
}

interface CgroupMount {
  version: 1 | 2;
  /** The cgroup path the mount shows at its mount point (not "/" inside some containers). */
  root: string;
  mountPoint: string;
}

/** cgroup2 mounts and cgroup v1 mounts with the memory controller, from /proc/self/mountinfo. */
function cgroupMounts(rootDir: string): CgroupMount[] {
  const out: CgroupMount[] = [];
  for (const line of (readText(posix.join(rootDir, 'proc/self/mountinfo')) ?? '').split('\n')) {
    // id parent major:minor root mount-point options [optional fields] - fstype source super-options
    const dash = line.indexOf(' - ');
    if (dash < 0) continue;
    const left = line.slice(0, dash).split(' ');
    const [fstype, , superOptions = ''] = line.slice(dash + 3).split(' ');
    const unescape = (s: string) => s.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    if (fstype === 'cgroup2') out.push({ version: 2, root: unescape(left[3]), mountPoint: unescape(left[4]) });
    else if (fstype === 'cgroup' && superOptions.split(',').includes('memory')) out.push({ version: 1, root: unescape(left[3]), mountPoint: unescape(left[4]) });
  }
  return out;
}

/** The folders of `cgroupPath` and its ancestors under a mount, innermost first. */
function cgroupDirs(rootDir: string, mount: CgroupMount, cgroupPath: string): string[] {
  // Inside a cgroup namespace the path may not start with the mount's root: it is then relative to it.
  const rel = cgroupPath === mount.root || cgroupPath.startsWith(mount.root === '/' ? '/' : `${mount.root}/`) ? posix.relative(mount.root, cgroupPath) : posix.relative('/', cgroupPath);
  const dirs: string[] = [];
  for (let r = rel.split('/').filter((s) => s !== '' && s !== '..'); ; r = r.slice(0, -1)) {
    dirs.push(posix.join(rootDir, mount.mountPoint, ...r));
    if (r.length === 0) break;
  }
  return dirs;
}

/**
 * The memory limits that bind this process, read from `rootDir` (its /proc/self/cgroup,
 * /proc/self/mountinfo and the cgroup folders): one per limited cgroup level, innermost first.
 * Empty where nothing limits it (no cgroup, no memory controller, limits of "max").
 */
export function cgroupLimits(rootDir = '/'): CgroupLimit[] {
  const text = readText(posix.join(rootDir, 'proc/self/cgroup'));
  if (text === null) return [];
  let v2Path: string | null = null;
  let v1Path: string | null = null;
  for (const line of text.split('\n')) {
    // hierarchy-id:controllers:path — v2 is "0::path"; v1 lists its controllers ("memory", "cpu,memory").
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    if (m[1] === '0' && m[2] === '') v2Path = m[3];
    else if (m[2].split(',').includes('memory')) v1Path = m[3];
  }
  let mounts = cgroupMounts(rootDir);
  if (mounts.length === 0) {
    // No mountinfo: the usual places.
    mounts = [
      { version: 1, root: '/', mountPoint: '/sys/fs/cgroup/memory' },
      { version: 2, root: '/', mountPoint: '/sys/fs/cgroup' },
    ];
  }
  const limits: CgroupLimit[] = [];
  for (const mount of mounts) {
    const path = mount.version === 2 ? v2Path : v1Path;
    if (path === null) continue;
    for (const dir of cgroupDirs(rootDir, mount, path)) {
      const limitFile = posix.join(dir, mount.version === 2 ? 'memory.max' : 'memory.limit_in_bytes');
      const limit = readBytes(limitFile);
      if (limit === null) continue;
      const usage = readBytes(posix.join(dir, mount.version === 2 ? 'memory.current' : 'memory.usage_in_bytes')) ?? 0;
      const inactive = statValue(dir, mount.version === 2 ? 'inactive_file' : 'total_inactive_file');
      const file = posix.join('/', posix.relative(rootDir, limitFile));
      limits.push({ version: mount.version, file, limitBytes: limit, usedBytes: Math.max(0, usage - inactive) });
    }
  }
  return limits;
}

/** The host's available memory, bytes: MemAvailable on Linux, free memory elsewhere. */
export function hostAvailableBytes(rootDir = '/'): number {
  const m = /^MemAvailable:\s+(\d+) kB/m.exec(readText(posix.join(rootDir, 'proc/meminfo')) ?? '');
  return m ? Number(m[1]) * 1024 : os.freemem();
}

const gib = (b: number) => (b / 2 ** 30).toFixed(2);

/** What a new run may use now, and where that figure comes from. */
export function memoryFacts(rootDir = '/'): MemoryFacts {
  const host = hostAvailableBytes(rootDir);
  let cgroup: CgroupLimit | null = null;
  for (const c of cgroupLimits(rootDir)) {
    if (c.limitBytes - c.usedBytes < (cgroup ? cgroup.limitBytes - cgroup.usedBytes : Infinity)) cgroup = c;
  }
  const room = cgroup ? Math.max(0, cgroup.limitBytes - cgroup.usedBytes) : Infinity;
  if (cgroup && room < host) {
    return {
      availableBytes: room,
      availableFrom: `the cgroup v${cgroup.version} memory limit ${cgroup.file}: ${gib(cgroup.limitBytes)} GiB, ${gib(cgroup.usedBytes)} GiB in use`,
      hostAvailableBytes: host,
      cgroup,
    };
  }
  return { availableBytes: host, availableFrom: `the host's available memory${readText(posix.join(rootDir, 'proc/meminfo')) ? ' (MemAvailable)' : ''}`, hostAvailableBytes: host, cgroup };
}

/** Memory available to a new run, bytes: the host's, or less under a cgroup limit (memoryFacts). */
export function availableMemoryBytes(): number {
  return memoryFacts().availableBytes;
}

export class MemoryGuardError extends Error {
  readonly neededBytes: number;
  readonly availableBytes: number;
  constructor(needed: number, available: number, message?: string) {
    super(
      message ??
        `not enough memory for this network: it needs about ${gib(needed)} GiB, ` +
          `and ${gib(available)} GiB are available. Reduce net.N_scaling or net.K_scaling, ` +
          `record fewer devices (sim.rec_dev), or close other programs.`,
    );
    this.name = 'MemoryGuardError';
    this.neededBytes = needed;
    this.availableBytes = available;
  }
}

/**
 * Throws MemoryGuardError when the estimate exceeds MEMORY_REFUSE_FRACTION of the memory available
 * to a run (checkMemory): by default this machine's, cgroup limits included; a number is taken as
 * the available bytes.
 */
export function guardMemory(p: ParamSet, available: number | MemoryAvailable = memoryFacts()): RunEstimate {
  const machine = typeof available === 'number' ? { availableBytes: available } : available;
  const check = checkMemory(p, { ...machine, cores: os.cpus().length });
  if (!check.ok) throw new MemoryGuardError(check.estimate.peakBytes, machine.availableBytes, check.issue.message);
  return check.estimate;
}
