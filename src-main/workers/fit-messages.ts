import type { StructureTable } from "../../src-core/inference/compare.js";
import type { FitResult } from "../../src-core/result.js";
import type { AnalysisSpec } from "../../src-core/spec.js";
import type { FitProgress } from "../api/contract.js";

/**
 * What the worker is asked to do: one fit, or the same model refitted over several residual structures; or, with
 * `warmup`, one fit of a built-in simulated trial whose result is thrown away (run-fit.ts, prewarmFitWorker).
 */
export type WorkerJob = FitJob | { warmup: true };

export interface FitJob {
  dbPath: string;
  datasetId: number;
  spec: AnalysisSpec;
  /** When given: compare these residual structures instead of fitting once. */
  structures?: string[];
}

/** What the fit worker posts to the main thread. */
export type WorkerMessage =
  | { type: "structures-progress"; done: number; total: number; structure: string }
  | { type: "structures"; table: StructureTable }
  | { type: "progress"; progress: FitProgress }
  | { type: "result"; result: FitResult; dataset: { name: string; version: number; sha256: string; rows: number } }
  | { type: "error"; message: string; userError: boolean; code?: string }
  /** The warm-up fit ended, after ms milliseconds (NaN when it failed). */
  | { type: "warm"; ms: number };
