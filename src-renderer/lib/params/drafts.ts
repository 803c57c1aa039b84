/**
 * The text typed into number fields, kept with the parameter set it was typed against. Text that
 * is not a number ('0,1', '1/10', 'Infinity') never reaches the parameter set, so whoever holds the
 * parameters must also hold these texts to know every problem on show: the editor and the Run
 * button judge the same entry (parameters + texts) with `entryIssues`. Pure.
 */
import type { ParamSet } from '../../../engine/params/types.ts';
import { combineIssues, draftIssues, sortIssues, type Issue } from './issues.ts';
import { parseNumberText } from './number-text.ts';

export interface ParamDrafts {
  /** The parameter set the texts were typed against; another value (reset, file, preset) drops them. */
  readonly base: ParamSet | null;
  readonly baseJson: string;
  /** path -> the text in that field. */
  readonly texts: Readonly<Record<string, string>>;
}

export const NO_DRAFTS: ParamDrafts = { base: null, baseJson: '', texts: {} };

export function draftsOf(base: ParamSet, texts: Readonly<Record<string, string>>): ParamDrafts {
  return Object.keys(texts).length === 0 ? NO_DRAFTS : { base, baseJson: JSON.stringify(base), texts };
}

/** The texts that still apply to the parameter set on show (none once it was replaced). */
export function draftTexts(drafts: ParamDrafts, value: ParamSet): Readonly<Record<string, string>> {
  if (drafts.base === null) return {};
  return drafts.base === value || drafts.baseJson === JSON.stringify(value) ? drafts.texts : {};
}

/** Paths whose field holds text that is not a number (the parameter set still has the old value). */
export function unparsedPaths(texts: Readonly<Record<string, string>>): string[] {
  return Object.keys(texts).filter((path) => !parseNumberText(texts[path]).ok);
}

/**
 * Every problem of what the user entered, in layout order: the validator's on the parameter set
 * (`collectIssues(value)`), each text that is not a number (in place of the validator's word on
 * the old value behind it), and the services' refusal of this very parameter set.
 */
export function entryIssues(validator: readonly Issue[], texts: Readonly<Record<string, string>>, server: readonly Issue[] = []): Issue[] {
  return sortIssues(combineIssues([...validator], draftIssues(texts), [...server]));
}
