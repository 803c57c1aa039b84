/**
 * The calibration study behind the ensemble verdict (docs/comparison.md): how often does each
 * candidate rule call two ensembles of the SAME configuration different (the false-alarm rate,
 * family-wise over the 24 population × statistic tests), and how often does it see a real change
 * (net.g, net.bg_rate) in the statistics where that change acts (the power)?
 *
 *   node test/validate/verdict-calibration.ts [--trials 400] [--json FILE] [--markdown FILE]
 *        [--rules 'NAME;NAME'] [--scenarios 'NAME;NAME']
 *
 * --rules runs only the rules whose names contain one of the parts (including the costly extra
 * ones: 'perm pooled KS' and 'shipped compareEnsembles', which recomputes every distance through
 * engine/analysis/ensemble-comparison.ts and must flag exactly what CHOSEN flags); --scenarios
 * likewise for the scenarios.
 *
 * Runs the configurations of calibration-data.ts once (cached under test-output/verdict-calibration/;
 * about 2 minutes here), then draws many disjoint seed sets from them. The KS distance of every pair
 * of runs is computed once per population and statistic; each rule then only reads those matrices
 * and the per-run means.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DISTRIBUTION_KEYS,
  ksDistanceMatrix,
  mean,
  meanCrossDistance,
  meanDifference,
  meanWithinDistance,
  compareEnsembles,
  permutationP,
  Pcg64,
  seedSplits,
  sortedCopy,
  std,
  STATISTICS,
  welchT as welch,
  yardstickEntry,
  type DistanceMatrix,
  type DistributionKey,
  type PopulationValues,
  type SeedSplits,
} from '../../engine/analysis/index.ts';
import { pooledCdfs, pooledKsDistance } from './pooled-ks.ts';
import { CACHE_DIR, CONDITIONS, conditionRuns, nestDefaultRuns } from './calibration-data.ts';
import { nestYardstick } from './reference.ts';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const TRIALS = Number(opt('--trials', '400'));
const JSON_OUT = opt('--json', '');
const MARKDOWN_OUT = opt('--markdown', '');
const ONLY_RULES = opt('--rules', '');
const ONLY_SCENARIOS = opt('--scenarios', '');
const Q = 0.05;

// ---------------------------------------------------------------------------------------------
// Data: every run of a scale in one pool; KS distance matrices per population × statistic.

interface Pool {
  labels: string[];
  runs: PopulationValues[][];
  /** [test index] -> n x n distances (test = population × statistic, population-major). */
  d: Float64Array[];
  /** [test index][run] per-run mean of the distribution. */
  means: Float64Array[];
  tests: { population: string; statistic: DistributionKey }[];
}

function buildPool(groups: { label: string; runs: PopulationValues[][] }[]): Pool {
  const labels: string[] = [];
  const runs: PopulationValues[][] = [];
  for (const g of groups) {
    for (const r of g.runs) {
      labels.push(g.label);
      runs.push(r);
    }
  }
  const tests = runs[0].flatMap((p) => DISTRIBUTION_KEYS.map((statistic) => ({ population: p.name, statistic })));
  const d: Float64Array[] = [];
  const means: Float64Array[] = [];
  runs[0].forEach((_, p) => {
    for (const k of DISTRIBUTION_KEYS) {
      const sorted = runs.map((r) => sortedCopy(r[p].distributions[k]));
      d.push(ksDistanceMatrix(sorted).d);
      means.push(Float64Array.from(runs.map((r) => mean(r[p].distributions[k]))));
    }
  });
  return { labels, runs, d, means, tests };
}

/** The sub-matrix of the pool for the runs idx (in that order). */
function sub(pool: Pool, t: number, idx: readonly number[]): DistanceMatrix {
  const n = pool.runs.length;
  const k = idx.length;
  const out = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) out[a * k + b] = a === b ? 0 : pool.d[t][idx[a] * n + idx[b]];
  return { n: k, d: out };
}

