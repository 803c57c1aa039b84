/**
 * NEST's time base (pd14.md 5.1, 5.2): times in ms become steps of the resolution h through tics
 * (1000 per ms), as NEST converts parameter times, device times and connection delays.
 */

/** NEST's default time base: 1000 tics per ms. */
const TICS_PER_MS = 1000;

/** Steps for a time, as NEST converts a parameter time: tics = floor(t*1000 + 0.5), rounded up to whole steps. */
export function msToStepsCeil(tMs: number, hMs: number): number {
  const tics = Math.floor(tMs * TICS_PER_MS + 0.5);
  const ticsPerStep = Math.round(hMs * TICS_PER_MS);
  return Math.ceil(tics / ticsPerStep);
}

/** Steps for a time that is on the grid (validated), e.g. t_sim or device start/stop. */
export function msToStepsExact(tMs: number, hMs: number): number {
  return Math.round(tMs / hMs);
}

/** Steps for a connection delay: floor(d/h + 0.5) (round half up), pd14.md 5.2. */
export function delayToSteps(dMs: number, hMs: number): number {
  return Math.floor(dMs / hMs + 0.5);
}
