import type { Method } from "../spec.js";
import { choleskyInPlace, inverseFromCholesky, logDetFromCholesky } from "../linalg/cholesky.js";
import { congruence, multiplyInto, transpose } from "../linalg/dense.js";
import type { CovarianceModel } from "./covariance-model.js";
import type { BlockStructure, Pattern } from "./blocks.js";
import { computeMoments, contractMoments, crossMoments, momentCost, residualMoments, rowColumns, sandwichMoments, type Moments } from "./moments.js";
import { addBlockQuadratic, addDerivativeProducts, crossBlocks, foldSandwich, residualBlocks, sandwichBlocks, sandwichScratch, tracePairs, type Triplets } from "./kernels.js";
import { blockColumns, type BlockColumns } from "./block-columns.js";

/**
 * The profiled REML / ML objective f(θ) = −2 log L, its gradient and its information, accumulated over
 * visit patterns without ever forming an N×N matrix. The notation follows docs/math/reml.md:
 *
 *   f_REML = Σ_g m_g log|V_g| − Σ log w + log|XᵀV⁻¹X| + yᵀPy + (N − p) log 2π
 *   f_ML   = Σ_g m_g log|V_g| − Σ log w + yᵀPy + N log 2π
 *   ∂f/∂θ_k = ⟨Γ_g, V_gk⟩ summed over patterns, Γ_g = m_g V⁻¹ − V⁻¹T_gV⁻¹ [REML only] − V⁻¹R_gV⁻¹
 *
 * with C = (XᵀV⁻¹X)⁻¹, T_g = Σ_b X_b C X_bᵀ and R_g = Σ_b r_b r_bᵀ over the blocks b of pattern g.
 */
export type InformationKind = "none" | "expected" | "observed";

/**
 * Options of one evaluation. `exact: false` leaves out the two information terms that need
 * A_k = XᵀV⁻¹V_kV⁻¹X (tr(C A_k C A_l) and a_kᵀ C a_l): they are O(p/N) relative to the rest and cost
 * n²p² per block, so the optimiser uses the cheaper approximation while iterating and the exact
 * information once at the end.
 */
export interface EvaluateOptions {
  gradient: boolean;
  information: InformationKind;
  exact?: boolean;
}

export interface Evaluation {
  /** False when V or XᵀV⁻¹X is not positive definite at θ. */
  readonly ok: boolean;
  readonly f: number;
  readonly beta: Float64Array;
  /** C = (XᵀV⁻¹X)⁻¹, p×p. */
  readonly C: Float64Array;
  /** ∂f/∂θ (length q), when asked. */
  readonly gradient: Float64Array | null;
  /** ∂²f/∂θ∂θᵀ (observed) or its expectation (expected), q×q; when asked. */
  readonly information: Float64Array | null;
  /** A_k = XᵀV⁻¹V_kV⁻¹X (p×p each), computed with the information. */
  readonly A: Float64Array[] | null;
}

const LOG_2PI = Math.log(2 * Math.PI);
/** Moments of a pattern may take as many doubles (Σ_ij w_i w_j) as its X (m·n·p), and at least this many. */
const MIN_MOMENTS_ALLOWANCE = 1 << 16;

/** What BLUPs and predictions need at θ̂ (summary/blup.ts): blocks, their V, and the (augmented) β and C. */
export interface PredictionBasis {
  readonly patterns: readonly Pattern[];
  /** Columns of the patterns' X: p, or p + r in the Woodbury path. */
  readonly p: number;
  readonly beta: Float64Array;
  readonly C: Float64Array;
  fillV(g: Pattern, out: Float64Array): void;
  /** Random terms whose BLUPs are entries of beta (Woodbury path), starting at `column`. */
  readonly outer: readonly { term: number; column: number }[];
}

/** The objective with its derivatives, per block (Likelihood) or with outer random effects by Woodbury (woodbury.ts). */
export interface LikelihoodEngine {
  readonly q: number;
  readonly p: number;
  readonly N: number;
  readonly method: Method;
  evaluate(theta: Float64Array, options: EvaluateOptions): Evaluation;
  krSum(theta: Float64Array, W: Float64Array, second: boolean): Float64Array | null;
  gMatrices(theta: Float64Array): Float64Array[];
  predictionBasis(theta: Float64Array, beta: Float64Array, C: Float64Array): PredictionBasis | null;
}

