import type { Column } from "../../src-core/data/frame.js";
import { InputError } from "../errors.js";
import type { BatchColumn, SourceColumn } from "./table.js";

/**
 * Deciding each column's type, the same way for every format.
 *
 * - Columns the source delivers as numbers (XPT numerics, Dataset-JSON integer/double/float, Excel columns of
 *   numbers) are numeric.
 * - Text columns are character, except where the source declares no type (CSV, Excel "mixed") or declares a
 *   decimal held as text (Dataset-JSON "decimal"): those are numeric when every non-missing cell is a number.
 *   A typed source's character column stays character even when its cells look like numbers: ADaM's SITEID
 *   "701" is a site code, and treating it as a number would turn a factor into a covariate.
 * - The user may override either way; an override to numeric fails on a cell that is not a number.
 *
 * Cells are trimmed before typing. Missing: the empty cell; in CSV and Excel text also the `naStrings`
 * (default `NA`, as R writes); in a numeric column also `.` (SAS) and `NaN`. With a decimal comma (`1,5`), which typically
 * comes with `;` as the delimiter, numbers use a comma and never a point.
 */
export type ColumnType = "numeric" | "character";

export interface TypingOptions {
  readonly naStrings?: readonly string[];
  readonly decimalComma?: boolean;
  /** Overrides by column name. */
  readonly types?: Readonly<Record<string, ColumnType>>;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NUMBER_COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
const NUMERIC_MISSING = new Set([".", "NaN"]);
const INFERRED_SOURCE_TYPES = new Set([null, "mixed", "decimal"]);

/** Whether a text column's type is inferred from its cells (rather than fixed by the source). */
export function isInferred(column: SourceColumn): boolean {
  return column.storage === "text" && INFERRED_SOURCE_TYPES.has(column.sourceType);
}

/** Turns a trimmed, non-missing cell into a number, or NaN if it is not one. */
export function cellNumber(cell: string, decimalComma: boolean): number {
  if (NUMERIC_MISSING.has(cell)) return NaN;
  if (decimalComma) return NUMBER_COMMA.test(cell) ? Number(cell.replace(",", ".")) : NaN;
  return NUMBER.test(cell) ? Number(cell) : NaN;
}

/** Reads cells and decides a column's type: infers from text where allowed, and applies the user's override. */
export class ColumnTyper {
  private numericSoFar: boolean;
  private firstNonNumber: { row: number; cell: string } | null = null;
  private readonly na: ReadonlySet<string>;
  private rows = 0;

  constructor(readonly column: SourceColumn, private readonly options: TypingOptions = {}) {
    // "NA" means missing only where the source has no typed missing value of its own (CSV, Excel).
    this.na = new Set(column.sourceType === null || column.sourceType === "mixed" ? (options.naStrings ?? ["NA"]) : []);
    this.numericSoFar = column.storage === "number" || isInferred(column);
  }

  /** Takes the next batch of this column's cells. */
  observe(values: BatchColumn): void {
    if (values.storage === "text" && (this.numericSoFar || this.firstNonNumber === null)) {
      const comma = this.options.decimalComma === true;
      values.values.forEach((raw, i) => {
        if (this.firstNonNumber !== null) return;
        const cell = raw === null ? "" : raw.trim();
        if (this.isMissing(cell) || NUMERIC_MISSING.has(cell)) return;
        if (Number.isNaN(cellNumber(cell, comma))) {
          this.firstNonNumber = { row: this.rows + i + 1, cell };
          this.numericSoFar = false;
        }
      });
    }
    this.rows += values.values.length;
  }

  /** What the cells alone say. */
  get inferred(): ColumnType {
    return this.numericSoFar ? "numeric" : "character";
  }

  /** The type used: the override when there is one, else the inferred one. Throws if an override cannot hold. */
  final(label: string): ColumnType {
    const wanted = this.options.types?.[this.column.name];
    if (wanted === undefined || wanted === this.inferred) return this.inferred;
    if (wanted === "numeric" && this.column.storage === "text" && this.firstNonNumber) {
      const { row, cell } = this.firstNonNumber;
      throw new InputError(`${label}: column "${this.column.name}" cannot be numeric: data row ${row} holds "${cell}", which is not a number`);
    }
    return wanted;
  }

  isMissing(trimmed: string): boolean {
    return trimmed === "" || this.na.has(trimmed);
  }
}

/** Converts one column's delivered cells to the core's Column of the given type. */
export function toColumn(parts: readonly BatchColumn[], type: ColumnType, typer: ColumnTyper, decimalComma = false): Column {
  const n = parts.reduce((s, p) => s + p.values.length, 0);
  if (type === "numeric") {
    const values = new Float64Array(n);
    let k = 0;
    for (const part of parts) {
      if (part.storage === "number") { values.set(part.values, k); k += part.values.length; continue; }
      for (const raw of part.values) {
        const cell = raw === null ? "" : raw.trim();
        values[k++] = typer.isMissing(cell) ? NaN : cellNumber(cell, decimalComma);
      }
    }
    return { kind: "numeric", values };
  }
  const values: (string | null)[] = new Array(n);
  let k = 0;
  for (const part of parts) {
    if (part.storage === "number") {
      for (const x of part.values) values[k++] = Number.isNaN(x) ? null : String(x);
      continue;
    }
    for (const raw of part.values) {
      const cell = raw === null ? "" : raw.trim();
      values[k++] = typer.isMissing(cell) ? null : cell;
    }
  }
  return { kind: "character", values };
}
