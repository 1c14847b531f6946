/**
 * The roles of a fit's data summary, shared by the report and the Results page. Expected roles follow from the
 * spec src-main/demo/fev_mmrm.spec.json itself: response FEV1, LS means of ARMCD by AVISIT, us(AVISIT | USUBJID).
 */
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emptyRoles } from "../../../src-core/data/roles.js";
import { fitModel, type AnalysisSpec } from "../../../src-core/index.js";
import { analysisRoles } from "../../../src-core/present/analysis-roles.js";
import { readData } from "../../../src-main/io/read-data.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const fev = await readData(join(ROOT, "src-main", "demo", "fev_data.csv"));
const spec = JSON.parse(readFileSync(join(ROOT, "src-main", "demo", "fev_mmrm.spec.json"), "utf8")) as AnalysisSpec;
const fit = fitModel(fev, spec);
const base = { ...emptyRoles(), subject: "SUBJ", visit: "AVISIT", visitOrder: "VISITN", arm: "TRT01P", outcome: "AVAL", baseline: "FEV1_BL" };

describe("analysisRoles", () => {
  it("takes the outcome, arm, visit and subject from the model and the rest from the dataset's roles", () => {
    expect(analysisRoles(base, fit, new Set(fev.names))).toEqual({ ...base, outcome: "FEV1", arm: "ARMCD", visit: "AVISIT", subject: "USUBJID" });
  });

  it("drops the visit order when the model's visit is another variable", () => {
    expect(analysisRoles({ ...base, visit: "VISIT" }, fit).visitOrder).toBeNull();
  });

  it("keeps the dataset's role when the model names a column the data lack", () => {
    const columns = new Set(fev.names.filter((n) => n !== "ARMCD"));
    expect(analysisRoles(base, fit, columns).arm).toBe("TRT01P");
  });
});
