/** The failure reason of a host process that ended without ending its run. Pure. */
import type { HostExit } from './launcher.ts';

/** Keeps the last `max` characters of a process's output (for crash reasons). */
export function appendTail(tail: string, text: string, max = 2000): string {
  const s = tail + text;
  return s.length <= max ? s : s.slice(s.length - max);
}

/** "the engine process exited with signal SIGKILL", with the last line it wrote, if any. */
export function describeExit(exit: HostExit, outputTail = ''): string {
  let what: string;
  if (exit.error !== undefined) what = `the engine process could not be started: ${exit.error}`;
  else if (exit.signal) what = `the engine process exited with signal ${exit.signal}`;
  else if (exit.code !== null) what = `the engine process exited with code ${exit.code}`;
  else what = 'the engine process exited';
  const last = outputTail
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .pop();
  return last ? `${what} (its last output: ${last})` : what;
}
