import type Database from "better-sqlite3";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../paths.js";

/** A migration file `NNNN-name.sql`: its number is the user_version it brings the database to. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const FILE = /^(\d{4})-([a-z0-9-]+)\.sql$/;

/** The migrations in `dir` (default: the package's migrations/), in order; their numbers must run 1, 2, 3… */
export function loadMigrations(dir: string = join(packageRoot(), "migrations")): Migration[] {
  const list = readdirSync(dir)
    .map((file) => ({ file, m: FILE.exec(file) }))
    .filter((x): x is { file: string; m: RegExpExecArray } => x.m !== null)
    .map(({ file, m }) => ({ version: Number(m[1]), name: m[2], sql: readFileSync(join(dir, file), "utf8") }))
    .sort((a, b) => a.version - b.version);
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 0001, 0002, … without gaps; found ${String(m.version).padStart(4, "0")}-${m.name}.sql at place ${i + 1}`);
  });
  return list;
}

/**
 * Brings the database to the newest migration: each one not applied yet (its number above PRAGMA
 * user_version) runs in its own transaction together with the user_version update, so a failure leaves the
 * database at the previous version. Returns the versions applied. A database newer than this program (its
 * user_version beyond the last migration) is refused rather than used.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = loadMigrations()): number[] {
  const current = db.pragma("user_version", { simple: true }) as number;
  const newest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  if (current > newest) {
    throw new Error(`the database is at schema version ${current}, newer than this version of Longitude knows (${newest}); use a newer Longitude`);
  }
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
