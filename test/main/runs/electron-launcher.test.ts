/** The utility-process launcher against a stand-in for Electron's utilityProcess (there is no Electron binary here). */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { electronHostLauncher, type UtilityProcessModule } from '../../../src-main/runs/electron-launcher.ts';
import { defaultHostPath, type HostExit } from '../../../src-main/runs/launcher.ts';

class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = 4321;
  stdout = new PassThrough();
  stderr = new PassThrough();
  posted: unknown[] = [];
  killCalls = 0;
  postMessage(m: unknown): void {
    this.posted.push(m);
  }
  kill(): boolean {
    this.killCalls++;
    return true;
  }
}

function setup() {
  const forks: { path: string; args?: string[]; options?: unknown; child: FakeUtilityProcess }[] = [];
  const up = {
    fork: (path: string, args?: string[], options?: unknown) => {
      const child = new FakeUtilityProcess();
      forks.push({ path, args, options, child });
      return child;
    },
  } as unknown as UtilityProcessModule;
  const messages: unknown[] = [];
  const exits: HostExit[] = [];
  const output: string[] = [];
  const handle = electronHostLauncher(up, { hostPath: '/app/out/engine/host.js' })({
    message: (d) => messages.push(d),
    exit: (e) => exits.push(e),
    output: (t) => output.push(t),
  });
  return { forks, messages, exits, output, handle, child: forks[0].child };
}

afterEach(() => vi.restoreAllMocks());

describe('electronHostLauncher', () => {
  it('forks the bundled host with piped output and relays messages both ways', async () => {
    const { forks, messages, output, handle, child } = setup();
    expect(forks[0]).toMatchObject({ path: '/app/out/engine/host.js', options: { stdio: 'pipe', serviceName: 'Microcircuit engine' } });
    expect(handle.pid).toBe(4321);
    child.emit('message', { type: 'ready' });
    expect(messages).toEqual([{ type: 'ready' }]);
    expect(handle.send({ type: 'cancel', reason: 'x' })).toBe(true);
    expect(child.posted).toEqual([{ type: 'cancel', reason: 'x' }]);
    child.stderr.write('warning\n');
    await new Promise((r) => setImmediate(r));
    expect(output).toEqual(['warning\n']);
  });

  it('ends with kill(), kills with SIGKILL to the pid, and reports the signal it sent', () => {
    const { exits, handle, child } = setup();
    handle.end();
    expect(child.killCalls).toBe(1);
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    handle.kill();
    expect(kill).toHaveBeenCalledWith(4321, 'SIGKILL');
    child.emit('exit', 9);
    child.emit('exit', 9);
    expect(exits).toEqual([{ code: null, signal: 'SIGKILL' }]);
    expect(handle.send({ type: 'cancel', reason: 'late' })).toBe(false);
  });

  it('reports the exit code of a process it did not kill', () => {
    const { exits, child } = setup();
    child.emit('exit', 1);
    expect(exits).toEqual([{ code: 1, signal: null }]);
  });

  it('defaults to out/engine/host.js beside the bundled main process, engine/host/host.ts from source', () => {
    expect(defaultHostPath('file:///app/out/main/main.js')).toBe('/app/out/engine/host.js');
    expect(defaultHostPath('file:///repo/src-main/runs/launcher.ts')).toBe('/repo/engine/host/host.ts');
  });
});
