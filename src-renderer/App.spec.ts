import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { PRESET_DESCRIPTIONS, PRESET_NAMES, presetParams } from '../engine/params/presets.ts';
import type { PresetName } from '../engine/params/types.ts';
import App from './App.svelte';
import { AppState } from './lib/app-state.svelte.ts';
import { StudioClient } from './lib/client.ts';
import { FakeTransport } from './test-support/fake-transport.ts';

function services(): FakeTransport {
  return new FakeTransport({
    'app.info': () => ({
      ok: true,
      value: { name: 'Microcircuit Studio', version: '0.1.0', engineName: 'microcircuit-engine', engineVersion: '0.1.0', transport: 'web', platform: 'linux' },
    }),
    'params.presets': () => ({ ok: true, value: PRESET_NAMES.map((name) => ({ name, description: PRESET_DESCRIPTIONS[name] })) }),
    'params.defaults': (p) => ({ ok: true, value: presetParams((p as { preset: PresetName }).preset) }),
  });
}

describe('App shell', () => {
  it('loads info, presets and the default parameters through the transport', async () => {
    const transport = services();
    const app = new AppState(new StudioClient(transport));
    render(App, { app, transport: 'web' });
    await app.load();
    await waitFor(() => expect(screen.getByTestId('param-net-N_scaling').textContent).toBe('0.1'));
    expect(screen.getByTestId('engine-version').textContent).toBe('microcircuit-engine 0.1.0');
    expect(transport.calls.map((c) => c.method)).toEqual(['app.info', 'params.presets', 'params.defaults']);
  });

  it('switching preset asks the services again', async () => {
    const transport = services();
    const app = new AppState(new StudioClient(transport));
    render(App, { app, transport: 'web' });
    await app.load();
    const select = (await screen.findByTestId('preset-select')) as HTMLSelectElement;
    select.value = 'full';
    await fireEvent.change(select);
    await waitFor(() => expect(screen.getByTestId('param-net-N_scaling').textContent).toBe('1'));
    expect(transport.calls.at(-1)).toEqual({ method: 'params.defaults', payload: { preset: 'full' } });
  });

  it('shows an error the services return', async () => {
    const transport = new FakeTransport({
      'app.info': () => ({ ok: false, error: { code: 'internal', message: 'engine missing' } }),
    });
    const app = new AppState(new StudioClient(transport));
    render(App, { app, transport: 'web' });
    await app.load();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('app.info: engine missing'));
  });

  it('shows the start-up error when no transport can be set up', () => {
    render(App, { app: null, transport: null, startupError: 'This page needs its access token' });
    expect(screen.getByRole('alert').textContent).toBe('This page needs its access token');
  });
});
