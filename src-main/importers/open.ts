import { extname } from "node:path";
import { InputError } from "../errors.js";
import { openCsv, type CsvOptions } from "./csv.js";
import { openDatasetJson } from "./dataset-json.js";
import type { ReadProgress, SourceTable } from "./table.js";
import type { TypingOptions } from "./typing.js";
import { openXlsx } from "./xlsx.js";
import { openXpt } from "./xpt.js";

/** Everything a user may set when importing a file; each format reads the options that apply to it. */
export interface ImportOptions extends CsvOptions, TypingOptions {
  /** Excel: the sheet to read (default: the first). */
  readonly sheet?: string;
  /** SAS XPORT: the member (dataset) to read when the file holds several (default: the first). */
  readonly member?: string;
}

/** The file types Longitude reads, by extension. */
export const FILE_TYPES: Readonly<Record<string, string>> = {
  ".csv": "CSV", ".tsv": "TSV", ".txt": "delimited text",
  ".xpt": "SAS XPORT", ".json": "CDISC Dataset-JSON", ".ndjson": "CDISC Dataset-NDJSON", ".xlsx": "Excel",
};

/** Opens a data file with the reader its extension names. */
export async function openSource(path: string, options: ImportOptions = {}, onProgress?: ReadProgress): Promise<SourceTable> {
  const ext = extname(path).toLowerCase();
  switch (ext) {
    case ".csv": case ".tsv": case ".txt":
      return openCsv(path, options, onProgress);
    case ".xpt":
      return openXpt(path, onProgress, { member: options.member });
    case ".json": case ".ndjson":
      return openDatasetJson(path, onProgress);
    case ".xlsx":
      return openXlsx(path, { sheet: options.sheet }, onProgress);
    case ".xls":
      throw new InputError(`data file "${path}" is an Excel 97-2003 workbook; save it as .xlsx and import that`);
    case ".sas7bdat":
      throw new InputError(`data file "${path}" is a SAS dataset; export it as SAS XPORT (.xpt), CSV or Dataset-JSON`);
    default:
      throw new InputError(`data file "${path}" has an unknown type "${ext || "(no extension)"}"; use ${Object.keys(FILE_TYPES).join(", ")}`);
  }
}

/**
 * The typing an import of this opened source uses: the user's missing-value strings and type overrides, and
 * the decimal comma the reader settled on (given, or detected from the file).
 */
export function typingFor(options: ImportOptions, source: SourceTable): TypingOptions {
  return { naStrings: options.naStrings, decimalComma: source.options.decimalComma === true, types: options.types };
}
