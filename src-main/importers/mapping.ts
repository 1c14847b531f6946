import type { VariableRoles } from "../../src-core/data/roles.js";

/**
 * Suggests variable roles from column names, for data following CDISC ADaM's Basic Data Structure (BDS). Only
 * standard names are used, so a suggestion is either right or absent; labels are only quoted in the reasons.
 * Pure (no I/O): it lives here because choosing roles is part of importing, and the UI shows the reasons.
 */

/** Candidates per role, first present wins (ADaMIG: TRT01P is the subject-level planned arm, TRTP its per-record copy). */
const CANDIDATES = {
  subject: ["USUBJID"],
  visit: ["AVISIT"],
  visitOrder: ["AVISITN"],
  time: ["ADY", "ATPTN"],
  arm: ["TRT01P", "TRTP", "ARM", "ARMCD"],
  outcome: ["AVAL", "CHG"],
  baseline: ["BASE"],
  parameter: ["PARAMCD"],
  site: ["SITEID", "SITEGR1"],
} as const satisfies Record<Exclude<keyof VariableRoles, "filters">, readonly string[]>;

/** Flags and the derivation type, offered as where filters when present (all of them, in this order). */
const FILTERS = ["ITTFL", "EFFFL", "ANL01FL", "DTYPE"];

export interface ColumnInfo {
  readonly name: string;
  readonly label: string | null;
}

export interface RoleSuggestion {
  roles: VariableRoles;
  /** Per role (and "filters"), why it was chosen or why nothing was. */
  reasons: Record<string, string>;
}

/** Names matched case-insensitively: SAS names are case-insensitive and exports vary in case. */
export function suggestRoles(columns: readonly ColumnInfo[]): RoleSuggestion {
  const byName = new Map<string, ColumnInfo>();
  for (const c of columns) {
    const key = c.name.toUpperCase();
    if (!byName.has(key)) byName.set(key, c);
  }
  const describe = (standard: string, c: ColumnInfo): string => {
    const spelling = c.name === standard ? "" : ` (spelled ${c.name} in the file)`;
    const label = c.label ? `: "${c.label}"` : "";
    return `ADaM BDS name ${standard}${spelling}${label}`;
  };
  const reasons: Record<string, string> = {};
  const pick = (role: keyof typeof CANDIDATES): string | null => {
    const candidates: readonly string[] = CANDIDATES[role];
    for (const standard of candidates) {
      const c = byName.get(standard);
      if (c) {
        reasons[role] = describe(standard, c);
        return c.name;
      }
    }
    reasons[role] = `no column named ${candidates.join(", ").replace(/, ([^,]*)$/, " or $1")}`;
    return null;
  };
  const roles: VariableRoles = {
    subject: pick("subject"),
    visit: pick("visit"),
    visitOrder: pick("visitOrder"),
    time: pick("time"),
    arm: pick("arm"),
    outcome: pick("outcome"),
    baseline: pick("baseline"),
    parameter: pick("parameter"),
    site: pick("site"),
    filters: FILTERS.flatMap((f) => byName.get(f)?.name ?? []),
  };
  if (roles.visit !== null) {
    reasons.visit += roles.visitOrder !== null ? `; ordered by ${roles.visitOrder}` : "; no AVISITN column, so visits are ordered by name";
  }
  reasons.filters = roles.filters.length > 0
    ? `ADaM flags offered as where filters: ${roles.filters.join(", ")}`
    : `no column named ${FILTERS.join(", ").replace(/, ([^,]*)$/, " or $1")}`;
  return { roles, reasons };
}
