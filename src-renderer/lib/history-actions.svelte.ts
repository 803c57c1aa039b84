/**
 * What the History view does to runs beyond the table's edits: deletes one (after a confirmation),
 * exports one (its own run file, a CSV, or the files of other tools in one zip archive, listing
 * what it holds) and imports
 * one (a run file, or the files of a NEST output folder). What an action did is `notice`; why it
 * failed is `history.actionError`, as for every other History action. One per mounted view: the
 * notice goes with it.
 */
import type { RunListItem } from '../../src-main/contract.ts';
import type { CompareState } from './compare.svelte.ts';
import { downloadBytes, readFileBytes } from './files.ts';
import type { HistoryState } from './history.svelte.ts';
import { archiveFormats, archiveNotice, exportLabel, nestUpload, type ExportChoice, type PickedFile } from './interop-files.ts';

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class HistoryActions {
  /** What the last action did, in words. */
  notice = $state<string | null>(null);
  /** The files an archive export wrote (path inside the zip, bytes), listed under the notice. */
  noticeFiles = $state.raw<{ name: string; bytes: number }[]>([]);
  /** The run the confirmation asks about; null when none is open. */
  toDelete = $state.raw<RunListItem | null>(null);
  deleting = $state(false);
  deleteError = $state<string | null>(null);
  /** An import is under way (the import buttons wait for it). */
  importing = $state(false);
  /** The run whose export is being made (its menu says so; the other menus wait). */
  exporting = $state<number | null>(null);

  readonly #history: HistoryState;
  readonly #compare: CompareState;

  constructor(history: HistoryState, compare: CompareState) {
    this.#history = history;
    this.#compare = compare;
  }

  askDelete(run: RunListItem): void {
    this.deleteError = null;
    this.toDelete = run;
  }

  cancelDelete(): void {
    this.toDelete = null;
  }

  /** Deletes the run the confirmation asked about; it leaves the comparison too. */
  async confirmDelete(): Promise<void> {
    const run = this.toDelete;
    if (!run) return;
    this.deleting = true;
    this.deleteError = null;
    const ok = await this.#history.remove(run.id);
    this.deleting = false;
    if (ok) {
      this.toDelete = null;
      this.notice = `Deleted “${run.name}”.`;
      if (this.#compare.isPicked(run.id)) this.#compare.toggle(run.id);
    } else this.deleteError = this.#history.actionError;
  }

  /** A queued or running run the user asked to mark interrupted; null when the confirmation is closed. */
  toInterrupt = $state.raw<RunListItem | null>(null);
  interrupting = $state(false);
  interruptError = $state<string | null>(null);
  /** The services refused once (a process still holds the run): the next confirmation forces it. */
  interruptForce = $state(false);

  askInterrupt(run: RunListItem): void {
    this.interruptError = null;
    this.interruptForce = false;
    this.toInterrupt = run;
  }

  cancelInterrupt(): void {
    this.toInterrupt = null;
  }

  /**
   * Marks the run interrupted. The first try does not force: a run whose writer is gone is marked
   * at once; one whose process still holds it is refused with the reason, and the confirmation
   * then offers to mark it anyway (that process stops storing the run; its data so far is kept).
   */
  async confirmInterrupt(): Promise<void> {
    const run = this.toInterrupt;
    if (!run) return;
    this.interrupting = true;
    this.interruptError = null;
    const ok = await this.#history.markInterrupted(run.id, this.interruptForce);
    this.interrupting = false;
    if (ok) {
      this.toInterrupt = null;
      this.notice = `Marked “${run.name}” interrupted.`;
    } else {
      this.interruptError = this.#history.actionError;
      this.interruptForce = true;
    }
  }

  /** Downloads the run in the chosen format: one file, or one zip archive of several. */
  async export(run: Pick<RunListItem, 'id' | 'name'>, choice: ExportChoice): Promise<void> {
    this.notice = null;
    this.noticeFiles = [];
    const formats = archiveFormats(choice);
    if (formats) {
      this.exporting = run.id;
      try {
        const archive = await this.#history.exportArchive(run.id, formats);
        if (!archive) return;
        downloadBytes(archive.bytes, archive.fileName, 'application/zip');
        this.notice = archiveNotice(run.name, archive);
        this.noticeFiles = archive.files;
      } finally {
        this.exporting = null;
      }
      return;
    }
    if (choice === 'run-file') {
      const file = await this.#history.exportRun(run.id);
      if (!file) return;
      downloadBytes(file.bytes, file.fileName);
      this.notice = `Exported “${run.name}” as ${file.fileName}.`;
      return;
    }
    this.exporting = run.id;
    try {
      const files = await this.#history.exportAs(run.id, choice as 'spikes-csv' | 'rates-csv');
      if (!files) return;
      for (const f of files) downloadBytes(f.bytes, f.name);
      this.notice = `Exported “${run.name}” as ${exportLabel(choice)}: ${files.map((f) => f.name).join(', ')}.`;
    } finally {
      this.exporting = null;
    }
  }

  /** Imports a run file (.mcrun) the user picked. */
  async importRunFile(file: Blob & { name: string }): Promise<void> {
    this.importing = true;
    this.notice = null;
    try {
      const record = await this.#history.importBytes(await readFileBytes(file), file.name);
      if (record) this.notice = `Imported “${record.name}” from ${file.name}.`;
    } catch (error) {
      this.#history.actionError = `${file.name} could not be read: ${reason(error)}`;
    } finally {
      this.importing = false;
    }
  }

  /** Imports the files of a NEST output folder the user picked (single files or the whole folder). */
  async importNest(picked: readonly PickedFile[]): Promise<void> {
    const h = this.#history;
    this.importing = true;
    this.notice = null;
    h.actionError = null;
    try {
      const upload = await nestUpload(picked);
      const record = await h.importNest(upload.files, upload.name);
      if (record) {
        const skipped = upload.skipped > 0 ? ` (${upload.skipped} file(s) in subfolders left out)` : '';
        this.notice = `Imported “${record.name}” from ${upload.files.length} NEST file(s)${skipped}.`;
      } else if (h.actionError) h.actionError = `The NEST output could not be imported: ${h.actionError}`;
    } catch (error) {
      h.actionError = `The picked files could not be read: ${reason(error)}`;
    } finally {
      this.importing = false;
    }
  }
}
