/**
 * Start-up choice of transport: the preload's `window.studio` inside Electron, else the localhost
 * transport with the token from the page's URL. Everything after this is transport-agnostic.
 */
import type { StudioTransport } from '../../src-main/contract.ts';
import { WebTransport } from './web-transport.ts';

export interface PageContext {
  studio?: StudioTransport;
  location: { origin: string; search: string };
}

export type TransportChoice = { ok: true; transport: StudioTransport } | { ok: false; reason: string };

export function pickTransport(page: PageContext): TransportChoice {
  if (page.studio) return { ok: true, transport: page.studio };
  const token = new URLSearchParams(page.location.search).get('token');
  if (!token) {
    return { ok: false, reason: 'This page needs its access token: open the full URL that `npm run serve` printed (it ends in ?token=…).' };
  }
  return { ok: true, transport: new WebTransport({ origin: page.location.origin, token }) };
}
