/**
 * LongitudeService (src-main/services/service.ts) over a temporary database: studies, imports, datasets, roles,
 * data checks and summaries, analyses, rows, and the audit trail they leave.
 *
 * Sources of the expected values:
 *   - adcibc.json, fev_data.csv: the files themselves (SHA-256 and size computed here with node:crypto and
 *     fs.stat; column names and labels read from the JSON here with JSON.parse; fev_data.csv's first rows as
 *     written in the file);
 *   - ADCIBC roles: the ADaM BDS suggestion asserted in test/main/importers/mapping.test.ts;
 *   - the duplicate subject-visit rows of ADCIBC (50 rows, 25 subjects without a filter, none with
 *     ANL01FL == "Y"): R, test/core/data/r/checks.R → checks.json;
 *   - the ADCIBC summary with ANL01FL == "Y" (705 rows; 80, 75 and 81 subjects; n, mean and SD per arm and
 *     visit): read off adcibc.json with Python's json and statistics modules (exact rational arithmetic).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImportProgress, ImportResult, ServiceEvent, VariableRoles } from "../../../src-main/api/contract.js";
import type { AnalysisSpec } from "../../../src-core/index.js";
import { LongitudeService } from "../../../src-main/services/service.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const ADCIBC = join(ROOT, "test", "fixtures", "cdisc", "adcibc.json");
const FEV = join(ROOT, "test", "reference", "data", "fev_data.csv");
const ADCIBC_SPEC = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "cdisc", "adcibc.spec.json"), "utf8")) as AnalysisSpec;
const DUPLICATES = (JSON.parse(readFileSync(join(ROOT, "test", "core", "data", "r", "checks.json"), "utf8")) as Record<string, { rows: number[]; subjects: string[]; pairs: number }>);
const ADCIBC_JSON = JSON.parse(readFileSync(ADCIBC, "utf8")) as { columns: { name: string; label: string; dataType: string; length?: number; displayFormat?: string }[]; rows: unknown[][] };

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
// test/main/importers/mapping.test.ts, "maps ADCIBC, which has no BASE"
const ADCIBC_ROLES: VariableRoles = {
  subject: "USUBJID", visit: "AVISIT", visitOrder: "AVISITN", time: "ADY", arm: "TRTP", outcome: "AVAL",
  baseline: null, parameter: "PARAMCD", site: "SITEID", filters: ["ITTFL", "EFFFL", "ANL01FL", "DTYPE"],
};

const dir = mkdtempSync(join(tmpdir(), "longitude-service-"));
let service: LongitudeService;
const events: ServiceEvent[] = [];

beforeAll(async () => {
  service = await LongitudeService.open({ dbPath: join(dir, "service.sqlite") });
  service.subscribe((e) => events.push(e));
});
afterAll(() => {
  service?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("studies", () => {
  it("creates a study with its name, description and creator, and refuses a second one of the same name", async () => {
    const study = await service.createStudy("  CDISC pilot ", "CDISCPILOT01 ADaM");
    expect(study).toMatchObject({ name: "CDISC pilot", description: "CDISCPILOT01 ADaM", isDemo: false, datasets: 0, createdBy: userInfo().username });
    expect(await service.listStudies()).toEqual([study]);
    await expect(service.createStudy("CDISC pilot")).rejects.toThrow('there is already a study named "CDISC pilot"');
    await expect(service.createStudy("   ")).rejects.toThrow("a study needs a name");
    expect(await service.listStudies()).toEqual([study]);
    const [created] = await service.listAudit({ limit: 1 });
    expect(created).toMatchObject({ action: "study.create", studyId: study.studyId, details: { name: "CDISC pilot", description: "CDISCPILOT01 ADaM", demo: false } });
  });
});

describe("importing into a named study", () => {
  let adcibc: ImportResult;
  let studyId: number;
  beforeAll(async () => {
    // Made by the test above; made here when that one is filtered out.
    studyId = ((await service.listStudies()).find((s) => s.name === "CDISC pilot") ?? (await service.createStudy("CDISC pilot"))).studyId;
    events.length = 0;
    adcibc = await service.importFile({ path: ADCIBC, study: "CDISC pilot" });
  });

  it("stores ADCIBC's 730 rows and 36 columns with the file's size and SHA-256", () => {
    expect(adcibc).toMatchObject({
      studyId, name: "adcibc.json", version: 1, format: "dataset-json", rows: 730,
      size: statSync(ADCIBC).size, sha256: sha256(ADCIBC),
    });
    expect(adcibc.sha256).toBe("8934b00ca1fa8997d5f78316f6013a46173e39614d4495879eff02f330140b37"); // sha256sum adcibc.json
    expect(adcibc.columns).toEqual(ADCIBC_JSON.columns.map((c) => c.name));
    expect(adcibc.columns.length).toBe(36);
    expect(adcibc.mapping).toEqual(ADCIBC_ROLES);
  });

  it("finds the duplicate subject-visit rows R finds (50 rows, 25 subjects) with the suggested roles", () => {
    expect(adcibc.findings.map((f) => f.code)).toEqual(["duplicate-visit"]);
    expect(adcibc.findings[0].rows).toEqual(DUPLICATES.adcibc_all.rows);
    expect(adcibc.findings[0].subjects).toEqual(DUPLICATES.adcibc_all.subjects);
  });

  it("reports progress: hashing, reading up to 730 rows, then checking", () => {
    const progress = events.flatMap((e) => (e.kind === "import-progress" && e.path === ADCIBC ? [e.progress] : []));
    const stages = progress.map((p) => p.stage).filter((s, i, all) => i === 0 || s !== all[i - 1]);
    expect(stages).toEqual(["hash", "read", "check"]);
    const size = statSync(ADCIBC).size;
    expect(progress.find((p) => p.stage === "hash" && p.bytesRead === size)).toBeDefined();
    expect(progress.at(-1)).toMatchObject<Partial<ImportProgress>>({ stage: "check", rows: 730, totalBytes: size });
  });

  it("makes a new version when the same file is imported again, and lists both", async () => {
    const again = await service.importFile({ path: ADCIBC, study: "CDISC pilot" });
    expect(again).toMatchObject({ studyId, name: "adcibc.json", version: 2, rows: 730, sha256: adcibc.sha256 });
    expect(again.datasetId).not.toBe(adcibc.datasetId);
    const listed = await service.listDatasets(studyId);
    expect(listed.map((d) => [d.datasetId, d.name, d.version, d.rows, d.columns, d.format, d.sha256])).toEqual([
      [adcibc.datasetId, "adcibc.json", 1, 730, 36, "dataset-json", adcibc.sha256],
      [again.datasetId, "adcibc.json", 2, 730, 36, "dataset-json", adcibc.sha256],
    ]);
    expect((await service.listStudies()).find((s) => s.studyId === studyId)!.datasets).toBe(2);
  });

  it("puts a file imported without a study into \"Imported datasets\"", async () => {
    const fev = await service.importFile({ path: FEV });
    const study = (await service.listStudies()).find((s) => s.studyId === fev.studyId)!;
    expect(study.name).toBe("Imported datasets");
    expect(fev).toMatchObject({ name: "fev_data.csv", format: "csv", rows: 800, version: 1, sha256: sha256(FEV), size: statSync(FEV).size });
    expect(fev.readOptions).toEqual({ delimiter: ",", decimalComma: false, encoding: "utf-8" });
    expect((await service.listDatasets()).map((d) => d.name)).toEqual(["adcibc.json", "adcibc.json", "fev_data.csv"]);
    expect(await service.listDatasets(fev.studyId)).toEqual([await service.getDataset(fev.datasetId)].map(({ columnInfo: _c, roles: _r, suggestedRoles: _s, ...info }) => info));
  });

  it("refuses an unknown study id and a bad file with one-line messages, storing nothing", async () => {
    const before = await service.listDatasets();
    const auditBefore = (await service.verifyAudit()).events;
    await expect(service.importFile({ path: FEV, studyId: 999 })).rejects.toThrow("there is no study 999");
    const ragged = join(dir, "ragged.csv");
    writeFileSync(ragged, "USUBJID,AVAL\nS1,1\nS2\n");
    await expect(service.importFile({ path: ragged, study: "CDISC pilot" })).rejects.toThrow(`data file "${ragged}": data row 2 has 1 fields but the header has 2`);
    const missing = join(dir, "missing.csv");
    await expect(service.importFile({ path: missing })).rejects.toThrow(`data file "${missing}" not found`);
    expect(await service.listDatasets()).toEqual(before);
    expect(await service.verifyAudit()).toEqual({ ok: true, events: auditBefore });
  });

  it("getDataset gives each column with its label and declared type, and the suggested roles as the roles", async () => {
    const d = await service.getDataset(adcibc.datasetId);
    expect(d).toMatchObject({ datasetId: adcibc.datasetId, studyId, name: "adcibc.json", rows: 730, columns: 36, sha256: adcibc.sha256 });
    expect(d.columnInfo.map((c) => [c.name, c.label])).toEqual(ADCIBC_JSON.columns.map((c) => [c.name, c.label]));
    const col = (name: string) => d.columnInfo.find((c) => c.name === name);
    // adcibc.json: USUBJID string of length 11; TRTSDT a date shown as DATE9.; AVAL an integer; SITEID a string "701".
    expect(col("USUBJID")).toEqual({ name: "USUBJID", label: "Unique Subject Identifier", storage: "text", sourceType: "string", format: null, length: 11, inferredType: "character", type: "character" });
    expect(col("TRTSDT")).toMatchObject({ label: "Date of First Exposure to Treatment", sourceType: "date", format: "DATE9.", type: "character" });
    expect(col("AVAL")).toMatchObject({ label: "Analysis Value", storage: "number", sourceType: "integer", type: "numeric" });
    expect(col("SITEID")).toMatchObject({ sourceType: "string", type: "character" });
    expect(d.roles).toEqual(ADCIBC_ROLES);
    expect(d.suggestedRoles).toEqual(ADCIBC_ROLES);
    await expect(service.getDataset(999)).rejects.toThrow("there is no dataset 999; run longitude datasets to list them");
  });

  it("setRoles changes the roles, keeps the suggestion, and records roles.set with before and after", async () => {
    const chosen: VariableRoles = { ...ADCIBC_ROLES, site: "SITEGR1", time: null, filters: ["ANL01FL"] };
    await service.setRoles(adcibc.datasetId, chosen);
    const d = await service.getDataset(adcibc.datasetId);
    expect(d.roles).toEqual(chosen);
    expect(d.suggestedRoles).toEqual(ADCIBC_ROLES);
    const [event] = await service.listAudit({ limit: 1 });
    expect(event).toMatchObject({ action: "roles.set", studyId, osUser: userInfo().username, details: { datasetId: adcibc.datasetId, before: ADCIBC_ROLES, after: chosen } });
    expect((await service.verifyAudit()).ok).toBe(true);
    // Only the study's own events carry its id.
    expect((await service.listAudit({ studyId })).every((e) => e.studyId === studyId)).toBe(true);
    await expect(service.setRoles(999, chosen)).rejects.toThrow("there is no dataset 999");
  });

  it('checkData: R\'s 50 duplicate rows without a filter; nothing with where ANL01FL == "Y"', async () => {
    const all = await service.checkData(adcibc.datasetId, ADCIBC_ROLES);
    expect(all.map((f) => f.code)).toEqual(["duplicate-visit"]);
    expect(all[0].rows.length).toBe(50);
    expect(all[0].rows).toEqual(DUPLICATES.adcibc_all.rows);
    expect(all[0].subjects).toEqual(DUPLICATES.adcibc_all.subjects);
    expect(all[0].message).toMatch(/^25 subjects have more than one row at the same AVISIT \(50 rows in 25 subject-visit pairs/);
    expect(await service.checkData(adcibc.datasetId, ADCIBC_ROLES, { where: 'ANL01FL == "Y"' })).toEqual([]);
    await expect(service.checkData(adcibc.datasetId, ADCIBC_ROLES, { where: 'ANL01F == "Y"' }))
      .rejects.toThrow('unknown column "ANL01F" in the where filter "ANL01F == "Y""; did you mean "ANL01FL"? Columns are: STUDYID, SITEID, SITEGR1, USUBJID, TRTSDT, TRTEDT, TRTP, TRTPN and 28 more');
  });

  it('summariseData with where ANL01FL == "Y": 705 rows, 80/75/81 subjects, and the n, mean and SD per arm and visit', async () => {
    const s = await service.summariseData(adcibc.datasetId, ADCIBC_ROLES, { where: 'ANL01FL == "Y"' });
    expect(s).toMatchObject({ subject: "USUBJID", arm: "TRTP", visit: "AVISIT", outcome: "AVAL" });
    expect(s.rows).toEqual({ considered: 705, missingKey: 0, nonNumericOutcome: 0 });
    expect(s.arms).toEqual([
      { arm: "Placebo", subjects: 80, withOutcome: 80 },
      { arm: "Xanomeline High Dose", subjects: 75, withOutcome: 75 },
      { arm: "Xanomeline Low Dose", subjects: 81, withOutcome: 81 },
    ]);
    expect(s.visits).toEqual(["Week 8", "Week 16", "Week 24"]);
    // Python: statistics.mean and statistics.stdev (n − 1) of AVAL per TRTP and AVISIT among ANL01FL == "Y".
    const python: [string, string, number, number, number][] = [
      ["Placebo", "Week 8", 78, 3.91025641025641, 0.7240918617889751],
      ["Placebo", "Week 16", 80, 4.1875, 0.6952597183422661],
      ["Placebo", "Week 24", 80, 4.2875, 0.7662790250971231],
      ["Xanomeline High Dose", "Week 8", 74, 4.094594594594595, 0.7433526222905733],
      ["Xanomeline High Dose", "Week 16", 75, 4.04, 0.7432579851117863],
      ["Xanomeline High Dose", "Week 24", 75, 4.32, 0.8080674309567073],
      ["Xanomeline Low Dose", "Week 8", 81, 3.950617283950617, 0.7228629636366293],
      ["Xanomeline Low Dose", "Week 16", 81, 4.037037037037037, 0.7655789385237234],
      ["Xanomeline Low Dose", "Week 24", 81, 4.185185185185185, 0.7923242882669809],
    ];
    expect(s.cells.map((c) => [c.arm, c.visit, c.n])).toEqual(python.map(([a, v, n]) => [a, v, n]));
    s.cells.forEach((c, i) => {
      expect(Math.abs(c.mean! - python[i][3])).toBeLessThanOrEqual(1e-12 * python[i][3]);
      expect(Math.abs(c.sd! - python[i][4])).toBeLessThanOrEqual(1e-12 * python[i][4]);
    });
    // ADCIBC carries the last observation forward to Week 24, so every subject's last visit is Week 24.
    expect(s.dropout.filter((d) => d.subjects > 0)).toEqual([
      { arm: "Placebo", lastVisit: "Week 24", subjects: 80 },
      { arm: "Xanomeline High Dose", lastVisit: "Week 24", subjects: 75 },
      { arm: "Xanomeline Low Dose", lastVisit: "Week 24", subjects: 81 },
    ]);
    await expect(service.summariseData(adcibc.datasetId, { ...ADCIBC_ROLES, outcome: null })).rejects.toThrow("the data summary needs a column for the outcome; choose one");
  });

  it("saves an analysis with its spec and roles, lists it, and records analysis.save", async () => {
    const saved = await service.saveAnalysis({ studyId, datasetId: adcibc.datasetId, name: "CIBIC+ MMRM", spec: ADCIBC_SPEC, roles: ADCIBC_ROLES });
    expect(saved).toMatchObject({ studyId, datasetId: adcibc.datasetId, name: "CIBIC+ MMRM", spec: ADCIBC_SPEC, roles: ADCIBC_ROLES });
    expect(await service.listAnalyses(studyId)).toEqual([saved]);
    const [event] = await service.listAudit({ limit: 1 });
    expect(event).toMatchObject({ action: "analysis.save", studyId, details: { analysisId: saved.analysisId, datasetId: adcibc.datasetId, name: "CIBIC+ MMRM", spec: ADCIBC_SPEC } });
    const other = (await service.listStudies()).find((s) => s.name === "Imported datasets")!;
    expect(await service.listAnalyses(other.studyId)).toEqual([]);
    await expect(service.saveAnalysis({ studyId: other.studyId, datasetId: adcibc.datasetId, name: "x", spec: ADCIBC_SPEC, roles: ADCIBC_ROLES }))
      .rejects.toThrow(`dataset ${adcibc.datasetId} belongs to another study`);
    expect(await service.listAnalyses(other.studyId)).toEqual([]);
  });

  it("datasetRows gives the file's rows, typed: fev_data.csv's first rows as written, ADCIBC's first record", async () => {
    const fev = (await service.listDatasets()).find((d) => d.name === "fev_data.csv")!;
    // fev_data.csv lines 2-4; the empty FEV1 cells are missing (null).
    expect(await service.datasetRows(fev.datasetId, 0, 3)).toEqual([
      ["PT1", "VIS1", "TRT", "Black or African American", "Female", 25.2714350933994, null, 0.676723117008805, 1, -0.626453810742332],
      ["PT1", "VIS2", "TRT", "Black or African American", "Female", 25.2714350933994, 39.9710497720302, 0.800618554465473, 2, 0.183643324222082],
      ["PT1", "VIS3", "TRT", "Black or African American", "Female", 25.2714350933994, null, 0.708785862661898, 3, -0.835628612410047],
    ]);
    // Every row, read page by page, is the file's row.
    const lines = readFileSync(FEV, "utf8").trim().split("\n").slice(1);
    const pages = [...(await service.datasetRows(fev.datasetId, 0, 500)), ...(await service.datasetRows(fev.datasetId, 500, 500))];
    expect(pages.length).toBe(800);
    pages.forEach((row, i) => {
      const cells = lines[i].split(",").map((c) => (c === "" ? null : c.startsWith('"') ? c.slice(1, -1) : Number(c)));
      expect(row, `row ${i + 1}`).toEqual(cells);
    });
    expect(await service.datasetRows(fev.datasetId, 798, 10)).toEqual(pages.slice(798));
    expect(await service.datasetRows(fev.datasetId, 800, 10)).toEqual([]);
    // ADCIBC record 1 as in adcibc.json, its empty DTYPE as missing.
    const [first] = await service.datasetRows(adcibc.datasetId, 0, 1);
    expect(first).toEqual(ADCIBC_JSON.rows[0].map((v) => (v === "" ? null : v)));
    expect(first[ADCIBC_JSON.columns.findIndex((c) => c.name === "DTYPE")]).toBeNull();
  });

  it("keeps the audit chain intact through all of it", async () => {
    const log = await service.listAudit();
    expect(log.map((e) => e.action).reverse()).toEqual([
      "study.create", "dataset.import", "dataset.import", "study.create", "dataset.import", "roles.set", "analysis.save",
    ]);
    expect(await service.verifyAudit()).toEqual({ ok: true, events: 7 });
  });
});
