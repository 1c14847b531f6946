import type { Pattern } from "./blocks.js";

/**
 * Per-pattern moments (docs/math/reml.md, "Moments"): for a pattern shared by many blocks,
 *   M_ij = Σ_b x_bi x_bjᵀ (p×p),  S_ij = Σ_b x_bi y_bj (p),  Y_ij = Σ_b y_bi y_bj,
 * over the rows i, j of the pattern. Every sum over blocks the likelihood needs is a contraction of these
 * with n×n matrices, so an evaluation costs O(n²p²) per pattern whatever the number of blocks.
 * Layout: M[((i·n + j)·p + a)·p + b], S[(i·n + j)·p + a], Y[i·n + j].
 */
export interface Moments {
  readonly M: Float64Array;
  readonly S: Float64Array;
  readonly Y: Float64Array;
}

export function computeMoments(g: Pattern, p: number): Moments {
  const n = g.n;
  const M = new Float64Array(n * n * p * p), S = new Float64Array(n * n * p), Y = new Float64Array(n * n);
  // non-zero columns of each row of a block (treatment dummies, and the Woodbury path's outer columns, make
  // most of a row zero): nz[i·p …] lists them, count[i] how many
  const nz = new Int32Array(n * p), count = new Int32Array(n);
  const X = g.X, y = g.y;
  for (let s = 0; s < g.m; s++) {
    const x0 = s * n * p, y0 = s * n;
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let a = 0; a < p; a++) if (X[x0 + i * p + a] !== 0) nz[i * p + c++] = a;
      count[i] = c;
    }
    for (let i = 0; i < n; i++) {
      const ni = count[i], xi = x0 + i * p;
      for (let j = 0; j < n; j++) {
        const yj = y[y0 + j];
        const base = (i * n + j) * p;
        Y[i * n + j] += y[y0 + i] * yj;
        const nj = count[j], xj = x0 + j * p;
        for (let u = 0; u < ni; u++) {
          const a = nz[i * p + u];
          const xa = X[xi + a];
          S[base + a] += xa * yj;
          const row = (base + a) * p;
          for (let v = 0; v < nj; v++) { const b = nz[j * p + v]; M[row + b] += xa * X[xj + b]; }
        }
      }
    }
  }
  return { M, S, Y };
}

/** out (n·n blocks of length w) ← (V ⊗ V) in: out_ij = Σ_cd V_ic V_jd in_cd, for blocks of width w. */
export function kronSandwich(V: Float64Array, input: Float64Array, n: number, w: number, out: Float64Array, tmp: Float64Array): void {
  tmp.fill(0, 0, n * n * w);
  // tmp_id = Σ_c V_ic in_cd
  for (let i = 0; i < n; i++)
    for (let c = 0; c < n; c++) {
      const v = V[i * n + c];
      if (v === 0) continue;
      for (let d = 0; d < n; d++) {
        const src = (c * n + d) * w, dst = (i * n + d) * w;
        for (let t = 0; t < w; t++) tmp[dst + t] += v * input[src + t];
      }
    }
  out.fill(0, 0, n * n * w);
  // out_ij = Σ_d tmp_id V_jd
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const dst = (i * n + j) * w;
      for (let d = 0; d < n; d++) {
        const v = V[j * n + d];
        if (v === 0) continue;
        const src = (i * n + d) * w;
        for (let t = 0; t < w; t++) out[dst + t] += v * tmp[src + t];
      }
    }
}
