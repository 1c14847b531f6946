import type { OpenDialogOptions } from "electron";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createHost, IMPORT_FILTERS } from "../../../src-main/electron/host.js";

function fakeDialog(answer: { canceled: boolean; filePaths: string[] }) {
  const shown: OpenDialogOptions[] = [];
  return { shown, showOpenDialog: async (options: OpenDialogOptions) => { shown.push(options); return answer; } };
}

const base = { version: "0.1.0", dbPath: "/home/u/.config/Longitude/longitude.sqlite", documentsDir: "/home/u/Documents" };

describe("the Electron host", () => {
  it("describes itself as electron, with the database and a report folder under Documents", async () => {
    const host = createHost({ ...base, ...fakeDialog({ canceled: true, filePaths: [] }) });
    expect(await host.hostInfo()).toEqual({
      kind: "electron", version: "0.1.0", dbPath: "/home/u/.config/Longitude/longitude.sqlite",
      exportRoot: join("/home/u/Documents", "Longitude reports"),
    });
  });

  it("picks an import file among the data formats, and gives null when cancelled", async () => {
    const chosen = fakeDialog({ canceled: false, filePaths: ["/data/adlb.xpt"] });
    expect(await createHost({ ...base, ...chosen }).pickImportFile()).toBe("/data/adlb.xpt");
    expect(chosen.shown).toEqual([{
      title: "Import a file", properties: ["openFile"],
      filters: [{ name: "Data files", extensions: ["csv", "xlsx", "xpt", "json", "ndjson"] }, { name: "All files", extensions: ["*"] }],
    }]);
    expect(chosen.shown[0].filters).toEqual(IMPORT_FILTERS);

    const cancelled = fakeDialog({ canceled: true, filePaths: [] });
    expect(await createHost({ ...base, ...cancelled }).pickImportFile()).toBeNull();
  });

  it("picks a folder, starting where asked and allowing a new one", async () => {
    const chosen = fakeDialog({ canceled: false, filePaths: ["/home/u/Documents/Longitude reports/fit-3"] });
    const host = createHost({ ...base, ...chosen });
    expect(await host.pickFolder("/home/u/Documents/Longitude reports")).toBe("/home/u/Documents/Longitude reports/fit-3");
    expect(await host.pickFolder()).toBe("/home/u/Documents/Longitude reports/fit-3");
    // what the renderer sends is not trusted to be a string
    expect(await host.pickFolder(42 as unknown as string)).toBe("/home/u/Documents/Longitude reports/fit-3");
    const folder = { title: "Choose a folder", buttonLabel: "Choose", properties: ["openDirectory", "createDirectory"] };
    expect(chosen.shown).toEqual([{ ...folder, defaultPath: "/home/u/Documents/Longitude reports" }, folder, folder]);

    const cancelled = fakeDialog({ canceled: true, filePaths: ["/ignored"] });
    expect(await createHost({ ...base, ...cancelled }).pickFolder()).toBeNull();
  });
});
