import { readFileSync } from "node:fs";
import { extname } from "node:path";
import Papa from "papaparse";
import type { Column, DataFrame } from "../../src-core/data/frame.js";
import { InputError, fileError } from "../errors.js";

/**
 * Reads a delimited text file (CSV, TSV, semicolon- or pipe-separated) into a DataFrame.
 *
 * - The first row is the header. Names are trimmed; an empty name becomes `V<position>` (R's write.csv
 *   writes an unnamed row-name column); a repeated name is an error, since a formula could not tell the
 *   columns apart.
 * - The delimiter is detected from the first rows unless given (`.tsv` files always use a tab).
 * - A UTF-8 byte-order mark is dropped. A file that is not valid UTF-8 is read as Windows-1252 (Latin-1),
 *   the encoding of most SAS and Excel exports that are not UTF-8.
 * - Cells are trimmed. A column is numeric when every non-missing cell is a decimal number (`12`, `-0.5`,
 *   `1e-3`, `.5`); otherwise it is a character column.
 * - Missing: an empty cell, or one of `naStrings` (default `NA`, as R writes), in any column; in a column
 *   that is otherwise numeric also `.` (SAS's missing value) and `NaN`. Numeric missing values are NaN,
 *   character ones null.
 */
export interface CsvOptions {
  /** The field delimiter; detected when omitted. */
  delimiter?: string;
  /** Cell values that mean "missing" in every column, besides the empty cell. Default `["NA"]`. */
  naStrings?: readonly string[];
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NUMERIC_MISSING = new Set([".", "NaN"]);

/**
 * Reads a CSV/TSV file from disk. Throws InputError for a missing, empty or malformed file. Synchronous: the
 * CLI and the benchmarks read one file and then compute; the app will call it from a worker.
 */
export function readCsv(path: string, options: CsvOptions = {}): DataFrame {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    fileError(e, "data file", path);
  }
  const delimiter = options.delimiter ?? (extname(path).toLowerCase() === ".tsv" ? "\t" : undefined);
  return parseCsv(decodeText(bytes), { ...options, delimiter }, `data file "${path}"`);
}

/** Decodes UTF-8 (dropping a byte-order mark), falling back to Windows-1252 for bytes that are not UTF-8. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** Parses delimited text into a DataFrame. `label` names the source in error messages. */
export function parseCsv(text: string, options: CsvOptions = {}, label = "data"): DataFrame {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw new InputError(`${label} is empty`);

  const parsed = Papa.parse<string[]>(text, { delimiter: options.delimiter ?? "", header: false, skipEmptyLines: true, dynamicTyping: false });
  const fatal = parsed.errors.find((e) => e.type !== "Delimiter"); // an undetectable delimiter just means one column
  if (fatal) {
    const where = fatal.row === undefined ? "" : ` in data row ${fatal.row}`;
    throw new InputError(`${label} cannot be read${where}: ${fatal.message.toLowerCase()}`);
  }

  const [header, ...rows] = parsed.data;
  if (!header) throw new InputError(`${label} is empty`);
  const names = columnNames(header, label);
  if (rows.length === 0) throw new InputError(`${label} has a header row but no data rows`);
  rows.forEach((row, i) => {
    if (row.length !== names.length) {
      throw new InputError(`${label}: data row ${i + 1} has ${row.length} fields but the header has ${names.length}; check the delimiter and quotes`);
    }
  });

  const na = new Set(options.naStrings ?? ["NA"]);
  const columns: Record<string, Column> = {};
  names.forEach((name, j) => {
    const cells = rows.map((row) => row[j].trim());
    columns[name] = typeColumn(cells, na);
  });
  return { nrow: rows.length, names, columns };
}

function columnNames(header: readonly string[], label: string): string[] {
  const names = header.map((h, j) => h.trim() || `V${j + 1}`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new InputError(`${label} has two columns named "${name}"; rename one of them`);
    seen.add(name);
  }
  return names;
}

function typeColumn(cells: readonly string[], na: ReadonlySet<string>): Column {
  const missing = (c: string) => c === "" || na.has(c);
  const numeric = cells.every((c) => missing(c) || NUMERIC_MISSING.has(c) || NUMBER.test(c));
  if (numeric) {
    const values = new Float64Array(cells.length);
    cells.forEach((c, i) => { values[i] = missing(c) || NUMERIC_MISSING.has(c) ? NaN : Number(c); });
    return { kind: "numeric", values };
  }
  return { kind: "character", values: cells.map((c) => (missing(c) ? null : c)) };
}