// ---------------------------------------------------------------------------------------------
// Candidate rules: each takes a trial (A indices, B indices into the pool) and flags tests.

interface Trial {
  pool: Pool;
  a: number[];
  b: number[];
  splits: SeedSplits;
}

type Rule = (t: Trial) => boolean[];

function bh(ps: readonly number[], q: number): boolean[] {
  const tested = ps.map((p, i) => [p, i] as const).filter(([p]) => !Number.isNaN(p)).sort((x, y) => x[0] - y[0]);
  const m = tested.length;
  let k = 0;
  tested.forEach(([p], i) => {
    if (p <= ((i + 1) * q) / m) k = i + 1;
  });
  const out = ps.map(() => false);
  for (let i = 0; i < k; i++) out[tested[i][1]] = true;
  return out;
}

function holm(ps: readonly number[], q: number): boolean[] {
  const tested = ps.map((p, i) => [p, i] as const).filter(([p]) => !Number.isNaN(p)).sort((x, y) => x[0] - y[0]);
  const m = tested.length;
  const out = ps.map(() => false);
  for (let i = 0; i < m; i++) {
    if (tested[i][0] > q / (m - i)) break;
    out[tested[i][1]] = true;
  }
  return out;
}

function crossStat(m: DistanceMatrix): (inA: Uint8Array, off: number) => number {
  return (inA, off) => meanCrossDistance(m, inA, off);
}

function ksPermP(t: Trial): number[] {
  const idx = [...t.a, ...t.b];
  return t.pool.tests.map((_, i) => permutationP(t.splits, crossStat(sub(t.pool, i, idx))).p);
}

function pooledKsPermP(t: Trial): number[] {
  const idx = [...t.a, ...t.b];
  return t.pool.tests.map((test, i) => {
    const p = Math.floor(i / DISTRIBUTION_KEYS.length);
    const c = pooledCdfs(idx.map((j) => t.pool.runs[j][p].distributions[test.statistic]));
    return permutationP(t.splits, (inA, off) => pooledKsDistance(c, inA, off)).p;
  });
}

function meanPermP(t: Trial): number[] {
  const idx = [...t.a, ...t.b];
  return t.pool.tests.map((_, i) => {
    const v = idx.map((j) => t.pool.means[i][j]);
    return permutationP(t.splits, (inA, off) => meanDifference(v, inA, off)).p;
  });
}

/** Every split's statistic of one test: mean cross KS, or |difference of per-seed means|. */
function ksBySplit(t: Trial, i: number): Float64Array {
  const idx = [...t.a, ...t.b];
  const m = sub(t.pool, i, idx);
  return Float64Array.from({ length: t.splits.count }, (_, s) => meanCrossDistance(m, t.splits.inA, s * idx.length));
}

function meanBySplit(t: Trial, i: number): Float64Array {
  const idx = [...t.a, ...t.b];
  const n = idx.length;
  const v = idx.map((j) => t.pool.means[i][j]);
  return Float64Array.from({ length: t.splits.count }, (_, s) => meanDifference(v, t.splits.inA, s * n));
}

/** The fraction of the values (sorted ascending) at least x (less a relative 1e-12 for rounding). */
function fractionAtLeast(sorted: Float64Array, x: number): number {
  const bar = x - 1e-12 * Math.abs(x);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < bar) lo = mid + 1;
    else hi = mid;
  }
  return (sorted.length - lo) / sorted.length;
}

/** Per split, the fraction of splits whose statistic reaches its own (its permutation p). */
function splitPs(col: Float64Array): Float64Array {
  const sorted = Float64Array.from(col.filter((x) => !Number.isNaN(x))).sort();
  return col.map((x) => {
    if (Number.isNaN(x)) return NaN;
    return fractionAtLeast(sorted, x);
  });
}

