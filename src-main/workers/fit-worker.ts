/**
 * The fit worker (a worker_threads entry, bundled to dist/fit-worker.mjs). For each job posted to it, it loads
 * the dataset through its own connection (reads only), fits, and posts progress and the result back, so the main
 * thread never blocks on loading or fitting. The thread outlives its jobs (run-fit.ts keeps one idle), so a
 * later fit finds the engine already compiled by the JIT, and a long-running host asks it to warm up on a simulated
 * trial before the first real fit (warmUp below). Cancelling terminates the thread; it holds no write
 * transaction, so nothing is lost.
 */
import { parentPort } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import { fitModel } from "../../src-core/index.js";
import { LongitudeError } from "../../src-core/errors.js";
import { compareStructures, FALLBACK_ORDER } from "../../src-core/inference/compare.js";
import type { ResidualKind } from "../../src-core/covariance/structure.js";
import { loadDataset } from "../db/datasets.js";
import { openDatabase } from "../db/open.js";
import { InputError } from "../errors.js";
import { simulateTrial } from "../../src-core/data/simulate.js";
import type { FitJob, WorkerJob, WorkerMessage } from "./fit-messages.js";

const port = parentPort;
if (!port) throw new Error("fit-worker.ts runs only as a worker thread");
const post = (m: WorkerMessage) => port.postMessage(m);

port.on("message", (job: WorkerJob) => run(job));

function run(job: WorkerJob): void {
  if ("warmup" in job) { warmUp(); return; }
  try {
    runJob(job);
  } catch (e) {
    const userError = e instanceof LongitudeError || e instanceof InputError;
    post({ type: "error", message: e instanceof Error ? e.message : String(e), userError, code: e instanceof LongitudeError ? e.code : undefined });
  }
}

/**
 * The first fit in a fresh thread runs largely before the JIT has compiled the engine: the BCVA MMRM takes about
 * three times as long as in steady state. One fit of a simulated trial of the same kind (300 subjects × 10 visits,
 * UN, Kenward–Roger, LS means by visit: about 0.25 s) compiles the code paths an MMRM uses.
 */
function warmUp(): void {
  const start = performance.now();
  let ms = NaN;
  try {
    fitModel(simulateTrial(300, 10, 7), {
      formula: "CHG ~ BASE + ARM * AVISIT + us(AVISIT | USUBJID)",
      ddf: "kenward-roger",
      factors: ["USUBJID"],
      lsmeans: { specs: ["ARM"], by: ["AVISIT"], pairwise: true },
    });
    ms = performance.now() - start;
  } finally {
    post({ type: "warm", ms });
  }
}

function runJob(job: FitJob): void {
  post({ type: "progress", progress: { phase: "load" } });
  const { db } = openDatabase(job.dbPath);
  let loaded;
  try {
    loaded = loadDataset(db, job.datasetId);
  } finally {
    db.close();
  }
  if (job.structures) {
    const structures = job.structures.length > 0 ? (job.structures as ResidualKind[]) : FALLBACK_ORDER;
    const table = compareStructures(loaded.frame, job.spec, structures, (done, total, structure) => post({ type: "structures-progress", done, total, structure }));
    post({ type: "structures", table });
  } else {
    fitOnce(job, loaded);
  }
}

function fitOnce(job: FitJob, loaded: ReturnType<typeof loadDataset>): void {
  const start = performance.now();
  const result = fitModel(loaded.frame, job.spec, {
    onPhase: (phase) => post({ type: "progress", progress: { phase } }),
    onIteration: (iteration, m2logLik) => post({ type: "progress", progress: { phase: "optimise", iteration, m2logLik } }),
  });
  result.provenance.milliseconds = Math.round((performance.now() - start) * 10) / 10;
  post({ type: "result", result, dataset: { name: loaded.info.name, version: loaded.info.version, sha256: loaded.info.sha256, rows: loaded.info.rows } });
}
