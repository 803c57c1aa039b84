/**
 * The History's exports for other tools and its import of NEST output: the export choices, and
 * the files a user picked (single files or a whole folder) turned into runs.importNest's payload.
 * Pure apart from reading the picked files.
 */
import type { ExportFormat, Payload, RunArchive } from '../../src-main/contract.ts';
import { formatBytes } from './format.ts';

/** A run file, one format, or every format at once ('all'). */
export type ExportChoice = 'run-file' | ExportFormat | 'all';

/**
 * What the Export… menu offers, in order: the app's own run file first. Formats that make several
 * files (NEST's, the PyNEST script, everything) arrive as one zip archive.
 */
export const EXPORT_CHOICES: readonly { choice: ExportChoice; label: string; hint: string }[] = [
  { choice: 'run-file', label: 'Run file', hint: 'everything, to import into Microcircuit Studio (.mcrun)' },
  { choice: 'spikes-csv', label: 'Spikes CSV', hint: 'sender,time_ms,population' },
  { choice: 'rates-csv', label: 'Rates CSV', hint: 'node_id,population,rate_hz over the analysis window' },
  { choice: 'nest', label: 'NEST files (zip)', hint: 'population_nodeids.dat, spike_recorder-*.dat, rate*.dat as NEST writes them, in one zip archive' },
  { choice: 'pynest', label: 'PyNEST script (zip)', hint: 'run_microcircuit.py and params.json, in one zip archive' },
  { choice: 'all', label: 'Everything (zip)', hint: 'NEST files, PyNEST script and both CSVs, one folder each, in one zip archive' },
];

/** The formats a choice puts in one zip archive; null for a choice that makes one file. */
export function archiveFormats(choice: ExportChoice): ExportFormat[] | null {
  if (choice === 'all') return EXPORT_CHOICES.flatMap((c) => (c.choice === 'run-file' || c.choice === 'all' ? [] : [c.choice]));
  if (choice === 'nest' || choice === 'pynest') return [choice];
  return null;
}

/** What an archive export wrote: "Saved “baseline” as baseline-nest.zip: 18 files, 1.2 MB in all." */
export function archiveNotice(runName: string, a: Pick<RunArchive, 'fileName' | 'files'>): string {
  const total = a.files.reduce((s, f) => s + f.bytes, 0);
  return `Saved “${runName}” as ${a.fileName}: ${a.files.length} file${a.files.length === 1 ? '' : 's'}, ${formatBytes(total)} in all.`;
}

export function exportLabel(choice: ExportChoice): string {
  return EXPORT_CHOICES.find((c) => c.choice === choice)?.label ?? choice;
}

/** The part of a picked File this module reads (a folder pick also sets webkitRelativePath). */
export type PickedFile = Pick<File, 'name' | 'arrayBuffer'> & { webkitRelativePath?: string };

export interface NestUpload {
  files: Payload<'runs.importNest'>['files'];
  /** The run's name: from the folder's name for a folder pick, else left to the services. */
  name?: string;
  /** Files of a folder pick left out because they lie in a subfolder. */
  skipped: number;
}

/**
 * The picked files as runs.importNest takes them: a folder pick keeps the folder's own files
 * (NEST writes no subfolders; a nested file could collide with a name) and names the run after
 * the folder.
 */
export async function nestUpload(picked: readonly PickedFile[]): Promise<NestUpload> {
  let folder: string | undefined;
  let skipped = 0;
  const files: NestUpload['files'] = [];
  for (const f of picked) {
    const parts = (f.webkitRelativePath ?? '').split('/').filter((p) => p !== '');
    if (parts.length > 2) {
      skipped++;
      continue;
    }
    if (parts.length === 2) folder ??= parts[0];
    files.push({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
  }
  return { files, ...(folder ? { name: `NEST import: ${folder}`.slice(0, 200) } : {}), skipped };
}
