/** Import options as the preview's controls change them; each change gives new options (the old stay as they were). */
import type { ColumnType, FilePreview, ImportOptions } from "../../../src-main/api/contract.js";

/** The file types the importer reads, for the file input's `accept`. */
export const ACCEPTED_FILES = ".csv,.xlsx,.xpt,.json,.ndjson";

/** A column's type set by the user: an override is kept only where it differs from what was inferred. */
export function withType(options: ImportOptions, column: string, type: ColumnType, inferred: ColumnType): ImportOptions {
  const types: Record<string, ColumnType> = { ...options.types };
  if (type === inferred) delete types[column];
  else types[column] = type;
  const { types: _old, ...rest } = options;
  return Object.keys(types).length > 0 ? { ...rest, types } : rest;
}

/** One read option set, or removed (undefined: let the reader detect it). */
export function withOption<K extends keyof ImportOptions>(options: ImportOptions, key: K, value: ImportOptions[K] | undefined): ImportOptions {
  const next: Record<string, unknown> = { ...options };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next as ImportOptions;
}

/** Which read options a preview's format takes. */
export function optionsFor(preview: FilePreview): { delimited: boolean; sheets: readonly string[]; naStrings: boolean } {
  const delimited = preview.format === "csv";
  const sheets = preview.format === "xlsx" ? (preview.sheets ?? []) : [];
  return { delimited, sheets, naStrings: delimited || preview.format === "xlsx" };
}

export const DELIMITERS: readonly { value: string; label: string }[] = [
  { value: ",", label: "Comma (,)" },
  { value: ";", label: "Semicolon (;)" },
  { value: "\t", label: "Tab" },
  { value: "|", label: "Vertical bar (|)" },
];

/** The delimiter the reader used, in words ("Semicolon (;)"). */
export function delimiterName(delimiter: unknown): string {
  return DELIMITERS.find((d) => d.value === delimiter)?.label ?? (typeof delimiter === "string" ? `"${delimiter}"` : "detected");
}
