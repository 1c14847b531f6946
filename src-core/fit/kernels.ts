import type { BlockColumns } from "./block-columns.js";
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

/**
 * H_kl += c1 t1 + c2 t2 + c3 t3 (and H_lk, for every pair k ≥ l of parameters entering a pattern) with the traces
 * t1 = tr(V⁻¹V_kV⁻¹V_l), t2 = tr(V_lV⁻¹V_kW) and t3 = tr(V_lV⁻¹V_kU); W and U are read only when c2, c3 ≠ 0.
 * With few nonzeros in the V_k (UN, TOEP, G: Σ_l nnz(V_l) ≤ n²) they are summed directly over pairs of
 * nonzeros; otherwise through the dense E_k = V⁻¹V_kV⁻¹, V⁻¹V_kW and V⁻¹V_kU.
 */
export function tracePairs(Vi: Float64Array, W: Float64Array, U: Float64Array, keys: number[], derivs: Triplets[], n: number, H: Float64Array, q: number, c1: number, c2: number, c3: number): void {
  let nnz = 0;
  for (const d of derivs) nnz += d.len;
  if (nnz <= n * n) sparseTracePairs(Vi, W, U, keys, derivs, n, H, q, c1, c2, c3);
  else denseTracePairs(Vi, W, U, keys, derivs, n, H, q, c1, c2, c3);
}

function sparseTracePairs(Vi: Float64Array, W: Float64Array, U: Float64Array, keys: number[], derivs: Triplets[], n: number, H: Float64Array, q: number, c1: number, c2: number, c3: number): void {
  for (let ki = 0; ki < keys.length; ki++) {
    const dk = derivs[ki], k = keys[ki];
    for (let li = 0; li < keys.length; li++) {
      const l = keys[li];
      if (l > k) continue;
      const dl = derivs[li];
      let t1 = 0, t2 = 0, t3 = 0;
      // E_k[d,c] = Σ_(a,b,v)∈k v V⁻¹[d,a] V⁻¹[b,c]; (V⁻¹V_kW)[c,d] = Σ_(a,b,v)∈k v V⁻¹[c,a] W[b,d].
      for (let s = 0; s < dk.len; s++) {
        const a = dk.i[s], b = dk.j[s], v = dk.v[s];
        for (let t = 0; t < dl.len; t++) {
          const c = dl.i[t], d = dl.j[t], vw = v * dl.v[t];
          const via = Vi[c * n + a];
          t1 += vw * Vi[d * n + a] * Vi[b * n + c];
          t2 += vw * via * W[b * n + d];
          t3 += vw * via * U[b * n + d];
        }
      }
      const h = c1 * t1 + c2 * t2 + c3 * t3;
      H[k * q + l] += h;
      if (k !== l) H[l * q + k] += h;
    }
  }
}

function denseTracePairs(Vi: Float64Array, W: Float64Array, U: Float64Array, keys: number[], derivs: Triplets[], n: number, H: Float64Array, q: number, c1: number, c2: number, c3: number): void {
  const E = derivs.map((d) => sparseSandwich(Vi, d, Vi, n));
  const KW = derivs.map((d) => (c2 !== 0 ? sparseSandwich(Vi, d, W, n) : null));
  const KU = derivs.map((d) => (c3 !== 0 ? sparseSandwich(Vi, d, U, n) : null));
  for (let ki = 0; ki < keys.length; ki++) {
    const Ek = E[ki], Kw = KW[ki], Ku = KU[ki], k = keys[ki];
    for (let li = 0; li < keys.length; li++) {
      const l = keys[li];
      if (l > k) continue;
      const dl = derivs[li];
      // Σ_(c,d,w)∈l w E_k[d,c] = t1; Σ_(c,d,w)∈l w (V⁻¹V_kW)[c,d] = tr(V_l V⁻¹ V_k W) = t2; likewise t3.
      let t1 = 0, t2 = 0, t3 = 0;
      for (let t = 0; t < dl.len; t++) {
        const c = dl.i[t], d = dl.j[t], w = dl.v[t];
        t1 += w * Ek[d * n + c];
        if (Kw) t2 += w * Kw[c * n + d];
        if (Ku) t3 += w * Ku[c * n + d];
      }
      const h = c1 * t1 + c2 * t2 + c3 * t3;
      H[k * q + l] += h;
      if (k !== l) H[l * q + k] += h;
    }
  }
}

