import { LongitudeError } from "../errors.js";

/** A fitted orthogonal polynomial basis, as R's poly(x, degree): its coefs (alpha, norm2) define it at any x. */
export interface PolyBasis {
  readonly degree: number;
  readonly alpha: readonly number[];
  /** R's norm2: 1, n, then the squared norms of the degree polynomials. */
  readonly norm2: readonly number[];
}

/**
 * Fits R's poly(x, degree) on the used rows: the monic polynomials orthogonal over x (three-term recurrence,
 * equivalent to R's QR construction), scaled to unit norm.
 */
export function fitPoly(x: Float64Array, degree: number, label: string): PolyBasis {
  const n = x.length;
  const unique = new Set(x).size;
  if (degree >= unique) {
    throw new LongitudeError("bad-data", `${label} needs more distinct values than its degree: the used rows have ${unique}; lower the degree`);
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  const xc = new Float64Array(n);
  for (let i = 0; i < n; i++) xc[i] = x[i] - mean;
  const alpha: number[] = [];
  const norm2: number[] = [1, n];
  let prev = new Float64Array(n);
  let cur = new Float64Array(n).fill(1);
  for (let k = 0; k < degree; k++) {
    let sxp = 0;
    for (let i = 0; i < n; i++) sxp += xc[i] * cur[i] * cur[i];
    const a = sxp / norm2[k + 1];
    alpha.push(a + mean);
    const ratio = k === 0 ? 0 : norm2[k + 1] / norm2[k];
    const next = new Float64Array(n);
    let s = 0;
    for (let i = 0; i < n; i++) {
      next[i] = (xc[i] - a) * cur[i] - ratio * prev[i];
      s += next[i] * next[i];
    }
    norm2.push(s);
    prev = cur;
    cur = next;
  }
  return { degree, alpha, norm2 };
}

/** Evaluates the basis at one x, as R's predict(poly) does: `degree` numbers. */
export function evalPoly(b: PolyBasis, x: number): number[] {
  const out: number[] = [];
  let prev = 1;
  let cur = x - b.alpha[0];
  out.push(cur / Math.sqrt(b.norm2[2]));
  for (let k = 1; k < b.degree; k++) {
    const next = (x - b.alpha[k]) * cur - (b.norm2[k + 1] / b.norm2[k]) * prev;
    prev = cur;
    cur = next;
    out.push(cur / Math.sqrt(b.norm2[k + 2]));
  }
  return out;
}
