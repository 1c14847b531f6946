import type { Column, DataFrame } from "../data/frame.js";
import { LongitudeError } from "../errors.js";
import { formatNumber } from "../formula/number.js";
import type { AnalysisSpec } from "../spec.js";
import { compareLevels } from "./collate.js";
import type { FactorInfo } from "./design.js";
import { listNames, unknownColumnMessage } from "./suggest.js";
import type { FactorColumn, FrameAccess } from "./variable.js";
import { whereMask } from "./where.js";

/** The used rows of the data, with access to their values. */
export interface ModelFrame extends FrameAccess {
  readonly rows: Int32Array;
  readonly nFiltered: number;
  readonly nMissing: number;
  readonly y: Float64Array;
  readonly weights: Float64Array | null;
  /** 1-based data row number of used row i. */
  rowNumber(i: number): number;
}

const isMissing = (col: Column, r: number): boolean =>
  col.kind === "numeric" ? Number.isNaN(col.values[r]) : col.values[r] === null || col.values[r] === "";

/** The response as numbers: a character column is accepted only when every value reads as a number. */
function responseValues(data: DataFrame, name: string): Float64Array {
  const col = data.columns[name];
  if (col.kind === "numeric") return col.values;
  const out = new Float64Array(data.nrow);
  for (let r = 0; r < data.nrow; r++) {
    const v = col.values[r];
    if (v === null || v.trim() === "") { out[r] = NaN; continue; }
    const x = Number(v);
    if (!Number.isFinite(x)) throw new LongitudeError("non-numeric", `the response "${name}" is not numeric: row ${r + 1} has "${v}"; choose a numeric response column`);
    out[r] = x;
  }
  return out;
}

/**
 * Applies `where`, leaves out rows with a missing value in any variable the model uses (each row on its own,
 * never a whole subject), and gives access to the used rows' values and factors.
 * `columns` maps each column the model uses to where it is used (for messages).
 */
export function buildFrame(data: DataFrame, spec: AnalysisSpec, response: string, columns: ReadonlyMap<string, string>): ModelFrame {
  const check = (name: string, where: string): void => {
    if (!(name in data.columns)) throw new LongitudeError("unknown-column", unknownColumnMessage(name, where, data.names));
  };
  for (const [name, where] of columns) check(name, where);
  for (const f of spec.factors ?? []) check(f, 'the spec\'s "factors"');
  for (const f of Object.keys(spec.reference ?? {})) check(f, 'the spec\'s "reference"');
  const factorSet = new Set(spec.factors ?? []);
  const yAll = responseValues(data, response);
  let wAll: Float64Array | null = null;
  if (spec.weights) {
    check(spec.weights, 'the spec\'s "weights"');
    const col = data.columns[spec.weights];
    if (col.kind !== "numeric") throw new LongitudeError("non-numeric", `the weights column "${spec.weights}" is not numeric; choose a column of positive numbers`);
    wAll = col.values;
  }
  const keep = spec.where && spec.where.trim() !== "" ? whereMask(spec.where, data) : null;
  const used: number[] = [];
  let nFiltered = 0;
  let nMissing = 0;
  const cols = [...columns.keys()].filter((c) => c !== response).map((c) => data.columns[c]);
  for (let r = 0; r < data.nrow; r++) {
    if (keep && !keep[r]) { nFiltered++; continue; }
    let missing = Number.isNaN(yAll[r]) || (wAll !== null && !(wAll[r] > 0));
    for (let k = 0; !missing && k < cols.length; k++) missing = isMissing(cols[k], r);
    if (missing) nMissing++;
    else used.push(r);
  }
  const rows = Int32Array.from(used);
  const nobs = rows.length;
  if (nobs === 0) {
    const parts = [`${data.nrow} rows in the data`];
    if (keep) parts.push(`${nFiltered} removed by the where filter`);
    parts.push(`${nMissing} with a missing value in the response or a model variable${spec.weights ? " or a missing or non-positive weight" : ""}`);
    throw new LongitudeError("no-usable-rows", `no rows are left to fit: ${parts.join(", ")}; check the where filter and the columns in the formula`);
  }
  const pick = (a: Float64Array): Float64Array => Float64Array.from(rows, (r) => a[r]);
  const numericCache = new Map<string, Float64Array>();
  const factorCache = new Map<string, FactorColumn>();
  const isFactor = (c: string): boolean => data.columns[c].kind === "character" || factorSet.has(c);

  const numeric = (c: string, context: string): Float64Array => {
    const col = data.columns[c];
    if (col.kind !== "numeric" || factorSet.has(c)) {
      const why = col.kind !== "numeric" ? "is a character column" : 'is listed in the spec\'s "factors"';
      throw new LongitudeError("non-numeric", `"${c}" ${why}, so it cannot be used in ${context}; use a numeric column there`);
    }
    let a = numericCache.get(c);
    if (!a) { a = pick(col.values); numericCache.set(c, a); }
    return a;
  };

  const factor = (c: string): FactorColumn => {
    const cached = factorCache.get(c);
    if (cached) return cached;
    const col = data.columns[c];
    let levels: string[];
    const index = new Int32Array(nobs);
    if (col.kind === "numeric") {
      const distinct = [...new Set(Array.from(rows, (r) => col.values[r]))].sort((a, b) => a - b);
      const at = new Map(distinct.map((v, k) => [v, k]));
      levels = distinct.map(formatNumber);
      rows.forEach((r, i) => { index[i] = at.get(col.values[r])!; });
    } else {
      levels = [...new Set(Array.from(rows, (r) => col.values[r] as string))].sort(compareLevels);
      const at = new Map(levels.map((v, k) => [v, k]));
      rows.forEach((r, i) => { index[i] = at.get(col.values[r] as string)!; });
    }
    const wanted = spec.reference?.[c];
    let ref = 0;
    if (wanted !== undefined) {
      ref = levels.indexOf(String(wanted));
      if (ref < 0 && col.kind === "numeric") ref = levels.findIndex((l) => Number(l) === Number(wanted));
      if (ref < 0) throw new LongitudeError("bad-spec", `the reference level "${wanted}" of ${c} is not among its levels in the used rows: ${listNames(levels, 12)}`);
    }
    const info: FactorInfo = { name: c, levels, reference: levels[ref] };
    const f = { info, index, ref };
    factorCache.set(c, f);
    return f;
  };

  return {
    nobs, rows, nFiltered, nMissing,
    y: pick(yAll),
    weights: wAll ? pick(wAll) : null,
    rowNumber: (i) => rows[i] + 1,
    numeric, factor, isFactor,
  };
}
