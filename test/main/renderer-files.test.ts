import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, readRendererFile, resolveRendererPath } from '../../src-main/services/renderer-files.ts';

const root = mkdtempSync(path.join(tmpdir(), 'renderer-'));
mkdirSync(path.join(root, 'assets'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
writeFileSync(path.join(root, 'assets', 'a.js'), 'export {}');
writeFileSync(path.join(tmpdir(), 'secret.txt'), 'no');

describe('renderer files', () => {
  it('serves index.html for / and files with their content type', async () => {
    const index = await readRendererFile(root, '/');
    expect(index).toMatchObject({ status: 200, isHtml: true, contentType: 'text/html; charset=utf-8' });
    expect(await readRendererFile(root, '/assets/a.js')).toMatchObject({ status: 200, contentType: 'text/javascript; charset=utf-8' });
    expect(await readRendererFile(root, '/assets/missing.js')).toMatchObject({ status: 404 });
  });

  it('resolves inside the root only', () => {
    expect(resolveRendererPath(root, '/assets/a.js')).toBe(path.join(root, 'assets', 'a.js'));
    expect(resolveRendererPath(root, '/../secret.txt')).toBeNull();
    expect(resolveRendererPath(root, '/%2e%2e/secret.txt')).toBeNull();
  });

  it('never leaves the root, however the path is spelled', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00', '/%E0%A4%A']) {
      const r = await readRendererFile(root, p);
      expect(r.status, p).not.toBe(200);
    }
  });

  it('has a strict CSP; only the localhost build may connect to its WebSocket', () => {
    const strict = contentSecurityPolicy();
    expect(strict).toContain("default-src 'self'");
    expect(strict).toContain("script-src 'self';");
    expect(strict).toContain("style-src 'self';");
    expect(strict).toContain("object-src 'none'");
    expect(strict).toContain("base-uri 'none'");
    expect(strict).toContain("frame-ancestors 'none'");
    expect(strict).toContain("img-src 'self' data:");
    expect(strict).not.toContain('unsafe');
    expect(strict).toContain("connect-src 'self';");
    expect(contentSecurityPolicy({ webSocketOrigin: 'ws://127.0.0.1:4321' })).toContain("connect-src 'self' ws://127.0.0.1:4321;");
  });
});