/** Non-parametric combination (Tippett) of the KS and the mean test of each statistic: p of min(p_KS, p_mean) over the splits. */
function npcP(t: Trial): number[] {
  return t.pool.tests.map((_, i) => {
    const pk = splitPs(ksBySplit(t, i));
    const pm = splitPs(meanBySplit(t, i));
    const c = pk.map((x, s) => (Number.isNaN(x) ? pm[s] : Number.isNaN(pm[s]) ? x : Math.min(x, pm[s])));
    if (Number.isNaN(c[0])) return NaN;
    let k = 0;
    let valid = 0;
    for (const x of c) {
      if (Number.isNaN(x)) continue;
      valid++;
      if (x <= c[0] + 1e-15) k++;
    }
    return k / valid;
  });
}

/** Both tests of every statistic in one Benjamini–Hochberg family of 48; a statistic differs when either of its tests does. */
function both48(t: Trial, q: number): boolean[] {
  const pk = ksPermP(t);
  const pm = meanPermP(t);
  const f = bh([...pk, ...pm], q);
  return pk.map((_, i) => f[i] || f[pk.length + i]);
}

function welchP(t: Trial): number[] {
  return t.pool.tests.map((_, i) => {
    const va = t.a.map((j) => t.pool.means[i][j]);
    const vb = t.b.map((j) => t.pool.means[i][j]);
    return welch(mean(va), std(va, 1), va.length, mean(vb), std(vb, 1), vb.length).p;
  });
}

/** Westfall–Young single-step min-p over the tests, from the permutation distribution of mean cross KS. */
function minPAdjusted(t: Trial): number[] {
  const idx = [...t.a, ...t.b];
  const n = idx.length;
  const S = t.splits.count;
  // Statistic of every split for every test; then each split's p within its test; then min over tests.
  const stats = t.pool.tests.map((_, i) => {
    const m = sub(t.pool, i, idx);
    return Float64Array.from({ length: S }, (_, s) => meanCrossDistance(m, t.splits.inA, s * n));
  });
  const pOf = stats.map((col) => {
    const sorted = Float64Array.from(col.filter((x) => !Number.isNaN(x))).sort();
    return (x: number) => (Number.isNaN(x) ? NaN : fractionAtLeast(sorted, x));
  });
  const minP = new Float64Array(S).fill(1);
  stats.forEach((col, i) => {
    for (let s = 0; s < S; s++) {
      const p = pOf[i](col[s]);
      if (p < minP[s]) minP[s] = p;
    }
  });
  return stats.map((col, i) => {
    const p0 = pOf[i](col[0]);
    if (Number.isNaN(p0)) return NaN;
    let c = 0;
    for (let s = 0; s < S; s++) if (minP[s] <= p0 + 1e-15) c++;
    return c / S;
  });
}

function ratioRule(factor: number, slack: number): Rule {
  return (t) => {
    const idx = [...t.a, ...t.b];
    return t.pool.tests.map((_, i) => {
      const m = sub(t.pool, i, idx);
      const cross = meanCrossDistance(m, t.splits.inA, 0);
      // within: every pair inside A and inside B
      const wa = meanWithinDistance(m, t.splits.inA, 0, 1);
      const wb = meanWithinDistance(m, t.splits.inA, 0, 0);
      const within = mean([wa, wb].filter((x) => !Number.isNaN(x)));
      return cross > factor * within + slack;
    });
  };
}

function fixedYardstick(t: Trial): boolean[] {
  const y = nestYardstick();
  const idx = [...t.a, ...t.b];
  return t.pool.tests.map((test, i) => {
    const m = sub(t.pool, i, idx);
    const e = yardstickEntry(y, test.population, test.statistic);
    return meanCrossDistance(m, t.splits.inA, 0) > (e?.threshold ?? Infinity);
  });
}

/** The shipped verdict itself (engine/analysis/ensemble-comparison.ts) on the trial's runs. */
function shippedVerdict(t: Trial): boolean[] {
  const c = compareEnsembles(
    t.a.map((j) => t.pool.runs[j]),
    t.b.map((j) => t.pool.runs[j]),
  );
  return c.rows.map((r) => r.verdict === 'differ');
}

