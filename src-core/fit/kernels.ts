import type { BlockColumns } from "./block-columns.js";
import { kronSandwich, type Moments } from "./moments.js";
import { multiplyInto } from "../linalg/dense.js";

/**
 * The per-pattern sums of the REML/ML evaluation (docs/math/reml.md), one small function each so that the
 * JIT optimises each loop nest on its own. Matrices are row-major Float64Arrays; n = rows per block,
 * p = columns of X. "Lower" means only the lower triangle (a ≥ b) is accumulated.
 */

/** Sparse symmetric n×n matrix as triplets (both triangles listed). */
export interface Triplets { i: Int32Array; j: Int32Array; v: Float64Array; len: number }

/**
 * Stage 1 over the blocks of one pattern: XᵀV⁻¹X (lower) += Σ_b X_bᵀ V⁻¹ X_b, XᵀV⁻¹y += Σ_b X_bᵀ V⁻¹ y_b;
 * returns Σ_b y_bᵀ V⁻¹ y_b. Xt is scratch (n·p).
 */
export function crossBlocks(Vi: Float64Array, bc: BlockColumns, y: Float64Array, n: number, p: number, m: number, XtVX: Float64Array, XtVy: Float64Array, Xt: Float64Array): number {
  const bX = bc.X, cols = bc.cols;
  let ytVy = 0;
  for (let s = 0; s < m; s++) {
    const o = bc.offsets[s], c = bc.offsets[s + 1] - o, x0 = n * o, y0 = s * n;
    multiplyInto(Vi, bX, x0, n, n, c, Xt); // X̃ = V⁻¹X on the block's nonzero columns
    addLowerProduct(bc, o, c, x0, n, p, Xt, XtVX);
    for (let i = 0; i < n; i++) {
      const ti = i * c;
      const yi = y[y0 + i];
      for (let a = 0; a < c; a++) XtVy[cols[o + a]] += Xt[ti + a] * yi;
      let t = 0;
      const vi = i * n;
      for (let j = 0; j < n; j++) t += Vi[vi + j] * y[y0 + j];
      ytVy += yi * t;
    }
  }
  return ytVy;
}

/** Stage 1 from a pattern's moments: XᵀV⁻¹X (lower) += Σ_ij V⁻¹_ij M_ij, XᵀV⁻¹y += Σ_ij V⁻¹_ij S_ij; returns Σ_ij V⁻¹_ij Y_ij. */
export function crossMoments(Vi: Float64Array, mo: Moments, n: number, p: number, XtVX: Float64Array, XtVy: Float64Array): number {
  let ytVy = 0;
  for (let ij = 0; ij < n * n; ij++) {
    const v = Vi[ij];
    if (v === 0) continue;
    const mb = ij * p * p, sb = ij * p;
    for (let a = 0; a < p; a++) {
      const row = a * p, mr = mb + row;
      for (let b = 0; b <= a; b++) XtVX[row + b] += v * mo.M[mr + b];
      XtVy[a] += v * mo.S[sb + a];
    }
    ytVy += v * mo.Y[ij];
  }
  return ytVy;
}

/**
 * T_g (lower) += Σ_b X_b C X_bᵀ and R_g (lower) += Σ_b r_b r_bᵀ with r_b = y_b − X_bβ, over the blocks of a
 * pattern. XC (n·p) and r (n) are scratch.
 */
export function residualBlocks(bc: BlockColumns, y: Float64Array, beta: Float64Array, C: Float64Array, n: number, p: number, m: number, T: Float64Array, RR: Float64Array, XC: Float64Array, r: Float64Array): void {
  const bX = bc.X, cols = bc.cols;
  for (let s = 0; s < m; s++) {
    const o = bc.offsets[s], c = bc.offsets[s + 1] - o, x0 = n * o, y0 = s * n;
    XC.fill(0, 0, n * c);
    for (let i = 0; i < n; i++) {
      let t = y[y0 + i];
      const xi = x0 + i * c, ci = i * c;
      for (let a = 0; a < c; a++) {
        const xa = bX[xi + a];
        if (xa === 0) continue;
        const ca = cols[o + a];
        t -= xa * beta[ca];
        const row = ca * p;
        for (let b = 0; b < c; b++) XC[ci + b] += xa * C[row + cols[o + b]];
      }
      r[i] = t;
    }
    for (let j = 0; j < n; j++) {
      const xj = x0 + j * c;
      for (let b = 0; b < c; b++) {
        const xb = bX[xj + b];
        if (xb === 0) continue;
        for (let i = j; i < n; i++) T[i * n + j] += XC[i * c + b] * xb;
      }
      for (let i = j; i < n; i++) RR[i * n + j] += r[i] * r[j];
    }
  }
}

