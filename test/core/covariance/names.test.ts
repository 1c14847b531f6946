/** (g) Parameter names in SAS's order, as SAS PROC MIXED prints them in "Covariance Parameter Estimates". */
import { describe, expect, it } from "vitest";
import { makeStructure } from "../../../src-core/covariance/index.js";
import type { StructureKind } from "../../../src-core/covariance/structure.js";

const expected: [StructureKind, number, string[]][] = [
  ["us", 3, ["UN(1,1)", "UN(2,1)", "UN(2,2)", "UN(3,1)", "UN(3,2)", "UN(3,3)"]],
  ["cs", 4, ["CS", "Residual"]],
  ["csh", 3, ["Var(1)", "Var(2)", "Var(3)", "CSH"]],
  ["ar1", 4, ["AR(1)", "Residual"]],
  ["ar1h", 3, ["Var(1)", "Var(2)", "Var(3)", "ARH(1)"]],
  ["adh", 3, ["Var(1)", "Var(2)", "Var(3)", "Rho(1)", "Rho(2)"]],
  ["ad", 4, ["Rho(1)", "Rho(2)", "Rho(3)", "Residual"]],
  ["toep", 4, ["TOEP(2)", "TOEP(3)", "TOEP(4)", "Residual"]],
  ["toeph", 3, ["Var(1)", "Var(2)", "Var(3)", "TOEPH(1)", "TOEPH(2)"]],
  ["iid", 5, ["Residual"]],
  ["g_un", 2, ["UN(1,1)", "UN(2,1)", "UN(2,2)"]],
];

describe("SAS parameter names", () => {
  it.each(expected)("%s (t=%i)", (kind, dim, names) => {
    const s = makeStructure(kind, { dim });
    expect(s.kind).toBe(kind);
    expect(s.dim).toBe(dim);
    expect(s.names).toEqual(names);
    expect(s.nparam).toBe(names.length);
  });

  it("sp_exp", () => {
    const s = makeStructure("sp_exp", { dim: 2, coordinates: [[0], [1]] });
    expect(s.names).toEqual(["SP(EXP)", "Residual"]);
  });

  it("g_diag uses the term names, with (Intercept) as SAS's Intercept", () => {
    const s = makeStructure("g_diag", { dim: 2, termNames: ["(Intercept)", "Days"] });
    expect(s.names).toEqual(["Intercept", "Days"]);
  });

  it("the linear structures are exactly UN, CS, TOEP, iid and the G structures", () => {
    const linear = (kind: StructureKind): boolean =>
      makeStructure(kind, kind === "sp_exp" ? { dim: 2, coordinates: [[0], [1]] } : { dim: 3 }).linear;
    const kinds: StructureKind[] = ["us", "cs", "csh", "ar1", "ar1h", "ad", "adh", "toep", "toeph", "sp_exp", "iid", "g_un", "g_diag"];
    expect(kinds.filter(linear)).toEqual(["us", "cs", "toep", "iid", "g_un", "g_diag"]);
  });
});
