/** Population names, layers and colours live in src-main/common/figures/populations.ts, shared with the figures written to files; this module keeps the page's imports. */
export * from '../../../src-main/common/figures/populations.ts';
