import { InputError } from "../errors.js";
import { BATCH_ROWS, type BatchColumn, type ReadProgress, type RowBatch, type SourceTable } from "./table.js";
import { sheetTable } from "./xlsx-columns.js";
import { readWorkbook } from "./xlsx-workbook.js";

/**
 * Excel `.xlsx` workbooks, through read-excel-file (xlsx-workbook.ts). One sheet is one table: the first
 * sheet unless one is named. How cells become typed columns is in xlsx-columns.ts. An `.xlsx` file is a zip
 * archive that can only be decoded whole, so the sheet is held in memory; batches slice it.
 */
export async function openXlsx(path: string, options: { sheet?: string } = {}, onProgress?: ReadProgress): Promise<SourceTable> {
  const { sheets, size } = await readWorkbook(path);
  const names = sheets.map((s) => s.name);
  const sheet = options.sheet === undefined ? sheets[0] : sheets.find((s) => s.name === options.sheet);
  if (sheet === undefined) {
    const list = names.length > 0 ? `its sheets are ${names.map((n) => `"${n}"`).join(", ")}` : "it has no sheets";
    throw new InputError(`data file "${path}" has no sheet named "${options.sheet ?? ""}"; ${list}`);
  }
  const table = sheetTable(sheet.rows, `data file "${path}": sheet "${sheet.name}"`);
  return {
    format: "xlsx",
    columns: table.columns,
    options: { sheet: sheet.name, sheets: names.join(",") },
    async *batches(): AsyncGenerator<RowBatch> {
      for (let start = 0; start < table.rows; start += BATCH_ROWS) {
        const end = Math.min(start + BATCH_ROWS, table.rows);
        // The file was read at opening; progress is the share of rows handed over, in bytes.
        onProgress?.(Math.round((size * end) / table.rows), size);
        yield { rows: end - start, columns: table.values.map((c) => slice(c, start, end)) };
      }
    },
  };
}

/** The names of the workbook's sheets, in workbook order. */
export async function listSheets(path: string): Promise<string[]> {
  return (await readWorkbook(path)).sheets.map((s) => s.name);
}

function slice(c: BatchColumn, start: number, end: number): BatchColumn {
  return c.storage === "number" ? { storage: "number", values: c.values.subarray(start, end) } : { storage: "text", values: c.values.slice(start, end) };
}
