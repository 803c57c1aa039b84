import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { PRESET_DESCRIPTIONS, PRESET_NAMES, presetParams } from '../engine/params/presets.ts';
import { estimateRun } from '../engine/params/estimate.ts';
import type { ParamSet, PresetName } from '../engine/params/types.ts';
import App from './App.svelte';
import { AppState } from './lib/app-state.svelte.ts';
import { StudioClient } from './lib/client.ts';
import { listItem, progressEvent, record, stateEvent } from './lib/test-fixtures.ts';
import { FakeTransport, type FakeAnswer } from './test-support/fake-transport.ts';

function services(extra: Record<string, FakeAnswer> = {}): FakeTransport {
  return new FakeTransport({
    'app.info': () => ({
      ok: true,
      value: { name: 'Microcircuit Studio', version: '0.1.0', engineName: 'microcircuit-engine', engineVersion: '0.1.0', transport: 'web', platform: 'linux' },
    }),
    'params.presets': () => ({ ok: true, value: PRESET_NAMES.map((name) => ({ name, description: PRESET_DESCRIPTIONS[name] })) }),
    'params.defaults': (p) => ({ ok: true, value: presetParams((p as { preset: PresetName }).preset) }),
    'params.estimate': (p) => ({ ok: true, value: { ...estimateRun((p as { params: ParamSet }).params, 2), cores: 2, availableBytes: 8 * 2 ** 30 } }),
    'runs.list': () => ({ ok: true, value: [] }),
    ...extra,
  });
}

/** Frames run at once in the specs. */
const now = (fn: () => void): void => fn();

async function open(transport: FakeTransport): Promise<AppState> {
  const app = new AppState(new StudioClient(transport), { schedule: now });
  render(App, { app, transport: 'web' });
  await app.load();
  return app;
}

