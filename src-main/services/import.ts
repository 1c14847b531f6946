import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { checkData, type Finding } from "../../src-core/data/checks.js";
import type { VariableRoles } from "../../src-core/data/roles.js";
import type { ImportProgress, ImportRequest, ImportResult } from "../api/contract.js";
import { appendAudit, osUser } from "../db/audit.js";
import { loadDataset, writeDataset } from "../db/datasets.js";
import { openDatabase, type Db } from "../db/open.js";
import { saveSuggestedRoles } from "../db/roles.js";
import { ensureStudy, getStudy } from "../db/studies.js";
import { fileError } from "../errors.js";
import { suggestRoles } from "../importers/mapping.js";
import { openSource, typingFor } from "../importers/open.js";
import { dataFileSize } from "../io/files.js";

/** The study that imports go to when none is named. */
export const DEFAULT_STUDY = "Imported datasets";

/**
 * Imports a file as a new dataset version, all or nothing. The import uses its own connection and one
 * IMMEDIATE transaction: the study (if new), the dataset's rows, columns and suggested roles, and the audit
 * event are committed together, so an error, a crash or a `kill -9` mid-way leaves the database as it was.
 * Other connections keep reading meanwhile (WAL). Findings of the data checks are computed afterwards on
 * the stored dataset, with the suggested roles.
 */
export async function importFile(dbPath: string, request: ImportRequest, onProgress?: (p: ImportProgress) => void): Promise<ImportResult> {
  const path = request.path;
  const label = `data file "${path}"`;
  const size = await dataFileSize(path);
  const sha256 = await fileSha256(path, (bytes) => onProgress?.({ stage: "hash", bytesRead: bytes, totalBytes: size, rows: 0 }));
  const options = request.options ?? {};
  const last: { -readonly [K in keyof ImportProgress]: ImportProgress[K] } = { stage: "read", bytesRead: 0, totalBytes: size, rows: 0 };
  const source = await openSource(path, options, (bytes, total) => { last.bytesRead = bytes; last.totalBytes = total; });

  const { db } = openDatabase(dbPath);
  let written: { studyId: number; datasetId: number; rows: number; version: number; roles: VariableRoles; reasons: Record<string, string> };
  try {
    db.exec("BEGIN IMMEDIATE");
    try {
      const study = request.studyId !== undefined ? getStudy(db, request.studyId) : ensureStudy(db, request.study ?? DEFAULT_STUDY);
      const name = basename(path);
      const typing = typingFor(options, source);
      const result = await writeDataset(db, source, { studyId: study.studyId, name, sourcePath: path, size, sha256, importOptions: { ...options }, importedBy: osUser() }, typing, label,
        (rows) => { last.rows = rows; onProgress?.({ ...last }); });
      const { roles, reasons } = suggestRoles(result.columns);
      saveSuggestedRoles(db, result.datasetId, roles);
      const { version } = result;
      appendAudit(db, "dataset.import", study.studyId, {
        datasetId: result.datasetId, name, version, format: source.format, size, sha256, rows: result.rows, columns: result.columns.length,
        sourcePath: path, importOptions: options, readOptions: source.options,
        types: Object.fromEntries(result.columns.filter((c) => c.type !== c.inferredType).map((c) => [c.name, c.type])),
      });
      db.exec("COMMIT");
      written = { studyId: study.studyId, datasetId: result.datasetId, rows: result.rows, version, roles, reasons };
    } catch (e) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw e;
    }
    onProgress?.({ ...last, stage: "check" });
    const { frame, columns, info } = loadDataset(db, written.datasetId);
    const findings: Finding[] = safeChecks(() => checkData(frame, written.roles));
    return {
      studyId: written.studyId, datasetId: written.datasetId, name: info.name, version: written.version, format: info.format,
      rows: written.rows, columns: columns.map((c) => c.name), size, sha256, readOptions: source.options,
      columnInfo: columns, mapping: written.roles, mappingReasons: written.reasons, findings,
    };
  } finally {
    db.close();
  }
}

/** Data checks need roles; a file that maps to none of them (not ADaM-like) simply has no findings yet. */
function safeChecks(run: () => Finding[]): Finding[] {
  return run().filter((f) => f.code !== "missing-role");
}

/** SHA-256 of a file's bytes, streamed. */
export async function fileSha256(path: string, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      onBytes?.(bytes);
    }
  } catch (e) {
    fileError(e, "data file", path);
  }
  return hash.digest("hex");
}

export type { Db };
