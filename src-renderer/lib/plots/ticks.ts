/** Axis ticks live in src-main/common/figures/ticks.ts, shared with the figures written to files; this module keeps the page's imports. */
export * from '../../../src-main/common/figures/ticks.ts';
