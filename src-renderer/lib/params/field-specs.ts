/**
 * The editor's groups and fields live in engine/params/field-specs.ts, shared with the services (a
 * run's parameters are listed grouped as in the editor); this module keeps the page's imports.
 */
export * from '../../../engine/params/field-specs.ts';
