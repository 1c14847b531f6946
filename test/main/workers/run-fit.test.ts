/**
 * The fit worker (src-main/workers/fit-worker.ts, run from the bundle dist/fit-worker.mjs by run-fit.ts) and
 * the service's fit jobs (LongitudeService.startFit / waitForFit / cancelFit).
 *
 * Sources of the expected values:
 *   - the in-process fit: fitModel (src-core) on the same file read with readData, whose own agreement with
 *     SAS and R is tested in test/reference/; a stored fit must be that fit byte for byte (JSON), except the
 *     worker's own timing provenance.milliseconds;
 *   - fev_data.csv: 800 rows, 263 FEV1 missing (test/reference/data, the mmrm package's data), so 537
 *     observations; SAS's −2 Res Log Likelihood 3386.44987722 from
 *     test/reference/expected/sas_fev_mmrm_us_satterthwaite.json, within the 1e-3 log-likelihood tolerance of
 *     test/reference/fit.test.ts;
 *   - bcva_data.csv: 8,605 rows (wc -l minus the header), no BCVA_CHG missing; the model is bench/run.ts's
 *     UN_BCVA (unstructured 10 × 10, Kenward-Roger), the slowest reference fit (≈ 0.4-0.8 s);
 *   - the core's unknown-column message: fitModel's own, thrown in-process on the same data.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fitModel, LongitudeError, type AnalysisSpec, type FitResult } from "../../../src-core/index.js";
import type { FitProgress, FitRecord, ServiceEvent } from "../../../src-main/api/contract.js";
import { InputError } from "../../../src-main/errors.js";
import { readData } from "../../../src-main/io/read-data.js";
import { LongitudeService } from "../../../src-main/services/service.js";
import { closeIdleWorker, idleThreadId, runFitInWorker } from "../../../src-main/workers/run-fit.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const FEV = join(ROOT, "test", "reference", "data", "fev_data.csv");
const BCVA = join(ROOT, "test", "reference", "data", "bcva_data.csv");
const ADCIBC = join(ROOT, "test", "fixtures", "cdisc", "adcibc.json");
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;
const FEV_SPEC = readJson<AnalysisSpec>(join(ROOT, "src-main", "demo", "fev_mmrm.spec.json"));
const ADCIBC_SPEC = readJson<AnalysisSpec>(join(ROOT, "test", "fixtures", "cdisc", "adcibc.spec.json"));
const SAS_M2LOGLIK = readJson<{ expected: { m2logLik: number } }>(join(ROOT, "test", "reference", "expected", "sas_fev_mmrm_us_satterthwaite.json")).expected.m2logLik;
// bench/run.ts, UN_BCVA
const BCVA_SPEC: AnalysisSpec = {
  formula: "BCVA_CHG ~ BCVA_BL + RACE + ARMCD * AVISIT + us(AVISIT | USUBJID)",
  method: "REML", ddf: "kenward-roger", reference: { ARMCD: "CTL", AVISIT: "VIS01" },
  lsmeans: { specs: ["ARMCD"], by: ["AVISIT"], pairwise: true },
};

const dir = mkdtempSync(join(tmpdir(), "longitude-run-fit-"));
const dbPath = join(dir, "fits.sqlite");
let service: LongitudeService;
const ids = { fev: 0, adcibc: 0, bcva: 0 };
/** Every event the service emitted, in order, with the number of 5 ms ticks counted so far (see the blocking test). */
const events: { event: ServiceEvent; ticks: number }[] = [];
let ticks = 0;

beforeAll(async () => {
  // The worker runs from dist/fit-worker.mjs: rebuild it from the current sources first.
  const { build } = (await import(new URL("../../../bin/build.js", import.meta.url).href)) as { build: (names?: string[]) => void };
  build(["fit-worker"]);
  service = await LongitudeService.open({ dbPath });
  service.subscribe((event) => { events.push({ event, ticks }); });
  ids.fev = (await service.importFile({ path: FEV, study: "Worker tests" })).datasetId;
  ids.adcibc = (await service.importFile({ path: ADCIBC, study: "Worker tests" })).datasetId;
  ids.bcva = (await service.importFile({ path: BCVA, study: "Worker tests" })).datasetId;
});

afterAll(() => {
  service?.close();
  rmSync(dir, { recursive: true, force: true });
});