/** ∂Ṽ_g/∂θ_k of one pattern: the parameters k that enter it and the nonzeros of each derivative. */
interface PatternDerivatives { readonly keys: number[]; readonly derivs: Triplets[] }

export class Likelihood implements LikelihoodEngine {
  readonly q: number;
  readonly p: number;
  readonly N: number;
  private readonly maxN: number;

  constructor(
    private readonly model: CovarianceModel,
    private readonly blocks: BlockStructure,
    readonly method: Method,
    p: number,
    N: number,
    options: { momentThreshold?: number } = {},
  ) {
    this.q = model.nparam;
    this.p = p;
    this.N = N;
    this.maxN = Math.max(1, ...blocks.patterns.map((g) => g.n));
    this.linear = model.components.every((c) => c.structure.linear);
    // A pattern is evaluated from its moments when that costs fewer multiply-adds than its blocks one by one
    // (both estimated for the A_k of every pair of rows, the dominant term) and the moments stay small.
    const threshold = options.momentThreshold;
    for (const g of blocks.patterns) {
      const rc = rowColumns(g, p);
      const sw = rc.colStart[g.n];
      const small = sw * sw <= Math.max(g.m * g.n * p, MIN_MOMENTS_ALLOWANCE);
      const use = threshold !== undefined ? g.m >= threshold : small && momentCost(rc, g.n, p) < rc.blockCost;
      if (use) this.moments.set(g, computeMoments(g, p, rc));
      else this.columns.set(g, blockColumns(g, p));
    }
  }

  get patterns(): readonly Pattern[] {
    return this.blocks.patterns;
  }

  predictionBasis(theta: Float64Array, beta: Float64Array, C: Float64Array): PredictionBasis {
    const G = this.gMatrices(theta);
    return { patterns: this.blocks.patterns, p: this.p, beta, C, fillV: (g, out) => this.fillV(theta, g, G, out), outer: [] };
  }

  private readonly moments = new Map<Pattern, Moments>();
  /** Per-block nonzero columns of X, for the patterns evaluated block by block. */
  private readonly columns = new Map<Pattern, BlockColumns>();

  private readonly linear: boolean;
  private readonly derivativeCache = new Map<Pattern, PatternDerivatives>();

  /** Ṽ_g(θ) for one pattern, into out (n×n). */
  fillV(theta: Float64Array, g: Pattern, G: Float64Array[], out: Float64Array): void {
    const n = g.n;
    out.fill(0);
    for (const part of g.parts) {
      if (part.kind === "random") {
        this.addZGZt(part.rows, part.Z, G[part.component], this.model.randomComponents[part.component].structure.dim, n, 1, out);
      } else {
        const c = this.model.residualComponents[part.component];
        const k = part.rows.length;
        const buf = new Float64Array(k * k);
        c.structure.fill(this.model.slice(theta, c), part.pos, buf);
        scatter(buf, part.rows, n, 1, out);
      }
    }
  }

  /** out[rows, rows] += s · Z M Zᵀ for a random-effects instance (Z is |rows| × qz). */
  private addZGZt(rows: Int32Array, Z: Float64Array, M: Float64Array, qz: number, n: number, s: number, out: Float64Array): void {
    scatter(zmzt(Z, M, qz, rows.length), rows, n, s, out);
  }

  /** G_c(θ) for every random component. */
  gMatrices(theta: Float64Array): Float64Array[] {
    return this.model.randomComponents.map((c) => {
      const d = c.structure.dim;
      const G = new Float64Array(d * d);
      c.structure.fill(this.model.slice(theta, c), iota(d), G);
      return G;
    });
  }

