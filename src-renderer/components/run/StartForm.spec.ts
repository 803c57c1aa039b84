import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { StudioClient } from '../../lib/client.ts';
import { LiveRun } from '../../lib/live-run.svelte.ts';
import { FakeTransport } from '../../test-support/fake-transport.ts';
import StartForm from './StartForm.svelte';

function setup(extra: Partial<{ ready: boolean; connected: boolean; issues: { path: string; value: unknown; message: string }[] }> = {}) {
  const live = new LiveRun(new StudioClient(new FakeTransport({})), (fn) => fn());
  const props = { live, ready: true, issues: [], name: '', suggestedName: 'default · seed 55', origin: 'preset default', onNameChange: vi.fn(), onStart: vi.fn(), ...extra };
  render(StartForm, props);
  return props;
}

describe('StartForm', () => {
  it('names the run as typed (the suggestion as placeholder) and starts it with Run or Enter', async () => {
    const p = setup();
    const name = screen.getByTestId('run-name') as HTMLInputElement;
    expect(name.placeholder).toBe('default · seed 55');
    expect(name.maxLength).toBe(200);
    expect(screen.getByRole('heading').textContent).toBe('New run from preset default');
    await fireEvent.input(name, { target: { value: 'mine' } });
    expect(p.onNameChange).toHaveBeenCalledWith('mine');
    await fireEvent.click(screen.getByTestId('start-run'));
    await fireEvent.submit(name.form!);
    expect(p.onStart).toHaveBeenCalledTimes(2);
  });

  it('invalid parameters block the start and name the first problems', async () => {
    const issues = [1, 2, 3, 4].map((i) => ({ path: `net.x${i}`, value: -1, message: 'must be ≥ 0' }));
    const p = setup({ issues });
    const run = screen.getByTestId('start-run') as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    expect(screen.getByTestId('start-blocked').textContent).toMatch(/4 parameters are invalid — fix them in the editor to run:.*net\.x1.*net\.x3/s);
    expect(run.getAttribute('aria-describedby')).toBe(screen.getByTestId('start-blocked').id);
    await fireEvent.submit(run.form!);
    expect(p.onStart).not.toHaveBeenCalled();
  });

  it('waits while the parameters load', () => {
    setup({ ready: false });
    expect((screen.getByTestId('start-run') as HTMLButtonElement).disabled).toBe(true);
  });

  it('waits while the server cannot be reached, and says why', async () => {
    const p = setup({ connected: false });
    const run = screen.getByTestId('start-run') as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    expect(screen.getByTestId('start-offline').textContent).toMatch(/Not connected to the server/);
    expect(run.getAttribute('aria-describedby')).toBe(screen.getByTestId('start-offline').id);
    await fireEvent.submit(run.form!);
    expect(p.onStart).not.toHaveBeenCalled();
  });
});
