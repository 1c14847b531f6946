import { unknownColumnMessage } from "../design/suggest.js";
import type { DataFrame } from "./frame.js";
import { SINGLE_ROLES, type SingleRole, type VariableRoles } from "./roles.js";
import type { Finding } from "./finding.js";

/** Roles without which an MMRM of a clinical trial cannot be set up, with the ADaM column usually chosen. */
export const REQUIRED_ROLES: readonly { role: SingleRole; adam: string }[] = [
  { role: "subject", adam: "USUBJID" },
  { role: "visit", adam: "AVISIT" },
  { role: "arm", adam: "TRT01P" },
  { role: "outcome", adam: "AVAL or CHG" },
];

const error = (message: string): Finding => ({ code: "missing-role", severity: "error", message, rows: [], subjects: [] });

/**
 * missing-role: a required role that is unset, any role (filters included) naming a column the data lack, and
 * a parameter value without a parameter role. These are errors: every later check would read the wrong column.
 */
export function checkRoles(frame: DataFrame, roles: VariableRoles, parameterValue: string | undefined): Finding[] {
  const out: Finding[] = [];
  for (const { role, adam } of REQUIRED_ROLES) {
    if (roles[role] === null) out.push(error(`no ${role} column is chosen; choose one (in ADaM data, ${adam})`));
  }
  for (const role of SINGLE_ROLES) {
    const name = roles[role];
    if (name !== null && !(name in frame.columns)) out.push(error(unknownColumnMessage(name, `the ${role} role`, frame.names)));
  }
  for (const name of roles.filters) {
    if (!(name in frame.columns)) out.push(error(unknownColumnMessage(name, "the filter columns", frame.names)));
  }
  if (parameterValue !== undefined && roles.parameter === null) {
    out.push(error(`a parameter value ("${parameterValue}") is given but no parameter column is chosen; choose one (in ADaM data, PARAMCD)`));
  }
  return out;
}
