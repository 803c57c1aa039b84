/** IPC channel names, shared by the main process and the preload (which bundles this file). */
export const INVOKE_CHANNEL = 'studio:invoke';
export const EVENT_CHANNEL = 'studio:event';
