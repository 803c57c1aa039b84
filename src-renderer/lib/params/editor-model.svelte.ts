/**
 * The state of one parameter editor, shared with its fields through context: the parameter set on
 * show (the `value` prop: the editor never mutates it, every edit hands a new one to onChange), the
 * preset it is compared with, the issues, and the text typed into number fields that is not (yet)
 * a number (the `drafts` prop, which the owner of the parameters binds to judge the same entry:
 * lib/params/drafts.ts). Derived values come from the last valid parameter set.
 */
import { getContext, setContext } from 'svelte';
import { checkParams } from '../../../engine/api.ts';
import { deriveParams, type Derived } from '../../../engine/params/derive.ts';
import { diffParams } from '../../../engine/params/merge.ts';
import { presetParams } from '../../../engine/params/presets.ts';
import type { ParamSet, PresetName } from '../../../engine/params/types.ts';
import { draftsOf, draftTexts, entryIssues, unparsedPaths, type ParamDrafts } from './drafts.ts';
import { fieldOfPath, type GroupId } from './field-specs.ts';
import { indexIssues, placeIssue, type Issue } from './issues.ts';
import { parseNumberText } from './number-text.ts';
import { deleteIn, getIn, isUnder, pathsAndAncestors, setIn } from './paths.ts';

export interface EditorInputs {
  value: ParamSet;
  preset: PresetName;
  onChange: (p: ParamSet) => void;
  disabled: boolean;
  serverIssues: Issue[];
  /** The texts typed into number fields, with the parameter set they were typed against. */
  drafts: ParamDrafts;
  setDrafts: (d: ParamDrafts) => void;
}

export class ParamEditorModel {
  readonly #inputs: () => EditorInputs;
  #lastValid: ParamSet | null = null;

  constructor(inputs: () => EditorInputs) {
    this.#inputs = inputs;
  }

  get value(): ParamSet {
    return this.#inputs().value;
  }

  get disabled(): boolean {
    return this.#inputs().disabled;
  }

  get preset(): PresetName {
    return this.#inputs().preset;
  }

  get serverIssues(): Issue[] {
    return this.#inputs().serverIssues;
  }

