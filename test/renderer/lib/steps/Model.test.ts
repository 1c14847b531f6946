import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnalysisInfo, ColumnLevels, DatasetDetail } from "../../../../src-main/api/contract.js";
import Model from "../../../../src-renderer/lib/steps/Model.svelte";
import { AppState } from "../../../../src-renderer/lib/state/app.svelte.js";
import { fakeClient, type FakeClient } from "../../fixtures/client.js";
import { FEV_COLUMNS, FEV_ROLES } from "../model/fixtures.js";

const LEVELS: Record<string, string[]> = {
  ARMCD: ["PBO", "TRT"],
  AVISIT: ["VIS1", "VIS2", "VIS3", "VIS4"],
  RACE: ["Asian", "Black or African American", "White"],
  SEX: ["Female", "Male"],
};

const fevDataset: DatasetDetail = {
  datasetId: 7, studyId: 1, name: "fev_data.csv", version: 1, format: "csv", rows: 800, columns: FEV_COLUMNS.length, size: 1, sha256: "ab",
  importedAt: "", importedBy: "", columnInfo: FEV_COLUMNS, roles: FEV_ROLES, suggestedRoles: FEV_ROLES,
};

const MMRM = "FEV1 ~ FEV1_BL + ARMCD * AVISIT + us(AVISIT | USUBJID)";

let api: FakeClient;
let app: AppState;

beforeEach(() => {
  api = fakeClient();
  api.columnLevels.mockImplementation(async (_id: number, column: string): Promise<ColumnLevels> => ({
    column, levels: (LEVELS[column] ?? []).map((value) => ({ value, rows: 200 })), missing: 0, truncated: false,
  }));
  api.saveAnalysis.mockImplementation(async (a) => ({ ...a, analysisId: 11, createdAt: "" }) as AnalysisInfo);
  api.startFit.mockResolvedValue({ jobId: "job-1" });
  app = new AppState(api);
  app.study = { studyId: 1, name: "Demo", description: "", isDemo: true, createdAt: "", createdBy: "", datasets: 1 };
  app.dataset = fevDataset;
  app.roles = FEV_ROLES;
  app.step = "model";
});
afterEach(() => cleanup());

// Structural views of the form elements: this file is also type-checked by the root tsconfig, which has no DOM lib.
interface OptionLike { value: string; textContent: string | null; selected: boolean }
interface SelectLike { value: string; options: ArrayLike<OptionLike> & Iterable<OptionLike>; selectedOptions: ArrayLike<OptionLike> }
interface InputLike { value: string; disabled: boolean; title: string }

function select(testid: string): SelectLike {
  return screen.getByTestId(testid) as unknown as SelectLike;
}

function input(testid: string): InputLike {
  return screen.getByTestId(testid) as unknown as InputLike;
}

async function choose(testid: string, value: string): Promise<void> {
  select(testid).value = value;
  await fireEvent.change(screen.getByTestId(testid));
}

