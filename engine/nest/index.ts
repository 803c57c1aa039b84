/** NEST's file formats: the public surface of engine/nest. */
export * from './format.ts';
export * from './spike-file.ts';
export * from './read.ts';
export * from './write.ts';
