import { InputError } from "../errors.js";
import type { BatchColumn, SourceColumn } from "./table.js";

/**
 * Turns one sheet's cells into typed columns. The first non-blank row is the header; blank rows above it and
 * blank columns left of the data are dropped (read-excel-file returns the sheet from A1, and a table placed
 * at B3 should read the same as one at A1). Blank rows inside the data are kept, as missing values.
 *
 * A column's type follows its non-empty cells: all numbers → number storage; all dates → ISO text, "YYYY-MM-DD",
 * or "YYYY-MM-DDThh:mm:ss" when some cell of the column has a time of day; all booleans → "TRUE"/"FALSE";
 * all strings → text; anything else is "mixed" text, numbers written with String(x), the shortest text that
 * reads back as the same double. A column with no values at all is an empty "string" column.
 */
export interface SheetTable {
  readonly columns: SourceColumn[];
  readonly values: BatchColumn[];
  readonly rows: number;
}

type Kind = "number" | "date" | "boolean" | "string";
const DAY_MS = 86_400_000;

/** `label` names the file and sheet in messages. */
export function sheetTable(cells: readonly (readonly unknown[])[], label: string): SheetTable {
  const top = cells.findIndex((row) => row.some((c) => !isEmpty(c)));
  if (top < 0) throw new InputError(`${label} is empty`);
  const body = cells.slice(top);
  let width = 0;
  let left = Infinity;
  for (const row of body) {
    width = Math.max(width, row.length);
    const first = row.findIndex((c) => !isEmpty(c));
    if (first >= 0) left = Math.min(left, first);
  }
  if (body.length === 1) throw new InputError(`${label} has a header row but no data rows`);

  const header = body[0];
  const data = body.slice(1);
  const names: string[] = [];
  for (let j = left; j < width; j++) {
    const name = isEmpty(header[j]) ? `V${j - left + 1}` : cellText(header[j], false);
    if (names.includes(name)) throw new InputError(`${label} has two columns named "${name}"; rename one of them`);
    names.push(name);
  }

  const columns: SourceColumn[] = [];
  const values: BatchColumn[] = [];
  names.forEach((name, k) => {
    // Ragged rows (shorter than the header) read as missing cells.
    const column = data.map((row) => (isEmpty(row[left + k]) ? null : row[left + k]));
    const { sourceType, values: typed } = typeColumn(column);
    columns.push({ name, label: null, storage: typed.storage, sourceType, format: null, length: null });
    values.push(typed);
  });
  return { columns, values, rows: data.length };
}

function typeColumn(cells: readonly unknown[]): { sourceType: string; values: BatchColumn } {
  let kind: Kind | "mixed" | null = null;
  for (const c of cells) {
    if (c === null) continue;
    const k = kindOf(c);
    kind = kind === null || kind === k ? k : "mixed";
  }
  if (kind === "number") {
    return { sourceType: "number", values: { storage: "number", values: Float64Array.from(cells, (c) => (c === null ? NaN : (c as number))) } };
  }
  // A date column is all dates or all datetimes, so that one column never mixes the two ISO shapes.
  const withTime = kind === "date" && cells.some((c) => c instanceof Date && hasTime(c));
  return { sourceType: kind ?? "string", values: { storage: "text", values: cells.map((c) => (c === null ? null : cellText(c, withTime))) } };
}

function kindOf(c: unknown): Kind {
  if (typeof c === "number") return "number";
  if (typeof c === "boolean") return "boolean";
  if (c instanceof Date) return "date";
  return "string";
}

/** A cell as text: numbers by String(x), booleans as Excel shows them, dates as ISO 8601. */
function cellText(c: unknown, withTime: boolean): string {
  if (c instanceof Date) return isoDate(c, withTime || hasTime(c));
  if (typeof c === "boolean") return c ? "TRUE" : "FALSE";
  return String(c).trim();
}

/**
 * read-excel-file turns Excel's day serial numbers into UTC Dates. A serial is a fraction of a day in a
 * double, so 23:59:59 can come back as 23:59:58.999: times are rounded to the second, the finest unit Excel
 * shows by default and the one SAS and R datetimes in trial data carry.
 */
function roundedMs(d: Date): number {
  return Math.round(d.getTime() / 1000) * 1000;
}

function hasTime(d: Date): boolean {
  const ms = roundedMs(d);
  return Number.isFinite(ms) && ((ms % DAY_MS) + DAY_MS) % DAY_MS !== 0;
}

function isoDate(d: Date, withTime: boolean): string {
  const ms = roundedMs(d);
  if (!Number.isFinite(ms)) return String(d);
  const iso = new Date(ms).toISOString();
  return withTime ? iso.slice(0, 19) : iso.slice(0, 10);
}

function isEmpty(c: unknown): boolean {
  return c === null || c === undefined || (typeof c === "string" && c.trim() === "");
}
