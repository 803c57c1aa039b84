/** Errors cross the engine thread's boundary as data and come back as the engine's error classes. */
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../engine/api.ts';
import { deserializeError, serializeError } from '../../../engine/host/engine-thread.ts';
import { MemoryGuardError } from '../../../engine/memory.ts';
import { ParamValidationError } from '../../../engine/params/validate.ts';

const roundTrip = (e: unknown) => deserializeError(structuredClone(serializeError(e)));

describe('engine thread errors', () => {
  it('rebuild ParamValidationError with its issues', () => {
    const e = roundTrip(new ParamValidationError([{ path: 'net.g', value: true, message: 'must be a number' }]));
    expect(e).toBeInstanceOf(ParamValidationError);
    expect((e as ParamValidationError).issues).toEqual([{ path: 'net.g', value: true, message: 'must be a number' }]);
    expect(e.message).toBe('1 invalid parameter:\n  - net.g = true: must be a number');
  });

  it('rebuild MemoryGuardError, CancelledError and plain errors', () => {
    const m = roundTrip(new MemoryGuardError(2 ** 34, 2 ** 30));
    expect(m).toBeInstanceOf(MemoryGuardError);
    expect(m.message).toMatch(/needs about 16.00 GiB, and 1.00 GiB are available/);
    // The guard's own message (the limit and where it comes from) crosses whole.
    const g = roundTrip(new MemoryGuardError(2 ** 34, 2 ** 30, 'needs 16 GiB; the cgroup v2 memory limit /sys/fs/cgroup/x/memory.max: 1.00 GiB'));
    expect(g.message).toBe('needs 16 GiB; the cgroup v2 memory limit /sys/fs/cgroup/x/memory.max: 1.00 GiB');
    expect((g as MemoryGuardError).neededBytes).toBe(2 ** 34);
    const c = roundTrip(new CancelledError('by the user'));
    expect(c).toBeInstanceOf(CancelledError);
    expect(c.message).toBe('by the user');
    const p = roundTrip(new RangeError('bad shard'));
    expect(p.message).toBe('bad shard');
    expect(p.stack).toMatch(/RangeError: bad shard/);
    expect(roundTrip('a string').message).toBe('a string');
  });
});
