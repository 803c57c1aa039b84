import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitBounds, loadWindowStateSync, MIN_SIZE, saveWindowStateSync } from '../../src-main/services/window-state.ts';

const screen = { x: 0, y: 0, width: 1920, height: 1050 };

describe('window state', () => {
  it('round-trips through the JSON file', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ws-')), 'window-state.json');
    const state = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true };
    saveWindowStateSync(file, state);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state);
    expect(loadWindowStateSync(file)).toEqual(state);
  });

  it('tolerates a missing or damaged file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ws-'));
    expect(loadWindowStateSync(path.join(dir, 'missing.json'))).toBeNull();
    const bad = path.join(dir, 'bad.json');
    for (const text of ['{', '[]', '{"bounds":{"x":"1"},"maximized":false}', 'null']) {
      writeFileSync(bad, text);
      expect(loadWindowStateSync(bad), text).toBeNull();
    }
  });

  it('opens at 1280x800 centred when nothing was saved', () => {
    expect(fitBounds(null, [screen])).toEqual({ x: 320, y: 125, width: 1280, height: 800 });
  });

  it('keeps saved bounds that are on a display', () => {
    const saved = { x: 100, y: 50, width: 1400, height: 900 };
    expect(fitBounds(saved, [screen])).toEqual(saved);
  });

  it('brings back a window left on a disconnected display', () => {
    const saved = { x: 3000, y: 100, width: 1200, height: 800 };
    expect(fitBounds(saved, [screen])).toEqual({ x: 360, y: 125, width: 1200, height: 800 });
  });

  it('never exceeds the display nor goes below the minimum', () => {
    const small = { x: 0, y: 0, width: 1000, height: 700 };
    expect(fitBounds({ x: 0, y: 0, width: 3000, height: 2000 }, [small])).toEqual({ x: 0, y: 0, width: 1000, height: 700 });
    expect(fitBounds({ x: 0, y: 0, width: 200, height: 100 }, [screen]).width).toBe(MIN_SIZE.width);
  });
});
