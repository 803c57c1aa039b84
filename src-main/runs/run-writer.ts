/**
 * A run's writes to the store that wait out a busy database, shared by the run manager and the
 * simulate CLI. The database is one SQLite file that the app, the localhost server and every CLI
 * run write (WAL: one writer at a time); another program may hold its write lock for seconds (a
 * large import, a delete, a backup). A run must not fail for that.
 *
 * Each write is tried with a short wait for the lock (`tryWaitMs`, not the busy timeout: the
 * process is not blocked while another holds the database). When the lock is held, the chunk
 * waits: in memory up to `memoryBytes`, then in a temporary file (spill-file.ts) up to
 * `spillBytes`, and the writer tries again with a growing pause (up to `maxRetryMs`), telling the
 * user (notice) when the database is locked, every `noticeMs` while it stays locked, and when it
 * is free again. Chunks are written in the order they came, and a write asked for with write()
 * (start, completion, failure) comes after every chunk that waits before it.
 *
 * If the lock never frees: the run goes on and its data waits on disk. When that passes
 * `spillBytes`, new chunks are refused (WaitingDataOverflow: the run is stopped, its end is
 * recorded once the lock frees, with everything that waited within the bounds). A process that
 * ends while data waits (the app closed, Ctrl-C twice) loses what waited; the run reads
 * 'interrupted' for the next store that opens the database (its lease ends with the process).
 */
import os from 'node:os';
import type { SpikeChunk, VoltageChunk } from '../../engine/api.ts';
import { binaryUnits } from '../common/binary-units.ts';
import { isDatabaseBusy } from '../store/errors.ts';
import type { RunStore } from '../store/run-store.ts';
import { chunkBytes, SpillFile, type WaitingChunk } from './spill-file.ts';

export interface RunWriterOptions {
  /** Bytes of waiting chunks kept in memory before the newer ones go to a file (default 64 MiB). */
  memoryBytes?: number;
  /** Bytes of waiting chunks kept in that file before the run is stopped (default 4 GiB). */
  spillBytes?: number;
  /** Folder for that file (default: the system's temporary folder). */
  spillDir?: string;
  /** How long one try waits for another connection's lock, ms (default 50). */
  tryWaitMs?: number;
  /** The longest pause between two tries, ms (default 1000). */
  maxRetryMs?: number;
  /** How often a writer still waiting says so, ms (default 10 000). */
  noticeMs?: number;
}

export interface RunWriterEvents {
  /** A line for the user: the database is locked, still locked, free again. */
  notice(line: string): void;
  /** Waiting data that the store refused once it could be written: the run cannot go on. */
  failure(error: Error): void;
}

export type WriteResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The run's waiting data passed the bounds while the database stayed locked. */
export class WaitingDataOverflow extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WaitingDataOverflow';
  }
}

const DEFAULTS = { memoryBytes: 64 * 2 ** 20, spillBytes: 4 * 2 ** 30, tryWaitMs: 50, maxRetryMs: 1000, noticeMs: 10_000 };
/** The longest the writer keeps the process busy writing waiting data in one go, ms. */
const SLICE_MS = 25;
const FIRST_PAUSE_MS = 20;

