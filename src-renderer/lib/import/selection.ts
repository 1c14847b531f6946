/**
 * The where filter an analysis uses, built from what the user picked in the mapping view: the parameter
 * value, one value per population-flag column, and free text. The analysis spec only carries `where`, so the
 * parameter condition is written into it too; the syntax is src-core/design/where.ts's.
 */
import type { ColumnType, VariableRoles } from "../../../src-main/api/contract.js";

/**
 * Per filter column: a value to keep, null to keep the rows where it is missing (is.na), or undefined/absent
 * for "any" (no condition).
 */
export type FlagValues = Readonly<Record<string, string | null | undefined>>;

/** What selectionWhere needs to know of a column: whether its values are numbers. */
export interface ColumnKind { readonly name: string; readonly type: ColumnType }

const PLAIN_NAME = /^[A-Za-z._][A-Za-z0-9._]*$/;

/** A column as the where syntax names it: bare when it reads as a name, else in backticks. */
export function whereName(column: string): string {
  if (PLAIN_NAME.test(column) && !/^\.\d/.test(column)) return column;
  if (column.includes("`")) throw new Error(`the column name ${column} holds a backtick, which a where filter cannot name; rename the column`);
  return `\`${column}\``;
}

/** A text value as a where string literal; the where reader takes a backslash as "the next character as it is". */
export function whereString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** The condition that keeps rows where `column` has the level `value` (a number for a numeric column). */
export function levelCondition(column: string, value: string | null, type: ColumnType): string {
  const name = whereName(column);
  if (value === null) return `is.na(${name})`;
  if (type === "numeric") {
    // Levels of a numeric column come written as R writes numbers ("2", "1e-04"), which the where reader reads back.
    if (!Number.isFinite(Number(value)) || value.trim() === "") throw new Error(`"${value}" is not a number, but ${column} is a numeric column`);
    return `${name} == ${value.trim()}`;
  }
  return `${name} == ${whereString(value)}`;
}

/**
 * The full where filter: the parameter condition, then one condition per filter column set to a value (in the
 * order of roles.filters), then the free text in parentheses, joined by " & ". "" when nothing is chosen.
 * A column missing from `columns` is taken as character.
 */
export function selectionWhere(
  roles: VariableRoles,
  parameterValue: string | null | undefined,
  flagValues: FlagValues,
  extra: string,
  columns: readonly ColumnKind[] = [],
): string {
  const typeOf = (name: string): ColumnType => columns.find((c) => c.name === name)?.type ?? "character";
  const parts: string[] = [];
  if (roles.parameter !== null && parameterValue !== undefined && parameterValue !== null) {
    parts.push(levelCondition(roles.parameter, parameterValue, typeOf(roles.parameter)));
  }
  for (const column of roles.filters) {
    const value = flagValues[column];
    if (value === undefined) continue;
    parts.push(levelCondition(column, value, typeOf(column)));
  }
  const free = extra.trim();
  if (free !== "") parts.push(parts.length === 0 ? free : `(${free})`);
  return parts.join(" & ");
}

/** Whether a where filter keeps one value of `column` (has a `column == …` condition), as selectionWhere writes it. */
export function restrictsTo(where: string, column: string): boolean {
  const names = PLAIN_NAME.test(column) ? [column, `\`${column}\``] : [`\`${column}\``];
  return names.some((n) => new RegExp(`(^|[^A-Za-z0-9._\`])${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*==`).test(where));
}
