/**
 * The link to the services in words, for the header, the banner and the live run. Pure.
 */
import type { ConnectionState } from '../../src-main/contract.ts';
import { formatTimeOfDay, type Tone } from './format.ts';

/** The services are reachable: what the page shows is live. */
export function isConnected(state: ConnectionState): boolean {
  return state.status === 'connected';
}

/** One or two words for the header. */
export function connectionLabel(state: ConnectionState): { text: string; tone: Tone } {
  switch (state.status) {
    case 'connected':
      return { text: 'connected', tone: 'good' };
    case 'connecting':
      return { text: 'connecting…', tone: 'neutral' };
    case 'reconnecting':
      return { text: 'disconnected', tone: 'warn' };
    case 'refused':
      return { text: 'token refused', tone: 'bad' };
    default: {
      const never: never = state;
      throw new Error(`unknown connection state ${JSON.stringify(never)}`);
    }
  }
}

/** Since when the page has not heard from the services, in words ('since 14:03:07'); '' when connected. */
export function lostSince(state: ConnectionState): string {
  return state.status === 'reconnecting' || state.status === 'refused' ? `since ${formatTimeOfDay(state.sinceMs)}` : '';
}
