import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkData, type Finding } from "../../../src-core/data/checks.js";
import type { DataFrame } from "../../../src-core/data/frame.js";
import { emptyRoles, type VariableRoles } from "../../../src-core/data/roles.js";
import { LongitudeError } from "../../../src-core/errors.js";
import { bdsFrame, loadCdisc } from "../../helpers/cdisc.js";

// Duplicate subject x visit rows, computed in R by test/core/data/r/checks.R (base R: duplicated() on the pairs).
interface Duplicates { rows: number[]; subjects: string[]; pairs: number }
const ref = JSON.parse(readFileSync(new URL("./r/checks.json", import.meta.url), "utf8")) as Record<string, Duplicates>;

const BDS: VariableRoles = {
  ...emptyRoles(),
  subject: "USUBJID", visit: "AVISIT", visitOrder: "AVISITN", arm: "ARM", outcome: "AVAL", baseline: "BASE",
};
const roles = (over: Partial<VariableRoles> = {}): VariableRoles => ({ ...BDS, ...over });
const codes = (f: Finding[]) => f.map((x) => x.code);
const only = (f: Finding[], code: Finding["code"]): Finding => {
  const hits = f.filter((x) => x.code === code);
  expect(hits.length, `${code} in ${JSON.stringify(codes(f))}`).toBe(1);
  return hits[0];
};

/** Two subjects, baseline and two visits each, nothing wrong: rows 1-6. */
const clean = () => ({
  USUBJID: ["S1", "S1", "S1", "S2", "S2", "S2"] as (string | null)[],
  AVISIT: ["Baseline", "Week 1", "Week 2", "Baseline", "Week 1", "Week 2"] as (string | null)[],
  AVISITN: [0, 1, 2, 0, 1, 2] as (number | null)[],
  ARM: ["PBO", "PBO", "PBO", "TRT", "TRT", "TRT"] as (string | null)[],
  AVAL: [10, 11, 12, 20, 19, 18] as (number | null)[],
  BASE: [10, 10, 10, 20, 20, 20] as (number | null)[],
});

/** Appends rows to a clean dataset: each extra row as a record. */
function withRows(extra: Record<string, string | number | null>[], edit?: (c: ReturnType<typeof clean>) => void): DataFrame {
  const c = clean();
  edit?.(c);
  for (const row of extra) for (const [k, v] of Object.entries(row)) (c[k as keyof typeof c] as unknown[]).push(v);
  return bdsFrame(c);
}

describe("checkData: CDISC pilot data (expected rows from R)", () => {
  const adcibc = loadCdisc("adcibc").frame;
  const adadas = loadCdisc("adadas").frame;
  const adam: VariableRoles = { ...roles({ arm: "TRTP", baseline: null, parameter: "PARAMCD" }), filters: ["ITTFL", "EFFFL", "ANL01FL", "DTYPE"] };

  it("ADCIBC without a filter: 25 subjects with 2 rows at one visit, 50 rows; nothing else", () => {
    expect(ref.adcibc_all.rows.length).toBe(50);
    expect(ref.adcibc_all.subjects.length).toBe(25);
    const f = checkData(adcibc, adam);
    expect(codes(f)).toEqual(["duplicate-visit"]);
    expect(f[0].severity).toBe("error");
    expect(f[0].rows).toEqual(ref.adcibc_all.rows);
    expect(f[0].subjects).toEqual(ref.adcibc_all.subjects);
    expect(f[0].message).toBe('25 subjects have more than one row at the same AVISIT (50 rows in 25 subject-visit pairs, e.g. subject ' +
      '01-701-1294 has 2 rows at "Week 8"); keep one row per subject and visit, e.g. with the filter ANL01FL == "Y"');
  });

  it('ADCIBC with where ANL01FL == "Y": no duplicates, no findings', () => {
    expect(ref.adcibc_anl01fl.rows).toEqual([]);
    expect(checkData(adcibc, adam, { where: 'ANL01FL == "Y"' })).toEqual([]);
  });

  it("ADADAS ACTOT: 24 subjects duplicated without ANL01FL, none with it; the same with the parameter chosen", () => {
    const f = checkData(adadas, { ...adam, baseline: "BASE" }, { parameterValue: "ACTOT" });
    const dup = only(f, "duplicate-visit");
    expect(dup.rows).toEqual(ref.adadas_actot_all.rows);
    expect(dup.subjects).toEqual(ref.adadas_actot_all.subjects);
    expect(dup.message).toContain(`24 subjects have more than one row at the same AVISIT (48 rows in ${ref.adadas_actot_all.pairs} subject-visit pairs`);
    const g = checkData(adadas, { ...adam, baseline: "BASE" }, { parameterValue: "ACTOT", where: 'ANL01FL == "Y"' });
    expect(codes(g)).not.toContain("duplicate-visit");
    expect(ref.adadas_actot_anl01fl.rows).toEqual([]);
  });

  it("ADADAS without a parameter: one error naming the 15 parameters, and the other checks wait", () => {
    const f = checkData(adadas, { ...adam, baseline: "BASE" });
    expect(codes(f)).toEqual(["several-parameters"]);
    expect(f[0].rows.length).toBe(adadas.nrow);
    expect(f[0].subjects.length).toBe(254);
    expect(f[0].message).toBe('PARAMCD has 15 values in the rows considered ("ACITM01", "ACITM02", "ACITM03", "ACITM04", "ACITM05" and 10 more); a model analyses one parameter, so choose one');
  });
});

