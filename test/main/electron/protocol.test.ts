import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerAppRequest } from '../../../src-main/electron/protocol.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'app-protocol-'));
writeFileSync(path.join(dir, 'index.html'), '<!doctype html><p>hi</p>');

describe('app:// protocol', () => {
  it('serves the page with the strict CSP header (no WebSocket allowance)', async () => {
    const res = await answerAppRequest(dir, 'app://studio/index.html');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<p>hi</p>');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toContain('ws:');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('404s other hosts and missing files, refuses escapes', async () => {
    expect((await answerAppRequest(dir, 'app://elsewhere/index.html')).status).toBe(404);
    expect((await answerAppRequest(dir, 'app://studio/nope.js')).status).toBe(404);
    // %2e%2e segments are resolved by the URL parser (stays inside the root: not found) ...
    expect((await answerAppRequest(dir, 'app://studio/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    // ... and encoded slashes are refused by the file resolver.
    expect((await answerAppRequest(dir, 'app://studio/..%2f..%2fetc%2fpasswd')).status).toBe(400);
  });
});
