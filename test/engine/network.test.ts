/**
 * The built network against pd14.md sections 4.5 and 5.3: exact synapse totals per population
 * pair, fixed_total_number statistics (multinomial in-degrees, autapses, multapses), weight and
 * delay distributions, initial membrane potentials.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { delayDistribution } from '../../engine/network/delays.ts';
import { makePlan, type NetworkPlan } from '../../engine/network/plan.ts';
import { defaultParams } from '../../engine/params/presets.ts';
import { NUM_POPS } from '../../engine/params/types.ts';
import { Rng } from '../../engine/rng/rng.ts';
import { Partition } from '../../engine/sim/partition.ts';

let plan: NetworkPlan;
let part: Partition;

beforeAll(() => {
  const p = defaultParams();
  p.stim.thalamic_input = true;
  plan = makePlan(p);
  part = new Partition(plan, 0);
  part.build();
}, 60_000);

/** Visits every synapse of target population i from source population j. */
function forEachSynapse(i: number, j: number, fn: (source: number, targetGlobal: number, weightPa: number, delaySteps: number) => void): void {
  const [a, b] = j < NUM_POPS ? [plan.popStart[j], plan.popStart[j + 1]] : [plan.numNeurons, plan.numSources];
  for (const s of part.shards) {
    if (s.shard.pop !== i) continue;
    for (let src = a; src < b; src++) s.forEachSynapse(src, (t, level, d) => fn(src, s.start + t, level * s.inScale, d));
  }
}

