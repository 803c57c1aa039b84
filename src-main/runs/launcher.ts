/**
 * How the run manager starts an engine host: an injectable launcher, so the same manager runs the
 * engine in a Node child process (here: tests, the localhost server) or in an Electron utility
 * process (electron-launcher.ts, wired by src-main/electron). One host per run.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ParentMessage } from '../../engine/host/protocol.ts';

/** How a host process ended. `error`: it could not be started at all. */
export interface HostExit {
  code: number | null;
  signal: string | null;
  error?: string;
}

export interface HostListeners {
  /** A message from the host, not yet validated. */
  message(data: unknown): void;
  /** The process is gone and every message it sent has been delivered. Called once. */
  exit(exit: HostExit): void;
  /** Text the host wrote to stdout or stderr. */
  output?(text: string): void;
}

export interface HostHandle {
  /** The process id, once it is known. */
  readonly pid: number | undefined;
  /** Sends a message; false when the channel is already closed. */
  send(m: ParentMessage): boolean;
  /** Asks the host to go (closes the channel; the host exits). For a host whose run has ended. */
  end(): void;
  /** Kills the process at once (SIGKILL). */
  kill(): void;
}

export type HostLauncher = (listeners: HostListeners) => HostHandle;

/** How long after a host's exit its channel and output may take to drain, ms. */
const EXIT_DRAIN_MS = 1000;

/**
 * The host entry for this build: engine/host/host.ts when running from source (Node 22 runs .ts),
 * out/engine/host.js beside the bundled main process (out/main/main.js).
 */
export function defaultHostPath(moduleUrl: string = import.meta.url): string {
  return fileURLToPath(moduleUrl.endsWith('.ts') ? new URL('../../engine/host/host.ts', moduleUrl) : new URL('../engine/host.js', moduleUrl));
}

export interface NodeLauncherOptions {
  hostPath?: string;
  /** Node options of the host (default: none, plus silencing the type-stripping warning for .ts). */
  execArgv?: string[];
  /** Node binary (default: this one). */
  execPath?: string;
  env?: NodeJS.ProcessEnv;
}

/** Launches hosts with child_process.fork: an IPC channel with 'advanced' serialization (typed arrays survive). */
export function nodeHostLauncher(options: NodeLauncherOptions = {}): HostLauncher {
  const hostPath = options.hostPath ?? defaultHostPath();
  const execArgv = options.execArgv ?? (hostPath.endsWith('.ts') ? ['--disable-warning=ExperimentalWarning'] : []);
  return (listeners) => {
    const child = fork(hostPath, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv,
      execPath: options.execPath ?? process.execPath,
      env: options.env ?? process.env,
    });
    let exited = false;
    const exit = (e: HostExit) => {
      if (exited) return;
      exited = true;
      clearTimeout(fallback);
      listeners.exit(e);
    };
    // The exit is reported once the process has exited, its output is read and the IPC channel is
    // closed (every message delivered). Node's own 'close' event would say the same, but it never
    // comes after the parent disconnected the channel; the timer covers a channel that never closes.
    let status: HostExit | null = null;
    let openStreams = 0;
    let fallback: NodeJS.Timeout | undefined;
    const settle = () => {
      if (status && openStreams === 0 && !child.connected) exit(status);
    };
    child.on('message', (m: unknown) => listeners.message(m));
    child.on('exit', (code, signal) => {
      status = { code, signal };
      settle();
      fallback ??= setTimeout(() => exit(status!), EXIT_DRAIN_MS);
    });
    child.on('disconnect', settle);
    child.on('close', (code, signal) => exit({ code, signal }));
    child.on('error', (e) => {
      // Spawn failures have no pid; other errors (a send on a closed channel) are not exits.
      if (child.pid === undefined) exit({ code: null, signal: null, error: e.message });
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      openStreams++;
      stream.setEncoding('utf8');
      stream.on('data', (text: string) => listeners.output?.(text));
      stream.on('close', () => {
        openStreams--;
        settle();
      });
    }
    return {
      get pid() {
        return child.pid;
      },
      send: (m) => {
        if (!child.connected) return false;
        child.send(m);
        return true;
      },
      end: () => {
        if (child.connected) child.disconnect();
        else if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      },
      kill: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  };
}
