/** Relative tolerance for a column to count as linearly dependent on earlier ones (R's lm uses 1e-7). */
export const ALIAS_TOLERANCE = 1e-7;

/**
 * Finds columns that are linear combinations of earlier columns, as R's pivoting QR (dqrdc2) does: a column
 * is aliased when the norm of its part orthogonal to the kept earlier columns is below `tol` times its own
 * norm. Modified Gram–Schmidt with one re-orthogonalisation. Returns the indices of the kept columns.
 */
export function keptColumns(columns: readonly Float64Array[], tol = ALIAS_TOLERANCE): number[] {
  return clearlyIndependent(columns) ?? gramSchmidt(columns, tol);
}

/**
 * The nonzero columns, when the Cholesky factor of their scaled cross-product matrix shows every one of them far
 * from the span of the earlier ones (a squared residual norm at least 1e-6 of its own, against tol² = 1e-14
 * for aliasing): then Gram–Schmidt would keep them all, and O(N·nnz²) replaces its O(N·p²). Null otherwise.
 */
function clearlyIndependent(columns: readonly Float64Array[]): number[] | null {
  const nonzero = columns.flatMap((col, j) => (col.some((v) => v !== 0) ? [j] : []));
  const k = nonzero.length;
  if (k === 0) return [];
  const N = columns[nonzero[0]].length;
  const G = new Float64Array(k * k);
  const idx = new Int32Array(k), val = new Float64Array(k);
  for (let i = 0; i < N; i++) {
    let c = 0;
    for (let a = 0; a < k; a++) { const v = columns[nonzero[a]][i]; if (v !== 0) { idx[c] = a; val[c] = v; c++; } }
    for (let u = 0; u < c; u++) for (let w = 0; w <= u; w++) G[idx[u] * k + idx[w]] += val[u] * val[w];
  }
  const d = Float64Array.from({ length: k }, (_, a) => 1 / Math.sqrt(G[a * k + a]));
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      let t = G[a * k + b] * d[a] * d[b];
      for (let c = 0; c < b; c++) t -= G[a * k + c] * G[b * k + c];
      if (a === b) {
        if (!(t >= 1e-6)) return null;
        G[a * k + a] = Math.sqrt(t);
      } else G[a * k + b] = t / G[b * k + b];
    }
  }
  return nonzero;
}

function gramSchmidt(columns: readonly Float64Array[], tol: number): number[] {
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
