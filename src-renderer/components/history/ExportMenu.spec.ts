import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ExportMenu from './ExportMenu.svelte';

const props = (extra: Partial<{ available: boolean; busy: boolean; disabled: boolean }> = {}) => ({
  runName: 'baseline',
  available: true,
  busy: false,
  disabled: false,
  onExport: vi.fn(),
  ...extra,
});

describe('ExportMenu', () => {
  it('a run that has not ended offers a disabled button saying why', () => {
    render(ExportMenu, props({ available: false }));
    const button = screen.getByTestId('export-menu-disabled') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.title).toBe('A run can be exported once it ends');
    expect(screen.queryByTestId('export-menu')).toBeNull();
  });

  it('a choice closes the menu, gives the focus back to its toggle and asks for that export', async () => {
    const p = props();
    render(ExportMenu, p);
    const menu = screen.getByTestId('export-menu') as HTMLDetailsElement;
    menu.open = true;
    await fireEvent.click(screen.getByTestId('export-pynest'));
    expect(p.onExport).toHaveBeenCalledWith('pynest');
    expect(menu.open).toBe(false);
    expect(document.activeElement).toBe(screen.getByTestId('export-menu-toggle'));
  });

  it('Escape on the toggle closes an open menu; while an export is made the toggle says so and the choices wait', async () => {
    const p = props({ busy: true, disabled: true });
    render(ExportMenu, p);
    const menu = screen.getByTestId('export-menu') as HTMLDetailsElement;
    menu.open = true;
    await fireEvent.keyDown(screen.getByTestId('export-menu-toggle'), { key: 'Escape' });
    expect(menu.open).toBe(false);
    expect(screen.getByTestId('export-menu-toggle').textContent).toBe('Exporting…');
    expect((screen.getByTestId('export-run') as HTMLButtonElement).disabled).toBe(true);
  });
});
