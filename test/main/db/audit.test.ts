import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GENESIS, appendAudit, listAudit, verifyAudit } from "../../../src-main/db/audit.js";
import { openDatabase, type Db } from "../../../src-main/db/open.js";

const dir = mkdtempSync(join(tmpdir(), "longitude-audit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CLI = join(import.meta.dirname, "..", "..", "..", "bin", "longitude.js");

function withEvents(name: string, n: number): { db: Db; path: string } {
  const path = join(dir, name);
  const { db } = openDatabase(path);
  db.transaction(() => { for (let i = 1; i <= n; i++) appendAudit(db, `test.event${i}`, null, { i }); })();
  return { db, path };
}

function auditVerify(path: string) {
  return spawnSync(process.execPath, [CLI, "audit", "verify", "--db", path], { encoding: "utf8" });
}

describe("the audit log's hash chain", () => {
  it("links each event to the one before with SHA-256, as documented in src-main/db/audit.ts", () => {
    const { db } = withEvents("chain.sqlite", 3);
    const rows = db.prepare("SELECT * FROM audit_log ORDER BY id").all() as { id: number; at: string; os_user: string; action: string; study_id: number | null; details: string; prev_hash: string; hash: string }[];
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(rows[0].prev_hash).toBe(GENESIS);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k];
      // recomputed here from the documented definition, independently of eventHash()
      const expected = createHash("sha256").update(`${r.prev_hash}\n${JSON.stringify([r.id, r.at, r.os_user, r.action, r.study_id, r.details])}`).digest("hex");
      expect(r.hash).toBe(expected);
      if (k > 0) expect(r.prev_hash).toBe(rows[k - 1].hash);
    }
    expect(verifyAudit(db)).toEqual({ ok: true, events: 3 });
    expect(listAudit(db).map((e) => [e.id, e.action, e.details])).toEqual([[3, "test.event3", { i: 3 }], [2, "test.event2", { i: 2 }], [1, "test.event1", { i: 1 }]]);
    db.close();
  });

  it("refuses UPDATE and DELETE through its triggers", () => {
    const { db } = withEvents("triggers.sqlite", 2);
    expect(() => db.prepare("UPDATE audit_log SET details = '{\"i\":99}' WHERE id = 1").run()).toThrow("the audit log is append-only: events cannot be changed");
    expect(() => db.prepare("DELETE FROM audit_log WHERE id = 2").run()).toThrow("the audit log is append-only: events cannot be deleted");
    expect(verifyAudit(db).ok).toBe(true);
    db.close();
  });

  it("names the changed event when someone drops the trigger and edits a row through raw SQL; audit verify exits 1", () => {
    const { db, path } = withEvents("tampered.sqlite", 5);
    expect(auditVerify(path).status).toBe(0);
    db.exec("DROP TRIGGER audit_log_no_update");
    db.prepare("UPDATE audit_log SET details = '{\"i\":333}' WHERE id = 3").run();
    expect(verifyAudit(db)).toEqual({ ok: false, events: 2, broken: { id: 3, action: "test.event3", reason: "its contents do not match its hash: the event was changed" } });
    db.close();
    const r = auditVerify(path);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("error: the audit trail is broken at event 3 (test.event3): its contents do not match its hash: the event was changed\n");
  });

  it("names the gap when an event is deleted, and a forged event whose link does not match", () => {
    const { db } = withEvents("deleted.sqlite", 4);
    db.exec("DROP TRIGGER audit_log_no_delete");
    db.prepare("DELETE FROM audit_log WHERE id = 2").run();
    expect(verifyAudit(db).broken).toEqual({ id: 3, action: "test.event3", reason: "event 2 is missing: event 3 follows event 1" });
    db.close();

    const { db: db2 } = withEvents("forged.sqlite", 2);
    // a forger recomputes the event's own hash but cannot know to fix the next link
    db2.exec("DROP TRIGGER audit_log_no_update");
    const r1 = db2.prepare("SELECT * FROM audit_log WHERE id = 1").get() as { at: string; os_user: string; prev_hash: string };
    const forgedDetails = '{"i":"forged"}';
    const forged = createHash("sha256").update(`${r1.prev_hash}\n${JSON.stringify([1, r1.at, r1.os_user, "test.event1", null, forgedDetails])}`).digest("hex");
    db2.prepare("UPDATE audit_log SET details = ?, hash = ? WHERE id = 1").run(forgedDetails, forged);
    expect(verifyAudit(db2).broken).toEqual({ id: 2, action: "test.event2", reason: "its link to the previous event does not match that event's hash" });
    db2.close();
  });
});
