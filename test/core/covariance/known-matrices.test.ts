/**
 * (e) Σ(θ) for small hand-computed cases. Expected matrices are written out by definition, SAS PROC MIXED
 * documentation, REPEATED TYPE= (and RANDOM TYPE= for G), "Table: Covariance Structure Examples".
 */
import { describe, expect, it } from "vitest";
import { makeStructure } from "../../../src-core/covariance/index.js";
import type { StructureKind } from "../../../src-core/covariance/structure.js";
import { fillOf } from "./cases.js";

function expectMatrix(actual: Float64Array, expected: number[][]): void {
  const n = expected.length;
  expect(actual.length).toBe(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) expect(actual[a * n + b], `(${a},${b})`).toBeCloseTo(expected[a][b], 14);
  }
}

function filled(kind: StructureKind, dim: number, theta: number[], pos: number[], extra = {}): Float64Array {
  return fillOf(makeStructure(kind, { dim, ...extra }), theta, pos);
}

const e = Math.exp;

describe("Σ(θ) by hand", () => {
  it("UN, t=3: Σ_ij = UN(i,j)", () => {
    // by definition, SAS PROC MIXED documentation, REPEATED TYPE=UN
    const theta = [4, 1, 3, 0.5, 0.8, 2.5];
    const expected = [
      [4, 1, 0.5],
      [1, 3, 0.8],
      [0.5, 0.8, 2.5],
    ];
    expectMatrix(filled("us", 3, theta, [0, 1, 2]), expected);
    expectMatrix(filled("g_un", 3, theta, [0, 1, 2]), expected);
    expectMatrix(filled("us", 3, theta, [0, 2]), [
      [4, 0.5],
      [0.5, 2.5],
    ]);
  });

  it("CS, CS=0.5, Residual=2, t=3", () => {
    // by definition, SAS PROC MIXED documentation, REPEATED TYPE=CS: Σ = CS·J + Residual·I
    expectMatrix(filled("cs", 3, [0.5, 2], [0, 1, 2]), [
      [2.5, 0.5, 0.5],
      [0.5, 2.5, 0.5],
      [0.5, 0.5, 2.5],
    ]);
  });

  it("CSH, Var=(1,4,9), CSH=0.5", () => {
    // by definition, SAS PROC MIXED documentation, REPEATED TYPE=CSH: Σ_ij = σ_i σ_j ρ (i ≠ j)
    expectMatrix(filled("csh", 3, [1, 4, 9, 0.5], [0, 1, 2]), [
      [1, 1, 1.5],
      [1, 4, 3],
      [1.5, 3, 9],
    ]);
  });

  it("AR(1), ρ=0.5, σ²=2, t=3, and the subset of visits 1 and 3", () => {
    // by definition, SAS PROC MIXED documentation, REPEATED TYPE=AR(1): Σ_ij = σ² ρ^|i−j|
    expectMatrix(filled("ar1", 3, [0.5, 2], [0, 1, 2]), [
      [2, 1, 0.5],
      [1, 2, 1],
      [0.5, 1, 2],
    ]);
    expectMatrix(filled("ar1", 3, [0.5, 2], [0, 2]), [
      [2, 0.5],
      [0.5, 2],
    ]);
  });

  it("ARH(1), Var=(1,4,9), ρ=0.5", () => {
    // by definition, SAS PROC MIXED documentation, REPEATED TYPE=ARH(1): Σ_ij = σ_i σ_j ρ^|i−j|
    expectMatrix(filled("ar1h", 3, [1, 4, 9, 0.5], [0, 1, 2]), [
      [1, 1, 0.75],
      [1, 4, 3],
      [0.75, 3, 9],
    ]);
  });

  it("ANTE(1), Var=(1,4,9), Rho=(0.5, 0.25)", () => {
    // by definition, SAS PROC MIXED documentation, REPEATED TYPE=ANTE(1): Σ_ij = σ_i σ_j ∏_{k=i}^{j−1} ρ_k
    expectMatrix(filled("adh", 3, [1, 4, 9, 0.5, 0.25], [0, 1, 2]), [
      [1, 1, 0.375],
      [1, 4, 1.5],
      [0.375, 1.5, 9],
    ]);
  });

  it("homogeneous antedependence, Rho=(0.5, 0.25), Residual=2", () => {
    // by definition (R mmrm "ad"; SAS REPEATED TYPE=ANTE(1) with equal variances): Σ_ij = σ² ∏_{k=i}^{j−1} ρ_k
    expectMatrix(filled("ad", 3, [0.5, 0.25, 2], [0, 1, 2]), [
      [2, 1, 0.25],
      [1, 2, 0.5],
      [0.25, 0.5, 2],
    ]);
  });

  it("TOEP, TOEP(2)=1, TOEP(3)=0.5, Residual=2", () => {
    // by definition, SAS PROC MIXED documentation, REPEATED TYPE=TOEP: Σ_ii = σ², Σ_ij = σ_|i−j|
    expectMatrix(filled("toep", 3, [1, 0.5, 2], [0, 1, 2]), [
      [2, 1, 0.5],
      [1, 2, 1],
      [0.5, 1, 2],
    ]);
  });

  it("TOEPH, Var=(1,4,9), TOEPH(1)=0.5, TOEPH(2)=0.25", () => {
    // by definition, SAS PROC MIXED documentation, REPEATED TYPE=TOEPH: Σ_ij = σ_i σ_j ρ_|i−j|
    expectMatrix(filled("toeph", 3, [1, 4, 9, 0.5, 0.25], [0, 1, 2]), [
      [1, 1, 0.75],
      [1, 4, 3],
      [0.75, 3, 9],
    ]);
  });

  it("SP(EXP), range 5, Residual=2, points (0,0), (3,4), (0,8)", () => {
    // by definition, SAS PROC MIXED documentation, REPEATED TYPE=SP(EXP)(c-list): Σ_ij = σ² exp(−d_ij/ρ);
    // distances d_12 = 5, d_13 = 8, d_23 = 5.
    const coordinates = [
      [0, 0],
      [3, 4],
      [0, 8],
    ];
    expectMatrix(filled("sp_exp", 3, [5, 2], [0, 1, 2], { coordinates }), [
      [2, 2 * e(-1), 2 * e(-1.6)],
      [2 * e(-1), 2, 2 * e(-1)],
      [2 * e(-1.6), 2 * e(-1), 2],
    ]);
  });

  it("iid, Residual=3, for any positions", () => {
    // by definition, SAS PROC MIXED documentation (no REPEATED statement): R = σ² I
    expectMatrix(filled("iid", 1, [3], [0, 10, 20]), [
      [3, 0, 0],
      [0, 3, 0],
      [0, 0, 3],
    ]);
  });

  it("G diagonal, (Days || Subject): G = diag(2, 0.5)", () => {
    // by definition, SAS PROC MIXED documentation, RANDOM TYPE=VC: G = diag(σ²_1, σ²_2)
    expectMatrix(filled("g_diag", 2, [2, 0.5], [0, 1], { termNames: ["(Intercept)", "Days"] }), [
      [2, 0],
      [0, 0.5],
    ]);
  });
});

describe("first derivatives by hand", () => {
  it("AR(1), ρ=0.5, σ²=2: ∂Σ/∂ρ = σ² |i−j| ρ^(|i−j|−1), ∂Σ/∂σ² = ρ^|i−j|", () => {
    const s = makeStructure("ar1", { dim: 3 });
    const out = new Float64Array(9);
    s.fillD1(Float64Array.of(0.5, 2), 0, [0, 1, 2], out);
    expectMatrix(out, [
      [0, 2, 2],
      [2, 0, 2],
      [2, 2, 0],
    ]);
    s.fillD1(Float64Array.of(0.5, 2), 1, [0, 1, 2], out);
    expectMatrix(out, [
      [1, 0.5, 0.25],
      [0.5, 1, 0.5],
      [0.25, 0.5, 1],
    ]);
  });
});
