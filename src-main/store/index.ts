/** The run store: one SQLite file holding every run. See run-store.ts. */
export { RunStore, type OpenOptions } from './run-store.ts';
export { RunStoreError, type RunStoreErrorCode } from './errors.ts';
export { APP_NAME, DB_FILE_NAME, appDataDir, defaultDbPath, storeLocation, userDataDir, type PlatformEnv, type StoreLocation } from './paths.ts';
export { SCHEMA_VERSION } from './schema.ts';
export { RUN_FILE_EXTENSION, RUN_FILE_VERSION } from './run-file.ts';
export { chunksFromUnsorted } from './spike-split.ts';
export type { ExportOptions } from './run-transfer.ts';
export * from './types.ts';
