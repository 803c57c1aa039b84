/**
 * The history: every stored run as the services list it (so it survives restarts), with filters
 * by status, tag and a text searched in names, tags and notes, and the edits a researcher makes to runs (rename, tag, delete, export,
 * import). Refreshed when a run changes state. Each failed action keeps its message for the view.
 */
import type { ExportFormat, NamedFile, Payload, RunArchive, RunListItem, RunFileBytes } from '../../src-main/contract.ts';
import type { RunRecord, RunStatus } from '../../src-main/store/types.ts';
import { errorText, StudioRequestError, type StudioClient } from './client.ts';
import type { EditedField } from './inline-edits.svelte.ts';

export interface HistoryFilter {
  status: RunStatus | '';
  tag: string;
  /** Part of a run's name, of a tag or of its notes (case-insensitive). */
  text: string;
}

export class HistoryState {
  runs = $state.raw<RunListItem[]>([]);
  /** Every run, unfiltered: for the tag list and for knowing whether there are any runs at all. */
  total = $state(0);
  filter = $state<HistoryFilter>({ status: '', tag: '', text: '' });
  loading = $state(false);
  loaded = $state(false);
  error = $state<string | null>(null);
  /** The last action's failure (rename, tag, delete, export, import), for the view to show. */
  actionError = $state<string | null>(null);
  /** Tags in use, sorted. */
  tags = $state.raw<string[]>([]);
  /** Only these runs are shown (a sweep point's runs), with what they are in words; null: all. */
  only = $state.raw<{ label: string; ids: readonly number[] } | null>(null);

  readonly #client: StudioClient;
  #request = 0;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(client: StudioClient) {
    this.#client = client;
  }

  get filtered(): boolean {
    return this.filter.status !== '' || this.filter.tag !== '' || this.filter.text.trim() !== '';
  }

  async refresh(): Promise<void> {
    const request = ++this.#request;
    this.loading = true;
    const f = this.filter;
    const payload = {
      ...(f.status ? { status: f.status } : {}),
      ...(f.tag ? { tag: f.tag } : {}),
      ...(f.text.trim() ? { text: f.text.trim() } : {}),
    };
    try {
      const [runs, all] = await Promise.all([
        this.#client.call('runs.list', payload),
        this.filtered ? this.#client.call('runs.list', {}) : null,
      ]);
      if (request !== this.#request) return;
      const everything = all ?? runs;
      this.runs = runs;
      this.total = everything.length;
      this.tags = uniqueSorted(everything.flatMap((r) => r.tags));
      this.error = null;
      this.loaded = true;
    } catch (error) {
      if (request === this.#request) this.error = errorText(error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  /** A refresh soon (state events come in bursts: queued, running, completed). */
  refreshSoon(delayMs = 150): void {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => void this.refresh(), delayMs);
  }

  /** Shows only these runs (the filters still apply); clearOnly shows all again. */
  showOnly(label: string, ids: readonly number[]): void {
    this.only = { label, ids: [...ids] };
  }

  clearOnly(): void {
    this.only = null;
  }

  /** The runs on show: as listed, narrowed to `only` when set. */
  get shown(): RunListItem[] {
    const only = this.only;
    if (!only) return this.runs;
    return this.runs.filter((r) => only.ids.includes(r.id));
  }

  setFilter(patch: Partial<HistoryFilter>): void {
    this.filter = { ...this.filter, ...patch };
    void this.refresh();
  }

  /** Replaces a run's row after an edit (keeps its key parameters and rates). */
  #replace(record: RunRecord): void {
    this.runs = this.runs.map((r) => (r.id === record.id ? { ...r, ...record } : r));
    this.tags = uniqueSorted([...this.tags, ...record.tags]);
  }

  async #act<T>(action: () => Promise<T>): Promise<T | null> {
    this.actionError = null;
    try {
      return await action();
    } catch (error) {
      this.actionError = errorText(error);
      return null;
    }
  }

  /**
   * Renames a run or adds a tag from an inline editor: null when saved, else why not, for the
   * editor to show at its field (the services' reason without the method's name; not an actionError).
   */
  async saveField(id: number, field: EditedField, text: string): Promise<string | null> {
    try {
      const r = field === 'name' ? await this.#client.call('runs.rename', { id, name: text }) : await this.#client.call('runs.tag', { id, tag: text });
      this.#replace(r);
      return null;
    } catch (error) {
      return `Not saved: ${error instanceof StudioRequestError ? error.info.message : errorText(error)}`;
    }
  }

  async removeTag(id: number, tag: string): Promise<boolean> {
    const r = await this.#act(() => this.#client.call('runs.untag', { id, tag }));
    if (r) {
      this.#replace(r);
      void this.refresh(); // the tag list may have lost it
    }
    return r !== null;
  }

  async remove(id: number): Promise<boolean> {
    const r = await this.#act(() => this.#client.call('runs.delete', { id }));
    if (r) {
      this.runs = this.runs.filter((x) => x.id !== id);
      void this.refresh();
    }
    return r !== null;
  }

  /**
   * Marks a stuck run interrupted (runs.markInterrupted): one another process still holds only with
   * `force`; the app's own runs are cancelled instead (the services refuse, saying so).
   */
  async markInterrupted(id: number, force: boolean): Promise<boolean> {
    const r = await this.#act(() => this.#client.call('runs.markInterrupted', { id, force }));
    if (r) {
      this.#replace(r);
      void this.refresh();
    }
    return r !== null;
  }

  exportRun(id: number): Promise<RunFileBytes | null> {
    return this.#act(() => this.#client.call('runs.export', { id }));
  }

  async importBytes(bytes: Uint8Array<ArrayBuffer>, fileName: string): Promise<RunRecord | null> {
    const r = await this.#act(() => this.#client.call('runs.import', { bytes, fileName }));
    if (r) await this.refresh();
    return r;
  }

  /** The run as files for other tools (CSV, NEST's files, a PyNEST script). */
  async exportAs(id: number, format: ExportFormat): Promise<NamedFile[] | null> {
    const r = await this.#act(() => this.#client.call('runs.exportAs', { id, format }));
    return r ? r.files : null;
  }

  /** The export files of the formats as one zip archive (one folder per format when several). */
  exportArchive(id: number, formats: ExportFormat[]): Promise<RunArchive | null> {
    return this.#act(() => this.#client.call('runs.exportArchive', { id, formats }));
  }

  /** Imports the files of a NEST output folder as a run; the history then lists it. */
  async importNest(files: Payload<'runs.importNest'>['files'], name?: string): Promise<RunRecord | null> {
    const r = await this.#act(() => this.#client.call('runs.importNest', { files, ...(name ? { name } : {}) }));
    if (r) await this.refresh();
    return r;
  }
}

function uniqueSorted(values: readonly string[]): string[] {
  return [...values].sort().filter((v, i, a) => i === 0 || a[i - 1] !== v);
}
