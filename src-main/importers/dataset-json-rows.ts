import { InputError } from "../errors.js";
import { BATCH_ROWS, type BatchColumn, type RowBatch, type SourceColumn } from "./table.js";

/**
 * Collects Dataset-JSON records (one JSON array per row) into column batches, checking each record against
 * the column list as it goes: the same code serves the `.json` and the `.ndjson` form, so both check alike.
 *
 * Missing values: `null` in any column; in a text column also "", which is how SAS writes a blank character
 * value (SAS has no other character missing), so "" and null mean the same in this data.
 */
export class RecordBatcher {
  private numbers: Float64Array[] = [];
  private texts: (string | null)[][] = [];
  private count = 0;

  /** `label` names the file in messages. */
  constructor(private readonly columns: readonly SourceColumn[], private readonly label: string) {
    this.reset();
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === BATCH_ROWS;
  }

  /** Adds one record; `record` is its 1-based number in the dataset, for messages. */
  add(row: unknown, record: number): void {
    const width = this.columns.length;
    if (!Array.isArray(row)) {
      throw new InputError(`${this.label}: record ${record} is not an array of values but ${JSON.stringify(row)?.slice(0, 40)}`);
    }
    if (row.length !== width) {
      throw new InputError(`${this.label}: record ${record} has ${row.length} values but the dataset has ${width} columns`);
    }
    const i = this.count;
    for (let j = 0; j < width; j++) {
      const v: unknown = row[j];
      const column = this.columns[j];
      if (column.storage === "number") {
        if (v === null) this.numbers[j][i] = NaN;
        else if (typeof v === "number") this.numbers[j][i] = v;
        else this.wrongType(record, column, v, "a number");
      } else {
        const text = textValue(v, column.sourceType);
        if (text === undefined) this.wrongType(record, column, v, column.sourceType === "boolean" ? "true or false" : "a string");
        this.texts[j][i] = text;
      }
    }
    this.count++;
  }

  /** Hands over the rows added since the last call, as one batch. */
  take(): RowBatch {
    const rows = this.count;
    const columns = this.columns.map((c, j): BatchColumn =>
      c.storage === "number" ? { storage: "number", values: this.numbers[j].subarray(0, rows) } : { storage: "text", values: truncate(this.texts[j], rows) });
    this.reset();
    return { rows, columns };
  }

  private reset(): void {
    // Fresh arrays for every batch: the one just handed over may still be in use downstream.
    this.numbers = this.columns.map((c) => (c.storage === "number" ? new Float64Array(BATCH_ROWS) : new Float64Array(0)));
    this.texts = this.columns.map((c) => (c.storage === "text" ? new Array<string | null>(BATCH_ROWS).fill(null) : []));
    this.count = 0;
  }

  private wrongType(record: number, column: SourceColumn, v: unknown, expected: string): never {
    const shown = JSON.stringify(v).slice(0, 40);
    throw new InputError(`${this.label}: record ${record}, column ${column.name} (${column.sourceType}) holds ${shown} where ${expected} or null is expected; correct the value or the column's dataType`);
  }
}

function truncate<T>(values: T[], length: number): T[] {
  values.length = length;
  return values;
}

/** The text of one value in a text column, null when missing, undefined when the JSON type is wrong. */
function textValue(v: unknown, dataType: string | null): string | null | undefined {
  if (v === null || v === "") return null;
  if (dataType === "boolean") return typeof v === "boolean" ? String(v) : undefined;
  if (typeof v === "string") return v;
  // Dataset-JSON 1.0 wrote decimals as JSON numbers; 1.1 made them strings. Accept both.
  if (dataType === "decimal" && typeof v === "number") return String(v);
  return undefined;
}

/** Dataset-JSON 1.1 requires `records`; a count that disagrees with the rows means a cut or edited file. */
export function checkRecords(declared: number | null, found: number, label: string): void {
  if (declared !== null && declared !== found) {
    throw new InputError(`${label} says "records": ${declared} but holds ${found} rows; the file may be truncated or edited, so export it again`);
  }
}
