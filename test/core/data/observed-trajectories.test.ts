/**
 * Observed trajectories for the spaghetti plot before any fit. Expected values are read off
 * src-main/demo/fev_data.csv with Python's csv module (2026-11-21): 95 TRT subjects of whom 92 have an observed
 * FEV1, 105 PBO subjects all with one; PT1 (TRT) has FEV1 only at VIS2 (39.9710497720302) and VIS4
 * (20.4837899973602); PT10 (PBO) only at VIS3 (44.9761319839877); the last TRT subject by ID is PT97.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { observedTrajectories } from "../../../src-core/data/observed-trajectories.js";
import { emptyRoles } from "../../../src-core/data/roles.js";
import { readData } from "../../../src-main/io/read-data.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const fev = await readData(join(ROOT, "src-main", "demo", "fev_data.csv"));
const roles = { ...emptyRoles(), subject: "USUBJID", visit: "AVISIT", arm: "ARMCD", outcome: "FEV1" };

describe("observedTrajectories", () => {
  it("samples the first and last subject of each arm and keeps their observed values by visit", () => {
    const t = observedTrajectories(fev, roles, {}, 2);
    expect(t.visits).toEqual(["VIS1", "VIS2", "VIS3", "VIS4"]);
    expect(t.subjectsPerArm).toEqual({ PBO: 105, TRT: 92 });
    expect(t.subjects.map((s) => [s.arm, s.subject])).toEqual([["PBO", "PT10"], ["PBO", "PT99"], ["TRT", "PT1"], ["TRT", "PT97"]]);
    expect(t.subjects[2].values).toEqual([null, 39.9710497720302, null, 20.4837899973602]);
    expect(t.subjects[0].values).toEqual([null, null, 44.9761319839877, null]);
  });

  it("applies the where filter before sampling", () => {
    const t = observedTrajectories(fev, roles, { where: 'ARMCD == "TRT"' }, 1000);
    expect(t.subjectsPerArm).toEqual({ TRT: 92 });
    expect(t.subjects).toHaveLength(92);
  });

  it("puts every subject under one unnamed arm without an arm role", () => {
    const t = observedTrajectories(fev, { ...roles, arm: null }, {}, 3);
    expect(t.subjectsPerArm).toEqual({ "": 197 });
    expect(t.subjects.map((s) => s.arm)).toEqual(["", "", ""]);
  });

  it("says which role is missing", () => {
    expect(() => observedTrajectories(fev, { ...roles, outcome: null })).toThrow("the subject trajectories need a column for the outcome; choose one");
  });
});