const jobEvents = (jobId: string) => events.map((e) => e.event).filter((e) => "jobId" in e && e.jobId === jobId);
const progressOf = (jobId: string): FitProgress[] => jobEvents(jobId).flatMap((e) => (e.kind === "fit-progress" ? [e.progress] : []));
/** JSON of a fit result with the worker's timing set to 0: the one field that may differ between two runs. */
const canonical = (r: FitResult) => JSON.stringify({ ...r, provenance: { ...r.provenance, milliseconds: 0 } });

/** Runs a fit through the service and returns its job id and record. */
async function fitThroughService(datasetId: number, spec: AnalysisSpec): Promise<{ jobId: string; record: FitRecord }> {
  const { jobId } = await service.startFit({ datasetId, spec });
  return { jobId, record: await service.waitForFit(jobId) };
}

describe("a fit in the worker thread", () => {
  let fev: { jobId: string; record: FitRecord };
  beforeAll(async () => { fev = await fitThroughService(ids.fev, FEV_SPEC); });

  it("reports queued, load, optimise (iterations 0, 1, … with −2 log L), inference, predict, done, then fit-done", async () => {
    const progress = progressOf(fev.jobId);
    const phases = progress.map((p) => p.phase).filter((p, i, all) => i === 0 || p !== all[i - 1]);
    expect(phases).toEqual(["queued", "load", "optimise", "inference", "predict", "done"]);
    // The first optimise event marks the phase's start (no iteration yet); the others are the optimiser's steps.
    const optimise = progress.filter((p) => p.phase === "optimise");
    expect(optimise[0]).toEqual({ phase: "optimise" });
    const steps = optimise.slice(1);
    // The demo MMRM is unstructured, so by default it follows SAS's iteration (sas-newton.ts): as in SAS's
    // iteration history, iteration 0 is the starting values (MIVQUE(0)) and each later one a Newton step; on
    // fev_data the criterion is met at iteration 2.
    expect(fev.record.result.diagnostics.criterion).toBe("sas");
    expect(steps.map((p) => p.iteration)).toEqual([0, 1, 2]);
    expect(fev.record.result.diagnostics.iterations).toBe(2);
    for (const p of steps) expect(Number.isFinite(p.m2logLik)).toBe(true);
    // The worker forwards exactly what the core reports in-process, phases and steps alike.
    const inProcess: FitProgress[] = [];
    fitModel(await readData(FEV), FEV_SPEC, {
      onPhase: (phase) => inProcess.push({ phase }),
      onIteration: (iteration, m2logLik) => inProcess.push({ phase: "optimise", iteration, m2logLik }),
    });
    expect(progress.slice(2)).toEqual(inProcess);
    // The last step is where SAS stops: its −2 log L is the fit's, and SAS's 3386.44987722 to the printed 8 decimals.
    const last = steps[steps.length - 1].m2logLik!;
    expect(last).toBe(fev.record.result.m2logLik);
    expect(Math.abs(last - SAS_M2LOGLIK)).toBeLessThanOrEqual(5e-9);
    // −2 log L does not rise along the Newton steps of this well-behaved fit.
    for (let i = 1; i < steps.length; i++) expect(steps[i].m2logLik!).toBeLessThanOrEqual(steps[i - 1].m2logLik! + 1e-9);

    const outcome = jobEvents(fev.jobId).filter((e) => e.kind !== "fit-progress");
    expect(outcome).toEqual([{ kind: "fit-done", jobId: fev.jobId, fitId: fev.record.fitId, converged: true }]);
    // fit-done comes after the last progress event.
    expect(jobEvents(fev.jobId).at(-1)!.kind).toBe("fit-done");
  });

  it("stores the fit: listFits and getFit give it back, 537 observations of 800 rows, 197 subjects", async () => {
    expect(fev.record).toMatchObject({ datasetId: ids.fev, analysisId: null, converged: true });
    expect(fev.record.result.nobs).toBe(537);
    expect(fev.record.result.nobsNotUsed).toBe(263);
    // 197 of the 200 subjects have at least one FEV1 (counted in fev_data.csv with Python's csv module).
    expect(fev.record.result.ngroups).toEqual({ USUBJID: 197 });
    expect(await service.getFit(fev.record.fitId)).toEqual(fev.record);
    const listed = await service.listFits(ids.fev);
    expect(listed).toContainEqual({ fitId: fev.record.fitId, datasetId: ids.fev, analysisId: null, converged: true, createdAt: fev.record.createdAt });
  });

  it("fev_data: the stored fit is the in-process fit of the same file, byte for byte as JSON (except the timing)", async () => {
    const inProcess = fitModel(await readData(FEV), FEV_SPEC);
    const stored = (await service.getFit(fev.record.fitId)).result;
    expect(canonical(stored)).toBe(canonical(inProcess));
    // The worker timed the fit itself.
    expect(stored.provenance.milliseconds).toBeGreaterThan(0);
    expect(inProcess.provenance.milliseconds).toBe(0);
  });

  it("ADCIBC (Dataset-JSON, CIBIC+ MMRM with Kenward-Roger): the stored fit is the in-process fit, byte for byte", async () => {
    const { record } = await fitThroughService(ids.adcibc, ADCIBC_SPEC);
    const inProcess = fitModel(await readData(ADCIBC), ADCIBC_SPEC);
    expect(canonical((await service.getFit(record.fitId)).result)).toBe(canonical(inProcess));
    // where ANL01FL == "Y" keeps 705 of the 730 rows (counted in adcibc.json with Python's json module).
    expect(record.result.nobs).toBe(705);
    expect(record.result.nobsFiltered).toBe(25);
    expect(record.converged).toBe(true);
  });

  it("records each stored fit in the audit log as fit.save, and the chain verifies", async () => {
    const before = (await service.verifyAudit()).events;
    const { record } = await fitThroughService(ids.fev, FEV_SPEC);
    const [last] = await service.listAudit({ limit: 1 });
    expect(last.action).toBe("fit.save");
    expect(last.details).toEqual({
      fitId: record.fitId, datasetId: ids.fev, analysisId: null, formula: FEV_SPEC.formula, converged: true, logLik: record.result.logLik,
      datasetSha256: createHash("sha256").update(readFileSync(FEV)).digest("hex"),
    });
    expect(await service.verifyAudit()).toEqual({ ok: true, events: before + 1 });
  });

  it("waitForFit still gives the outcome after the job has ended", async () => {
    // A caller that learns of the end from the fit-done event and asks afterwards gets the stored fit.
    expect(await service.waitForFit(fev.jobId)).toEqual(await service.getFit(fev.record.fitId));
    await expect(service.waitForFit("no-such-job")).rejects.toThrow("there is no fit job no-such-job");
  });
});

