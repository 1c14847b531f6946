/**
 * The web host's API (src-main/web/server.ts, calls.ts, upload.ts, events.ts, download.ts) over a seeded
 * temporary database: calls and their errors, uploads, a fit followed through server-sent events, and
 * downloads of the exported report.
 *
 * Sources of the expected values: the demo study's name and content (src-main/services/demo.ts); fev_data.csv's
 * 800 rows (the file: 200 subjects × 4 visits); SAS PROC MIXED's −2 Res Log Likelihood 3386.44987722 for the
 * demo's MMRM (test/reference/expected/sas_fev_mmrm_us_satterthwaite.json, as in test/main/services/demo.test.ts).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { basename, dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AnalysisSpec, FilePreview, ImportResult, ReportExport, ServiceEvent, Study } from "../../../src-main/api/contract.js";
import { packageVersion } from "../../../src-main/paths.js";
import { DEMO_STUDY } from "../../../src-main/services/demo.js";
import { startWebHost } from "../../../src-main/web/server.js";
import { openEvents } from "./events-client.js";
import { testHost } from "./fixture.js";
import { call, cookie, send, value } from "./http.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const FEV = join(ROOT, "test", "reference", "data", "fev_data.csv");
const FEV_SPEC = JSON.parse(readFileSync(join(ROOT, "src-main", "demo", "fev_mmrm.spec.json"), "utf8")) as AnalysisSpec;
const SAS = JSON.parse(readFileSync(join(ROOT, "test", "reference", "expected", "sas_fev_mmrm_us_satterthwaite.json"), "utf8")) as { expected: { m2logLik: number } };

const t = testHost("web-api", { seedDemo: true });
const port = () => t.host.port;
const token = () => t.host.token;
const uploads = () => join(t.dir, "data", "uploads");
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  // fits run from dist/fit-worker.mjs: rebuild it from the current sources first
  const { build } = (await import(new URL("../../../bin/build.js", import.meta.url).href)) as { build: (names?: string[]) => void };
  build(["fit-worker"]);
});

function upload(name: string, body: Buffer | string): ReturnType<typeof send> {
  return send(port(), { method: "POST", path: "/api/upload", headers: { ...cookie(token()), "x-file-name": encodeURIComponent(name) }, body });
}

/** The upload folders present now. */
const uploadFolders = () => (existsSync(uploads()) ? readdirSync(uploads()) : []);

async function eventually(test: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !test(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!test()) throw new Error(`${what} did not happen within 2 s`);
}

