/** For specs that mock lib/files.ts: downloads recorded by file name instead of made. */
import type * as FilesModule from '../lib/files.ts';

/** The files module with `downloadBytes` pushing the file name onto `downloads` instead of downloading. */
export function recordingDownloads(files: typeof FilesModule, downloads: string[]): typeof FilesModule {
  return {
    ...files,
    downloadBytes: (_bytes: Uint8Array, fileName: string) => {
      downloads.push(fileName);
    },
  };
}
