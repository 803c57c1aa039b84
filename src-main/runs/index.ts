/** The run manager and its launchers: what src-main/services wires (see run-manager.ts). */
export { RunManager, type CancelResult, type RunManagerOptions, type StartOptions } from './run-manager.ts';
export { defaultHostPath, nodeHostLauncher, type HostExit, type HostHandle, type HostLauncher, type HostListeners, type NodeLauncherOptions } from './launcher.ts';
export type { RunEnd, RunFailureKind } from './run-end.ts';
export type { SpikePreview } from './preview.ts';
export { RUN_STATS_VERSION, analysisWindow, type RunStats } from './run-stats.ts';