describe("checkData: each check on a small dataset", () => {
  it("finds nothing in clean data", () => {
    expect(checkData(bdsFrame(clean()), roles())).toEqual([]);
  });

  it("duplicate-visit: every row of each repeated subject-visit pair, numbered in the whole file", () => {
    const frame = withRows([
      { USUBJID: "S1", AVISIT: "Week 1", AVISITN: 1, ARM: "PBO", AVAL: 11.5, BASE: 10 }, // row 7
      { USUBJID: "S2", AVISIT: "Week 2", AVISITN: 2, ARM: "TRT", AVAL: 17, BASE: 20 }, // row 8
      { USUBJID: "S2", AVISIT: "Week 2", AVISITN: 2, ARM: "TRT", AVAL: 16, BASE: 20 }, // row 9
    ]);
    const f = only(checkData(frame, roles()), "duplicate-visit");
    expect(f).toEqual({
      code: "duplicate-visit",
      severity: "error",
      message: '2 subjects have more than one row at the same AVISIT (5 rows in 2 subject-visit pairs, e.g. subject S1 has 2 rows at "Week 1"); keep one row per subject and visit, e.g. with the where filter',
      rows: [2, 6, 7, 8, 9],
      subjects: ["S1", "S2"],
    });
  });

  it("checks only the rows passing where, and still numbers rows in the whole file", () => {
    const frame = withRows([
      { USUBJID: "S2", AVISIT: "Week 2", AVISITN: 2, ARM: "TRT", AVAL: 17, BASE: 20 }, // row 7
      { USUBJID: "S2", AVISIT: "Week 2", AVISITN: 2, ARM: "TRT", AVAL: 16, BASE: 20 }, // row 8
    ]);
    const f = only(checkData(frame, roles(), { where: "AVAL != 18" }), "duplicate-visit");
    expect(f.rows).toEqual([7, 8]);
    expect(f.subjects).toEqual(["S2"]);
    expect(f.message.startsWith("1 subject has more than one row at the same AVISIT (2 rows in 1 subject-visit pair")).toBe(true);
  });

  it("arm-changes: all rows of a subject with two arms; a missing arm is a missing-value warning instead", () => {
    const frame = withRows([], (c) => { c.ARM[2] = "TRT"; c.ARM[4] = null; });
    const f = checkData(frame, roles());
    expect(codes(f)).toEqual(["arm-changes", "missing-value"]);
    expect(f[0]).toMatchObject({ severity: "error", rows: [1, 2, 3], subjects: ["S1"] });
    expect(f[0].message).toBe('1 subject has more than one ARM value (3 rows, e.g. subject S1: "PBO", "TRT"); a subject must stay in one arm, so check the arm column (in a parallel-group trial, use the planned arm, e.g. TRT01P)');
    expect(f[1]).toEqual({ code: "missing-value", severity: "warning", message: "1 row has no ARM value (the arm); it will be left out of the fit", rows: [5], subjects: ["S2"] });
  });

  it("baseline-changes: all rows of a subject with two baselines", () => {
    const frame = withRows([], (c) => { c.BASE[1] = 10.5; c.BASE[5] = null; });
    const f = checkData(frame, roles());
    expect(codes(f)).toEqual(["baseline-changes", "missing-value"]);
    expect(f[0]).toMatchObject({ severity: "error", rows: [1, 2, 3], subjects: ["S1"] });
    expect(f[0].message).toContain("1 subject has more than one BASE value (3 rows, e.g. subject S1: 10, 10.5)");
    expect(f[1]).toMatchObject({ rows: [6], subjects: ["S2"], message: "1 row has no BASE value (the baseline); it will be left out of the fit" });
  });

  it("visit-outside-schedule with a schedule: one warning per visit not in it, a note for scheduled visits without rows", () => {
    const frame = withRows([
      { USUBJID: "S1", AVISIT: "Unscheduled 1.1", AVISITN: 1, ARM: "PBO", AVAL: 11, BASE: 10 }, // row 7
      { USUBJID: "S2", AVISIT: "Week 3", AVISITN: 3, ARM: "TRT", AVAL: 17, BASE: 20 }, // row 8
    ]);
    const f = checkData(frame, roles(), { schedule: ["Baseline", "Week 1", "Week 2", "Week 4"] });
    expect(codes(f)).toEqual(["visit-order-ambiguous", "visit-outside-schedule", "visit-outside-schedule", "scheduled-visit-empty"]);
    expect(f[1]).toMatchObject({ severity: "warning", rows: [7], subjects: ["S1"] });
    expect(f[1].message).toBe('AVISIT "Unscheduled 1.1" is not in the schedule (1 row); remove it with the where filter or map its rows to a scheduled visit, otherwise it is a visit of its own in the model');
    expect(f[2]).toMatchObject({ rows: [8], subjects: ["S2"] });
    expect(f[3]).toEqual({ code: "scheduled-visit-empty", severity: "note", message: '1 scheduled visit has no rows: "Week 4"', rows: [], subjects: [] });
    // "Unscheduled 1.1" shares AVISITN 1 with Week 1; tied visits are in name order.
    expect(f[0]).toMatchObject({ rows: [2, 5, 7], subjects: ["S1", "S2"] });
    expect(f[0].message).toBe('2 visits share AVISITN = 1 ("Unscheduled 1.1", "Week 1", 3 rows); they are ordered by name, so give each visit its own AVISITN value or merge them');
  });

  it("visit-outside-schedule without a schedule: unscheduled names and fractional visit numbers", () => {
    const frame = withRows([
      { USUBJID: "S1", AVISIT: "UNSCHEDULED", AVISITN: 99, ARM: "PBO", AVAL: 11, BASE: 10 }, // row 7
      { USUBJID: "S2", AVISIT: "Week 1.5", AVISITN: 1.5, ARM: "TRT", AVAL: 17, BASE: 20 }, // row 8
      { USUBJID: "S2", AVISIT: "End of Treatment", AVISITN: 98, ARM: "TRT", AVAL: 17, BASE: 20 }, // row 9
    ]);
    const f = checkData(frame, roles());
    expect(codes(f)).toEqual(["visit-outside-schedule", "visit-outside-schedule", "visit-outside-schedule"]);
    expect(f.map((x) => x.rows)).toEqual([[8], [9], [7]]); // in visit order
    expect(f[0].message).toBe('AVISIT "Week 1.5" looks unscheduled: its AVISITN is not a whole number (1.5) (1 row); remove it with the where filter or map its rows to a scheduled visit, otherwise it is a visit of its own in the model');
    expect(f[1].message).toContain('AVISIT "End of Treatment" looks unscheduled: its name marks it as unscheduled or as an end-of-study visit (1 row)');
  });

  it("visit-outside-schedule without a schedule: a visit seen in under 5% of subjects (1 of 21, not 1 of 20)", () => {
    const trial = (n: number): DataFrame => {
      const c: Record<string, (string | number | null)[]> = { USUBJID: [], AVISIT: [], AVISITN: [], ARM: [], AVAL: [], BASE: [] };
      for (let s = 1; s <= n; s++) {
        for (const [visit, k] of [["Baseline", 0], ["Week 1", 1]] as const) {
          c.USUBJID.push(`S${s}`); c.AVISIT.push(visit); c.AVISITN.push(k); c.ARM.push(s % 2 ? "PBO" : "TRT"); c.AVAL.push(s + k); c.BASE.push(s);
        }
      }
      c.USUBJID.push("S1"); c.AVISIT.push("Week 3"); c.AVISITN.push(3); c.ARM.push("PBO"); c.AVAL.push(5); c.BASE.push(1);
      return bdsFrame(c as Record<string, (string | null)[]>);
    };
    const f = checkData(trial(21), roles());
    expect(codes(f)).toEqual(["visit-outside-schedule"]);
    expect(f[0]).toMatchObject({ rows: [43], subjects: ["S1"] });
    expect(f[0].message).toContain("only 1 subject of 21 (under 5%) has a row at it");
    expect(checkData(trial(20), roles())).toEqual([]);
  });

  it("visit-order-ambiguous: a visit with two AVISITN values", () => {
    const frame = withRows([], (c) => { c.AVISITN[4] = 1.0001; });
    const f = checkData(frame, roles(), { schedule: ["Baseline", "Week 1", "Week 2"] });
    expect(codes(f)).toEqual(["visit-order-ambiguous"]);
    expect(f[0]).toMatchObject({ severity: "warning", rows: [2, 5], subjects: ["S1", "S2"] });
    expect(f[0].message).toBe('AVISIT "Week 1" has 2 different AVISITN values (1, 1.0001) in 2 rows; it is ordered by the smallest, so give each visit one AVISITN value');
  });

  it("non-numeric-visit-order: a text AVISITN with values that are not numbers", () => {
    const frame = bdsFrame({ ...clean(), AVISITN: ["0", "1", "2", "0", "one", "2"] });
    const f = checkData(frame, roles(), { schedule: ["Baseline", "Week 1", "Week 2"] });
    expect(codes(f)).toEqual(["non-numeric-visit-order"]);
    expect(f[0]).toMatchObject({ severity: "warning", rows: [5], subjects: ["S2"] });
    expect(f[0].message).toBe('1 value of AVISITN does not read as a number ("one"); they give no visit order, so convert the column to numbers');
  });

  it("non-numeric-outcome: lists the text values that are not numbers; missing values are a note", () => {
    const frame = bdsFrame({ ...clean(), AVAL: ["10", "<5", "12", null, "ND", " 18 "] });
    const f = checkData(frame, roles());
    expect(codes(f)).toEqual(["non-numeric-outcome", "missing-outcome"]);
    expect(f[0]).toMatchObject({ severity: "error", rows: [2, 5], subjects: ["S1", "S2"] });
    expect(f[0].message).toBe('2 values of the outcome AVAL do not read as a number ("<5", "ND", first at row 2); the column needs converting to numbers before a fit');
    expect(f[1]).toEqual({
      code: "missing-outcome", severity: "note", rows: [4], subjects: ["S2"],
      message: "1 row of 6 has no AVAL value; the fit leaves it out, which an MMRM handles under missing at random",
    });
  });

  it("missing-outcome: a numeric outcome's missing values are only a note", () => {
    const frame = withRows([], (c) => { c.AVAL[2] = null; c.AVAL[5] = null; });
    const f = checkData(frame, roles());
    expect(f).toEqual([{
      code: "missing-outcome", severity: "note", rows: [3, 6], subjects: ["S1", "S2"],
      message: "2 rows of 6 have no AVAL value; the fit leaves them out, which an MMRM handles under missing at random",
    }]);
  });

  it("no-post-baseline: a subject whose outcome after AVISITN 0 is all missing", () => {
    const frame = withRows([
      { USUBJID: "S3", AVISIT: "Baseline", AVISITN: 0, ARM: "PBO", AVAL: 7, BASE: 7 }, // row 7
      { USUBJID: "S3", AVISIT: "Week 1", AVISITN: 1, ARM: "PBO", AVAL: null, BASE: 7 }, // row 8
      { USUBJID: "S4", AVISIT: "Baseline", AVISITN: 0, ARM: "TRT", AVAL: 9, BASE: 9 }, // row 9
    ]);
    const f = checkData(frame, roles());
    expect(codes(f)).toEqual(["no-post-baseline", "missing-outcome"]);
    expect(f[0]).toMatchObject({ severity: "warning", rows: [7, 8, 9], subjects: ["S3", "S4"] });
    expect(f[0].message).toBe("2 subjects have no AVAL value after baseline (AVISITN > 0; 3 rows, e.g. subject S3); they contribute nothing to an MMRM of change from baseline");
  });

  it("no-post-baseline without a visit order: after the first visit in name order", () => {
    const frame = bdsFrame({
      USUBJID: ["A", "A", "B", "B", "C"],
      VISIT: ["VIS1", "VIS2", "VIS1", "VIS2", "VIS2"],
      ARM: ["P", "P", "T", "T", "T"],
      Y: [1, 2, 3, null, 5],
    });
    const f = checkData(frame, { ...emptyRoles(), subject: "USUBJID", visit: "VISIT", arm: "ARM", outcome: "Y" });
    expect(only(f, "no-post-baseline")).toMatchObject({ rows: [3, 4], subjects: ["B"] });
    expect(only(f, "no-post-baseline").message).toContain("(after the first visit; 2 rows, e.g. subject B)");
  });

  it("missing-value: a row without subject or visit", () => {
    const frame = withRows([], (c) => { c.USUBJID[1] = null; c.AVISIT[5] = ""; });
    const f = checkData(frame, roles());
    expect(f.filter((x) => x.code === "missing-value")).toEqual([
      { code: "missing-value", severity: "warning", rows: [2], subjects: [], message: "1 row has no USUBJID value (the subject); it will be left out of the fit" },
      { code: "missing-value", severity: "warning", rows: [6], subjects: ["S2"], message: "1 row has no AVISIT value (the visit); it will be left out of the fit" },
    ]);
  });

  it("sorts numeric subject IDs numerically", () => {
    const frame = bdsFrame({ ...clean(), USUBJID: [10, 10, 10, 9, 9, 9], AVISIT: ["Baseline", "Week 1", "Week 1", "Baseline", "Week 1", "Week 1"] });
    const f = only(checkData(frame, roles()), "duplicate-visit");
    expect(f.subjects).toEqual(["9", "10"]);
    expect(f.rows).toEqual([2, 3, 5, 6]);
  });
});

