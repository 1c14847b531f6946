import type { Design } from "../design/design.js";
import type { Method } from "../spec.js";
import { choleskyInPlace, inverseFromCholesky, logDetFromCholesky } from "../linalg/cholesky.js";
import { congruence, multiply, multiplyTransposed, multiplyVector } from "../linalg/dense.js";
import { buildBlocks, type Pattern } from "./blocks.js";
import type { Component, CovarianceModel } from "./covariance-model.js";
import { outerSplit, type OuterSplit } from "./outer-split.js";
import { failedEvaluation, Likelihood, type EvaluateOptions, type Evaluation, type LikelihoodEngine, type PredictionBasis } from "./reml.js";

/**
 * Large blocks by the Woodbury identity in its mixed-model-equations form (docs/math/reml.md, "Large blocks").
 *
 * With V_b = D_b + U_b 𝒢 U_bᵀ, D block diagonal over small inner units (outer-split.ts) and U the outer random
 * effects' design, the REML/ML quantities of (y, X, V) are those of (y, W = [X U], D) with the prior
 * Ω = diag(0, 𝒢⁻¹) on the coefficients of U:
 *   M = WᵀD⁻¹W + Ω,  C* = M⁻¹,  (β̂, û) = C* WᵀD⁻¹y,  yᵀPy = yᵀD⁻¹y − (β̂, û)ᵀWᵀD⁻¹y,
 *   log|V| + log|XᵀV⁻¹X| = log|D| + log|𝒢| + log|M|,  log|V| = log|D| + log|𝒢| + log|M_uu|,
 *   P = D⁻¹ − D⁻¹W C* WᵀD⁻¹,  V⁻¹ = D⁻¹ − D⁻¹W C_U WᵀD⁻¹ with C_U = diag(0, M_uu⁻¹).
 * The per-unit sums are the ordinary engine's (reml.ts) on the inner units with the augmented X; the outer
 * parameters' terms are small dense algebra on r × r and r × (p + r) matrices. No n_b × n_b matrix is formed.
 */
interface OuterTerm {
  readonly component: Component;
  readonly term: number;
  readonly d: number;
  readonly levels: number;
  /** Index of the term's first column within U (0 … r − 1). */
  readonly offset: number;
}

/** The largest augmented design kept in memory (N × (p + r) doubles). */
const MAX_AUGMENTED = 1.5e8;

export class WoodburyLikelihood implements LikelihoodEngine {
  readonly q: number;
  readonly p: number;
  readonly N: number;
  readonly inner: Likelihood;
  readonly r: number;
  readonly pa: number;
  private readonly terms: OuterTerm[];

  constructor(private readonly model: CovarianceModel, design: Design, split: OuterSplit, readonly method: Method) {
    const { p, nobs: N } = design;
    this.q = model.nparam;
    this.p = p;
    this.N = N;
    this.r = split.r;
    const pa = (this.pa = p + split.r);
    let offset = 0;
    this.terms = split.outer.map((t) => {
      const term = design.random[t];
      const d = term.termNames.length;
      const o = { component: model.randomComponents[t], term: t, d, levels: term.groupLevels.length, offset };
      offset += o.levels * d;
      return o;
    });
    // U's columns, appended to X row by row as the blocks are built (the augmented X is never held whole).
    const fill = (row: number, X: Float64Array, at: number) => {
      for (const o of this.terms) {
        const term = design.random[o.term];
        const c0 = at + o.offset + term.groupIndex[row] * o.d;
        for (let a = 0; a < o.d; a++) X[c0 + a] = term.Z[row * o.d + a];
      }
    };
    const blocks = buildBlocks(design, new Set(split.outer), { columns: split.r, fill });
    this.inner = new Likelihood(model, blocks, method, pa, N);
  }

  gMatrices(theta: Float64Array): Float64Array[] {
    return this.inner.gMatrices(theta);
  }