describe("calls", () => {
  it("answers listStudies on the seeded database with the demo study", async () => {
    const a = await call(port(), token(), "listStudies");
    expect(a.status).toBe(200);
    expect(a.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(a.headers["cache-control"]).toBe("no-store");
    const studies = (a.json as { value: Study[] }).value;
    expect(studies).toHaveLength(1);
    expect(studies[0]).toMatchObject({ studyId: 1, name: DEMO_STUDY, isDemo: true, datasets: 1 });
  });

  it("answers the host operations as a web host: its kind, version and folders, and no dialogs", async () => {
    expect(await value(port(), token(), "hostInfo")).toEqual({
      kind: "web", version: packageVersion(), dbPath: join(t.dir, "data", "web.sqlite"), exportRoot: join(t.dir, "data", "reports"),
    });
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(await call(port(), token(), "pickImportFile")).toMatchObject({ status: 200, json: { value: null } });
    expect(await call(port(), token(), "pickFolder", [t.dir])).toMatchObject({ status: 200, json: { value: null } });
  });

  it("answers an operation that returns nothing with a null value", async () => {
    const [dataset] = await value<{ datasetId: number }[]>(port(), token(), "listDatasets");
    const detail = await value<{ roles: unknown }>(port(), token(), "getDataset", [dataset.datasetId]);
    expect(await call(port(), token(), "setRoles", [dataset.datasetId, detail.roles])).toMatchObject({ status: 200, json: { value: null } });
  });

  it("answers a user's mistake as the call's answer (200, no value) with the service's message, and the core's errors with their code", async () => {
    expect(await call(port(), token(), "createStudy", ["   "])).toMatchObject({ status: 200, json: { error: { message: "a study needs a name" } } });
    expect(await call(port(), token(), "getFit", [999])).toMatchObject({ status: 200, json: { error: { message: "there is no fit 999" } } });
    const [dataset] = await value<{ datasetId: number }[]>(port(), token(), "listDatasets");
    const { roles } = await value<{ roles: unknown }>(port(), token(), "getDataset", [dataset.datasetId]);
    const bad = await call(port(), token(), "checkData", [dataset.datasetId, roles, { where: "FEV1 >" }]);
    expect(bad.status).toBe(200);
    expect(bad.json).toEqual({ error: { code: "bad-where", message: expect.stringMatching(/^where filter error at position \d+: .* in "FEV1 >"$/) } });
    expect(t.internalErrors).toEqual([]);
  });

  it("answers 404 naming an operation that is not in the contract's lists", async () => {
    for (const op of ["dropTables", "subscribe", "close", "constructor", "__proto__", "toString", "emit"]) {
      const a = await call(port(), token(), op);
      expect(a.status, op).toBe(404);
      expect(a.json).toEqual({ error: { message: `there is no operation "${op}"` } });
    }
    expect((await send(port(), { method: "POST", path: "/api/nothing", headers: cookie(token()) })).json).toEqual({ error: { message: "there is no API endpoint /api/nothing" } });
  });

  it("takes calls only as POSTs with a JSON array, and no more than 10 MB of it", async () => {
    const get = await send(port(), { path: "/api/call/listStudies", headers: cookie(token()) });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe("POST");
    expect(await call(port(), token(), "getFit", { fitId: 1 } as unknown as unknown[]))
      .toMatchObject({ status: 400, json: { error: { message: "the body of a call to getFit must be a JSON array of its arguments" } } });
    const notJson = await send(port(), { method: "POST", path: "/api/call/listStudies", headers: cookie(token()), body: "[1," });
    expect(notJson.status).toBe(400);
    expect((notJson.json as { error: { message: string } }).error.message).toMatch(/^the body of the call to listStudies is not valid JSON: /);
    const empty = await send(port(), { method: "POST", path: "/api/call/listStudies", headers: cookie(token()) });
    expect(empty.status).toBe(200); // no body: no arguments
    const big = await call(port(), token(), "createStudy", ["x".repeat(10 * 2 ** 20)]);
    expect(big.status).toBe(413);
    expect(big.json).toEqual({ error: { message: "the body of the call to createStudy is larger than 10 MB, the most the local server accepts" } });
  });
});

describe("uploads", () => {
  it("stores the file under its own name in a new folder under uploads/ beside the database, and previewFile reads it", async () => {
    const bytes = readFileSync(FEV);
    const a = await upload("fev_data.csv", bytes);
    expect(a.status).toBe(200);
    const path = (a.json as { value: { path: string } }).value.path;
    expect(basename(path)).toBe("fev_data.csv");
    expect(dirname(dirname(path))).toBe(uploads());
    expect(sha256(readFileSync(path))).toBe(sha256(bytes));
    expect(readdirSync(dirname(path))).toEqual(["fev_data.csv"]); // no temporary file left
    const preview = await value<FilePreview>(port(), token(), "previewFile", [path]);
    expect(preview).toMatchObject({ name: "fev_data.csv", format: "csv", size: bytes.length, rows: 800 });
    expect(preview.columnInfo.map((c) => c.name)).toEqual(["USUBJID", "AVISIT", "ARMCD", "RACE", "SEX", "FEV1_BL", "FEV1", "WEIGHT", "VISITN", "VISITN2"]);
  });

  it("keeps two uploads of one name apart, and keeps names with spaces and accents", async () => {
    const first = ((await upload("visits é 1.csv", "a\n1\n")).json as { value: { path: string } }).value.path;
    const second = ((await upload("visits é 1.csv", "a\n2\n")).json as { value: { path: string } }).value.path;
    expect(first).not.toBe(second);
    expect(basename(first)).toBe("visits é 1.csv");
    expect(readFileSync(first, "utf8")).toBe("a\n1\n");
    expect(readFileSync(second, "utf8")).toBe("a\n2\n");
  });

  it("refuses a missing, empty or path-like name, storing nothing", async () => {
    const before = uploadFolders();
    const none = await send(port(), { method: "POST", path: "/api/upload", headers: cookie(token()), body: "a\n1\n" });
    expect(none).toMatchObject({ status: 400, json: { error: { message: "an upload needs the file's name in the x-file-name header" } } });
    for (const name of ["../x.csv", "a/b.csv", "..\\x.csv", "..", ".", "   "]) {
      const a = await upload(name, "a\n1\n");
      expect(a.status, name).toBe(400);
      expect(a.json).toEqual({ error: { message: `"${name}" is not a file name; an upload takes the file's name alone, without folders` } });
    }
    const badEncoding = await send(port(), { method: "POST", path: "/api/upload", headers: { ...cookie(token()), "x-file-name": "%E0%A4%A" }, body: "a" });
    expect(badEncoding).toMatchObject({ status: 400, json: { error: { message: "the x-file-name header is not a valid encoded file name" } } });
    expect(uploadFolders()).toEqual(before);
  });

  it("refuses (413) a file announced as larger than 4 GiB before storing any of it", async () => {
    const before = uploadFolders();
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({
        host: "127.0.0.1", port: port(), method: "POST", path: "/api/upload",
        headers: { host: `127.0.0.1:${port()}`, ...cookie(token()), "x-file-name": "big.csv", "content-length": String(5 * 2 ** 30) },
      }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => { body += c.toString(); });
        res.on("end", () => { resolve({ status: res.statusCode ?? 0, body }); req.destroy(); });
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: { message: "the file big.csv is larger than 4 GiB, the most the local server accepts" } });
    expect(uploadFolders()).toEqual(before);
  });

  it("leaves nothing behind when the browser stops sending half-way", async () => {
    const before = uploadFolders();
    const req = request({
      host: "127.0.0.1", port: port(), method: "POST", path: "/api/upload",
      headers: { host: `127.0.0.1:${port()}`, ...cookie(token()), "x-file-name": "half.csv", "content-length": String(4 * 2 ** 20) },
    });
    req.on("error", () => { /* the connection is cut on purpose */ });
    req.write(Buffer.alloc(2 ** 20, 0x41));
    await eventually(() => uploadFolders().length === before.length + 1, "the upload's folder appearing");
    req.destroy();
    await eventually(() => uploadFolders().length === before.length, "the half upload's removal");
    expect(uploadFolders()).toEqual(before);
    expect(t.internalErrors).toEqual([]); // a browser going away is not a fault of Longitude's
  });
});

