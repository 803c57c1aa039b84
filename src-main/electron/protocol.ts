/**
 * app://studio/ serves the built renderer with the strict Content-Security-Policy as a header.
 * registerAppScheme() must run before the app is ready; serveAppProtocol() after.
 */
import type { Protocol } from 'electron';
import { contentSecurityPolicy, readRendererFile, rendererHeaders } from '../services/renderer-files.ts';
import { APP_HOST, APP_SCHEME } from './policy.ts';

export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Answers an app:// request from rendererDir (exported for tests). */
export async function answerAppRequest(rendererDir: string, requestUrl: string, csp = contentSecurityPolicy()): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
  const file = await readRendererFile(rendererDir, url.pathname);
  if (file.status !== 200) return new Response(file.message, { status: file.status });
  return new Response(new Uint8Array(file.body), { status: 200, headers: rendererHeaders(file.contentType, csp) });
}

export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, (request) => answerAppRequest(rendererDir, request.url, csp));
}
