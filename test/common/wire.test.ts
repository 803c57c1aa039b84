import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire, WireError } from '../../src-main/common/wire.ts';

describe('wire', () => {
  it('sends plain values as JSON text', () => {
    const v = { a: 1, b: ['x', null], c: { d: true } };
    const encoded = encodeWire(v);
    expect(typeof encoded).toBe('string');
    expect(decodeWire(encoded)).toEqual(v);
  });

  it('round-trips typed arrays in a binary frame, each kind and odd lengths', () => {
    const v = {
      type: 'run.spikes',
      runId: 'r1',
      chunk: { fromStep: 0, toStep: 10, senders: new Uint32Array([1, 2, 77169]), steps: new Uint32Array([3, 5, 9]) },
      extra: [new Uint8Array([1, 2, 3]), new Float64Array([Math.PI]), new Int16Array([-3]), new Float32Array([0.5, -1])],
    };
    const encoded = encodeWire(v);
    expect(encoded).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode((encoded as Uint8Array).subarray(0, 4))).toBe('MCS1');
    const back = decodeWire(encoded) as typeof v;
    expect(back.chunk.senders).toBeInstanceOf(Uint32Array);
    expect(Array.from(back.chunk.senders)).toEqual([1, 2, 77169]);
    expect(Array.from(back.chunk.steps)).toEqual([3, 5, 9]);
    expect(back.extra[1]).toBeInstanceOf(Float64Array);
    expect(back.extra[1]?.[0]).toBe(Math.PI);
    expect(Array.from(back.extra[0] ?? [])).toEqual([1, 2, 3]);
    expect(Array.from(back.extra[2] ?? [])).toEqual([-3]);
    expect(Array.from(back.extra[3] ?? [])).toEqual([0.5, -1]);
  });

  it('encodes a view into a larger buffer by its own bytes only', () => {
    const big = new Uint32Array([9, 8, 7, 6]);
    const view = big.subarray(1, 3);
    const back = decodeWire(encodeWire({ v: view })) as { v: Uint32Array };
    expect(Array.from(back.v)).toEqual([8, 7]);
  });

  it('decodes a frame that sits at an odd offset (as a Node Buffer may)', () => {
    const frame = encodeWire({ s: new Float64Array([1.25]) }) as Uint8Array;
    const shifted = new Uint8Array(frame.length + 3);
    shifted.set(frame, 3);
    const back = decodeWire(shifted.subarray(3)) as { s: Float64Array };
    expect(back.s[0]).toBe(1.25);
  });

  it('decodes from a pooled Node Buffer (whose slice() is a view, not a copy)', () => {
    const frame = encodeWire({ s: new Uint32Array([4, 9]) }) as Uint8Array;
    const pooled = Buffer.from(frame); // small Buffers live at an offset in a shared pool
    const back = decodeWire(pooled) as { s: Uint32Array };
    expect(Array.from(back.s)).toEqual([4, 9]);
  });

  it('reports a truncated frame', () => {
    const frame = encodeWire({ s: new Uint32Array(100) }) as Uint8Array;
    expect(() => decodeWire(frame.subarray(0, frame.length - 8))).toThrow(WireError);
  });

  it('a typed array anywhere in the value makes a binary frame; none, JSON text', () => {
    expect(encodeWire({ a: [{ b: new Uint8Array(1) }] })).toBeInstanceOf(Uint8Array);
    expect(typeof encodeWire({ a: [{ b: 1 }] })).toBe('string');
  });
});
