import type { StudioTransport } from '../../src-main/contract.ts';

declare global {
  interface Window {
    /** Set by the preload inside Electron; absent in a browser. */
    studio?: StudioTransport;
  }
}

export {};
