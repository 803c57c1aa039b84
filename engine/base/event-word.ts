/**
 * The 32-bit words in which the engine stores synaptic events and synapses: one format, read and
 * written by the network's construction (engine/network), the JavaScript kernels (engine/sim) and
 * the WebAssembly kernels (engine/wasm/kernels.wat, which spells the same shifts and masks out).
 * The hot loops inline these operations; this module is where they are defined.
 *
 * - Event word (the delay queue): input index << 15 | signed 15-bit weight level. The index is the
 *   target's position among its partition's inputs (17 bits: MAX_QUEUE_INPUTS); the level is the
 *   weight in units of the target population's scale (plan.inputScale), |level| <= WEIGHT_LEVELS.
 * - Synapse word (a shard's rows): the same word with the target's index within its shard: adding
 *   the shard's first input index << 15 turns it into its event word.
 * - Run word (a shard's rows): delay << 16 | count — the next `count` synapse words of the row
 *   share one delay in steps (at most MAX_DELAY_STEPS; a longer run is split).
 * - Scratch word (construction only): target << 16 | weight level as a signed 16-bit number.
 */

/** Bits of the signed weight level in an event word; the input index has the other 17. */
const EVENT_LEVEL_BITS = 15;
/** Largest number of inputs (neurons) of one partition: 17 bits of an event word. */
export const MAX_QUEUE_INPUTS = 1 << (32 - EVENT_LEVEL_BITS);
/** Largest |weight level| (14 bits and a sign: a negated level still fits 15 bits). */
export const WEIGHT_LEVELS = 16383;
/** Events per chunk of the delay queue (kernels.wat: 16-byte header + 4 bytes an event = 8208 bytes). */
export const QUEUE_CHUNK = 2048;
/** Largest delay and largest run length of a run word (16 bits each). */
export const MAX_DELAY_STEPS = 0xffff;
export const MAX_RUN_LENGTH = 0xffff;

/** The event word of input index i with signed level l (|l| <= WEIGHT_LEVELS). */
export const packEvent = (i: number, level: number) => ((i << EVENT_LEVEL_BITS) | (level & 0x7fff)) | 0;
/** Input index and signed level of an event (or synapse) word. */
export const eventIndex = (x: number) => x >>> EVENT_LEVEL_BITS;
export const eventLevel = (x: number) => (x << 17) >> 17;

/** Delay and count of a run word. */
export const runDelay = (h: number) => h >>> 16;
export const runLength = (h: number) => h & 0xffff;