/** T_ij = tr(C M_ij), R_ij = Y_ij − βᵀS_ij − βᵀS_ji + βᵀM_ijβ (lower) from a pattern's moments. */
export function residualMoments(mo: Moments, beta: Float64Array, C: Float64Array, n: number, p: number, T: Float64Array, RR: Float64Array): void {
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const ij = i * n + j, mb = ij * p * p;
      let t = 0, q2 = 0;
      for (let a = 0; a < p; a++) {
        const row = mb + a * p;
        let ca = 0, ma = 0;
        for (let b = 0; b < p; b++) { ca += C[a * p + b] * mo.M[row + b]; ma += mo.M[row + b] * beta[b]; }
        t += ca;
        q2 += beta[a] * ma;
      }
      let sij = 0, sji = 0;
      for (let a = 0; a < p; a++) { sij += beta[a] * mo.S[ij * p + a]; sji += beta[a] * mo.S[(j * n + i) * p + a]; }
      T[ij] = t;
      RR[ij] = mo.Y[ij] - sij - sji + q2;
    }
}

/**
 * For each pair (k, l) of parameters entering a pattern, the traces t1 = tr(V⁻¹V_kV⁻¹V_l),
 * t2 = tr(V_lV⁻¹V_kW) (when W is given) and t3 = tr(V_lV⁻¹V_kU) (when U is given), passed to add(k, l, t1,
 * t2, t3) for l ≤ k. With few nonzeros in the V_k (UN, TOEP, G: Σ_l nnz(V_l) ≤ n²) they are summed directly
 * over pairs of nonzeros; otherwise through the dense E_k = V⁻¹V_kV⁻¹, V⁻¹V_kW and V⁻¹V_kU.
 */
export function tracePairs(Vi: Float64Array, W: Float64Array | null, U: Float64Array | null, keys: number[], derivs: Triplets[], n: number, add: (k: number, l: number, t1: number, t2: number, t3: number) => void): void {
  let nnz = 0;
  for (const d of derivs) nnz += d.len;
  if (nnz <= n * n) {
    for (let ki = 0; ki < keys.length; ki++) {
      const dk = derivs[ki];
      for (let li = 0; li < keys.length; li++) {
        if (keys[li] > keys[ki]) continue;
        const dl = derivs[li];
        let t1 = 0, t2 = 0, t3 = 0;
        // E_k[d,c] = Σ_(a,b,v)∈k v V⁻¹[d,a] V⁻¹[b,c]; (V⁻¹V_kW)[c,d] = Σ_(a,b,v)∈k v V⁻¹[c,a] W[b,d].
        for (let s = 0; s < dk.len; s++) {
          const a = dk.i[s], b = dk.j[s], v = dk.v[s];
          for (let t = 0; t < dl.len; t++) {
            const c = dl.i[t], d = dl.j[t], vw = v * dl.v[t];
            const via = Vi[c * n + a];
            t1 += vw * Vi[d * n + a] * Vi[b * n + c];
            if (W) t2 += vw * via * W[b * n + d];
            if (U) t3 += vw * via * U[b * n + d];
          }
        }
        add(keys[ki], keys[li], t1, t2, t3);
      }
    }
    return;
  }
  const E = derivs.map((d) => sparseSandwich(Vi, d, Vi, n));
  const KW = derivs.map((d) => (W ? sparseSandwich(Vi, d, W, n) : null));
  const KU = derivs.map((d) => (U ? sparseSandwich(Vi, d, U, n) : null));
  for (let ki = 0; ki < keys.length; ki++) {
    const Ek = E[ki], Kw = KW[ki], Ku = KU[ki];
    for (let li = 0; li < keys.length; li++) {
      if (keys[li] > keys[ki]) continue;
      const dl = derivs[li];
      // Σ_(c,d,w)∈l w E_k[d,c] = t1; Σ_(c,d,w)∈l w (V⁻¹V_kW)[c,d] = tr(V_l V⁻¹ V_k W) = t2; likewise t3.
      let t1 = 0, t2 = 0, t3 = 0;
      for (let t = 0; t < dl.len; t++) {
        const c = dl.i[t], d = dl.j[t], w = dl.v[t];
        t1 += w * Ek[d * n + c];
        if (Kw) t2 += w * Kw[c * n + d];
        if (Ku) t3 += w * Ku[c * n + d];
      }
      add(keys[ki], keys[li], t1, t2, t3);
    }
  }
}

