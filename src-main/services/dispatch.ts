/**
 * The one place a request name + payload becomes a service call, shared by both transports
 * (Electron IPC in src-main/electron/ipc.ts, HTTP in src-main/server/). It refuses unknown methods,
 * validates the payload against the contract's schema, runs the handler and wraps the outcome in an
 * envelope, so the caller never sees a thrown error.
 */
import { contract, isMethod, type Envelope, type Method, type Payload, type Reply, type TransportKind } from '../contract.ts';
import { describeForLog } from '../common/text.ts';
import { expectedError, StudioError } from './errors.ts';

export interface CallContext {
  /** Which transport the call came through. */
  transport: TransportKind;
}

export type Handler<M extends Method> = (payload: Payload<M>, ctx: CallContext) => Reply<M> | Promise<Reply<M>>;

/** One handler per contract method: a missing one is a compile error. */
export type Handlers = { [M in Method]: Handler<M> };

export type Dispatch = (method: string, payload: unknown, ctx: CallContext) => Promise<Envelope<unknown>>;

export function createDispatcher(
  handlers: Handlers,
  onInternalError: (method: string, error: unknown) => void = (m, e) => console.error(`${m} failed: ${describeForLog(e)}`),
): Dispatch {
  return async function dispatch(method, payload, ctx) {
    if (!isMethod(method)) {
      return { ok: false, error: { code: 'unknown-method', message: `unknown method ${JSON.stringify(method.slice(0, 80))}` } };
    }
    const parsed = contract[method].payload.parse(payload);
    if (!parsed.ok) return { ok: false, error: StudioError.badRequest(parsed.issue).toInfo() };
    try {
      // The handler map is keyed by method, so handler and payload belong together.
      const handler = handlers[method] as Handler<Method>;
      const value: unknown = await handler(parsed.value as Payload<Method>, ctx);
      return { ok: true, value };
    } catch (error) {
      const expected = expectedError(error);
      if (expected) return { ok: false, error: expected.toInfo() };
      onInternalError(method, error);
      return { ok: false, error: { code: 'internal', message: `${method} failed: ${errorMessage(error)}` } };
    }
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
