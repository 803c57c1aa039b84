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

  it('what the engine would refuse once it plans the network (no neurons in a population) blocks Run before any request, as the services judge it', async () => {
    const transport = services({ 'runs.start': () => ({ ok: true, value: record(1, 'queued') }) });
    const app = await open(transport);
    const tiny = presetParams('default');
    tiny.net.N_scaling = 1e-9; // passes the validator's range, leaves every population without neurons
    app.setParams(tiny);
    await waitFor(() => expect(screen.getByTestId('start-blocked').textContent).toMatch(/1 parameter is invalid.*net\.N_scaling.*without neurons/s));
    expect(screen.getByTestId('problem-count').textContent?.trim()).toBe('1 problem');
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
    await waitFor(() => expect(screen.getByTestId('tab-sweeps').getAttribute('aria-selected')).toBe('true'));
  });

  it('shows an error the services return', async () => {
    const transport = new FakeTransport({ 'app.info': () => ({ ok: false, error: { code: 'internal', message: 'engine missing' } }) });
    const app = new AppState(new StudioClient(transport));
    render(App, { app, transport: 'web' });
    await app.load();
    await waitFor(() => expect(screen.getByTestId('error').textContent).toBe('app.info: engine missing'));
  });

  it('a lost connection during a run: the page says so, claims nothing live, and reloads where the run stands when it is back', async () => {
    const transport = services({ 'runs.start': () => ({ ok: true, value: record(3, 'queued', { name: 'long' }) }) }).withConnection();
    const app = await open(transport);
    expect(screen.getByTestId('connection').textContent).toBe('connected');
    await fireEvent.click(await screen.findByTestId('start-run'));
    await screen.findByTestId('live-run');
    transport.push(stateEvent(record(3, 'running', { name: 'long' })));
    transport.push(progressEvent(3, 'sim', 100, 3));
    transport.push(progressEvent(3, 'sim', 150, 4));
    await waitFor(() => expect(screen.getByTestId('remaining').textContent).toMatch(/^about /));
    expect(screen.queryByTestId('connection-banner')).toBeNull();

    const lostAt = new Date(2025, 0, 2, 14, 3, 7).getTime();
    transport.setConnection({ status: 'reconnecting', sinceMs: lostAt, attempt: 1, nextTryAtMs: lostAt + 250 });
    await waitFor(() => expect(screen.getByTestId('connection-banner').dataset.state).toBe('reconnecting'));
    expect(screen.getByTestId('connection-banner').textContent).toMatch(/Not connected to the server \(since 14:03:07\)/);
    expect(screen.getByTestId('connection').textContent).toBe('disconnected');
    expect(screen.getByTestId('remaining').textContent).toBe('unknown (not connected)');
    expect(screen.getByTestId('live-disconnected').textContent).toMatch(/where the run stood when the connection was lost/);
    expect(screen.getByTestId('live-last-known')).toBeTruthy();
    expect((screen.getByTestId('cancel-run') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('start-run') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('connection-retry'));
    expect(transport.reconnects).toBe(1);

    // The server restarted meanwhile and marked the run interrupted; no event says so.
    const interrupted = record(3, 'interrupted', { name: 'long', reason: 'the app that ran it stopped' });
    transport.answer('runs.get', () => ({ ok: true, value: { record: interrupted, params: presetParams('default'), window: { t0Ms: 0, t1Ms: 250 }, summary: null, stats: null, spikeTotals: [] } }));
    const listsBefore = transport.calls.filter((c) => c.method === 'runs.list').length;
    transport.setConnection({ status: 'connected' });
    await waitFor(() => expect(screen.getByTestId('status-badge').dataset.status).toBe('interrupted'));
    expect(transport.calls.filter((c) => c.method === 'runs.get').map((c) => c.payload)).toEqual([{ id: 3 }]);
    expect(screen.getByTestId('run-failure').textContent).toMatch(/the app that ran it stopped/);
    expect(screen.queryByTestId('connection-banner')).toBeNull();
    expect(screen.queryByTestId('live-disconnected')).toBeNull();
    expect(screen.getByTestId('remaining').textContent).toBe('–');
    expect(transport.calls.filter((c) => c.method === 'runs.list').length).toBeGreaterThan(listsBefore);
    expect(app.live.active).toBe(false);
  });

  it('a server that no longer takes the token: says so plainly and what to do', async () => {
    const transport = services().withConnection();
    await open(transport);
    transport.setConnection({ status: 'refused', sinceMs: Date.now() });
    const banner = await screen.findByTestId('connection-banner');
    expect(banner.dataset.state).toBe('refused');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toMatch(/no longer accepts this page.*restarted.*new access token.*Open the new address the server printed/s);
    expect(screen.getByTestId('connection').textContent).toBe('token refused');
  });

  it('over IPC the services cannot be lost: always connected, no banner', async () => {
    const transport = services();
    const app = new AppState(new StudioClient(transport), { schedule: now });
    render(App, { app, transport: 'ipc' });
    await app.load();
    expect(screen.getByTestId('connection').textContent).toBe('connected');
    expect(screen.queryByTestId('connection-banner')).toBeNull();
  });

  it('shows the start-up error when no transport can be set up', () => {
    render(App, { app: null, transport: null, startupError: 'This page needs its access token' });
    expect(screen.getByRole('alert').textContent).toBe('This page needs its access token');
  });
});
