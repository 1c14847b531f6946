import type { Method } from "../spec.js";
import { choleskyInPlace, inverseFromCholesky, logDetFromCholesky } from "../linalg/cholesky.js";
import type { CovarianceModel } from "./covariance-model.js";
import type { BlockStructure, Pattern } from "./blocks.js";
import { computeMoments, kronSandwich, type Moments } from "./moments.js";

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

/** Sparse symmetric n×n matrix as triplets (both triangles listed). */
interface Triplets { i: Int32Array; j: Int32Array; v: Float64Array; len: number }

const LOG_2PI = Math.log(2 * Math.PI);

export class Likelihood {
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
    // Moments pay off when a pattern has many more blocks than rows × columns (the direct path already skips
    // the zeros of X), and they stay small (n ≤ 24).
    const threshold = options.momentThreshold;
    for (const g of blocks.patterns) {
      const use = threshold !== undefined ? g.m >= threshold : g.n <= 24 && g.m > g.n * p;
      if (use) this.moments.set(g, computeMoments(g, p));
    }
  }

  private readonly moments = new Map<Pattern, Moments>();

  private readonly linear: boolean;
  private readonly derivativeCache = new Map<Pattern, Map<number, Triplets>>();

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
    const k = rows.length;
    const ZM = new Float64Array(k * qz);
    for (let a = 0; a < k; a++)
      for (let j = 0; j < qz; j++) {
        let t = 0;
        for (let l = 0; l < qz; l++) t += Z[a * qz + l] * M[l * qz + j];
        ZM[a * qz + j] = t;
      }
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) {
        let t = 0;
        for (let j = 0; j < qz; j++) t += ZM[a * qz + j] * Z[b * qz + j];
        out[rows[a] * n + rows[b]] += s * t;
      }
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
   * ∂Ṽ_g/∂θ_k for every parameter that enters pattern g, as sparse triplets.
   */
  private derivatives(theta: Float64Array, g: Pattern): Map<number, Triplets> {
    // For a model linear in θ (UN, CS, TOEP, G, iid), ∂Ṽ/∂θ_k does not depend on θ: compute it once per pattern.
    if (this.linear) {
      let cached = this.derivativeCache.get(g);
      if (!cached) { cached = this.computeDerivatives(theta, g); this.derivativeCache.set(g, cached); }
      return cached;
    }
    return this.computeDerivatives(theta, g);
  }

  private computeDerivatives(theta: Float64Array, g: Pattern): Map<number, Triplets> {
    const n = g.n;
    const dense = new Map<number, Float64Array>();
    const get = (k: number) => {
      let d = dense.get(k);
      if (!d) { d = new Float64Array(n * n); dense.set(k, d); }
      return d;
    };
    for (const part of g.parts) {
      if (part.kind === "random") {
        const c = this.model.randomComponents[part.component];
        const dim = c.structure.dim;
        const th = this.model.slice(theta, c);
        const dG = new Float64Array(dim * dim);
        for (let k = 0; k < c.structure.nparam; k++) {
          c.structure.fillD1(th, k, iota(dim), dG);
          this.addZGZt(part.rows, part.Z, dG, dim, n, 1, get(c.offset + k));
        }
      } else {
        const c = this.model.residualComponents[part.component];
        const th = this.model.slice(theta, c);
        const kk = part.rows.length;
        const buf = new Float64Array(kk * kk);
        for (let k = 0; k < c.structure.nparam; k++) {
          c.structure.fillD1(th, k, part.pos, buf);
          scatter(buf, part.rows, n, 1, get(c.offset + k));
        }
      }
    }
    const out = new Map<number, Triplets>();
    for (const [k, d] of dense) out.set(k, toTriplets(d, n));
    return out;
  }

  /** ⟨Γ, ∂²Ṽ/∂θ_k∂θ_l⟩ for all pairs with non-zero second derivatives, added into H. */
  private addSecondDerivatives(theta: Float64Array, g: Pattern, Gamma: Float64Array, H: Float64Array): void {
    const n = g.n, q = this.q;
    for (const part of g.parts) {
      if (part.kind !== "residual") continue; // G is linear in SAS's parameters
      const c = this.model.residualComponents[part.component];
      if (c.structure.linear) continue;
      const th = this.model.slice(theta, c);
      const kk = part.rows.length;
      const buf = new Float64Array(kk * kk);
      const m = c.structure.nparam;
      for (let k = 0; k < m; k++)
        for (let l = 0; l <= k; l++) {
          if (!c.structure.hasD2(k, l)) continue;
          c.structure.fillD2(th, k, l, part.pos, buf);
          let s = 0;
          for (let a = 0; a < kk; a++) for (let b = 0; b < kk; b++) s += buf[a * kk + b] * Gamma[part.rows[a] * n + part.rows[b]];
          H[(c.offset + k) * q + c.offset + l] += s;
          if (k !== l) H[(c.offset + l) * q + c.offset + k] += s;
        }
    }
  }

  evaluate(theta: Float64Array, options: EvaluateOptions): Evaluation {
    const { gradient, information } = options;
    const exact = options.exact ?? true;
    const { p, q, N } = this;
    const reml = this.method === "REML";
    const fail: Evaluation = { ok: false, f: Infinity, beta: new Float64Array(p), C: new Float64Array(p * p), gradient: null, information: null, A: null };
    if (!this.model.admissible(theta)) return fail;
    const G = this.gMatrices(theta);
    const maxN = this.maxN;
    const XtVX = new Float64Array(p * p);
    const XtVy = new Float64Array(p);
    let ytVy = 0;
    let logdet = -this.blocks.sumLogW;
    const Vis: Float64Array[] = [];
    const Xt = new Float64Array(maxN * p);
    // Stage 1: log|V|, XᵀV⁻¹X, XᵀV⁻¹y, yᵀV⁻¹y.
    for (const g of this.blocks.patterns) {
      const n = g.n;
      const V = new Float64Array(n * n);
      this.fillV(theta, g, G, V);
      const diag = Float64Array.from({ length: n }, (_, i) => V[i * n + i]);
      if (!choleskyInPlace(V, n)) return fail;
      // A factor whose pivot is negligible against its diagonal belongs to a numerically singular V: its
      // log-determinant is rounding noise (it can run off to −∞), so such θ count as not positive definite.
      for (let i = 0; i < n; i++) if (V[i * n + i] * V[i * n + i] < 1e-12 * diag[i]) return fail;
      logdet += g.m * logDetFromCholesky(V, n);
      const Vi = new Float64Array(n * n);
      inverseFromCholesky(V, n, Vi);
      Vis.push(Vi);
      const mo = this.moments.get(g);
      if (mo) {
        // XᵀV⁻¹X += Σ_ij V⁻¹_ij M_ij, XᵀV⁻¹y += Σ_ij V⁻¹_ij S_ij, yᵀV⁻¹y += Σ_ij V⁻¹_ij Y_ij
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
        continue;
      }
      const gX = g.X, gy = g.y;
      for (let s = 0; s < g.m; s++) {
        const x0 = s * n * p, y0 = s * n;
        multiplyInto(Vi, gX, x0, n, n, p, Xt); // X̃ = V⁻¹X
        // XᵀV⁻¹X (lower triangle) += Σ_i x_i x̃_iᵀ, skipping the zeros of X (treatment dummies)
        for (let i = 0; i < n; i++) {
          const xi = x0 + i * p, ti = i * p;
          for (let a = 0; a < p; a++) {
            const xa = gX[xi + a];
            if (xa === 0) continue;
            const row = a * p;
            for (let b = 0; b <= a; b++) XtVX[row + b] += xa * Xt[ti + b];
          }
          const yi = gy[y0 + i];
          for (let a = 0; a < p; a++) XtVy[a] += Xt[ti + a] * yi;
          let t = 0;
          const vi = i * n;
          for (let j = 0; j < n; j++) t += Vi[vi + j] * gy[y0 + j];
          ytVy += yi * t;
        }
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) XtVX[b * p + a] = XtVX[a * p + b];
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

    // Stage 2: Γ_g per pattern, the gradient, and the information.
    const grad = new Float64Array(q);
    const H = information === "none" ? null : new Float64Array(q * q);
    const A = information === "none" || !exact ? null : Array.from({ length: q }, () => new Float64Array(p * p));
    const av = information === "observed" && exact ? Array.from({ length: q }, () => new Float64Array(p)) : null;
    const XC = new Float64Array(maxN * p);
    const r = new Float64Array(maxN);
    const rt = new Float64Array(maxN);
    this.blocks.patterns.forEach((g, gi) => {
      const n = g.n, m = g.m;
      const Vi = Vis[gi];
      const T = new Float64Array(n * n);
      const RR = new Float64Array(n * n);
      const gX = g.X, gy = g.y;
      const mo = this.moments.get(g);
      if (mo) {
        // T_ij = tr(C M_ij), R_ij = Y_ij − βᵀS_ij − βᵀS_ji + βᵀM_ijβ (lower triangles)
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
      for (let s = 0; s < (mo ? 0 : m); s++) {
        const x0 = s * n * p, y0 = s * n;
        // XC = X C and r = y − Xβ, skipping the zeros of X
        XC.fill(0, 0, n * p);
        for (let i = 0; i < n; i++) {
          let t = gy[y0 + i];
          const xi = x0 + i * p, ci = i * p;
          for (let a = 0; a < p; a++) {
            const xa = gX[xi + a];
            if (xa === 0) continue;
            t -= xa * beta[a];
            const row = a * p;
            for (let b = 0; b < p; b++) XC[ci + b] += xa * C[row + b];
          }
          r[i] = t;
        }
        for (let j = 0; j < n; j++) {
          const xj = x0 + j * p;
          for (let a = 0; a < p; a++) {
            const xa = gX[xj + a];
            if (xa === 0) continue;
            for (let i = j; i < n; i++) T[i * n + j] += XC[i * p + a] * xa;
          }
          for (let i = j; i < n; i++) RR[i * n + j] += r[i] * r[j];
        }
      }
      symmetrise(T, n);
      symmetrise(RR, n);
      const W = sandwich(Vi, T, n);
      const U = sandwich(Vi, RR, n);
      const Gamma = new Float64Array(n * n);
      for (let i = 0; i < n * n; i++) Gamma[i] = m * Vi[i] - (reml ? W[i] : 0) - U[i];
      const dV = this.derivatives(theta, g);
      for (const [k, d] of dV) {
        let s = 0;
        for (let t = 0; t < d.len; t++) s += d.v[t] * Gamma[d.i[t] * n + d.j[t]];
        grad[k] += s;
      }
      if (!H) return;
      // E_k = V⁻¹V_kV⁻¹, K_k = V⁻¹V_kW, M_k = V⁻¹V_kU (n×n each, from the sparse V_k).
      const keys = [...dV.keys()];
      const E = new Map<number, Float64Array>(), KW = new Map<number, Float64Array>(), KU = new Map<number, Float64Array>();
      for (const k of keys) {
        const d = dV.get(k)!;
        E.set(k, sparseSandwich(Vi, d, Vi, n));
        if (reml && information === "expected") KW.set(k, sparseSandwich(Vi, d, W, n));
        if (information === "observed") {
          KW.set(k, sparseSandwich(Vi, d, W, n));
          KU.set(k, sparseSandwich(Vi, d, U, n));
        }
      }
      for (const k of keys) {
        for (const l of keys) {
          if (l > k) continue;
          const dl = dV.get(l)!;
          // tr(V⁻¹V_kV⁻¹V_l) = Σ_(c,d,w)∈l w E_k[d,c]; tr(V_k V⁻¹ V_l W) = Σ_(c,d,w)∈l w KW_k... (see docs)
          const Ek = E.get(k)!;
          let t1 = 0, t2 = 0, t3 = 0;
          const Kw = KW.get(k), Ku = KU.get(k);
          for (let t = 0; t < dl.len; t++) {
            const c = dl.i[t], d = dl.j[t], w = dl.v[t];
            t1 += w * Ek[d * n + c];
            if (Kw) t2 += w * Kw[c * n + d];
            if (Ku) t3 += w * Ku[c * n + d];
          }
          // Kw[c,d] = (V⁻¹V_kW)[c,d]; Σ w_cd (V⁻¹V_kW)[c,d] over l = tr(V_lᵀ V⁻¹V_kW) = tr(V_l V⁻¹ V_k W).
          let h: number;
          if (information === "expected") h = m * t1 - (reml ? 2 * t2 : 0);
          else h = -m * t1 + (reml ? 2 * t2 : 0) + 2 * t3;
          H[k * q + l] += h;
          if (k !== l) H[l * q + k] += h;
        }
      }
      if (information === "observed") this.addSecondDerivatives(theta, g, Gamma, H);
      if (!A) return;
      // A_k = Σ_b X̃_bᵀ V_k X̃_b, a_k = Σ_b X̃_bᵀ V_k r̃_b with X̃ = V⁻¹X, r̃ = V⁻¹r.
      if (mo) {
        // M̃ = (V⁻¹ ⊗ V⁻¹)M gives A_k = Σ_(i,j,v)∈k v M̃_ij; X̃R = (V⁻¹ ⊗ V⁻¹)(S − Mβ) gives a_k.
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
        for (const [k, d] of dV) {
          const Ak = A[k];
          for (let t = 0; t < d.len; t++) {
            const ij = d.i[t] * n + d.j[t], v = d.v[t];
            const mb = ij * pp;
            for (let a = 0; a < p; a++) { const row = a * p; for (let b = 0; b <= a; b++) Ak[row + b] += v * Mt[mb + row + b]; }
            if (av && XRt) { const ak = av[k]; for (let a = 0; a < p; a++) ak[a] += v * XRt[ij * p + a]; }
          }
        }
        return;
      }
      for (let s = 0; s < m; s++) {
        const x0 = s * n * p, y0 = s * n;
        multiplyInto(Vi, gX, x0, n, n, p, Xt);
        if (av) {
          for (let i = 0; i < n; i++) {
            let t = gy[y0 + i];
            for (let a = 0; a < p; a++) t -= gX[x0 + i * p + a] * beta[a];
            r[i] = t;
          }
          for (let i = 0; i < n; i++) { let t = 0; for (let j = 0; j < n; j++) t += Vi[i * n + j] * r[j]; rt[i] = t; }
        }
        // A_k is symmetric: accumulate its lower triangle from the lower-triangle entries of V_k,
        // v (x̃_i x̃_jᵀ + x̃_j x̃_iᵀ) for i > j and v x̃_i x̃_iᵀ on the diagonal.
        for (const [k, d] of dV) {
          const Ak = A[k];
          for (let t = 0; t < d.len; t++) {
            const i = d.i[t], j = d.j[t], v = d.v[t];
            if (av) { const ak = av[k], rb = v * rt[j]; for (let a = 0; a < p; a++) ak[a] += Xt[i * p + a] * rb; }
            if (j > i) continue;
            const ia = i * p, ib = j * p;
            for (let a = 0; a < p; a++) {
              const xia = v * Xt[ia + a], xja = v * Xt[ib + a];
              const row = a * p;
              if (i === j) for (let b = 0; b <= a; b++) Ak[row + b] += xia * Xt[ia + b];
              else for (let b = 0; b <= a; b++) Ak[row + b] += xia * Xt[ib + b] + xja * Xt[ia + b];
            }
          }
        }
      }
    });
    if (A) for (const Ak of A) symmetrise(Ak, p);
    if (H && A) {
      // tr(C A_k C A_l) (REML) and a_kᵀ C a_l (observed).
      const CA = A.map((Ak) => { const out = new Float64Array(p * p); multiply(C, Ak, p, p, p, out); return out; });
      const Ca = av ? av.map((ak) => { const out = new Float64Array(p); for (let a = 0; a < p; a++) { let t = 0; for (let b = 0; b < p; b++) t += C[a * p + b] * ak[b]; out[a] = t; } return out; }) : null;
      for (let k = 0; k < q; k++)
        for (let l = 0; l <= k; l++) {
          let h = 0;
          if (reml) {
            let t = 0;
            for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) t += CA[k][a * p + b] * CA[l][b * p + a];
            h += information === "expected" ? t : -t;
          }
          if (av && Ca) { let t = 0; for (let a = 0; a < p; a++) t += av[k][a] * Ca[l][a]; h -= 2 * t; }
          H[k * q + l] += h;
          if (k !== l) H[l * q + k] += h;
        }
    }
    return { ok: true, f, beta, C, gradient: grad, information: H, A };
  }
}

