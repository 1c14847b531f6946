/**
 * Analytic derivatives of every structure against finite differences, on the full set of positions and on
 * subsets: (a) fillD1 vs differences of fill, (b) fillD2 vs differences of fillD1 and hasD2, (c) jacobian vs
 * differences of fromUnconstrained, (d) the round trip θ → φ → θ.
 */
import { describe, expect, it } from "vitest";
import {
  CASES,
  centralDifference,
  d1Of,
  d2Of,
  fillOf,
  full,
  isPD,
  maxAbs,
  relError,
  stepFor,
  submatrix,
} from "./cases.js";

describe.each(CASES)("$label", ({ structure: s, theta, subsets }) => {
  const q = s.nparam;

  it("has θ of the right length, admissible, and a positive definite Σ", () => {
    expect(theta.length).toBe(q);
    expect(s.admissible(Float64Array.from(theta))).toBe(true);
    expect(isPD(fillOf(s, theta, full(s.dim)), s.dim)).toBe(true);
  });

  it("fills symmetric blocks that are sub-matrices of the full matrix (also for derivatives)", () => {
    const all = full(s.dim);
    const F = fillOf(s, theta, all);
    for (const pos of subsets) {
      const n = pos.length;
      const V = fillOf(s, theta, pos);
      expect(relError(V, submatrix(F, s.dim, pos))).toBe(0);
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) expect(V[a * n + b]).toBe(V[b * n + a]);
      for (let k = 0; k < q; k++) {
        expect(relError(d1Of(s, theta, k, pos), submatrix(d1Of(s, theta, k, all), s.dim, pos))).toBe(0);
        for (let l = 0; l < q; l++) {
          expect(relError(d2Of(s, theta, k, l, pos), submatrix(d2Of(s, theta, k, l, all), s.dim, pos))).toBe(0);
        }
      }
    }
  });

  it("(a) fillD1 matches central differences of fill", () => {
    for (const pos of subsets) {
      for (let k = 0; k < q; k++) {
        const fd = centralDifference((x) => fillOf(s, x, pos), theta, k, stepFor(theta[k]));
        const an = d1Of(s, theta, k, pos);
        expect(relError(fd, an, Math.max(maxAbs(an), 1e-3)), `k=${k} pos=${pos}`).toBeLessThan(1e-7);
      }
    }
  });

  it("(b) fillD2 matches central differences of fillD1, is symmetric in k, l, and is zero when hasD2 is false", () => {
    for (const pos of subsets) {
      for (let k = 0; k < q; k++) {
        for (let l = 0; l < q; l++) {
          const fd = centralDifference((x) => d1Of(s, x, k, pos), theta, l, stepFor(theta[l]));
          const an = d2Of(s, theta, k, l, pos);
          expect(relError(fd, an, Math.max(maxAbs(an), 1e-3)), `k=${k} l=${l} pos=${pos}`).toBeLessThan(1e-7);
          expect(relError(an, d2Of(s, theta, l, k, pos))).toBe(0);
          expect(s.hasD2(k, l)).toBe(s.hasD2(l, k));
          if (!s.hasD2(k, l)) expect(maxAbs(an)).toBe(0);
          if (s.linear) expect(s.hasD2(k, l)).toBe(false);
        }
      }
    }
  });

  it("(c) jacobian matches central differences of fromUnconstrained", () => {
    const phi = s.toUnconstrained(Float64Array.from(theta));
    const J = s.jacobian(phi);
    expect(J.length).toBe(q * q);
    for (let m = 0; m < q; m++) {
      const fd = centralDifference((p) => s.fromUnconstrained(p), phi, m, stepFor(phi[m]));
      const column = Float64Array.from({ length: q }, (_, k) => J[k * q + m]);
      expect(relError(fd, column, Math.max(maxAbs(column), 1e-3)), `m=${m}`).toBeLessThan(1e-7);
    }
  });

  it("(d) round trip θ → φ → θ and φ → θ → φ", () => {
    const th = Float64Array.from(theta);
    const phi = s.toUnconstrained(th);
    expect(phi.length).toBe(q);
    expect(phi.every(Number.isFinite)).toBe(true);
    expect(relError(s.fromUnconstrained(phi), th)).toBeLessThan(1e-13);
    const phi2 = phi.map((p, i) => p + 0.1 * Math.cos(i + 1));
    const th2 = s.fromUnconstrained(phi2);
    expect(s.admissible(th2)).toBe(true);
    expect(relError(s.toUnconstrained(th2), phi2)).toBeLessThan(1e-12);
  });
});