describe('network construction', () => {
  it('has exactly N_syn synapses for every (target, source) pair, and the thalamic totals', () => {
    for (let i = 0; i < NUM_POPS; i++) {
      for (let j = 0; j <= NUM_POPS; j++) {
        let n = 0;
        forEachSynapse(i, j, () => n++);
        const expected = j < NUM_POPS ? plan.derived.numSynapses[i][j] : plan.derived.numThSynapses![i];
        expect(n, `pair ${i} <- ${j}`).toBe(expected);
      }
    }
    expect(part.numSynapses).toBe(plan.derived.totalSynapses + plan.derived.numThSynapses!.reduce((a, b) => a + b, 0));
  });

  it('stores a 4-byte word per synapse, a 4-byte word per run of one delay, and row and run pointers', () => {
    const rows = 2 * part.shards.length * (plan.numSources + 1) * 4;
    let runs = 0;
    for (const s of part.shards) {
      runs += s.runs.length;
      // Runs are non-empty and cover their rows exactly; a row's runs have increasing delays.
      for (let src = 0; src < plan.numSources; src++) {
        let n = 0;
        let lastD = -1;
        for (let r = s.runPtr[src]; r < s.runPtr[src + 1]; r++) {
          const d = s.runs[r] >>> 16;
          const c = s.runs[r] & 0xffff;
          if (c === 0 || d < lastD) expect.fail(`shard ${s.shard.id}, source ${src}: run ${r} empty or out of order`);
          lastD = d;
          n += c;
        }
        if (n !== s.rowPtr[src + 1] - s.rowPtr[src]) expect.fail(`shard ${s.shard.id}, source ${src}: runs cover ${n} of ${s.rowPtr[src + 1] - s.rowPtr[src]} synapses`);
      }
    }
    expect(runs).toBeLessThanOrEqual(part.numSynapses);
    expect(part.synapseBytes).toBe(part.numSynapses * 4 + runs * 4 + rows);
  });

  it('draws in-degrees as fixed_total_number does (multinomial), with autapses and multapses', () => {
    // L23E <- L23E: N = 454998 synapses onto 2068 neurons from 2068 sources.
    const i = 0;
    const j = 0;
    const n = plan.derived.numNeurons[i];
    const N = plan.derived.numSynapses[i][j];
    const indeg = new Float64Array(n);
    let autapses = 0;
    const pairs = new Set<number>();
    let multapses = 0;
    forEachSynapse(i, j, (src, tgt) => {
      indeg[tgt - plan.popStart[i]]++;
      if (src === tgt) autapses++;
      const key = src * 100000 + tgt;
      if (pairs.has(key)) multapses++;
      else pairs.add(key);
    });
    const mean = indeg.reduce((a, b) => a + b, 0) / n;
    const variance = indeg.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    expect(mean).toBeCloseTo(N / n, 9);
    const binomVar = N * (1 / n) * (1 - 1 / n);
    expect(Math.abs(variance - binomVar) / binomVar).toBeLessThan(0.1);
    // Expected autapses: N / n_sources; multapses: pairs drawn more than once.
    const expectedAutapses = N / n;
    expect(Math.abs(autapses - expectedAutapses)).toBeLessThan(5 * Math.sqrt(expectedAutapses));
    const expectedDistinct = n * n * (1 - Math.exp(-N / (n * n)));
    expect(Math.abs(pairs.size - expectedDistinct) / expectedDistinct).toBeLessThan(0.01);
    expect(multapses).toBeGreaterThan(0);
  });

  it('sources are uniform over the source population', () => {
    const i = 2;
    const j = 3; // L4E <- L4I
    const nSrc = plan.derived.numNeurons[j];
    const outdeg = new Float64Array(nSrc);
    forEachSynapse(i, j, (src) => outdeg[src - plan.popStart[j]]++);
    const N = plan.derived.numSynapses[i][j];
    const mean = N / nSrc;
    const variance = outdeg.reduce((a, b) => a + (b - mean) ** 2, 0) / nSrc;
    expect(Math.abs(variance - mean * (1 - 1 / nSrc)) / mean).toBeLessThan(0.15);
  });

  it('weights are Normal(J, 0.1|J|) with their sign kept, within sampling error', () => {
    for (const [i, j] of [[0, 0], [0, 2], [1, 1], [6, 7], [2, 8]] as const) {
      let n = 0;
      let sum = 0;
      let sumSq = 0;
      let wrongSign = 0;
      const J = j < NUM_POPS ? plan.derived.weightMeanPa[i][j] : plan.derived.weightThPa!;
      forEachSynapse(i, j, (_s, _t, w) => {
        n++;
        sum += w;
        sumSq += w * w;
        if (Math.sign(w) !== Math.sign(J) && w !== 0) wrongSign++;
      });
      const mean = sum / n;
      const sd = Math.sqrt(sumSq / n - mean * mean);
      const sdExpected = 0.1 * Math.abs(J);
      expect(wrongSign).toBe(0);
      expect(Math.abs(mean - J)).toBeLessThan(5 * (sdExpected / Math.sqrt(n)) + Math.abs(J) * 2e-5);
      expect(Math.abs(sd - sdExpected) / sdExpected).toBeLessThan(0.02);
    }
  });

  it('delays follow Normal(d, 0.5 d) redrawn to >= h/2 and rounded to steps as NEST does', () => {
    const h = plan.hMs;
    for (const [i, j, dMean] of [[0, 0, 1.5], [3, 1, 0.75], [2, 8, 1.5]] as const) {
      const dist = delayDistribution(dMean, dMean * 0.5, h);
      const hist = new Map<number, number>();
      let n = 0;
      forEachSynapse(i, j, (_s, _t, _w, d) => {
        hist.set(d, (hist.get(d) ?? 0) + 1);
        n++;
      });
      expect(Math.min(...hist.keys())).toBeGreaterThanOrEqual(1);
      // Every frequent outcome within 5 standard errors of its probability.
      dist.probs.forEach((p, k) => {
        const steps = dist.minSteps + k;
        const seen = (hist.get(steps) ?? 0) / n;
        expect(Math.abs(seen - p), `delay ${steps} steps`).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n) + 1e-6);
      });
    }
  });

  it('the delay distribution equals drawing Normal, redrawing below h/2 and rounding floor(d/h + 0.5)', () => {
    const h = 0.1;
    const dist = delayDistribution(0.75, 0.375, h);
    const rng = new Rng(1, 99);
    const counts = new Map<number, number>();
    const n = 400_000;
    for (let x = 0; x < n; x++) {
      let d: number;
      do d = 0.75 + 0.375 * rng.normalPolar();
      while (d < h / 2);
      const steps = Math.floor(d / h + 0.5);
      counts.set(steps, (counts.get(steps) ?? 0) + 1);
    }
    dist.probs.forEach((p, k) => {
      const seen = (counts.get(dist.minSteps + k) ?? 0) / n;
      expect(Math.abs(seen - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n) + 1e-6);
    });
    const total = dist.probs.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 12);
  });

  it('initial membrane potentials are Normal(V0 mean, V0 std) per population, not truncated', () => {
    const np = plan.params.net.neuron_params;
    const above = { n: 0 };
    for (let i = 0; i < NUM_POPS; i++) {
      const vs: number[] = [];
      for (const s of part.shards) if (s.shard.pop === i) for (const v of s.state.V_m) vs.push(v + np.E_L);
      const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
      const sd = Math.sqrt(vs.reduce((a, b) => a + (b - mean) ** 2, 0) / vs.length);
      expect(Math.abs(mean - np.V0_mean.optimized[i])).toBeLessThan((5 * np.V0_std.optimized[i]) / Math.sqrt(vs.length));
      expect(Math.abs(sd - np.V0_std.optimized[i]) / np.V0_std.optimized[i]).toBeLessThan(0.25);
      above.n += vs.filter((v) => v >= np.V_th).length;
    }
    // Untruncated: a few neurons start above threshold (they fire in the first step).
    expect(above.n).toBeGreaterThan(0);
  });
});
