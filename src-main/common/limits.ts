/**
 * Limits the page and the services both enforce: the services refuse a request beyond them (the
 * contract's payload schemas, the store's checks) and the page does not offer to exceed them
 * (input lengths, how many runs can be picked). Written once here so the two cannot drift apart.
 * Pure constants: the page imports this module at runtime.
 */

/** The longest run name, in characters. */
export const MAX_NAME_LENGTH = 200;
/** The longest tag, in characters. */
export const MAX_TAG_LENGTH = 64;
/** The most runs one comparison takes (runs.compare): the first is the base, each other is compared with it. */
export const MAX_COMPARED_RUNS = 8;

/** Parameters one batch varies at most (a sweep's axes: one or two). */
export const MAX_BATCH_AXES = 2;
/** Values one axis of a sweep takes at most (a list, or a range's values). */
export const MAX_AXIS_VALUES = 100;
/** Points (combinations of the axes' values) one batch has at most. */
export const MAX_BATCH_POINTS = 400;
/** Seeds per point at most. */
export const MAX_BATCH_SEEDS = 100;
/** Runs one batch makes at most (points × seeds). */
export const MAX_BATCH_RUNS = 2000;
/** Runs one ensemble groups at most. */
export const MAX_ENSEMBLE_RUNS = 500;
