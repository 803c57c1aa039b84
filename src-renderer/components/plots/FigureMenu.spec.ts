import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as FilesModule from '../../lib/files.ts';
import FigureMenu from './FigureMenu.svelte';

const downloads = vi.hoisted(() => [] as string[]);
vi.mock('../../lib/files.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof FilesModule>()),
  downloadBytes: (_b: Uint8Array, name: string) => downloads.push(name),
}));

beforeEach(() => {
  downloads.length = 0;
});

const fig = (widthCm: number) => ({ title: 'Power spectra of run 3: a', svg: '<svg width="1cm" height="1cm"></svg>', widthCm, heightCm: 6 });

describe('FigureMenu', () => {
  it('saves the SVG at the width chosen and says what it wrote', async () => {
    const make = vi.fn((o: { widthCm?: number }) => fig(o.widthCm ?? 0));
    render(FigureMenu, { what: 'power spectra', make, testid: 'f' });
    expect(screen.getByTestId('f-toggle').getAttribute('aria-label')).toBe('Save the power spectra as a figure');
    await fireEvent.change(screen.getByTestId('f-width'), { target: { value: '17.8' } });
    await fireEvent.click(screen.getByTestId('f-save'));
    await waitFor(() => expect(screen.getByTestId('f-saved').textContent).toMatch(/^Saved power-spectra-of-run-3-a\.svg \(SVG, 17\.8 × 6 cm/));
    expect(make).toHaveBeenCalledWith({ widthCm: 17.8 });
    expect(downloads).toEqual(['power-spectra-of-run-3-a.svg']);
  });

  it('PNG asks for a resolution; a bad one or a figure that cannot be drawn is refused in words, nothing downloaded', async () => {
    const make = vi.fn((): ReturnType<typeof fig> => {
      throw new RangeError('heightCm: got 3 cm, allowed: a taller figure');
    });
    render(FigureMenu, { what: 'raster', make, testid: 'f' });
    expect(screen.queryByTestId('f-dpi')).toBeNull();
    await fireEvent.click(screen.getByTestId('f-png'));
    await fireEvent.change(screen.getByTestId('f-dpi'), { target: { value: 'other' } });
    await fireEvent.input(screen.getByTestId('f-dpi-value'), { target: { value: '5000' } });
    await fireEvent.click(screen.getByTestId('f-save'));
    expect(screen.getByTestId('f-saved').textContent).toBe('Resolution: got “5000”, allowed: a whole number of dpi from 50 to 1200');
    expect(make).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByTestId('f-dpi-value'), { target: { value: '300' } });
    await fireEvent.click(screen.getByTestId('f-save'));
    await waitFor(() => expect(screen.getByTestId('f-saved').textContent).toBe('Not saved: heightCm: got 3 cm, allowed: a taller figure'));
    expect(downloads).toEqual([]);
  });
});