describe("the worker between fits", () => {
  it("stays idle after a fit and runs the next one (its JIT-compiled engine reused); a cancelled fit's worker is not kept", async () => {
    await fitThroughService(ids.fev, FEV_SPEC);
    const first = idleThreadId();
    expect(first).not.toBeNull();
    const { jobId } = await service.startFit({ datasetId: ids.fev, spec: FEV_SPEC });
    expect(idleThreadId()).toBeNull(); // taken by the running job
    await service.waitForFit(jobId);
    expect(idleThreadId()).toBe(first);
    // a cancelled job: its thread is terminated, the idle one is a new thread afterwards
    const cancelled = await service.startFit({ datasetId: ids.bcva, spec: BCVA_SPEC });
    await service.cancelFit(cancelled.jobId);
    await expect(service.waitForFit(cancelled.jobId)).rejects.toThrow("the fit was cancelled");
    expect(idleThreadId()).toBeNull();
    await fitThroughService(ids.fev, FEV_SPEC);
    expect(idleThreadId()).not.toBe(first);
  });
});

describe("the main thread while the worker fits", () => {
  it("keeps running timers: many 5 ms ticks arrive between the worker's optimise and done events", async () => {
    // If the fit ran on the main thread, no timer could fire between the "optimise" and "done" events (the core
    // calls both synchronously within fitModel), so the count would be 0. In the worker it is about
    // (fit time / 5 ms), here ≈ 20-100 (the engine is warm by now). The assertion asks for more than 5 while the
    // fit itself took over 50 ms: no wall-clock limit, and load on the machine slows the fit (more ticks) more
    // than it delays the main thread's timers (which need almost no CPU).
    const timer = setInterval(() => { ticks++; }, 5);
    let record: FitRecord;
    let jobId: string;
    try {
      ({ jobId, record } = await fitThroughService(ids.bcva, BCVA_SPEC));
    } finally {
      clearInterval(timer);
    }
    const seen = events.filter((e) => e.event.kind === "fit-progress" && e.event.jobId === jobId);
    const optimise = seen.find((e) => e.event.kind === "fit-progress" && e.event.progress.phase === "optimise")!;
    const done = seen.find((e) => e.event.kind === "fit-progress" && e.event.progress.phase === "done")!;
    expect(record.result.nobs).toBe(8605);
    expect(record.converged).toBe(true);
    expect(record.result.provenance.milliseconds).toBeGreaterThan(50);
    expect(done.ticks - optimise.ticks).toBeGreaterThan(5);
  });
});

