import type { Design } from "../design/design.js";
import type { Method } from "../spec.js";
import { choleskyInPlace, inverseFromCholesky, logDetFromCholesky } from "../linalg/cholesky.js";
import { symmetricEigen } from "../linalg/eigen.js";
import { congruence, multiply, multiplyVector, transpose } from "../linalg/dense.js";
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
 *   P = D⁻¹ − D⁻¹W C* WᵀD⁻¹,  V⁻¹ = D⁻¹ − D⁻¹W C_U WᵀD⁻¹ with C_U = diag(0, M_uu⁻¹),
 * all computed in a scaled form without G⁻¹ (see solve), so that a singular G (a zero variance) is allowed.
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
  /** The last exact evaluation's factorisation and A*_k, which krSum at the same θ (θ̂) reuses. */
  private last: { theta: Float64Array; s: NonNullable<ReturnType<WoodburyLikelihood["solve"]>>; Astar: Float64Array[] } | null = null;

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

  /**
   * The factorisations shared by evaluate and krSum at θ, in the scaled form that needs no G⁻¹ (so that G may
   * be singular, as at a zero site variance): with G = ΛΛᵀ per outer term and S = diag(I_p, Λ, …, Λ),
   *   M̃ = SᵀNS + diag(0, I_r),  C* = S M̃⁻¹ Sᵀ,  M_uu⁻¹ = Λ (I + ΛᵀN_uuΛ)⁻¹ Λᵀ,
   *   log|V| + log|XᵀV⁻¹X| = log|D| + log|M̃|,  log|V| = log|D| + log|M̃_uu|.
   */
  private solve(theta: Float64Array) {
    const { p, pa, r } = this;
    const G = this.gMatrices(theta);
    const factors: Float64Array[] = [];
    for (const o of this.terms) {
      const F = psdFactor(G[o.term], o.d);
      if (!F) return null;
      factors.push(F);
    }
    const s1 = this.inner.accumulate(theta, G);
    if (!s1) return null;
    const N = s1.XtVX; // WᵀD⁻¹W
    const S: { at: number; d: number; B: Float64Array }[] = [];
    this.forEachLevel((o, t, c0) => S.push({ at: p + c0, d: o.d, B: factors[t] }));
    const Mt = blockCongruence(N, pa, S, false);
    for (let a = p; a < pa; a++) Mt[a * pa + a] += 1;
    const L = Mt.slice();
    if (!choleskyInPlace(L, pa)) return null;
    const Ct = new Float64Array(pa * pa);
    inverseFromCholesky(L, pa, Ct);
    const Cs = blockCongruence(Ct, pa, S, true);
    const bs = multiplyVector(Cs, s1.XtVy, pa);
    const Lu = new Float64Array(r * r);
    for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) Lu[a * r + b] = Mt[(p + a) * pa + p + b];
    if (!choleskyInPlace(Lu, r)) return null;
    const Mtui = new Float64Array(r * r);
    inverseFromCholesky(Lu, r, Mtui);
    const Mui = blockCongruence(Mtui, r, S.map((x) => ({ ...x, at: x.at - p })), true);
    return { G, s1, N, logdetM: logDetFromCholesky(L, pa), logdetMuu: logDetFromCholesky(Lu, r), Cs, bs, Mui };
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

  /** F_k for every outer parameter: ∂G/∂θ_k once per level of its term, as an r × r block-diagonal matrix. */
  private outerDerivatives(theta: Float64Array): { k: number; F: Float64Array }[] {
    const r = this.r;
    const out: { k: number; F: Float64Array }[] = [];
    for (const o of this.terms)
      for (let j = 0; j < o.component.structure.nparam; j++) {
        const dG = this.dG(theta, o, j);
        const F = new Float64Array(r * r);
        for (let l = 0; l < o.levels; l++) {
          const c0 = o.offset + l * o.d;
          for (let a = 0; a < o.d; a++) for (let b = 0; b < o.d; b++) F[(c0 + a) * r + c0 + b] = dG[a * o.d + b];
        }
        out.push({ k: o.component.offset + j, F });
      }
    return out;
  }

  evaluate(theta: Float64Array, options: EvaluateOptions): Evaluation {
    const { p, pa, r, q, N: nobs } = this;
    const reml = this.method === "REML";
    const fail = failedEvaluation(p);
    if (!this.model.admissible(theta)) return fail;
    const s = this.solve(theta);
    if (!s) return fail;
    const { s1, N, Cs, bs, Mui } = s;
    let yPy = s1.ytVy;
    for (let a = 0; a < pa; a++) yPy -= bs[a] * s1.XtVy[a];
    if (!(yPy > 1e-13 * Math.abs(s1.ytVy))) return fail;
    const f = reml
      ? s1.logdet + s.logdetM + yPy + (nobs - p) * Math.log(2 * Math.PI)
      : s1.logdet + s.logdetMuu + yPy + nobs * Math.log(2 * Math.PI);
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
    // e = UᵀPy; K_T = UᵀP_TU, K* = UᵀPU; Ξ_T, Ξ* with P_TU = D⁻¹WΞ_T and PU = D⁻¹WΞ* (pa × r).
    const e = new Float64Array(r);
    for (let a = 0; a < r; a++) { let t = s1.XtVy[p + a]; for (let b = 0; b < pa; b++) t -= N[(p + a) * pa + b] * bs[b]; e[a] = t; }
    const Xi = (Cm: Float64Array) => projectedColumns(N, Cm, p, r, pa);
    const XiT = Xi(Ct), Xis = reml ? XiT : Xi(Cs);
    const outerK = (X: Float64Array) => { const K = new Float64Array(r * r); for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) { let t = 0; for (let c = 0; c < pa; c++) t += N[(p + a) * pa + c] * X[c * r + b]; K[a * r + b] = t; } return K; };
    const KT = outerK(XiT), Ks = reml ? KT : outerK(Xis);
    const outer = this.outerDerivatives(theta);
    for (const { k, F } of outer) {
      let t = 0;
      for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) { const fab = F[a * r + b]; if (fab !== 0) t += fab * (KT[b * r + a] - e[a] * e[b]); }
      grad[k] += t;
    }
    const H = s2.information;
    let A: Float64Array[] | null = null;
    if (H && s2.A) {
      const observed = information === "observed";
      const Astar = s2.A;
      const outerSet = new Set(outer.map((o) => o.k));
      const innerKeys: number[] = [];
      for (let k = 0; k < q; k++) if (!outerSet.has(k)) innerKeys.push(k);
      const Fe = outer.map(({ F }) => multiplyVector(F, e, r));
      // outer k, outer l: tr(F_k K_T F_l K_T) and, observed, 2 (F_k e)ᵀ K* (F_l e)
      const FK = outer.map(({ F }) => multiply(F, KT, r, r, r));
      const KsFe = Fe.map((v) => multiplyVector(Ks, v, r));
      for (let i = 0; i < outer.length; i++)
        for (let j = 0; j <= i; j++) {
          const k = outer[i].k, l = outer[j].k;
          let t = 0;
          for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) t += FK[i][a * r + b] * FK[j][b * r + a];
          let h = observed ? -t : t;
          if (observed) { let u = 0; for (let a = 0; a < r; a++) u += Fe[i][a] * KsFe[j][a]; h += 2 * u; }
          H[k * q + l] += h;
          if (k !== l) H[l * q + k] += h;
        }
      // outer k, inner l: tr(F_k B_l) with B_l = Ξ_Tᵀ A*_l Ξ_T and, observed, 2 (F_k e)ᵀ Ξ*ᵀ a*_l
      const XiTt = transpose(XiT, pa, r), Xist = reml ? XiTt : transpose(Xis, pa, r);
      for (const l of innerKeys) {
        const Bl = multiply(multiply(XiTt, Astar[l], r, pa, pa), XiT, r, pa, r);
        const Ra = observed && s2.av ? multiplyVector(Xist, s2.av[l], r, pa) : null;
        outer.forEach(({ k, F }, i) => {
          let t = 0;
          for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) { const fab = F[a * r + b]; if (fab !== 0) t += fab * Bl[b * r + a]; }
          let h = observed ? -t : t;
          if (Ra) { let u = 0; for (let a = 0; a < r; a++) u += Fe[i][a] * Ra[a]; h += 2 * u; }
          H[k * q + l] += h;
          H[l * q + k] += h;
        });
      }
      // A_k = XᵀV⁻¹V_kV⁻¹X: V⁻¹X = D⁻¹W h with h = [I; −M_uu⁻¹ N_ux]; Y = UᵀV⁻¹X = N[u, :] h.
      this.last = { theta: theta.slice(), s, Astar };
      const { h, Y } = this.hY(N, Mui);
      A = Array.from({ length: q }, () => new Float64Array(p * p));
      for (const k of innerKeys) A[k] = congruence(h, Astar[k], pa, p);
      for (const { k, F } of outer) A[k] = congruence(Y, F, r, p);
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
    const Sstar = this.inner.krSum(theta, W, second);
    if (!Sstar) return null;
    const same = this.last !== null && this.last.theta.every((v, k) => v === theta[k]);
    let s, Astar;
    if (same) ({ s, Astar } = this.last!);
    else {
      s = this.solve(theta);
      if (!s) return null;
      const Ct = this.method === "REML" ? s.Cs : embedUU(s.Mui, p, r);
      Astar = this.inner.derivativeSums(theta, s.s1.Vis, s.bs, Ct, s.Cs, "expected", true).A!;
    }
    const { h, Y } = this.hY(s.N, s.Mui);
    const out = congruence(h, Sstar, pa, p);
    const Nuu = new Float64Array(r * r);
    for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) Nuu[a * r + b] = s.N[(p + a) * pa + p + b];
    const FY: (Float64Array | null)[] = new Array(q).fill(null);
    for (const { k, F } of this.outerDerivatives(theta)) FY[k] = multiply(F, Y, r, r, p);
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

