import { LongitudeError } from "../errors.js";
import { splineRow } from "./bspline.js";

/** A fitted natural cubic spline basis, as R's splines::ns(x, df) with intercept = FALSE. */
export interface NsBasis {
  readonly df: number;
  readonly knots: readonly number[];
  readonly boundary: readonly [number, number];
  /** Full knot sequence: boundary knots 4 times each, interior knots between. */
  readonly allKnots: readonly number[];
  /** Householder vectors and the QR of t(const) (LINPACK dqrdc2, as R's qr()), used to project out the boundary constraints. */
  readonly householder: readonly (readonly number[])[];
}

/** R's seq.int(0, 1, length.out = n), computed symmetrically as R does. */
function unitSeq(n: number): number[] {
  const by = 1 / (n - 1);
  const half = Math.floor(n / 2);
  return Array.from({ length: n }, (_, i) => (i === 0 ? 0 : i === n - 1 ? 1 : i < half ? i * by : 1 - (n - 1 - i) * by));
}

/** R's quantile(x, p, type = 7) of sorted x. */
function quantile7(sorted: Float64Array, p: number): number {
  const index = 1 + (sorted.length - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const q = sorted[lo - 1];
  if (index > lo && sorted[hi - 1] !== q) {
    const h = index - lo;
    return (1 - h) * q + h * sorted[hi - 1];
  }
  return q;
}

/** Householder QR of an n×2 matrix A (rows), as LINPACK dqrdc2 without pivoting; returns the Householder vectors. */
function householderVectors(a: number[][]): number[][] {
  const n = a.length;
  const vectors: number[][] = [];
  for (let l = 0; l < 2 && l < n - 1; l++) {
    let nrm = 0;
    for (let i = l; i < n; i++) nrm += a[i][l] * a[i][l];
    nrm = Math.sqrt(nrm);
    if (nrm === 0) { vectors.push([]); continue; }
    if (a[l][l] !== 0) nrm = a[l][l] < 0 ? -nrm : nrm;
    for (let i = l; i < n; i++) a[i][l] /= nrm;
    a[l][l] += 1;
    for (let j = l + 1; j < 2; j++) {
      let dot = 0;
      for (let i = l; i < n; i++) dot += a[i][l] * a[i][j];
      const t = -dot / a[l][l];
      for (let i = l; i < n; i++) a[i][j] += t * a[i][l];
    }
    vectors.push(a.slice(l).map((row) => row[l]));
  }
  return vectors;
}

/** Fits ns(x, df): interior knots at quantiles of the used x, boundary knots at its range. */
export function fitNs(x: Float64Array, df: number, label: string): NsBasis {
  const sorted = Float64Array.from(x).sort();
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  if (!(hi > lo)) throw new LongitudeError("bad-data", `${label} needs at least two distinct values of its variable among the used rows`);
  const nIknots = df - 1;
  const knots = nIknots > 0 ? unitSeq(nIknots + 2).slice(1, -1).map((p) => quantile7(sorted, p)) : [];
  const allKnots = [lo, lo, lo, lo, ...knots, hi, hi, hi, hi].sort((a, b) => a - b);
  const c0 = splineRow(allKnots, 4, lo, 2).slice(1);
  const c1 = splineRow(allKnots, 4, hi, 2).slice(1);
  const householder = householderVectors(c0.map((v, i) => [v, c1[i]]));
  return { df, knots, boundary: [lo, hi], allKnots, householder };
}

/** Evaluates the basis at one x, as R's predict(ns) does (linear beyond the boundary knots): `df` numbers. */
export function evalNs(b: NsBasis, x: number): number[] {
  const [lo, hi] = b.boundary;
  let row: number[];
  if (x < lo || x > hi) {
    const pivot = x < lo ? lo : hi;
    const v = splineRow(b.allKnots, 4, pivot, 0);
    const d = splineRow(b.allKnots, 4, pivot, 1);
    row = v.map((vi, i) => vi + (x - pivot) * d[i]);
  } else row = splineRow(b.allKnots, 4, x, 0);
  const q = row.slice(1);
  b.householder.forEach((v, l) => {
    if (v.length === 0) return;
    let dot = 0;
    for (let i = 0; i < v.length; i++) dot += v[i] * q[l + i];
    const t = -dot / v[0];
    for (let i = 0; i < v.length; i++) q[l + i] += t * v[i];
  });
  return q.slice(2);
}
