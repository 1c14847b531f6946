import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AuditEvent } from "../../../../src-main/api/contract.js";
import Audit from "../../../../src-renderer/lib/steps/Audit.svelte";
import { AppState } from "../../../../src-renderer/lib/state/app.svelte.js";
import { fakeClient, type FakeClient } from "../../fixtures/client.js";

const events: AuditEvent[] = [
  { id: 2, at: "2025-03-04T10:21:00.000Z", osUser: "ana", action: "fit.save", studyId: 1, details: { fitId: 7, datasetId: 3, formula: "FEV1 ~ ARMCD", converged: true } },
  { id: 1, at: "2025-03-04T10:20:00.000Z", osUser: "ana", action: "study.create", studyId: 1, details: { name: "FEV study", description: "", demo: false } },
];
const study = { studyId: 1, name: "FEV study", description: "", isDemo: false, createdAt: "", createdBy: "", datasets: 1 };

let api: FakeClient;
let app: AppState;
beforeEach(() => {
  api = fakeClient();
  api.listAudit.mockResolvedValue(events);
  app = new AppState(api);
  app.studies = [study];
});
afterEach(() => cleanup());

describe("Audit trail", () => {
  it("lists the open study's events with a summary and the JSON on demand", async () => {
    app.study = study;
    render(Audit, { app });
    const table = await screen.findByTestId("audit-table");
    expect(api.listAudit).toHaveBeenCalledWith({ studyId: 1, limit: 500 });
    const first = [...table.querySelectorAll("tbody tr")[0].querySelectorAll("td")].map((td) => td.textContent);
    expect(first[0]).toBe("2");
    expect(first.slice(2, 6)).toEqual(["ana", "fit.save", "FEV study", "Fit 7 of dataset 3: FEV1 ~ ARMCD, converged"]);
    const more = table.querySelectorAll("tbody tr")[0].querySelector("button")!;
    await fireEvent.click(more);
    expect(more.getAttribute("aria-expanded")).toBe("true");
    expect(table.querySelector("pre")!.textContent).toBe(JSON.stringify(events[0].details, null, 2));
  });

  it("lists every study's events when asked", async () => {
    app.study = study;
    render(Audit, { app });
    await screen.findByTestId("audit-table");
    await fireEvent.click(screen.getByLabelText("All studies"));
    await vi.waitFor(() => expect(api.listAudit).toHaveBeenLastCalledWith({ limit: 500 }));
  });

  it("lists all events when no study is open, and says when there are none", async () => {
    api.listAudit.mockResolvedValue([]);
    render(Audit, { app });
    expect((await screen.findByTestId("audit-empty")).textContent).toMatch(/^No events yet\./);
    expect(api.listAudit).toHaveBeenCalledWith({ limit: 500 });
  });

  it("verifies the chain: intact", async () => {
    api.verifyAudit.mockResolvedValue({ ok: true, events: 2 });
    render(Audit, { app });
    await fireEvent.click(screen.getByTestId("verify-audit"));
    const verdict = await screen.findByTestId("audit-verdict");
    expect(verdict.textContent).toBe("The audit trail is intact: 2 events, each hash chained to the one before.");
    expect(verdict.classList.contains("error-text")).toBe(false);
  });

  it("verifies the chain: broken, in red", async () => {
    api.verifyAudit.mockResolvedValue({ ok: false, events: 1, broken: { id: 2, action: "fit.save", reason: "its link to the previous event does not match that event's hash" } });
    render(Audit, { app });
    await fireEvent.click(screen.getByTestId("verify-audit"));
    const verdict = await screen.findByTestId("audit-verdict");
    expect(verdict.textContent).toBe("The audit trail is BROKEN at event 2 (fit.save): its link to the previous event does not match that event's hash. The 1 event before it verified.");
    expect(verdict.classList.contains("error-text")).toBe(true);
    expect(verdict.getAttribute("role")).toBe("alert");
  });

  it("shows the service's error as the notice", async () => {
    api.listAudit.mockRejectedValue(new Error("the study database is locked"));
    render(Audit, { app });
    await vi.waitFor(() => expect(app.notice).toEqual({ kind: "error", text: "the study database is locked" }));
  });
});