/**
 * A factor Λ with ΛΛᵀ = G for a positive semi-definite G (d × d): Cholesky when G is positive definite, else from
 * the eigen-decomposition (a singular G, such as a zero variance, is allowed). Null when G has a clearly
 * negative eigenvalue.
 */
function psdFactor(G: Float64Array, d: number): Float64Array | null {
  const L = G.slice();
  if (choleskyInPlace(L, d)) return L;
  const { values, vectors } = symmetricEigen(G, d);
  let scale = 0;
  for (let i = 0; i < d; i++) scale = Math.max(scale, Math.abs(G[i * d + i]));
  const out = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    if (values[j] < -1e-10 * Math.max(scale, 1e-300)) return null;
    const root = Math.sqrt(Math.max(values[j], 0));
    for (let i = 0; i < d; i++) out[i * d + j] = vectors[i * d + j] * root;
  }
  return out;
}

/**
 * BᵀMB for B = I except for the d × d blocks B_i at rows and columns at … at + d (transposeB: B's blocks
 * transposed, giving B_S M B_Sᵀ for B_S with those blocks). M is n × n.
 */
function blockCongruence(M: Float64Array, n: number, blocks: readonly { at: number; d: number; B: Float64Array }[], transposeB: boolean): Float64Array {
  const b = (x: { d: number; B: Float64Array }, i: number, j: number) => (transposeB ? x.B[j * x.d + i] : x.B[i * x.d + j]);
  // MB: columns at … at + d become M[:, at …] B_i
  const MB = M.slice();
  for (const x of blocks)
    for (let row = 0; row < n; row++)
      for (let j = 0; j < x.d; j++) { let t = 0; for (let i = 0; i < x.d; i++) t += M[row * n + x.at + i] * b(x, i, j); MB[row * n + x.at + j] = t; }
  // Bᵀ(MB): rows at … at + d become B_iᵀ (MB)[at …, :]
  const out = MB.slice();
  for (const x of blocks)
    for (let col = 0; col < n; col++)
      for (let j = 0; j < x.d; j++) { let t = 0; for (let i = 0; i < x.d; i++) t += b(x, i, j) * MB[(x.at + i) * n + col]; out[(x.at + j) * n + col] = t; }
  return out;
}

/** Ξ = E_u − C N[:, u] (pa × r), E_u selecting U's columns: P U = D⁻¹ W Ξ for the projection with C. */
function projectedColumns(N: Float64Array, C: Float64Array, p: number, r: number, pa: number): Float64Array {
  const out = new Float64Array(pa * r);
  for (let a = 0; a < pa; a++)
    for (let b = 0; b < r; b++) {
      let t = a === p + b ? 1 : 0;
      for (let c = 0; c < pa; c++) t -= C[a * pa + c] * N[c * pa + p + b];
      out[a * r + b] = t;
    }
  return out;
}