  /**
   * ∂Ṽ_g/∂θ_k for every parameter k that enters pattern g (keys, in the order the pattern's parts bring them), as
   * sparse triplets in row-major order.
   */
  private derivatives(theta: Float64Array, g: Pattern): PatternDerivatives {
    // For a model linear in θ (UN, CS, TOEP, G, iid), ∂Ṽ/∂θ_k does not depend on θ: compute it once per pattern.
    if (this.linear) {
      let cached = this.derivativeCache.get(g);
      if (!cached) { cached = this.computeDerivatives(theta, g); this.derivativeCache.set(g, cached); }
      return cached;
    }
    return this.computeDerivatives(theta, g);
  }

  private computeDerivatives(theta: Float64Array, g: Pattern): PatternDerivatives {
    const n = g.n;
    const slots = new Map<number, { at: number[]; v: number[] }>();
    const slot = (k: number) => {
      let e = slots.get(k);
      if (!e) { e = { at: [], v: [] }; slots.set(k, e); }
      return e;
    };
    // the nonzeros of a part's derivative buf (|rows|², on the pattern's rows `rows`) for parameter k
    const collect = (k: number, rows: Int32Array, buf: Float64Array) => {
      const e = slot(k);
      const kk = rows.length;
      for (let a = 0; a < kk; a++)
        for (let b = 0; b < kk; b++) {
          const v = buf[a * kk + b];
          if (v !== 0) { e.at.push(rows[a] * n + rows[b]); e.v.push(v); }
        }
    };
    for (const part of g.parts) {
      if (part.kind === "random") {
        const c = this.model.randomComponents[part.component];
        const dim = c.structure.dim;
        const th = this.model.slice(theta, c);
        const dG = new Float64Array(dim * dim);
        for (let k = 0; k < c.structure.nparam; k++) {
          c.structure.fillD1(th, k, iota(dim), dG);
          collect(c.offset + k, part.rows, zmzt(part.Z, dG, dim, part.rows.length));
        }
      } else if (this.model.residualComponents[part.component].structure.kind === "iid") {
        // iid: the identity over the part's rows, whatever their positions
        const c = this.model.residualComponents[part.component];
        const kk = part.rows.length;
        const buf = new Float64Array(kk * kk);
        for (let k = 0; k < c.structure.nparam; k++) {
          c.structure.fillD1(this.model.slice(theta, c), k, part.pos, buf);
          collect(c.offset + k, part.rows, buf);
        }
      } else {
        // the part's derivative is the full one restricted to its positions: map each entry of ∂Σ/∂θ_k
        const c = this.model.residualComponents[part.component];
        const full = this.residualDerivatives(theta, part.component);
        const rowOf = new Int32Array(c.structure.dim).fill(-1);
        for (let r = 0; r < part.pos.length; r++) rowOf[part.pos[r]] = part.rows[r];
        for (let k = 0; k < full.length; k++) {
          const e = slot(c.offset + k);
          const d = full[k];
          for (let t = 0; t < d.len; t++) {
            const ra = rowOf[d.i[t]], rb = rowOf[d.j[t]];
            if (ra >= 0 && rb >= 0) { e.at.push(ra * n + rb); e.v.push(d.v[t]); }
          }
        }
      }
    }
    const keys = [...slots.keys()];
    return { keys, derivs: keys.map((k) => toTriplets(slots.get(k)!, n)) };
  }

  /**
   * ∂Σ/∂θ_k of residual component `component` over all its positions (dim × dim), as triplets per parameter k.
   * A linear structure's do not depend on θ and are computed once; others once per θ (the last θ is kept).
   */
  private residualDerivatives(theta: Float64Array, component: number): Triplets[] {
    const c = this.model.residualComponents[component];
    const cached = this.fullDerivatives.get(component);
    if (cached && c.structure.linear) return cached.derivs;
    const th = this.model.slice(theta, c);
    if (cached && cached.theta.every((v, k) => v === th[k])) return cached.derivs;
    const dim = c.structure.dim;
    const buf = new Float64Array(dim * dim);
    const derivs: Triplets[] = [];
    for (let k = 0; k < c.structure.nparam; k++) {
      c.structure.fillD1(th, k, iota(dim), buf);
      const at: number[] = [], v: number[] = [];
      for (let t = 0; t < dim * dim; t++) if (buf[t] !== 0) { at.push(t); v.push(buf[t]); }
      derivs.push(toTriplets({ at, v }, dim));
    }
    this.fullDerivatives.set(component, { theta: th.slice(), derivs });
    return derivs;
  }

