/**
 * Test cases shared by the covariance tests: one interior parameter vector per structure, subsets of positions,
 * and small numerical helpers (finite differences, Cholesky check). Deliberately independent of src-core helpers.
 */
import { makeStructure } from "../../../src-core/covariance/index.js";
import type { CovarianceStructure, StructureKind } from "../../../src-core/covariance/structure.js";

export interface Case {
  label: string;
  kind: StructureKind;
  structure: CovarianceStructure;
  /** An interior θ, in SAS's order. */
  theta: number[];
  /** Position subsets to test (ascending). */
  subsets: number[][];
}

const SUBSETS_4 = [[0, 1, 2, 3], [0, 2, 3], [1, 3], [2]];
const SUBSETS_3 = [[0, 1, 2], [0, 2], [1]];
export const SP_COORDS = [[0, 0], [1, 0], [1, 2], [3, 1]];

function make(kind: StructureKind, dim: number, theta: number[], subsets: number[][], label?: string, extra = {}): Case {
  return { label: label ?? kind, kind, structure: makeStructure(kind, { dim, ...extra }), theta, subsets };
}

export const CASES: Case[] = [
  make("us", 4, [4, 1, 3, 0.5, 0.8, 2.5, 0.2, 0.3, 0.6, 2], SUBSETS_4),
  make("us", 1, [2.5], [[0]], "us t=1"),
  make("cs", 4, [0.7, 1.8], SUBSETS_4),
  make("cs", 3, [-0.4, 1.8], SUBSETS_3, "cs negative CS"),
  make("csh", 4, [2, 1.5, 3, 0.8, 0.4], SUBSETS_4),
  make("ar1", 4, [0.6, 2.5], SUBSETS_4),
  make("ar1", 4, [-0.45, 1.2], SUBSETS_4, "ar1 negative"),
  make("ar1h", 4, [2, 1.5, 3, 0.8, 0.55], SUBSETS_4),
  make("ad", 4, [0.7, -0.3, 0.5, 1.7], SUBSETS_4),
  make("adh", 4, [2, 1.5, 3, 0.8, 0.7, -0.3, 0.5], SUBSETS_4),
  make("adh", 5, [2, 1.5, 3, 0.8, 1.1, 0.7, -0.3, 0.5, 0.9], [[0, 1, 2, 3, 4], [0, 2, 4], [1, 2, 4]], "adh t=5"),
  make("toep", 4, [1.0, 0.5, 0.2, 2.2], SUBSETS_4),
  make("toeph", 4, [2, 1.5, 3, 0.8, 0.5, 0.3, 0.1], SUBSETS_4),
  make("sp_exp", 4, [1.7, 2.4], SUBSETS_4, "sp_exp", { coordinates: SP_COORDS }),
  make("iid", 4, [1.3], SUBSETS_4),
  make("g_un", 3, [2, 0.4, 1.5, -0.3, 0.2, 0.9], SUBSETS_3),
  make("g_diag", 3, [2, 0.5, 1], SUBSETS_3, "g_diag", { termNames: ["(Intercept)", "Days", "x"] }),
];

export function full(dim: number): number[] {
  return Array.from({ length: dim }, (_, i) => i);
}

/** Σ(θ)[pos, pos] as a fresh array (output pre-filled with NaN so that unwritten entries show). */
export function fillOf(s: CovarianceStructure, theta: ArrayLike<number>, pos: number[]): Float64Array {
  const out = new Float64Array(pos.length * pos.length).fill(NaN);
  s.fill(Float64Array.from(theta), pos, out);
  return out;
}

export function d1Of(s: CovarianceStructure, theta: ArrayLike<number>, k: number, pos: number[]): Float64Array {
  const out = new Float64Array(pos.length * pos.length).fill(NaN);
  s.fillD1(Float64Array.from(theta), k, pos, out);
  return out;
}

export function d2Of(s: CovarianceStructure, theta: ArrayLike<number>, k: number, l: number, pos: number[]): Float64Array {
  const out = new Float64Array(pos.length * pos.length).fill(NaN);
  s.fillD2(Float64Array.from(theta), k, l, pos, out);
  return out;
}

/** Five-point central difference of a vector-valued f at x along coordinate k. */
export function centralDifference(
  f: (x: Float64Array) => Float64Array,
  x: ArrayLike<number>,
  k: number,
  h: number,
): Float64Array {
  const at = (t: number): Float64Array => {
    const y = Float64Array.from(x);
    y[k] += t;
    return f(y);
  };
  const p1 = at(h);
  const m1 = at(-h);
  const p2 = at(2 * h);
  const m2 = at(-2 * h);
  const d = new Float64Array(p1.length);
  for (let i = 0; i < d.length; i++) d[i] = (8 * (p1[i] - m1[i]) - (p2[i] - m2[i])) / (12 * h);
  return d;
}

/** Step for a finite difference in a parameter of size |x|. */
export function stepFor(x: number): number {
  return 1e-4 * Math.max(Math.abs(x), 0.1);
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** max|a − b| / max(max|b|, floor); NaN anywhere gives Infinity. */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return Infinity;
    m = Math.max(m, d);
  }
  return m / Math.max(maxAbs(b), floor);
}

/** Sub-matrix M[pos, pos] of a full dim×dim matrix. */
export function submatrix(M: Float64Array, dim: number, pos: number[]): Float64Array {
  const n = pos.length;
  const out = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) out[a * n + b] = M[pos[a] * dim + pos[b]];
  return out;
}

/** Plain Cholesky test of positive definiteness. */
export function isPD(A: Float64Array, n: number): boolean {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j];
    for (let m = 0; m < j; m++) d -= L[j * n + m] ** 2;
    if (!(d > 0)) return false;
    L[j * n + j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let m = 0; m < j; m++) s -= L[i * n + m] * L[j * n + m];
      L[i * n + j] = s / L[j * n + j];
    }
  }
  return true;
}
