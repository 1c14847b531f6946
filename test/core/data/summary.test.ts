import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emptyRoles, type VariableRoles } from "../../../src-core/data/roles.js";
import { summariseData, type DataSummary } from "../../../src-core/data/summary.js";
import { LongitudeError } from "../../../src-core/errors.js";
import { bdsFrame, loadCdisc } from "../../helpers/cdisc.js";

// Computed in R by test/core/data/r/summary.R (base R mean(), sd(), tapply() on the same filtered rows).
const ref = JSON.parse(readFileSync(new URL("./r/summary.json", import.meta.url), "utf8")) as {
  rows: number;
  arms: DataSummary["arms"];
  visits: string[];
  cells: { arm: string; visit: string; n: number; mean: number | null; sd: number | null }[];
  dropout: DataSummary["dropout"];
};

/** |a − b| ≤ 1e-10 |b|: the R values are written with 15 significant digits. */
function close(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) { expect(actual, what).toBeNull(); return; }
  expect(actual, what).not.toBeNull();
  expect(Math.abs((actual as number) - expected), what).toBeLessThanOrEqual(1e-10 * Math.abs(expected));
}

describe("summariseData: ADADAS ACTOT, change from baseline by planned treatment (R)", () => {
  const { frame } = loadCdisc("adadas");
  const roles: VariableRoles = {
    ...emptyRoles(), subject: "USUBJID", visit: "AVISIT", visitOrder: "AVISITN", arm: "TRTP", outcome: "CHG", baseline: "BASE", parameter: "PARAMCD",
  };
  const where = 'PARAMCD == "ACTOT" & EFFFL == "Y" & AVISITN > 0 & ANL01FL == "Y" & DTYPE != "LOCF"';
  const s = summariseData(frame, roles, { where });

  it("counts 539 rows and 79, 74 and 81 subjects in the three arms", () => {
    expect(s.rows).toEqual({ considered: ref.rows, missingKey: 0, nonNumericOutcome: 0 });
    expect(ref.rows).toBe(539);
    expect(s.arms).toEqual(ref.arms);
    expect(s.arms.map((a) => [a.arm, a.subjects])).toEqual([["Placebo", 79], ["Xanomeline High Dose", 74], ["Xanomeline Low Dose", 81]]);
    expect(s.visits).toEqual(["Week 8", "Week 16", "Week 24"]);
    expect(s).toMatchObject({ subject: "USUBJID", arm: "TRTP", visit: "AVISIT", outcome: "CHG" });
  });

  it("counts observations per arm and visit as R does (Placebo 79, 68, 65)", () => {
    expect(s.cells.map((c) => [c.arm, c.visit, c.n])).toEqual(ref.cells.map((c) => [c.arm, c.visit, c.n]));
    expect(s.cells.slice(0, 3).map((c) => c.n)).toEqual([79, 68, 65]);
  });

  it("gives R's means and SDs to 1e-10 relative (Placebo Week 24: 2.14588859416431, SD 5.99011016460753)", () => {
    s.cells.forEach((c, i) => {
      close(c.mean, ref.cells[i].mean, `mean ${c.arm} ${c.visit}`);
      close(c.sd, ref.cells[i].sd, `sd ${c.arm} ${c.visit}`);
    });
    close(s.cells[2].mean, 2.14588859416431, "Placebo Week 24 mean");
    close(s.cells[2].sd, 5.99011016460753, "Placebo Week 24 SD");
  });

  it("gives R's dropout pattern", () => {
    expect(s.dropout).toEqual(ref.dropout);
    // Each arm's dropout counts add up to its subjects.
    for (const a of s.arms) expect(s.dropout.filter((d) => d.arm === a.arm).reduce((t, d) => t + d.subjects, 0)).toBe(a.subjects);
  });

  it("is plain data: a JSON round trip gives it back", () => {
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe("summariseData: a small dataset worked by hand", () => {
  // A: B, W1, W2 all observed. B: W1 missing, W2 missing (last observed: B). C: nothing observed.
  // D (arm 1): W1 only. A row with no arm (row 11) and a row whose outcome is "x" (row 12) are counted apart.
  const frame = bdsFrame({
    ID: ["A", "A", "A", "B", "B", "B", "C", "C", "D", "D", "E", "D"],
    VIS: ["B", "W1", "W2", "B", "W1", "W2", "B", "W2", "B", "W1", "W1", "W2"],
    VISN: [0, 1, 2, 0, 1, 2, 0, 2, 0, 1, 1, 2],
    ARM: ["2", "2", "2", "2", "2", "2", "10", "10", "10", "10", null, "10"],
    Y: ["1", "3", "8", "2", null, null, null, null, "4", "6", "7", "x"],
  });
  const roles: VariableRoles = { ...emptyRoles(), subject: "ID", visit: "VIS", visitOrder: "VISN", arm: "ARM", outcome: "Y" };
  const s = summariseData(frame, roles);

  it("counts subjects per arm in R's level order (\"10\" before \"2\" for a text column)", () => {
    expect(s.rows).toEqual({ considered: 12, missingKey: 1, nonNumericOutcome: 1 });
    expect(s.arms).toEqual([{ arm: "10", subjects: 2, withOutcome: 1 }, { arm: "2", subjects: 2, withOutcome: 2 }]);
    expect(s.visits).toEqual(["B", "W1", "W2"]);
  });

  it("gives n, mean and SD per cell, null where they do not exist", () => {
    expect(s.cells).toEqual([
      { arm: "10", visit: "B", n: 1, mean: 4, sd: null },
      { arm: "10", visit: "W1", n: 1, mean: 6, sd: null },
      { arm: "10", visit: "W2", n: 0, mean: null, sd: null },
      { arm: "2", visit: "B", n: 2, mean: 1.5, sd: Math.sqrt(0.5) },
      { arm: "2", visit: "W1", n: 1, mean: 3, sd: null },
      { arm: "2", visit: "W2", n: 1, mean: 8, sd: null },
    ]);
  });

  it("counts subjects by the last visit with an observed outcome", () => {
    expect(s.dropout).toEqual([
      { arm: "10", lastVisit: "B", subjects: 0 },
      { arm: "10", lastVisit: "W1", subjects: 1 },
      { arm: "10", lastVisit: "W2", subjects: 0 },
      { arm: "10", lastVisit: null, subjects: 1 },
      { arm: "2", lastVisit: "B", subjects: 1 },
      { arm: "2", lastVisit: "W1", subjects: 0 },
      { arm: "2", lastVisit: "W2", subjects: 1 },
      { arm: "2", lastVisit: null, subjects: 0 },
    ]);
  });

  it("applies where and the parameter, and orders a numeric arm column numerically", () => {
    const p = bdsFrame({ ID: ["A", "A", "B", "B"], VIS: ["W1", "W1", "W1", "W1"], ARM: [10, 10, 2, 2], P: ["X", "Y", "X", "Y"], Y: [1, 100, 3, 300] });
    const t = summariseData(p, { ...emptyRoles(), subject: "ID", visit: "VIS", arm: "ARM", outcome: "Y", parameter: "P" }, { parameterValue: "Y", where: "Y < 200" });
    expect(t.arms.map((a) => a.arm)).toEqual(["10"]);
    expect(t.cells).toEqual([{ arm: "10", visit: "W1", n: 1, mean: 100, sd: null }]);
    const u = summariseData(p, { ...emptyRoles(), subject: "ID", visit: "VIS", arm: "ARM", outcome: "Y", parameter: "P" }, { parameterValue: "X" });
    expect(u.arms.map((a) => a.arm)).toEqual(["2", "10"]);
  });

  it("refuses unset or unknown roles and a bad where filter, saying what to change", () => {
    const error = (f: () => unknown): LongitudeError => {
      try { f(); } catch (e) { expect(e).toBeInstanceOf(LongitudeError); return e as LongitudeError; }
      throw new Error("no error");
    };
    expect(error(() => summariseData(frame, { ...roles, arm: null }))).toMatchObject({ code: "bad-spec", message: "the data summary needs a column for the arm; choose one" });
    expect(error(() => summariseData(frame, { ...roles, outcome: "YY" }))).toMatchObject({
      code: "unknown-column", message: 'unknown column "YY" in the outcome role; did you mean "Y"? Columns are: ID, VIS, VISN, ARM, Y',
    });
    expect(error(() => summariseData(frame, roles, { where: "VISN => 1" }))).toMatchObject({ code: "bad-where" });
    expect(error(() => summariseData(frame, roles, { parameterValue: "ACTOT" }))).toMatchObject({ code: "bad-spec" });
  });
});
