import { basename, extname } from "node:path";
import type { FilePreview, ImportOptions } from "../api/contract.js";
import { InputError } from "../errors.js";
import { dataFileSize } from "../io/files.js";
import { checkColumnNames } from "../importers/collect.js";
import { suggestRoles } from "../importers/mapping.js";
import { openSource, typingFor } from "../importers/open.js";
import type { BatchColumn } from "../importers/table.js";
import { ColumnTyper, toColumn } from "../importers/typing.js";
import { listSheets } from "../importers/xlsx.js";

const HEAD_ROWS = 100;

/**
 * Reads a file as an import would, without storing it: the columns with their inferred types, the first
 * rows typed accordingly, and the suggested roles. Reads the whole file, because a column's type depends on
 * all of its cells.
 */
export async function previewFile(path: string, options: ImportOptions = {}): Promise<FilePreview> {
  const size = await dataFileSize(path);
  const label = `data file "${path}"`;
  const source = await openSource(path, options);
  const typing = typingFor(options, source);
  checkColumnNames(source.columns, label, typing.types);
  const typers = source.columns.map((c) => new ColumnTyper(c, typing));
  const head: BatchColumn[][] = source.columns.map(() => []);
  let rows = 0;
  for await (const batch of source.batches()) {
    batch.columns.forEach((values, j) => {
      typers[j].observe(values);
      if (rows < HEAD_ROWS) head[j].push(sliceColumn(values, HEAD_ROWS - rows));
    });
    rows += batch.rows;
  }
  if (rows === 0) throw new InputError(`${label} has column names but no data rows`); // as the import says
  const columnInfo = source.columns.map((c, j) => ({ ...c, inferredType: typers[j].inferred, type: typers[j].final(label) }));
  const typed = columnInfo.map((c, j) => toColumn(head[j], c.type, typers[j], typing.decimalComma));
  const n = Math.min(rows, HEAD_ROWS);
  const cells = Array.from({ length: n }, (_, i) => typed.map((col) => {
    const v = col.values[i];
    return typeof v === "number" ? (Number.isNaN(v) ? null : v) : v;
  }));
  return {
    name: basename(path), format: source.format, size, readOptions: source.options, rows, columnInfo, head: cells,
    mapping: suggestRoles(columnInfo).roles,
    ...(extname(path).toLowerCase() === ".xlsx" ? { sheets: await listSheets(path) } : {}),
  };
}

function sliceColumn(values: BatchColumn, n: number): BatchColumn {
  return values.storage === "number" ? { storage: "number", values: values.values.slice(0, n) } : { storage: "text", values: values.values.slice(0, n) };
}
