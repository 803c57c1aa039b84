/**
 * The host launcher for the Electron app: each run's engine host in a utility process. Typed
 * against Electron's .d.ts, with no runtime import of 'electron' (services and tests load this
 * module under plain Node): the Electron glue passes in the `utilityProcess` module,
 *
 *   import { utilityProcess } from 'electron';
 *   const launcher = electronHostLauncher(utilityProcess);
 *
 * after app 'ready' (utilityProcess.fork refuses before). Messages go out with postMessage and come
 * back as plain values (structured clone; only MessagePortMain could be transferred, so data are
 * copied). Electron's 'exit' event gives a code but no signal; the signal is reported only when this
 * launcher sent it.
 */
import type { ForkOptions, UtilityProcess } from 'electron';
import { defaultHostPath, type HostLauncher } from './launcher.ts';

/** The part of Electron's `utilityProcess` module the launcher uses. */
export interface UtilityProcessModule {
  fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityProcess;
}

export interface ElectronLauncherOptions {
  /** The bundled host (default: out/engine/host.js beside out/main/main.js). */
  hostPath?: string;
  /** Name of the process in Electron's metrics and crash reports. */
  serviceName?: string;
}

export function electronHostLauncher(up: UtilityProcessModule, options: ElectronLauncherOptions = {}): HostLauncher {
  const hostPath = options.hostPath ?? defaultHostPath();
  return (listeners) => {
    const child = up.fork(hostPath, [], { stdio: 'pipe', serviceName: options.serviceName ?? 'Microcircuit engine' });
    let exited = false;
    let sentSignal: string | null = null;
    child.on('message', (m: unknown) => listeners.message(m));
    child.on('exit', (code: number) => {
      if (exited) return;
      exited = true;
      listeners.exit({ code: sentSignal ? null : code, signal: sentSignal });
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (text: string | Buffer) => listeners.output?.(String(text)));
    }
    return {
      get pid() {
        return child.pid;
      },
      send: (m) => {
        if (exited) return false;
        child.postMessage(m);
        return true;
      },
      end: () => {
        if (!exited) child.kill();
      },
      kill: () => {
        if (exited) return;
        const pid = child.pid;
        if (pid === undefined) {
          child.kill();
          return;
        }
        sentSignal = 'SIGKILL';
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone: 'exit' follows
        }
      },
    };
  };
}
