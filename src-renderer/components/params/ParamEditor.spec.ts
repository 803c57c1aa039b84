import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { estimateRun } from '../../../engine/params/estimate.ts';
import { defaultParams, fullParams } from '../../../engine/params/presets.ts';
import type { ParamSet } from '../../../engine/params/types.ts';
import { ESTIMATOR_CONTEXT, type ParamEstimator } from '../../lib/params/estimator.ts';
import { FIELDS } from '../../lib/params/field-specs.ts';
import EditorHarness from './test-support/EditorHarness.svelte';

function setup(initial: ParamSet = defaultParams(), extra: { disabled?: boolean; serverIssues?: { path: string; value: unknown; message: string }[]; estimator?: ParamEstimator } = {}) {
  const onChange = vi.fn<(p: ParamSet) => void>();
  const onPresetChange = vi.fn();
  const context = new Map<unknown, unknown>();
  if (extra.estimator) context.set(ESTIMATOR_CONTEXT, extra.estimator);
  const view = render(EditorHarness, {
    props: { initial, onChange, onPresetChange, disabled: extra.disabled ?? false, serverIssues: extra.serverIssues ?? [] },
    context,
  });
  const last = (): ParamSet => {
    const calls = onChange.mock.calls;
    if (calls.length === 0) throw new Error('onChange was not called');
    return calls[calls.length - 1][0];
  };
  return { ...view, onChange, onPresetChange, last, initial };
}

const input = (path: string): HTMLInputElement => {
  const el = document.querySelector<HTMLInputElement>(`[data-testid="param-editor"] input[data-path="${path}"]`);
  if (!el) throw new Error(`no input for ${path}`);
  return el;
};
const field = (path: string): HTMLElement => {
  const el = document.querySelector<HTMLElement>(`[data-field="${path}"]`);
  if (!el) throw new Error(`no field ${path}`);
  return el;
};
const type = (el: HTMLInputElement, text: string) => fireEvent.input(el, { target: { value: text } });