  private readonly fullDerivatives = new Map<number, { theta: Float64Array; derivs: Triplets[] }>();

  /**
   * Kenward–Roger's Σ_kl W_kl (Q_kl − ¼ R_kl) (p×p; docs/math/kenward-roger.md), with
   * Q_kl = XᵀV⁻¹V_kV⁻¹V_lV⁻¹X and R_kl = XᵀV⁻¹V_klV⁻¹X, accumulated per pattern as Σ_b X_bᵀ V⁻¹S_gV⁻¹ X_b
   * with S_g = Σ_kl W_kl (V_k V⁻¹ V_l − ¼ V_kl). `second: false` leaves out R (KR(LINEAR)). Null when V is
   * not positive definite at θ.
   */
  krSum(theta: Float64Array, W: Float64Array, second: boolean): Float64Array | null {
    const { p, q } = this;
    const G = this.gMatrices(theta);
    const out = new Float64Array(p * p);
    for (const g of this.blocks.patterns) {
      const n = g.n;
      const V = new Float64Array(n * n);
      this.fillV(theta, g, G, V);
      if (!choleskyInPlace(V, n)) return null;
      const Vi = new Float64Array(n * n);
      inverseFromCholesky(V, n, Vi);
      const { keys, derivs } = this.derivatives(theta, g);
      const S = new Float64Array(n * n);
      addDerivativeProducts(Vi, W, q, keys, derivs, n, S);
      if (second) this.addSecondDerivativeSum(theta, g, W, -0.25, S);
      const Si = sandwich(Vi, S, n);
      const mo = this.moments.get(g);
      if (mo) contractMoments(Si, mo, out);
      else addBlockQuadratic(Si, this.columns.get(g)!, n, p, g.m, out);
    }
    symmetrise(out, p);
    return out;
  }

  /**
   * Visits ∂²Ṽ/∂θ_k∂θ_l (k ≥ l, global indices) of one pattern wherever it is non-zero: only residual
   * structures that are not linear in SAS's parameters have any (G is linear). `buf` (|rows|²) holds the
   * derivative on the pattern's rows `rows`, and is reused between calls.
   */
  private forEachSecondDerivative(theta: Float64Array, g: Pattern, visit: (k: number, l: number, rows: Int32Array, buf: Float64Array) => void): void {
    for (const part of g.parts) {
      if (part.kind !== "residual") continue;
      const c = this.model.residualComponents[part.component];
      if (c.structure.linear) continue;
      const th = this.model.slice(theta, c);
      const buf = new Float64Array(part.rows.length ** 2);
      for (let k = 0; k < c.structure.nparam; k++)
        for (let l = 0; l <= k; l++) {
          if (!c.structure.hasD2(k, l)) continue;
          c.structure.fillD2(th, k, l, part.pos, buf);
          visit(c.offset + k, c.offset + l, part.rows, buf);
        }
    }
  }

  /** ⟨Γ, ∂²Ṽ/∂θ_k∂θ_l⟩ for every pair, added into H. */
  private addSecondDerivatives(theta: Float64Array, g: Pattern, Gamma: Float64Array, H: Float64Array): void {
    const n = g.n, q = this.q;
    this.forEachSecondDerivative(theta, g, (k, l, rows, buf) => {
      const kk = rows.length;
      let s = 0;
      for (let a = 0; a < kk; a++) for (let b = 0; b < kk; b++) s += buf[a * kk + b] * Gamma[rows[a] * n + rows[b]];
      H[k * q + l] += s;
      if (k !== l) H[l * q + k] += s;
    });
  }