/**
 * A_k (lower) += Σ_b X̃_bᵀ V_k X̃_b and, when a is given, a_k += Σ_b X̃_bᵀ V_k r̃_b, with X̃ = V⁻¹X and
 * r̃ = V⁻¹(y − Xβ), over the blocks of a pattern. Xt (n·p), r and rt (n) are scratch.
 */
export function sandwichBlocks(Vi: Float64Array, bc: BlockColumns, y: Float64Array, beta: Float64Array, keys: number[], derivs: Triplets[], n: number, p: number, m: number, A: Float64Array[], av: Float64Array[] | null, Xt: Float64Array, r: Float64Array, rt: Float64Array): void {
  const bX = bc.X, cols = bc.cols;
  for (let s = 0; s < m; s++) {
    const o = bc.offsets[s], c = bc.offsets[s + 1] - o, x0 = n * o, y0 = s * n;
    multiplyInto(Vi, bX, x0, n, n, c, Xt);
    if (av) {
      for (let i = 0; i < n; i++) {
        let t = y[y0 + i];
        for (let a = 0; a < c; a++) t -= bX[x0 + i * c + a] * beta[cols[o + a]];
        r[i] = t;
      }
      for (let i = 0; i < n; i++) { let t = 0; for (let j = 0; j < n; j++) t += Vi[i * n + j] * r[j]; rt[i] = t; }
    }
    // From the lower-triangle entries of V_k: v (x̃_i x̃_jᵀ + x̃_j x̃_iᵀ) for i > j, v x̃_i x̃_iᵀ on the diagonal.
    for (let ki = 0; ki < keys.length; ki++) {
      const d = derivs[ki], Ak = A[keys[ki]];
      const ak = av ? av[keys[ki]] : null;
      for (let t = 0; t < d.len; t++) {
        const i = d.i[t], j = d.j[t], v = d.v[t];
        if (ak) { const rb = v * rt[j]; for (let a = 0; a < c; a++) ak[cols[o + a]] += Xt[i * c + a] * rb; }
        if (j > i) continue;
        const ia = i * c, ib = j * c;
        for (let a = 0; a < c; a++) {
          const xia = v * Xt[ia + a], xja = v * Xt[ib + a];
          const row = cols[o + a] * p;
          if (i === j) for (let b = 0; b <= a; b++) Ak[row + cols[o + b]] += xia * Xt[ia + b];
          else for (let b = 0; b <= a; b++) Ak[row + cols[o + b]] += xia * Xt[ib + b] + xja * Xt[ia + b];
        }
      }
    }
  }
}

/**
 * The same sums from a pattern's moments: M̃ = (V⁻¹ ⊗ V⁻¹)M gives A_k = Σ_(i,j,v)∈k v M̃_ij, and
 * (V⁻¹ ⊗ V⁻¹)(S − Mβ) gives a_k.
 */
