import type { FitResult } from "../../src-core/result.js";
import type { AnalysisSpec } from "../../src-core/spec.js";
import type { FitRecord } from "../api/contract.js";
import { InputError } from "../errors.js";
import { appendAudit, osUser } from "./audit.js";
import { datasetInfo } from "./datasets.js";
import type { Db } from "./open.js";

interface FitRow { id: number; dataset_id: number; analysis_id: number | null; converged: number; created_at: string; result?: string }

/** Stores a fit with its provenance, and records it in the audit log. */
export function saveFit(db: Db, fit: { datasetId: number; analysisId: number | null; spec: AnalysisSpec; result: FitResult; provenance: Record<string, unknown> }): number {
  return db.transaction(() => {
    const info = datasetInfo(db, fit.datasetId);
    const id = Number(db.prepare("INSERT INTO fits (analysis_id, dataset_id, spec, result, converged, provenance, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(fit.analysisId, fit.datasetId, JSON.stringify(fit.spec), JSON.stringify(fit.result), fit.result.converged ? 1 : 0, JSON.stringify(fit.provenance), new Date().toISOString(), osUser()).lastInsertRowid);
    appendAudit(db, "fit.save", info.studyId, { fitId: id, datasetId: fit.datasetId, analysisId: fit.analysisId, formula: fit.spec.formula, converged: fit.result.converged, logLik: fit.result.logLik, datasetSha256: info.sha256 });
    return id;
  }).immediate();
}

export function getFit(db: Db, fitId: number): FitRecord {
  const r = db.prepare("SELECT * FROM fits WHERE id = ?").get(fitId) as FitRow | undefined;
  if (!r) throw new InputError(`there is no fit ${fitId}`);
  return { fitId: r.id, datasetId: r.dataset_id, analysisId: r.analysis_id, converged: r.converged === 1, createdAt: r.created_at, result: JSON.parse(r.result!) as FitResult };
}

export function listFits(db: Db, datasetId: number): Omit<FitRecord, "result">[] {
  const rows = db.prepare("SELECT id, dataset_id, analysis_id, converged, created_at FROM fits WHERE dataset_id = ? ORDER BY id").all(datasetId) as FitRow[];
  return rows.map((r) => ({ fitId: r.id, datasetId: r.dataset_id, analysisId: r.analysis_id, converged: r.converged === 1, createdAt: r.created_at }));
}