describe("a fit followed through server-sent events, and its report downloaded", () => {
  let dataset: ImportResult;
  let events: ServiceEvent[];
  let jobId: string;
  let fitId: number;
  let report: ReportExport;

  beforeAll(async () => {
    const path = ((await upload("fev_data.csv", readFileSync(FEV))).json as { value: { path: string } }).value.path;
    const stream = openEvents(port(), token());
    expect(await stream.status).toBe(200);
    dataset = await value<ImportResult>(port(), token(), "importFile", [{ path, study: "Web host tests" }]);
    ({ jobId } = await value<{ jobId: string }>(port(), token(), "startFit", [{ datasetId: dataset.datasetId, spec: FEV_SPEC }]));
    const done = await stream.waitFor((e) => e.kind === "fit-done" && e.jobId === jobId);
    fitId = (done as Extract<ServiceEvent, { kind: "fit-done" }>).fitId;
    events = [...stream.events];
    stream.close();
    report = await value<ReportExport>(port(), token(), "exportReport", [{ fitId, outDir: join(t.dir, "data", "reports", "fev") }]);
  });

  it("delivers the import's progress and the fit's progress, then fit-done with the stored fit's id", async () => {
    expect(events.some((e) => e.kind === "import-progress" && e.progress.stage === "read" && e.progress.rows === 800)).toBe(true);
    const job = events.filter((e) => "jobId" in e && e.jobId === jobId);
    expect(job[0]).toEqual({ kind: "fit-progress", jobId, progress: { phase: "queued" } });
    const phases = job.flatMap((e) => (e.kind === "fit-progress" ? [e.progress.phase] : [])).filter((p, i, all) => i === 0 || p !== all[i - 1]);
    expect(phases).toEqual(["queued", "load", "optimise", "inference", "predict", "done"]);
    expect(job.at(-1)).toEqual({ kind: "fit-done", jobId, fitId, converged: true });
    const fit = await value<{ result: { m2logLik: number; nobs: number } }>(port(), token(), "getFit", [fitId]);
    expect(SAS.expected.m2logLik).toBe(3386.44987722);
    expect(Math.abs(fit.result.m2logLik - SAS.expected.m2logLik)).toBeLessThanOrEqual(2e-3);
    expect(fit.result.nobs).toBe(537);
    expect(await value(port(), token(), "waitForFit", [jobId])).toMatchObject({ fitId, converged: true });
  });

  it("opens the stream with a comment, and unsubscribes from the service when the client goes", async () => {
    let active = 0;
    const subscribe = t.service.subscribe.bind(t.service);
    t.service.subscribe = (listener) => {
      active++;
      const off = subscribe(listener);
      return () => { active--; off(); };
    };
    try {
      const stream = openEvents(port(), token());
      expect(await stream.status).toBe(200);
      await eventually(() => stream.comments.length > 0, "the opening comment");
      expect(stream.comments).toEqual(["connected"]);
      expect(active).toBe(1);
      stream.close();
      await eventually(() => active === 0, "the unsubscription");
    } finally {
      t.service.subscribe = subscribe;
    }
  });

  it("downloads each exported file as an attachment of its type, byte for byte", async () => {
    expect(report.files.map((f) => f.name)).toContain("report.pdf");
    const types: Record<string, string> = { pdf: "application/pdf", csv: "text/csv; charset=utf-8", json: "application/json; charset=utf-8" };
    for (const f of report.files) {
      const a = await send(port(), { path: `/api/download?path=${encodeURIComponent(f.path)}`, headers: cookie(token()) });
      expect(a.status, f.name).toBe(200);
      expect(a.headers["content-type"]).toBe(types[f.name.split(".").pop()!]);
      expect(a.headers["content-disposition"]).toBe(`attachment; filename="${f.name}"; filename*=UTF-8''${encodeURIComponent(f.name)}`);
      expect(a.headers["content-security-policy"]).toBeDefined();
      expect(a.body.length).toBe(f.bytes);
      expect(sha256(a.body)).toBe(f.sha256);
    }
  });

  it("downloads nothing else (404): not the database, an upload, the report's folder, a relative path", async () => {
    const pdf = report.files.find((f) => f.name === "report.pdf")!;
    const refused = [join(t.dir, "data", "web.sqlite"), join(t.dir, "secret.txt"), join(ROOT, "package.json"), report.outDir, "report.pdf", `${pdf.path}x`, FEV];
    for (const path of refused) {
      const a = await send(port(), { path: `/api/download?path=${encodeURIComponent(path)}`, headers: cookie(token()) });
      expect(a.status, path).toBe(404);
      expect(a.json).toEqual({ error: { message: "there is no such report file to download; export the report again" } });
    }
    expect((await send(port(), { path: "/api/download", headers: cookie(token()) })).status).toBe(404);
    expect((await send(port(), { path: `/api/download?path=${encodeURIComponent(pdf.path)}` })).status).toBe(401);
  });

  it("does not let another host launched later download what this one exported", async () => {
    const other = await startWebHost({ service: t.service, staticDir: t.staticDir });
    try {
      const a = await send(other.port, { path: `/api/download?path=${encodeURIComponent(report.files[0].path)}`, headers: cookie(other.token) });
      expect(a.status).toBe(404);
    } finally {
      await other.close();
    }
  });
});

describe("closing", () => {
  it("ends open event streams and stops answering", async () => {
    const other = await startWebHost({ service: t.service, staticDir: t.staticDir });
    const stream = openEvents(other.port, other.token);
    expect(await stream.status).toBe(200);
    await other.close();
    await stream.ended;
    await expect(send(other.port, { path: "/" })).rejects.toThrow(/ECONNREFUSED/);
    expect(await call(port(), token(), "listStudies")).toMatchObject({ status: 200 }); // the service stays open
  });
});
