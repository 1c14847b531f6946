/** Relative tolerance for a column to count as linearly dependent on earlier ones (R's lm uses 1e-7). */
export const ALIAS_TOLERANCE = 1e-7;

/**
 * Finds columns that are linear combinations of earlier columns, as R's pivoting QR (dqrdc2) does: a column
 * is aliased when the norm of its part orthogonal to the kept earlier columns is below `tol` times its own
 * norm. Modified Gram–Schmidt with one re-orthogonalisation. Returns the indices of the kept columns.
 */
export function keptColumns(columns: readonly Float64Array[], tol = ALIAS_TOLERANCE): number[] {
  const basis: Float64Array[] = [];
  const kept: number[] = [];
  columns.forEach((col, j) => {
    const n = col.length;
    let norm0 = 0;
    for (let i = 0; i < n; i++) norm0 += col[i] * col[i];
    norm0 = Math.sqrt(norm0);
    if (norm0 === 0) return;
    const r = Float64Array.from(col);
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        let d = 0;
        for (let i = 0; i < n; i++) d += q[i] * r[i];
        for (let i = 0; i < n; i++) r[i] -= d * q[i];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += r[i] * r[i];
    norm = Math.sqrt(norm);
    if (norm < tol * norm0) return;
    for (let i = 0; i < n; i++) r[i] /= norm;
    basis.push(r);
    kept.push(j);
  });
  return kept;
}
