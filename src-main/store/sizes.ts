/**
 * What the run store takes on disk, for estimates made before a run (the batch estimate): the
 * figures `npm run bench` measures (test/bench/store-bench.ts), written once here.
 */

/**
 * Database bytes per stored spike, all in (the spike blobs, their rows and indices; WAL
 * checkpointed): the bench measures 2.42 at full scale (77,169 neurons, 1.5 s).
 */
export const STORED_BYTES_PER_SPIKE = 2.42;

/**
 * Database bytes of a run besides its spikes: its row with the parameters, summary and cached
 * statistics, populations and tags (about 20 KiB at the shipped configuration), rounded up.
 */
export const STORED_BYTES_PER_RUN = 32 * 1024;

/** Database bytes per voltmeter sample of one neuron (a float32 value; steps and senders are shared per chunk). */
export const STORED_BYTES_PER_VOLTAGE_SAMPLE = 4;
