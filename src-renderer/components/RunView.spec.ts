import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { StudioClient } from '../lib/client.ts';
import { LiveRun } from '../lib/live-run.svelte.ts';
import { record } from '../lib/test-fixtures.ts';
import { FakeTransport } from '../test-support/fake-transport.ts';
import RunView from './RunView.svelte';

function setup(hasRuns: boolean, running = false) {
  const live = new LiveRun(new StudioClient(new FakeTransport({})), (fn) => fn());
  if (running) live.adopt(record(9, 'running', { name: 'on show' }));
  const props = {
    live,
    ready: true,
    issues: [],
    name: '',
    suggestedName: 'default',
    origin: 'preset default',
    hasRuns,
    finalRatesHz: null,
    onNameChange: vi.fn(),
    onStart: vi.fn(),
    onCancel: vi.fn(),
    onOpen: vi.fn(),
    onShowHistory: vi.fn(),
  };
  render(RunView, props);
  return props;
}

describe('RunView', () => {
  it('a first-time user is told what to do', () => {
    setup(false);
    expect(screen.getByTestId('empty-state').textContent).toMatch(/Pick a preset, press Run/);
    expect(screen.getByTestId('start-run')).toBeTruthy();
    expect(screen.queryByTestId('live-run')).toBeNull();
  });

  it('with stored runs and nothing running it points to the History', async () => {
    const p = setup(true);
    expect(screen.queryByTestId('empty-state')).toBeNull();
    await fireEvent.click(screen.getByText('History'));
    expect(p.onShowHistory).toHaveBeenCalled();
  });

  it('a run on show replaces both, with the start form kept above it', () => {
    setup(true, true);
    expect(screen.getByTestId('live-run').getAttribute('data-run-id')).toBe('9');
    expect(screen.getByTestId('start-run').textContent?.trim()).toBe('Queue run');
  });
});
