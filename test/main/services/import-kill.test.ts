import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeTrialCsv } from "../../../bench/import.js";
import { verifyAudit } from "../../../src-main/db/audit.js";
import { openDatabase } from "../../../src-main/db/open.js";
import { importFile } from "../../../src-main/services/import.js";

const CLI = join(import.meta.dirname, "..", "..", "..", "bin", "longitude.js");
const dir = mkdtempSync(join(tmpdir(), "longitude-kill-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("kill -9 during an import", () => {
  it("leaves no partial dataset, no new study, an intact audit chain and integrity_check ok", async () => {
    const csv = join(dir, "million.csv");
    await writeTrialCsv(csv, 1_000_000);
    const db = join(dir, "study.sqlite");

    // Kill the importing process once it has stored some rows but is far from done (1,000,000 rows).
    const child = spawn(process.execPath, [CLI, "import", csv, "--db", db, "--study", "Killed", "--progress"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let rowsAtKill = 0;
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /progress: (\d+) rows stored/g;
      let last: RegExpExecArray | null = null;
      for (let x = m.exec(stderr); x; x = m.exec(stderr)) last = x;
      const rows = last ? Number(last[1]) : 0;
      if (rows >= 100_000 && rowsAtKill === 0) {
        rowsAtKill = rows;
        child.kill("SIGKILL");
      }
    });
    const { code, signal } = await exit;
    expect(signal, `the import ended by itself (code ${code}); stderr: ${stderr.slice(-300)}`).toBe("SIGKILL");
    expect(rowsAtKill).toBeGreaterThanOrEqual(100_000);
    expect(rowsAtKill).toBeLessThan(1_000_000);

    const { db: conn } = openDatabase(db);
    try {
      expect(conn.pragma("integrity_check", { simple: true })).toBe("ok");
      const count = (table: string) => conn.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
      expect([count("studies"), count("datasets"), count("dataset_columns"), count("dataset_chunks"), count("variable_roles"), count("audit_log")]).toEqual([0, 0, 0, 0, 0, 0]);
      expect(verifyAudit(conn)).toEqual({ ok: true, events: 0 });
    } finally {
      conn.close();
    }

    // and the database is usable: a small import goes through
    const small = join(dir, "small.csv");
    await writeTrialCsv(small, 1000);
    const r = await importFile(db, { path: small, study: "After the kill" });
    expect([r.datasetId, r.rows]).toEqual([1, 1000]);
  });
});