/**
 * S += Σ_kl W_kl V_k V⁻¹ V_l over the parameters entering a pattern (W: q×q, global indices). With few nonzeros
 * in the V_k (as in tracePairs) it is summed over pairs of nonzeros, (V_k V⁻¹ V_l)_ad = Σ v w V⁻¹_bc over
 * (a, b, v) ∈ k and (c, d, w) ∈ l; otherwise as Σ_k V_k V⁻¹ T_k with the dense T_k = Σ_l W_kl V_l.
 */
export function addDerivativeProducts(Vi: Float64Array, W: Float64Array, q: number, keys: number[], derivs: Triplets[], n: number, S: Float64Array): void {
  let nnz = 0;
  for (const d of derivs) nnz += d.len;
  if (nnz <= n * n) {
    for (let ki = 0; ki < keys.length; ki++) {
      const dk = derivs[ki];
      for (let li = 0; li < keys.length; li++) {
        const w = W[keys[ki] * q + keys[li]];
        if (w === 0) continue;
        const dl = derivs[li];
        for (let s = 0; s < dk.len; s++) {
          const a = dk.i[s], b = dk.j[s], vw = w * dk.v[s];
          for (let t = 0; t < dl.len; t++) S[a * n + dl.j[t]] += vw * dl.v[t] * Vi[b * n + dl.i[t]];
        }
      }
    }
    return;
  }
  const T = new Float64Array(n * n), ViT = new Float64Array(n * n);
  for (let ki = 0; ki < keys.length; ki++) {
    T.fill(0);
    for (let li = 0; li < keys.length; li++) {
      const w = W[keys[ki] * q + keys[li]];
      if (w === 0) continue;
      const d = derivs[li];
      for (let t = 0; t < d.len; t++) T[d.i[t] * n + d.j[t]] += w * d.v[t];
    }
    multiplyInto(Vi, T, 0, n, n, n, ViT);
    const d = derivs[ki];
    for (let t = 0; t < d.len; t++) {
      const a = d.i[t], b = d.j[t], v = d.v[t];
      for (let c = 0; c < n; c++) S[a * n + c] += v * ViT[b * n + c];
    }
  }
}

/** Scratch of sandwichBlocks for blocks of up to n rows and p columns. */
export interface SandwichScratch { Xt: Float64Array; r: Float64Array; rt: Float64Array; nz: Int32Array; count: Int32Array }

export function sandwichScratch(n: number, p: number): SandwichScratch {
  return { Xt: new Float64Array(n * p), r: new Float64Array(n), rt: new Float64Array(n), nz: new Int32Array(n * p), count: new Int32Array(n) };
}

/**
 * A_k += Σ_b X̃_bᵀ V_k X̃_b and, when av is given, a_k += Σ_b X̃_bᵀ V_k r̃_b, with X̃ = V⁻¹X and r̃ = V⁻¹(y − Xβ),
 * over the blocks of a pattern. A triplet (i, i, v) of V_k adds v x̃_i x̃_iᵀ to the lower triangle of A_k; a pair
 * of triplets (i, j, v), (j, i, v) with i > j adds v x̃_i x̃_jᵀ to B_k (full), and A_k gets B_k + B_kᵀ at the end
 * (foldSandwich). Only the nonzero entries of each row of X̃ are visited: at V = I (MIVQUE(0)) X̃ keeps the
 * zeros of X.
 */
