import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { StudioClient } from '../../lib/client.ts';
import { CompareState } from '../../lib/compare.svelte.ts';
import { HistoryActions } from '../../lib/history-actions.svelte.ts';
import { HistoryState } from '../../lib/history.svelte.ts';
import { record } from '../../lib/test-fixtures.ts';
import { FakeTransport } from '../../test-support/fake-transport.ts';
import ImportActions from './ImportActions.svelte';

function pick(input: HTMLElement, files: File[]): Promise<boolean> {
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  return fireEvent.change(input);
}

function setup() {
  let release = (): void => {};
  const transport = new FakeTransport({
    'runs.list': () => ({ ok: true, value: [] }),
    'runs.import': () => new Promise((resolve) => (release = () => resolve({ ok: true, value: record(3, 'completed', { name: 'from file' }) }))),
  });
  const client = new StudioClient(transport);
  const actions = new HistoryActions(new HistoryState(client), new CompareState(client));
  render(ImportActions, { actions });
  return { transport, actions, release: () => release() };
}

describe('ImportActions', () => {
  it('the buttons open their hidden file inputs: a run file, NEST files, a NEST folder', () => {
    setup();
    expect((screen.getByTestId('import-input') as HTMLInputElement).accept).toBe('.mcrun');
    expect((screen.getByTestId('import-nest-input') as HTMLInputElement).multiple).toBe(true);
    expect(screen.getByTestId('import-nest-folder-input').hasAttribute('webkitdirectory')).toBe(true);
    let opened = '';
    for (const [button, input] of [
      ['import-run', 'import-input'],
      ['import-nest', 'import-nest-input'],
      ['import-nest-folder', 'import-nest-folder-input'],
    ]) {
      screen.getByTestId(input!).addEventListener('click', () => (opened += `${input} `));
      screen.getByTestId(button!).click();
    }
    expect(opened.trim()).toBe('import-input import-nest-input import-nest-folder-input');
  });

  it('a picked run file is sent with its name; the buttons wait until it is in', async () => {
    const { transport, actions, release } = setup();
    await pick(screen.getByTestId('import-input'), [new File(['run'], 'baseline.mcrun')]);
    await waitFor(() => expect(screen.getByTestId('import-run').textContent).toBe('Importing…'));
    expect((screen.getByTestId('import-nest') as HTMLButtonElement).disabled).toBe(true);
    release();
    await waitFor(() => expect(actions.notice).toBe('Imported “from file” from baseline.mcrun.'));
    expect(screen.getByTestId('import-run').textContent).toBe('Import run file…');
    const payload = transport.calls.find((c) => c.method === 'runs.import')?.payload as { fileName: string; bytes: Uint8Array };
    expect(payload.fileName).toBe('baseline.mcrun');
    expect(new TextDecoder().decode(payload.bytes)).toBe('run');
    expect((screen.getByTestId('import-input') as HTMLInputElement).value).toBe('');
  });
});
