/**
 * THE contract between the renderer and the main-process services: every request (its payload
 * schema and its reply type) and the union of events the services push. Both transports serve
 * exactly this (Electron IPC through the preload, and the localhost HTTP + WebSocket server), so
 * the renderer cannot tell them apart.
 *
 * To add a request:
 *   1. add an entry to `contract` below: `'runs.rename': method({ doc, payload: s.object({...}),
 *      reply: returns<RunRecord>() })`;
 *   2. add its handler to a service's handler map (src-main/services/*.ts, composed in
 *      src-main/services/handlers.ts); the compiler refuses a contract entry without a handler.
 * The payload is validated against the schema before the handler runs (a bad one is answered
 * with a `bad-request` error naming the field, the value and what is allowed); the reply type
 * flows to the renderer's `client.call(...)` through `import type`.
 *
 * Binary data (typed arrays, e.g. spike senders/steps) may appear in payloads, replies and events:
 * IPC carries them by structured clone, the localhost transport as binary frames (src-common/wire.ts).
 *
 * The renderer and the preload import this file with `import type` only.
 */
import * as s from '../src-common/schema.ts';
import { PRESET_NAMES } from '../engine/params/presets.ts';
import type { ParamSet, PresetName } from '../engine/params/types.ts';
import type { RunProgress, SpikeChunk } from '../engine/api.ts';

// ---------------------------------------------------------------------------------------------
// Building blocks

/** A reply type carried at the type level only. */
export interface Returns<R> {
  readonly __reply?: R;
}

/** Declares the reply type of a request: `reply: returns<ParamSet>()`. */
export function returns<R>(): Returns<R> {
  return {};
}

export interface MethodSpec<P, R> {
  /** One line for people: what the request does. */
  readonly doc: string;
  readonly payload: s.Schema<P>;
  readonly reply: Returns<R>;
}

function method<P, R>(spec: MethodSpec<P, R>): MethodSpec<P, R> {
  return spec;
}

// ---------------------------------------------------------------------------------------------
// Shared types

/** How the renderer reaches the services. */
export type TransportKind = 'ipc' | 'web';

export interface AppInfo {
  name: string;
  /** The app's version (package.json). */
  version: string;
  engineName: string;
  engineVersion: string;
  transport: TransportKind;
  /** Node's process.platform of the services' process. */
  platform: string;
}

export interface PresetInfo {
  name: PresetName;
  description: string;
}

/** Lifecycle of a run (the run manager refines the reasons). */
export type RunState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

// ---------------------------------------------------------------------------------------------
// Requests

export const contract = {
  'app.info': method({
    doc: 'Name and version of the app and the engine, and the transport in use.',
    payload: s.empty(),
    reply: returns<AppInfo>(),
  }),
  'params.presets': method({
    doc: 'The parameter presets: names and one-line descriptions.',
    payload: s.empty(),
    reply: returns<PresetInfo[]>(),
  }),
  'params.defaults': method({
    doc: 'The full parameter set of a preset.',
    payload: s.object({ preset: s.oneOf(PRESET_NAMES) }),
    reply: returns<ParamSet>(),
  }),
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Payload<M extends Method> = s.Infer<Contract[M]['payload']>;
export type Reply<M extends Method> = Contract[M]['reply'] extends Returns<infer R> ? R : never;

export function isMethod(name: string): name is Method {
  return Object.hasOwn(contract, name);
}

// ---------------------------------------------------------------------------------------------
// Events pushed by the services

export type StudioEvent =
  | { type: 'run.progress'; runId: string; progress: RunProgress }
  | { type: 'run.state'; runId: string; state: RunState; reason?: string }
  | { type: 'run.spikes'; runId: string; chunk: SpikeChunk };

// ---------------------------------------------------------------------------------------------
// Replies and errors

export type ErrorCode =
  | 'bad-request'
  | 'unknown-method'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'internal';

/** A typed error as it crosses the process boundary. */
export interface StudioErrorInfo {
  code: ErrorCode;
  message: string;
  /** For `bad-request`: the offending field, what it got and what is allowed. */
  field?: string;
  got?: string;
  allowed?: string;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: StudioErrorInfo };

/**
 * What a transport offers the renderer. The preload exposes one as `window.studio` (kind 'ipc');
 * the renderer builds the 'web' one itself. Replies come as envelopes, never as thrown errors, so
 * the error's code survives the trip.
 */
export interface StudioTransport {
  readonly kind: TransportKind;
  invoke(method: Method, payload: unknown): Promise<Envelope<unknown>>;
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: StudioEvent) => void): () => void;
}
