import type { FitResult } from "../../src-core/result.js";
import type { FitProgress } from "../api/contract.js";

/** What the fit worker posts to the main thread. */
export type WorkerMessage =
  | { type: "progress"; progress: FitProgress }
  | { type: "result"; result: FitResult; dataset: { name: string; version: number; sha256: string; rows: number } }
  | { type: "error"; message: string; userError: boolean; code?: string };
