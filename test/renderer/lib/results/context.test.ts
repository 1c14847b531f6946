import { describe, expect, it, vi } from "vitest";
import type { DataSummary, DatasetDetail, VariableRoles } from "../../../../src-main/api/contract.js";
import { analysisTitle, headerFacts, loadFitContext, summaryRoles } from "../../../../src-renderer/lib/results/context.js";
import { fevFit, fitRecord, sleepstudyFit } from "../../fixtures/fits.js";

const roles: VariableRoles = {
  subject: "USUBJID", visit: "AVISIT", visitOrder: "AVISITN", time: null, arm: "ARMCD", outcome: "FEV1", baseline: null, parameter: null, site: null, filters: [],
};
const dataset = (datasetId: number, r: VariableRoles = roles): DatasetDetail => ({
  datasetId, studyId: 1, name: "fev_data.csv", version: 2, format: "csv", rows: 800, columns: 10, size: 1, sha256: "ab", importedAt: "", importedBy: "",
  columnInfo: [], roles: r, suggestedRoles: roles,
});
const summary = { visits: ["VIS1", "VIS2", "VIS3", "VIS4"] } as DataSummary;

describe("summaryRoles", () => {
  it("takes the response, LS-means factor, by factor and subject from the model", () => {
    const base = { ...roles, outcome: "AVAL", arm: "TRT01P" };
    expect(summaryRoles(base, fevFit())).toEqual({ ...base, outcome: "FEV1", arm: "ARMCD", visit: "AVISIT", subject: "USUBJID", visitOrder: "AVISITN" });
  });

  it("drops a visit-order column that belongs to another visit variable", () => {
    expect(summaryRoles({ ...roles, visit: "AVISITX" }, fevFit())!.visitOrder).toBeNull();
  });

  it("needs no summary without LS means by visit", () => {
    expect(summaryRoles(roles, sleepstudyFit())).toBeNull();
  });
});

describe("loadFitContext", () => {
  it("uses the open dataset and its roles when it is the fit's", async () => {
    const api = { getDataset: vi.fn(), summariseData: vi.fn(async () => summary), listAnalyses: vi.fn() };
    const c = await loadFitContext(api, fitRecord(fevFit(), 7, 3), { dataset: dataset(3), roles });
    expect(api.getDataset).not.toHaveBeenCalled();
    expect(api.summariseData).toHaveBeenCalledWith(3, { ...roles }, {});
    expect(c).toEqual({ dataset: { name: "fev_data.csv", version: 2 }, summary, analysis: null });
    expect(api.listAnalyses).not.toHaveBeenCalled();
  });

  it("reads another dataset's roles, falling back to the suggested visit order", async () => {
    const analyses = [{ analysisId: 4, studyId: 1, datasetId: 5, name: "Primary MMRM", spec: fevFit().spec, roles, createdAt: "" }];
    const api = { getDataset: vi.fn(async () => dataset(5, { ...roles, visitOrder: null })), summariseData: vi.fn(async () => summary), listAnalyses: vi.fn(async () => analyses) };
    const fit = { ...fitRecord({ ...fevFit(), spec: { ...fevFit().spec, where: 'ITTFL == "Y"' } }, 7, 5), analysisId: 4 };
    expect((await loadFitContext(api, fit, { dataset: dataset(3), roles })).analysis).toBe("Primary MMRM");
    expect(api.listAnalyses).toHaveBeenCalledWith(1);
    expect(api.getDataset).toHaveBeenCalledWith(5);
    expect(api.summariseData).toHaveBeenCalledWith(5, expect.objectContaining({ visit: "AVISIT", visitOrder: "AVISITN" }), { where: 'ITTFL == "Y"' });
  });

  it("keeps going without a summary when the service cannot make one", async () => {
    const api = { getDataset: vi.fn(async () => { throw new Error("there is no dataset 5"); }), summariseData: vi.fn(), listAnalyses: vi.fn() };
    expect(await loadFitContext(api, fitRecord(fevFit(), 7, 5), { dataset: null, roles })).toEqual({ dataset: null, summary: null, analysis: null });
  });
});

describe("headerFacts", () => {
  it("names the analysis after the saved analysis, else by its fit number", () => {
    const fit = { ...fitRecord(fevFit(), 7, 3), analysisId: 4 };
    const context = { dataset: null, summary: null, analysis: null };
    expect(analysisTitle(fit, { ...context, analysis: "Primary MMRM" }, "Last started")).toBe("Primary MMRM");
    expect(analysisTitle(fit, context, " Last started ")).toBe("Last started");
    expect(analysisTitle({ ...fit, analysisId: null }, context, "Last started")).toBe("Fit 7");
  });

  it("names the data, model, methods, observations and time", () => {
    const fit = fitRecord(fevFit(), 7, 3);
    const facts = Object.fromEntries(headerFacts(fit, { name: "fev_data.csv", version: 2 }));
    expect(Object.keys(facts)).toEqual(["Dataset", "Formula", "Method", "DF method", "Observations", "Time"]);
    expect(facts).toMatchObject({
      Dataset: "fev_data.csv (version 2)", Formula: "FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)",
      Method: "REML", "DF method": "Satterthwaite", Observations: "537 used, 263 not used (missing values)",
    });
    expect(facts.Time).toMatch(/^\d+ ms$/);
    expect(Object.fromEntries(headerFacts(fit, null)).Dataset).toBe("dataset 3");
  });
});
