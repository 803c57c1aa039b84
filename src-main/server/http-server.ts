/**
 * The localhost transport: the same services as the Electron build, behind HTTP + WebSocket on
 * 127.0.0.1 only, for a browser (development where Electron cannot run, end-to-end tests).
 *
 *   POST /api/<method>   request; body = payload (JSON, or a binary frame when it holds typed
 *                        arrays, src-main/common/wire.ts); reply = the envelope, same encoding
 *   GET  /ws             WebSocket of pushed events (text frames for JSON, binary frames otherwise)
 *   GET  /...            the built renderer (out/renderer)
 *
 * Refusals: wrong Host or Origin 403, missing/wrong token 401, malformed body or payload 400 (the
 * message names the field, the value and what is allowed), unknown method 404, wrong HTTP method 405,
 * body too large 413.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Envelope, ErrorCode, StudioEvent } from '../contract.ts';
import type { StudioServices } from '../services/services.ts';
import { contentSecurityPolicy, readRendererFile, rendererHeaders } from '../services/renderer-files.ts';
import { describeForLog } from '../common/text.ts';
import { decodeWire, encodeWire, WIRE_CONTENT_TYPE } from '../common/wire.ts';
import { checkRequest, tokenCookieName, type GuardConfig, type RequestFacts } from './guard.ts';

export interface ServerOptions {
  services: StudioServices;
  /** Folder of the built renderer (index.html and assets/). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); random by default. */
  token?: string;
  /** Largest request body, bytes. */
  maxBodyBytes?: number;
}

export interface RunningServer {
  port: number;
  token: string;
  /** The URL to open: http://127.0.0.1:PORT/?token=... */
  url: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const API_PREFIX = '/api/';
/** A client this far behind on spike events is skipped for them (it can fetch them with runs.spikes). */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
const PING_INTERVAL_MS = 30_000;
/**
 * Largest JSON part of a request (the whole body, or a binary frame's header): parameter sets and
 * names take a few KiB; files travel as typed arrays in a frame's body, decoded one to one.
 */
const MAX_JSON_BYTES = 1024 * 1024;

const STATUS: Record<ErrorCode, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'unknown-method': 404,
  'not-found': 404,
  conflict: 409,
  internal: 500,
};

function facts(req: http.IncomingMessage, url: URL): RequestFacts {
  return {
    host: req.headers.host,
    origin: req.headers.origin,
    authorization: req.headers.authorization,
    cookie: req.headers.cookie,
    queryToken: url.searchParams.get('token'),
  };
}

function sendEnvelope(res: http.ServerResponse, status: number, envelope: Envelope<unknown>): void {
  const body = encodeWire(envelope);
  const isText = typeof body === 'string';
  res.writeHead(status, {
    'Content-Type': isText ? 'application/json; charset=utf-8' : WIRE_CONTENT_TYPE,
    'Content-Length': isText ? Buffer.byteLength(body) : body.byteLength,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

function sendError(res: http.ServerResponse, code: ErrorCode, message: string, status = STATUS[code]): void {
  sendEnvelope(res, status, { ok: false, error: { code, message } });
}

/** The body, or null when it grew over the limit (the rest is read and dropped). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { services, rendererDir } = options;
  const token = options.token ?? randomBytes(24).toString('base64url');
  const maxBody = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  // Known once listening; the guard and the CSP need it.
  let guard: GuardConfig = { token, port: 0 };
  let csp = '';

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendError(res, 'bad-request', `${req.method ?? ''} is not allowed on ${url.pathname}: use POST`, 405);
      return;
    }
    let method: string;
    try {
      method = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
    } catch {
      sendError(res, 'unknown-method', `unknown method ${JSON.stringify(url.pathname.slice(API_PREFIX.length, 100))}`);
      return;
    }
    const body = await readBody(req, maxBody);
    if (body === null) {
      res.setHeader('Connection', 'close');
      sendError(res, 'bad-request', `the request body is over the limit of ${maxBody} bytes`, 413);
      return;
    }
    let payload: unknown;
    if (body.length === 0) {
      payload = undefined;
    } else {
      try {
        payload = decodeWire(body, { maxTextBytes: MAX_JSON_BYTES });
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        sendError(res, 'bad-request', `the body is not valid JSON or a binary frame: ${why}`);
        return;
      }
    }
    const envelope = await services.dispatch(method, payload, { transport: 'web' });
    sendEnvelope(res, envelope.ok ? 200 : STATUS[envelope.error.code], envelope);
  }

  async function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`${req.method ?? ''} is not allowed here\n`);
      return;
    }
    const file = await readRendererFile(rendererDir, url.pathname);
    if (file.status !== 200) {
      res.writeHead(file.status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`${file.message}\n`);
      return;
    }
    const headers: Record<string, string> = rendererHeaders(file.contentType, csp);
    if (file.isHtml && url.searchParams.get('token') === token) {
      // Lets the page's own asset requests through without the token in every URL.
      headers['Set-Cookie'] = `${tokenCookieName(guard.port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const refusal = checkRequest(facts(req, url), guard);
    if (refusal) {
      sendError(res, refusal.code, refusal.message, refusal.status);
      return;
    }
    const handle = url.pathname.startsWith(API_PREFIX) ? handleApi : handleStatic;
    handle(req, res, url).catch((error: unknown) => {
      console.error(`request failed: ${describeForLog(error)}`);
      if (!res.headersSent) sendError(res, 'internal', 'the server failed to answer');
      else res.destroy();
    });
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const refusal = url.pathname === '/ws' ? checkRequest(facts(req, url), guard) : null;
    if (url.pathname !== '/ws' || refusal) {
      const status = refusal?.status ?? 404;
      const text = refusal?.message ?? 'no WebSocket here';
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${text}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const alive = new WeakSet<WebSocket>();
  wss.on('connection', (ws: WebSocket) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    // Clients do not send requests over the socket; anything they send is ignored.
    const unsubscribe = services.events.subscribe((event: StudioEvent) => {
      if (ws.readyState !== ws.OPEN) return;
      if (event.type === 'run.spikes' && ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
      ws.send(encodeWire(event));
    });
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
  });
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  guard = { token, port: address.port };
  csp = contentSecurityPolicy({ webSocketOrigin: `ws://${HOST}:${address.port}` });

  return {
    port: address.port,
    token,
    url: `http://${HOST}:${address.port}/?token=${token}`,
    close: async () => {
      clearInterval(pinger);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
