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
/** What a tag may be, in the words every refusal uses (the contract's and the store's). */
export const TAG_ALLOWED = `one word of at most ${MAX_TAG_LENGTH} characters, without spaces or control characters`;
/** A tag's characters: no whitespace, no control characters (its length is checked apart). */
// eslint-disable-next-line no-control-regex
export const TAG_PATTERN = /^[^\s\u0000-\u001f\u007f]+$/;
