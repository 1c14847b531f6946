import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadMigrations, migrate } from "../../../../src-main/db/migrate.js";
import { openDatabase } from "../../../../src-main/db/open.js";

// Migration 0001-init: the tables, constraints and triggers it must create, checked on a fresh database.
const dir = mkdtempSync(join(tmpdir(), "longitude-m0001-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TABLES = ["analyses", "audit_log", "dataset_chunks", "dataset_columns", "datasets", "fits", "reports", "studies", "variable_roles"];

describe("migration 0001-init", () => {
  it("is the first migration and brings user_version from 0 to 1, creating the nine tables", () => {
    const [m] = loadMigrations();
    expect([m.version, m.name]).toEqual([1, "init"]);
    const db = new Database(":memory:");
    expect(migrate(db, [m])).toEqual([1]);
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(TABLES);
    expect(migrate(db, [m])).toEqual([]); // applied once only
    db.close();
  });

  it("opens files in WAL mode with foreign keys on", () => {
    const { db, created } = openDatabase(join(dir, "a.sqlite"));
    expect(created).toBe(true);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(() => db.prepare("INSERT INTO datasets (study_id, name, version, format, size, sha256, source_path, import_options, read_options, imported_at, imported_by) VALUES (99, 'x.csv', 1, 'csv', 1, ?, 'x', '{}', '{}', 't', 'u')").run("0".repeat(64)))
      .toThrow(/FOREIGN KEY constraint failed/);
    db.close();
    expect(openDatabase(join(dir, "a.sqlite")).created).toBe(false);
  });

  it("makes complete dataset versions immutable, and the audit log append-only", () => {
    const db = new Database(":memory:");
    migrate(db, loadMigrations().slice(0, 1));
    db.prepare("INSERT INTO studies (name, created_at, created_by) VALUES ('s', 't', 'u')").run();
    db.prepare("INSERT INTO datasets (study_id, name, version, format, size, sha256, source_path, import_options, read_options, imported_at, imported_by) VALUES (1, 'x.csv', 1, 'csv', 1, ?, 'x', '{}', '{}', 't', 'u')").run("0".repeat(64));
    db.prepare("INSERT INTO dataset_chunks VALUES (1, 0, 0, 1, x'00')").run();
    db.prepare("UPDATE datasets SET rows = 1, complete = 1 WHERE id = 1").run(); // allowed while incomplete
    expect(() => db.prepare("UPDATE datasets SET rows = 2 WHERE id = 1").run()).toThrow("dataset versions are immutable; import the file again to make a new version");
    expect(() => db.prepare("DELETE FROM datasets WHERE id = 1").run()).toThrow("dataset versions are immutable and cannot be deleted");
    expect(() => db.prepare("UPDATE dataset_chunks SET data = x'01'").run()).toThrow("dataset versions are immutable");
    expect(() => db.prepare("DELETE FROM dataset_chunks").run()).toThrow("dataset versions are immutable");
    expect(() => db.prepare("INSERT INTO dataset_chunks VALUES (1, 0, 1, 1, x'00')").run()).toThrow("dataset versions are immutable");
    db.prepare("INSERT INTO audit_log VALUES (1, 't', 'u', 'a', NULL, '{}', ?, ?)").run("0".repeat(64), "1".repeat(64));
    expect(() => db.prepare("UPDATE audit_log SET action = 'b'").run()).toThrow("the audit log is append-only: events cannot be changed");
    expect(() => db.prepare("DELETE FROM audit_log").run()).toThrow("the audit log is append-only: events cannot be deleted");
    expect(() => db.prepare("INSERT INTO analyses (study_id, dataset_id, name, spec, roles, created_at, created_by) VALUES (1, 1, 'a', 'not json', '{}', 't', 'u')").run()).toThrow(/CHECK constraint failed/);
    db.close();
  });

  it("refuses a database from a newer Longitude", () => {
    const db = new Database(":memory:");
    db.pragma("user_version = 7");
    expect(() => migrate(db, loadMigrations())).toThrow("the database is at schema version 7, newer than this version of Longitude knows (1); use a newer Longitude");
    db.close();
  });

  it("rolls a failing migration back whole, leaving user_version as it was", () => {
    const db = new Database(":memory:");
    const bad = [{ version: 1, name: "bad", sql: "CREATE TABLE t (a INTEGER); CREATE TABLE t (b INTEGER);" }];
    expect(() => migrate(db, bad)).toThrow(/table t already exists/);
    expect(db.pragma("user_version", { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema").pluck().get()).toBe(0);
    db.close();
  });
});
