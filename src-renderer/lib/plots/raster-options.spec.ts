import { describe, expect, it, vi } from 'vitest';
import type uPlot from 'uplot';
import { rasterOptions } from './raster-options.ts';

function options() {
  const input = {
    width: 640,
    height: 380,
    xRange: vi.fn((): [number, number] => [100, 200]),
    yRange: (): [number, number] => [0.5, 10.5],
    ticks: () => [
      { y: 8, label: 'L2/3' },
      { y: 3, label: 'L4' },
    ],
    text: () => '#123456',
    onDraw: vi.fn(),
    onSelect: vi.fn(),
    onShiftDrag: vi.fn(),
  };
  return { input, o: rasterOptions(input) };
}

describe('rasterOptions', () => {
  it('axes as NEST draws them: time [ms] below, one tick per layer on the left, in the text colour', () => {
    const { o } = options();
    const [x, y] = o.axes!;
    expect(x!.label).toBe('time [ms]');
    expect((y!.splits as () => number[])()).toEqual([8, 3]);
    expect((y!.values as () => string[])()).toEqual(['L2/3', 'L4']);
    expect((x!.stroke as () => string)()).toBe('#123456');
    expect(x!.ticks).not.toBe(y!.ticks);
    expect([o.width, o.height, o.legend?.show]).toEqual([640, 380, false]);
  });

  it('the scales follow the window and layout whenever uPlot asks', () => {
    const { o, input } = options();
    const xr = o.scales!.x!.range as () => [number, number];
    expect(xr()).toEqual([100, 200]);
    input.xRange.mockReturnValue([120, 140]);
    expect(xr()).toEqual([120, 140]);
    expect((o.scales!.y!.range as () => [number, number])()).toEqual([0.5, 10.5]);
    expect(o.scales!.x!.auto).toBe(false);
  });

  it('a plain drag is uPlot’s selection (x only); a left shift-drag goes to the caller instead', () => {
    const { o, input } = options();
    expect(o.cursor!.drag).toMatchObject({ x: true, y: false, setScale: false });
    const handler = vi.fn(() => null);
    const bind = o.cursor!.bind!.mousedown!({} as uPlot, null as unknown as HTMLElement, handler)!;
    bind(new MouseEvent('mousedown', { button: 0 }));
    expect(handler).toHaveBeenCalledTimes(1);
    bind(new MouseEvent('mousedown', { button: 0, shiftKey: true }));
    expect(input.onShiftDrag).toHaveBeenCalledTimes(1);
    expect(handler).toHaveBeenCalledTimes(1);
    bind(new MouseEvent('mousedown', { button: 2, shiftKey: true }));
    expect(handler).toHaveBeenCalledTimes(2);
    expect(o.hooks!.draw).toEqual([input.onDraw]);
    expect(o.hooks!.setSelect).toEqual([input.onSelect]);
  });
});
