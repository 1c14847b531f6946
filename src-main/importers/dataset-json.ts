import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { InputError, fileError } from "../errors.js";
import { locateJsonError } from "../io/json-error.js";
import { isObject, readMetadata } from "./dataset-json-columns.js";
import { openNdjson } from "./dataset-json-ndjson.js";
import { RecordBatcher, checkRecords } from "./dataset-json-rows.js";
import type { ReadProgress, RowBatch, SourceTable } from "./table.js";

/**
 * CDISC Dataset-JSON 1.1 (https://www.cdisc.org/standards/data-exchange/dataset-json), read by hand: the
 * format is a plain JSON document, so a dependency would add little but its own release cycle.
 *
 * - `.ndjson` is the streaming form (dataset-json-ndjson.ts); any other extension is read as `.json`.
 * - Columns: integer, double and float are numbers (null → NaN); string, decimal, date, datetime, time and
 *   URI are text (null or "" → missing); boolean is "true"/"false". A date column whose `targetDataType` is
 *   "integer" (a SAS date number in the source) still holds ISO 8601 text in the JSON, and text it stays.
 * - `sourceType` is the declared `dataType`, `format` the `displayFormat`, `length` the `length`.
 * - Checked: the column list, every record's length and value types (dataset-json-rows.ts), and `records`.
 */
export async function openDatasetJson(path: string, onProgress?: ReadProgress): Promise<SourceTable> {
  return extname(path).toLowerCase() === ".ndjson" ? openNdjson(path, onProgress) : openJson(path, onProgress);
}

/**
 * The `.json` form is parsed with JSON.parse as a whole, which bounds it to what fits in memory (the text
 * and the parsed rows, a few times the file size). That is acceptable because the streaming form of the
 * standard is `.ndjson`: a `.json` document can only be cut into records after it has been parsed, and a
 * hand-written incremental JSON parser would be slow and large for a case that NDJSON already covers.
 */
async function openJson(path: string, onProgress?: ReadProgress): Promise<SourceTable> {
  const label = `data file "${path}"`;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    fileError(e, "data file", path);
  }
  const text = new TextDecoder().decode(bytes); // drops a UTF-8 byte-order mark
  if (text.trim() === "") throw new InputError(`${label} is empty`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const at = locateJsonError(text);
    const where = at ? `${at.problem} at line ${at.line}, column ${at.column} (position ${at.position})` : (e as Error).message;
    throw new InputError(`${label} is not valid JSON: ${where}`);
  }
  const meta = readMetadata(doc, label, "Dataset-JSON");
  const rows = isObject(doc) ? doc.rows : undefined;
  if (!Array.isArray(rows)) throw new InputError(`${label} has no "rows" list; a Dataset-JSON file holds its records in "rows"`);
  checkRecords(meta.records, rows.length, label);

  const size = bytes.length;
  return {
    format: "dataset-json",
    columns: meta.columns,
    options: meta.options,
    async *batches(): AsyncGenerator<RowBatch> {
      // The bytes were all read at opening; progress here is the share of records decoded, in bytes.
      const batcher = new RecordBatcher(meta.columns, label);
      for (let i = 0; i < rows.length; i++) {
        batcher.add(rows[i], i + 1);
        if (batcher.full) {
          onProgress?.(Math.round((size * (i + 1)) / rows.length), size);
          yield batcher.take();
        }
      }
      if (batcher.size > 0) yield batcher.take();
      onProgress?.(size, size);
    },
  };
}
