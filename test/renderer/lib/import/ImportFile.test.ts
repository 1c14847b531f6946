import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ColumnInfo, DatasetDetail, FilePreview, ImportResult, Study, VariableRoles } from "../../../../src-main/api/contract.js";
import { emptyRoles } from "../../../../src-core/data/roles.js";
import Import from "../../../../src-renderer/lib/steps/Import.svelte";
import { AppState } from "../../../../src-renderer/lib/state/app.svelte.js";
import { fakeClient, type FakeClient } from "../../fixtures/client.js";

const study: Study = { studyId: 4, name: "ABC-123", description: "", isDemo: false, createdAt: "", createdBy: "ann", datasets: 0 };
const col = (name: string, type: "numeric" | "character", inferredType = type): ColumnInfo => ({
  name, label: null, storage: "text", sourceType: null, format: null, length: null, inferredType, type,
});
const mapping: VariableRoles = { ...emptyRoles(), subject: "USUBJID", visit: "AVISIT", arm: "ARMCD", outcome: "FEV1" };
const preview = (types: Record<string, "numeric" | "character"> = {}): FilePreview => ({
  name: "fev.csv", format: "csv", size: 2048, readOptions: { delimiter: ";", decimalComma: true, encoding: "utf-8" }, rows: 800,
  columnInfo: [col("USUBJID", "character"), col("SITEID", types.SITEID ?? "numeric", "numeric"), col("AVISIT", "character"), col("ARMCD", "character"), col("FEV1", "numeric")],
  head: [["PT1", 1, "VIS1", "PBO", 39.97], ["PT1", 1, "VIS2", "PBO", null]],
  mapping,
});
const result: ImportResult = {
  studyId: 4, datasetId: 9, name: "fev.csv", version: 1, format: "csv", rows: 800, columns: ["USUBJID", "SITEID", "AVISIT", "ARMCD", "FEV1"], size: 2048, sha256: "cd",
  readOptions: {}, columnInfo: preview().columnInfo, mapping,
  mappingReasons: { subject: "ADaM BDS name USUBJID", outcome: "chosen by hand", arm: "ADaM BDS name ARMCD" },
  findings: [{ code: "missing-outcome", severity: "note", message: "93 rows have no FEV1; they are left out of the fit", rows: [2], subjects: ["PT1"] }],
};
const detail: DatasetDetail = { ...result, studyId: 4, importedAt: "", importedBy: "ann", roles: emptyRoles(), suggestedRoles: mapping, columns: 5 };

let api: FakeClient;
let app: AppState;

beforeEach(() => {
  api = fakeClient();
  app = new AppState(api);
  app.study = study;
  app.host = { kind: "web", version: "0.1.0", dbPath: "/tmp/x.sqlite", exportRoot: "/tmp" };
  app.step = "import";
  api.fileToPath.mockImplementation(async (_file: File, onProgress?: (f: number) => void) => {
    onProgress?.(0.5);
    return "/uploads/1/fev.csv";
  });
  api.previewFile.mockImplementation(async (_path: string, options?: { types?: Record<string, "numeric" | "character"> }) => preview(options?.types));
});
afterEach(() => cleanup());

async function choose() {
  const file = new File(["USUBJID;SITEID\n"], "fev.csv", { type: "text/csv" });
  await fireEvent.change(screen.getByTestId("file-input"), { target: { files: [file] } });
  await screen.findByTestId("preview");
  return file;
}

