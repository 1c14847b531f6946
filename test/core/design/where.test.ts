import { describe, expect, it } from "vitest";
import type { DataFrame } from "../../../src-core/data/frame.js";
import { whereMask } from "../../../src-core/design/where.js";
import { LongitudeError } from "../../../src-core/errors.js";

// Missing-value semantics follow SAS's WHERE statement (a comparison with a missing value is false, except
// != against a non-missing value): these expectations are worked out by hand from that rule.
const data: DataFrame = {
  nrow: 6,
  names: ["DTYPE", "ANL01FL", "AVAL", "AVISITN", "BASE"],
  columns: {
    DTYPE: { kind: "character", values: [null, "LOCF", "", "LOCF", null, "WOCF"] },
    ANL01FL: { kind: "character", values: ["Y", "Y", null, "Y", "N", "Y"] },
    AVAL: { kind: "numeric", values: Float64Array.from([1.5, NaN, -3, 10, 0, 2e3]) },
    AVISITN: { kind: "numeric", values: Float64Array.from([1, 2, 3, 4, 5, 6]) },
    BASE: { kind: "numeric", values: Float64Array.from([1.5, 2, NaN, 9, 0, 1]) },
  },
};
const rows = (w: string): number[] => whereMask(w, data).flatMap((k, i) => (k ? [i + 1] : []));

function error(w: string): LongitudeError {
  try { whereMask(w, data); } catch (e) { expect(e).toBeInstanceOf(LongitudeError); return e as LongitudeError; }
  throw new Error(`no error for ${w}`);
}

describe("where: comparisons and logic", () => {
  it("compares strings and numbers", () => {
    expect(rows('ANL01FL == "Y"')).toEqual([1, 2, 4, 6]);
    expect(rows("AVISITN <= 3")).toEqual([1, 2, 3]);
    expect(rows("AVISITN > 4")).toEqual([5, 6]);
    expect(rows("AVISITN >= 4 & AVISITN < 6")).toEqual([4, 5]);
    expect(rows("AVAL > -3.5")).toEqual([1, 3, 4, 5, 6]);
    expect(rows("AVAL == 2e3")).toEqual([6]);
    expect(rows("AVAL == BASE")).toEqual([1, 5]);
    expect(rows("AVISITN == 1 | AVISITN == 6")).toEqual([1, 6]);
    expect(rows("AVISITN == 1 || AVISITN == 6 && ANL01FL == \"N\"")).toEqual([1]);
  });
  it("follows precedence: ! over & over |, and parentheses", () => {
    expect(rows('AVISITN == 1 | AVISITN == 2 & ANL01FL == "N"')).toEqual([1]);
    expect(rows('(AVISITN == 1 | AVISITN == 5) & ANL01FL == "N"')).toEqual([5]);
    expect(rows('!(ANL01FL == "Y")')).toEqual([3, 5]);
    expect(rows("!is.na(AVAL) & !is.na(BASE)")).toEqual([1, 4, 5, 6]);
  });
});

describe("where: SAS missing-value rule", () => {
  it('DTYPE != "LOCF" keeps rows with a blank (null or empty) DTYPE', () => {
    expect(rows('DTYPE != "LOCF"')).toEqual([1, 3, 5, 6]);
  });
  it("other comparisons with a missing value are false", () => {
    expect(rows("AVAL < 100")).toEqual([1, 3, 4, 5]);
    expect(rows("AVAL >= -100")).toEqual([1, 3, 4, 5, 6]);
    expect(rows('DTYPE == ""')).toEqual([]);
    expect(rows('DTYPE < "Z"')).toEqual([2, 4, 6]);
    expect(rows("AVAL != BASE")).toEqual([2, 3, 4, 6]);
  });
  it("is.na() selects missing values; an empty string counts as missing", () => {
    expect(rows("is.na(DTYPE)")).toEqual([1, 3, 5]);
    expect(rows("is.na(AVAL) | is.na(BASE)")).toEqual([2, 3]);
  });
});

describe("where: errors", () => {
  it("refuses comparing a numeric column with a string, and the reverse", () => {
    const e = error('AVISITN == "1"');
    expect(e.code).toBe("bad-where");
    expect(e.message).toBe('where filter error at position 9: cannot compare the numeric column "AVISITN" with the string "1"; write 1 without quotes');
    expect(error("ANL01FL == 1").message).toBe('where filter error at position 9: cannot compare the character column "ANL01FL" with the number 1; write "1" in quotes');
  });
  it("reports syntax errors with the position", () => {
    expect(error('ANL01FL = "Y"').message).toBe('where filter error at position 9: found "="; write "==" to compare in "ANL01FL = "Y""');
    expect(error("(AVISITN == 1").message).toBe('where filter error at position 14: expected ")" to close "(" opened at position 1, found the end of the filter in "(AVISITN == 1"');
    expect(error("AVISITN").message).toMatch(/position 8: expected a comparison \(==, !=, <, <=, >, >=\) after "AVISITN", found the end of the filter/);
    expect(error('ANL01FL == "Y').message).toMatch(/position 12: expected a closing " for the string started here/);
    expect(error("AVISITN == 1 AVAL > 2").message).toMatch(/position 14: expected "&", "\|" or the end of the filter, found "AVAL"/);
    expect(error("AVISITN == 1 # x").code).toBe("bad-where");
  });
  it("names an unknown column and suggests the closest", () => {
    const e = error('ANL01F == "Y"');
    expect(e.code).toBe("unknown-column");
    expect(e.message).toBe('unknown column "ANL01F" in the where filter "ANL01F == "Y""; did you mean "ANL01FL"? Columns are: DTYPE, ANL01FL, AVAL, AVISITN, BASE');
  });
});
