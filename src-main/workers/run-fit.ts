import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { LongitudeError } from "../../src-core/errors.js";
import type { FitResult } from "../../src-core/result.js";
import type { AnalysisSpec } from "../../src-core/spec.js";
import type { FitProgress } from "../api/contract.js";
import { InputError } from "../errors.js";
import { packageRoot } from "../paths.js";
import type { WorkerMessage } from "./fit-messages.js";

/** Raised when a fit job is cancelled. */
export class CancelledError extends Error {
  constructor() {
    super("the fit was cancelled");
    this.name = "CancelledError";
  }
}

export interface FitJobHandle {
  readonly done: Promise<{ result: FitResult; dataset: { name: string; version: number; sha256: string; rows: number } }>;
  cancel(): void;
}

/** The bundled worker script (bin/build.js makes it). */
export function workerScript(): string {
  const path = join(packageRoot(), "dist", "fit-worker.mjs");
  if (!existsSync(path)) throw new Error(`the fit worker ${path} is missing; run npm run build`);
  return path;
}

/** Runs one fit of a stored dataset in a new worker thread. */
export function runFitInWorker(dbPath: string, datasetId: number, spec: AnalysisSpec, onProgress?: (p: FitProgress) => void): FitJobHandle {
  const worker = new Worker(workerScript(), { workerData: { dbPath, datasetId, spec } });
  let cancelled = false;
  const done = new Promise<{ result: FitResult; dataset: { name: string; version: number; sha256: string; rows: number } }>((resolve, reject) => {
    let settled = false;
    worker.on("message", (m: WorkerMessage) => {
      // Messages already queued are still delivered after terminate(): once cancelled, a result must not be stored.
      if (cancelled) return;
      if (m.type === "progress") onProgress?.(m.progress);
      else if (m.type === "result") { settled = true; resolve({ result: m.result, dataset: m.dataset }); void worker.terminate(); }
      else {
        settled = true;
        reject(m.userError ? (m.code ? new LongitudeError(m.code as never, m.message) : new InputError(m.message)) : new Error(m.message));
        void worker.terminate();
      }
    });
    worker.on("error", (e) => { if (!settled) { settled = true; reject(e); } });
    worker.on("exit", () => { if (!settled) { settled = true; reject(cancelled ? new CancelledError() : new Error("the fit worker stopped unexpectedly")); } });
  });
  return {
    done,
    cancel: () => { cancelled = true; void worker.terminate(); },
  };
}
