/** The name a new run gets unless the user types one: what distinguishes it, in NEST's words. Pure. */
import type { ParamSet } from '../../engine/params/types.ts';

const short = (n: number): string => String(Number(n.toPrecision(4)));

export function suggestRunName(p: ParamSet, origin: string): string {
  return `${origin} · N ${short(p.net.N_scaling)} · K ${short(p.net.K_scaling)} · seed ${p.sim.rng_seed} · ${short(p.sim.t_sim)} ms`;
}
