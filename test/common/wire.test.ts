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

  describe('hostile frames (issue 13 item 4): every size is bounded before it is allocated', () => {
    /** A frame whose header holds `refs` references to the same `bodyBytes` of body. */
    function repeatedReferences(bodyBytes: number, refs: number): Uint8Array {
      const header = new TextEncoder().encode(JSON.stringify({ files: Array.from({ length: refs }, () => ({ $typed: ['Uint8Array', 0, bodyBytes] })) }));
      const bodyStart = (8 + header.length + 7) & ~7;
      const frame = new Uint8Array(bodyStart + bodyBytes);
      frame.set([0x4d, 0x43, 0x53, 0x31], 0);
      new DataView(frame.buffer).setUint32(4, header.length, true);
      frame.set(header, 8);
      return frame;
    }

    it('references that overlap or repeat are refused: the decoded arrays never exceed the body', () => {
      const frame = repeatedReferences(1 << 20, 1000); // 1 MiB of body referenced 1000 times: 1 GB if copied
      const before = process.memoryUsage().arrayBuffers;
      expect(() => decodeWire(frame)).toThrow(/binary frame: the arrays overlap or are out of order/);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 << 20);
      // One reference, or several in order without overlap, decode as before.
      expect((decodeWire(repeatedReferences(16, 1)) as { files: Uint8Array[] }).files[0]).toHaveLength(16);
      const ok = encodeWire({ a: new Uint8Array(3), b: new Uint8Array(5), c: [new Float64Array(2)] }) as Uint8Array;
      expect(decodeWire(ok)).toMatchObject({ a: new Uint8Array(3), b: new Uint8Array(5) });
    });

    it('JSON nested deeper than the limit is refused before it is parsed, in text and in a frame header', () => {
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      expect(() => decodeWire(deep)).toThrow(/nested more than 64 levels deep/);
      expect(() => decodeWire(new TextEncoder().encode(deep))).toThrow(/nested more than 64 levels deep/);
      const nested = (n: number): unknown => (n === 0 ? new Uint8Array(1) : { x: nested(n - 1) });
      expect(() => decodeWire(encodeWire(nested(100)) as Uint8Array)).toThrow(/nested more than 64 levels deep/);
      // Brackets inside strings do not count.
      expect(decodeWire(JSON.stringify({ s: '['.repeat(1000) }))).toEqual({ s: '['.repeat(1000) });
      expect(decodeWire(JSON.stringify(nested(60 - 1)).replace('{}', '1'))).toBeTruthy();
    });

    it('the JSON part of a request can be limited (the server allows 1 MiB; arrays travel in the body)', () => {
      const big = JSON.stringify({ a: 'x'.repeat(2 << 20) });
      expect(() => decodeWire(big, { maxTextBytes: 1 << 20 })).toThrow(/the JSON part is \d+ bytes: at most 1048576/);
      expect(decodeWire(big)).toEqual({ a: 'x'.repeat(2 << 20) });
    });
  });
});