  /** S += s Σ_kl W_kl ∂²Ṽ/∂θ_k∂θ_l (both orders of k ≠ l). */
  private addSecondDerivativeSum(theta: Float64Array, g: Pattern, W: Float64Array, s: number, S: Float64Array): void {
    const n = g.n, q = this.q;
    this.forEachSecondDerivative(theta, g, (k, l, rows, buf) => {
      const w = s * (k === l ? W[k * q + l] : W[k * q + l] + W[l * q + k]);
      if (w === 0) return;
      const kk = rows.length;
      for (let a = 0; a < kk; a++) for (let b = 0; b < kk; b++) S[rows[a] * n + rows[b]] += w * buf[a * kk + b];
    });
  }

  evaluate(theta: Float64Array, options: EvaluateOptions): Evaluation {
    const { gradient, information } = options;
    const exact = options.exact ?? true;
    const { p, N } = this;
    const reml = this.method === "REML";
    const fail = failedEvaluation(p);
    if (!this.model.admissible(theta)) return fail;
    const G = this.gMatrices(theta);
    const s1 = this.accumulate(theta, G);
    if (!s1) return fail;
    const { XtVX, XtVy, ytVy, logdet } = s1;
    const L = XtVX.slice();
    if (p > 0 && !choleskyInPlace(L, p)) return fail;
    const C = new Float64Array(p * p);
    if (p > 0) inverseFromCholesky(L, p, C);
    const beta = new Float64Array(p);
    for (let a = 0; a < p; a++) { let t = 0; for (let b = 0; b < p; b++) t += C[a * p + b] * XtVy[b]; beta[a] = t; }
    let yPy = ytVy;
    for (let a = 0; a < p; a++) yPy -= beta[a] * XtVy[a];
    // yᵀPy = yᵀV⁻¹y − β̂ᵀXᵀV⁻¹y is positive; when the subtraction cancels to rounding level, V or XᵀV⁻¹X is
    // numerically singular at this θ and f would be noise, so θ is treated as inadmissible.
    if (!(yPy > 1e-13 * Math.abs(ytVy))) return fail;
    const f = reml ? logdet + (p > 0 ? logDetFromCholesky(L, p) : 0) + yPy + (N - p) * LOG_2PI : logdet + yPy + N * LOG_2PI;
    if (!Number.isFinite(f)) return fail;
    if (!gradient && information === "none") return { ok: true, f, beta, C, gradient: null, information: null, A: null };
    const s2 = this.derivativeSums(theta, s1.Vis, beta, reml ? C : null, C, information, exact);
    return { ok: true, f, beta, C, gradient: s2.gradient, information: s2.information, A: s2.A };
  }

  /**
   * Stage 1: Σ_g m_g log|V_g| − Σ log w, XᵀV⁻¹X (symmetric), XᵀV⁻¹y, yᵀV⁻¹y, and V_g⁻¹ per pattern; null when
   * some V_g is not (numerically) positive definite.
   */
  accumulate(theta: Float64Array, G: Float64Array[]): { logdet: number; XtVX: Float64Array; XtVy: Float64Array; ytVy: number; Vis: Float64Array[] } | null {
    const { p } = this;
    const XtVX = new Float64Array(p * p);
    const XtVy = new Float64Array(p);
    let ytVy = 0;
    let logdet = -this.blocks.sumLogW;
    const Vis: Float64Array[] = [];
    const Xt = new Float64Array(this.maxN * p);
    for (const g of this.blocks.patterns) {
      const n = g.n;
      const V = new Float64Array(n * n);
      this.fillV(theta, g, G, V);
      const diag = Float64Array.from({ length: n }, (_, i) => V[i * n + i]);
      if (!choleskyInPlace(V, n)) return null;
      // A factor whose pivot is negligible against its diagonal belongs to a numerically singular V: its
      // log-determinant is rounding noise (it can run off to −∞), so such θ count as not positive definite.
      for (let i = 0; i < n; i++) if (V[i * n + i] * V[i * n + i] < 1e-12 * diag[i]) return null;
      logdet += g.m * logDetFromCholesky(V, n);
      const Vi = new Float64Array(n * n);
      inverseFromCholesky(V, n, Vi);
      Vis.push(Vi);
      const mo = this.moments.get(g);
      ytVy += mo ? crossMoments(Vi, mo, XtVX, XtVy) : crossBlocks(Vi, this.columns.get(g)!, g.y, n, p, g.m, XtVX, XtVy, Xt);
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) XtVX[b * p + a] = XtVX[a * p + b];
    return { logdet, XtVX, XtVy, ytVy, Vis };
  }

