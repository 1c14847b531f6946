/**
 * Subject trajectories for the spaghetti plot: which subjects are sampled, and that each point carries the
 * response and the fitted value of that subject's used row at that visit. Expected subjects and values are
 * worked out here from the raw columns, not with the helpers the code uses.
 */
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emptyRoles } from "../../../src-core/data/roles.js";
import type { Column } from "../../../src-core/data/frame.js";
import { fitModel, type AnalysisSpec } from "../../../src-core/index.js";
import { spreadIndices } from "../../../src-core/data/spread.js";
import { ALL_SUBJECTS, subjectTrajectories } from "../../../src-core/present/trajectories.js";
import { readData } from "../../../src-main/io/read-data.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const fev = await readData(join(ROOT, "src-main", "demo", "fev_data.csv"));
const fevSpec = JSON.parse(readFileSync(join(ROOT, "src-main", "demo", "fev_mmrm.spec.json"), "utf8")) as AnalysisSpec;
const fevFit = fitModel(fev, fevSpec);
const fevRoles = { ...emptyRoles(), subject: "USUBJID", visit: "AVISIT", arm: "ARMCD", outcome: "FEV1" };
const VISITS = ["VIS1", "VIS2", "VIS3", "VIS4"];

const sleep = await readData(join(ROOT, "test", "reference", "data", "sleepstudy.csv"));
const sleepFit = fitModel(sleep, { formula: "Reaction ~ Days + (Days | Subject)", factors: ["Subject"] });
const sleepRoles = { ...emptyRoles(), subject: "Subject", visit: "Days", outcome: "Reaction" };
const DAYS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

const text = (col: Column, r: number): string | null => {
  const v = col.values[r];
  return typeof v === "number" ? (Number.isNaN(v) ? null : String(v)) : v;
};
const num = (col: Column, r: number): number => Number(col.values[r]);

describe("spreadIndices", () => {
  it("takes the first, the last and evenly spaced ones between: round(k(n-1)/(m-1))", () => {
    expect(spreadIndices(10, 6)).toEqual([0, 2, 4, 5, 7, 9]); // 0, 1.8, 3.6, 5.4, 7.2, 9
    expect(spreadIndices(18, 6)).toEqual([0, 3, 7, 10, 14, 17]); // 0, 3.4, 6.8, 10.2, 13.6, 17
  });
  it("takes everything when there are few, the middle one for a sample of one, none for zero", () => {
    expect(spreadIndices(3, 6)).toEqual([0, 1, 2]);
    expect(spreadIndices(5, 1)).toEqual([2]);
    expect(spreadIndices(5, 0)).toEqual([]);
    expect(spreadIndices(0, 6)).toEqual([]);
  });
});

describe("subjectTrajectories on the FEV1 MMRM", () => {
  const tr = subjectTrajectories(fev, fevRoles, fevFit, VISITS);
  const cols = fev.columns;

  it("checks that observations.row are 0-based frame rows: y there is the fitted value plus the residual", () => {
    const o = fevFit.observations;
    expect(o.row.length).toBe(537);
    o.row.forEach((r, i) => expect(num(cols.FEV1, r)).toBeCloseTo(o.fitted[i] + o.residual[i], 9));
  });

  it("samples 6 subjects per arm, PBO then TRT, evenly over the arm's subjects with an FEV1 sorted by ID", () => {
    // Subjects with at least one row where every model variable is present (only FEV1 is ever missing here).
    const byArm = new Map<string, Set<string>>();
    for (let r = 0; r < fev.nrow; r++) {
      if (Number.isNaN(num(cols.FEV1, r))) continue;
      const arm = text(cols.ARMCD, r)!;
      if (!byArm.has(arm)) byArm.set(arm, new Set());
      byArm.get(arm)!.add(text(cols.USUBJID, r)!);
    }
    const expected: string[] = [];
    for (const arm of ["PBO", "TRT"]) {
      const ids = [...byArm.get(arm)!].sort(); // "PT1" < "PT10" < "PT100": code-unit order equals R's here
      const n = ids.length;
      for (let k = 0; k < 6; k++) expected.push(ids[Math.round((k * (n - 1)) / 5)]);
    }
    expect(tr.map((t) => t.subject)).toEqual(expected);
    expect(tr.map((t) => t.arm)).toEqual([...Array(6).fill("PBO"), ...Array(6).fill("TRT")]);
  });

  it("gives one point per visit in order: the CSV's FEV1 and the marginal fitted value of that row, null where FEV1 is missing", () => {
    expect(fevFit.observations.conditionalFitted).toBeNull();
    let compared = 0;
    for (const t of tr) {
      expect(t.points.map((p) => p.visit)).toEqual(VISITS);
      for (const p of t.points) {
        let row = -1;
        for (let r = 0; r < fev.nrow; r++) if (text(cols.USUBJID, r) === t.subject && text(cols.AVISIT, r) === p.visit) row = r;
        const y = row < 0 ? NaN : num(cols.FEV1, row);
        if (Number.isNaN(y)) {
          expect(p).toEqual({ visit: p.visit, observed: null, fitted: null });
          continue;
        }
        const i = fevFit.observations.row.indexOf(row);
        expect(p.observed).toBe(y);
        expect(p.fitted).toBe(fevFit.observations.fitted[i]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30);
  });

  it("is deterministic and takes perArm", () => {
    expect(subjectTrajectories(fev, fevRoles, fevFit, VISITS)).toEqual(tr);
    expect(subjectTrajectories(fev, fevRoles, fevFit, VISITS, 2).map((t) => t.subject)).toEqual([tr[0], tr[5], tr[6], tr[11]].map((t) => t.subject));
  });
});

describe("subjectTrajectories on sleepstudy (random slopes, no arm)", () => {
  const tr = subjectTrajectories(sleep, sleepRoles, sleepFit, DAYS);

  it("puts every subject in one group and samples 6 of the 18 by ID", () => {
    const ids = [...new Set(Array.from({ length: sleep.nrow }, (_, r) => Number(sleep.columns.Subject.values[r])))].sort((a, b) => a - b);
    expect(ids.length).toBe(18);
    expect(tr.map((t) => Number(t.subject))).toEqual([0, 3, 7, 10, 14, 17].map((j) => ids[j]));
    expect(new Set(tr.map((t) => t.arm))).toEqual(new Set([ALL_SUBJECTS]));
  });

  it("uses the conditional fitted values (fixed effects plus the subject's predicted random effects)", () => {
    const cond = sleepFit.observations.conditionalFitted!;
    const t = tr[0];
    for (const p of t.points) {
      const i = sleepFit.observations.row.findIndex((r) => String(sleep.columns.Subject.values[r]) === t.subject && String(sleep.columns.Days.values[r]) === p.visit);
      expect(p.fitted).toBe(cond[i]);
      expect(p.observed).toBe(num(sleep.columns.Reaction, sleepFit.observations.row[i]));
    }
    // Subject 308 (first by ID) at day 0: β̂₀ + b̂₃₀₈ = 251.405104848484 + 2.2585653815221 = 253.6636702 (lme4's fixef
    // and BLUP in test/reference/expected/sleepstudy_reml.json); within 1e-3 as the BLUP tolerance of fit.test.ts.
    expect(tr[0].subject).toBe("308");
    expect(tr[0].points[0].fitted).toBeCloseTo(251.405104848484 + 2.2585653815221, 3);
  });
});
