/**
 * The services as the service tests drive them: real services on a database in a temporary folder,
 * requests through the dispatcher as a transport calls them, and the first event that matches.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Envelope, Method, Reply, StudioErrorInfo, StudioEvent, TransportKind } from '../../../src-main/contract.ts';
import { createServices, type ServicesOptions, type StudioServices } from '../../../src-main/services/services.ts';

export const TEST_IDENTITY = { name: 'Microcircuit Studio', version: '0.0.0' };
/** A machine with room for the tiny networks the tests run. */
export const TEST_MACHINE = { cores: () => 4, availableBytes: () => 8 * 2 ** 30 };

export interface TestServices {
  dir: string;
  services: StudioServices;
}

/**
 * Services on a fresh temporary data folder (`prefix` names it); `withTmp` gives the exports and
 * imports their own temporary folder `<dir>/tmp`, so a test can see it left nothing there.
 */
export function openServices(prefix: string, options: Partial<Omit<ServicesOptions, 'dataDir' | 'tmpDir'>> & { withTmp?: boolean } = {}): TestServices {
  const { withTmp, ...rest } = options;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let tmpDir: string | undefined;
  if (withTmp) fs.mkdirSync((tmpDir = path.join(dir, 'tmp')));
  const services = createServices({ identity: TEST_IDENTITY, machine: TEST_MACHINE, ...rest, dataDir: dir, tmpDir });
  return { dir, services };
}

/** Closes the services and removes their folder. */
export async function closeServices(t: TestServices | undefined): Promise<void> {
  if (!t) return;
  await t.services.close();
  fs.rmSync(t.dir, { recursive: true, force: true });
}

export interface Dispatch {
  /** The reply of an accepted request; a refusal throws with the error. */
  call<M extends Method>(method: M, payload: unknown, transport?: TransportKind): Promise<Reply<M>>;
  /** The error of a refused request; an accepted one throws. */
  refusal(method: Method, payload: unknown): Promise<StudioErrorInfo>;
}

/** Requests through the dispatcher of `services()` (read at each call: tests may reopen them). */
export function dispatcher(services: () => StudioServices, transport: TransportKind): Dispatch {
  return {
    async call<M extends Method>(method: M, payload: unknown, via: TransportKind = transport): Promise<Reply<M>> {
      const r = await services().dispatch(method, payload, { transport: via });
      if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
      return r.value as Reply<M>;
    },
    async refusal(method: Method, payload: unknown): Promise<StudioErrorInfo> {
      const r: Envelope<unknown> = await services().dispatch(method, payload, { transport });
      if (r.ok) throw new Error(`${method} was accepted: ${JSON.stringify(r.value)}`);
      return r.error;
    },
  };
}

/** The first event, among those already `seen` or still to come from `services`, that matches. */
export function firstEvent<E extends StudioEvent>(services: StudioServices, seen: readonly StudioEvent[], pred: (e: StudioEvent) => e is E, timeoutMs: number, what?: string): Promise<E>;
export function firstEvent(services: StudioServices, seen: readonly StudioEvent[], pred: (e: StudioEvent) => boolean, timeoutMs: number, what?: string): Promise<StudioEvent>;
export function firstEvent(services: StudioServices, seen: readonly StudioEvent[], pred: (e: StudioEvent) => boolean, timeoutMs: number, what = 'matching event'): Promise<StudioEvent> {
  const found = seen.find(pred);
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${what} in ${timeoutMs} ms`)), timeoutMs);
    const off = services.events.subscribe((e) => {
      if (pred(e)) {
        clearTimeout(t);
        off();
        resolve(e);
      }
    });
  });
}