  /**
   * Stage 2: Γ_g per pattern, the gradient and the information. β gives the residuals r = y − Xβ. The trace
   * terms use the projection with Ct (C = (XᵀV⁻¹X)⁻¹ for REML; null for ML, where the traces are of V⁻¹ alone);
   * the quadratic terms of the observed information use the projection with Cy. The two differ only in the
   * Woodbury path (woodbury.ts), where X carries the outer random effects' columns.
   */
  derivativeSums(theta: Float64Array, Vis: Float64Array[], beta: Float64Array, Ct: Float64Array | null, Cy: Float64Array, information: InformationKind, exact: boolean): { gradient: Float64Array; information: Float64Array | null; A: Float64Array[] | null; av: Float64Array[] | null } {
    const { p, q } = this;
    const maxN = this.maxN;
    const project = Ct !== null;
    const Cr = Ct ?? new Float64Array(p * p);
    const grad = new Float64Array(q);
    const H = information === "none" ? null : new Float64Array(q * q);
    const A = information === "none" || !exact ? null : Array.from({ length: q }, () => new Float64Array(p * p));
    const av = information === "observed" && exact ? Array.from({ length: q }, () => new Float64Array(p)) : null;
    const XC = new Float64Array(maxN * p);
    const scratch = sandwichScratch(maxN, p);
    const B = A && this.columns.size > 0 ? Array.from({ length: q }, () => new Float64Array(p * p)) : null;
    this.blocks.patterns.forEach((g, gi) => {
      const n = g.n, m = g.m;
      const Vi = Vis[gi];
      const T = new Float64Array(n * n);
      const RR = new Float64Array(n * n);
      const mo = this.moments.get(g);
      const bc = this.columns.get(g);
      if (mo) residualMoments(mo, beta, Cr, T, RR);
      else residualBlocks(bc!, g.y, beta, Cr, n, p, m, T, RR, XC, scratch.r);
      symmetrise(T, n);
      symmetrise(RR, n);
      const W = sandwich(Vi, T, n);
      const U = sandwich(Vi, RR, n);
      const Gamma = new Float64Array(n * n);
      for (let i = 0; i < n * n; i++) Gamma[i] = m * Vi[i] - (project ? W[i] : 0) - U[i];
      const { keys, derivs } = this.derivatives(theta, g);
      for (let ki = 0; ki < keys.length; ki++) {
        const d = derivs[ki];
        let s = 0;
        for (let t = 0; t < d.len; t++) s += d.v[t] * Gamma[d.i[t] * n + d.j[t]];
        grad[keys[ki]] += s;
      }
      if (!H) return;
      const observed = information === "observed";
      // observed: −m t1 + 2 t2 [REML] + 2 t3; expected: m t1 − 2 t2 [REML]
      if (observed) tracePairs(Vi, W, U, keys, derivs, n, H, q, -m, project ? 2 : 0, 2);
      else tracePairs(Vi, W, U, keys, derivs, n, H, q, m, project ? -2 : 0, 0);
      if (observed) this.addSecondDerivatives(theta, g, Gamma, H);
      if (!A) return;
      if (mo) sandwichMoments(Vi, mo, beta, keys, derivs, A, av);
      else sandwichBlocks(Vi, bc!, g.y, beta, keys, derivs, n, p, m, A, B!, av, scratch);
    });
    if (A && B) foldSandwich(A, B, p);
    if (A) for (const Ak of A) symmetrise(Ak, p);
    if (H && A) {
      // tr(C A_k C A_l) = ⟨C A_k, A_l C⟩ (projected traces) and a_kᵀ C a_l (observed).
      if (project) {
        const CA = A.map((Ak) => { const out = new Float64Array(p * p); multiplyInto(Ct, Ak, 0, p, p, p, out); return out; });
        const AC = A.map((Ak) => { const out = new Float64Array(p * p); multiplyInto(Ak, Ct, 0, p, p, p, out); return out; });
        addPairProducts(CA, AC, p * p, information === "expected" ? 1 : -1, H);
      }
      if (av) {
        const Ca = av.map((ak) => { const out = new Float64Array(p); for (let a = 0; a < p; a++) { let t = 0; for (let b = 0; b < p; b++) t += Cy[a * p + b] * ak[b]; out[a] = t; } return out; });
        addPairProducts(av, Ca, p, -2, H);
      }
    }
    return { gradient: grad, information: H, A, av };
  }
}

