/**
 * The axis values of point `index` of a sweep's grid, the first axis outermost (the last axis
 * changes fastest): the order in which a batch's plan numbers its points. Pure, shared with the page.
 */
export function gridPointValues(axes: readonly { readonly values: readonly number[] }[], index: number): number[] {
  let rest = index;
  const values = new Array<number>(axes.length);
  for (let a = axes.length - 1; a >= 0; a--) {
    const n = axes[a].values.length;
    values[a] = axes[a].values[rest % n];
    rest = Math.floor(rest / n);
  }
  return values;
}
