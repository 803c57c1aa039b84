/**
 * Serving the built renderer (out/renderer), shared by the app:// protocol of the Electron build
 * and the localhost server: URL path to file (never outside the root), content type, and the
 * security headers including the Content-Security-Policy.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

export type RendererFile =
  | { status: 200; body: Buffer; contentType: string; isHtml: boolean }
  | { status: 400 | 404; message: string };

/** Maps a URL path to a file under root, or null when it would leave root or is malformed. */
export function resolveRendererPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const rootAbs = path.resolve(root);
  const full = path.resolve(rootAbs, relative);
  if (full !== rootAbs && !full.startsWith(rootAbs + path.sep)) return null;
  return full;
}

export async function readRendererFile(root: string, urlPath: string): Promise<RendererFile> {
  const file = resolveRendererPath(root, urlPath);
  if (file === null) return { status: 400, message: 'bad path' };
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  try {
    const body = await readFile(file);
    return { status: 200, body, contentType, isHtml: contentType.startsWith('text/html') };
  } catch {
    return { status: 404, message: `not found: ${urlPath}` };
  }
}

export interface CspOptions {
  /** The localhost transport adds its WebSocket endpoint to connect-src. */
  webSocketOrigin?: string;
}

/**
 * The page's Content-Security-Policy. Svelte's component styles are built into .css files, so
 * style-src needs no 'unsafe-inline'.
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'", ...(options.webSocketOrigin ? [options.webSocketOrigin] : [])];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every renderer response carries. */
export function rendererHeaders(contentType: string, csp: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
