// Setup of the renderer specs (happy-dom): unmount components after each test, and stub what
// happy-dom lacks and uPlot needs (matchMedia, a 2D canvas context, Path2D). Drawing is tested
// for real in Chromium by the e2e tests.
import '@testing-library/svelte/vitest';
import { vi } from 'vitest';

if (!('matchMedia' in window) || typeof window.matchMedia !== 'function') {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  }));
}

const context2d = new Proxy(
  {},
  {
    get: (_target, prop) => (prop === 'measureText' ? () => ({ width: 0 }) : prop === 'canvas' ? undefined : () => {}),
    set: () => true,
  },
);
HTMLCanvasElement.prototype.getContext = vi.fn(() => context2d) as unknown as HTMLCanvasElement['getContext'];

if (typeof globalThis.Path2D === 'undefined') {
  vi.stubGlobal(
    'Path2D',
    class {
      moveTo(): void {}
      lineTo(): void {}
      rect(): void {}
      arc(): void {}
      closePath(): void {}
    },
  );
}
