import type { VariableRoles } from "../../src-core/data/roles.js";
import type { AnalysisSpec } from "../../src-core/spec.js";
import type { AnalysisInfo } from "../api/contract.js";
import { InputError } from "../errors.js";
import { appendAudit, osUser } from "./audit.js";
import { datasetInfo } from "./datasets.js";
import type { Db } from "./open.js";

interface AnalysisRow { id: number; study_id: number; dataset_id: number; name: string; spec: string; roles: string; created_at: string }

function analysis(r: AnalysisRow): AnalysisInfo {
  return { analysisId: r.id, studyId: r.study_id, datasetId: r.dataset_id, name: r.name, spec: JSON.parse(r.spec) as AnalysisSpec, roles: JSON.parse(r.roles) as VariableRoles, createdAt: r.created_at };
}

/** Saves an analysis (its spec and the roles it was built from); the dataset must belong to the study. */
export function saveAnalysis(db: Db, a: { studyId: number; datasetId: number; name: string; spec: AnalysisSpec; roles: VariableRoles }): AnalysisInfo {
  return db.transaction(() => {
    const info = datasetInfo(db, a.datasetId);
    if (info.studyId !== a.studyId) throw new InputError(`dataset ${a.datasetId} belongs to another study`);
    const id = Number(db.prepare("INSERT INTO analyses (study_id, dataset_id, name, spec, roles, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(a.studyId, a.datasetId, a.name, JSON.stringify(a.spec), JSON.stringify(a.roles), new Date().toISOString(), osUser()).lastInsertRowid);
    appendAudit(db, "analysis.save", a.studyId, { analysisId: id, datasetId: a.datasetId, name: a.name, spec: a.spec, roles: a.roles });
    return getAnalysis(db, id);
  }).immediate();
}

export function getAnalysis(db: Db, analysisId: number): AnalysisInfo {
  const r = db.prepare("SELECT * FROM analyses WHERE id = ?").get(analysisId) as AnalysisRow | undefined;
  if (!r) throw new InputError(`there is no analysis ${analysisId}`);
  return analysis(r);
}

export function listAnalyses(db: Db, studyId: number): AnalysisInfo[] {
  return (db.prepare("SELECT * FROM analyses WHERE study_id = ? ORDER BY id").all(studyId) as AnalysisRow[]).map(analysis);
}
