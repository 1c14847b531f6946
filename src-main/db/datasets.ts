import type { DataFrame, Column } from "../../src-core/data/frame.js";
import type { DatasetInfo } from "../api/contract.js";
import { InputError } from "../errors.js";
import { checkColumnNames, type ImportedColumn } from "../importers/collect.js";
import type { BatchColumn, SourceColumn, SourceTable } from "../importers/table.js";
import { ColumnTyper, toColumn, type ColumnType, type TypingOptions } from "../importers/typing.js";
import type { Db } from "./open.js";

/** What is known about a file before its rows are stored. */
export interface DatasetSource {
  readonly studyId: number;
  readonly name: string;
  readonly sourcePath: string;
  readonly size: number;
  readonly sha256: string;
  /** What the user asked for (delimiter, sheet, type overrides…), as given. */
  readonly importOptions: Readonly<Record<string, unknown>>;
  readonly importedBy: string;
}

/**
 * Writes one dataset version: the row in `datasets`, every batch of values as chunks, then the columns with
 * their types, then marks it complete. Must run inside a transaction that the caller commits (or rolls back
 * on any error, leaving nothing behind). `onRows` reports rows stored so far.
 */
export async function writeDataset(db: Db, source: SourceTable, meta: DatasetSource, typing: TypingOptions, label: string, onRows?: (rows: number) => void): Promise<{ datasetId: number; version: number; rows: number; columns: ImportedColumn[] }> {
  if (!db.inTransaction) throw new Error("writeDataset must run inside a transaction");
  checkColumnNames(source.columns, label, typing.types);
  const version = (db.prepare("SELECT coalesce(max(version), 0) + 1 AS v FROM datasets WHERE study_id = ? AND name = ?").get(meta.studyId, meta.name) as { v: number }).v;
  const datasetId = Number(db.prepare(`INSERT INTO datasets (study_id, name, version, format, size, sha256, source_path, import_options, read_options, imported_at, imported_by)
    VALUES (@studyId, @name, @version, @format, @size, @sha256, @sourcePath, @importOptions, @readOptions, @at, @by)`).run({
    studyId: meta.studyId, name: meta.name, version, format: source.format, size: meta.size, sha256: meta.sha256, sourcePath: meta.sourcePath,
    importOptions: JSON.stringify(meta.importOptions), readOptions: JSON.stringify(source.options), at: new Date().toISOString(), by: meta.importedBy,
  }).lastInsertRowid);

  const insertChunk = db.prepare("INSERT INTO dataset_chunks (dataset_id, position, chunk, rows, data) VALUES (?, ?, ?, ?, ?)");
  const typers = source.columns.map((c) => new ColumnTyper(c, typing));
  let rows = 0;
  let chunk = 0;
  for await (const batch of source.batches()) {
    if (batch.rows === 0) continue;
    batch.columns.forEach((values, j) => {
      typers[j].observe(values);
      insertChunk.run(datasetId, j, chunk, batch.rows, encodeChunk(values));
    });
    rows += batch.rows;
    chunk++;
    onRows?.(rows);
  }
  if (rows === 0) throw new InputError(`${label} has column names but no data rows`);

  const columns: ImportedColumn[] = source.columns.map((c, j) => ({ ...c, inferredType: typers[j].inferred, type: typers[j].final(label) }));
  const insertColumn = db.prepare(`INSERT INTO dataset_columns (dataset_id, position, name, label, storage, source_type, format, length, inferred_type, type)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  columns.forEach((c, j) => insertColumn.run(datasetId, j, c.name, c.label, c.storage, c.sourceType, c.format, c.length, c.inferredType, c.type));
  db.prepare("UPDATE datasets SET rows = ?, complete = 1 WHERE id = ?").run(rows, datasetId);
  return { datasetId, version, rows, columns };
}

function encodeChunk(values: BatchColumn): Buffer {
  if (values.storage === "number") return Buffer.from(values.values.buffer, values.values.byteOffset, values.values.byteLength);
  return Buffer.from(JSON.stringify(values.values), "utf8");
}

function decodeChunk(storage: "number" | "text", data: Buffer): BatchColumn {
  if (storage === "number") {
    // copy: the Buffer's memory may not be 8-byte aligned, which a Float64Array view needs
    const values = new Float64Array(data.byteLength / 8);
    new Uint8Array(values.buffer).set(data);
    return { storage, values };
  }
  return { storage, values: JSON.parse(data.toString("utf8")) as (string | null)[] };
}

interface ColumnRow { position: number; name: string; label: string | null; storage: "number" | "text"; source_type: string | null; format: string | null; length: number | null; inferred_type: ColumnType; type: ColumnType }
interface DatasetRow { id: number; study_id: number; name: string; version: number; format: string; rows: number; size: number; sha256: string; imported_at: string; imported_by: string; import_options: string; read_options: string; columns: number }

const INFO = `SELECT d.*, (SELECT count(*) FROM dataset_columns c WHERE c.dataset_id = d.id) AS columns FROM datasets d WHERE d.complete = 1`;

function info(r: DatasetRow): DatasetInfo {
  return { datasetId: r.id, studyId: r.study_id, name: r.name, version: r.version, format: r.format, rows: r.rows, columns: r.columns, size: r.size, sha256: r.sha256, importedAt: r.imported_at, importedBy: r.imported_by };
}

export function listDatasets(db: Db, studyId?: number): DatasetInfo[] {
  const rows = (studyId === undefined
    ? db.prepare(`${INFO} ORDER BY d.id`).all()
    : db.prepare(`${INFO} AND d.study_id = ? ORDER BY d.id`).all(studyId)) as DatasetRow[];
  return rows.map(info);
}

export function datasetInfo(db: Db, datasetId: number): DatasetInfo {
  const r = db.prepare(`${INFO} AND d.id = ?`).get(datasetId) as DatasetRow | undefined;
  if (!r) throw new InputError(`there is no dataset ${datasetId}; run longitude datasets to list them`);
  return info(r);
}

export function datasetColumns(db: Db, datasetId: number): ImportedColumn[] {
  datasetInfo(db, datasetId);
  const rows = db.prepare("SELECT * FROM dataset_columns WHERE dataset_id = ? ORDER BY position").all(datasetId) as ColumnRow[];
  return rows.map((r) => ({ name: r.name, label: r.label, storage: r.storage, sourceType: r.source_type, format: r.format, length: r.length, inferredType: r.inferred_type, type: r.type }));
}

/** The typing options an import used, so that loading types cells exactly as the import did. */
export function datasetTyping(db: Db, datasetId: number): TypingOptions {
  const r = db.prepare("SELECT import_options, read_options FROM datasets WHERE id = ?").get(datasetId) as Pick<DatasetRow, "import_options" | "read_options">;
  const given = JSON.parse(r.import_options) as { naStrings?: string[] };
  const read = JSON.parse(r.read_options) as { decimalComma?: boolean };
  return { naStrings: given.naStrings, decimalComma: read.decimalComma === true };
}

/** A stored dataset as the DataFrame the core fits, built the same way as from the file (typing.ts). */
export function loadDataset(db: Db, datasetId: number): { frame: DataFrame; columns: ImportedColumn[]; info: DatasetInfo } {
  const meta = datasetInfo(db, datasetId);
  const columns = datasetColumns(db, datasetId);
  const typing = datasetTyping(db, datasetId);
  const chunks = db.prepare("SELECT data FROM dataset_chunks WHERE dataset_id = ? AND position = ? ORDER BY chunk").pluck();
  const frameColumns: Record<string, Column> = {};
  columns.forEach((c, j) => {
    const parts = (chunks.all(datasetId, j) as Buffer[]).map((data) => decodeChunk(c.storage, data));
    const typer = new ColumnTyper(c as SourceColumn, typing);
    frameColumns[c.name] = toColumn(parts, c.type, typer, typing.decimalComma);
  });
  return { frame: { nrow: meta.rows, names: columns.map((c) => c.name), columns: frameColumns }, columns, info: meta };
}

export type { DatasetInfo };
