import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DataSummary, DatasetDetail, StructureTable } from "../../../../src-main/api/contract.js";
import Results from "../../../../src-renderer/lib/steps/Results.svelte";
import { AppState } from "../../../../src-renderer/lib/state/app.svelte.js";
import { fakeClient, type FakeClient } from "../../fixtures/client.js";
import { fevFit, fevStructures, fitRecord, notConverged, sleepstudyFit } from "../../fixtures/fits.js";

// ECharts needs a canvas or a real layout; the charts' options are tested in sections.test.ts.
vi.mock("../../../../src-renderer/lib/components/Chart.svelte", async () => ({ default: (await import("./ChartStub.svelte")).default }));

const fevDataset: DatasetDetail = {
  datasetId: 3, studyId: 1, name: "fev_data.csv", version: 2, format: "csv", rows: 800, columns: 10, size: 1, sha256: "ab", importedAt: "", importedBy: "", columnInfo: [],
  roles: { subject: "USUBJID", visit: "AVISIT", visitOrder: "AVISITN", time: null, arm: "ARMCD", outcome: "FEV1", baseline: null, parameter: null, site: null, filters: [] },
  suggestedRoles: { subject: null, visit: null, visitOrder: null, time: null, arm: null, outcome: null, baseline: null, parameter: null, site: null, filters: [] },
};

let api: FakeClient;
let app: AppState;

beforeEach(() => {
  api = fakeClient();
  api.getDataset.mockRejectedValue(new Error("no dataset"));
  api.summariseData.mockResolvedValue({ visits: ["VIS1", "VIS2", "VIS3", "VIS4"] } as DataSummary);
  app = new AppState(api);
});
afterEach(() => cleanup());

