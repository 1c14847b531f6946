import { describe, expect, it } from "vitest";
import type { DataFrame } from "../../../src-core/data/frame.js";
import { buildDesign } from "../../../src-core/design/index.js";
import { LongitudeError } from "../../../src-core/errors.js";

// Hand-built data; expected positions and levels follow the rules in docs/formula.md.
const data: DataFrame = {
  nrow: 7,
  names: ["y", "USUBJID", "AVISIT", "VISITN", "ARM", "cx", "cy", "ANL01FL"],
  columns: {
    y: { kind: "numeric", values: Float64Array.from([1, 2, 3, 4, 5, 6, 7]) },
    USUBJID: { kind: "character", values: ["01-701-1015", "01-701-1015", "01-701-1023", "01-701-1023", "01-701-1023", "01-701-1028", "01-701-1015"] },
    AVISIT: { kind: "character", values: ["WEEK 2", "WEEK 8", "WEEK 2", "WEEK 8", "WEEK 16", "WEEK 8", "WEEK 8"] },
    VISITN: { kind: "numeric", values: Float64Array.from([2, 8, 2, 8, 16, 8, 8]) },
    ARM: { kind: "character", values: ["PBO", "PBO", "TRT", "TRT", "TRT", "PBO", "PBO"] },
    cx: { kind: "numeric", values: Float64Array.from([0, 1, 0, 1, 2.5, 1, 1]) },
    cy: { kind: "numeric", values: Float64Array.from([0, 0, 0, 0, 1, 0, 1]) },
    ANL01FL: { kind: "character", values: ["Y", "Y", "Y", "Y", "Y", "Y", null] },
  },
};
const where = 'ANL01FL == "Y"';

describe("residual covariance term", () => {
  it("gives subjects, positions at the time levels, and no group", () => {
    const d = buildDesign(data, { formula: "y ~ ARM + us(AVISIT | USUBJID)", where });
    const r = d.residual!;
    expect(r.structure).toBe("us");
    expect(r.subject).toBe("USUBJID");
    expect(r.subjectLevels).toEqual(["01-701-1015", "01-701-1023", "01-701-1028"]);
    expect(Array.from(r.subjectIndex)).toEqual([0, 0, 1, 1, 1, 2]);
    expect(r.time).toEqual(["AVISIT"]);
    expect(r.positionLevels).toEqual(["WEEK 16", "WEEK 2", "WEEK 8"]);
    expect(Array.from(r.position)).toEqual([1, 2, 1, 2, 0, 2]);
    expect([r.group, r.groupLevels, r.groupIndex, r.coordinates]).toEqual([null, null, null, null]);
  });
  it("a numeric time column: its distinct values sorted are the levels, labelled as printed", () => {
    const d = buildDesign(data, { formula: "y ~ ARM + ar1(VISITN | USUBJID)", where });
    expect(d.residual!.positionLevels).toEqual(["2", "8", "16"]);
    expect(Array.from(d.residual!.position)).toEqual([0, 1, 0, 1, 2, 1]);
  });
  it("per-group covariance us(time | group / subject)", () => {
    const d = buildDesign(data, { formula: "y ~ ARM + us(VISITN | ARM / USUBJID)", where });
    const r = d.residual!;
    expect([r.group, r.groupLevels, Array.from(r.groupIndex!)]).toEqual(["ARM", ["PBO", "TRT"], [0, 0, 1, 1, 1, 0]]);
    expect(r.subject).toBe("USUBJID");
  });
  it("sp_exp: distinct coordinate vectors, sorted, and each row's index among them", () => {
    const d = buildDesign(data, { formula: "y ~ ARM + sp_exp(cx, cy | USUBJID)" });
    const r = d.residual!;
    expect(r.coordinates).toEqual([[0, 0], [1, 0], [1, 1], [2.5, 1]]);
    expect(Array.from(r.position)).toEqual([0, 1, 0, 1, 3, 1, 2]);
    expect(r.positionLevels).toEqual(["0, 0", "1, 0", "1, 1", "2.5, 1"]);
    expect(r.time).toEqual(["cx", "cy"]);
  });
  it("two used rows of a subject at the same visit are an error naming them and suggesting a filter", () => {
    let err: LongitudeError | null = null;
    try { buildDesign(data, { formula: "y ~ ARM + us(AVISIT | USUBJID)" }); } catch (e) { err = e as LongitudeError; }
    expect(err?.code).toBe("duplicate-visit");
    expect(err?.message).toBe('1 used row repeats a subject\'s visit in us(AVISIT | USUBJID): subject 01-701-1015 visit WEEK 8 (rows 2 and 7); keep one record per subject and visit, e.g. with a where filter such as ANL01FL == "Y"');
  });
  it("a subject in two groups is an error", () => {
    const moved = { ...data, columns: { ...data.columns, ARM: { kind: "character" as const, values: ["PBO", "TRT", "TRT", "TRT", "TRT", "PBO", "PBO"] } } };
    expect(() => buildDesign(moved, { formula: "y ~ us(VISITN | ARM / USUBJID)", where })).toThrow(
      "subject 01-701-1015 is in more than one ARM group (PBO and TRT, row 2); each subject must belong to one group in us(VISITN | ARM / USUBJID)",
    );
  });
  it("no residual term gives residual null", () => {
    expect(buildDesign(data, { formula: "y ~ ARM" }).residual).toBeNull();
  });
});
