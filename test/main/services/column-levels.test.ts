/**
 * The service's columnLevels over a stored dataset, with and without a where filter. Counts read off
 * src-main/demo/fev_data.csv with Python's csv module (2026-11-21): ARMCD PBO 420 rows, TRT 380; with
 * FEV1 observed (537 rows) the visits have VIS1 134, VIS2 140, VIS3 129, VIS4 134 rows.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LongitudeService } from "../../../src-main/services/service.js";

const FEV = join(import.meta.dirname, "..", "..", "..", "src-main", "demo", "fev_data.csv");
const dir = mkdtempSync(join(tmpdir(), "longitude-levels-"));
let service: LongitudeService;
let datasetId: number;

beforeAll(async () => {
  service = await LongitudeService.open({ dbPath: join(dir, "l.sqlite") });
  datasetId = (await service.importFile({ path: FEV, study: "levels" })).datasetId;
});
afterAll(() => {
  service?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("columnLevels through the service", () => {
  it("counts all rows, or the rows passing the where filter", async () => {
    expect((await service.columnLevels(datasetId, "ARMCD")).levels).toEqual([{ value: "PBO", rows: 420 }, { value: "TRT", rows: 380 }]);
    expect((await service.columnLevels(datasetId, "AVISIT", "!is.na(FEV1)")).levels)
      .toEqual([{ value: "VIS1", rows: 134 }, { value: "VIS2", rows: 140 }, { value: "VIS3", rows: 129 }, { value: "VIS4", rows: 134 }]);
    expect((await service.columnLevels(datasetId, "ARMCD", 'ARMCD == "TRT"')).levels).toEqual([{ value: "TRT", rows: 380 }]);
  });

  it("says what is wrong with a bad where filter", async () => {
    await expect(service.columnLevels(datasetId, "ARMCD", "FEV1 >")).rejects.toThrow(/^where filter error at position \d+/);
  });
});