/** The candidate rules; `extra` ones run only when --rules names them. */
const RULES: { name: string; text: string; rule: Rule; extra?: boolean }[] = [
  { name: 'fixed yardstick', text: "mean KS between the sides > NEST's mean + 2 SD at N = K = 0.1 (the rule before this study)", rule: fixedYardstick },
  { name: 'ratio 1.5', text: 'mean KS between the sides > 1.5 × mean KS within them + 0.005 (the rule of issue 12)', rule: ratioRule(1.5, 0.005) },
  { name: 'ratio 1.25', text: 'as ratio 1.5 with 1.25', rule: ratioRule(1.25, 0.005), extra: true },
  { name: 'perm KS, uncorrected', text: 'permutation p of the mean KS between the sides <= 0.05, each statistic alone', rule: (t) => ksPermP(t).map((p) => p <= Q) },
  { name: 'perm KS, Bonferroni', text: 'the same p, Bonferroni over the 24 statistics', rule: (t) => ksPermP(t).map((p) => p <= Q / t.pool.tests.length) },
  { name: 'perm KS, min-p', text: 'the same p, Westfall–Young single-step min-p over the 24 (family-wise)', rule: (t) => minPAdjusted(t).map((p) => p <= Q) },
  { name: 'perm KS, BH', text: 'the same p, Benjamini–Hochberg over the 24 at q = 0.05', rule: (t) => bh(ksPermP(t), Q) },
  // Costly (every trial pools and sorts every population's values): run it by name, with fewer trials.
  { name: 'perm pooled KS, BH', text: 'permutation p of the KS distance between the pooled sides, Benjamini–Hochberg q = 0.05', rule: (t) => bh(pooledKsPermP(t), Q), extra: true },
  { name: 'perm mean, BH', text: 'permutation p of |difference of per-seed means|, Benjamini–Hochberg q = 0.05', rule: (t) => bh(meanPermP(t), Q) },
  { name: 'Welch, Holm', text: 'Welch t-test of the per-seed means, Holm over the 24', rule: (t) => holm(welchP(t), Q) },
  { name: 'Welch, BH', text: 'Welch t-test of the per-seed means, Benjamini–Hochberg q = 0.05', rule: (t) => bh(welchP(t), Q) },
  { name: 'perm NPC, BH', text: 'permutation p of min(p KS, p mean) (Tippett combination inside the permutation), Benjamini–Hochberg q = 0.05', rule: (t) => bh(npcP(t), Q) },
  { name: 'perm KS+mean, BH q=0.1', text: 'the chosen rule at q = 0.10', rule: (t) => both48(t, 0.1), extra: true },
  {
    name: 'CHOSEN: perm KS+mean, BH',
    text: 'both permutation tests (mean KS between the sides; per-seed means), one Benjamini–Hochberg family of 48 at q = 0.05: the shipped rule, from the matrices above',
    rule: (t) => both48(t, Q),
  },
  // The same rule through compareEnsembles itself (it recomputes every distance: costly); run it by name to check both agree.
  { name: 'shipped compareEnsembles', text: 'engine/analysis/ensemble-comparison.ts on the same runs (must equal CHOSEN)', rule: shippedVerdict, extra: true },
];

// ---------------------------------------------------------------------------------------------
// Trials

function pick(rng: Pcg64, from: readonly number[], k: number, not: ReadonlySet<number> = new Set()): number[] {
  const pool = from.filter((x) => !not.has(x));
  const out: number[] = [];
  const left = [...pool];
  for (let i = 0; i < k; i++) {
    const j = rng.boundedInclusive(left.length - 1);
    out.push(left[j]);
    left.splice(j, 1);
  }
  return out;
}

