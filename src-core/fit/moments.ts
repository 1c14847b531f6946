import type { Pattern } from "./blocks.js";
import type { Triplets } from "./kernels.js";

/**
 * Per-pattern moments (docs/math/reml.md, "Moments"): for a pattern shared by many blocks,
 *   M_ij = Σ_b x_bi x_bjᵀ (p×p),  S_ij = Σ_b x_bi y_bj (p),  Y_ij = Σ_b y_bi y_bj,
 * over the rows i, j of the pattern. Every sum over blocks the likelihood needs is a contraction of these
 * with n×n matrices, so an evaluation costs the same whatever the number of blocks m.
 *
 * Row i of a block has few nonzero columns (treatment and visit dummies), so M_ij is kept on cols(i) × cols(j)
 * only, where cols(i) (w_i columns, ascending) are the columns nonzero in row i of some block of the pattern.
 */
export interface Moments {
  readonly n: number;
  readonly p: number;
  /** cols(i) = cols[colStart[i] … colStart[i + 1]). */
  readonly colStart: Int32Array;
  readonly cols: Int32Array;
  /** M_ij on cols(i) × cols(j), row-major from M[mStart[i·n + j]]. */
  readonly mStart: Int32Array;
  readonly M: Float64Array;
  /** S_ij on cols(i), from S[sStart[i·n + j]]. */
  readonly sStart: Int32Array;
  readonly S: Float64Array;
  /** Y_ij, n×n. */
  readonly Y: Float64Array;
}

/**
 * cols(i) for every row i of a pattern (colStart (n + 1) and the concatenated column lists), and blockCost: the
 * multiply-adds of one derivative evaluation over the pattern's blocks one by one (X̃_b = V⁻¹X_b and A_k for
 * every pair of rows, on the c_b columns nonzero in block b), to compare with momentCost.
 */
export function rowColumns(g: Pattern, p: number): { colStart: Int32Array; cols: Int32Array; blockCost: number } {
  const used = new Uint8Array(g.n * p);
  const blockCost = scanBlocks(g, p, used);
  return { ...columnLists(used, g.n, p), blockCost };
}

/** used[i·p + a] = 1 where row i of some block has X ≠ 0 in column a; returns the per-block cost. */
function scanBlocks(g: Pattern, p: number, used: Uint8Array): number {
  const { n, m, X } = g;
  const inBlock = new Uint8Array(p);
  let blockCost = 0;
  for (let s = 0; s < m; s++) {
    const x0 = s * n * p;
    inBlock.fill(0);
    for (let i = 0; i < n; i++)
      for (let a = 0; a < p; a++)
        if (X[x0 + i * p + a] !== 0) { used[i * p + a] = 1; inBlock[a] = 1; }
    let c = 0;
    for (let a = 0; a < p; a++) c += inBlock[a];
    blockCost += n * n * c + 0.5 * n * (n + 1) * c * c;
  }
  return blockCost;
}

function columnLists(used: Uint8Array, n: number, p: number): { colStart: Int32Array; cols: Int32Array } {
  const colStart = new Int32Array(n + 1);
  const list: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) if (used[i * p + a]) list.push(a);
    colStart[i + 1] = list.length;
  }
  return { colStart, cols: Int32Array.from(list) };
}

export function computeMoments(g: Pattern, p: number, rc: { colStart: Int32Array; cols: Int32Array } = rowColumns(g, p)): Moments {
  const { n, m, X, y } = g;
  const { colStart, cols } = rc;
  const w = (i: number) => colStart[i + 1] - colStart[i];
  const mStart = new Int32Array(n * n + 1), sStart = new Int32Array(n * n + 1);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      mStart[i * n + j + 1] = mStart[i * n + j] + w(i) * w(j);
      sStart[i * n + j + 1] = sStart[i * n + j] + w(i);
    }
  const M = new Float64Array(mStart[n * n]), S = new Float64Array(sStart[n * n]), Y = new Float64Array(n * n);
  // per block, the nonzero entries of each row as (local index in cols(i), value): nzIdx/nzVal[i·p …], count[i]
  const nzIdx = new Int32Array(n * p), nzVal = new Float64Array(n * p), count = new Int32Array(n);
  for (let s = 0; s < m; s++) {
    const x0 = s * n * p;
    for (let i = 0; i < n; i++) {
      const c0 = colStart[i], wi = w(i);
      let c = 0;
      for (let la = 0; la < wi; la++) {
        const v = X[x0 + i * p + cols[c0 + la]];
        if (v !== 0) { nzIdx[i * p + c] = la; nzVal[i * p + c] = v; c++; }
      }
      count[i] = c;
    }
    accumulateBlock(nzIdx, nzVal, count, y, s * n, n, p, colStart, mStart, sStart, M, S, Y);
  }
  // M_ji = M_ijᵀ for j > i
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const wi = w(i), wj = w(j), from = mStart[j * n + i], to = mStart[i * n + j];
      for (let la = 0; la < wi; la++) for (let lb = 0; lb < wj; lb++) M[to + la * wj + lb] = M[from + lb * wi + la];
    }
  return { n, p, colStart, cols, mStart, M, S, sStart, Y };
}