describe("choosing and previewing a file", () => {
  it("uploads the file, reads it as the import would and shows its columns and first rows", async () => {
    render(Import, { app });
    expect((screen.getByTestId("file-input") as HTMLInputElement).accept).toBe(".csv,.xlsx,.xpt,.json,.ndjson");
    expect(screen.queryByRole("button", { name: "Choose file…" })).toBeNull(); // the web host has no native dialog
    const file = await choose();
    expect(api.fileToPath).toHaveBeenCalledWith(file, expect.any(Function));
    expect(api.previewFile).toHaveBeenCalledWith("/uploads/1/fev.csv", {});
    const box = screen.getByTestId("preview");
    expect(box.textContent).toContain("CSV · 2.0 KB · 800 rows · 5 columns");
    expect(screen.getByTestId("preview-table").dataset.total).toBe("2");
    await waitFor(() => expect(screen.getByTestId("preview-table").querySelector('[data-row="1"]')?.textContent).toContain("39.97"));
    expect((screen.getByTestId("read-delimiter") as HTMLSelectElement).options[0].textContent).toBe("Detect (found: Semicolon (;))");
    expect((screen.getByTestId("read-decimal") as HTMLSelectElement).value).toBe("comma");
  });

  it("reads the file again with a type override, and keeps the old type when the reader refuses", async () => {
    render(Import, { app });
    await choose();
    await fireEvent.change(screen.getByTestId("type-SITEID"), { target: { value: "character" } });
    await waitFor(() => expect(api.previewFile).toHaveBeenLastCalledWith("/uploads/1/fev.csv", { types: { SITEID: "character" } }));
    await waitFor(() => expect(screen.getByTestId("type-SITEID").closest("tr")?.textContent).toContain("overridden"));

    api.previewFile.mockRejectedValueOnce(new Error('column "USUBJID" cannot be read as numeric: row 1 has "PT1"'));
    await fireEvent.change(screen.getByTestId("type-USUBJID"), { target: { value: "numeric" } });
    await waitFor(() => expect(app.notice?.text).toBe('column "USUBJID" cannot be read as numeric: row 1 has "PT1"'));
    await waitFor(() => expect((screen.getByTestId("type-USUBJID") as HTMLSelectElement).value).toBe("character"));
  });

  it("reads again with a delimiter chosen by hand", async () => {
    render(Import, { app });
    await choose();
    await fireEvent.change(screen.getByTestId("read-delimiter"), { target: { value: "," } });
    await waitFor(() => expect(api.previewFile).toHaveBeenLastCalledWith("/uploads/1/fev.csv", { delimiter: "," }));
  });

  it("imports with progress, then opens the dataset with the reasons for its roles and the findings", async () => {
    let finish: (r: ImportResult) => void = () => {};
    api.importFile.mockImplementation(() => new Promise((resolve) => (finish = resolve)));
    api.getDataset.mockResolvedValue(detail);
    api.listDatasets.mockResolvedValue([detail]);
    api.listStudies.mockResolvedValue([{ ...study, datasets: 1 }]);
    api.datasetRows.mockResolvedValue([]);
    api.columnLevels.mockResolvedValue({ column: "x", levels: [], missing: 0, truncated: false });
    render(Import, { app });
    await choose();
    await fireEvent.change(screen.getByTestId("type-SITEID"), { target: { value: "character" } });
    await waitFor(() => expect(api.previewFile).toHaveBeenCalledTimes(2));
    await waitFor(() => expect((screen.getByTestId("import-button") as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId("import-button"));
    expect(api.importFile).toHaveBeenCalledWith({ path: "/uploads/1/fev.csv", studyId: 4, options: { types: { SITEID: "character" } } });
    api.emit({ kind: "import-progress", path: "/uploads/1/fev.csv", progress: { stage: "read", bytesRead: 1024, totalBytes: 2048, rows: 400 } });
    api.emit({ kind: "import-progress", path: "/elsewhere.csv", progress: { stage: "check", bytesRead: 0, totalBytes: 0, rows: 9 } });
    await waitFor(() => expect(screen.getByTestId("import-progress").textContent).toContain("Reading rows: 1.0 KB of 2.0 KB, 400 rows"));
    expect((screen.getByTestId("import-button") as HTMLButtonElement).disabled).toBe(true);
    finish(result);
    await screen.findByTestId("data-table");
    expect(api.getDataset).toHaveBeenCalledWith(9);
    expect(app.dataset?.datasetId).toBe(9);
    expect(screen.getByTestId("reason-subject").textContent).toBe("ADaM BDS name USUBJID");
    expect(screen.getByTestId("findings").textContent).toContain("93 rows have no FEV1");
    expect(app.notice?.text).toBe("Imported fev.csv as version 1: 800 rows, 5 columns.");
  });

  it("shows an upload that fails in the host's words", async () => {
    api.fileToPath.mockRejectedValue(new Error("uploading fev.csv failed: the local server does not answer"));
    render(Import, { app });
    await fireEvent.change(screen.getByTestId("file-input"), { target: { files: [new File(["x"], "fev.csv")] } });
    await waitFor(() => expect(app.notice?.text).toBe("uploading fev.csv failed: the local server does not answer"));
    expect(api.previewFile).not.toHaveBeenCalled();
    expect(screen.queryByTestId("preview")).toBeNull();
  });

  it("offers the system's dialog in the desktop app", async () => {
    app.host = { kind: "electron", version: "0.1.0", dbPath: "/tmp/x.sqlite", exportRoot: "/tmp" };
    api.pickImportFile.mockResolvedValue("C:\\data\\fev.csv");
    render(Import, { app });
    await fireEvent.click(screen.getByRole("button", { name: "Choose file…" }));
    await screen.findByTestId("preview");
    expect(api.previewFile).toHaveBeenCalledWith("C:\\data\\fev.csv", {});
    expect(api.fileToPath).not.toHaveBeenCalled();
  });
});
