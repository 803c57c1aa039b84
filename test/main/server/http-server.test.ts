// The localhost transport's refusals and replies, over real HTTP and WebSocket connections.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../../src-main/server/http-server.ts';
import { createServices, type StudioServices } from '../../../src-main/services/services.ts';
import { decodeWire } from '../../../src-main/common/wire.ts';
import { presetParams } from '../../../engine/params/presets.ts';
import type { RunEvent } from '../../../src-main/contract.ts';

let server: RunningServer;
let services: StudioServices;
let base: string;
const rendererDir = mkdtempSync(path.join(tmpdir(), 'serve-renderer-'));
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');

beforeAll(async () => {
  services = createServices({ identity: { name: 'Microcircuit Studio', version: '0.0.1' }, dataDir: mkdtempSync(path.join(tmpdir(), 'serve-data-')) });
  server = await startServer({ services, rendererDir, port: 0, maxBodyBytes: 4096 });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await services.close();
});

function api(method: string, init: { body?: string; headers?: Record<string, string>; verb?: string } = {}): Promise<Response> {
  return fetch(`${base}/api/${method}`, {
    method: init.verb ?? 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', ...init.headers },
    body: init.body,
  });
}

async function errorOf(res: Response): Promise<{ code: string; message: string; field?: string }> {
  const body = (await res.json()) as { ok: boolean; error: { code: string; message: string; field?: string } };
  expect(body.ok).toBe(false);
  return body.error;
}

describe('localhost server', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a valid request', async () => {
    const res = await api('params.defaults', { body: JSON.stringify({ preset: 'full' }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, value: presetParams('full') });
    const info = await api('app.info');
    expect(((await info.json()) as { value: { transport: string } }).value.transport).toBe('web');
  });

  it('401 without the token or with a wrong one', async () => {
    const none = await fetch(`${base}/api/app.info`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect((await errorOf(none)).message).toMatch(/missing token/);
    const wrong = await api('app.info', { headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).message).toMatch(/wrong token/);
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(401);
  });

  it('403 from another Origin, even with the token', async () => {
    const res = await api('app.info', { headers: { Origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toMatch(/Origin "http:\/\/evil.example" may not use this server/);
    const same = await api('app.info', { headers: { Origin: base } });
    expect(same.status).toBe(200);
  });

  it('403 for a foreign Host header (DNS rebinding)', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, path: '/api/app.info', method: 'POST', headers: { Host: `evil.example:${server.port}`, Authorization: `Bearer ${server.token}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('400 for a malformed payload, naming the field, the value and what is allowed', async () => {
    const res = await api('params.defaults', { body: JSON.stringify({ preset: 'huge' }) });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error).toMatchObject({ code: 'bad-request', field: 'preset' });
    expect(error.message).toBe(`preset: got "huge", allowed: one of 'default', 'full'`);
    const missing = await api('params.defaults', { body: '{}' });
    expect((await errorOf(missing)).message).toMatch(/^preset: got nothing/);
  });

  it('400 for a body that is not JSON', async () => {
    const res = await api('params.defaults', { body: '{"preset":' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/not valid JSON/);
  });

  it('404 for an unknown method', async () => {
    const res = await api('runs.explode', { body: '{}' });
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatchObject({ code: 'unknown-method', message: 'unknown method "runs.explode"' });
    const garbled = await api('%E0%A4%A', { body: '{}' });
    expect(garbled.status).toBe(404);
  });

  it('405 for GET on the API, 413 for a body over the limit', async () => {
    const get = await api('app.info', { verb: 'GET' });
    expect(get.status).toBe(405);
    const big = await api('params.defaults', { body: JSON.stringify({ preset: 'x'.repeat(5000) }) });
    expect(big.status).toBe(413);
  });

  it('serves the page with the token, sets the cookie, and the CSP', async () => {
    const res = await fetch(`${base}/?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>t</title>');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(csp).toContain("script-src 'self'");
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const again = await fetch(`${base}/index.html`, { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    expect(again.status).toBe(200);
    const traversal = await fetch(`${base}/..%2f..%2fetc%2fpasswd?token=${server.token}`);
    expect(traversal.status).toBe(400);
  });

  it('pushes events over the WebSocket: binary frames for typed arrays', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: base });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const received: RunEvent[] = [];
    const two = new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        received.push(decodeWire(isBinary ? data : data.toString('utf8')) as RunEvent);
        if (received.length === 2) resolve();
      });
    });
    services.events.emit({ type: 'run.log', runId: 1, level: 'info', line: 'building the network' });
    services.events.emit({ type: 'run.spikes', runId: 1, preview: { fromStep: 0, toStep: 5, senders: new Uint32Array([4, 9]), steps: new Uint32Array([1, 5]), stride: 1, totalSpikes: 2 } });
    await two;
    ws.close();
    expect(received[0]).toEqual({ type: 'run.log', runId: 1, level: 'info', line: 'building the network' });
    const spikes = received[1];
    expect(spikes?.type).toBe('run.spikes');
    if (spikes?.type === 'run.spikes') {
      expect(spikes.preview.senders).toBeInstanceOf(Uint32Array);
      expect(Array.from(spikes.preview.senders)).toEqual([4, 9]);
      expect(Array.from(spikes.preview.steps)).toEqual([1, 5]);
    }
  });

  it('refuses a WebSocket without the token or from another Origin', async () => {
    const statusOf = (url: string, origin?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, origin ? { origin } : {});
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', () => {});
      });
    expect(await statusOf(`ws://127.0.0.1:${server.port}/ws`)).toBe(401);
    expect(await statusOf(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, 'http://evil.example')).toBe(403);
  });
});
