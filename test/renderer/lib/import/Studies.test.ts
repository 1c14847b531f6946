import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DatasetDetail, DatasetInfo, Study } from "../../../../src-main/api/contract.js";
import { emptyRoles } from "../../../../src-core/data/roles.js";
import Studies from "../../../../src-renderer/lib/steps/Studies.svelte";
import { importSession } from "../../../../src-renderer/lib/import/import-session.svelte.js";
import { AppState } from "../../../../src-renderer/lib/state/app.svelte.js";
import { fakeClient, type FakeClient } from "../../fixtures/client.js";
import { fevFit, fitRecord } from "../../fixtures/fits.js";

const demo: Study = { studyId: 1, name: "Demo: FEV1 MMRM", description: "The mmrm package's example", isDemo: true, createdAt: "2025-01-02T10:00:00Z", createdBy: "ann", datasets: 1 };
const other: Study = { studyId: 2, name: "ABC-123", description: "", isDemo: false, createdAt: "2025-02-03T10:00:00Z", createdBy: "ann", datasets: 0 };
const fev: DatasetInfo = { datasetId: 7, studyId: 1, name: "fev_data.csv", version: 2, format: "csv", rows: 800, columns: 10, size: 1, sha256: "ab", importedAt: "2025-01-02T10:00:00Z", importedBy: "ann" };
const fevDetail: DatasetDetail = { ...fev, columnInfo: [], roles: emptyRoles(), suggestedRoles: { ...emptyRoles(), subject: "USUBJID" } };

let api: FakeClient;
let app: AppState;

beforeEach(() => {
  api = fakeClient();
  app = new AppState(api);
  app.studies = [demo, other];
});
afterEach(() => cleanup());

describe("Studies", () => {
  it("lists the studies with a Demo badge and an Open button per row", () => {
    render(Studies, { app });
    const row = document.querySelector('[data-study-name="Demo: FEV1 MMRM"]') as HTMLElement;
    expect(row.textContent).toContain("Demo");
    expect(row.textContent).toContain("The mmrm package's example");
    expect(within(row).getByTestId("open-study")).toBeTruthy();
    expect(screen.getAllByTestId("open-study")).toHaveLength(2);
    expect((document.querySelector('[data-study-name="ABC-123"]') as HTMLElement).textContent).not.toContain("Demo");
  });

  it("refuses an empty or taken name without asking the service", async () => {
    render(Studies, { app });
    await fireEvent.click(screen.getByTestId("create-study"));
    expect(screen.getByTestId("new-study-problem").textContent).toBe("Enter a name for the study.");
    await fireEvent.input(screen.getByTestId("new-study-name"), { target: { value: "ABC-123" } });
    await fireEvent.click(screen.getByTestId("create-study"));
    expect(screen.getByTestId("new-study-problem").textContent).toContain('A study named "ABC-123" already exists');
    expect(api.createStudy).not.toHaveBeenCalled();
  });

  it("creates a study and opens it, offering the import", async () => {
    const created: Study = { ...other, studyId: 3, name: "XYZ-9" };
    api.createStudy.mockResolvedValue(created);
    api.listStudies.mockResolvedValue([demo, other, created]);
    api.listDatasets.mockResolvedValue([]);
    render(Studies, { app });
    await fireEvent.input(screen.getByTestId("new-study-name"), { target: { value: "  XYZ-9 " } });
    await fireEvent.click(screen.getByTestId("create-study"));
    await waitFor(() => expect(app.study?.name).toBe("XYZ-9"));
    expect(api.createStudy).toHaveBeenCalledWith("XYZ-9", undefined);
    expect(await screen.findByText(/This study has no datasets yet/)).toBeTruthy();
    await waitFor(() => expect((screen.getByTestId("new-study-name") as HTMLInputElement).value).toBe(""));
    await fireEvent.click(screen.getByTestId("go-import"));
    expect(app.step).toBe("import");
    expect(importSession(app).view).toBe("file");
  });

  it("shows the service's refusal as the notice", async () => {
    api.createStudy.mockRejectedValue(new Error('there is already a study named "Old"'));
    render(Studies, { app });
    await fireEvent.input(screen.getByTestId("new-study-name"), { target: { value: "Old" } });
    await fireEvent.click(screen.getByTestId("create-study"));
    await waitFor(() => expect(app.notice).toEqual({ kind: "error", text: 'there is already a study named "Old"' }));
  });

  it("opens a study, then a dataset into the Import step's mapping, and lists its fits", async () => {
    api.listDatasets.mockResolvedValue([fev]);
    api.getDataset.mockResolvedValue(fevDetail);
    api.listFits.mockResolvedValue([
      { fitId: 11, datasetId: 7, analysisId: 4, converged: true, createdAt: "2025-01-03T10:00:00Z" },
      { fitId: 12, datasetId: 7, analysisId: null, converged: false, createdAt: "2025-01-04T10:00:00Z" },
    ]);
    api.listAnalyses.mockResolvedValue([{ analysisId: 4, studyId: 1, datasetId: 7, name: "Primary MMRM", spec: fevFit().spec, roles: emptyRoles(), createdAt: "" }]);
    api.getFit.mockResolvedValue(fitRecord(fevFit(), 11));
    render(Studies, { app });
    await fireEvent.click(within(document.querySelector('[data-study-name="Demo: FEV1 MMRM"]') as HTMLElement).getByTestId("open-study"));
    const list = await screen.findByTestId("dataset-list");
    expect(list.textContent).toContain("fev_data.csv");
    expect(list.textContent).toContain("800");
    importSession(app).view = "file";
    await fireEvent.click(screen.getByTestId("open-dataset"));
    await waitFor(() => expect(app.step).toBe("import"));
    expect(api.getDataset).toHaveBeenCalledWith(7);
    expect(importSession(app).view).toBe("mapping");
    expect(app.roles.subject).toBe("USUBJID"); // nothing saved: the suggestion

    // back on Studies, the open dataset's fits are listed, newest first
    app.step = "studies";
    const fits = await screen.findByTestId("dataset-fits");
    await waitFor(() => expect(fits.querySelectorAll("tbody tr")).toHaveLength(2));
    const rows = [...fits.querySelectorAll("tbody tr")].map((r) => r.textContent);
    expect(rows[0]).toContain("12");
    expect(rows[0]).toContain("No");
    expect(rows[1]).toContain("Primary MMRM");
    await fireEvent.click(within(fits.querySelector('[data-fit-id="11"]') as HTMLElement).getByRole("button", { name: "Show results" }));
    await waitFor(() => expect(app.step).toBe("results"));
    expect(api.getFit).toHaveBeenCalledWith(11);
  });
});
