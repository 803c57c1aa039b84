/**
 * Which store instance drives a queued or running run. A store that opens the database marks a run
 * 'interrupted' only when its owner is gone: another process on this host that no longer exists,
 * a closed store of this process, or another host (WAL databases are not shared across hosts, so
 * an owner there cannot be live). The CLI can thus open the database while the app runs.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';

export interface Owner {
  host: string;
  pid: number;
  instance: string;
}

const liveInstances = new Set<string>();

export function newOwner(): Owner {
  const owner = { host: os.hostname(), pid: process.pid, instance: randomUUID() };
  liveInstances.add(owner.instance);
  return owner;
}

export function releaseOwner(owner: Owner): void {
  liveInstances.delete(owner.instance);
}

export function ownerIsLive(host: string | null, pid: number | null, instance: string | null): boolean {
  if (host === null || pid === null || instance === null) return false;
  if (host !== os.hostname()) return false;
  if (pid === process.pid) return liveInstances.has(instance);
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