export function sandwichBlocks(Vi: Float64Array, bc: BlockColumns, y: Float64Array, beta: Float64Array, keys: number[], derivs: Triplets[], n: number, p: number, m: number, A: Float64Array[], B: Float64Array[], av: Float64Array[] | null, s: SandwichScratch): void {
  const bX = bc.X, cols = bc.cols;
  const { Xt, r, rt, nz, count } = s;
  for (let b = 0; b < m; b++) {
    const o = bc.offsets[b], c = bc.offsets[b + 1] - o, x0 = n * o, y0 = b * n;
    multiplyInto(Vi, bX, x0, n, n, c, Xt);
    for (let i = 0; i < n; i++) {
      let u = 0;
      for (let a = 0; a < c; a++) if (Xt[i * c + a] !== 0) nz[i * c + u++] = a;
      count[i] = u;
    }
    if (av) {
      for (let i = 0; i < n; i++) {
        let t = y[y0 + i];
        for (let a = 0; a < c; a++) t -= bX[x0 + i * c + a] * beta[cols[o + a]];
        r[i] = t;
      }
      for (let i = 0; i < n; i++) { let t = 0; for (let j = 0; j < n; j++) t += Vi[i * n + j] * r[j]; rt[i] = t; }
    }
    for (let ki = 0; ki < keys.length; ki++) {
      const d = derivs[ki], key = keys[ki];
      if (av) residualTerm(d, Xt, rt, nz, count, cols, o, c, av[key]);
      for (let t = 0; t < d.len; t++) {
        const i = d.i[t], j = d.j[t];
        if (i === j) lowerOuter(d.v[t], Xt, i, nz, count, cols, o, c, p, A[key]);
        else if (i > j) fullOuter(d.v[t], Xt, i, j, nz, count, cols, o, c, p, B[key]);
      }
    }
  }
}

/** a (p) += Σ_(i,j,v) v x̃_i r̃_j. */
function residualTerm(d: Triplets, Xt: Float64Array, rt: Float64Array, nz: Int32Array, count: Int32Array, cols: Int32Array, o: number, c: number, ak: Float64Array): void {
  for (let t = 0; t < d.len; t++) {
    const i = d.i[t], rb = d.v[t] * rt[d.j[t]], ni = count[i], ii = i * c;
    for (let u = 0; u < ni; u++) { const a = nz[ii + u]; ak[cols[o + a]] += Xt[ii + a] * rb; }
  }
}

/** Ak (lower) += v x̃_i x̃_iᵀ, over the nonzeros of x̃_i (ascending, so b ≤ a). */
function lowerOuter(v: number, Xt: Float64Array, i: number, nz: Int32Array, count: Int32Array, cols: Int32Array, o: number, c: number, p: number, Ak: Float64Array): void {
  const ni = count[i], ii = i * c;
  for (let u = 0; u < ni; u++) {
    const a = nz[ii + u], xa = v * Xt[ii + a], row = cols[o + a] * p;
    for (let w = 0; w <= u; w++) { const b = nz[ii + w]; Ak[row + cols[o + b]] += xa * Xt[ii + b]; }
  }
}

/** Bk (full) += v x̃_i x̃_jᵀ, over the nonzeros of x̃_i and x̃_j. */
function fullOuter(v: number, Xt: Float64Array, i: number, j: number, nz: Int32Array, count: Int32Array, cols: Int32Array, o: number, c: number, p: number, Bk: Float64Array): void {
  const ni = count[i], nj = count[j], ii = i * c, jj = j * c;
  for (let u = 0; u < ni; u++) {
    const a = nz[ii + u], xa = v * Xt[ii + a], row = cols[o + a] * p;
    for (let w = 0; w < nj; w++) { const b = nz[jj + w]; Bk[row + cols[o + b]] += xa * Xt[jj + b]; }
  }
}

/** A_k (lower) += B_k + B_kᵀ: the off-diagonal triplets' part of sandwichBlocks. */
export function foldSandwich(A: Float64Array[], B: Float64Array[], p: number): void {
  for (let k = 0; k < A.length; k++) {
    const Ak = A[k], Bk = B[k];
    for (let a = 0; a < p; a++) for (let b = 0; b <= a; b++) Ak[a * p + b] += Bk[a * p + b] + Bk[b * p + a];
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
