import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { InputError } from "../errors.js";
import { migrate } from "./migrate.js";

export type Db = Database.Database;

/**
 * Opens (creating if needed) a study database and brings its schema up to date. WAL mode lets readers go on
 * while an import writes; foreign keys are enforced; a writer waits up to 10 s for another one.
 * `created` says whether the file was new, so the caller can seed the demo study once.
 */
export function openDatabase(path: string): { db: Db; created: boolean } {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path, { timeout: 10_000 });
  } catch (e) {
    throw new InputError(`cannot open the database "${path}": ${(e as Error).message}`);
  }
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.pragma("synchronous = NORMAL"); // with WAL: durable at each checkpoint, never corrupt on a crash
    const before = db.pragma("user_version", { simple: true }) as number;
    migrate(db);
    return { db, created: before === 0 };
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === "SQLITE_NOTADB") throw new InputError(`"${path}" is not a Longitude database (not an SQLite file)`);
    throw e;
  }
}
