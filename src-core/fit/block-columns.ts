import type { Pattern } from "./blocks.js";

/**
 * The nonzero columns of each block's X: treatment and visit dummies leave most columns of a subject's X_b
 * at zero, and they stay zero in X̃_b = V⁻¹X_b. Keeping, per block, the sorted list of columns that are
 * nonzero in some row and X_b restricted to them (n × c_b) makes the per-block products cost n c_b² instead
 * of n p². Sorted columns keep the lower triangle: a ≥ b implies cols[a] ≥ cols[b].
 */
export interface BlockColumns {
  /** Block s uses columns cols[offsets[s] … offsets[s + 1]). */
  readonly offsets: Int32Array;
  readonly cols: Int32Array;
  /** X_b[:, cols] for each block, n × c_b row-major, starting at n · offsets[s]. */
  readonly X: Float64Array;
}

export function blockColumns(g: Pattern, p: number): BlockColumns {
  const { n, m } = g;
  const offsets = new Int32Array(m + 1);
  const used = new Uint8Array(p);
  const list: number[] = [];
  for (let s = 0; s < m; s++) {
    used.fill(0);
    const x0 = s * n * p;
    for (let i = 0; i < n; i++) for (let a = 0; a < p; a++) if (g.X[x0 + i * p + a] !== 0) used[a] = 1;
    for (let a = 0; a < p; a++) if (used[a]) list.push(a);
    offsets[s + 1] = list.length;
  }
  const cols = Int32Array.from(list);
  const X = new Float64Array(n * cols.length);
  for (let s = 0; s < m; s++) {
    const o = offsets[s], c = offsets[s + 1] - o, x0 = s * n * p;
    for (let i = 0; i < n; i++) for (let a = 0; a < c; a++) X[n * o + i * c + a] = g.X[x0 + i * p + cols[o + a]];
  }
  return { offsets, cols, X };
}
