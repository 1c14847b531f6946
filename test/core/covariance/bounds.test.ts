/** Bounds, boundary values of the maps, and option errors. */
import { describe, expect, it } from "vitest";
import { makeStructure } from "../../../src-core/covariance/index.js";

const f = (...x: number[]): Float64Array => Float64Array.from(x);

describe("admissible", () => {
  it("rejects non-positive variances and |correlation| ≥ 1", () => {
    expect(makeStructure("ar1", { dim: 3 }).admissible(f(1, 2))).toBe(false);
    expect(makeStructure("ar1", { dim: 3 }).admissible(f(-0.99, 2))).toBe(true);
    expect(makeStructure("ar1", { dim: 3 }).admissible(f(0.5, 0))).toBe(false);
    expect(makeStructure("csh", { dim: 2 }).admissible(f(1, 0, 0.5))).toBe(false);
    expect(makeStructure("adh", { dim: 3 }).admissible(f(1, 1, 1, 0.5, -1))).toBe(false);
    expect(makeStructure("toeph", { dim: 3 }).admissible(f(1, 1, 1, 0.5, 1.2))).toBe(false);
    expect(makeStructure("sp_exp", { dim: 2, coordinates: [[0], [1]] }).admissible(f(0, 1))).toBe(false);
    expect(makeStructure("ar1", { dim: 3 }).admissible(f(NaN, 1))).toBe(false);
  });

  it("lets CS and TOEP covariances be negative (positive definiteness is the caller's check)", () => {
    expect(makeStructure("cs", { dim: 3 }).admissible(f(-0.3, 1))).toBe(true);
    expect(makeStructure("toep", { dim: 3 }).admissible(f(-0.5, 3, 1))).toBe(true);
    expect(makeStructure("toep", { dim: 3 }).admissible(f(0.5, 0.2, 0))).toBe(false);
  });

  it("allows a G variance of 0 (singular G) but not a residual UN variance of 0", () => {
    expect(makeStructure("g_un", { dim: 2 }).admissible(f(1, 0, 0))).toBe(true);
    expect(makeStructure("g_diag", { dim: 2 }).admissible(f(1, 0))).toBe(true);
    expect(makeStructure("us", { dim: 2 }).admissible(f(1, 0, 0))).toBe(false);
  });
});

describe("unconstrained maps at the boundary", () => {
  it("maps a singular G to finite φ whose image is close to it", () => {
    const s = makeStructure("g_un", { dim: 2 });
    const G = f(1, 1, 1); // [[1, 1], [1, 1]], rank 1
    const phi = s.toUnconstrained(G);
    expect(phi.every(Number.isFinite)).toBe(true);
    const back = s.fromUnconstrained(phi);
    for (let k = 0; k < 3; k++) expect(back[k]).toBeCloseTo(G[k], 10);
  });

  it("maps a G variance tending to 0 as φ → −∞", () => {
    const s = makeStructure("g_un", { dim: 2 });
    const th = s.fromUnconstrained(f(0, 0.5, -40));
    expect(th[2]).toBeCloseTo(0.25, 12);
    expect(s.admissible(th)).toBe(true);
  });

  it("maps correlations ±1 and variances 0 to finite φ", () => {
    expect(makeStructure("adh", { dim: 3 }).toUnconstrained(f(1, 2, 3, 1, -1)).every(Number.isFinite)).toBe(true);
    expect(makeStructure("g_diag", { dim: 2 }).toUnconstrained(f(0, 1)).every(Number.isFinite)).toBe(true);
  });
});

describe("options", () => {
  it("needs coordinates for sp_exp, matching dim", () => {
    expect(() => makeStructure("sp_exp", { dim: 2 })).toThrow(/coordinates/);
    expect(() => makeStructure("sp_exp", { dim: 3, coordinates: [[0], [1]] })).toThrow(/differs/);
    expect(() => makeStructure("sp_exp", { dim: 2, coordinates: [[0, 1], [1]] })).toThrow(/coordinates/);
  });

  it("rejects a non-positive dim and mismatched term names", () => {
    expect(() => makeStructure("us", { dim: 0 })).toThrow(/dim/);
    expect(() => makeStructure("g_diag", { dim: 2, termNames: ["x"] })).toThrow(/term names/);
  });
});
