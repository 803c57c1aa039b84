/**
 * The engine host process: ONE entry for both ways the run manager starts it.
 *  - Electron utility process (utilityProcess.fork): `process.parentPort` exists; messages arrive
 *    as `{ data }` events and replies go through parentPort.postMessage (structured clone).
 *  - Node child process (child_process.fork with an IPC channel and serialization 'advanced'):
 *    process.on('message') / process.send (V8 serialization, so typed arrays survive).
 * Either way it speaks engine/host/protocol.ts; the logic is engine/host/engine-host.ts. The same
 * file is the entry of the host's engine thread (engine-thread.ts), so that a bundled host is one
 * file (out/engine/host.js) that finds its thread at its own URL.
 *
 * It exits when its parent goes away (Node: the IPC channel disconnects), after reporting a crash
 * (uncaught exception or unhandled rejection), or when the run manager ends it after the run.
 */
import { isMainThread, parentPort as threadPort } from 'node:worker_threads';
import { EngineHost } from './engine-host.ts';
import { serveEngineThread, threadRunner } from './engine-thread.ts';
import type { HostMessage } from './protocol.ts';

/** Electron's ParentPort as far as the host uses it (engine/ does not import Electron's types). */
interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

/** Exit status after a crash report (EX_SOFTWARE). */
const CRASH_EXIT_CODE = 70;

function main(): void {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  let post: (m: HostMessage) => void;
  if (parentPort) {
    post = (m) => parentPort.postMessage(m);
  } else if (typeof process.send === 'function') {
    post = (m) => {
      if (process.connected) process.send!(m);
    };
  } else {
    process.stderr.write('engine/host/host.ts is started by the run manager: as an Electron utility process, or with child_process.fork and an IPC channel\n');
    process.exit(2);
  }

  const host = new EngineHost({ post, run: threadRunner(new URL(import.meta.url)) });
  let crashed = false;
  const onCrash = (e: unknown) => {
    if (crashed) return;
    crashed = true;
    try {
      host.crash(e);
    } finally {
      // Give the report a moment to leave, then go: the process state is unknown.
      setTimeout(() => process.exit(CRASH_EXIT_CODE), 200);
    }
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  if (parentPort) {
    parentPort.on('message', (e) => host.receive(e?.data));
  } else {
    process.on('message', (m: unknown) => host.receive(m));
    // The parent closed the channel (ended the host, or died): nobody will read the results.
    process.on('disconnect', () => process.exit(0));
  }
  host.announce();
}

if (isMainThread) main();
else serveEngineThread(threadPort!);
