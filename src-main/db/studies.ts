import type { Study } from "../api/contract.js";
import { InputError } from "../errors.js";
import { appendAudit, osUser } from "./audit.js";
import type { Db } from "./open.js";

interface StudyRow { id: number; name: string; description: string; is_demo: number; created_at: string; created_by: string; datasets: number }

const SELECT = "SELECT s.*, (SELECT count(*) FROM datasets d WHERE d.study_id = s.id AND d.complete = 1) AS datasets FROM studies s";

function study(r: StudyRow): Study {
  return { studyId: r.id, name: r.name, description: r.description, isDemo: r.is_demo === 1, createdAt: r.created_at, createdBy: r.created_by, datasets: r.datasets };
}

export function listStudies(db: Db): Study[] {
  return (db.prepare(`${SELECT} ORDER BY s.id`).all() as StudyRow[]).map(study);
}

export function findStudy(db: Db, name: string): Study | null {
  const r = db.prepare(`${SELECT} WHERE s.name = ?`).get(name) as StudyRow | undefined;
  return r ? study(r) : null;
}

export function getStudy(db: Db, studyId: number): Study {
  const r = db.prepare(`${SELECT} WHERE s.id = ?`).get(studyId) as StudyRow | undefined;
  if (!r) throw new InputError(`there is no study ${studyId}`);
  return study(r);
}

/** Creates a study and records it in the audit log. Call inside a transaction. */
export function createStudy(db: Db, name: string, options: { description?: string; isDemo?: boolean } = {}): Study {
  const trimmed = name.trim();
  if (trimmed === "") throw new InputError("a study needs a name");
  if (findStudy(db, trimmed)) throw new InputError(`there is already a study named "${trimmed}"`);
  const id = Number(db.prepare("INSERT INTO studies (name, description, is_demo, created_at, created_by) VALUES (?, ?, ?, ?, ?)")
    .run(trimmed, options.description ?? "", options.isDemo ? 1 : 0, new Date().toISOString(), osUser()).lastInsertRowid);
  appendAudit(db, "study.create", id, { name: trimmed, description: options.description ?? "", demo: options.isDemo === true });
  return getStudy(db, id);
}

/** The study of that name, created if there is none yet. Call inside a transaction. */
export function ensureStudy(db: Db, name: string): Study {
  return findStudy(db, name.trim()) ?? createStudy(db, name);
}

export type { Study };
