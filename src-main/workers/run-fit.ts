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
 * One worker thread is kept idle between jobs: the JIT has compiled the engine in it, so the next fit runs warm
 * (the BCVA MMRM takes about half as long the second time). An idle worker is unref'd, so it never keeps the
 * process alive; a cancelled job's worker is terminated, never reused.
 */
let idle: Worker | null = null;

/** A new fit worker. While idle nobody else listens to it: one that fails or ends then is simply forgotten. */
function createWorker(): Worker {
  const worker = new Worker(workerScript());
  worker.on("error", () => { if (idle === worker) idle = null; });
  worker.once("exit", () => { if (idle === worker) idle = null; });
  return worker;
}

function acquireWorker(): Worker {
  const worker = idle ?? createWorker();
  idle = null;
  worker.ref();
  return worker;
}

function releaseWorker(worker: Worker): void {
  if (idle !== null) { void worker.terminate(); return; }
  idle = worker;
  worker.unref();
}

/**
 * Starts the idle worker ahead of the first fit and has it fit a simulated trial, so that the user's first fit
 * finds the engine compiled (fit-worker.ts, warmUp). For long-running hosts (the desktop app, `serve`), not for a
 * one-shot command. A job posted meanwhile waits for the warm-up to end (about 0.25 s). Resolves to the warm-up's
 * duration in ms (NaN if it failed or the worker ended first); null when a worker is already idle.
 */
export function prewarmFitWorker(): Promise<number> | null {
  if (idle !== null) return null;
  const worker = createWorker();
  const warmed = new Promise<number>((resolve) => {
    const message = (m: WorkerMessage) => { if (m.type === "warm") { worker.off("message", message); resolve(m.ms); } };
    worker.on("message", message);
    worker.once("exit", () => resolve(NaN));
  });
  worker.postMessage({ warmup: true } satisfies WorkerJob);
  idle = worker;
  worker.unref();
  return warmed;
}

/** The idle worker's thread id, or null when none is idle (for tests and diagnostics). */
export function idleThreadId(): number | null {
  return idle?.threadId ?? null;
}

/** Ends the idle worker, if any (the service's close). */
export function closeIdleWorker(): void {
  const worker = idle;
  idle = null;
  if (worker) void worker.terminate();
}

/**
 * Runs one job in a worker thread (the idle one, or a new one). `settle` maps a worker's final message to the
 * job's value; errors, cancellation and an unexpected exit reject. Messages queued before a cancel are dropped.
 */
function runJob<T>(job: WorkerJob, onMessage: (m: WorkerMessage) => void, settle: (m: WorkerMessage) => T | undefined): { done: Promise<T>; cancel(): void } {
  const worker = acquireWorker();
  let cancelled = false;
  let settled = false;
  const done = new Promise<T>((resolve, reject) => {
    const finish = (reuse: boolean) => {
      settled = true;
      worker.off("message", message);
      worker.off("error", error);
      worker.off("exit", exit);
      if (reuse) releaseWorker(worker);
      else void worker.terminate();
    };
    const message = (m: WorkerMessage) => {
      // Messages already queued are still delivered after terminate(): once cancelled, a result must not be stored.
      if (cancelled || settled) return;
      if (m.type === "error") {
        finish(m.userError);
        reject(m.userError ? (m.code ? new LongitudeError(m.code as never, m.message) : new InputError(m.message)) : new Error(m.message));
        return;
      }
      const value = settle(m);
      if (value !== undefined) { finish(true); resolve(value); }
      else onMessage(m);
    };
    const error = (e: Error) => { if (!settled) { finish(false); reject(e); } };
    const exit = () => { if (!settled) { finish(false); reject(cancelled ? new CancelledError() : new Error("the fit worker stopped unexpectedly")); } };
    worker.on("message", message);
    worker.on("error", error);
    worker.on("exit", exit);
  });
  worker.postMessage(job);
  return { done, cancel: () => { if (settled) return; cancelled = true; void worker.terminate(); } };
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