function iota(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** out[rows[a], rows[b]] += s · buf[a, b]. */
function scatter(buf: Float64Array, rows: Int32Array, n: number, s: number, out: Float64Array): void {
  const k = rows.length;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) out[rows[a] * n + rows[b]] += s * buf[a * k + b];
}

function toTriplets(d: Float64Array, n: number): Triplets {
  let len = 0;
  for (let t = 0; t < n * n; t++) if (d[t] !== 0) len++;
  const out: Triplets = { i: new Int32Array(len), j: new Int32Array(len), v: new Float64Array(len), len };
  let t = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const v = d[i * n + j];
      if (v !== 0) { out.i[t] = i; out.j[t] = j; out.v[t] = v; t++; }
    }
  return out;
}

/** out (r×c) ← A (r×k) B[b0 …] (k×c), row-major, row-contiguous loops. */
function multiplyInto(A: Float64Array, B: Float64Array, b0: number, r: number, k: number, c: number, out: Float64Array): void {
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

/** out (r×c) ← A (r×k) B (k×c), row-major. */
function multiply(A: Float64Array, B: Float64Array, r: number, k: number, c: number, out: Float64Array): void {
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) {
      let t = 0;
      for (let l = 0; l < k; l++) t += A[i * k + l] * B[l * c + j];
      out[i * c + j] = t;
    }
}

function symmetrise(M: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) M[j * n + i] = M[i * n + j];
}

/** A M A for symmetric A and M (n×n). */
function sandwich(A: Float64Array, M: Float64Array, n: number): Float64Array {
  const AM = new Float64Array(n * n), out = new Float64Array(n * n);
  multiply(A, M, n, n, n, AM);
  multiply(AM, A, n, n, n, out);
  return out;
}

/** A S B for dense A, B and sparse S: Σ_(a,b,v) v A[:,a] B[b,:]. */
function sparseSandwich(A: Float64Array, S: Triplets, B: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
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
