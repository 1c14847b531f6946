import { describe, expect, it } from "vitest";
import { studyLabel, summariseDetails, verdictText } from "../../../../src-renderer/lib/audit/events.js";

describe("summariseDetails", () => {
  it("summarises each action the service records", () => {
    expect(summariseDetails("study.create", { name: "FEV study", description: "", demo: true })).toBe('Study "FEV study" created (demo)');
    expect(summariseDetails("dataset.import", { datasetId: 3, name: "fev_data.csv", version: 2, format: "csv", size: 10, sha256: "9f86d081884c7d659a2f", rows: 800, columns: 10 }))
      .toBe("Imported fev_data.csv version 2 (dataset 3): 800 rows, 10 columns, csv; SHA-256 9f86d081884c…");
    expect(summariseDetails("roles.set", { datasetId: 3, before: { visit: null, arm: "ARMCD", filters: [] }, after: { visit: "AVISIT", arm: "ARMCD", filters: ["ITTFL"] } }))
      .toBe("Roles of dataset 3: visit: none → AVISIT; filters: none → ITTFL");
    expect(summariseDetails("analysis.save", { analysisId: 4, datasetId: 3, name: "Primary", spec: { formula: "FEV1 ~ ARMCD" } })).toBe('Analysis "Primary" (analysis 4) on dataset 3: FEV1 ~ ARMCD');
    expect(summariseDetails("fit.save", { fitId: 7, datasetId: 3, formula: "FEV1 ~ ARMCD", converged: false })).toBe("Fit 7 of dataset 3: FEV1 ~ ARMCD, did NOT converge");
    expect(summariseDetails("report.export", { fitId: 7, outDir: "/tmp/r", files: [{}, {}, {}] })).toBe("Report of fit 7: 3 files written to /tmp/r");
  });

  it("shows an unknown action's details as JSON, cut short", () => {
    expect(summariseDetails("other", { a: 1 })).toBe('{"a":1}');
    const long = summariseDetails("other", { text: "x".repeat(300) });
    expect(long).toHaveLength(140);
    expect(long.endsWith("…")).toBe(true);
  });

  it("copes with details missing their fields", () => {
    expect(summariseDetails("fit.save", null)).toBe("Fit ? of dataset ?: ?, did NOT converge");
    expect(summariseDetails("roles.set", { datasetId: 1, before: { visit: "AVISIT" }, after: { visit: "AVISIT" } })).toBe("Roles of dataset 1: saved unchanged");
  });
});

describe("verdictText", () => {
  it("says the chain is intact with the count", () => {
    expect(verdictText({ ok: true, events: 42 })).toBe("The audit trail is intact: 42 events, each hash chained to the one before.");
    expect(verdictText({ ok: true, events: 1 })).toBe("The audit trail is intact: 1 event, each hash chained to the one before.");
  });

  it("names the event that broke the chain and why", () => {
    expect(verdictText({ ok: false, events: 11, broken: { id: 12, action: "fit.save", reason: "its contents do not match its hash: the event was changed" } }))
      .toBe("The audit trail is BROKEN at event 12 (fit.save): its contents do not match its hash: the event was changed. The 11 events before it verified.");
  });
});

describe("labels", () => {
  it("names the study, or gives its number", () => {
    const studies = [{ studyId: 1, name: "FEV study", description: "", isDemo: false, createdAt: "", createdBy: "", datasets: 1 }];
    expect(studyLabel(1, studies)).toBe("FEV study");
    expect(studyLabel(2, studies)).toBe("study 2");
    expect(studyLabel(null, studies)).toBe("");
  });
});
