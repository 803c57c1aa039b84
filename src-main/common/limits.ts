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
/** The characters a tag may not hold, as a character-class body: white space and control characters. */
const TAG_FORBIDDEN_CHARS = '\\s\\u0000-\\u001f\\u007f';
/**
 * What a tag may not hold: a tag is one word, so no white space (spaces, tabs, line breaks, no-break
 * spaces) and no control characters. The store refuses these (src-main/store/rows.ts checkTag); the
 * page says so at the tag's field before sending (src-renderer/lib/run-fields.ts).
 */
export const TAG_FORBIDDEN = new RegExp(`[${TAG_FORBIDDEN_CHARS}]`);
/** The longest free-text note of a run, in characters (runs.setNotes, `runs notes`). */
export const MAX_NOTES_LENGTH = 20_000;
/** The longest text the history searches for in names, tags and notes (runs.list `text`). */
export const MAX_SEARCH_LENGTH = 200;
/** The most values (samples × neurons) one runs.voltages reply carries: 4 M values, 16 MB of Float32. */
export const MAX_VOLTAGE_VALUES = 4_000_000;
/** The most neurons whose traces one runs.voltages request asks for. */
export const MAX_VOLTAGE_NEURONS = 1000;

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
/** What a tag may be, in the words every refusal uses (the contract's and the store's). */
export const TAG_ALLOWED = `one word of at most ${MAX_TAG_LENGTH} characters, without spaces or control characters`;
/** A tag's characters: no whitespace, no control characters (its length is checked apart). */
export const TAG_PATTERN = new RegExp(`^[^${TAG_FORBIDDEN_CHARS}]+$`);
/** The most groups of runs one comparison takes (runs.compare with groups): the first is compared with each other. */
export const MAX_COMPARED_GROUPS = 8;
/** The most runs one comparison of groups takes, all groups together (each run's values are held in memory while it is judged). */
export const MAX_GROUPED_COMPARED_RUNS = 64;
