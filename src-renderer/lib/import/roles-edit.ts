/** Editing variable roles: pure steps from one set of roles to the next, and which columns to offer as filters. */
import type { SingleRole, VariableRoles } from "../../../src-core/data/roles.js";

export function setRole(roles: VariableRoles, role: SingleRole, column: string | null): VariableRoles {
  return { ...roles, [role]: column };
}

/** Adds or removes a filter column, keeping the order of the dataset's columns. */
export function toggleFilter(roles: VariableRoles, column: string, on: boolean, order: readonly string[]): VariableRoles {
  const set = new Set(roles.filters);
  if (on) set.add(column);
  else set.delete(column);
  const rank = (c: string): number => {
    const i = order.indexOf(c);
    return i < 0 ? order.length : i;
  };
  return { ...roles, filters: [...set].sort((a, b) => rank(a) - rank(b)) };
}

/** ADaM population and analysis flags (…FL) and the derivation type: the usual where filters. */
const FLAG = /(FL|FN)$|^DTYPE$/i;

/** Columns offered as filter checkboxes: flag-like columns and those already chosen, in the dataset's order. */
export function filterCandidates(columns: readonly string[], chosen: readonly string[]): string[] {
  return columns.filter((c) => FLAG.test(c) || chosen.includes(c));
}

/**
 * What a role choice is based on: the importer's reason when the role still holds its suggestion, else the
 * suggestion the user moved away from. null when there is nothing to say.
 */
export function roleNote(
  role: SingleRole,
  current: string | null,
  suggested: VariableRoles,
  reasons: Readonly<Record<string, string>> | null,
): string | null {
  const s = suggested[role];
  if (current === s) return reasons?.[role] ?? null;
  if (s === null) return null;
  return `suggested: ${s}`;
}
