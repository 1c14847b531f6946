import { extname } from "node:path";
import type { DataFrame } from "../../src-core/data/frame.js";
import { InputError } from "../errors.js";
import { readCsv } from "./read-csv.js";

/** Delimited text files, read now. */
const TEXT = new Set([".csv", ".tsv", ".txt"]);
/** Formats that issue 3 of 5 adds; the command's shape stays the same. */
const LATER: Record<string, string> = {
  ".xpt": "SAS XPORT",
  ".json": "CDISC Dataset-JSON",
  ".ndjson": "CDISC Dataset-JSON (NDJSON)",
  ".xlsx": "Excel",
};

/** Reads a data file, choosing the reader from the file's extension. */
export async function readData(path: string): Promise<DataFrame> {
  const ext = extname(path).toLowerCase();
  if (TEXT.has(ext)) return readCsv(path);
  const later = LATER[ext];
  if (later) throw new InputError(`${later} files (${ext}) are not supported yet; export "${path}" as CSV for now`);
  throw new InputError(`data file "${path}" has an unknown type "${ext || "(no extension)"}"; use a .csv or .tsv file`);
}
