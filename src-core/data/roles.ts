import { LongitudeError } from "../errors.js";
import { unknownColumnMessage } from "../design/suggest.js";
import { cellNumber, cellText, sortLevels } from "./cells.js";
import type { Column, DataFrame } from "./frame.js";

/**
 * What each column of a longitudinal dataset is for. ADaM BDS names are given as the usual source of each
 * role (src-main/importers/mapping.ts suggests them); any column may be chosen. null: the role is not set.
 */
export interface VariableRoles {
  /** Subject identifier (USUBJID). */
  subject: string | null;
  /** The repeated-measures factor (AVISIT). */
  visit: string | null;
  /** Numeric column giving the order of the visits (AVISITN). */
  visitOrder: string | null;
  /** Study time of the record (ADY or ATPTN). */
  time: string | null;
  /** Treatment arm (TRT01P, TRTP, ARM or ARMCD). */
  arm: string | null;
  /** The analysed value (AVAL or CHG). */
  outcome: string | null;
  /** Baseline value (BASE). */
  baseline: string | null;
  /** Parameter selector (PARAMCD): a BDS dataset stacks several parameters, and a model uses one. */
  parameter: string | null;
  /** Study site (SITEID or SITEGR1). */
  site: string | null;
  /** Flag columns offered as where filters (ITTFL, EFFFL, ANL01FL, DTYPE). */
  filters: string[];
}

/** The single-column roles, in the order they are shown. */
export const SINGLE_ROLES = ["subject", "visit", "visitOrder", "time", "arm", "outcome", "baseline", "parameter", "site"] as const;
export type SingleRole = (typeof SINGLE_ROLES)[number];

/** Roles with nothing set. */
export function emptyRoles(): VariableRoles {
  return { subject: null, visit: null, visitOrder: null, time: null, arm: null, outcome: null, baseline: null, parameter: null, site: null, filters: [] };
}

/** The column of a role; throws LongitudeError("unknown-column") when the role names a column the data lack. */
export function roleColumn(frame: DataFrame, roles: VariableRoles, role: SingleRole): Column | null {
  const name = roles[role];
  if (name === null) return null;
  const col = frame.columns[name];
  if (!col) throw new LongitudeError("unknown-column", unknownColumnMessage(name, `the ${role} role`, frame.names));
  return col;
}

/**
 * For each visit level among `rows` (0-based; all rows when omitted), the distinct visitOrder values seen with
 * it, ascending (empty when visitOrder is unset or always missing at that visit). Levels in first-seen order.
 */
export function visitOrderValues(frame: DataFrame, roles: VariableRoles, rows?: readonly number[]): Map<string, number[]> {
  const visit = roleColumn(frame, roles, "visit");
  const out = new Map<string, number[]>();
  if (!visit) return out;
  const order = roleColumn(frame, roles, "visitOrder");
  const seen = new Map<string, Set<number>>();
  const each = (r: number): void => {
    const level = cellText(visit, r);
    if (level === null) return;
    let set = seen.get(level);
    if (!set) { set = new Set(); seen.set(level, set); }
    const x = order ? cellNumber(order, r) : NaN;
    if (!Number.isNaN(x)) set.add(x);
  };
  if (rows) rows.forEach(each);
  else for (let r = 0; r < frame.nrow; r++) each(r);
  for (const [level, set] of seen) out.set(level, [...set].sort((a, b) => a - b));
  return out;
}

/**
 * The visit levels among `rows` in visit order: by each visit's visitOrder value (the smallest, when a visit has
 * several; checkData reports that as visit-order-ambiguous), then visits without one; ties and visits without
 * an order in the model's level order. Without a visitOrder role, in the model's level order.
 */
export function visitLevels(frame: DataFrame, roles: VariableRoles, rows?: readonly number[]): string[] {
  const orders = visitOrderValues(frame, roles, rows);
  if (orders.size === 0) return [];
  const numeric = frame.columns[roles.visit as string].kind === "numeric";
  const byName = sortLevels(orders.keys(), numeric);
  const rank = new Map(byName.map((l, i) => [l, i]));
  const key = (l: string): number => orders.get(l)![0] ?? Infinity;
  return byName.sort((a, b) => key(a) - key(b) || rank.get(a)! - rank.get(b)!);
}