  /** 𝒢⁻¹ per outer term and Σ levels · log|G|; null when some G is not positive definite. */
  private outerInverse(G: Float64Array[]): { Gi: Float64Array[]; logdet: number } | null {
    let logdet = 0;
    const Gi: Float64Array[] = [];
    for (const o of this.terms) {
      const L = G[o.term].slice();
      if (!choleskyInPlace(L, o.d)) return null;
      logdet += o.levels * logDetFromCholesky(L, o.d);
      const inv = new Float64Array(o.d * o.d);
      inverseFromCholesky(L, o.d, inv);
      Gi.push(inv);
    }
    return { Gi, logdet };
  }

  /** The factorisations shared by evaluate and krSum at θ. */
  private solve(theta: Float64Array) {
    const { p, pa, r } = this;
    const G = this.gMatrices(theta);
    const og = this.outerInverse(G);
    if (!og) return null;
    const s1 = this.inner.accumulate(theta, G);
    if (!s1) return null;
    const N = s1.XtVX; // WᵀD⁻¹W
    const M = N.slice();
    this.forEachLevel((o, t, c0) => { const Gi = og.Gi[t]; for (let a = 0; a < o.d; a++) for (let b = 0; b < o.d; b++) M[(p + c0 + a) * pa + p + c0 + b] += Gi[a * o.d + b]; });
    const L = M.slice();
    if (!choleskyInPlace(L, pa)) return null;
    const Cs = new Float64Array(pa * pa);
    inverseFromCholesky(L, pa, Cs);
    const bs = new Float64Array(pa);
    for (let a = 0; a < pa; a++) { let t = 0; for (let b = 0; b < pa; b++) t += Cs[a * pa + b] * s1.XtVy[b]; bs[a] = t; }
    const Muu = new Float64Array(r * r);
    for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) Muu[a * r + b] = M[(p + a) * pa + p + b];
    if (!choleskyInPlace(Muu, r)) return null;
    const Mui = new Float64Array(r * r);
    inverseFromCholesky(Muu, r, Mui);
    return { G, og, s1, N, L, Cs, bs, Muu, Mui };
  }

  /** visit(term, term index, first column within U) for every level of every outer term. */
  private forEachLevel(visit: (o: OuterTerm, t: number, c0: number) => void): void {
    this.terms.forEach((o, t) => { for (let l = 0; l < o.levels; l++) visit(o, t, o.offset + l * o.d); });
  }

  /** ∂G/∂θ_j of an outer term (d × d). */
  private dG(theta: Float64Array, o: OuterTerm, j: number): Float64Array {
    const c = o.component;
    const out = new Float64Array(o.d * o.d);
    c.structure.fillD1(this.model.slice(theta, c), j, Int32Array.from({ length: o.d }, (_, i) => i), out);
    return out;
  }

  evaluate(theta: Float64Array, options: EvaluateOptions): Evaluation {
    const { p, pa, r, q, N } = this;
    const reml = this.method === "REML";
    const fail = failedEvaluation(p);
    if (!this.model.admissible(theta)) return fail;
    const s = this.solve(theta);
    if (!s) return fail;
    const { og, s1, Cs, bs, Mui } = s;
    let yPy = s1.ytVy;
    for (let a = 0; a < pa; a++) yPy -= bs[a] * s1.XtVy[a];
    if (!(yPy > 1e-13 * Math.abs(s1.ytVy))) return fail;
    const f = reml
      ? s1.logdet + og.logdet + logDetFromCholesky(s.L, pa) + yPy + (N - p) * Math.log(2 * Math.PI)
      : s1.logdet + og.logdet + logDetFromCholesky(s.Muu, r) + yPy + N * Math.log(2 * Math.PI);
    if (!Number.isFinite(f)) return fail;
    const C = new Float64Array(p * p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) C[a * p + b] = Cs[a * pa + b];
    const beta = bs.slice(0, p);
    const { gradient, information } = options;
    if (!gradient && information === "none") return { ok: true, f, beta, C, gradient: null, information: null, A: null };

    // C_T: the projection of the traces (P for REML, V⁻¹ for ML).
    const Ct = reml ? Cs : embedUU(Mui, p, r);
    const s2 = this.inner.derivativeSums(theta, s1.Vis, bs, Ct, Cs, information, information !== "none");
    const grad = s2.gradient;
    // e = 𝒢⁻¹û; K_T = 𝒢⁻¹ − 𝒢⁻¹ C_T,uu 𝒢⁻¹ (UᵀPU or UᵀV⁻¹U); K* the same with C*.
    const Gi = blockDiagonal(this.terms, og.Gi, r);
    const e = new Float64Array(r);
    for (let a = 0; a < r; a++) { let t = 0; for (let b = 0; b < r; b++) t += Gi[a * r + b] * bs[p + b]; e[a] = t; }
    const KT = projectedOuter(Gi, Ct, p, r, pa);
    const Ks = reml ? KT : projectedOuter(Gi, Cs, p, r, pa);
    const outerKeys: { k: number; o: OuterTerm; F: Float64Array }[] = [];
    this.terms.forEach((o) => { for (let j = 0; j < o.component.structure.nparam; j++) outerKeys.push({ k: o.component.offset + j, o, F: this.dG(theta, o, j) }); });
    // F_k as an r × r block-diagonal matrix (one copy of ∂G/∂θ per level of its term).
    const Fk = outerKeys.map(({ o, F }) => { const out = new Float64Array(r * r); for (let l = 0; l < o.levels; l++) { const c0 = o.offset + l * o.d; for (let a = 0; a < o.d; a++) for (let b = 0; b < o.d; b++) out[(c0 + a) * r + c0 + b] = F[a * o.d + b]; } return out; });
    outerKeys.forEach(({ k }, i) => {
      let t = 0;
      for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) { const fab = Fk[i][a * r + b]; if (fab !== 0) t += fab * (KT[b * r + a] - e[a] * e[b]); }
      grad[k] += t;
    });
    const H = s2.information;
    let A: Float64Array[] | null = null;
    if (H && s2.A) {
      const observed = information === "observed";
      const Astar = s2.A;
      const innerKeys: number[] = [];
      for (let k = 0; k < q; k++) if (!outerKeys.some((o) => o.k === k)) innerKeys.push(k);
      // RT = 𝒢⁻¹ C_T[u, :] and R* = 𝒢⁻¹ C*[u, :] (r × pa).
      const RT = leftRows(Gi, Ct, p, r, pa), Rs = reml ? RT : leftRows(Gi, Cs, p, r, pa);
      const Fe = Fk.map((F) => multiplyVector(F, e, r));
      // outer k, outer l: tr(F_k K_T F_l K_T) and, observed, 2 (F_k e)ᵀ K* (F_l e)
      const FK = Fk.map((F) => multiply(F, KT, r, r, r));
      const KsFe = Fe.map((v) => multiplyVector(Ks, v, r));
      for (let i = 0; i < outerKeys.length; i++)
        for (let j = 0; j <= i; j++) {
          const k = outerKeys[i].k, l = outerKeys[j].k;
          let t = 0;
          for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) t += FK[i][a * r + b] * FK[j][b * r + a];
          let h = observed ? -t : t;
          if (observed) { let u = 0; for (let a = 0; a < r; a++) u += Fe[i][a] * KsFe[j][a]; h += 2 * u; }
          H[k * q + l] += h;
          if (k !== l) H[l * q + k] += h;
        }
      // outer k, inner l: tr(F_k B_l) with B_l = R_T A*_l R_Tᵀ and, observed, 2 (F_k e)ᵀ R* a*_l
      for (const l of innerKeys) {
        const Bl = multiplyTransposed(multiply(RT, Astar[l], r, pa, pa), RT, r, pa);
        const Ra = observed && s2.av ? multiplyVector(Rs, s2.av[l], r, pa) : null;
        outerKeys.forEach(({ k }, i) => {
          let t = 0;
          for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) { const fab = Fk[i][a * r + b]; if (fab !== 0) t += fab * Bl[b * r + a]; }
          let h = observed ? -t : t;
          if (Ra) { let u = 0; for (let a = 0; a < r; a++) u += Fe[i][a] * Ra[a]; h += 2 * u; }
          H![k * q + l] += h;
          H![l * q + k] += h;
        });
      }
      // A_k = XᵀV⁻¹V_kV⁻¹X: V⁻¹X = D⁻¹W h with h = [I; −M_uu⁻¹ N_ux]; Y = UᵀV⁻¹X = N[u, :] h.
      const { h, Y } = this.hY(s.N, Mui);
      A = Array.from({ length: q }, () => new Float64Array(p * p));
      for (const k of innerKeys) A[k] = congruence(h, Astar[k], pa, p);
      outerKeys.forEach(({ k }, i) => { A![k] = congruence(Y, Fk[i], r, p); });
    }
    return { ok: true, f, beta, C, gradient: grad, information: H, A };
  }

  /** h = [I_p; −M_uu⁻¹ N_ux] (pa × p) and Y = N[u, :] h (r × p). */
  private hY(N: Float64Array, Mui: Float64Array): { h: Float64Array; Y: Float64Array } {
    const { p, pa, r } = this;
    const h = new Float64Array(pa * p);
    for (let a = 0; a < p; a++) h[a * p + a] = 1;
    for (let a = 0; a < r; a++)
      for (let x = 0; x < p; x++) {
        let t = 0;
        for (let b = 0; b < r; b++) t += Mui[a * r + b] * N[(p + b) * pa + x];
        h[(p + a) * p + x] = -t;
      }
    const Y = new Float64Array(r * p);
    for (let a = 0; a < r; a++)
      for (let x = 0; x < p; x++) {
        let t = 0;
        for (let c = 0; c < pa; c++) t += N[(p + a) * pa + c] * h[c * p + x];
        Y[a * p + x] = t;
      }
    return { h, Y };
  }

  /**
   * Σ_kl W_kl (Q_kl − ¼R_kl) for the original X (docs/math/reml.md, "Large blocks"): with
   * E_k = UᵀD⁻¹V_kV⁻¹X (A*_k[u, :] h for inner k, N_uu F_k Y for outer k),
   *   Q_kl = Q^D_kl − E_kᵀ M_uu⁻¹ E_l,  Q^D_kl = hᵀ Q*_kl h (both inner), E_kᵀ F_l Y, Yᵀ F_k E_l (either outer),
   * where Q*_kl and R*_kl are the inner units' sums with the augmented X.
   */
  krSum(theta: Float64Array, W: Float64Array, second: boolean): Float64Array | null {
    const { p, pa, r, q } = this;
    const s = this.solve(theta);
    if (!s) return null;
    const Sstar = this.inner.krSum(theta, W, second);
    if (!Sstar) return null;
    const reml = this.method === "REML";
    const Ct = reml ? s.Cs : embedUU(s.Mui, p, r);
    const s2 = this.inner.derivativeSums(theta, s.s1.Vis, s.bs, Ct, s.Cs, "expected", true);
    const Astar = s2.A!;
    const { h, Y } = this.hY(s.N, s.Mui);
    const out = congruence(h, Sstar, pa, p);
    const Nuu = new Float64Array(r * r);
    for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) Nuu[a * r + b] = s.N[(p + a) * pa + p + b];
    const FY: (Float64Array | null)[] = new Array(q).fill(null);
    this.terms.forEach((o) => {
      for (let j = 0; j < o.component.structure.nparam; j++) {
        const F = this.dG(theta, o, j);
        const fy = new Float64Array(r * p);
        for (let l = 0; l < o.levels; l++) {
          const c0 = o.offset + l * o.d;
          for (let a = 0; a < o.d; a++) for (let x = 0; x < p; x++) { let t = 0; for (let b = 0; b < o.d; b++) t += F[a * o.d + b] * Y[(c0 + b) * p + x]; fy[(c0 + a) * p + x] = t; }
        }
        FY[o.component.offset + j] = fy;
      }
    });
    const E = Array.from({ length: q }, (_, k) => {
      const fy = FY[k];
      if (fy) return multiply(Nuu, fy, r, r, p);
      const Eu = new Float64Array(r * p);
      const Ak = Astar[k];
      for (let a = 0; a < r; a++) for (let x = 0; x < p; x++) { let t = 0; for (let c = 0; c < pa; c++) t += Ak[(p + a) * pa + c] * h[c * p + x]; Eu[a * p + x] = t; }
      return Eu;
    });
    const ME = E.map((Ek) => multiply(s.Mui, Ek, r, r, p));
    for (let k = 0; k < q; k++)
      for (let l = 0; l < q; l++) {
        const w = W[k * q + l];
        if (w === 0) continue;
        // −E_kᵀ M_uu⁻¹ E_l, and Q^D_kl when k or l is outer.
        const Ek = E[k], MEl = ME[l];
        const cross = FY[k] ? [FY[k]!, E[l]] : FY[l] ? [Ek, FY[l]!] : null;
        for (let x = 0; x < p; x++)
          for (let z = 0; z < p; z++) {
            let t = 0;
            for (let a = 0; a < r; a++) t -= Ek[a * p + x] * MEl[a * p + z];
            if (cross) for (let a = 0; a < r; a++) t += cross[0][a * p + x] * cross[1][a * p + z];
            out[x * p + z] += w * t;
          }
      }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) { const v = (out[a * p + b] + out[b * p + a]) / 2; out[a * p + b] = out[b * p + a] = v; }
    return out;
  }

  predictionBasis(theta: Float64Array): PredictionBasis | null {
    const s = this.solve(theta);
    if (!s) return null;
    return {
      patterns: this.inner.patterns,
      p: this.pa,
      beta: s.bs,
      C: s.Cs,
      fillV: (g: Pattern, out: Float64Array) => this.inner.fillV(theta, g, s.G, out),
      outer: this.terms.map((o) => ({ term: o.term, column: this.p + o.offset })),
    };
  }
}