describe('App', () => {
  it('loads through the transport and tells a first-time user what to do', async () => {
    const transport = services();
    await open(transport);
    await waitFor(() => expect(screen.getByTestId('empty-state').textContent).toMatch(/Pick a preset, press Run/));
    expect(screen.getByTestId('engine-version').textContent).toBe('microcircuit-engine 0.1.0');
    const methods = transport.calls.map((c) => c.method);
    for (const m of ['app.info', 'params.presets', 'params.defaults', 'runs.list']) expect(methods).toContain(m);
    expect((screen.getByTestId('run-name') as HTMLInputElement).placeholder).toBe('default · N 0.1 · K 0.1 · seed 55 · 1000 ms');
  });

  it('starts a run named as typed and follows it to completed', async () => {
    const transport = services({ 'runs.start': () => ({ ok: true, value: record(1, 'queued', { name: 'mine' }) }) });
    const app = await open(transport);
    await fireEvent.input(await screen.findByTestId('run-name'), { target: { value: 'mine' } });
    await fireEvent.click(screen.getByTestId('start-run'));
    await waitFor(() => expect(screen.getByTestId('live-name').textContent).toBe('mine'));
    const start = transport.calls.find((c) => c.method === 'runs.start')!.payload as { name: string; params: ParamSet };
    expect(start.name).toBe('mine');
    expect(start.params).toEqual(presetParams('default'));

    transport.push(stateEvent(record(1, 'running', { name: 'mine' })));
    transport.push(progressEvent(1, 'sim', 150, 3));
    await waitFor(() => expect(screen.getByTestId('phase').textContent).toBe('Simulation'));
    expect(screen.getByTestId('model-time').textContent).toBe('150 ms of 250 ms');
    expect(screen.getByTestId('cancel-run')).toBeTruthy();
    transport.push(stateEvent(record(1, 'completed', { name: 'mine' })));
    await waitFor(() => expect(screen.getByTestId('run-completed').textContent).toMatch(/^Completed: 1,234 spikes of 800 neurons/));
    expect(app.live.active).toBe(false);
  });

  it('invalid parameters block the start, inline, and send nothing', async () => {
    const transport = services();
    const app = await open(transport);
    const bad = presetParams('default');
    bad.net.N_scaling = -1;
    app.setParams(bad);
    await waitFor(() => expect(screen.getByTestId('start-blocked').textContent).toMatch(/1 parameter is invalid.*net\.N_scaling/s));
    expect((screen.getByTestId('start-run') as HTMLButtonElement).disabled).toBe(true);
    expect(await app.startRun()).toBe(false);
    expect(transport.calls.some((c) => c.method === 'runs.start')).toBe(false);
  });

  it.each([
    ['net.N_scaling', '0,1', /use a dot for decimals/],
    ['net.N_scaling', '0.1abc', /not a number: "0\.1abc"/],
    ['net.N_scaling', '1/10', /not a number: "1\/10"/],
    ['sim.t_sim', 'Infinity', /not a number: "Infinity"/],
    ['net.conn_probs[2][3]', 'ten', /not a number: "ten"/],
  ])('text that is not a number (%s = %s) blocks Run, is listed under it, and is never replaced by the old value', async (path, text, why) => {
    const transport = services({ 'runs.start': () => ({ ok: true, value: record(1, 'queued') }) });
    const app = await open(transport);
    const field = await waitFor(() => {
      const el = document.querySelector<HTMLInputElement>(`[data-testid="param-editor"] input[data-path="${path}"]`);
      if (!el) throw new Error(`no input for ${path}`);
      return el;
    });
    await fireEvent.input(field, { target: { value: text } });
    const run = screen.getByTestId('start-run') as HTMLButtonElement;
    await waitFor(() => expect(run.disabled).toBe(true));
    const blocked = screen.getByTestId('start-blocked').textContent ?? '';
    expect(blocked).toMatch(/1 parameter is invalid/);
    expect(blocked).toContain(path);
    expect(blocked).toContain(JSON.stringify(text));
    expect(blocked).toMatch(why);
    // the editor and Run count the same problems
    expect(screen.getByTestId('problem-count').textContent?.trim()).toBe('1 problem');
    expect(screen.getByTestId('changed-count').textContent).not.toBe('same as preset');
    await fireEvent.submit(run.form!);
    expect(await app.startRun()).toBe(false);
    expect(transport.calls.some((c) => c.method === 'runs.start')).toBe(false);

    // a number in its place runs with that number
    await fireEvent.input(field, { target: { value: '0.2' } });
    await waitFor(() => expect(run.disabled).toBe(false));
    await fireEvent.click(run);
    await waitFor(() => expect(transport.calls.some((c) => c.method === 'runs.start')).toBe(true));
    const sent = transport.calls.find((c) => c.method === 'runs.start')!.payload as { params: ParamSet };
    expect(JSON.stringify(sent.params)).toContain('0.2');
  });

  it('a text that is not a number is dropped with the parameters it was typed over (another preset)', async () => {
    const app = await open(services());
    const field = await waitFor(() => document.querySelector<HTMLInputElement>('input[data-path="net.N_scaling"]')!);
    await fireEvent.input(field, { target: { value: '0,1' } });
    await waitFor(() => expect(app.issues).toHaveLength(1));
    await app.selectPreset('full');
    await waitFor(() => expect((screen.getByTestId('start-run') as HTMLButtonElement).disabled).toBe(false));
    expect(app.issues).toEqual([]);
    expect(document.querySelector<HTMLInputElement>('input[data-path="net.N_scaling"]')!.value).toBe('1');
  });

  it("the services' refusal blocks Run until the parameters change, and is listed once", async () => {
    const issues = [{ path: 'sim.t_sim', value: 0.05, message: 'must be a multiple of sim.sim_resolution (0.1 ms)' }];
    const transport = services({ 'runs.start': () => ({ ok: false, error: { code: 'bad-request', message: '1 invalid parameter', issues } }) });
    const app = await open(transport);
    await fireEvent.click(await screen.findByTestId('start-run'));
    await waitFor(() => expect(screen.getByTestId('start-error').textContent).toMatch(/not started.*refused the parameters \(the problems listed above\)/s));
    const run = screen.getByTestId('start-run') as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    expect(screen.getByTestId('start-blocked').textContent).toMatch(/sim\.t_sim.*multiple of sim\.sim_resolution/s);
    expect(screen.getByTestId('problem-count').textContent?.trim()).toBe('1 problem');
    // an edit makes a new parameter set: the refusal was about the old one
    await fireEvent.input(document.querySelector<HTMLInputElement>('input[data-path="sim.t_sim"]')!, { target: { value: '1200' } });
    await waitFor(() => expect(run.disabled).toBe(false));
    expect(app.issues).toEqual([]);
    expect(screen.getByTestId('start-error').textContent).toMatch(/refused the parameters:.*sim\.t_sim/s);
  });

  it('a start the services refuse shows every issue where the run would appear', async () => {
    const issues = [{ path: 'sim.t_sim', value: 0.05, message: 'must be a multiple of sim.sim_resolution (0.1 ms)' }];
    const transport = services({ 'runs.start': () => ({ ok: false, error: { code: 'bad-request', message: '1 invalid parameter', issues } }) });
    await open(transport);
    await fireEvent.click(await screen.findByTestId('start-run'));
    await waitFor(() => expect(screen.getByTestId('start-error').textContent).toMatch(/not started.*sim\.t_sim.*multiple of sim\.sim_resolution/s));
  });

  it('a failed run shows its reason', async () => {
    const transport = services({ 'runs.start': () => ({ ok: true, value: record(2, 'queued') }) });
    await open(transport);
    await fireEvent.click(await screen.findByTestId('start-run'));
    await screen.findByTestId('live-run');
    transport.push(stateEvent(record(2, 'failed', { reason: 'not enough memory for this network' }), { reason: 'not enough memory for this network', failure: 'out-of-memory-guard' }));
    await waitFor(() => expect(screen.getByTestId('run-failure').textContent).toMatch(/The run failed: not enough memory for this network/));
  });

  it('shows a run that was already running when the page opened', async () => {
    const transport = services({ 'runs.list': (p) => ({ ok: true, value: (p as { status?: string }).status === 'running' ? [listItem(7, 'running')] : [] }) });
    await open(transport);
    await waitFor(() => expect(screen.getByTestId('live-run').getAttribute('data-run-id')).toBe('7'));
  });

  it('tabs are keyboard reachable: arrows move between views', async () => {
    await open(services());
    const run = await screen.findByTestId('tab-run');
    expect(run.getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(run, { key: 'ArrowRight' });
    await waitFor(() => expect(screen.getByTestId('tab-history').getAttribute('aria-selected')).toBe('true'));
    expect(screen.getByTestId('history-empty').textContent).toMatch(/No runs yet/);
    expect(document.activeElement).toBe(screen.getByTestId('tab-history'));
    await fireEvent.keyDown(screen.getByTestId('tab-history'), { key: 'End' });
    await waitFor(() => expect(screen.getByTestId('tab-compare').getAttribute('aria-selected')).toBe('true'));
  });

  it('shows an error the services return', async () => {
    const transport = new FakeTransport({ 'app.info': () => ({ ok: false, error: { code: 'internal', message: 'engine missing' } }) });
    const app = new AppState(new StudioClient(transport));
    render(App, { app, transport: 'web' });
    await app.load();
    await waitFor(() => expect(screen.getByTestId('error').textContent).toBe('app.info: engine missing'));
  });

  it('shows the start-up error when no transport can be set up', () => {
    render(App, { app: null, transport: null, startupError: 'This page needs its access token' });
    expect(screen.getByRole('alert').textContent).toBe('This page needs its access token');
  });
});