interface Scenario {
  name: string;
  pool: Pool;
  /** Indices of side A's candidates and side B's. */
  fromA: number[];
  fromB: number[];
  nA: number;
  nB: number;
  /** Same configuration on both sides (a false alarm is any flag). */
  same: boolean;
  /** Tests where the change acts (for power); from the all-seeds comparison. */
  acts?: boolean[];
}

interface Outcome {
  scenario: string;
  rule: string;
  /** Fraction of trials with at least one flag. */
  anyFlag: number;
  /** Mean flags per trial. */
  meanFlags: number;
  /** Power: mean fraction of acting tests flagged; flags on non-acting tests per trial. */
  power?: number;
  offTarget?: number;
  /** Fraction of trials where every acting test is flagged. */
  allActing?: number;
}

const ACTIVE = (): typeof RULES => (ONLY_RULES ? RULES.filter((r) => ONLY_RULES.split(';').some((x) => r.name.includes(x))) : RULES.filter((r) => !r.extra));

function runScenario(sc: Scenario): Outcome[] {
  const RULES = ACTIVE();
  const rng = new Pcg64(7);
  const splits = seedSplits(sc.nA, sc.nB);
  const flags: boolean[][][] = RULES.map(() => []);
  for (let k = 0; k < TRIALS; k++) {
    const a = pick(rng, sc.fromA, sc.nA);
    const b = pick(rng, sc.fromB, sc.nB, new Set(a));
    const trial: Trial = { pool: sc.pool, a, b, splits };
    RULES.forEach((r, i) => flags[i].push(r.rule(trial)));
  }
  // The study's fast form of the chosen rule and compareEnsembles itself must flag the same statistics in every draw.
  const chosen = RULES.findIndex((r) => r.name.startsWith('CHOSEN'));
  const shipped = RULES.findIndex((r) => r.name === 'shipped compareEnsembles');
  if (chosen >= 0 && shipped >= 0) {
    const same = flags[chosen].every((f, k) => f.join() === flags[shipped][k].join());
    if (!same) throw new Error(`${sc.name}: the chosen rule and compareEnsembles flag different statistics in some draw`);
    console.log(`${sc.name}: the chosen rule and compareEnsembles flag the same statistics in all ${TRIALS} draws`);
  }
  return RULES.map((r, i) => {
    const f = flags[i];
    const out: Outcome = {
      scenario: sc.name,
      rule: r.name,
      anyFlag: f.filter((x) => x.some(Boolean)).length / f.length,
      meanFlags: mean(f.map((x) => x.filter(Boolean).length)),
    };
    if (sc.acts) {
      const acts = sc.acts;
      const nActs = acts.filter(Boolean).length;
      out.power = mean(f.map((x) => x.filter((v, j) => v && acts[j]).length / nActs));
      out.offTarget = mean(f.map((x) => x.filter((v, j) => v && !acts[j]).length));
      out.allActing = f.filter((x) => acts.every((v, j) => !v || x[j])).length / f.length;
    }
    return out;
  });
}

/**
 * Where a change acts: all seeds of the base against all seeds of the change (30 v 10), permutation
 * p-values (10,000 sampled relabellings) of both the mean cross KS and the difference of per-seed
 * means; a test acts when either is significant under Benjamini–Hochberg at q = 0.01 over the 48.
 */
function actingTests(pool: Pool, a: number[], b: number[]): { acts: boolean[]; pKs: number[]; pMean: number[]; effect: string[] } {
  const splits = seedSplits(a.length, b.length, 10000);
  const trial: Trial = { pool, a, b, splits };
  const pKs = ksPermP(trial);
  const pMean = meanPermP(trial);
  const flags = bh([...pKs, ...pMean], 0.01);
  const m = pKs.length;
  const acts = pKs.map((_, i) => flags[i] || flags[m + i]);
  const effect = pool.tests.map((_, i) => {
    const va = a.map((j) => pool.means[i][j]).filter((x) => !Number.isNaN(x));
    const vb = b.map((j) => pool.means[i][j]).filter((x) => !Number.isNaN(x));
    const ma = mean(va);
    const mb = mean(vb);
    const sd = std(va, 1);
    return `${(((mb - ma) / Math.abs(ma)) * 100).toFixed(1)} % (${((mb - ma) / sd).toFixed(1)} SD)`;
  });
  return { acts, pKs, pMean, effect };
}