export function sandwichMoments(Vi: Float64Array, mo: Moments, beta: Float64Array, keys: number[], derivs: Triplets[], n: number, p: number, A: Float64Array[], av: Float64Array[] | null): void {
  const pp = p * p;
  const Mt = new Float64Array(n * n * pp), tmp = new Float64Array(n * n * pp);
  kronSandwich(Vi, mo.M, n, pp, Mt, tmp);
  let XRt: Float64Array | null = null;
  if (av) {
    const XR = new Float64Array(n * n * p);
    for (let cd = 0; cd < n * n; cd++)
      for (let a = 0; a < p; a++) {
        let t = mo.S[cd * p + a];
        const row = (cd * p + a) * p;
        for (let b = 0; b < p; b++) t -= mo.M[row + b] * beta[b];
        XR[cd * p + a] = t;
      }
    XRt = new Float64Array(n * n * p);
    kronSandwich(Vi, XR, n, p, XRt, tmp);
  }
  for (let ki = 0; ki < keys.length; ki++) {
    const d = derivs[ki], Ak = A[keys[ki]];
    for (let t = 0; t < d.len; t++) {
      const ij = d.i[t] * n + d.j[t], v = d.v[t];
      const mb = ij * pp;
      for (let a = 0; a < p; a++) { const row = a * p; for (let b = 0; b <= a; b++) Ak[row + b] += v * Mt[mb + row + b]; }
      if (av && XRt) { const ak = av[keys[ki]]; for (let a = 0; a < p; a++) ak[a] += v * XRt[ij * p + a]; }
    }
  }
}

/** out (p×p, lower) += Σ_b X_bᵀ T X_b over the blocks of a pattern, for a dense symmetric n×n T. */
export function addBlockQuadratic(T: Float64Array, bc: BlockColumns, n: number, p: number, m: number, out: Float64Array): void {
  const bX = bc.X;
  const TX = new Float64Array(n * p);
  for (let s = 0; s < m; s++) {
    const o = bc.offsets[s], c = bc.offsets[s + 1] - o, x0 = n * o;
    multiplyInto(T, bX, x0, n, n, c, TX);
    addLowerProduct(bc, o, c, x0, n, p, TX, out);
  }
}

/** out (p×p, lower) += X_bᵀ TX for one block: X_b its c nonzero columns (from x0 in bc.X), TX (n×c) = T X_b. */
function addLowerProduct(bc: BlockColumns, o: number, c: number, x0: number, n: number, p: number, TX: Float64Array, out: Float64Array): void {
  const bX = bc.X, cols = bc.cols;
  for (let i = 0; i < n; i++) {
    const xi = x0 + i * c, ti = i * c;
    for (let a = 0; a < c; a++) {
      const xa = bX[xi + a];
      if (xa === 0) continue;
      const row = cols[o + a] * p;
      for (let b = 0; b <= a; b++) out[row + cols[o + b]] += xa * TX[ti + b];
    }
  }
}

/** out (p×p, lower) += Σ_ij T_ij M_ij from a pattern's moments, for a dense n×n T. */
export function addContractedMoments(T: Float64Array, mo: Moments, n: number, p: number, out: Float64Array): void {
  for (let ij = 0; ij < n * n; ij++) {
    const v = T[ij];
    if (v === 0) continue;
    const mb = ij * p * p;
    for (let a = 0; a < p; a++) for (let b = 0; b <= a; b++) out[a * p + b] += v * mo.M[mb + a * p + b];
  }
}

/**
 * A S B for dense A, B and sparse S: Σ_(a,b,v) v A[:,a] B[b,:], O(nnz·n²). When S is not sparse (a random
 * effect shared by every row of a large block gives ∂V/∂θ = z zᵀ with n² nonzeros) that would be O(n⁴), so
 * S is made dense and the product is two dense multiplications, O(n³).
 */
export function sparseSandwich(A: Float64Array, S: Triplets, B: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  if (S.len > 2 * n) {
    const D = new Float64Array(n * n);
    for (let t = 0; t < S.len; t++) D[S.i[t] * n + S.j[t]] += S.v[t];
    const DB = new Float64Array(n * n);
    multiplyInto(D, B, 0, n, n, n, DB);
    multiplyInto(A, DB, 0, n, n, n, out);
    return out;
  }
  for (let t = 0; t < S.len; t++) {
    const a = S.i[t], b = S.j[t], v = S.v[t];
    for (let i = 0; i < n; i++) {
      const x = v * A[i * n + a];
      if (x === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] += x * B[b * n + j];
    }
  }
  return out;
}
