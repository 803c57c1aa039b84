/**
 * An axis's values as typed, by the command line's `--vary PATH=…` and the page's sweep form alike:
 * `V1,V2,…` (a list; one value is a list of one) or `FROM:TO:STEP` (a range, TO included when it
 * lies on the grid). Only the text is read here; the range's values are made and counted, and the
 * path checked, when the batch is planned (src-main/batches/axes.ts, plan.ts). Pure: the page
 * imports this module at runtime.
 */

/** The values of an axis as typed: a list, or a range (from, to, step). */
export type AxisValuesText = { values: number[]; range?: undefined } | { range: { from: number; to: number; step: number }; values?: undefined };

/** A number as the command line writes it: 1, -0.5, 2.5e-3 (no hex, no Infinity, no blanks). */
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function parseNumber(raw: string, what: string): number {
  const t = raw.trim();
  const n = Number(t);
  if (!NUMBER.test(t) || !Number.isFinite(n)) throw new Error(`${what} ${JSON.stringify(raw)} is not a decimal number`);
  return n;
}

/**
 * Reads `V1,V2,…` or `FROM:TO:STEP`; throws Error with the reason (`what` names the axis in it:
 * the parameter's path, or '' when the caller says which axis it is).
 */
export function parseAxisValues(text: string, what = ''): AxisValuesText {
  const spec = text.trim();
  const at = what === '' ? '' : `${what}: `;
  if (spec === '') throw new Error(`${at}no values: give a list (6,8,10) or a range FROM:TO:STEP (-6:-3:0.5)`);
  if (spec.includes(':')) {
    const parts = spec.split(':');
    if (parts.length !== 3) throw new Error(`${at}a range is FROM:TO:STEP, three numbers (got ${JSON.stringify(spec)})`);
    const [from, to, step] = parts.map((p, i) => parseNumber(p, ['FROM', 'TO', 'STEP'][i]));
    return { range: { from, to, step } };
  }
  return { values: spec.split(',').map((v) => parseNumber(v, 'the value')) };
}