// ---------------------------------------------------------------------------------------------

/** The study as two tables: false alarms (same configuration), then power (a real change). */
function markdown(rules: typeof RULES, scenarios: readonly Scenario[], outcomes: readonly Outcome[]): string {
  const cell = (sc: string, rule: string, f: (o: Outcome) => string): string => {
    const o = outcomes.find((x) => x.scenario === sc && x.rule === rule);
    return o ? f(o) : '';
  };
  const pct = (x: number): string => `${(x * 100).toFixed(x < 0.1 && x > 0 ? 1 : 0)} %`;
  const ran = scenarios.filter((sc) => outcomes.some((o) => o.scenario === sc.name));
  const head = (first: string): string[] => [`| ${first} | ${rules.map((r) => r.name).join(' | ')} |`, `|---|${rules.map(() => '---:|').join('')}`];
  const lines = [`${TRIALS} draws of disjoint seed sets per row.`, '', 'Family-wise false alarms: share of draws with any of the 24 statistics called different.', ''];
  lines.push(...head('same configuration'));
  for (const sc of ran.filter((x) => x.same)) lines.push(`| ${sc.name} | ${rules.map((r) => cell(sc.name, r.name, (o) => pct(o.anyFlag))).join(' | ')} |`);
  lines.push('', 'Power: mean share of the statistics where the change acts (all seeds) that are called different; in brackets, calls where it does not act, per draw.', '');
  lines.push(...head('change'));
  for (const sc of ran.filter((x) => !x.same)) {
    lines.push(`| ${sc.name} (acts in ${sc.acts!.filter(Boolean).length}) | ${rules.map((r) => cell(sc.name, r.name, (o) => `${pct(o.power!)} (${o.offTarget!.toFixed(2)})`)).join(' | ')} |`);
  }
  lines.push('', ...rules.map((r) => `- **${r.name}**: ${r.text}`), '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const log = (s: string): void => console.log(s);
  const runs = new Map<string, PopulationValues[][]>();
  for (const c of CONDITIONS) runs.set(c.name, await conditionRuns(c, log));
  const nest = nestDefaultRuns();
  log(`NEST runs of the shipped configuration: ${nest.names.length} (${nest.names.join(', ')})`);

  const t0 = performance.now();
  const shippedGroups = ['default', 'g4.5', 'bg8.5', 'g4.1', 'g4.05', 'bg8.1', 'bg8.05'].map((label) => ({ label, runs: runs.get(label)! }));
  const shipped = buildPool([...shippedGroups, { label: 'nest', runs: nest.values }]);
  const reduced = buildPool(['reduced', 'reduced-g4.5'].map((label) => ({ label, runs: runs.get(label)! })));
  log(`KS matrices: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const of = (pool: Pool, label: string): number[] => pool.labels.flatMap((l, i) => (l === label ? [i] : []));

  const scenarios: Scenario[] = [];
  const same = (name: string, pool: Pool, label: string, n: number): void => {
    scenarios.push({ name, pool, fromA: of(pool, label), fromB: of(pool, label), nA: n, nB: n, same: true });
  };
  same('ours 5 v 5, shipped', shipped, 'default', 5);
  same('ours 3 v 3, shipped', shipped, 'default', 3);
  same('ours 10 v 10, shipped', shipped, 'default', 10);
  same('NEST 5 v 5, shipped', shipped, 'nest', 5);
  same('ours 5 v 5, N=0.2 K=0.5 thalamic', reduced, 'reduced', 5);
  same('ours 10 v 10, N=0.2 K=0.5 thalamic', reduced, 'reduced', 10);
  scenarios.push({ name: 'ours 5 v NEST 7, shipped', pool: shipped, fromA: of(shipped, 'default'), fromB: of(shipped, 'nest'), nA: 5, nB: 7, same: true });

  const effects: Record<string, ReturnType<typeof actingTests>> = {};
  const change = (name: string, pool: Pool, base: string, changed: string, n: number): void => {
    const key = `${base}->${changed}`;
    const cacheFile = join(CACHE_DIR, `acts-${key}.json`);
    if (!effects[key] && existsSync(cacheFile)) effects[key] = JSON.parse(readFileSync(cacheFile, 'utf8')) as ReturnType<typeof actingTests>;
    if (!effects[key]) {
      effects[key] = actingTests(pool, of(pool, base), of(pool, changed));
      writeFileSync(cacheFile, JSON.stringify(effects[key]));
    }
    scenarios.push({ name, pool, fromA: of(pool, base), fromB: of(pool, changed), nA: n, nB: n, same: false, acts: effects[key].acts });
  };
  for (const ch of ['g4.5', 'bg8.5', 'g4.1', 'bg8.1', 'g4.05', 'bg8.05']) {
    change(`${ch} 5 v 5, shipped`, shipped, 'default', ch, 5);
  }
  change('g4.1 3 v 3, shipped', shipped, 'default', 'g4.1', 3);
  change('g4.05 10 v 10, shipped', shipped, 'default', 'g4.05', 10);
  change('bg8.05 10 v 10, shipped', shipped, 'default', 'bg8.05', 10);
  change('g4.5 5 v 5, N=0.2 K=0.5 thalamic', reduced, 'reduced', 'reduced-g4.5', 5);

  log('\nWhere each change acts (all seeds: permutation p of mean cross KS and of per-seed means, BH at 0.01 over both); per-seed mean change in % and in seed SDs of the base');
  for (const [key, e] of Object.entries(effects)) {
    const pool = key.startsWith('reduced') ? reduced : shipped;
    log(`  ${key}: acts in ${e.acts.filter(Boolean).length} of ${e.acts.length}`);
    log(
      pool.tests
        .map((t, i) => `    ${t.population.padEnd(5)} ${STATISTICS[t.statistic].noun.padEnd(13)} ${e.acts[i] ? 'ACTS' : '    '} p(KS)=${e.pKs[i].toFixed(4)} p(mean)=${e.pMean[i].toFixed(4)} ${e.effect[i]}`)
        .join('\n'),
    );
  }

  const outcomes: Outcome[] = [];
  for (const sc of scenarios) {
    if (ONLY_SCENARIOS && !ONLY_SCENARIOS.split(';').some((x) => sc.name.includes(x))) continue;
    const t1 = performance.now();
    const o = runScenario(sc);
    outcomes.push(...o);
    log(`\n${sc.name} (${TRIALS} draws, ${((performance.now() - t1) / 1000).toFixed(1)} s)${sc.acts ? `; acts in ${sc.acts.filter(Boolean).length} tests` : ''}`);
    for (const x of o) {
      log(
        `  ${x.rule.padEnd(22)} any flag ${(x.anyFlag * 100).toFixed(1).padStart(5)} %  flags/trial ${x.meanFlags.toFixed(2).padStart(5)}` +
          (x.power !== undefined ? `  power ${(x.power * 100).toFixed(1).padStart(5)} %  all acting ${(x.allActing! * 100).toFixed(1).padStart(5)} %  off-target ${x.offTarget!.toFixed(2)}` : ''),
      );
    }
  }
  log('\nRules:');
  for (const r of RULES) log(`  ${r.name.padEnd(22)} ${r.text}`);
  const used = ACTIVE();
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ trials: TRIALS, nest: nest.names, rules: used.map(({ name, text }) => ({ name, text })), outcomes, effects }, null, 1));
  if (MARKDOWN_OUT) writeFileSync(MARKDOWN_OUT, markdown(used, scenarios, outcomes));
}

await main();
