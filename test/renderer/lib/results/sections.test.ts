import { describe, expect, it } from "vitest";
import type { FitResult } from "../../../../src-main/api/contract.js";
import { resultSections, tablePage } from "../../../../src-renderer/lib/results/sections.js";
import { fevFit, notConverged, sleepstudyFit } from "../../fixtures/fits.js";

const ids = (r: FitResult) => resultSections(r, null).map((s) => s.id);

describe("resultSections", () => {
  it("follows the report's order, treatment differences first", () => {
    expect(ids(fevFit())).toEqual(["differences", "model", "covariance", "fit", "fixed", "type3", "lsmeans", "residuals"]);
  });

  it("builds each section's tables from src-core/present", () => {
    const sections = resultSections(fevFit(), null, "fev_data.csv");
    const tables = (id: string) => sections.find((s) => s.id === id)!.tables().map((t) => t.id);
    expect(tables("differences")).toEqual(["differences"]);
    expect(tables("model")).toEqual(["model", "convergence"]);
    expect(tables("covariance")).toEqual(["covariance_parameters", "r_matrix", "r_matrix_correlation"]);
    expect(tables("fit")).toEqual(["fit_statistics", "model_summaries"]);
    expect(tables("fixed")).toEqual(["fixed_effects"]);
    expect(tables("type3")).toEqual(["type3"]);
    expect(tables("lsmeans")).toEqual(["lsmeans"]);
    const model = sections.find((s) => s.id === "model")!.tables()[0];
    expect(model.rows[0]).toEqual(["Data set", "fev_data.csv"]);
    const diff = sections[0].tables()[0];
    expect(diff.rows.map((r) => [r[0], r[1]])).toEqual([["TRT - PBO", "VIS1"], ["TRT - PBO", "VIS2"], ["TRT - PBO", "VIS3"], ["TRT - PBO", "VIS4"]]);
    expect(diff.rows[3][2]).toBeCloseTo(4.398536752184522, 12);
  });

  it("draws the forest plot and the LS means along the data's visit order when given", () => {
    const sections = resultSections(fevFit(), ["VIS4", "VIS3", "VIS2", "VIS1"]);
    const forest = sections[0].charts()[0];
    expect(forest.id).toBe("lsmeans-differences");
    const lsmeans = sections.find((s) => s.id === "lsmeans")!.charts()[0];
    expect(lsmeans.id).toBe("lsmeans-profile");
    const axis = (lsmeans.option.xAxis as { data?: string[] }[]).find((a) => a.data)!;
    expect(axis.data).toEqual(["VIS4", "VIS3", "VIS2", "VIS1"]);
  });

  it("keeps the residual and BLUP figures closed, and adds BLUPs for a random-effects model", () => {
    const sections = resultSections(sleepstudyFit(), null);
    expect(sections.map((s) => s.id)).toEqual(["model", "covariance", "fit", "fixed", "type3", "residuals", "blups"]);
    expect(sections.filter((s) => s.heavy).map((s) => s.id)).toEqual(["residuals", "blups"]);
    expect(sections.find((s) => s.id === "residuals")!.charts().map((c) => c.id)).toEqual(["residuals-fitted", "residuals-qq"]);
    const blups = sections.find((s) => s.id === "blups")!;
    expect(blups.charts().map((c) => c.id)).toEqual(["blups-subject-intercept", "blups-subject-days"]);
    expect(blups.slowCharts).toBeUndefined();
  });

  it("asks before drawing caterpillar plots of thousands of levels", () => {
    const r = sleepstudyFit();
    const set = r.blups[0];
    const levels = Array.from({ length: 2500 }, (_, i) => `S${i}`);
    const big: FitResult = { ...r, blups: [{ ...set, levels, values: levels.map(() => [1, 0.5]), predictionVariance: levels.map(() => [1, 1]) }] };
    expect(resultSections(big, null).find((s) => s.id === "blups")!.slowCharts).toBe("The 2 caterpillar plots have up to 2500 levels each: drawing takes a while.");
  });

  it("shows only the model and convergence of a fit that did not converge, as the report does", () => {
    const sections = resultSections(notConverged(fevFit()), null);
    expect(sections.map((s) => s.id)).toEqual(["model"]);
    const convergence = sections[0].tables()[1];
    expect(convergence.rows[0]).toEqual(["Status", "DID NOT CONVERGE"]);
  });
});

describe("tablePage", () => {
  const table = { id: "blups", title: "BLUPs", labels: 1, columns: [{ key: "k", header: "K", kind: "count" as const }], rows: Array.from({ length: 450 }, (_, i) => [i]) };

  it("gives a page of rows and says which", () => {
    const p = tablePage(table, 1, 200);
    expect(p.rows.map((r) => r[0])).toEqual(Array.from({ length: 200 }, (_, i) => 200 + i));
    expect(p.note).toBe("Rows 201–400 of 450; Copy copies these rows only, and the report's blups.csv holds them all.");
    expect(tablePage(table, 9, 200).rows.length).toBe(50);
  });

  it("leaves a short table alone", () => {
    const short = { ...table, rows: table.rows.slice(0, 10) };
    expect(tablePage(short, 0, 200)).toBe(short);
  });
});