describe("cancelling a fit", () => {
  it("rejects waitForFit with CancelledError, emits fit-cancelled, and stores nothing", async () => {
    const before = await service.listFits(ids.bcva);
    const auditBefore = (await service.verifyAudit()).events;
    const off = service.subscribe((e) => {
      if (e.kind === "fit-progress" && e.progress.iteration === 1) void service.cancelFit(e.jobId);
    });
    const { jobId } = await service.startFit({ datasetId: ids.bcva, spec: BCVA_SPEC });
    try {
      const error = await service.waitForFit(jobId).then(() => null, (e: unknown) => e as Error);
      expect(error).toBeInstanceOf(Error);
      expect(error!.name).toBe("CancelledError");
      expect(error!.message).toBe("the fit was cancelled");
    } finally {
      off();
    }
    const outcome = jobEvents(jobId).filter((e) => e.kind !== "fit-progress");
    expect(outcome).toEqual([{ kind: "fit-cancelled", jobId }]);
    // It was cancelled mid-optimisation: no inference phase was reported.
    expect(progressOf(jobId).map((p) => p.phase)).not.toContain("inference");
    expect(await service.listFits(ids.bcva)).toEqual(before);
    expect(await service.verifyAudit()).toEqual({ ok: true, events: auditBefore });
    await expect(service.waitForFit(jobId)).rejects.toThrow("the fit was cancelled");
  });

  it("wins even when the result is already queued: cancelling after the done event still stores nothing", async () => {
    // The worker posts its result right after "done". Here the main thread is busy for 150 ms when "done"
    // arrives (as it may be, serving the window) and only then cancels: the result message is queued by then,
    // and Node delivers queued messages even after terminate(). The user asked to cancel, so nothing is stored.
    for (let k = 0; k < 2; k++) {
      const before = await service.listFits(ids.fev);
      const off = service.subscribe((e) => {
        if (e.kind === "fit-progress" && e.progress.phase === "done") {
          const until = performance.now() + 150;
          while (performance.now() < until) { /* busy */ }
          void service.cancelFit(e.jobId);
        }
      });
      const { jobId } = await service.startFit({ datasetId: ids.fev, spec: FEV_SPEC });
      try {
        await expect(service.waitForFit(jobId)).rejects.toThrow("the fit was cancelled");
      } finally {
        off();
      }
      expect(jobEvents(jobId).filter((e) => e.kind !== "fit-progress")).toEqual([{ kind: "fit-cancelled", jobId }]);
      expect(await service.listFits(ids.fev)).toEqual(before);
    }
  });

  it("does nothing for a job that has ended", async () => {
    const { jobId, record } = await fitThroughService(ids.fev, FEV_SPEC);
    await service.cancelFit(jobId);
    expect(await service.getFit(record.fitId)).toEqual(record);
  });
});