describe("Model step", () => {
  it("starts from the MMRM template and shows its formula", async () => {
    render(Model, { app });
    expect(screen.getByTestId("formula-preview").textContent).toBe(MMRM);
    expect(select("model-outcome").value).toBe("FEV1");
    expect(select("model-structure").value).toBe("us");
    expect(select("model-structure").selectedOptions[0].textContent).toBe("Unstructured (UN)");
    expect(select("model-ddf").selectedOptions[0].textContent).toBe("Kenward-Roger");
    expect(input("model-name").value).toBe("MMRM FEV1");
    // The arm's levels arrive from columnLevels; the placebo arm becomes the reference.
    await waitFor(() => expect(select("model-ref-arm").value).toBe("PBO"));
    expect([...select("model-ref-visit").options].map((o) => o.textContent)).toEqual(["First level (VIS1)", "VIS1", "VIS2", "VIS3", "VIS4"]);
    expect(screen.getByTestId("validation").querySelectorAll("li")).toHaveLength(0);
    expect(input("fit-button").disabled).toBe(false);
  });

  it("offers reference levels among the rows the analysis selects", async () => {
    app.selection = { where: 'ARMCD == "TRT"' };
    render(Model, { app });
    await waitFor(() => expect(api.columnLevels).toHaveBeenCalledWith(7, "ARMCD", 'ARMCD == "TRT"'));
    expect(api.columnLevels.mock.calls.every((c) => c[2] === 'ARMCD == "TRT"')).toBe(true);
  });

  it("updates the formula when the structure changes to AR(1), and the spec with it", async () => {
    render(Model, { app });
    await choose("model-structure", "ar1");
    expect(select("model-structure").selectedOptions[0].textContent).toBe("Autoregressive (AR(1))");
    expect(screen.getByTestId("formula-preview").textContent).toBe("FEV1 ~ FEV1_BL + ARMCD * AVISIT + ar1(AVISIT | USUBJID)");
    expect(JSON.parse(screen.getByTestId("spec-json").textContent ?? "").formula).toContain("ar1(AVISIT | USUBJID)");
    await fireEvent.click(screen.getByTestId("model-per-arm"));
    expect(screen.getByTestId("formula-preview").textContent).toBe("FEV1 ~ FEV1_BL + ARMCD * AVISIT + ar1(AVISIT | ARMCD / USUBJID)");
  });

  it("adds a random site intercept and SAS's iterations to the formula and the spec", async () => {
    render(Model, { app });
    await choose("model-site", "RACE"); // fev_data has no site column; any column shows the wiring
    expect(screen.getByTestId("formula-preview").textContent).toBe("FEV1 ~ FEV1_BL + ARMCD * AVISIT + (1 | RACE) + us(AVISIT | USUBJID)");
    await choose("model-convergence", "sas");
    expect(JSON.parse(screen.getByTestId("spec-json").textContent ?? "").convergence).toBe("sas");
    await choose("model-site", "");
    expect(screen.getByTestId("formula-preview").textContent).toBe(MMRM);
  });

  it("blocks the fit with a plain message when the outcome is a text column", async () => {
    render(Model, { app });
    await choose("model-outcome", "SEX");
    const items = [...screen.getByTestId("validation").querySelectorAll("li")];
    expect(items.map((li) => li.textContent)).toContain("Error: The outcome SEX is a text column; choose a numeric column.");
    const fit = input("fit-button");
    expect(fit.disabled).toBe(true);
    expect(fit.title).toBe("Fix this first: The outcome SEX is a text column; choose a numeric column.");
    await choose("model-outcome", "FEV1");
    expect(screen.getByTestId("validation").querySelectorAll("li")).toHaveLength(0);
    expect(fit.disabled).toBe(false);
  });

  it("says Kenward-Roger needs REML when ML is chosen", async () => {
    render(Model, { app });
    await choose("model-method", "ML");
    expect(screen.getByTestId("validation").textContent).toContain("Kenward-Roger needs REML; with ML choose Satterthwaite or residual df.");
    await choose("model-ddf", "satterthwaite");
    expect(screen.getByTestId("validation").textContent).not.toContain("Kenward-Roger");
  });

  it("fits: saves the analysis and starts the job with the spec shown, then moves to Results", async () => {
    render(Model, { app });
    await waitFor(() => expect(select("model-ref-arm").value).toBe("PBO"));
    await fireEvent.click(screen.getByTestId("fit-button"));
    const spec = {
      formula: MMRM, method: "REML", ddf: "kenward-roger", reference: { ARMCD: "PBO" },
      lsmeans: { specs: ["ARMCD"], by: ["AVISIT"], pairwise: true },
    };
    await waitFor(() => expect(api.startFit).toHaveBeenCalledWith({ datasetId: 7, spec, analysisId: 11 }));
    expect(api.saveAnalysis).toHaveBeenCalledWith({ studyId: 1, datasetId: 7, name: "MMRM FEV1", spec, roles: FEV_ROLES });
    expect(app.step).toBe("results");
    expect(app.job?.jobId).toBe("job-1");
  });

  it("fills the random intercept and slope template, which asks for a continuous time on fev_data", async () => {
    render(Model, { app });
    await fireEvent.click(screen.getByTestId("template-slope"));
    expect(screen.getByTestId("formula-preview").textContent).toBe("FEV1 ~ ARMCD + (1 | USUBJID)");
    expect(screen.getByTestId("validation").textContent).toContain("A random slope needs a continuous time; choose the time column.");
    await choose("model-time", "VISITN");
    expect(select("model-time-kind").value).toBe("continuous");
    expect(screen.getByTestId("formula-preview").textContent).toBe("FEV1 ~ ARMCD * VISITN + (VISITN | USUBJID)");
    expect(input("model-name").value).toBe("Random slope FEV1");
    await fireEvent.click(screen.getByTestId("template-mmrm"));
    expect(screen.getByTestId("formula-preview").textContent).toBe(MMRM);
  });

  it("prefills the where filter from the selection and checks it with the core's parser", async () => {
    app.selection = { where: 'ARMCD != "X"' };
    render(Model, { app });
    const where = input("model-where");
    expect(where.value).toBe('ARMCD != "X"');
    where.value = "ARMCD == 1";
    await fireEvent.input(screen.getByTestId("model-where"));
    expect(screen.getByTestId("validation").textContent).toContain('cannot compare the character column "ARMCD" with the number 1');
    expect(input("fit-button").disabled).toBe(true);
  });

  it("adds covariates with their reference levels", async () => {
    render(Model, { app });
    for (const o of select("model-covariates").options) o.selected = o.value === "RACE" || o.value === "SEX";
    await fireEvent.change(screen.getByTestId("model-covariates"));
    expect(screen.getByTestId("formula-preview").textContent).toBe("FEV1 ~ FEV1_BL + RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)");
    await waitFor(() => expect(select("model-covariate-ref-SEX").options).toHaveLength(3));
    await choose("model-covariate-ref-SEX", "Male");
    expect(JSON.parse(screen.getByTestId("spec-json").textContent ?? "").reference).toEqual({ ARMCD: "PBO", SEX: "Male" });
  });

  it("puts the last fitted model back in the form", async () => {
    app.spec = { formula: "FEV1 ~ RACE + ARMCD * AVISIT + cs(AVISIT | USUBJID)", method: "REML", ddf: "satterthwaite" };
    render(Model, { app });
    await fireEvent.click(screen.getByTestId("model-from-last"));
    expect(screen.getByTestId("formula-preview").textContent).toBe("FEV1 ~ RACE + ARMCD * AVISIT + cs(AVISIT | USUBJID)");
    expect(select("model-ddf").value).toBe("satterthwaite");
  });
});
