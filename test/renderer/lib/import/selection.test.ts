import { describe, expect, it } from "vitest";
import { emptyRoles, type VariableRoles } from "../../../../src-core/data/roles.js";
import { whereMask } from "../../../../src-core/design/where.js";
import type { DataFrame } from "../../../../src-core/data/frame.js";
import { levelCondition, restrictsTo, selectionWhere, whereName, whereString } from "../../../../src-renderer/lib/import/selection.js";

const roles = (over: Partial<VariableRoles>): VariableRoles => ({ ...emptyRoles(), ...over });
const columns = [
  { name: "PARAMCD", type: "character" as const },
  { name: "PARAMN", type: "numeric" as const },
  { name: "EFFFL", type: "character" as const },
  { name: "ANL01FN", type: "numeric" as const },
  { name: "DTYPE", type: "character" as const },
];

describe("selectionWhere", () => {
  it("joins the parameter, the flags and the free text, the free text in parentheses", () => {
    const r = roles({ parameter: "PARAMCD", filters: ["EFFFL", "DTYPE"] });
    expect(selectionWhere(r, "ACTOT", { EFFFL: "Y" }, "AVISITN > 0", columns)).toBe('PARAMCD == "ACTOT" & EFFFL == "Y" & (AVISITN > 0)');
  });

  it("writes levels of numeric columns as numbers and others as quoted strings", () => {
    const r = roles({ parameter: "PARAMN", filters: ["ANL01FN", "EFFFL"] });
    expect(selectionWhere(r, "2", { ANL01FN: "1", EFFFL: "1" }, "", columns)).toBe('PARAMN == 2 & ANL01FN == 1 & EFFFL == "1"');
    expect(selectionWhere(roles({ parameter: "PARAMN" }), "-0.5", {}, "", columns)).toBe("PARAMN == -0.5");
    expect(selectionWhere(roles({ parameter: "PARAMN" }), "1e-04", {}, "", columns)).toBe("PARAMN == 1e-04");
  });

  it("escapes quotes and backslashes so that the where reader gets the value back", () => {
    const r = roles({ parameter: "PARAMCD" });
    const where = selectionWhere(r, 'say "hi" \\ bye', {}, "", columns);
    expect(where).toBe('PARAMCD == "say \\"hi\\" \\\\ bye"');
    const frame: DataFrame = {
      nrow: 2, names: ["PARAMCD"],
      columns: { PARAMCD: { kind: "character", values: ['say "hi" \\ bye', "other"] } },
    };
    expect(whereMask(where, frame)).toEqual([true, false]);
  });

  it("keeps rows with a missing flag with is.na, and leaves 'any' out", () => {
    const r = roles({ filters: ["EFFFL", "DTYPE"] });
    expect(selectionWhere(r, undefined, { EFFFL: undefined, DTYPE: null }, "", columns)).toBe("is.na(DTYPE)");
  });

  it("gives the free text alone, without parentheses, when nothing else is chosen", () => {
    expect(selectionWhere(roles({}), null, {}, "  AVISITN > 0 ", columns)).toBe("AVISITN > 0");
  });

  it("is empty when nothing is chosen, and ignores flags of columns that are not filters", () => {
    expect(selectionWhere(roles({ parameter: "PARAMCD" }), null, { EFFFL: "Y" }, "  ", columns)).toBe("");
  });

  it("ignores a parameter value when no parameter column is chosen", () => {
    expect(selectionWhere(roles({}), "ACTOT", {}, "", columns)).toBe("");
  });

  it("puts names that are not plain in backticks", () => {
    const r = roles({ parameter: "Param code", filters: ["1FL"] });
    expect(selectionWhere(r, "A", { "1FL": "Y" }, "")).toBe('`Param code` == "A" & `1FL` == "Y"');
  });

  it("reads back through the where reader to the rows it names", () => {
    const frame: DataFrame = {
      nrow: 4, names: ["PARAMCD", "ANL01FN", "AVISITN"],
      columns: {
        PARAMCD: { kind: "character", values: ["ACTOT", "ACTOT", "FEV1", "ACTOT"] },
        ANL01FN: { kind: "numeric", values: new Float64Array([1, 1, 1, NaN]) },
        AVISITN: { kind: "numeric", values: new Float64Array([0, 2, 2, 4]) },
      },
    };
    const where = selectionWhere(roles({ parameter: "PARAMCD", filters: ["ANL01FN"] }), "ACTOT", { ANL01FN: "1" }, "AVISITN > 0", columns);
    expect(whereMask(where, frame)).toEqual([false, true, false, false]);
  });
});

describe("levelCondition", () => {
  it("refuses a value that is not a number for a numeric column", () => {
    expect(() => levelCondition("PARAMN", "abc", "numeric")).toThrow('"abc" is not a number, but PARAMN is a numeric column');
  });
});

describe("whereName and whereString", () => {
  it("leaves plain names bare and quotes the rest", () => {
    expect(whereName("AVAL")).toBe("AVAL");
    expect(whereName("x.1")).toBe("x.1");
    expect(whereName(".5x")).toBe("`.5x`");
    expect(whereName("Visit day")).toBe("`Visit day`");
    expect(() => whereName("a`b")).toThrow("holds a backtick");
    expect(whereString("a\"b")).toBe('"a\\"b"');
  });
});

describe("restrictsTo", () => {
  it("sees a condition on the column, not on a column whose name ends the same", () => {
    expect(restrictsTo('PARAMCD == "ACTOT" & EFFFL == "Y"', "PARAMCD")).toBe(true);
    expect(restrictsTo('XPARAMCD == "A"', "PARAMCD")).toBe(false);
    expect(restrictsTo("AVISITN > 0", "PARAMCD")).toBe(false);
    expect(restrictsTo('`Param code` == "A"', "Param code")).toBe(true);
  });
});
