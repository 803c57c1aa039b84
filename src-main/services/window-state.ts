/**
 * The main window's remembered bounds: a small JSON file in userData. Reading tolerates a missing
 * or damaged file (the window then opens at the default size); fitting keeps a window that was on a
 * now-disconnected display reachable.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
export const MIN_SIZE = { width: 960, height: 600 } as const;

function isRect(v: unknown): v is Rect {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k]));
}

function parseWindowState(text: string): WindowState | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const s = v as Record<string, unknown>;
  if (!isRect(s.bounds) || typeof s.maximized !== 'boolean') return null;
  return { bounds: s.bounds, maximized: s.maximized };
}

export function loadWindowStateSync(file: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Writes via a temporary file and a rename, so a crash never leaves half a file. */
export function saveWindowStateSync(file: string, state: WindowState): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Bounds to open the window with, given the displays' work areas (primary first): the saved bounds
 * when enough of the window is on some display, else the default size centred on the primary one.
 * The size never exceeds the chosen display nor goes below the minimum.
 */
export function fitBounds(saved: Rect | null, workAreas: readonly Rect[]): Rect {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  if (saved) {
    const best = workAreas.reduce<{ area: Rect; px: number } | null>((acc, area) => {
      const px = overlap(saved, area);
      return px > (acc?.px ?? 0) ? { area, px } : acc;
    }, null);
    // At least a quarter of the window (and 100 x 100 px) visible: keep where the user left it.
    if (best && best.px >= Math.max(saved.width * saved.height * 0.25, 100 * 100)) {
      return {
        x: saved.x,
        y: saved.y,
        width: Math.max(MIN_SIZE.width, Math.min(saved.width, best.area.width)),
        height: Math.max(MIN_SIZE.height, Math.min(saved.height, best.area.height)),
      };
    }
  }
  // Off every display (or never saved): the saved size, else the default, centred on the primary.
  const size = saved ?? DEFAULT_SIZE;
  const width = Math.max(MIN_SIZE.width, Math.min(size.width, primary.width));
  const height = Math.max(MIN_SIZE.height, Math.min(size.height, primary.height));
  return {
    x: Math.round(primary.x + (primary.width - width) / 2),
    y: Math.round(primary.y + (primary.height - height) / 2),
    width,
    height,
  };
}
