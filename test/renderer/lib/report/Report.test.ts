import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { HostInfo, ReportExport } from "../../../../src-main/api/contract.js";
import Report from "../../../../src-renderer/lib/steps/Report.svelte";
import { AppState } from "../../../../src-renderer/lib/state/app.svelte.js";
import { fakeClient, type FakeClient } from "../../fixtures/client.js";
import { fevFit, fitRecord } from "../../fixtures/fits.js";

const webHost: HostInfo = { kind: "web", version: "0.1.0", dbPath: "/tmp/x.sqlite", exportRoot: "/home/ana/Longitude reports" };
const written: ReportExport = {
  outDir: "/home/ana/Longitude reports/fev-study-fit7",
  converged: true,
  files: [
    { name: "report.pdf", path: "/home/ana/Longitude reports/fev-study-fit7/report.pdf", bytes: 234_567, sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" },
    { name: "ard.csv", path: "/home/ana/Longitude reports/fev-study-fit7/ard.csv", bytes: 2345, sha256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" },
  ],
};

let api: FakeClient;
let app: AppState;
beforeEach(() => {
  api = fakeClient();
  app = new AppState(api);
  app.host = webHost;
  app.study = { studyId: 1, name: "FEV study", description: "", isDemo: false, createdAt: "", createdBy: "", datasets: 1 };
  app.fit = { ...fitRecord(fevFit(), 7), analysisId: 4 };
  app.analysisName = "Last fit started";
  api.listAnalyses.mockResolvedValue([{ analysisId: 4, studyId: 1, datasetId: 3, name: "Primary MMRM", spec: fevFit().spec, roles: {} as never, createdAt: "" }]);
});
afterEach(() => cleanup());

describe("Report", () => {
  it("suggests a folder under the export root and writes the report there", async () => {
    api.exportReport.mockResolvedValue(written);
    render(Report, { app });
    await vi.waitFor(() => expect((screen.getByTestId("export-name") as HTMLInputElement).value).toBe("Primary MMRM"));
    expect(api.listAnalyses).toHaveBeenCalledWith(1);
    const dir = screen.getByTestId("export-dir") as HTMLInputElement;
    expect(dir.value).toBe("/home/ana/Longitude reports/fev-study-fit7");
    expect(screen.queryByRole("button", { name: "Choose folder…" })).toBeNull();
    await fireEvent.input(dir, { target: { value: "/tmp/out" } });
    await fireEvent.click(screen.getByTestId("export-button"));
    expect(api.exportReport).toHaveBeenCalledWith({ fitId: 7, outDir: "/tmp/out", analysisName: "Primary MMRM" });
    const files = await screen.findByTestId("export-files");
    const rows = [...files.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent));
    expect(rows[0]).toEqual(["report.pdf", "The report (PDF/A)", "235 kB", "9f86d081884c…", "Download"]);
    expect(files.querySelector("td[title]")!.getAttribute("title")).toBe(written.files[0].sha256);
    expect(files.querySelector("a")!.getAttribute("href")).toBe("api/download?path=%2Fhome%2Fana%2FLongitude%20reports%2Ffev-study-fit7%2Freport.pdf");
    expect(screen.getByTestId("export-folder").textContent).toBe(written.outDir);
  });

  it("leaves the name to the service when it is cleared", async () => {
    api.exportReport.mockResolvedValue(written);
    render(Report, { app });
    await fireEvent.input(screen.getByTestId("export-name"), { target: { value: "  " } });
    await fireEvent.click(screen.getByTestId("export-button"));
    expect(api.exportReport).toHaveBeenCalledWith({ fitId: 7, outDir: "/home/ana/Longitude reports/fev-study-fit7" });
  });

  it("leaves the name to the service for a fit without a saved analysis", async () => {
    app.fit = fitRecord(fevFit(), 7);
    api.exportReport.mockResolvedValue(written);
    render(Report, { app });
    const name = screen.getByTestId("export-name") as HTMLInputElement;
    expect(name.value).toBe("");
    expect(name.placeholder).toBe("the saved analysis's name, else Fit 7");
    await fireEvent.click(screen.getByTestId("export-button"));
    expect(api.exportReport).toHaveBeenCalledWith({ fitId: 7, outDir: "/home/ana/Longitude reports/fev-study-fit7" });
  });

  it("will not export without a folder, and says why", async () => {
    render(Report, { app });
    await fireEvent.input(screen.getByTestId("export-dir"), { target: { value: "" } });
    const button = screen.getByTestId("export-button") as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.title).toBe("Give the folder to write into");
  });

  it("shows the service's error as the notice", async () => {
    api.exportReport.mockRejectedValue(new Error("cannot write to /root/x: permission denied"));
    render(Report, { app });
    await fireEvent.click(screen.getByTestId("export-button"));
    await vi.waitFor(() => expect((screen.getByTestId("export-button") as HTMLButtonElement).disabled).toBe(false));
    expect(app.notice).toEqual({ kind: "error", text: "cannot write to /root/x: permission denied" });
    expect(screen.queryByTestId("export-files")).toBeNull();
  });

  it("picks the folder in a dialog on the desktop, without download links", async () => {
    app.host = { ...webHost, kind: "electron", exportRoot: "C:\\Users\\ana\\Longitude" };
    api.pickFolder.mockResolvedValue("D:\\reports\\fev");
    api.exportReport.mockResolvedValue(written);
    render(Report, { app });
    expect((screen.getByTestId("export-dir") as HTMLInputElement).value).toBe("C:\\Users\\ana\\Longitude\\fev-study-fit7");
    await fireEvent.click(screen.getByRole("button", { name: "Choose folder…" }));
    expect(api.pickFolder).toHaveBeenCalledWith("C:\\Users\\ana\\Longitude\\fev-study-fit7");
    await screen.findByDisplayValue("D:\\reports\\fev");
    await fireEvent.click(screen.getByTestId("export-button"));
    expect(api.exportReport.mock.calls[0][0].outDir).toBe("D:\\reports\\fev");
    expect((await screen.findByTestId("export-files")).querySelector("a")).toBeNull();
  });
});