describe("Results while a fit runs", () => {
  it("shows the phase, the iteration with −2 log L, the elapsed time, and cancels", async () => {
    api.cancelFit.mockResolvedValue(undefined);
    app.spec = fevFit().spec;
    app.job = { jobId: "j1", status: "running", progress: { phase: "optimise", iteration: 3, m2logLik: 3390.12345 }, startedAt: performance.now() - 2500, message: null };
    render(Results, { app });
    const panel = screen.getByTestId("fit-progress");
    expect(panel.textContent).toContain("Optimising the REML likelihood…");
    expect(screen.getByTestId("fit-iteration").textContent).toBe("Iteration 3: −2 Res Log Likelihood 3390.1235");
    expect(screen.getByTestId("fit-elapsed").textContent).toMatch(/^Elapsed 2\.\d s$/);
    await fireEvent.click(screen.getByTestId("cancel-fit"));
    expect(api.cancelFit).toHaveBeenCalledWith("j1");
    expect((screen.getByTestId("cancel-fit") as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows a failure in the service's words with advice, and a cancelled fit with the way back", async () => {
    app.job = { jobId: "j1", status: "failed", progress: { phase: "optimise" }, startedAt: 0, message: "the starting values give a covariance matrix that is not positive definite" };
    render(Results, { app });
    const error = screen.getByTestId("fit-error");
    expect(error.textContent).toContain("The fit failed: the starting values give a covariance matrix that is not positive definite");
    expect(error.textContent).toContain("try a residual structure with fewer parameters");
    cleanup();
    app.job = { ...app.job, status: "cancelled", message: null };
    render(Results, { app });
    expect(screen.getByTestId("fit-cancelled").textContent).toContain("The fit was cancelled");
    expect(screen.getByRole("button", { name: "Back to Model" })).toBeTruthy();
  });
});

describe("Results without a running fit", () => {
  it("says what to do when there is no fit", () => {
    render(Results, { app });
    expect(screen.getByText("No fit to show yet. Define the model and fit it in the Model step.")).toBeTruthy();
    const go = screen.getByRole("button", { name: "Go to Model" }) as HTMLButtonElement;
    expect(go.disabled).toBe(true);
    expect(go.title).toBe("Import or open a dataset first");
  });

  it("drops an earlier failure once another fit is open", () => {
    app.job = { jobId: "j1", status: "failed", progress: { phase: "load" }, startedAt: 0, message: "no rows are left to fit" };
    app.fit = fitRecord(fevFit());
    render(Results, { app });
    expect(screen.queryByTestId("fit-error")).toBeNull();
    expect(screen.getByTestId("convergence")).toBeTruthy();
  });
});

describe("Results of a stored fit", () => {
  it("shows the header, the convergence, and the differences table first", async () => {
    app.analysisName = "Primary MMRM";
    app.dataset = fevDataset;
    app.roles = fevDataset.roles;
    app.fit = { ...fitRecord(fevFit()), analysisId: 4 };
    const { container } = render(Results, { app });
    expect(screen.getByTestId("analysis-name").textContent).toBe("Primary MMRM fit 7");
    expect(screen.getByTestId("fit-header").textContent).toContain("Satterthwaite");
    expect(screen.getByTestId("convergence").textContent).toContain("Converged in 6 iterations");
    const sections = [...container.querySelectorAll("details[data-section]")].map((d) => d.getAttribute("data-section"));
    expect(sections).toEqual(["differences", "model", "covariance", "fit", "fixed", "type3", "lsmeans", "residuals"]);
    const differences = container.querySelector('[data-table="differences"]')!;
    const firstRow = [...differences.querySelectorAll("tbody tr")[0].querySelectorAll("td")].map((td) => td.textContent);
    // SAS's formats: estimate BEST-like, df 2 decimals (Satterthwaite), p PVALUE6.4
    expect(firstRow.slice(0, 2)).toEqual(["TRT - PBO", "VIS1"]);
    expect(firstRow[2]).toBe("3.7744");
    expect(container.querySelector('[data-table="type3"]')).not.toBeNull();
    // the heavy sections are closed and have built nothing
    expect(container.querySelector('[data-section="residuals"] [data-chart]')).toBeNull();
    expect(container.querySelector('[data-section="differences"] [data-chart="lsmeans-differences"]')).not.toBeNull();
    await vi.waitFor(() => expect(screen.getByTestId("fit-header").textContent).toContain("fev_data.csv (version 2)"));
    expect(api.summariseData).toHaveBeenCalledWith(3, { ...fevDataset.roles, subject: "USUBJID", visit: "AVISIT", arm: "ARMCD", outcome: "FEV1" }, {});
  });

  it("names a stored fit after its saved analysis, not after the last fit started", async () => {
    api.getDataset.mockResolvedValue(fevDataset);
    api.listAnalyses.mockResolvedValue([{ analysisId: 2, studyId: 1, datasetId: 3, name: "Sensitivity: CS", spec: fevFit().spec, roles: fevDataset.roles, createdAt: "" }]);
    app.analysisName = "Primary MMRM";
    app.fit = { ...fitRecord(fevFit(), 5), analysisId: 2 };
    render(Results, { app });
    await vi.waitFor(() => expect(screen.getByTestId("analysis-name").textContent).toBe("Sensitivity: CS fit 5"));
    expect(api.listAnalyses).toHaveBeenCalledWith(1);
    cleanup();
    app.fit = fitRecord(fevFit(), 6);
    render(Results, { app });
    expect(screen.getByTestId("analysis-name").textContent).toBe("Fit 6 fit 6");
  });

  it("opens a closed section from the navigation", async () => {
    app.fit = fitRecord(fevFit());
    const { container } = render(Results, { app });
    await fireEvent.click(within(screen.getByRole("navigation", { name: "Result sections" })).getByRole("button", { name: "Residual diagnostics" }));
    expect([...container.querySelectorAll('[data-section="residuals"] [data-chart]')].map((c) => c.getAttribute("data-chart"))).toEqual(["residuals-fitted", "residuals-qq"]);
  });

  it("shows no estimates for a fit that did not converge, and says what to try", () => {
    app.fit = fitRecord(notConverged(fevFit()));
    const { container } = render(Results, { app });
    const banner = screen.getByTestId("convergence");
    expect(banner.getAttribute("data-converged")).toBe("false");
    expect(banner.textContent).toContain("The fit did NOT converge: no convergence after 100 iterations");
    expect(banner.textContent).toContain("Try a simpler residual structure");
    expect(container.querySelector('[data-table="differences"]')).toBeNull();
    expect(container.querySelector('[data-table="fixed_effects"]')).toBeNull();
    expect(container.querySelector('[data-table="convergence"]')).not.toBeNull();
    // comparing structures is the usual remedy, so it stays
    expect((screen.getByTestId("compare-structures") as HTMLButtonElement).disabled).toBe(false);
  });

  it("explains a warning", () => {
    const r = sleepstudyFit();
    app.fit = fitRecord({ ...r, diagnostics: { ...r.diagnostics, warnings: ["random effects for Subject: the variance of Days is estimated at zero (singular fit)"] } });
    render(Results, { app });
    expect(screen.getByTestId("fit-warnings").textContent).toContain("The random effect can be dropped");
    expect(screen.getByTestId("compare-structures").getAttribute("title")).toMatch(/^The model has no residual covariance term/);
  });

  it("pages the BLUPs", async () => {
    const r = sleepstudyFit();
    const levels = Array.from({ length: 150 }, (_, i) => `S${i + 1}`);
    app.fit = fitRecord({ ...r, blups: [{ ...r.blups[0], levels, values: levels.map((_, i) => [i, 0]), predictionVariance: levels.map(() => [1, 1]) }] });
    const { container } = render(Results, { app });
    await fireEvent.click(within(screen.getByRole("navigation", { name: "Result sections" })).getByRole("button", { name: "BLUPs" }));
    const rows = () => [...container.querySelectorAll('[data-table="blups"] tbody tr')];
    expect(rows().length).toBe(200);
    expect(container.querySelector('[data-table="blups"] .note')!.textContent).toBe("Rows 1–200 of 300; Copy copies these rows only, and the report's blups.csv holds them all.");
    await fireEvent.click(screen.getByRole("button", { name: "Next 200" }));
    expect(rows().length).toBe(100);
    expect(rows()[0].querySelectorAll("td")[1].textContent).toBe("S101");
  });
});

describe("Comparing residual structures", () => {
  it("shows progress, then the table with the best AIC marked, and refits with the best BIC", async () => {
    let finish!: (t: StructureTable) => void;
    api.compareStructures.mockImplementation(() => new Promise((resolve) => { finish = resolve; }));
    app.fit = fitRecord(fevFit());
    render(Results, { app });
    await fireEvent.click(screen.getByTestId("compare-structures"));
    const request = api.compareStructures.mock.calls[0][0];
    expect(request).toMatchObject({ datasetId: 3, spec: fevFit().spec });
    expect(request.jobId).toMatch(/^[0-9a-f-]{36}$/);
    api.emit({ kind: "structures-progress", jobId: request.jobId!, done: 1, total: 7, structure: "us", next: "toeph" });
    api.emit({ kind: "structures-progress", jobId: "someone-else", done: 5, total: 7, structure: "cs", next: null });
    api.emit({ kind: "structures-progress", jobId: request.jobId!, done: 2, total: 7, structure: "toeph", next: "ar1h" });
    await vi.waitFor(() => expect(screen.getByTestId("structures-progress").textContent).toBe("Fitting 3 of 7: Heterogeneous Autoregressive (ARH(1))…"));
    finish(fevStructures());
    const table = await screen.findByTestId("structure-table");
    const highlighted = [...table.querySelectorAll("tr.highlight td")].map((td) => td.textContent);
    expect(highlighted.slice(0, 5)).toEqual(["Unstructured (UN)", "yes", "10", "3386.4", "3406.4"]);
    expect(screen.getByTestId("structure-choice").textContent).toContain("Smallest BIC: Heterogeneous Compound Symmetry (CSH).");

    // the refit needs the fit's dataset open
    const refit = screen.getByTestId("refit-structure") as HTMLButtonElement;
    expect(refit.textContent!.trim()).toBe("Refit with Heterogeneous Compound Symmetry (CSH)");
    expect(refit.disabled).toBe(true);
    expect(refit.title).toMatch(/^Open this fit's dataset first/);
  });

  it("refits with the chosen structure as a new analysis of the open dataset", async () => {
    api.compareStructures.mockResolvedValue(fevStructures());
    api.saveAnalysis.mockImplementation(async (a) => ({ analysisId: 9, createdAt: "", ...a }));
    api.startFit.mockResolvedValue({ jobId: "j2" });
    app.study = { studyId: 1, name: "FEV study", description: "", isDemo: false, createdAt: "", createdBy: "", datasets: 1 };
    app.dataset = fevDataset;
    app.analysisName = "Primary MMRM";
    app.fit = { ...fitRecord({ ...fevFit(), spec: { ...fevFit().spec, parms: { values: [1, 2] } } }), analysisId: 4 };
    render(Results, { app });
    await fireEvent.click(screen.getByTestId("compare-structures"));
    await fireEvent.click(await screen.findByTestId("refit-structure"));
    await vi.waitFor(() => expect(api.startFit).toHaveBeenCalled());
    // the fixture's spec has no parms: the refit's spec is it with the new formula, the old parms left out
    const spec = fevFit().spec;
    expect(api.startFit).toHaveBeenCalledWith({ datasetId: 3, analysisId: 9, spec: { ...spec, formula: "FEV1 ~ RACE + SEX + ARMCD * AVISIT + csh(AVISIT | USUBJID)" } });
    expect(api.saveAnalysis.mock.calls[0][0].name).toBe("Primary MMRM (CSH)");
    expect(app.job?.jobId).toBe("j2");
    expect(app.fit).toBeNull();
  });

  it("cancels a running comparison without an error", async () => {
    let fail!: (e: Error) => void;
    api.compareStructures.mockImplementation(() => new Promise((_, reject) => { fail = reject; }));
    api.cancelFit.mockImplementation(async () => fail(new Error("the fit was cancelled")));
    app.fit = fitRecord(fevFit());
    render(Results, { app });
    await fireEvent.click(screen.getByTestId("compare-structures"));
    await fireEvent.click(screen.getByTestId("cancel-structures"));
    await screen.findByText("The comparison was cancelled.");
    expect(app.notice).toBeNull();
    expect(api.cancelFit).toHaveBeenCalledWith(api.compareStructures.mock.calls[0][0].jobId);
  });

  it("shows the service's error as the notice", async () => {
    api.compareStructures.mockRejectedValue(new Error("comparing residual structures needs a residual covariance term in the formula"));
    app.fit = fitRecord(fevFit());
    render(Results, { app });
    await fireEvent.click(screen.getByTestId("compare-structures"));
    await vi.waitFor(() => expect(app.notice).toEqual({ kind: "error", text: "comparing residual structures needs a residual covariance term in the formula" }));
  });
});
