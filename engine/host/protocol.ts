/**
 * The engine host's protocol: the messages between the run manager (main process) and the engine
 * host (an Electron utility process, or a Node child process forked with an IPC channel). Both
 * ends validate what they receive with the parsers below; both transports carry the messages by
 * structured clone (Node's 'advanced' serialization, Electron's parentPort), so typed arrays arrive
 * as typed arrays. Neither channel can transfer ArrayBuffers (Node IPC has no transfer list,
 * Electron's parentPort transfers only MessagePortMain), so data are copied; chunks are kept small
 * (MAX_SPIKES_PER_MESSAGE, MAX_VOLTAGE_BYTES_PER_MESSAGE) so that no message is large.
 *
 * parent -> host: start (once per host), cancel.
 * host -> parent: ready (once, at startup), then for the run: progress*, spikes*, voltage*, log*,
 * and exactly one of done | failed | cancelled. `failed` with runId null answers a message that
 * is not part of the protocol (kind 'bad-message'); the run, if any, goes on.
 */
import type { RunOutcome, RunProgress, SpikeChunk, VoltageChunk } from '../api.ts';
import type { ValidationIssue } from '../params/validate.ts';

export const PROTOCOL_VERSION = 1;

/** A spike message holds at most this many spikes (8 bytes each). */
export const MAX_SPIKES_PER_MESSAGE = 65_536;
/** A voltage message holds at most this many bytes of samples (whole rows; at least one row). */
export const MAX_VOLTAGE_BYTES_PER_MESSAGE = 4 * 2 ** 20;
/** Longest reason or log line carried; longer ones are cut. */
export const MAX_TEXT_LENGTH = 10_000;

/** Why the host reports a run (or a message) failed. */
export type HostFailureKind =
  /** The parameters were refused by the engine's validator (`issues` says why). */
  | 'invalid-params'
  /** The network would not fit in the memory available (engine/memory.ts). */
  | 'out-of-memory-guard'
  /** The engine threw. */
  | 'engine-error'
  /** The host process itself failed (uncaught exception, unhandled rejection) and exits. */
  | 'crash'
  /** The host received something that is not a protocol message; runId is null. */
  | 'bad-message';

export const HOST_FAILURE_KINDS: readonly HostFailureKind[] = ['invalid-params', 'out-of-memory-guard', 'engine-error', 'crash', 'bad-message'];

// --- parent -> host ------------------------------------------------------------------------------

export interface StartMessage {
  type: 'start';
  /** The run's id in the store (positive integer); echoed in every reply about the run. */
  runId: number;
  /** The parameter set; the host validates it again (the engine validates whatever it runs). */
  params: unknown;
}

export interface CancelMessage {
  type: 'cancel';
  /** Who or what cancelled the run, for the record. */
  reason: string;
}

export type ParentMessage = StartMessage | CancelMessage;

// --- host -> parent ------------------------------------------------------------------------------

export interface ReadyMessage {
  type: 'ready';
  protocol: number;
  pid: number;
  engineName: string;
  engineVersion: string;
}

export interface ProgressMessage {
  type: 'progress';
  runId: number;
  progress: RunProgress;
}

export interface SpikesMessage {
  type: 'spikes';
  runId: number;
  chunk: SpikeChunk;
}

export interface VoltageMessage {
  type: 'voltage';
  runId: number;
  chunk: VoltageChunk;
}

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogMessage {
  type: 'log';
  runId: number | null;
  level: LogLevel;
  line: string;
}

export interface DoneMessage {
  type: 'done';
  runId: number;
  outcome: RunOutcome;
}

export interface FailedMessage {
  type: 'failed';
  /** null when the failure is not about a run (a bad message, a crash before any start). */
  runId: number | null;
  kind: HostFailureKind;
  reason: string;
  /** For 'invalid-params': every problem, each naming the field. */
  issues?: ValidationIssue[];
}

export interface CancelledMessage {
  type: 'cancelled';
  runId: number;
  reason: string;
}

export type HostMessage =
  | ReadyMessage
  | ProgressMessage
  | SpikesMessage
  | VoltageMessage
  | LogMessage
  | DoneMessage
  | FailedMessage
  | CancelledMessage;

/** The messages that end a run: exactly one per started run. */
export type TerminalMessage = DoneMessage | FailedMessage | CancelledMessage;

export function isTerminal(m: HostMessage): m is TerminalMessage {
  return m.type === 'done' || m.type === 'failed' || m.type === 'cancelled';
}