/** 8192 -> '8 KiB', 1.5 * 2**20 -> '1.5 MiB'. */
export function binaryBytes(n: number): string {
  const { value, unit } = binaryUnits(n);
  return `${unit === 'B' ? value : Number(value.toFixed(value < 10 ? 1 : 0))} ${unit}`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

type Attempt<T> = WriteResult<T> | 'busy';

interface PendingWrite {
  op: () => unknown;
  done: (r: WriteResult<unknown>) => void;
}

export class RunWriter {
  readonly #store: RunStore;
  readonly #runId: number;
  readonly #events: RunWriterEvents;
  readonly #o: Required<Omit<RunWriterOptions, 'spillDir'>> & { spillDir: string };
  readonly #memory: WaitingChunk[] = [];
  #memoryBytes = 0;
  #spill: SpillFile | null = null;
  readonly #writes: PendingWrite[] = [];
  #timer: NodeJS.Timeout | null = null;
  #pauseMs = FIRST_PAUSE_MS;
  #lockedSinceMs: number | null = null;
  #lastNoticeMs = 0;
  #waitedSpikes = 0;
  /** Set when the store refused waiting data, or the writer was discarded: nothing more is written but the pending writes are tried. */
  #failed: Error | null = null;
  /** Set when waiting data passed the bounds: new chunks are refused, what waits is still written. */
  #overflow: WaitingDataOverflow | null = null;

  constructor(store: RunStore, runId: number, events: RunWriterEvents, o: RunWriterOptions = {}) {
    this.#store = store;
    this.#runId = runId;
    this.#events = events;
    this.#o = { ...DEFAULTS, ...withoutUndefined(o), spillDir: o.spillDir ?? os.tmpdir() };
  }

  /** Whether data or writes wait for the database. */
  get isWaiting(): boolean {
    return this.#hasWaitingChunks() || this.#writes.length > 0;
  }

  /** Stores a spike chunk now, or once the database is free. Throws when the store refuses it, or the bounds are passed. */
  spikes(chunk: SpikeChunk): void {
    this.#chunk({ kind: 'spikes', chunk });
  }

  /** Stores a voltmeter chunk now, or once the database is free. */
  voltage(chunk: VoltageChunk): void {
    this.#chunk({ kind: 'voltage', chunk });
  }

  /**
   * Runs `op` (a store call) after every chunk that waits, tried again while the database is
   * busy; `done` gets its result. Synchronously when nothing waits and the database is free.
   */
  write<T>(op: () => T, done: (r: WriteResult<T>) => void): void {
    if (!this.isWaiting && this.#timer === null) {
      const r = this.#try(op);
      if (r !== 'busy') return done(r);
      this.#writes.push({ op, done: done as (r: WriteResult<unknown>) => void });
      return this.#locked();
    }
    this.#writes.push({ op, done: done as (r: WriteResult<unknown>) => void });
    this.#schedule(0);
  }

  /** write() as a promise; `signal` gives up waiting (the writer is then discarded). */
  writeAsync<T>(op: () => T, signal?: AbortSignal): Promise<T> {
    return new Promise((resolve, reject) => {
      const onAbort = () => this.discard(`gave up waiting for the database (${String(signal?.reason ?? 'aborted')})`);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.write(op, (r) => {
        signal?.removeEventListener('abort', onAbort);
        if (r.ok) resolve(r.value);
        else reject(r.error);
      });
      if (signal?.aborted) onAbort();
    });
  }

  /** Drops every waiting chunk (the file is removed) and fails the pending writes with `reason`. */
  discard(reason: string): void {
    this.#failed ??= new Error(reason);
    this.#dropChunks();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    for (const w of this.#writes.splice(0)) w.done({ ok: false, error: new Error(reason) });
  }

  // --- internals ---------------------------------------------------------------------------------

  #chunk(c: WaitingChunk): void {
    if (this.#failed) throw this.#failed;
    if (this.#overflow) throw this.#overflow;
    if (!this.isWaiting && this.#timer === null) {
      const r = this.#try(() => this.#writeChunk(c));
      if (r === 'busy') {
        this.#locked();
        return this.#enqueue(c);
      }
      if (!r.ok) throw r.error;
      return;
    }
    this.#enqueue(c);
  }

  #hasWaitingChunks(): boolean {
    return this.#memory.length > 0 || (this.#spill !== null && !this.#spill.isEmpty);
  }

  #enqueue(c: WaitingChunk): void {
    const size = chunkBytes(c);
    const spilling = this.#spill !== null && !this.#spill.isEmpty;
    if (!spilling && this.#memoryBytes + size <= this.#o.memoryBytes) {
      this.#memory.push(c);
      this.#memoryBytes += size;
    } else {
      this.#spill ??= SpillFile.createSync(this.#o.spillDir);
      if (this.#spill.bytes + size > this.#o.spillBytes) {
        const lockedS = seconds(Date.now() - (this.#lockedSinceMs ?? Date.now()));
        this.#overflow = new WaitingDataOverflow(
          `the database was locked by another program for ${lockedS} s and the run's waiting data passed the ${binaryBytes(this.#o.spillBytes)} kept on disk: ` +
            'the run was stopped; what waited is stored',
        );
        throw this.#overflow;
      }
      this.#spill.pushSync(c);
    }
    if (c.kind === 'spikes') this.#waitedSpikes += c.chunk.senders.length;
  }

  #peek(): WaitingChunk | null {
    return this.#memory[0] ?? this.#spill?.peekSync() ?? null;
  }

  #shift(): void {
    const c = this.#memory.shift();
    if (c) this.#memoryBytes -= chunkBytes(c);
    else this.#spill?.shiftSync();
  }

  #dropChunks(): void {
    this.#memory.length = 0;
    this.#memoryBytes = 0;
    this.#spill?.closeSync();
    this.#spill = null;
  }

  #writeChunk(c: WaitingChunk): void {
    if (c.kind === 'spikes') this.#store.appendSpikesSync(this.#runId, c.chunk);
    else this.#store.appendVoltageSync(this.#runId, c.chunk);
  }

  #try<T>(op: () => T): Attempt<T> {
    try {
      return { ok: true, value: this.#store.withBusyTimeoutSync(this.#o.tryWaitMs, op) };
    } catch (e) {
      return isDatabaseBusy(e) ? 'busy' : { ok: false, error: e };
    }
  }

  #schedule(ms: number): void {
    if (this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#pump();
    }, ms);
  }

  /** The database was found locked: wait a little longer each time, and tell the user now and then. */
  #locked(): void {
    const now = Date.now();
    if (this.#lockedSinceMs === null) {
      this.#lockedSinceMs = now;
      this.#lastNoticeMs = now;
      this.#pauseMs = FIRST_PAUSE_MS;
      this.#events.notice(
        'the database is locked by another program: the run goes on, and its data waits (in memory, then in a temporary file) until the database is free',
      );
    } else {
      this.#pauseMs = Math.min(this.#pauseMs * 2, this.#o.maxRetryMs);
      if (now - this.#lastNoticeMs >= this.#o.noticeMs) {
        this.#lastNoticeMs = now;
        const disk = this.#spill?.bytes ?? 0;
        this.#events.notice(
          `still waiting for the database (locked for ${seconds(now - this.#lockedSinceMs)} s): ${this.#waitedSpikes} spikes wait, ` +
            `${binaryBytes(this.#memoryBytes)} in memory and ${binaryBytes(disk)} on disk`,
        );
      }
    }
    this.#schedule(this.#pauseMs);
  }

  /** Writes what waits, in order, for at most SLICE_MS at a time; then the pending writes. */
  #pump(): void {
    const until = performance.now() + SLICE_MS;
    for (;;) {
      if (performance.now() > until) return this.#schedule(0);
      const c = this.#failed ? null : this.#peek();
      if (c) {
        const r = this.#try(() => this.#writeChunk(c));
        if (r === 'busy') return this.#locked();
        if (r.ok) this.#shift();
        else this.#refused(r.error);
        continue;
      }
      const w = this.#writes[0];
      if (!w) return this.#free();
      const r = this.#try(w.op);
      if (r === 'busy') return this.#locked();
      this.#writes.shift();
      this.#free();
      w.done(r);
    }
  }

  /** The store refused waiting data (not for a lock): the rest cannot follow it. */
  #refused(error: unknown): void {
    const e = error instanceof Error ? error : new Error(String(error));
    this.#failed = e;
    this.#dropChunks();
    this.#events.failure(e);
  }

  #free(): void {
    if (this.#lockedSinceMs === null || this.#hasWaitingChunks()) return;
    const waitedS = seconds(Date.now() - this.#lockedSinceMs);
    this.#lockedSinceMs = null;
    this.#events.notice(`the database is free again after ${waitedS} s: the ${this.#waitedSpikes} spikes that waited are stored`);
    this.#waitedSpikes = 0;
    this.#spill?.closeSync();
    this.#spill = null;
  }
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Runs `op` (a store call), tried again while the database is busy; for a write outside a run's writer (creating the run). */
export function whenWritable<T>(store: RunStore, op: () => T, notice: (line: string) => void, o: Pick<RunWriterOptions, 'tryWaitMs' | 'maxRetryMs'> = {}): Promise<T> {
  const writer = new RunWriter(store, 0, { notice, failure: () => {} }, o);
  return writer.writeAsync(op);
}
