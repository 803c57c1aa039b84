import { describe, expect, it, vi } from 'vitest';
import { EventHub } from '../../src-main/services/event-hub.ts';
import type { RunEvent } from '../../src-main/contract.ts';

const event: RunEvent = { type: 'run.log', runId: 1, level: 'info', line: 'building the network' };

describe('EventHub', () => {
  it('delivers to every subscriber until it unsubscribes', () => {
    const hub = new EventHub();
    const a = vi.fn();
    const b = vi.fn();
    const offA = hub.subscribe(a);
    hub.subscribe(b);
    hub.emit(event);
    offA();
    hub.emit(event);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
  });

  it('a throwing listener does not stop the others', () => {
    const onError = vi.fn();
    const hub = new EventHub(onError);
    const after = vi.fn();
    hub.subscribe(() => {
      throw new Error('bad listener');
    });
    hub.subscribe(after);
    hub.emit(event);
    expect(after).toHaveBeenCalledWith(event);
    expect(onError).toHaveBeenCalledOnce();
  });
});
