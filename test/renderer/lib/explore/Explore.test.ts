import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DataSummary, DatasetDetail, ObservedTrajectories, VariableRoles } from "../../../../src-main/api/contract.js";
import { emptyRoles } from "../../../../src-core/data/roles.js";
import Explore from "../../../../src-renderer/lib/steps/Explore.svelte";
import { importSession } from "../../../../src-renderer/lib/import/import-session.svelte.js";
import { AppState } from "../../../../src-renderer/lib/state/app.svelte.js";
import { fakeClient, type FakeClient } from "../../fixtures/client.js";

vi.mock("../../../../src-renderer/lib/components/Chart.svelte", async () => ({ default: (await import("./ChartStub.svelte")).default }));

const roles: VariableRoles = { ...emptyRoles(), subject: "USUBJID", visit: "AVISIT", visitOrder: "AVISITN", arm: "ARMCD", outcome: "FEV1", parameter: "PARAMCD" };
const dataset: DatasetDetail = {
  datasetId: 3, studyId: 1, name: "fev_data.csv", version: 1, format: "csv", rows: 800, columns: 6, size: 1, sha256: "ab", importedAt: "", importedBy: "",
  columnInfo: [], roles, suggestedRoles: roles,
};
const summary: DataSummary = {
  outcome: "FEV1", arm: "ARMCD", visit: "AVISIT", subject: "USUBJID",
  rows: { considered: 800, missingKey: 0, nonNumericOutcome: 0 },
  arms: [{ arm: "PBO", subjects: 105, withOutcome: 104 }, { arm: "TRT", subjects: 92, withOutcome: 92 }],
  visits: ["VIS1", "VIS2"],
  cells: [
    { arm: "PBO", visit: "VIS1", n: 70, mean: 33.33, sd: 8.1 }, { arm: "PBO", visit: "VIS2", n: 60, mean: 38.17, sd: 7.9 },
    { arm: "TRT", visit: "VIS1", n: 68, mean: 37.19, sd: 8.3 }, { arm: "TRT", visit: "VIS2", n: 66, mean: 41.91, sd: 8.0 },
  ],
  dropout: [
    { arm: "PBO", lastVisit: "VIS1", subjects: 40 }, { arm: "PBO", lastVisit: "VIS2", subjects: 64 }, { arm: "PBO", lastVisit: null, subjects: 1 },
    { arm: "TRT", lastVisit: "VIS1", subjects: 26 }, { arm: "TRT", lastVisit: "VIS2", subjects: 66 }, { arm: "TRT", lastVisit: null, subjects: 0 },
  ],
};
const trajectories: ObservedTrajectories = {
  outcome: "FEV1", visits: ["VIS1", "VIS2"], subjectsPerArm: { PBO: 104, TRT: 92 },
  subjects: [
    { subject: "PT1", arm: "PBO", values: [30, 35] }, { subject: "PT2", arm: "PBO", values: [null, 40] },
    { subject: "PT3", arm: "TRT", values: [36, 44] },
  ],
};

let api: FakeClient;
let app: AppState;

beforeEach(() => {
  api = fakeClient();
  api.summariseData.mockResolvedValue(summary);
  api.observedTrajectories.mockResolvedValue(trajectories);
  app = new AppState(api);
  app.dataset = dataset;
  app.roles = roles;
  app.selection = { where: 'PARAMCD == "FEV1"' };
  app.step = "explore";
});
afterEach(() => cleanup());

describe("Explore", () => {
  it("summarises the selected rows with the report's tables and the observed-means chart", async () => {
    render(Explore, { app });
    const box = await screen.findByTestId("explore-summary");
    expect(api.summariseData).toHaveBeenCalledWith(3, roles, { where: 'PARAMCD == "FEV1"' });
    expect(api.observedTrajectories).toHaveBeenCalledWith(3, roles, { where: 'PARAMCD == "FEV1"' }, 50);
    expect(screen.getByTestId("explore-where").textContent).toBe('PARAMCD == "FEV1"');
    expect([...box.querySelectorAll("[data-table]")].map((t) => t.getAttribute("data-table"))).toEqual(["subjects", "observations", "dropout", "observed_means"]);
    expect(box.querySelector('[data-chart="observed-means"]')).toBeTruthy();
    expect([...box.querySelectorAll('[data-table="observed_means"] tbody tr:first-child td')].map((td) => td.textContent)).toEqual(["PBO", "VIS1", "70", "33.33", "8.1"]);
    expect(box.textContent).toContain("800 rows considered.");
    expect(screen.queryByText(/mix parameters/)).toBeNull();
  });

  it("draws a spaghetti plot of every arm, or of one arm chosen", async () => {
    render(Explore, { app });
    const plot = await screen.findByTestId("spaghetti");
    const figure = () => plot.querySelector('[data-chart="observed-trajectories"]') as HTMLElement;
    expect(figure().dataset.series).toBe("3");
    expect(figure().textContent).toContain("PBO: 2 of 104 subjects; TRT: 1 of 92 subjects.");
    const arm = screen.getByTestId("spaghetti-arm") as HTMLSelectElement;
    expect([...arm.options].map((o) => o.textContent)).toEqual(["All arms", "PBO", "TRT"]);
    await fireEvent.change(arm, { target: { value: "TRT" } });
    await waitFor(() => expect(figure().dataset.series).toBe("1"));
    expect(figure().textContent).toContain("Observed FEV1 by subject in TRT");
    expect(figure().textContent).not.toContain("PBO: 2");
  });

  it("says which roles to choose, and leads back to Import, when some are missing", async () => {
    app.roles = { ...roles, arm: null, outcome: null };
    app.study = { studyId: 1, name: "S", description: "", isDemo: false, createdAt: "", createdBy: "", datasets: 1 };
    render(Explore, { app });
    expect(screen.getByTestId("explore-missing-roles").textContent).toContain("Choose columns for the Treatment arm and Outcome roles first");
    expect(api.summariseData).not.toHaveBeenCalled();
    importSession(app).view = "file";
    await fireEvent.click(screen.getByRole("button", { name: "Choose them in Import" }));
    expect(app.step).toBe("import");
    expect(importSession(app).view).toBe("mapping");
  });

  it("warns when the rows mix parameters", async () => {
    app.selection = {};
    render(Explore, { app });
    expect(screen.getByText(/No value of the parameter PARAMCD is chosen/)).toBeTruthy();
    expect(screen.getByTestId("explore-where").textContent).toBe("all rows of fev_data.csv");
  });

  it("shows the service's error as the notice", async () => {
    api.summariseData.mockRejectedValue(new Error('unknown column "FEV1" in the outcome role; did you mean "FEV"?'));
    render(Explore, { app });
    await waitFor(() => expect(app.notice?.text).toBe('unknown column "FEV1" in the outcome role; did you mean "FEV"?'));
    expect(screen.queryByTestId("explore-summary")).toBeNull();
  });
});
