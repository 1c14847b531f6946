import type { StructureTable } from "../../../src-main/api/contract.js";
import { STRUCTURE_NAMES } from "../../../src-core/present/labels.js";
import type { Cell, PresentTable } from "../../../src-core/present/table.js";

/**
 * The comparison of residual covariance structures by information criteria, as a PresentTable (so that the
 * app draws it and copies it like every other table), with the sentence that names the choices.
 */

/** SAS's TYPE= codes, which statisticians know the structures by. */
const SAS_CODES: Readonly<Record<string, string>> = {
  iid: "VC", us: "UN", cs: "CS", csh: "CSH", ar1: "AR(1)", ar1h: "ARH(1)", ad: "AD", adh: "ANTE(1)",
  toep: "TOEP", toeph: "TOEPH", sp_exp: "SP(EXP)",
};

/** The short code: "UN", "AR(1)"; the engine's name when the structure is unknown here. */
export function structureCode(structure: string): string {
  return SAS_CODES[structure] ?? structure;
}

/** "Unstructured (UN)". */
export function structureName(structure: string): string {
  const name = STRUCTURE_NAMES[structure];
  return name ? `${name} (${structureCode(structure)})` : structure;
}

/** A number that may have crossed JSON (NaN arrives as null) or be missing: null either way. */
const num = (x: number | null | undefined): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

/** Which criteria a structure is the smallest by: "AIC", "BIC", "AIC and BIC" or "". */
function smallest(t: StructureTable, structure: string): string {
  const by = [t.bestAic === structure ? "AIC" : null, t.bestBic === structure ? "BIC" : null].filter((x) => x !== null);
  return by.join(" and ");
}

export function structuresTable(t: StructureTable): PresentTable {
  const method = t.rows[0]?.method ?? "REML";
  const rows: Cell[][] = t.rows.map((r) => [
    structureName(r.structure), r.converged ? "yes" : "no", num(r.npar), num(r.m2logLik), num(r.aic), num(r.aicc), num(r.bic),
    smallest(t, r.structure), r.message ?? "",
  ]);
  return {
    id: "structures",
    title: `Information criteria by residual covariance structure (${method}; smaller is better)`,
    labels: 1,
    note: "Same fixed effects and method for every structure, so the criteria are comparable. Parameters: covariance parameters counted in AIC and BIC. A structure that did not converge has no criteria.",
    columns: [
      { key: "structure", header: "Structure", kind: "text" },
      { key: "converged", header: "Converged", kind: "text" },
      { key: "parameters", header: "Parameters", kind: "count" },
      { key: "m2loglik", header: method === "ML" ? "-2 Log Likelihood" : "-2 Res Log Likelihood", kind: "fit" },
      { key: "aic", header: "AIC", kind: "fit" },
      { key: "aicc", header: "AICC", kind: "fit" },
      { key: "bic", header: "BIC", kind: "fit" },
      { key: "smallest", header: "Smallest", kind: "text" },
      { key: "message", header: "Message", kind: "text" },
    ],
    rows,
  };
}

/** Whether a row of structuresTable is the one with the smallest AIC (to highlight it). */
export function isBestAicRow(t: StructureTable, row: readonly Cell[]): boolean {
  return t.bestAic !== null && row[0] === structureName(t.bestAic);
}

/** The choices in one or two sentences. */
export function structureChoice(t: StructureTable): string {
  if (t.rows.length === 0) return "No structures were compared.";
  if (t.bestAic === null) return "No structure converged: simplify the model (fewer fixed effects or random effects), or check the data for visits with very few observations.";
  const aic = `Smallest AIC: ${structureName(t.bestAic)}.`;
  const bic = t.bestBic === t.bestAic ? " BIC agrees." : t.bestBic ? ` Smallest BIC: ${structureName(t.bestBic)}.` : "";
  const order = t.rows.map((r) => structureCode(r.structure)).join(", ");
  const fallback = t.fallback ? ` Fallback choice (the first to converge in the order ${order}): ${structureName(t.fallback)}.` : "";
  return aic + bic + fallback;
}

/**
 * The formula with its residual structure replaced ("us(AVISIT | USUBJID)" → "toeph(AVISIT | USUBJID)"), or
 * null when the formula has no such term to replace.
 */
export function withStructure(formula: string, current: string, next: string): string | null {
  const term = new RegExp(`(^|[^A-Za-z0-9_.])${current.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\s*\\()`);
  if (!term.test(formula)) return null;
  return formula.replace(term, `$1${next}$2`);
}

/** The refit's analysis name: the fit's, with the new structure's code in place of one an earlier refit added. */
export function refitName(name: string, structure: string): string {
  const earlier = Object.values(SAS_CODES).map((c) => ` (${c})`).find((suffix) => name.endsWith(suffix));
  return `${earlier ? name.slice(0, -earlier.length) : name} (${structureCode(structure)})`;
}

/** Whether a fit's model has a residual structure over visits that the comparison can vary. */
export function canCompare(structure: string): boolean {
  return structure !== "iid" && structure !== "sp_exp";
}

/** One "structures-progress" event, in words: `done` structures are fitted, `last` was the latest. */
export function comparisonProgressText(p: { done: number; total: number; next: string | null } | null): string {
  if (p === null) return "Starting the comparison…";
  if (p.next === null) return `All ${p.total} structures fitted; tabulating…`;
  return `Fitting ${p.done + 1} of ${p.total}: ${structureName(p.next)}…`;
}
