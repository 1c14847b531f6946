/**
 * The fit worker (a worker_threads entry, bundled to dist/fit-worker.mjs). For each job posted to it, it loads
 * the dataset through its own connection (reads only), fits, and posts progress and the result back, so the main
 * thread never blocks on loading or fitting. The thread outlives its jobs (run-fit.ts keeps one idle), so a
 * later fit finds the engine already compiled by the JIT. Cancelling terminates the thread; it holds no write
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
import type { WorkerJob, WorkerMessage } from "./fit-messages.js";

const port = parentPort;
if (!port) throw new Error("fit-worker.ts runs only as a worker thread");
const post = (m: WorkerMessage) => port.postMessage(m);

port.on("message", (job: WorkerJob) => run(job));

function run(job: WorkerJob): void {
  try {
    runJob(job);
  } catch (e) {
    const userError = e instanceof LongitudeError || e instanceof InputError;
    post({ type: "error", message: e instanceof Error ? e.message : String(e), userError, code: e instanceof LongitudeError ? e.code : undefined });
  }
}

function runJob(job: WorkerJob): void {
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

function fitOnce(job: WorkerJob, loaded: ReturnType<typeof loadDataset>): void {
  const start = performance.now();
  const result = fitModel(loaded.frame, job.spec, {
    onPhase: (phase) => post({ type: "progress", progress: { phase } }),
    onIteration: (iteration, m2logLik) => post({ type: "progress", progress: { phase: "optimise", iteration, m2logLik } }),
  });
  result.provenance.milliseconds = Math.round((performance.now() - start) * 10) / 10;
  post({ type: "result", result, dataset: { name: loaded.info.name, version: loaded.info.version, sha256: loaded.info.sha256, rows: loaded.info.rows } });
}