/** One block's terms: Y_ij, S_ij for every pair of rows, M_ij for j ≤ i, from the nonzeros of its rows. */
function accumulateBlock(nzIdx: Int32Array, nzVal: Float64Array, count: Int32Array, y: Float64Array, y0: number, n: number, p: number, colStart: Int32Array, mStart: Int32Array, sStart: Int32Array, M: Float64Array, S: Float64Array, Y: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ni = count[i], yi = y[y0 + i], xi = i * p;
    for (let j = 0; j < n; j++) {
      const yj = y[y0 + j];
      Y[i * n + j] += yi * yj;
      const sb = sStart[i * n + j];
      for (let u = 0; u < ni; u++) S[sb + nzIdx[xi + u]] += nzVal[xi + u] * yj;
      if (j > i) continue;
      const nj = count[j], wj = colStart[j + 1] - colStart[j], mb = mStart[i * n + j], xj = j * p;
      for (let u = 0; u < ni; u++) {
        const xa = nzVal[xi + u], row = mb + nzIdx[xi + u] * wj;
        for (let v = 0; v < nj; v++) M[row + nzIdx[xj + v]] += xa * nzVal[xj + v];
      }
    }
  }
}

/**
 * Multiply-adds of one derivative evaluation of a pattern (A_k for every pair of rows, the dominant term)
 * through its moments, to compare with rowColumns' blockCost.
 */
export function momentCost(rc: { colStart: Int32Array }, n: number, p: number): number {
  let sw = 0;
  for (let i = 0; i < n; i++) sw += rc.colStart[i + 1] - rc.colStart[i];
  return n * sw * sw + ((n * (n + 1)) / 2) * p * sw + ((n * (n + 1)) / 2) * p * p;
}

/** out (p×p, lower) += Σ_ij T_ij M_ij for a dense n×n T. */
export function contractMoments(T: Float64Array, mo: Moments, out: Float64Array): void {
  const { n, p, colStart, cols, mStart, M } = mo;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const v = T[i * n + j];
      if (v === 0) continue;
      const ci = colStart[i], wi = colStart[i + 1] - ci, cj = colStart[j], wj = colStart[j + 1] - cj;
      const mb = mStart[i * n + j];
      for (let la = 0; la < wi; la++) {
        const row = cols[ci + la] * p, mr = mb + la * wj;
        for (let lb = 0; lb < wj; lb++) {
          const b = cols[cj + lb];
          if (b > cols[ci + la]) break;
          out[row + b] += v * M[mr + lb];
        }
      }
    }
}

/** Stage 1 from a pattern's moments: XᵀV⁻¹X (lower) += Σ_ij V⁻¹_ij M_ij, XᵀV⁻¹y += Σ_ij V⁻¹_ij S_ij; returns Σ_ij V⁻¹_ij Y_ij. */
export function crossMoments(Vi: Float64Array, mo: Moments, XtVX: Float64Array, XtVy: Float64Array): number {
  const { n, colStart, cols, sStart, S, Y } = mo;
  contractMoments(Vi, mo, XtVX);
  let ytVy = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const v = Vi[i * n + j];
      if (v === 0) continue;
      const ci = colStart[i], wi = colStart[i + 1] - ci, sb = sStart[i * n + j];
      for (let la = 0; la < wi; la++) XtVy[cols[ci + la]] += v * S[sb + la];
      ytVy += v * Y[i * n + j];
    }
  return ytVy;
}

