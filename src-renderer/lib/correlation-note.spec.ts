import { describe, expect, it } from 'vitest';
import { correlationNote, perfectPairs } from './correlation-note.ts';

describe('pairs at r = 1', () => {
  it('counts them per population and explains them where they show; none, no note', () => {
    const counts = perfectPairs([
      { name: 'L23E', values: Float64Array.from([0.1, 1, 0.99999, 1]) },
      { name: 'L6I', values: Float64Array.from([-0.2, 0.3]) },
    ]);
    expect(counts).toEqual([
      { name: 'L23E', pairs: 4, perfect: 2 },
      { name: 'L6I', pairs: 2, perfect: 0 },
    ]);
    const note = correlationNote(counts)!;
    expect(note).toMatch(/^Pairs at r = 1 \(L2\/3E 2 of 4\): both neurons spiked in exactly the same 2-ms bins/);
    expect(note).toMatch(/NEST's reference analysis keeps every pair whose neurons both spiked \(only pairs with a silent neuron are dropped\)/);
    expect(correlationNote(perfectPairs([{ name: 'L4E', values: [0.5] }]))).toBeNull();
  });
});
