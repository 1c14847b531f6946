import type { VariableRoles } from "../../src-core/data/roles.js";
import { appendAudit, osUser } from "./audit.js";
import { datasetInfo } from "./datasets.js";
import type { Db } from "./open.js";

/** Stores the roles suggested at import as both the suggestion and the current choice. */
export function saveSuggestedRoles(db: Db, datasetId: number, roles: VariableRoles): void {
  const text = JSON.stringify(roles);
  db.prepare("INSERT INTO variable_roles (dataset_id, suggested, roles, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)")
    .run(datasetId, text, text, new Date().toISOString(), osUser());
}

export function getRoles(db: Db, datasetId: number): { roles: VariableRoles; suggested: VariableRoles } {
  datasetInfo(db, datasetId);
  const r = db.prepare("SELECT roles, suggested FROM variable_roles WHERE dataset_id = ?").get(datasetId) as { roles: string; suggested: string };
  return { roles: JSON.parse(r.roles) as VariableRoles, suggested: JSON.parse(r.suggested) as VariableRoles };
}

/** The user's choice of roles; the change is recorded in the audit log with the old and new values. */
export function setRoles(db: Db, datasetId: number, roles: VariableRoles): void {
  db.transaction(() => {
    const info = datasetInfo(db, datasetId);
    const before = getRoles(db, datasetId).roles;
    db.prepare("UPDATE variable_roles SET roles = ?, updated_at = ?, updated_by = ? WHERE dataset_id = ?")
      .run(JSON.stringify(roles), new Date().toISOString(), osUser(), datasetId);
    appendAudit(db, "roles.set", info.studyId, { datasetId, before, after: roles });
  }).immediate();
}
