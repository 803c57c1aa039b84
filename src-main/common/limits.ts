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
/** The most groups of runs one comparison takes (runs.compare with groups): the first is compared with each other. */
export const MAX_COMPARED_GROUPS = 8;
/** The most runs one comparison of groups takes, all groups together (each run's values are held in memory while it is judged). */
export const MAX_GROUPED_COMPARED_RUNS = 64;