describe("a fit that fails", () => {
  it("on a formula with an unknown column: the core's one-line message, fit-failed, nothing stored", async () => {
    const spec: AnalysisSpec = { ...FEV_SPEC, formula: "FEV1 ~ RACE + SEXX + ARMCD * AVISIT + us(AVISIT | USUBJID)" };
    let expected = "";
    try {
      fitModel(await readData(FEV), spec);
    } catch (e) {
      expected = (e as Error).message;
    }
    expect(expected).toMatch(/^unknown column "SEXX" in the formula/);
    expect(expected).not.toContain("\n");
    const before = await service.listFits(ids.fev);
    const { jobId } = await service.startFit({ datasetId: ids.fev, spec });
    const error = await service.waitForFit(jobId).then(() => null, (e: unknown) => e as LongitudeError);
    expect(error).toBeInstanceOf(LongitudeError);
    expect(error!.code).toBe("unknown-column");
    expect(error!.message).toBe(expected);
    expect(jobEvents(jobId).filter((e) => e.kind !== "fit-progress")).toEqual([{ kind: "fit-failed", jobId, message: expected }]);
    expect(await service.listFits(ids.fev)).toEqual(before);
  });

  it("on a dataset that does not exist: refused at once by startFit, and by the worker itself", async () => {
    await expect(service.startFit({ datasetId: 999, spec: FEV_SPEC })).rejects.toThrow("there is no dataset 999; run longitude datasets to list them");
    const handle = runFitInWorker(dbPath, 999, FEV_SPEC);
    const error = await handle.done.then(() => null, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(InputError);
    expect(error!.message).toBe("there is no dataset 999; run longitude datasets to list them");
  });

  it("on an analysis that does not exist: refused at once, before fitting", async () => {
    await expect(service.startFit({ datasetId: ids.fev, spec: FEV_SPEC, analysisId: 999 })).rejects.toThrow("there is no analysis 999");
  });

  it("when the fit cannot be stored: fit-failed with the reason, not silence", async () => {
    // A second service on the same file, whose connection is closed while the worker fits.
    const other = await LongitudeService.open({ dbPath });
    const seen: ServiceEvent[] = [];
    other.subscribe((e) => {
      seen.push(e);
      if (e.kind === "fit-progress" && e.progress.phase === "inference") other.db.close();
    });
    const { jobId } = await other.startFit({ datasetId: ids.fev, spec: FEV_SPEC });
    await expect(other.waitForFit(jobId)).rejects.toThrow("The database connection is not open");
    expect(seen.filter((e) => e.kind !== "fit-progress")).toEqual([{ kind: "fit-failed", jobId, message: "The database connection is not open" }]);
  });

  it("a listener that throws stops neither the job nor the other listeners", async () => {
    const failure = new Error("a closed window");
    const off = service.subscribe(() => { throw failure; });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { jobId, record } = await fitThroughService(ids.fev, FEV_SPEC);
      expect(record.converged).toBe(true);
      expect(jobEvents(jobId).at(-1)).toEqual({ kind: "fit-done", jobId, fitId: record.fitId, converged: true });
      // Reported on stderr, once per event, rather than swallowed.
      expect(logged).toHaveBeenCalledWith("a service event listener failed:", failure);
      expect(logged.mock.calls.length).toBe(jobEvents(jobId).length);
    } finally {
      off();
      logged.mockRestore();
    }
  });
});

describe("closing the service during a fit", () => {
  it("cancels the job: fit-cancelled, waitForFit rejects, nothing stored", async () => {
    const other = await LongitudeService.open({ dbPath });
    const seen: ServiceEvent[] = [];
    other.subscribe((e) => {
      seen.push(e);
      if (e.kind === "fit-progress" && e.progress.iteration === 1) other.close();
    });
    const before = await service.listFits(ids.bcva);
    const { jobId } = await other.startFit({ datasetId: ids.bcva, spec: BCVA_SPEC });
    await expect(other.waitForFit(jobId)).rejects.toThrow("the fit was cancelled");
    expect(seen.filter((e) => e.kind !== "fit-progress")).toEqual([{ kind: "fit-cancelled", jobId }]);
    expect(await service.listFits(ids.bcva)).toEqual(before);
  });
});

describe("warming the worker before the first fit (prewarmFits, for the app and serve)", () => {
  it("starts the idle worker on a simulated trial; a fit asked for meanwhile runs in that thread after it, with the same result", async () => {
    closeIdleWorker();
    expect(idleThreadId()).toBeNull();
    const before = (await service.listFits(ids.fev)).length;
    const warmed = service.prewarmFits();
    expect(warmed).not.toBeNull();
    const thread = idleThreadId();
    expect(thread).not.toBeNull();
    // a second call finds the worker idle (warming) and starts nothing
    expect(service.prewarmFits()).toBeNull();
    // a fit posted while the warm-up runs queues behind it in the same thread
    const { record } = await fitThroughService(ids.fev, FEV_SPEC);
    const ms = await warmed!;
    expect(Number.isFinite(ms) && ms > 0).toBe(true);
    expect(idleThreadId()).toBe(thread);
    expect(Math.abs(record.result.m2logLik - SAS_M2LOGLIK)).toBeLessThan(1e-3);
    // the warm-up's result is thrown away: nothing stored besides the fit
    expect((await service.listFits(ids.fev)).length).toBe(before + 1);
  });
});