describe("checkData: bad input", () => {
  const frame = bdsFrame(clean());

  it("missing-role: unset required roles and roles naming absent columns, as errors; the other checks still run", () => {
    const f = checkData(withRows([], (c) => { c.ARM[0] = "TRT"; }), roles({ outcome: null, baseline: "BASELINE", visitOrder: "AVISTN", filters: ["ANL01FL"] }));
    expect(f.map((x) => [x.code, x.severity, x.message])).toEqual([
      ["missing-role", "error", "no outcome column is chosen; choose one (in ADaM data, AVAL or CHG)"],
      ["missing-role", "error", 'unknown column "AVISTN" in the visitOrder role; did you mean "AVISITN"? Columns are: USUBJID, AVISIT, AVISITN, ARM, AVAL, BASE'],
      ["missing-role", "error", 'unknown column "BASELINE" in the baseline role; columns are: USUBJID, AVISIT, AVISITN, ARM, AVAL, BASE'],
      ["missing-role", "error", 'unknown column "ANL01FL" in the filter columns; columns are: USUBJID, AVISIT, AVISITN, ARM, AVAL, BASE'],
      ["arm-changes", "error", expect.stringContaining("1 subject has more than one ARM value") as unknown as string],
    ]);
    expect(f[0]).toMatchObject({ rows: [], subjects: [] });
  });

  it("a parameter value without a parameter role is an error, and no rows are checked", () => {
    expect(checkData(frame, roles(), { parameterValue: "ACTOT" })).toEqual([{
      code: "missing-role", severity: "error", rows: [], subjects: [],
      message: 'a parameter value ("ACTOT") is given but no parameter column is chosen; choose one (in ADaM data, PARAMCD)',
    }]);
  });

  it("no-rows: a parameter value that is not in the data lists the values that are", () => {
    const p = bdsFrame({ ...clean(), PARAMCD: ["ACTOT", "ACTOT", "ACTOT", "ACTOT", "ACTOT", "ACTOT"] });
    expect(checkData(p, roles({ parameter: "PARAMCD" }), { parameterValue: "ACTOT" })).toEqual([]);
    const f = checkData(p, roles({ parameter: "PARAMCD" }), { parameterValue: "ACTOT11", where: "AVISITN >= 0" });
    expect(f).toEqual([{
      code: "no-rows", severity: "error", rows: [], subjects: [],
      message: 'no rows pass the where filter AVISITN >= 0 and PARAMCD == "ACTOT11" (6 rows in the data); PARAMCD values in the data are "ACTOT"; check the filter and the parameter',
    }]);
  });

  it("throws the where filter's own errors", () => {
    const error = (where: string): LongitudeError => {
      try { checkData(frame, roles(), { where }); } catch (e) { expect(e).toBeInstanceOf(LongitudeError); return e as LongitudeError; }
      throw new Error(`no error for ${where}`);
    };
    expect(error('ANL01FL = "Y"')).toMatchObject({ code: "bad-where" });
    expect(error('AVISIT == "Week 1" &').message).toBe('where filter error at position 21: expected a column name, a number or a "string", found the end of the filter in "AVISIT == "Week 1" &"');
    expect(error('AVISTI == "Week 1"')).toMatchObject({
      code: "unknown-column",
      message: 'unknown column "AVISTI" in the where filter "AVISTI == "Week 1""; did you mean "AVISIT"? Columns are: USUBJID, AVISIT, AVISITN, ARM, AVAL, BASE',
    });
  });
});