/** T_ij = tr(C M_ij), R_ij = Y_ij − βᵀS_ij − βᵀS_ji + βᵀM_ijβ (lower) from a pattern's moments. */
export function residualMoments(mo: Moments, beta: Float64Array, C: Float64Array, T: Float64Array, RR: Float64Array): void {
  const { n, p, colStart, cols, mStart, M, sStart, S, Y } = mo;
  const sb = (i: number, j: number) => {
    const ci = colStart[i], wi = colStart[i + 1] - ci, o = sStart[i * n + j];
    let t = 0;
    for (let la = 0; la < wi; la++) t += beta[cols[ci + la]] * S[o + la];
    return t;
  };
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const ci = colStart[i], wi = colStart[i + 1] - ci, cj = colStart[j], wj = colStart[j + 1] - cj;
      const mb = mStart[i * n + j];
      let t = 0, q2 = 0;
      for (let la = 0; la < wi; la++) {
        const a = cols[ci + la], mr = mb + la * wj, Ca = a * p;
        let ma = 0;
        for (let lb = 0; lb < wj; lb++) {
          const b = cols[cj + lb], v = M[mr + lb];
          t += C[Ca + b] * v;
          ma += v * beta[b];
        }
        q2 += beta[a] * ma;
      }
      T[i * n + j] = t;
      RR[i * n + j] = Y[i * n + j] - sb(i, j) - sb(j, i) + q2;
    }
}

/**
 * The derivative triplets of a pattern grouped by pair of rows (i, j): entries pairStart[i·n + j] …
 * pairStart[i·n + j + 1] of key (the parameter's global index) and v.
 */
interface PairTriplets { pairStart: Int32Array; key: Int32Array; v: Float64Array }

function byPair(keys: number[], derivs: Triplets[], n: number): PairTriplets {
  const pairStart = new Int32Array(n * n + 1);
  for (const d of derivs) for (let t = 0; t < d.len; t++) pairStart[d.i[t] * n + d.j[t] + 1]++;
  for (let ij = 0; ij < n * n; ij++) pairStart[ij + 1] += pairStart[ij];
  const fill = pairStart.slice(0, n * n);
  const key = new Int32Array(pairStart[n * n]), v = new Float64Array(pairStart[n * n]);
  for (let ki = 0; ki < derivs.length; ki++) {
    const d = derivs[ki];
    for (let t = 0; t < d.len; t++) {
      const at = fill[d.i[t] * n + d.j[t]]++;
      key[at] = keys[ki];
      v[at] = d.v[t];
    }
  }
  return { pairStart, key, v };
}

/**
 * A_k (lower) += Σ_(i,j,v)∈k v M̃_ij with M̃ = (V⁻¹ ⊗ V⁻¹)M, i.e. M̃_ij = Σ_cd V⁻¹_ic V⁻¹_jd M_cd, and, when
 * av is given, a_k += Σ_(i,j,v)∈k v (V⁻¹ ⊗ V⁻¹)(S − Mβ)_ij: the per-block sandwichBlocks summed over the
 * pattern.
 */
export function sandwichMoments(Vi: Float64Array, mo: Moments, beta: Float64Array, keys: number[], derivs: Triplets[], A: Float64Array[], av: Float64Array[] | null): void {
  const pt = byPair(keys, derivs, mo.n);
  const H = halfSandwich(Vi, mo);
  const Mt = new Float64Array(mo.p * mo.p);
  for (let i = 0; i < mo.n; i++)
    for (let j = 0; j <= i; j++) {
      if (!fullSandwich(Vi, mo, H, i, j, pt, Mt)) continue;
      addPair(Mt, pt, i * mo.n + j, false, mo.p, A);
      if (i !== j) addPair(Mt, pt, j * mo.n + i, true, mo.p, A);
    }
  if (av) residualSandwich(Vi, mo, beta, pt, av);
}

/** H_id = Σ_c V⁻¹_ic M_cd (p × w_d, rows over all p columns), at (i·Σw + colStart[d])·p. */
function halfSandwich(Vi: Float64Array, mo: Moments): Float64Array {
  const { n, p, colStart, cols, mStart, M } = mo;
  const sw = colStart[n];
  const H = new Float64Array(n * sw * p);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < n; c++) {
      const v = Vi[i * n + c];
      if (v === 0) continue;
      const cc = colStart[c], wc = colStart[c + 1] - cc;
      for (let d = 0; d < n; d++) {
        const wd = colStart[d + 1] - colStart[d], h0 = (i * sw + colStart[d]) * p, mb = mStart[c * n + d];
        for (let la = 0; la < wc; la++) {
          const hr = h0 + cols[cc + la] * wd, mr = mb + la * wd;
          for (let lb = 0; lb < wd; lb++) H[hr + lb] += v * M[mr + lb];
        }
      }
    }
  return H;
}

