import { readFileSync } from "node:fs";
import { frameFromRecords, type Column, type DataFrame } from "../../src-core/data/frame.js";

/**
 * Test-only reader of the CDISC pilot ADaM datasets in test/fixtures/cdisc/ (Dataset-JSON 1.1: `columns` with
 * name, label and dataType, and `rows` as arrays in column order). Numbers stay numbers and null stays missing,
 * so frameFromRecords types each column as the file does (dates are ISO text, hence character columns).
 */
export interface DatasetJsonColumn {
  name: string;
  label: string | null;
  dataType: string;
}

export interface CdiscDataset {
  columns: DatasetJsonColumn[];
  frame: DataFrame;
}

const cache = new Map<string, CdiscDataset>();

export function loadCdisc(name: "adcibc" | "adadas"): CdiscDataset {
  const hit = cache.get(name);
  if (hit) return hit;
  const path = new URL(`../fixtures/cdisc/${name}.json`, import.meta.url);
  const json = JSON.parse(readFileSync(path, "utf8")) as { columns: DatasetJsonColumn[]; rows: unknown[][] };
  const names = json.columns.map((c) => c.name);
  const records = json.rows.map((row) => Object.fromEntries(names.map((n, j) => [n, row[j]])));
  const out = { columns: json.columns.map(({ name: n, label, dataType }) => ({ name: n, label: label ?? null, dataType })), frame: frameFromRecords(names, records) };
  cache.set(name, out);
  return out;
}

/**
 * A small hand-made dataset, column by column: a column of numbers (null for missing) is numeric, a column of
 * strings (null for missing) is character, as the importers deliver them.
 */
export function bdsFrame(columns: Record<string, readonly (number | null)[] | readonly (string | null)[]>): DataFrame {
  const names = Object.keys(columns);
  const nrow = names.length > 0 ? columns[names[0]].length : 0;
  const out: Record<string, Column> = {};
  for (const name of names) {
    const values = columns[name];
    if (values.length !== nrow) throw new Error(`bdsFrame: column ${name} has ${values.length} values, not ${nrow}`);
    const numeric = values.every((v) => v === null || typeof v === "number");
    out[name] = numeric
      ? { kind: "numeric", values: Float64Array.from(values, (v) => (v === null ? NaN : (v as number))) }
      : { kind: "character", values: values.map((v) => (v === null ? null : String(v))) };
  }
  return { nrow, names, columns: out };
}
