/**
 * The service's structure comparison runs in the fit worker over a stored dataset. Its table must be exactly
 * the in-process compareStructures table on the same data (src-core/inference/compare.ts, whose numbers are
 * checked against SAS and R in test/core/inference); progress arrives as events; cancelling stops it.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceEvent } from "../../../src-main/api/contract.js";
import { compareStructures } from "../../../src-core/inference/compare.js";
import type { AnalysisSpec } from "../../../src-core/index.js";
import { readData } from "../../../src-main/io/read-data.js";
import { LongitudeService } from "../../../src-main/services/service.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const FEV = join(ROOT, "src-main", "demo", "fev_data.csv");
const SPEC = JSON.parse(readFileSync(join(ROOT, "src-main", "demo", "fev_mmrm.spec.json"), "utf8")) as AnalysisSpec;

const dir = mkdtempSync(join(tmpdir(), "longitude-structures-"));
let service: LongitudeService;
let datasetId: number;
const events: ServiceEvent[] = [];

beforeAll(async () => {
  service = await LongitudeService.open({ dbPath: join(dir, "s.sqlite") });
  service.subscribe((e) => events.push(e));
  datasetId = (await service.importFile({ path: FEV, study: "structures" })).datasetId;
});
afterAll(() => {
  service?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("compareStructures through the service", () => {
  it("gives the in-process table and reports each structure as it is done", async () => {
    const structures = ["us", "cs", "ar1"];
    const table = await service.compareStructures({ datasetId, spec: SPEC, structures, jobId: "cmp-1" });
    const expected = compareStructures(await readData(FEV), SPEC, ["us", "cs", "ar1"]);
    expect(table).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(table.rows.map((r) => r.structure)).toEqual(structures);
    const progress = events.filter((e) => e.kind === "structures-progress" && e.jobId === "cmp-1");
    expect(progress).toEqual([
      { kind: "structures-progress", jobId: "cmp-1", done: 0, total: 3, structure: null, next: "us" },
      ...structures.map((structure, i) => ({ kind: "structures-progress", jobId: "cmp-1", done: i + 1, total: 3, structure, next: structures[i + 1] ?? null })),
    ]);
  });

  it("stops when cancelled", async () => {
    const running = service.compareStructures({ datasetId, spec: SPEC, jobId: "cmp-2" });
    await service.cancelFit("cmp-2");
    await expect(running).rejects.toThrow("the fit was cancelled");
  });

  it("says what is wrong with a spec without a residual term", async () => {
    await expect(service.compareStructures({ datasetId, spec: { ...SPEC, formula: "FEV1 ~ ARMCD * AVISIT + (1 | USUBJID)" } }))
      .rejects.toThrow("comparing residual structures needs a residual covariance term in the formula");
  });
});
