/**
 * The report document: section order (treatment differences first), visit order of the per-visit rows, and a
 * fit that did not converge shows no estimates.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitModel } from "../../../src-core/index.js";
import { emptyRoles } from "../../../src-core/data/roles.js";
import { summariseData } from "../../../src-core/data/summary.js";
import { buildReport, type ReportInput } from "../../../src-core/present/report.js";
import type { AnalysisSpec } from "../../../src-core/spec.js";
import { readData } from "../../../src-main/io/read-data.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const frame = await readData(join(ROOT, "src-main", "demo", "fev_data.csv"));
const spec = JSON.parse(readFileSync(join(ROOT, "src-main", "demo", "fev_mmrm.spec.json"), "utf8")) as AnalysisSpec;
const fit = await fitModel(frame, spec);
const roles = { ...emptyRoles(), subject: "USUBJID", visit: "AVISIT", arm: "ARMCD", outcome: "FEV1" };
const input: ReportInput = {
  result: fit, analysis: "FEV1 MMRM", study: "FEV trial", dataset: { fileName: "fev_data.csv", sha256: "a".repeat(64), rows: 800 },
  date: "2026-01-02T03:04:05Z", software: [{ name: "Engine", version: "0" }], summary: summariseData(frame, roles), findings: [],
  dataNote: null, trajectories: null, audit: null,
};

describe("buildReport", () => {
  it("puts the treatment differences first, then data, model, covariance, tests, LS means, figures, appendix", () => {
    const headings = buildReport(input).blocks.filter((b) => b.kind === "heading").map((b) => (b as { text: string }).text);
    expect(headings).toEqual(["Treatment differences", "Data summary", "Model", "Covariance", "Tests of fixed effects", "Least squares means", "Figures",
      "Appendix A: analysis specification", "Appendix B: software"]);
  });

  it("lists per-visit rows in the data's visit order, not the model's level order", () => {
    // Reverse the visit order of the summary: the differences follow it.
    const summary = { ...input.summary!, visits: [...input.summary!.visits].reverse() };
    const doc = buildReport({ ...input, summary });
    const diffs = doc.tables.find((t) => t.id === "differences")!;
    expect(diffs.rows.map((r) => r[1])).toEqual(["VIS4", "VIS3", "VIS2", "VIS1"]);
  });

  it("shows no estimates for a fit that did not converge", () => {
    const failed = { ...fit, converged: false, diagnostics: { ...fit.diagnostics, message: "the optimiser reached 200 iterations" } };
    const doc = buildReport({ ...input, result: failed });
    const first = doc.blocks[0];
    expect(first).toEqual({ kind: "paragraph", tone: "warning", text: expect.stringContaining("THE FIT DID NOT CONVERGE: the optimiser reached 200 iterations") });
    const ids = doc.tables.map((t) => t.id);
    for (const id of ["differences", "lsmeans", "fixed_effects", "type3", "covariance_parameters"]) expect(ids).not.toContain(id);
    expect(ids).toContain("convergence");
    expect(doc.blocks.filter((b) => b.kind === "chart").map((b) => (b as { chart: { id: string } }).chart.id)).toEqual(["observed-means"]);
  });
});
