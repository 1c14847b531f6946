import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { LongitudeError } from "../../src-core/errors.js";
import type { StructureTable } from "../../src-core/inference/compare.js";
import type { FitResult } from "../../src-core/result.js";
import type { AnalysisSpec } from "../../src-core/spec.js";
import type { FitProgress } from "../api/contract.js";
import { InputError } from "../errors.js";
import { packageRoot } from "../paths.js";
import type { WorkerJob, WorkerMessage } from "./fit-messages.js";

/** Raised when a fit job is cancelled. */
export class CancelledError extends Error {
  constructor() {
    super("the fit was cancelled");
    this.name = "CancelledError";
  }
}

export interface FitJobHandle {
  readonly done: Promise<FitOutcome>;
  cancel(): void;
}

/** The bundled worker script (bin/build.js makes it). */
export function workerScript(): string {
  const path = join(packageRoot(), "dist", "fit-worker.mjs");
  if (!existsSync(path)) throw new Error(`the fit worker ${path} is missing; run npm run build`);
  return path;
}

type FitOutcome = { result: FitResult; dataset: { name: string; version: number; sha256: string; rows: number } };

/**
 * Runs one job in a new worker thread. `settle` maps a worker's final message to the job's value; errors,
 * cancellation and an unexpected exit reject. Messages queued before a cancel are dropped.
 */
function runJob<T>(job: WorkerJob, onMessage: (m: WorkerMessage) => void, settle: (m: WorkerMessage) => T | undefined): { done: Promise<T>; cancel(): void } {
  const worker = new Worker(workerScript(), { workerData: job });
  let cancelled = false;
  const done = new Promise<T>((resolve, reject) => {
    let settled = false;
    worker.on("message", (m: WorkerMessage) => {
      // Messages already queued are still delivered after terminate(): once cancelled, a result must not be stored.
      if (cancelled) return;
      if (m.type === "error") {
        settled = true;
        reject(m.userError ? (m.code ? new LongitudeError(m.code as never, m.message) : new InputError(m.message)) : new Error(m.message));
        void worker.terminate();
        return;
      }
      const value = settle(m);
      if (value !== undefined) { settled = true; resolve(value); void worker.terminate(); }
      else onMessage(m);
    });
    worker.on("error", (e) => { if (!settled) { settled = true; reject(e); } });
    worker.on("exit", () => { if (!settled) { settled = true; reject(cancelled ? new CancelledError() : new Error("the fit worker stopped unexpectedly")); } });
  });
  return { done, cancel: () => { cancelled = true; void worker.terminate(); } };
}

/** Runs one fit of a stored dataset in a new worker thread. */
export function runFitInWorker(dbPath: string, datasetId: number, spec: AnalysisSpec, onProgress?: (p: FitProgress) => void): FitJobHandle {
  return runJob<FitOutcome>(
    { dbPath, datasetId, spec },
    (m) => { if (m.type === "progress") onProgress?.(m.progress); },
    (m) => (m.type === "result" ? { result: m.result, dataset: m.dataset } : undefined),
  );
}

/** Refits a stored dataset's model over residual structures (empty: the fallback order) in a worker thread. */
export function runStructuresInWorker(dbPath: string, datasetId: number, spec: AnalysisSpec, structures: readonly string[], onProgress?: (done: number, total: number, structure: string) => void): { done: Promise<StructureTable>; cancel(): void } {
  return runJob<StructureTable>(
    { dbPath, datasetId, spec, structures: [...structures] },
    (m) => { if (m.type === "structures-progress") onProgress?.(m.done, m.total, m.structure); },
    (m) => (m.type === "structures" ? m.table : undefined),
  );
}
