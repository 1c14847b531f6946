import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ColumnInfo, DatasetDetail, Finding, Study, VariableRoles } from "../../../../src-main/api/contract.js";
import Import from "../../../../src-renderer/lib/steps/Import.svelte";
import { AppState } from "../../../../src-renderer/lib/state/app.svelte.js";
import { fakeClient, type FakeClient } from "../../fixtures/client.js";

const study: Study = { studyId: 1, name: "ABC-123", description: "", isDemo: false, createdAt: "", createdBy: "ann", datasets: 1 };
const col = (name: string, type: "numeric" | "character", label: string | null = null): ColumnInfo => ({
  name, label, storage: type === "numeric" ? "number" : "text", sourceType: null, format: null, length: null, inferredType: type, type,
});
const columns = [col("USUBJID", "character", "Unique Subject Identifier"), col("PARAMCD", "character"), col("AVISIT", "character"), col("AVISITN", "numeric"),
  col("TRT01P", "character"), col("AVAL", "numeric"), col("CHG", "numeric"), col("EFFFL", "character"), col("DTYPE", "character")];
const suggested: VariableRoles = {
  subject: "USUBJID", visit: "AVISIT", visitOrder: "AVISITN", time: null, arm: "TRT01P", outcome: "AVAL", baseline: null, parameter: "PARAMCD", site: null, filters: ["EFFFL", "DTYPE"],
};
const ROWS = 100_000;
const dataset: DatasetDetail = {
  datasetId: 5, studyId: 1, name: "adqs.xpt", version: 1, format: "xpt", rows: ROWS, columns: columns.length, size: 1, sha256: "ab",
  importedAt: "2025-01-02T10:00:00Z", importedBy: "ann", columnInfo: columns,
  roles: { subject: null, visit: null, visitOrder: null, time: null, arm: null, outcome: null, baseline: null, parameter: null, site: null, filters: [] },
  suggestedRoles: suggested,
};
const row = (i: number) => [`S${Math.floor(i / 8)}`, i % 2 ? "FEV1" : "ACTOT", `WEEK ${i % 4}`, i % 4, "PBO", i / 10, null, "Y", null];
const duplicate: Finding = { code: "duplicate-visit", severity: "error", message: "2 subjects have more than one row at a visit; keep one row per subject and visit", rows: [50_001, 50_002], subjects: ["S6250"] };

let api: FakeClient;
let app: AppState;

beforeEach(async () => {
  api = fakeClient();
  // a fresh object per call, as the service's JSON answer is
  api.getDataset.mockImplementation(async () => ({ ...dataset }));
  api.listDatasets.mockResolvedValue([dataset]);
  api.datasetRows.mockImplementation(async (_id: number, offset: number, limit: number) =>
    Array.from({ length: Math.max(0, Math.min(ROWS, offset + limit) - offset) }, (_, k) => row(offset + k)));
  api.columnLevels.mockImplementation(async (_id: number, column: string) => {
    switch (column) {
      case "PARAMCD": return { column, levels: [{ value: "ACTOT", rows: 50_000 }, { value: "FEV1", rows: 50_000 }], missing: 0, truncated: false };
      case "EFFFL": return { column, levels: [{ value: "N", rows: 1000 }, { value: "Y", rows: 99_000 }], missing: 0, truncated: false };
      case "DTYPE": return { column, levels: [{ value: "LOCF", rows: 700 }], missing: 99_300, truncated: false };
      default: throw new Error(`no levels for ${column}`);
    }
  });
  api.setRoles.mockResolvedValue(undefined);
  app = new AppState(api);
  app.study = study;
  await app.openDataset(5);
  app.step = "import";
});
afterEach(() => cleanup());

const select = (id: string) => screen.getByTestId(id) as HTMLSelectElement;
const button = (id: string) => screen.getByTestId(id) as HTMLButtonElement;

describe("the data table", () => {
  it("draws only the rows in view of 100,000 and fetches one page of 200", async () => {
    render(Import, { app });
    const table = screen.getByTestId("data-table");
    expect(table.dataset.total).toBe("100000");
    await waitFor(() => expect(table.querySelector('[data-row="1"]')?.textContent).toContain("S0"));
    expect(api.datasetRows).toHaveBeenCalledTimes(1);
    expect(api.datasetRows).toHaveBeenCalledWith(5, 0, 200);
    const drawn = table.querySelectorAll('[role="row"][data-row]');
    expect(drawn.length).toBeGreaterThan(10);
    expect(drawn.length).toBeLessThan(30);
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent?.trim())).toEqual(["Row", "USUBJIDchar", "PARAMCDchar", "AVISITchar", "AVISITNnum", "TRT01Pchar", "AVALnum", "CHGnum", "EFFFLchar", "DTYPEchar"]);
    // missing numbers print as SAS prints them
    const cells = table.querySelectorAll('[data-row="2"] [role="gridcell"]');
    expect([...cells].map((c) => c.textContent)).toEqual(["S0", "FEV1", "WEEK 1", "1", "PBO", "0.1", ".", "Y", ""]);
    expect(screen.getByTestId("data-table-range").textContent).toMatch(/^Rows 1–\d+ of 100,000$/);
  });
});

