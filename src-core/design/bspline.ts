/**
 * B-spline basis functions on a knot sequence, as R's splines::splineDesign evaluates them: right-continuous
 * inside the knot range, and the left limit at the right boundary knot.
 */

/** Index i of the knot interval [t_i, t_{i+1}) holding x, among the ord-1 .. m-1 usable ones (m = number of basis functions). */
function cursor(t: readonly number[], ord: number, x: number): number {
  const m = t.length - ord;
  if (x >= t[m]) {
    let i = m - 1;
    while (i > ord - 1 && t[i] === t[i + 1]) i--;
    return i;
  }
  let i = ord - 1;
  while (i < m - 1 && t[i + 1] <= x) i++;
  return i;
}

/**
 * Values at x of the `deriv`-th derivative of every B-spline of order `ord` (4 = cubic) on knots `t`.
 * Returns t.length - ord numbers. x must lie within [t[ord-1], t[t.length-ord]].
 */
export function splineRow(t: readonly number[], ord: number, x: number, deriv = 0): number[] {
  const i = cursor(t, ord, x);
  const level = (k: number, d: number): number[] => {
    const count = t.length - k;
    const out = new Array<number>(count).fill(0);
    if (k === 1) {
      if (d === 0) out[i] = 1;
      return out;
    }
    const prev = level(k - 1, d === 0 ? 0 : d - 1);
    for (let j = 0; j < count; j++) {
      const left = t[j + k - 1] - t[j];
      const right = t[j + k] - t[j + 1];
      if (d === 0) {
        const a = left > 0 ? ((x - t[j]) / left) * prev[j] : 0;
        const b = right > 0 ? ((t[j + k] - x) / right) * prev[j + 1] : 0;
        out[j] = a + b;
      } else {
        const a = left > 0 ? prev[j] / left : 0;
        const b = right > 0 ? prev[j + 1] / right : 0;
        out[j] = (k - 1) * (a - b);
      }
    }
    return out;
  };
  return level(ord, deriv);
}