// --- validation ----------------------------------------------------------------------------------

export type Parsed<T> = { ok: true; message: T } | { ok: false; problem: string };

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isRunId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT_LENGTH;
const isNum = (v: unknown): v is number => typeof v === 'number';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function show(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
  return String(v);
}

/** Checks each named field; returns the first problem. */
function fields(o: Obj, what: string, checks: Record<string, [(v: unknown) => boolean, string]>): string | null {
  for (const [key, [ok, allowed]] of Object.entries(checks)) {
    if (!ok(o[key])) return `${what}.${key} = ${key in o ? show(o[key]) : '(missing)'}: must be ${allowed}`;
  }
  return null;
}

const RUN_PHASES = ['validating', 'building', 'presim', 'sim', 'done'];

function progressProblem(p: unknown): string | null {
  if (!isObj(p)) return `progress is ${show(p)}: must be an object`;
  return fields(p, 'progress', {
    phase: [(v) => typeof v === 'string' && RUN_PHASES.includes(v), RUN_PHASES.join(' | ')],
    phaseFraction: [isNum, 'a number'],
    tModelMs: [isNum, 'a number'],
    tTotalMs: [isNum, 'a number'],
    wallS: [isNum, 'a number'],
    spikesSoFar: [isCount, 'a count'],
    realTimeFactor: [isNum, 'a number (NaN when unknown)'],
    recentRatesHz: [(v) => Array.isArray(v) && v.every(isNum), 'an array of numbers'],
  });
}

/** A spike chunk as engine/api.ts defines it, within the per-message bound. */
export function spikeChunkProblem(c: unknown): string | null {
  if (!isObj(c)) return `chunk is ${show(c)}: must be an object`;
  const bad = fields(c, 'chunk', {
    fromStep: [isCount, 'a step >= 0'],
    toStep: [isCount, 'a step >= 0'],
    senders: [(v) => v instanceof Uint32Array, 'a Uint32Array'],
    steps: [(v) => v instanceof Uint32Array, 'a Uint32Array'],
  });
  if (bad) return bad;
  const senders = c.senders as Uint32Array;
  const steps = c.steps as Uint32Array;
  if (senders.length !== steps.length) return `chunk has ${senders.length} senders but ${steps.length} steps`;
  if ((c.toStep as number) < (c.fromStep as number)) return `chunk ends (step ${String(c.toStep)}) before it starts (step ${String(c.fromStep)})`;
  if (senders.length > MAX_SPIKES_PER_MESSAGE) return `chunk has ${senders.length} spikes: at most ${MAX_SPIKES_PER_MESSAGE} per message`;
  return null;
}

export function voltageChunkProblem(c: unknown): string | null {
  if (!isObj(c)) return `chunk is ${show(c)}: must be an object`;
  const bad = fields(c, 'chunk', {
    steps: [(v) => v instanceof Uint32Array, 'a Uint32Array'],
    senders: [(v) => v instanceof Uint32Array, 'a Uint32Array'],
    vMv: [(v) => v instanceof Float32Array, 'a Float32Array'],
  });
  if (bad) return bad;
  const { steps, senders, vMv } = c as unknown as VoltageChunk;
  if (vMv.length !== steps.length * senders.length) return `chunk has ${vMv.length} values for ${steps.length} samples x ${senders.length} neurons`;
  if (vMv.byteLength > MAX_VOLTAGE_BYTES_PER_MESSAGE && steps.length > 1) {
    return `chunk has ${vMv.byteLength} bytes of samples: at most ${MAX_VOLTAGE_BYTES_PER_MESSAGE} per message (or one row)`;
  }
  return null;
}

function outcomeProblem(o: unknown): string | null {
  if (!isObj(o)) return `outcome is ${show(o)}: must be an object`;
  if (!isObj(o.params)) return `outcome.params is ${show(o.params)}: must be the parameter set`;
  const s = o.summary;
  if (!isObj(s)) return `outcome.summary is ${show(s)}: must be an object`;
  return fields(s, 'outcome.summary', {
    populations: [
      (v) => Array.isArray(v) && v.every((p) => isObj(p) && typeof p.name === 'string' && isCount(p.firstId) && isCount(p.lastId)),
      'an array of { name, firstId, lastId }',
    ],
    rates_hz: [(v) => Array.isArray(v) && v.every(isNum), 'an array of numbers'],
    timings_s: [(v) => isObj(v) && isNum(v.build) && isNum(v.presim) && isNum(v.sim), '{ build, presim, sim } in seconds'],
    num_neurons: [isCount, 'a count'],
    num_synapses: [isCount, 'a count'],
    num_spikes: [isCount, 'a count'],
    threads: [(v) => isCount(v) && v >= 1, 'a thread count >= 1'],
    seed: [isCount, 'an integer seed'],
    engine_version: [(v) => typeof v === 'string', 'a string'],
    machine: [isObj, 'the machine description'],
    resolution_ms: [(v) => isNum(v) && v > 0, 'a step > 0 ms'],
  });
}

