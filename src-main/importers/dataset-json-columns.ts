import { InputError } from "../errors.js";
import type { SourceColumn, Storage } from "./table.js";

/**
 * The metadata of a CDISC Dataset-JSON 1.1 dataset: the top-level object without `rows` (the whole `.json`
 * document, or the first line of `.ndjson`), turned into SourceColumns and the options stored with the import.
 */
export interface DatasetMetadata {
  readonly columns: readonly SourceColumn[];
  readonly options: Readonly<Record<string, string | number | boolean | null>>;
  /** The declared record count, checked against the rows actually read; null when the file has none. */
  readonly records: number | null;
}

/**
 * The Dataset-JSON 1.1 data types and how each is handed over. Numbers travel as JSON numbers; `decimal` is a
 * string in 1.1 precisely so that its digits survive, so it stays text (typing.ts may still read it as a
 * number); dates and times are ISO 8601 text; booleans become "true"/"false".
 */
const STORAGE: Readonly<Record<string, Storage>> = {
  integer: "number", double: "number", float: "number",
  string: "text", decimal: "text", date: "text", datetime: "text", time: "text", URI: "text", boolean: "text",
};

/** Reads the metadata object; `label` names the file in messages, `form` is "Dataset-JSON" or "Dataset-NDJSON". */
export function readMetadata(meta: unknown, label: string, form: string): DatasetMetadata {
  if (!isObject(meta) || !Array.isArray(meta.columns)) {
    throw new InputError(`${label} is not ${form}: it has no "columns" list describing the variables; export the dataset as CDISC Dataset-JSON 1.1`);
  }
  const columns = meta.columns.map((c, j) => readColumn(c, j, label));
  const seen = new Set<string>();
  for (const { name } of columns) {
    if (seen.has(name)) throw new InputError(`${label} has two columns named "${name}"; rename one of them`);
    seen.add(name);
  }
  const records = meta.records;
  if (records !== undefined && !(typeof records === "number" && Number.isInteger(records) && records >= 0)) {
    throw new InputError(`${label} has "records": ${JSON.stringify(records)}, which is not a count of rows`);
  }
  return { columns, options: datasetOptions(meta), records: records ?? null };
}

function readColumn(c: unknown, j: number, label: string): SourceColumn {
  const where = `${label}: column ${j + 1} of "columns"`;
  if (!isObject(c) || typeof c.name !== "string" || c.name.trim() === "") {
    throw new InputError(`${where} has no "name"; every column needs one`);
  }
  const dataType = c.dataType;
  const storage = typeof dataType === "string" && Object.hasOwn(STORAGE, dataType) ? STORAGE[dataType] : undefined;
  if (storage === undefined) {
    const known = Object.keys(STORAGE).join(", ");
    throw new InputError(`${where} ("${c.name}") has dataType ${JSON.stringify(dataType)}; Dataset-JSON 1.1 types are ${known}`);
  }
  return {
    name: c.name,
    label: typeof c.label === "string" ? c.label : null,
    storage,
    sourceType: dataType as string,
    format: typeof c.displayFormat === "string" ? c.displayFormat : null,
    length: typeof c.length === "number" ? c.length : null,
  };
}

/**
 * Every top-level property except `columns` and `rows`, so that the stored import says which dataset, study
 * and software it came from. Options hold JSON scalars only, so an object such as `sourceSystem` is spread
 * into "sourceSystem.name", "sourceSystem.version".
 */
function datasetOptions(meta: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const options: Record<string, string | number | boolean | null> = { name: null, label: null, datasetJSONVersion: null, records: null };
  for (const [key, value] of Object.entries(meta)) {
    if (key === "columns" || key === "rows") continue;
    if (isScalar(value)) options[key] = value;
    else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) if (isScalar(v)) options[`${key}.${k}`] = v;
    }
  }
  return options;
}

function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