/** The engine for a design: the Woodbury path when outer-split.ts finds large blocks it can split, else the blocks as they are. */
export function likelihoodFor(design: Design, model: CovarianceModel, method: Method, mode: "auto" | "always" | "never" = "auto"): { lik: LikelihoodEngine; blocks: ReturnType<typeof buildBlocks> } {
  const blocks = buildBlocks(design);
  const split = mode === "never" ? null : outerSplit(design, mode, blocks);
  if (split && design.nobs * (design.p + split.r) <= MAX_AUGMENTED) return { lik: new WoodburyLikelihood(model, design, split, method), blocks };
  return { lik: new Likelihood(model, blocks, method, design.p, design.nobs), blocks };
}

/** diag(0_p, M) as a pa × pa matrix. */
function embedUU(M: Float64Array, p: number, r: number): Float64Array {
  const pa = p + r;
  const out = new Float64Array(pa * pa);
  for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) out[(p + a) * pa + p + b] = M[a * r + b];
  return out;
}

/** 𝒢⁻¹ as an r × r block-diagonal matrix. */
function blockDiagonal(terms: readonly OuterTerm[], Gi: Float64Array[], r: number): Float64Array {
  const out = new Float64Array(r * r);
  terms.forEach((o, t) => {
    for (let l = 0; l < o.levels; l++) {
      const c0 = o.offset + l * o.d;
      for (let a = 0; a < o.d; a++) for (let b = 0; b < o.d; b++) out[(c0 + a) * r + c0 + b] = Gi[t][a * o.d + b];
    }
  });
  return out;
}

/** 𝒢⁻¹ − 𝒢⁻¹ C[u, u] 𝒢⁻¹ (r × r). */
function projectedOuter(Gi: Float64Array, C: Float64Array, p: number, r: number, pa: number): Float64Array {
  const Cuu = new Float64Array(r * r);
  for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) Cuu[a * r + b] = C[(p + a) * pa + p + b];
  const out = multiply(multiply(Gi, Cuu, r, r, r), Gi, r, r, r);
  for (let i = 0; i < r * r; i++) out[i] = Gi[i] - out[i];
  return out;
}

/** 𝒢⁻¹ C[u, :] (r × pa). */
function leftRows(Gi: Float64Array, C: Float64Array, p: number, r: number, pa: number): Float64Array {
  const Cu = C.subarray(p * pa, (p + r) * pa);
  return multiply(Gi, Cu, r, r, pa);
}