function issuesProblem(v: unknown): string | null {
  if (v === undefined) return null;
  if (!Array.isArray(v) || !v.every((i) => isObj(i) && typeof i.path === 'string' && typeof i.message === 'string')) {
    return 'failed.issues must be an array of { path, value, message }';
  }
  return null;
}

function result<T>(problem: string | null, m: unknown): Parsed<T> {
  return problem === null ? { ok: true, message: m as T } : { ok: false, problem };
}

/** Validates a message the host received. */
export function parseParentMessage(m: unknown): Parsed<ParentMessage> {
  if (!isObj(m)) return { ok: false, problem: `a message must be an object with a type, got ${show(m)}` };
  switch (m.type) {
    case 'start':
      return result(fields(m, 'start', { runId: [isRunId, 'a positive integer'], params: [isObj, 'the parameter set (an object)'] }), m);
    case 'cancel':
      return result(fields(m, 'cancel', { reason: [(v) => isText(v) && v.trim().length > 0, `a non-empty string of at most ${MAX_TEXT_LENGTH} characters`] }), m);
    default:
      return { ok: false, problem: `unknown message type ${show(m.type)}: allowed are start, cancel` };
  }
}

/** Validates a message the parent received. */
export function parseHostMessage(m: unknown): Parsed<HostMessage> {
  if (!isObj(m)) return { ok: false, problem: `a message must be an object with a type, got ${show(m)}` };
  const runId: [(v: unknown) => boolean, string] = [isRunId, 'a positive integer'];
  /** The run a log line or a failure belongs to, or null when it is the host's own. */
  const runIdOrNull: [(v: unknown) => boolean, string] = [(v) => v === null || isRunId(v), 'null or a positive integer'];
  const text: [(v: unknown) => boolean, string] = [isText, `a string of at most ${MAX_TEXT_LENGTH} characters`];
  switch (m.type) {
    case 'ready':
      return result(
        fields(m, 'ready', {
          protocol: [(v) => v === PROTOCOL_VERSION, `protocol version ${PROTOCOL_VERSION}`],
          pid: [isCount, 'a process id'],
          engineName: [(v) => typeof v === 'string', 'a string'],
          engineVersion: [(v) => typeof v === 'string', 'a string'],
        }),
        m,
      );
    case 'progress':
      return result(fields(m, 'progress', { runId }) ?? progressProblem(m.progress), m);
    case 'spikes':
      return result(fields(m, 'spikes', { runId }) ?? spikeChunkProblem(m.chunk), m);
    case 'voltage':
      return result(fields(m, 'voltage', { runId }) ?? voltageChunkProblem(m.chunk), m);
    case 'log':
      return result(
        fields(m, 'log', {
          runId: runIdOrNull,
          level: [(v) => v === 'info' || v === 'warn' || v === 'error', 'info | warn | error'],
          line: text,
        }),
        m,
      );
    case 'done':
      return result(fields(m, 'done', { runId }) ?? outcomeProblem(m.outcome), m);
    case 'failed':
      return result(
        fields(m, 'failed', {
          runId: runIdOrNull,
          kind: [(v) => (HOST_FAILURE_KINDS as readonly unknown[]).includes(v), HOST_FAILURE_KINDS.join(' | ')],
          reason: text,
        }) ?? issuesProblem(m.issues),
        m,
      );
    case 'cancelled':
      return result(fields(m, 'cancelled', { runId, reason: text }), m);
    default:
      return { ok: false, problem: `unknown message type ${show(m.type)}` };
  }
}

export function isParentMessage(m: unknown): m is ParentMessage {
  return parseParentMessage(m).ok;
}

export function isHostMessage(m: unknown): m is HostMessage {
  return parseHostMessage(m).ok;
}

/** Cuts a text to MAX_TEXT_LENGTH (reasons and log lines). */
export function clip(text: string): string {
  return text.length <= MAX_TEXT_LENGTH ? text : `${text.slice(0, MAX_TEXT_LENGTH - 3)}...`;
}