  get #draftsInput(): ParamDrafts {
    return this.#inputs().drafts;
  }

  readonly presetValue: ParamSet = $derived(presetParams(this.preset));

  /** Typed texts, path -> text, that still apply to the value on show. */
  readonly drafts: Readonly<Record<string, string>> = $derived(draftTexts(this.#draftsInput, this.value));

  /** The validator's issues, then what planning the network would refuse (engine/api.ts checkParams). */
  readonly validatorIssues: Issue[] = $derived(checkParams(this.value));
  /** The parameter set itself passes the validator (texts that are not numbers aside). */
  readonly valid: boolean = $derived(this.validatorIssues.length === 0);

  /** Every problem on show, in layout order (other problems first, then group by group). */
  readonly issues: Issue[] = $derived(entryIssues(this.validatorIssues, this.drafts, this.serverIssues));
  readonly #byPath: Map<string, Issue[]> = $derived(indexIssues(this.issues));
  /** Fields holding text that is not a number: the entry is not the parameter set. */
  readonly #unparsed: string[] = $derived(unparsedPaths(this.drafts));

  readonly diffs: { path: string; a: unknown; b: unknown }[] = $derived(diffParams(this.presetValue, this.value));
  /**
   * Paths whose entry differs from the preset: the differing values and the fields holding text
   * that is not a number (typed over the preset's value, they are not the preset either).
   */
  readonly #changedPaths: string[] = $derived(union(this.diffs.map((d) => d.path), this.#unparsed));
  /** Every changed path and every path above one (`net.conn_probs[2][3]`, `net.conn_probs[2]`, `net.conn_probs`, `net`). */
  readonly #changed: ReadonlySet<string> = $derived(pathsAndAncestors(this.#changedPaths));

  /** The parameter set derived values and the estimate are computed from; null before any was valid. */
  readonly derivedFrom: ParamSet | null = $derived.by(() => {
    if (this.valid) this.#lastValid = this.value;
    return this.#lastValid;
  });
  /** True when derived values show the last valid parameters, not what is entered. */
  readonly stale: boolean = $derived((!this.valid || this.#unparsed.length > 0) && this.derivedFrom !== null);
  readonly derived: Derived | null = $derived(this.derivedFrom ? deriveParams(this.derivedFrom) : null);

  issuesAt(path: string): Issue[] {
    return this.#byPath.get(path) ?? [];
  }

  /** Issues of a field and its items (a vector's entries, a matrix's cells). */
  issuesUnder(path: string): Issue[] {
    return this.issues.filter((i) => isUnder(i.path, path));
  }

  /** The value at `path`, or something below it, differs from the preset. */
  isChanged(path: string): boolean {
    return this.#changed.has(path);
  }

  issueCount(group: GroupId | 'other'): number {
    return this.issues.filter((i) => placeIssue(i).group === group).length;
  }

  /** How many values of a group (or of all, without one) differ from the preset. */
  changedCount(group?: GroupId): number {
    return group === undefined ? this.#changedPaths.length : this.#changedPaths.filter((p) => fieldOfPath(p)?.group === group).length;
  }

  presetAt(path: string): unknown {
    return getIn(this.presetValue, path);
  }

  // ---- edits: each hands a new parameter set to onChange ------------------------------------

  #emit(next: ParamSet, texts: Readonly<Record<string, string>>): void {
    this.#inputs().setDrafts(draftsOf(next, texts));
    if (next !== this.value) this.#inputs().onChange(next);
  }

  set(path: string, v: unknown): void {
    if (this.disabled) return;
    const texts = withoutUnder(this.drafts, path);
    this.#emit(Object.is(getIn(this.value, path), v) ? this.value : setIn(this.value, path, v), texts);
  }

  /** Text typed into a number field: a number goes into the parameter set, anything else stays as text. */
  editText(path: string, text: string): void {
    if (this.disabled) return;
    const parsed = parseNumberText(text);
    const texts = { ...this.drafts, [path]: text };
    if (!parsed.ok) {
      this.#inputs().setDrafts(draftsOf(this.value, texts));
      return;
    }
    const next = Object.is(getIn(this.value, path), parsed.value) ? this.value : setIn(this.value, path, parsed.value);
    this.#emit(next, texts);
  }

  /** Leaving a field: a text that was a number gives way to the value's own formatting. */
  endEdit(path: string): void {
    const text = this.drafts[path];
    if (text === undefined || !parseNumberText(text).ok) return;
    const { [path]: _dropped, ...rest } = this.drafts;
    this.#inputs().setDrafts(draftsOf(this.value, rest));
  }

  reset(path: string): void {
    this.set(path, structuredClone(this.presetAt(path)));
  }

  resetAll(): void {
    if (this.disabled) return;
    this.#emit(structuredClone(this.presetValue), {});
  }

  replace(next: ParamSet): void {
    if (this.disabled) return;
    this.#emit(next, {});
  }

  /** Drops a key the parameter set should not have (an unknown key from a file). */
  removeKey(path: string): void {
    if (this.disabled) return;
    this.#emit(deleteIn(this.value, path), this.drafts);
  }

  /** Moves the value of an unknown key to the key the validator suggests. */
  renameKey(from: string, to: string): void {
    if (this.disabled) return;
    this.#emit(setIn(deleteIn(this.value, from), to, getIn(this.value, from)), withoutUnder(this.drafts, to));
  }
}

/** The paths of `a`, then those of `b` not in `a`. */
function union(a: readonly string[], b: readonly string[]): string[] {
  return b.length === 0 ? [...a] : [...a, ...b.filter((p) => !a.includes(p))];
}

function withoutUnder(texts: Readonly<Record<string, string>>, path: string): Readonly<Record<string, string>> {
  const keys = Object.keys(texts);
  if (!keys.some((k) => isUnder(k, path))) return texts;
  return Object.fromEntries(Object.entries(texts).filter(([k]) => !isUnder(k, path)));
}

const MODEL_CONTEXT = Symbol('param-editor-model');

export function setEditorModel(model: ParamEditorModel): void {
  setContext(MODEL_CONTEXT, model);
}

export function getEditorModel(): ParamEditorModel {
  const m = getContext<ParamEditorModel | undefined>(MODEL_CONTEXT);
  if (!m) throw new Error('a parameter field must be inside a ParamEditor');
  return m;
}