/** H_kl += s ⟨x_k, y_l⟩ for l ≤ k, mirrored (x_k, y_l vectors of length len; ⟨x_k, y_l⟩ symmetric in k, l). */
function addPairProducts(x: readonly Float64Array[], y: readonly Float64Array[], len: number, s: number, H: Float64Array): void {
  const q = x.length;
  for (let k = 0; k < q; k++) {
    const xk = x[k];
    for (let l = 0; l <= k; l++) {
      const yl = y[l];
      let t = 0;
      for (let a = 0; a < len; a++) t += xk[a] * yl[a];
      H[k * q + l] += s * t;
      if (k !== l) H[l * q + k] += s * t;
    }
  }
}

/** The result of an evaluation at an inadmissible θ. */
export function failedEvaluation(p: number): Evaluation {
  return { ok: false, f: Infinity, beta: new Float64Array(p), C: new Float64Array(p * p), gradient: null, information: null, A: null };
}

function iota(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** out[rows[a], rows[b]] += s · buf[a, b]. */
function scatter(buf: Float64Array, rows: Int32Array, n: number, s: number, out: Float64Array): void {
  const k = rows.length;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) out[rows[a] * n + rows[b]] += s * buf[a * k + b];
}

/** Triplets from entries at flat positions i·n + j, sorted row-major; repeated positions are summed, zero sums dropped. */
function toTriplets(e: { at: number[]; v: number[] }, n: number): Triplets {
  let at = e.at, v = e.v;
  let ordered = true;
  for (let t = 1; t < at.length && ordered; t++) ordered = at[t] > at[t - 1];
  if (!ordered || v.some((x) => x === 0)) {
    // entries of several parts, or zeros: sort, merge repeated positions, drop zero sums
    const order = e.at.map((_, t) => t).sort((x, y) => e.at[x] - e.at[y]);
    const mat: number[] = [], mv: number[] = [];
    for (const t of order) {
      if (mat.length > 0 && mat[mat.length - 1] === e.at[t]) mv[mv.length - 1] += e.v[t];
      else { mat.push(e.at[t]); mv.push(e.v[t]); }
    }
    const keep = mat.flatMap((_, t) => (mv[t] !== 0 ? [t] : []));
    at = keep.map((t) => mat[t]);
    v = keep.map((t) => mv[t]);
  }
  const len = at.length;
  const out: Triplets = { i: new Int32Array(len), j: new Int32Array(len), v: Float64Array.from(v), len };
  for (let t = 0; t < len; t++) { out.i[t] = Math.floor(at[t] / n); out.j[t] = at[t] - out.i[t] * n; }
  return out;
}

/** Z M Zᵀ (k×k) for Z (k × qz) and M (qz × qz). */
function zmzt(Z: Float64Array, M: Float64Array, qz: number, k: number): Float64Array {
  return congruence(transpose(Z, k, qz), M, qz, k);
}

function symmetrise(M: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) M[j * n + i] = M[i * n + j];
}

/** A M A for symmetric A and M (n×n). */
function sandwich(A: Float64Array, M: Float64Array, n: number): Float64Array {
  const AM = new Float64Array(n * n), out = new Float64Array(n * n);
  multiplyInto(A, M, 0, n, n, n, AM);
  multiplyInto(AM, A, 0, n, n, n, out);
  return out;
}

