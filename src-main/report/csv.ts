import Papa from "papaparse";
import type { Cell, PresentTable } from "../../src-core/present/table.js";

/**
 * CSV export of the report's tables: one UTF-8 file per table with the table's stable column keys as the header,
 * numbers at 17 significant digits (enough to give back the same double), missing values empty; and the long
 * "analysis results data" file, one row per statistic, in the spirit of CDISC's Analysis Results Standard.
 */

/** A number as CSV text: whole numbers as they are, others with 17 significant digits; NaN empty; ±Infinity. */
export function csvNumber(x: number): string {
  if (Number.isNaN(x)) return "";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  return x.toPrecision(17);
}

function csvCell(value: Cell): string {
  if (value === null) return "";
  return typeof value === "number" ? csvNumber(value) : value;
}

function unparse(fields: readonly string[], rows: readonly (readonly string[])[]): string {
  return Papa.unparse({ fields: [...fields], data: rows.map((r) => [...r]) }, { newline: "\r\n", quotes: false }) + "\r\n";
}

export function tableCsv(table: PresentTable): string {
  return unparse(table.columns.map((c) => c.key), table.rows.map((row) => row.map(csvCell)));
}

/** The labels of a row as `key=value` pairs joined by "; ". */
function rowLabels(table: PresentTable, row: readonly Cell[]): string {
  return table.columns.slice(0, table.labels).map((c, j) => `${c.key}=${csvCell(row[j])}`).join("; ");
}

export const ARD_COLUMNS = ["analysis", "table", "row", "labels", "statistic", "value"] as const;

/** Every number of every table, one per row: analysis, table id, row number (1-based), row labels, column key, value. */
export function analysisResultsCsv(analysis: string, tables: readonly PresentTable[]): string {
  const rows: string[][] = [];
  for (const table of tables) {
    table.rows.forEach((row, i) => {
      const labels = rowLabels(table, row);
      table.columns.forEach((c, j) => {
        if (j < table.labels) return;
        const v = row[j];
        if (typeof v !== "number") return;
        rows.push([analysis, table.id, String(i + 1), labels, c.key, csvNumber(v)]);
      });
    });
  }
  return unparse(ARD_COLUMNS, rows);
}