describe("the mapping, filters and checks", () => {
  it("starts from the suggested roles, with one select per role", async () => {
    render(Import, { app });
    expect(select("role-subject").value).toBe("USUBJID");
    expect(select("role-outcome").value).toBe("AVAL");
    expect(select("role-baseline").value).toBe("");
    expect([...select("role-outcome").options].map((o) => o.value)).toEqual(["", ...columns.map((c) => c.name)]);
    const flags = screen.getByTestId("role-filters");
    expect(within(flags).getAllByRole("checkbox").map((c) => [(c as HTMLInputElement).value, (c as HTMLInputElement).checked])).toEqual([["EFFFL", true], ["DTYPE", true]]);
    await fireEvent.change(select("role-outcome"), { target: { value: "CHG" } });
    expect(screen.getByTestId("role-outcome").closest("tr")?.textContent).toContain("suggested: AVAL");
    await fireEvent.change(select("role-arm"), { target: { value: "" } });
    expect(screen.getByTestId("role-arm").closest("tr")?.textContent).toContain("Choose a column: an MMRM needs it.");
  });

  it("builds the where filter, saves the roles, checks those rows and then lets the user go on", async () => {
    api.checkData.mockResolvedValue([duplicate]);
    render(Import, { app });
    await waitFor(() => expect(select("parameter-value").options).toHaveLength(3));
    expect([...select("parameter-value").options].map((o) => o.textContent)).toEqual(["Choose the parameter to analyse…", "ACTOT (50,000 rows)", "FEV1 (50,000 rows)"]);
    await fireEvent.change(select("parameter-value"), { target: { value: "ACTOT" } });
    await waitFor(() => expect(select("filter-DTYPE").options).toHaveLength(3));
    await fireEvent.change(select("filter-EFFFL"), { target: { value: "Y" } });
    await fireEvent.change(select("filter-DTYPE"), { target: { value: "(missing)" } });
    await fireEvent.input(screen.getByTestId("where-extra"), { target: { value: "AVISITN > 0" } });
    const where = 'PARAMCD == "ACTOT" & EFFFL == "Y" & is.na(DTYPE) & (AVISITN > 0)';
    expect(screen.getByTestId("where-preview").textContent).toBe(where);
    expect(button("to-explore").disabled).toBe(true);
    expect(button("to-explore").title).toBe("Save the mapping and check the data first");

    await fireEvent.click(screen.getByTestId("apply-mapping"));
    await waitFor(() => expect(button("to-explore").disabled).toBe(false));
    expect(api.setRoles).toHaveBeenCalledWith(5, suggested);
    expect(api.checkData).toHaveBeenCalledWith(5, suggested, { where });
    expect(app.selection).toEqual({ where });
    expect(app.roles).toEqual(suggested);
    const findings = screen.getByTestId("findings");
    expect(findings.querySelector('[data-table="data_checks"]')?.textContent).toContain("more than one row at a visit");
    expect(screen.getByText(/1 error: a model of these rows would fail or mislead/)).toBeTruthy();

    // a row a finding names scrolls the table there, fetching that page only
    await fireEvent.click(within(findings).getByRole("button", { name: "50001" }));
    await waitFor(() => expect(api.datasetRows).toHaveBeenCalledWith(5, 49_800, 200));
    await waitFor(() => expect(screen.getByTestId("data-table").querySelector('[data-row="50001"]')?.classList.contains("highlight")).toBe(true));

    await fireEvent.click(screen.getByTestId("to-explore"));
    expect(app.step).toBe("explore");
  });

  it("asks for a new check when the filters change after one", async () => {
    api.checkData.mockResolvedValue([]);
    render(Import, { app });
    await fireEvent.click(screen.getByTestId("apply-mapping"));
    await waitFor(() => expect(screen.getByTestId("findings").textContent).toContain("No problems found"));
    expect(app.selection).toEqual({});
    await waitFor(() => expect(button("to-explore").disabled).toBe(false));
    await fireEvent.input(screen.getByTestId("where-extra"), { target: { value: "AVAL > 1" } });
    expect(button("to-explore").disabled).toBe(true);
    expect(screen.getByText(/changed since the last check/)).toBeTruthy();
  });

  it("shows a bad where filter in the service's words and does not use it", async () => {
    api.checkData.mockRejectedValue(new Error('where filter error at position 9: found "="; write "==" to compare in "AVISITN = 1"'));
    render(Import, { app });
    await fireEvent.input(screen.getByTestId("where-extra"), { target: { value: "AVISITN = 1" } });
    await fireEvent.click(screen.getByTestId("apply-mapping"));
    await waitFor(() => expect(app.notice?.text).toBe('where filter error at position 9: found "="; write "==" to compare in "AVISITN = 1"'));
    expect(app.selection).toEqual({});
    expect(button("to-explore").disabled).toBe(true);
    expect(screen.queryByTestId("findings")).toBeNull();
  });

  it("keeps the choices when the user comes back to the step", async () => {
    render(Import, { app });
    await waitFor(() => expect(select("parameter-value").options).toHaveLength(3));
    await fireEvent.change(select("parameter-value"), { target: { value: "FEV1" } });
    cleanup();
    render(Import, { app });
    expect(screen.getByTestId("where-preview").textContent).toBe('PARAMCD == "FEV1"');
    expect(select("parameter-value").value).toBe("FEV1");
  });

  it("starts over when the dataset is opened again, as the app's selection does", async () => {
    render(Import, { app });
    await waitFor(() => expect(select("parameter-value").options).toHaveLength(3));
    await fireEvent.change(select("parameter-value"), { target: { value: "FEV1" } });
    expect(screen.getByTestId("where-preview").textContent).toBe('PARAMCD == "FEV1"');
    await app.openDataset(5);
    await waitFor(() => expect(select("parameter-value").value).toBe(""));
    expect(screen.getByTestId("where-preview").textContent).toBe("all 100,000 rows");
  });
});
