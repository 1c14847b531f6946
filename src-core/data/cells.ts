import { compareLevels } from "../design/collate.js";
import { formatNumber } from "../formula/number.js";
import type { Column } from "./frame.js";

/**
 * Reading single cells the way the model frame does, so that checks and summaries name the same levels and
 * treat the same values as missing as a fit would: NaN, null and "" are missing.
 */

export function isMissingCell(col: Column, r: number): boolean {
  return col.kind === "numeric" ? Number.isNaN(col.values[r]) : col.values[r] === null || col.values[r] === "";
}

/** A cell as a level label, or null when missing. Numbers are written as R's as.character() writes them, as the model's factor levels are. */
export function cellText(col: Column, r: number): string | null {
  if (col.kind === "numeric") {
    const x = col.values[r];
    return Number.isNaN(x) ? null : formatNumber(x);
  }
  const v = col.values[r];
  return v === null || v === "" ? null : v;
}

/** Reads a text cell as a number the way the model frame reads a text response: NaN when it does not parse. */
export function parseNumber(text: string): number {
  if (text.trim() === "") return NaN;
  const x = Number(text);
  return Number.isFinite(x) ? x : NaN;
}

/** A cell as a number: NaN when missing or, in a text column, when it does not read as a number. */
export function cellNumber(col: Column, r: number): number {
  if (col.kind === "numeric") return col.values[r];
  const v = col.values[r];
  return v === null ? NaN : parseNumber(v);
}

/**
 * Sorts level labels in the order the model gives factor levels: numerically for a numeric column, else in
 * R's default collation (so "VIS1" < "VIS10" < "VIS2", as R and the fit show them).
 */
export function sortLevels(levels: Iterable<string>, numeric: boolean): string[] {
  const out = [...new Set(levels)];
  return numeric ? out.sort((a, b) => Number(a) - Number(b)) : out.sort(compareLevels);
}
