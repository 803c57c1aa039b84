import { describe, expect, it } from 'vitest';
import { archiveFormats, archiveNotice, EXPORT_CHOICES, exportLabel, nestUpload, type PickedFile } from './interop-files.ts';

const picked = (name: string, text: string, webkitRelativePath = ''): PickedFile => ({
  name,
  webkitRelativePath,
  arrayBuffer: () => Promise.resolve(new TextEncoder().encode(text).buffer as ArrayBuffer),
});

describe('nestUpload', () => {
  it('single files: their names and bytes, the run name left to the services', async () => {
    const u = await nestUpload([picked('population_nodeids.dat', '1 10\n'), picked('rate0.dat', '0.5\n')]);
    expect(u.files.map((f) => f.name)).toEqual(['population_nodeids.dat', 'rate0.dat']);
    expect(new TextDecoder().decode(u.files[0]!.bytes)).toBe('1 10\n');
    expect(u.files[0]!.bytes).toBeInstanceOf(Uint8Array);
    expect(u.name).toBeUndefined();
    expect(u.skipped).toBe(0);
  });

  it("a folder pick: the folder's own files, named after the folder; files in subfolders left out", async () => {
    const u = await nestUpload([
      picked('population_nodeids.dat', 'x', 'run_s55/population_nodeids.dat'),
      picked('spike_recorder-7718-0.dat', 'y', 'run_s55/spike_recorder-7718-0.dat'),
      picked('population_nodeids.dat', 'z', 'run_s55/old/population_nodeids.dat'),
    ]);
    expect(u.files.map((f) => f.name)).toEqual(['population_nodeids.dat', 'spike_recorder-7718-0.dat']);
    expect(new TextDecoder().decode(u.files[0]!.bytes)).toBe('x');
    expect(u.name).toBe('NEST import: run_s55');
    expect(u.skipped).toBe(1);
  });
});

describe('export choices', () => {
  it('the run file first, then the four formats for other tools, then everything; each labelled', () => {
    expect(EXPORT_CHOICES.map((c) => c.choice)).toEqual(['run-file', 'spikes-csv', 'rates-csv', 'nest', 'pynest', 'all']);
    expect(exportLabel('nest')).toBe('NEST files (zip)');
    expect(EXPORT_CHOICES.every((c) => c.label.length > 0 && c.hint.length > 0)).toBe(true);
  });

  it('formats that make several files go into one archive; a CSV or the run file do not', () => {
    expect(archiveFormats('nest')).toEqual(['nest']);
    expect(archiveFormats('pynest')).toEqual(['pynest']);
    expect(archiveFormats('all')).toEqual(['spikes-csv', 'rates-csv', 'nest', 'pynest']);
    expect(archiveFormats('spikes-csv')).toBeNull();
    expect(archiveFormats('run-file')).toBeNull();
  });

  it('the notice of an archive says its name, how many files and how many bytes', () => {
    const files = [{ name: 'a.dat', bytes: 1000 }, { name: 'b.dat', bytes: 48 }];
    expect(archiveNotice('baseline', { fileName: 'baseline-nest.zip', files })).toBe('Saved “baseline” as baseline-nest.zip: 2 files, 1.02 KiB in all.');
    expect(archiveNotice('x', { fileName: 'x.zip', files: [files[1]!] })).toBe('Saved “x” as x.zip: 1 file, 48 B in all.');
  });
});