describe('ParamEditor: editing', () => {
  it('editing a number emits a new ParamSet with that value and leaves the old one alone', async () => {
    const { onChange, last, initial } = setup();
    await type(screen.getByLabelText('Neuron scaling') as HTMLInputElement, '0.25');
    expect(onChange).toHaveBeenCalledTimes(1);
    const p = last();
    expect(p.net.N_scaling).toBe(0.25);
    expect(p).not.toBe(initial);
    expect(p.net).not.toBe(initial.net);
    expect(initial.net.N_scaling).toBe(0.1);
    // untouched sections are shared, not copied
    expect(p.sim).toBe(initial.sim);
    expect(p.net.conn_probs).toBe(initial.net.conn_probs);
  });

  it('shows every parameter of the parameter set', () => {
    setup();
    for (const f of FIELDS) {
      const el = document.querySelector(`[data-field="${f.path}"], [data-path="${f.path}"], [data-path^="${f.path}["]`);
      expect(el, f.path).not.toBeNull();
    }
  });

  it('every field has a label tied to its input and shows its unit and NEST key', () => {
    setup();
    const cm = screen.getByLabelText('Capacitance C_m') as HTMLInputElement;
    expect(cm.dataset.path).toBe('net.neuron_params.C_m');
    expect(cm.value).toBe('250');
    const f = field('net.neuron_params.C_m');
    expect(f.querySelector('.pe-unit')?.textContent).toBe('pF');
    expect(f.querySelector('.pe-doc code')?.textContent).toBe('C_m');
    expect(cm.getAttribute('aria-describedby')).toContain(f.querySelector('.pe-doc')!.id);
    expect(field('net.bg_rate').querySelector('.pe-unit')?.textContent).toBe('spikes/s');
    expect(field('sim.t_sim').querySelector('.pe-unit')?.textContent).toBe('ms');
  });

  it('keeps typing such as "1." in the field while the value is already 1', async () => {
    const { last } = setup();
    const el = input('sim.t_sim');
    await type(el, '1.');
    expect(last().sim.t_sim).toBe(1);
    expect(el.value).toBe('1.');
    await type(el, '1.5');
    expect(last().sim.t_sim).toBe(1.5);
  });

  it('checkboxes, choices and recording devices emit their values', async () => {
    const { last } = setup();
    await fireEvent.click(screen.getByLabelText('Thalamic input'));
    expect(last().stim.thalamic_input).toBe(true);
    await fireEvent.click(screen.getByRole('radio', { name: 'DC' }));
    expect(last().net.poisson_input).toBe(false);
    await fireEvent.click(screen.getByRole('radio', { name: 'original' }));
    expect(last().net.V0_type).toBe('original');
    await fireEvent.click(screen.getByRole('checkbox', { name: 'voltmeter' }));
    expect(last().sim.rec_dev).toEqual(['spike_recorder', 'voltmeter']);
    await fireEvent.click(screen.getByRole('checkbox', { name: 'spike_recorder' }));
    expect(last().sim.rec_dev).toEqual(['voltmeter']);
  });

  it('disabled: every input is disabled and nothing is emitted', async () => {
    const { onChange } = setup(defaultParams(), { disabled: true });
    const el = input('net.N_scaling');
    expect(el.disabled).toBe(true);
    expect(input('net.conn_probs[0][0]').disabled).toBe(true);
    await type(el, '0.3');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('the preset selector calls onPresetChange', async () => {
    const { onPresetChange } = setup();
    const select = screen.getByTestId('preset-select') as HTMLSelectElement;
    select.value = 'full';
    await fireEvent.change(select);
    expect(onPresetChange).toHaveBeenCalledWith('full');
  });
});

describe('ParamEditor: problems', () => {
  it("an invalid value shows the validator's message at that field", async () => {
    setup();
    const el = screen.getByLabelText('Capacitance C_m') as HTMLInputElement;
    await type(el, '-5');
    const f = field('net.neuron_params.C_m');
    const err = f.querySelector('.pe-issues');
    expect(err?.textContent).toContain('must be a number > 0');
    expect(el.getAttribute('aria-invalid')).toBe('true');
    expect(el.getAttribute('aria-describedby')).toContain(err!.id);
    expect(screen.getByTestId('problem-count').textContent?.trim()).toBe('1 problem');
  });

  it('cross-field rules land at their field (V_reset must be below V_th)', async () => {
    setup();
    await type(input('net.neuron_params.V_reset'), '-45');
    expect(field('net.neuron_params.V_reset').textContent).toContain('must be below net.neuron_params.V_th (-50 mV)');
  });

  it('text that is not a number shows its own error, emits nothing, and the last valid value stays', async () => {
    const { onChange, last } = setup();
    const el = input('net.neuron_params.tau_m');
    await type(el, '12');
    expect(last().net.neuron_params.tau_m).toBe(12);
    onChange.mockClear();
    await type(el, '1.2.3');
    expect(onChange).not.toHaveBeenCalled();
    expect(el.value).toBe('1.2.3');
    expect(field('net.neuron_params.tau_m').textContent).toContain('not a number');
    expect(screen.getByTestId('problem-count').textContent?.trim()).toBe('1 problem');
    await type(el, '');
    expect(field('net.neuron_params.tau_m').textContent).toContain('enter a number');
    expect(onChange).not.toHaveBeenCalled();
    await type(el, '11');
    expect(last().net.neuron_params.tau_m).toBe(11);
    expect(field('net.neuron_params.tau_m').querySelector('.pe-issues')).toBeNull();
    expect(screen.getByTestId('problem-count').textContent?.trim()).toBe('No problems');
  });

  it('shows serverIssues at their fields, counted with the others', () => {
    setup(defaultParams(), { serverIssues: [{ path: 'sim.local_num_threads', value: 1, message: 'must be at most 1 on this machine' }] });
    expect(field('sim.local_num_threads').textContent).toContain('must be at most 1 on this machine');
    expect(input('sim.local_num_threads').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('problem-count').textContent?.trim()).toBe('1 problem');
  });

  it('the problem count jumps to the first problem: opens its group and focuses its field', async () => {
    setup();
    await type(input('sim.rec_V_int'), '0');
    await type(input('net.neuron_params.C_m'), '0');
    expect(screen.getByTestId('problem-count').textContent?.trim()).toBe('2 problems');
    const neurons = document.querySelector<HTMLDetailsElement>('details[data-group="neurons"]')!;
    expect(neurons.open).toBe(false);
    await fireEvent.click(screen.getByTestId('problem-count'));
    await waitFor(() => expect(document.activeElement).toBe(input('net.neuron_params.C_m')));
    expect(neurons.open).toBe(true);
    expect(neurons.querySelector('.pe-badge.error')?.textContent).toBe('1 problem');
  });
});

describe('ParamEditor: matrices', () => {
  it('a matrix cell edit emits the matrix with that cell changed (rows copied only where needed)', async () => {
    const { last, initial } = setup();
    const cell = input('net.conn_probs[2][3]');
    expect(cell.getAttribute('aria-label')).toBe('Connection probabilities: target L4E, source L4I');
    await type(cell, '0.2');
    const p = last();
    expect(p.net.conn_probs[2][3]).toBe(0.2);
    expect(p.net.conn_probs[2]).not.toBe(initial.net.conn_probs[2]);
    expect(p.net.conn_probs[0]).toBe(initial.net.conn_probs[0]);
    expect(initial.net.conn_probs[2][3]).toBe(0.135);
    expect(cell.classList.contains('changed')).toBe(true);
  });

  it('an invalid cell shows the message with its target and source', async () => {
    setup();
    await type(input('net.conn_probs[4][5]'), '1.5');
    expect(field('net.conn_probs').querySelector('.pe-issues')?.textContent).toContain('L5E ← L5I: 1.5 must be a probability in [0, 1)');
    expect(input('net.conn_probs[4][5]').getAttribute('aria-invalid')).toBe('true');
  });

  it('arrow keys move between cells and the focused row and column are highlighted', async () => {
    setup();
    const grid = field('net.conn_probs').querySelector('table')!;
    const start = input('net.conn_probs[2][3]');
    start.focus();
    await fireEvent.focus(start);
    expect(within(grid).getByTitle('target L4E').classList.contains('hl')).toBe(true);
    expect(within(grid).getByTitle('source L4I').classList.contains('hl')).toBe(true);
    start.setSelectionRange(0, start.value.length);
    await fireEvent.keyDown(start, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(input('net.conn_probs[3][3]'));
    const next = input('net.conn_probs[3][3]');
    next.setSelectionRange(0, next.value.length);
    await fireEvent.keyDown(next, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(input('net.conn_probs[3][4]'));
    await fireEvent.keyDown(input('net.conn_probs[3][4]'), { key: 'Enter' });
    expect(document.activeElement).toBe(input('net.conn_probs[4][4]'));
    // the caret inside the text: Left moves the caret, not the focus
    const mid = input('net.conn_probs[4][4]');
    mid.setSelectionRange(2, 2);
    await fireEvent.keyDown(mid, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(mid);
    // one cell in the tab order
    expect(grid.querySelectorAll('input[tabindex="0"]').length).toBe(1);
  });

  it('a null PSP matrix shows the derived one greyed; override starts from it, and off sets null again', async () => {
    const { last } = setup();
    const f = field('net.PSP_matrix_mean');
    expect(f.querySelectorAll('input.cell').length).toBe(0);
    expect(f.querySelectorAll('.ro').length).toBe(64);
    const toggle = f.querySelector<HTMLInputElement>('[data-override="net.PSP_matrix_mean"]')!;
    await fireEvent.click(toggle);
    const m = last().net.PSP_matrix_mean!;
    expect(m[0][2]).toBe(0.3);
    expect(m[1][1]).toBe(-0.6);
    expect(m[5][4]).toBe(0.15);
    expect(field('net.PSP_matrix_mean').querySelectorAll('input.cell').length).toBe(64);
    await type(input('net.PSP_matrix_mean[0][0]'), '0.2');
    expect(last().net.PSP_matrix_mean![0][0]).toBe(0.2);
    await fireEvent.click(toggle);
    expect(last().net.PSP_matrix_mean).toBeNull();
  });
});

describe('ParamEditor: differences from the preset', () => {
  it('highlights values that differ from the preset and resets one to the preset', async () => {
    const p = defaultParams();
    p.net.N_scaling = 0.5;
    p.net.K_ext[3] = 1000;
    const { last } = setup(p);
    const f = field('net.N_scaling');
    expect(f.classList.contains('changed')).toBe(true);
    expect(field('net.bg_rate').classList.contains('changed')).toBe(false);
    expect(input('net.K_ext[3]').classList.contains('changed')).toBe(true);
    expect(input('net.K_ext[2]').classList.contains('changed')).toBe(false);
    expect(screen.getByTestId('changed-count').textContent).toBe('2 values changed');
    const reset = within(f).getByRole('button', { name: /Reset Neuron scaling to preset \(0\.1\)/ });
    await fireEvent.click(reset);
    expect(last().net.N_scaling).toBe(0.1);
    expect(last().net.K_ext[3]).toBe(1000);
    expect(field('net.N_scaling').classList.contains('changed')).toBe(false);
    expect(screen.getByTestId('changed-count').textContent).toBe('1 value changed');
  });

  it('compares with the selected preset, and "Reset all" restores it', async () => {
    const p = fullParams();
    p.sim.t_sim = 2000;
    const { last } = setup(p);
    expect(screen.getByTestId('changed-count').textContent).toBe('5 values changed');
    await fireEvent.click(screen.getByTestId('reset-all'));
    expect(last()).toEqual(defaultParams());
    expect(screen.getByTestId('changed-count').textContent).toBe('same as preset');
  });

  it('text that is not a number counts as a change: never "1 problem" with "same as preset"', async () => {
    setup();
    const el = input('net.N_scaling');
    await type(el, '0,1');
    expect(screen.getByTestId('problem-count').textContent?.trim()).toBe('1 problem');
    expect(screen.getByTestId('changed-count').textContent).toBe('1 value changed');
    expect(field('net.N_scaling').classList.contains('changed')).toBe(true);
    expect(document.querySelector('details[data-group="populations"] .pe-badge.changed')?.textContent).toBe('1 changed');
    // a matrix cell too, counted once with the value behind it
    await type(input('net.conn_probs[1][2]'), 'abc');
    expect(screen.getByTestId('problem-count').textContent?.trim()).toBe('2 problems');
    expect(screen.getByTestId('changed-count').textContent).toBe('2 values changed');
    await fireEvent.click(screen.getByTestId('reset-all'));
    expect(input('net.N_scaling').value).toBe('0.1');
    expect(input('net.conn_probs[1][2]').value).not.toBe('abc');
    expect(screen.getByTestId('problem-count').textContent?.trim()).toBe('No problems');
    expect(screen.getByTestId('changed-count').textContent).toBe('same as preset');
  });

  it('a reset drops the unparsable text of the field', async () => {
    setup();
    const el = input('sim.t_presim');
    await type(el, '400');
    await type(el, 'abc');
    await fireEvent.click(within(field('sim.t_presim')).getByRole('button', { name: /Reset/ }));
    expect(input('sim.t_presim').value).toBe('500');
    expect(field('sim.t_presim').querySelector('.pe-issues')).toBeNull();
  });
});

function loadFile(content: string, name = 'params.json'): Promise<boolean> {
  const el = screen.getByTestId('param-file-input') as HTMLInputElement;
  const file = new File([content], name, { type: 'application/json' });
  Object.defineProperty(el, 'files', { value: [file], configurable: true });
  return fireEvent.change(el);
}

describe('ParamEditor: parameter files', () => {
  it('loading a file with an unknown key shows the suggestion, and applying it renames the key', async () => {
    const { last } = setup();
    await loadFile(JSON.stringify({ net: { N_scalling: 0.2, K_scaling: 0.3 } }), 'mine.json');
    await screen.findByText(/did you mean "net\.N_scaling"\?/);
    expect(screen.getByTestId('file-status').textContent).toContain('Loaded mine.json');
    const loaded = last();
    expect(loaded.net.K_scaling).toBe(0.3);
    expect((loaded.net as unknown as Record<string, unknown>).N_scalling).toBe(0.2);
    await fireEvent.click(screen.getByRole('button', { name: 'Use net.N_scaling' }));
    const fixed = last();
    expect(fixed.net.N_scaling).toBe(0.2);
    expect('N_scalling' in fixed.net).toBe(false);
    expect(screen.queryByText(/did you mean/)).toBeNull();
  });

  it('a file is merged onto the preset: values it does not name keep the preset values', async () => {
    const p = defaultParams();
    p.sim.rng_seed = 99;
    const { last } = setup(p);
    await loadFile(JSON.stringify({ sim: { t_sim: 2000 } }));
    await waitFor(() => expect(last().sim.t_sim).toBe(2000));
    expect(last().sim.rng_seed).toBe(55);
  });

  it('refuses a file that is not JSON or has a matrix of the wrong shape, and keeps the parameters', async () => {
    const { onChange } = setup();
    await loadFile('{ not json');
    await waitFor(() => expect(screen.getByTestId('file-status').textContent).toContain('not JSON'));
    await loadFile(JSON.stringify({ net: { conn_probs: [[0.1]] } }));
    await waitFor(() => expect(screen.getByTestId('file-status').textContent).toContain('wrong shape'));
    expect(screen.getByTestId('file-status').textContent).toContain('net.conn_probs');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('saves the whole parameter set as a JSON download', async () => {
    const created: Blob[] = [];
    const createObjectURL = vi.fn((b: Blob) => {
      created.push(b);
      return 'blob:params';
    });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const clicks: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download);
    });
    setup();
    await type(input('net.g'), '-5');
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(clicks[0]).toMatch(/^pd14-params-default-.*\.json$/);
    const saved = JSON.parse(await created[0].text()) as ParamSet;
    expect(saved.net.g).toBe(-5);
    expect(Object.keys(saved)).toEqual(['sim', 'net', 'stim']);
    click.mockRestore();
    vi.unstubAllGlobals();
  });
});

describe('ParamEditor: estimate', () => {
  it('the estimate updates (debounced) as parameters change', async () => {
    setup();
    const neurons = () => screen.getByTestId('estimate-neurons').textContent;
    await waitFor(() => expect(neurons()).toBe('7,717'));
    await type(input('net.N_scaling'), '0.2');
    const p = defaultParams();
    p.net.N_scaling = 0.2;
    const expected = estimateRun(p, navigator.hardwareConcurrency || 2);
    await waitFor(() => expect(neurons()).toBe(expected.neurons.toLocaleString('en-US')));
    expect(screen.getByTestId('estimate-synapses').textContent).toBe(expected.synapses.toLocaleString('en-US'));
  });

  it('compares peak memory with the available memory the services report, warning above 80 %', async () => {
    const peak = estimateRun(defaultParams(), 2).peakBytes;
    const estimator: ParamEstimator = async (p) => ({ estimate: estimateRun(p, 2), availableBytes: peak / 0.85, source: 'service' });
    setup(defaultParams(), { estimator });
    await waitFor(() => expect(screen.getByTestId('estimate-memory').textContent).toContain('(85 %)'));
    expect(screen.getByTestId('estimate').querySelector('.mem')?.classList.contains('warn')).toBe(true);
    expect(screen.getByText(/More than 80 % of the available memory/)).toBeTruthy();
  });

  for (const [what, text] of [
    ['the parameters are invalid', '-1'],
    ['a field holds text that is not a number', '1/10'],
  ]) {
    it(`keeps the last valid estimate while ${what}, and says so`, async () => {
      setup();
      await waitFor(() => expect(screen.getByTestId('estimate-neurons').textContent).toBe('7,717'));
      await type(input('net.N_scaling'), text);
      await waitFor(() => expect(screen.getByText(/For the last valid parameters/)).toBeTruthy());
      expect(screen.getByTestId('estimate-neurons').textContent).toBe('7,717');
    });
  }
});