/** Mt ← M̃_ij = Σ_d V⁻¹_jd H_id (p×p) for i ≥ j; false (Mt untouched) when no derivative has entry (i, j) or (j, i). */
function fullSandwich(Vi: Float64Array, mo: Moments, H: Float64Array, i: number, j: number, pt: PairTriplets, Mt: Float64Array): boolean {
  const { n, p, colStart, cols } = mo;
  const ij = i * n + j, ji = j * n + i;
  if (pt.pairStart[ij + 1] === pt.pairStart[ij] && pt.pairStart[ji + 1] === pt.pairStart[ji]) return false;
  const sw = colStart[n];
  Mt.fill(0);
  for (let d = 0; d < n; d++) {
    const v = Vi[j * n + d];
    if (v === 0) continue;
    const cd = colStart[d], wd = colStart[d + 1] - cd, h0 = (i * sw + cd) * p;
    for (let a = 0; a < p; a++) {
      const hr = h0 + a * wd, row = a * p;
      for (let lb = 0; lb < wd; lb++) Mt[row + cols[cd + lb]] += v * H[hr + lb];
    }
  }
  return true;
}

/** A_k (lower) += v M̃ (or v M̃ᵀ) for the triplets of one pair of rows. */
function addPair(Mt: Float64Array, pt: PairTriplets, pair: number, transpose: boolean, p: number, A: Float64Array[]): void {
  for (let t = pt.pairStart[pair]; t < pt.pairStart[pair + 1]; t++) {
    const Ak = A[pt.key[t]], v = pt.v[t];
    if (transpose) for (let a = 0; a < p; a++) { const row = a * p; for (let b = 0; b <= a; b++) Ak[row + b] += v * Mt[b * p + a]; }
    else for (let a = 0; a < p; a++) { const row = a * p; for (let b = 0; b <= a; b++) Ak[row + b] += v * Mt[row + b]; }
  }
}

/** a_k += Σ_(i,j,v)∈k v (V⁻¹ ⊗ V⁻¹)(S − Mβ)_ij, through XR_cd = S_cd − M_cd β and h_id = Σ_c V⁻¹_ic XR_cd. */
function residualSandwich(Vi: Float64Array, mo: Moments, beta: Float64Array, pt: PairTriplets, av: Float64Array[]): void {
  const { n, p, colStart, cols, mStart, M, sStart, S } = mo;
  const XR = new Float64Array(sStart[n * n]);
  for (let c = 0; c < n; c++)
    for (let d = 0; d < n; d++) {
      const cc = colStart[c], wc = colStart[c + 1] - cc, cd = colStart[d], wd = colStart[d + 1] - cd;
      const sb = sStart[c * n + d], mb = mStart[c * n + d];
      for (let la = 0; la < wc; la++) {
        let t = S[sb + la];
        for (let lb = 0; lb < wd; lb++) t -= M[mb + la * wd + lb] * beta[cols[cd + lb]];
        XR[sb + la] = t;
      }
    }
  const h = new Float64Array(n * n * p);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < n; c++) {
      const v = Vi[i * n + c];
      if (v === 0) continue;
      const cc = colStart[c], wc = colStart[c + 1] - cc;
      for (let d = 0; d < n; d++) {
        const sb = sStart[c * n + d], h0 = (i * n + d) * p;
        for (let la = 0; la < wc; la++) h[h0 + cols[cc + la]] += v * XR[sb + la];
      }
    }
  const r = new Float64Array(p);
  for (let ij = 0; ij < n * n; ij++) {
    if (pt.pairStart[ij + 1] === pt.pairStart[ij]) continue;
    const i = (ij / n) | 0, j = ij - i * n;
    r.fill(0);
    for (let d = 0; d < n; d++) {
      const v = Vi[j * n + d];
      if (v === 0) continue;
      const h0 = (i * n + d) * p;
      for (let a = 0; a < p; a++) r[a] += v * h[h0 + a];
    }
    for (let t = pt.pairStart[ij]; t < pt.pairStart[ij + 1]; t++) {
      const ak = av[pt.key[t]], v = pt.v[t];
      for (let a = 0; a < p; a++) ak[a] += v * r[a];
    }
  }
}
