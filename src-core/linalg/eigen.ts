/**
 * Eigen-decomposition of a small symmetric matrix (n×n, row-major) by cyclic Jacobi rotations:
 * A = U diag(values) Uᵀ, eigenvectors in the columns of U. Accurate to rounding for the n ≤ ~100 matrices of
 * contrast tests.
 */
export function symmetricEigen(M: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const A = M.slice();
  const U = new Float64Array(n * n);
  for (let i = 0; i < n; i++) U[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, scale = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) (i === j ? (scale += A[i * n + j] ** 2) : (off += A[i * n + j] ** 2));
    if (off <= 1e-30 * scale || off === 0) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (apq === 0) continue;
        const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p], akq = A[k * n + q];
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k], aqk = A[q * n + k];
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const ukp = U[k * n + p], ukq = U[k * n + q];
          U[k * n + p] = c * ukp - s * ukq;
          U[k * n + q] = s * ukp + c * ukq;
        }
      }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => A[i * n + i]), vectors: U };
}
