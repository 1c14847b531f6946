/**
 * What every importer produces: a table described by its columns, delivered in row batches so that a large
 * file never has to be held in memory at once. The readers (csv.ts, xlsx.ts, xpt.ts, dataset-json.ts) only
 * decode; typing text columns (typing.ts), collecting into a DataFrame (collect.ts) and storing in SQLite
 * (src-main/db/datasets.ts) are done once, downstream, for every format alike.
 */

/** How an importer hands over one column's values. */
export type Storage = "number" | "text";

/** One column as the source file describes it. */
export interface SourceColumn {
  /** The column name as in the file (CSV header cell, XPT NAME, Dataset-JSON `name`). */
  readonly name: string;
  /** The label (XPT LABEL, Dataset-JSON `label`); null when the format has none. */
  readonly label: string | null;
  /**
   * `number`: values are delivered as a Float64Array, NaN for missing (XPT numerics, Dataset-JSON
   * integer/double/float, Excel columns that hold only numbers). `text`: values are delivered as strings,
   * null for missing; whether such a column is numeric is decided later by typing.ts (CSV cells, XPT
   * characters, Dataset-JSON strings and decimals, dates as ISO 8601 text).
   */
  readonly storage: Storage;
  /**
   * The type the source declares, verbatim where it has one: Dataset-JSON `dataType` ("string", "integer",
   * "double", "float", "decimal", "date", "datetime", "time", "boolean", "URI"); XPT "numeric" or "character"
   * ("date" for a numeric column whose SAS format is a date format and was turned into ISO text); Excel
   * "number", "string", "date", "boolean" or "mixed"; null for CSV.
   */
  readonly sourceType: string | null;
  /** The display format (XPT FORMAT with its width, e.g. "DATE9."; Dataset-JSON `displayFormat`), or null. */
  readonly format: string | null;
  /** The declared length (XPT LENGTH in bytes, Dataset-JSON `length`), or null. */
  readonly length: number | null;
}

/** One column's values within a batch, in the storage its SourceColumn declares. */
export type BatchColumn =
  | { readonly storage: "number"; readonly values: Float64Array }
  | { readonly storage: "text"; readonly values: readonly (string | null)[] };

/** A run of consecutive rows, column by column, in the order of `SourceTable.columns`. */
export interface RowBatch {
  readonly rows: number;
  readonly columns: readonly BatchColumn[];
}

/** Progress of reading a file: bytes consumed so far out of the file's size. */
export type ReadProgress = (bytesRead: number, totalBytes: number) => void;

/** An opened source: its columns are known; its rows come in batches, each of at most `BATCH_ROWS` rows. */
export interface SourceTable {
  /** The format, for messages and the audit trail: "csv", "xlsx", "xpt", "dataset-json", "dataset-ndjson". */
  readonly format: string;
  readonly columns: readonly SourceColumn[];
  /**
   * The options the reader used, detected or given (delimiter, decimal comma, encoding, sheet, XPT version,
   * dataset name and label...), stored with the dataset so that an import can be reproduced. JSON values only.
   */
  readonly options: Readonly<Record<string, string | number | boolean | null>>;
  /** The rows, in file order. Iterating reads the file; throws InputError on a malformed file. */
  batches(): AsyncIterable<RowBatch>;
}

/** Rows per batch: large enough to amortise per-batch work, small enough to keep memory flat. */
export const BATCH_ROWS = 16_384;
