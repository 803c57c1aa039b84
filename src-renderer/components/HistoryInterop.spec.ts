// The History's exports for other tools and its NEST import: the Export… menu and the
// Import NEST output… button, against a fake transport; downloads are recorded, not made.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../src-main/contract.ts';
import { CompareState } from '../lib/compare.svelte.ts';
import type * as FilesModule from '../lib/files.ts';
import { StudioClient } from '../lib/client.ts';
import { HistoryState } from '../lib/history.svelte.ts';
import { listItem, record } from '../lib/test-fixtures.ts';
import { FakeTransport } from '../test-support/fake-transport.ts';
import HistoryView from './HistoryView.svelte';

const downloads = vi.hoisted(() => [] as string[]);
vi.mock('../lib/files.ts', async (importOriginal) => (await import('../test-support/recorded-downloads.ts')).recordingDownloads(await importOriginal<typeof FilesModule>(), downloads));

beforeEach(() => {
  downloads.length = 0;
});

async function setup(importNest: (p: unknown) => Envelope<unknown>) {
  let runs = [listItem(2, 'completed', { name: 'second' }), listItem(3, 'running', { name: 'busy' })];
  const transport = new FakeTransport({
    'runs.list': () => ({ ok: true, value: runs }),
    'runs.exportAs': (p) => {
      const { format } = p as { format: string };
      const names = format === 'nest' ? ['population_nodeids.dat', 'spike_recorder-7718-0.dat', 'rate0.dat'] : [`second-${format}.csv`];
      return { ok: true, value: { files: names.map((name) => ({ name, bytes: new Uint8Array([1]) })) } };
    },
    'runs.export': () => ({ ok: true, value: { fileName: 'second.mcrun', bytes: new Uint8Array([1]) } }),
    'runs.exportArchive': (p) => {
      const { formats } = p as { formats: string[] };
      const files = formats.length === 1 ? ['population_nodeids.dat', 'spike_recorder-7718-0.dat', 'rate0.dat'] : ['nest/population_nodeids.dat', 'pynest/params.json', 'csv/second-spikes.csv'];
      return { ok: true, value: { fileName: `second-${formats.length === 1 ? formats[0] : 'export'}.zip`, bytes: new Uint8Array([80, 75]), files: files.map((name) => ({ name, bytes: 1024 })) } };
    },
    'runs.importNest': (p) => {
      const r = importNest(p);
      if (r.ok) runs = [listItem(9, 'completed', { name: 'from nest', origin: 'nest-import' }), ...runs];
      return r;
    },
  });
  const history = new HistoryState(new StudioClient(transport));
  await history.refresh();
  render(HistoryView, { history, compare: new CompareState(new StudioClient(transport)), onOpen: vi.fn(), onRerun: vi.fn(), onCompare: vi.fn() });
  return { transport };
}

const row = (id: number): HTMLElement => document.querySelector(`[data-testid="history-row"][data-run-id="${id}"]`) as HTMLElement;
const inRow = (id: number, testId: string): HTMLElement => row(id).querySelector(`[data-testid="${testId}"]`) as HTMLElement;

function pick(input: HTMLInputElement, files: File[]): Promise<boolean> {
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  return fireEvent.change(input);
}

