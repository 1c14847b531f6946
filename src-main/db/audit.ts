import { createHash } from "node:crypto";
import { userInfo } from "node:os";
import type { AuditEvent, AuditVerification } from "../api/contract.js";
import type { Db } from "./open.js";

/**
 * The audit trail: an append-only, hash-chained log. Each event stores the hash of the event before it
 * (64 zeros for the first) and its own hash,
 *
 *   hash = SHA-256( prev_hash ‖ "\n" ‖ JSON.stringify([id, at, os_user, action, study_id, details]) )
 *
 * with `details` the stored JSON text. Triggers refuse UPDATE and DELETE; `verifyAudit` catches what
 * triggers cannot, such as a row changed by someone who dropped them, an event removed, or one inserted.
 * Events are appended in the same transaction as the change they record.
 */
export const GENESIS = "0".repeat(64);

/** The operating-system user recorded with each event. */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? "unknown";
  }
}

export function eventHash(prevHash: string, id: number, at: string, user: string, action: string, studyId: number | null, details: string): string {
  return createHash("sha256").update(`${prevHash}\n${JSON.stringify([id, at, user, action, studyId, details])}`).digest("hex");
}

/** Appends an event. Call inside the transaction that makes the change it records. */
export function appendAudit(db: Db, action: string, studyId: number | null, details: unknown): number {
  const last = db.prepare("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").get() as { id: number; hash: string } | undefined;
  const id = (last?.id ?? 0) + 1;
  const prev = last?.hash ?? GENESIS;
  const at = new Date().toISOString();
  const user = osUser();
  const text = JSON.stringify(details ?? {});
  db.prepare("INSERT INTO audit_log (id, at, os_user, action, study_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    .run(id, at, user, action, studyId, text, prev, eventHash(prev, id, at, user, action, studyId, text));
  return id;
}


/** Walks the chain from the first event and reports the first one that does not fit. */
export function verifyAudit(db: Db): AuditVerification {
  const rows = db.prepare("SELECT id, at, os_user, action, study_id, details, prev_hash, hash FROM audit_log ORDER BY id").iterate() as Iterable<{
    id: number; at: string; os_user: string; action: string; study_id: number | null; details: string; prev_hash: string; hash: string;
  }>;
  let prev = GENESIS;
  let expectedId = 1;
  let events = 0;
  for (const r of rows) {
    const fail = (reason: string): AuditVerification => ({ ok: false, events, broken: { id: r.id, action: r.action, reason } });
    if (r.id !== expectedId) return fail(expectedId === 1 ? `the log starts at event ${r.id}, not 1: earlier events are missing` : `event ${expectedId} is missing: event ${r.id} follows event ${expectedId - 1}`);
    if (r.prev_hash !== prev) return fail("its link to the previous event does not match that event's hash");
    if (eventHash(r.prev_hash, r.id, r.at, r.os_user, r.action, r.study_id, r.details) !== r.hash) return fail("its contents do not match its hash: the event was changed");
    prev = r.hash;
    expectedId++;
    events++;
  }
  return { ok: true, events };
}

/** Events, newest first. */
export function listAudit(db: Db, options: { studyId?: number; limit?: number } = {}): AuditEvent[] {
  const where = options.studyId === undefined ? "" : "WHERE study_id = @studyId";
  const rows = db.prepare(`SELECT id, at, os_user, action, study_id, details FROM audit_log ${where} ORDER BY id DESC LIMIT @limit`)
    .all({ limit: options.limit ?? 1000, ...(options.studyId === undefined ? {} : { studyId: options.studyId }) }) as { id: number; at: string; os_user: string; action: string; study_id: number | null; details: string }[];
  return rows.map((r) => ({ id: r.id, at: r.at, osUser: r.os_user, action: r.action, studyId: r.study_id, details: JSON.parse(r.details) as unknown }));
}

export type { AuditEvent, AuditVerification };
