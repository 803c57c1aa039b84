/** The run manager and its launchers: what src-main/services wires (see run-manager.ts). */
export { RunManager, type CancelResult, type RunManagerOptions, type StartOptions } from './run-manager.ts';
export { defaultHostPath, nodeHostLauncher, type HostExit, type HostHandle, type HostLauncher, type HostListeners, type NodeLauncherOptions } from './launcher.ts';
export type { RunEnd, RunEvent, RunEventType, RunFailureKind } from './run-events.ts';
export type { SpikePreview } from './preview.ts';
export { RUN_STATS_VERSION, analysisWindow, type RunStats } from './run-stats.ts';