describe('History: export for other tools', () => {
  it('the Export… menu is labelled per run and offers the run file, the four formats and everything in one zip; running runs cannot export', async () => {
    await setup(() => ({ ok: true, value: null }));
    const toggle = inRow(2, 'export-menu-toggle');
    expect(toggle.tagName).toBe('SUMMARY');
    expect(toggle.getAttribute('aria-label')).toBe('Export second…');
    const labels = Array.from(inRow(2, 'export-menu').querySelectorAll('button')).map((b) => b.textContent);
    expect(labels).toEqual(['Run file', 'Spikes CSV', 'Rates CSV', 'NEST files (zip)', 'PyNEST script (zip)', 'Everything (zip)']);
    expect((inRow(3, 'export-menu-disabled') as HTMLButtonElement).disabled).toBe(true);
    expect(inRow(3, 'export-menu')).toBeNull();
  });

  it('NEST files: one zip download, the menu closes and a notice says what the archive holds', async () => {
    const { transport } = await setup(() => ({ ok: true, value: null }));
    const menu = inRow(2, 'export-menu') as HTMLDetailsElement;
    menu.open = true;
    await fireEvent.click(inRow(2, 'export-nest'));
    await waitFor(() => expect(downloads).toEqual(['second-nest.zip']));
    expect(transport.calls.find((c) => c.method === 'runs.exportArchive')?.payload).toEqual({ id: 2, formats: ['nest'] });
    expect(transport.calls.some((c) => c.method === 'runs.exportAs')).toBe(false);
    expect(menu.open).toBe(false);
    expect(screen.getByTestId('history-notice').textContent).toMatch(/^Saved “second” as second-nest\.zip: 3 files, 3\.00 KiB in all\./);
    const listed = Array.from(screen.getByTestId('notice-files').querySelectorAll('code')).map((c) => c.textContent);
    expect(listed).toEqual(['population_nodeids.dat', 'spike_recorder-7718-0.dat', 'rate0.dat']);
    await fireEvent.click(inRow(2, 'export-run'));
    await waitFor(() => expect(downloads).toContain('second.mcrun'));
  });

  it('Everything: every format in one archive, one folder each; a CSV stays one plain file', async () => {
    const { transport } = await setup(() => ({ ok: true, value: null }));
    (inRow(2, 'export-menu') as HTMLDetailsElement).open = true;
    await fireEvent.click(inRow(2, 'export-all'));
    await waitFor(() => expect(downloads).toEqual(['second-export.zip']));
    expect(transport.calls.find((c) => c.method === 'runs.exportArchive')?.payload).toEqual({ id: 2, formats: ['spikes-csv', 'rates-csv', 'nest', 'pynest'] });
    (inRow(2, 'export-menu') as HTMLDetailsElement).open = true;
    await fireEvent.click(inRow(2, 'export-spikes-csv'));
    await waitFor(() => expect(downloads).toEqual(['second-export.zip', 'second-spikes-csv.csv']));
    expect(screen.getByTestId('history-notice').textContent).toBe('Exported “second” as Spikes CSV: second-spikes-csv.csv.');
    expect(screen.queryByTestId('notice-files')).toBeNull();
  });

  it('Escape closes an open menu', async () => {
    await setup(() => ({ ok: true, value: null }));
    const menu = inRow(2, 'export-menu') as HTMLDetailsElement;
    menu.open = true;
    await fireEvent.keyDown(inRow(2, 'export-spikes-csv'), { key: 'Escape' });
    expect(menu.open).toBe(false);
  });
});

describe('History: Import NEST output…', () => {
  it('sends the picked files to runs.importNest and shows the new run', async () => {
    const { transport } = await setup(() => ({ ok: true, value: record(9, 'completed', { name: 'from nest', origin: 'nest-import' }) }));
    const button = screen.getByTestId('import-nest');
    expect(button.textContent).toBe('Import NEST output…');
    expect(screen.getByTestId('import-nest-folder').getAttribute('aria-label')).toBe('Import a NEST output folder');
    expect(screen.getByTestId('import-nest-folder-input').hasAttribute('webkitdirectory')).toBe(true);
    const input = screen.getByTestId('import-nest-input') as HTMLInputElement;
    expect(input.multiple).toBe(true);
    await pick(input, [new File(['1 2\n'], 'population_nodeids.dat'), new File(['0.1\n'], 'rate0.dat')]);
    await waitFor(() => expect(row(9)).not.toBeNull());
    const payload = transport.calls.find((c) => c.method === 'runs.importNest')?.payload as { files: { name: string; bytes: Uint8Array }[] };
    expect(payload.files.map((f) => f.name)).toEqual(['population_nodeids.dat', 'rate0.dat']);
    expect(new TextDecoder().decode(payload.files[0]!.bytes)).toBe('1 2\n');
    expect(row(9).textContent).toMatch(/from NEST/);
    expect(screen.getByTestId('history-notice').textContent).toBe('Imported “from nest” from 2 NEST file(s).');
  });

  it("a refused folder shows the importer's message naming the file and line, and adds no run", async () => {
    await setup(() => ({ ok: false, error: { code: 'bad-request', message: 'spike_recorder-7719-0.dat line 6: not a number' } }));
    await pick(screen.getByTestId('import-nest-input') as HTMLInputElement, [new File(['x'], 'spike_recorder-7719-0.dat')]);
    const alert = await screen.findByTestId('history-action-error');
    expect(alert.textContent).toMatch(/could not be imported: .*spike_recorder-7719-0\.dat line 6/);
    expect(screen.getAllByTestId('history-row')).toHaveLength(2);
  });
});
