import type { AuditEvent, AuditVerification, Study } from "../../../src-main/api/contract.js";

/**
 * The audit trail's words: a one-line summary of each event's details (the full JSON stays one click away),
 * and the verification's outcome. Details are whatever the service stored, so every field is checked before
 * use and an unknown action falls back to its JSON.
 */

type Details = Record<string, unknown>;
const str = (x: unknown): string | null => (typeof x === "string" ? x : typeof x === "number" ? String(x) : null);
const short = (sha: unknown): string => (typeof sha === "string" ? sha.slice(0, 12) : "?");
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The roles whose column changed, "visit: AVISIT → AVISITN". */
function roleChanges(before: unknown, after: unknown): string[] {
  if (!after || typeof after !== "object") return [];
  const b = (before && typeof before === "object" ? before : {}) as Details;
  const out: string[] = [];
  for (const [role, value] of Object.entries(after as Details)) {
    const was = JSON.stringify(b[role] ?? null), now = JSON.stringify(value ?? null);
    if (was === now) continue;
    const show = (v: unknown) => (v === null || v === undefined ? "none" : Array.isArray(v) ? (v.length ? v.join(", ") : "none") : String(v));
    out.push(`${role}: ${show(b[role])} → ${show(value)}`);
  }
  return out;
}

export function summariseDetails(action: string, details: unknown): string {
  const d = (details && typeof details === "object" ? details : {}) as Details;
  switch (action) {
    case "study.create":
      return `Study "${str(d.name) ?? "?"}" created${d.demo === true ? " (demo)" : ""}`;
    case "dataset.import": {
      const format = str(d.format);
      return `Imported ${str(d.name) ?? "a dataset"} version ${str(d.version) ?? "?"} (dataset ${str(d.datasetId) ?? "?"}): ${str(d.rows) ?? "?"} rows, ${str(d.columns) ?? "?"} columns${format ? `, ${format}` : ""}; SHA-256 ${short(d.sha256)}…`;
    }
    case "roles.set": {
      const changes = roleChanges(d.before, d.after);
      return `Roles of dataset ${str(d.datasetId) ?? "?"}: ${changes.length ? changes.join("; ") : "saved unchanged"}`;
    }
    case "analysis.save":
      return `Analysis "${str(d.name) ?? "?"}" (analysis ${str(d.analysisId) ?? "?"}) on dataset ${str(d.datasetId) ?? "?"}: ${str((d.spec as Details | undefined)?.formula) ?? "?"}`;
    case "fit.save":
      return `Fit ${str(d.fitId) ?? "?"} of dataset ${str(d.datasetId) ?? "?"}: ${str(d.formula) ?? "?"}, ${d.converged === true ? "converged" : "did NOT converge"}`;
    case "report.export": {
      const files = Array.isArray(d.files) ? d.files.length : 0;
      return `Report of fit ${str(d.fitId) ?? "?"}: ${plural(files, "file")} written to ${str(d.outDir) ?? "?"}`;
    }
    default: {
      const text = JSON.stringify(details ?? {});
      return text.length > 140 ? `${text.slice(0, 139)}…` : text;
    }
  }
}

/** The verification's outcome as one sentence. */
export function verdictText(v: AuditVerification): string {
  if (v.ok) return `The audit trail is intact: ${plural(v.events, "event")}, each hash chained to the one before.`;
  const b = v.broken;
  const where = b ? `at event ${b.id} (${b.action}): ${b.reason}` : "";
  return `The audit trail is BROKEN ${where}. ${v.events === 1 ? "The 1 event" : `The ${v.events} events`} before it verified.`;
}


/** A study's name for the table; its number when the study is not in the list. */
export function studyLabel(studyId: number | null, studies: readonly Study[]): string {
  if (studyId === null) return "";
  return studies.find((s) => s.studyId === studyId)?.name ?? `study ${studyId}`;
}

/** The event with its full details, for the expanded row. */
export function detailsJson(e: AuditEvent): string {
  return JSON.stringify(e.details, null, 2);
}
