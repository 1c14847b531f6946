/**
 * Dense products of row-major Float64Array matrices: the one implementation the engine's small dense algebra
 * uses (fit/reml.ts, fit/kernels.ts, fit/woodbury.ts, inference/kenward-roger.ts). Loops run row by row over
 * B (cache-friendly) and skip zero entries of A, which the designs' dummy columns make common.
 */

/** out (r×c) ← A (r×k) B[b0 …] (k×c). */
export function multiplyInto(A: Float64Array, B: Float64Array, b0: number, r: number, k: number, c: number, out: Float64Array): void {
  out.fill(0, 0, r * c);
  for (let i = 0; i < r; i++) {
    const oi = i * c;
    for (let l = 0; l < k; l++) {
      const a = A[i * k + l];
      if (a === 0) continue;
      const bl = b0 + l * c;
      for (let j = 0; j < c; j++) out[oi + j] += a * B[bl + j];
    }
  }
}

/** A (r×k) B (k×c), a new matrix. */
export function multiply(A: Float64Array, B: Float64Array, r: number, k: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  multiplyInto(A, B, 0, r, k, c, out);
  return out;
}

/** A (r×k) x. */
export function multiplyVector(A: Float64Array, x: Float64Array, r: number, k: number = r): Float64Array {
  const out = new Float64Array(r);
  for (let i = 0; i < r; i++) { let t = 0; for (let l = 0; l < k; l++) t += A[i * k + l] * x[l]; out[i] = t; }
  return out;
}


/** hᵀ S h for S (m×m) and h (m×p): a p×p matrix. */
export function congruence(h: Float64Array, S: Float64Array, m: number, p: number): Float64Array {
  const Sh = multiply(S, h, m, m, p);
  const out = new Float64Array(p * p);
  for (let x = 0; x < p; x++) for (let z = 0; z < p; z++) { let t = 0; for (let a = 0; a < m; a++) t += h[a * p + x] * Sh[a * p + z]; out[x * p + z] = t; }
  return out;
}

/** Mᵀ for M (n×m): an m×n matrix. */
export function transpose(M: Float64Array, n: number, m: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[j * n + i] = M[i * m + j];
  return out;
}
