/**
 * Data handed to the core: named columns. Numeric columns hold NaN for missing values; character columns
 * hold null for missing values (an empty string is also treated as missing by the model frame).
 */
export type Column =
  | { readonly kind: "numeric"; readonly values: Float64Array }
  | { readonly kind: "character"; readonly values: readonly (string | null)[] };

export interface DataFrame {
  readonly nrow: number;
  /** Column names in file order. */
  readonly names: readonly string[];
  readonly columns: Readonly<Record<string, Column>>;
}

/** Builds a DataFrame from row-oriented records, typing each column as numeric when every non-missing value is a number. */
export function frameFromRecords(names: readonly string[], rows: readonly Record<string, unknown>[]): DataFrame {
  const columns: Record<string, Column> = {};
  for (const name of names) {
    let numeric = true;
    for (const r of rows) {
      const v = r[name];
      if (v === null || v === undefined || v === "") continue;
      if (typeof v !== "number") { numeric = false; break; }
    }
    if (numeric) {
      const values = new Float64Array(rows.length);
      rows.forEach((r, i) => { const v = r[name]; values[i] = typeof v === "number" ? v : NaN; });
      columns[name] = { kind: "numeric", values };
    } else {
      columns[name] = { kind: "character", values: rows.map((r) => { const v = r[name]; return v === null || v === undefined || v === "" ? null : String(v); }) };
    }
  }
  return { nrow: rows.length, names: [...names], columns };
}
