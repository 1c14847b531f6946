/**
 * The two starting models, filled from the dataset's variable roles. Each returns a complete draft; the step
 * adds what the roles do not hold (the where filter of the row selection, reference levels once known).
 */
import type { VariableRoles } from "../../../src-core/data/roles.js";
import { emptyDraft, type ModelDraft } from "./draft.js";

export type TemplateId = "mmrm" | "slope";

export const TEMPLATE_NAMES: Readonly<Record<TemplateId, string>> = {
  mmrm: "MMRM: change ~ baseline + arm × visit, unstructured, Kenward-Roger",
  slope: "Random intercept and slope: outcome ~ arm × time + (time | subject)",
};

/** The ADaM change-from-baseline column: the MMRM template prefers it to the outcome role when present. */
const CHANGE = "CHG";

/**
 * The usual MMRM: change from baseline explained by baseline and arm × visit, unstructured covariance over
 * the visits within subject, REML with Kenward-Roger df, LS means of arm by visit with differences.
 * `columns`: the dataset's column names (to find CHG when the outcome role holds AVAL).
 */
export function mmrmTemplate(roles: VariableRoles, columns: readonly string[] = []): ModelDraft {
  const outcome = columns.includes(CHANGE) ? CHANGE : roles.outcome;
  return {
    ...emptyDraft(),
    outcome,
    arm: roles.arm,
    time: roles.visit,
    timeKind: "visit",
    subject: roles.subject,
    baseline: roles.baseline !== outcome ? roles.baseline : null,
    armByTime: true,
    structure: "us",
    method: "REML",
    ddf: "kenward-roger",
    lsmeans: roles.arm !== null && roles.visit !== null,
  };
}

/**
 * Random intercept and slope on a continuous time (the time role, else the visit order), separate slopes per
 * arm, no residual structure; REML with Satterthwaite df, as lme4 + lmerTest would fit it.
 */
export function slopeTemplate(roles: VariableRoles): ModelDraft {
  return {
    ...emptyDraft(),
    outcome: roles.outcome,
    arm: roles.arm,
    time: roles.time ?? roles.visitOrder,
    timeKind: "continuous",
    subject: roles.subject,
    armByTime: true,
    random: "slope",
    structure: "none",
    method: "REML",
    ddf: "satterthwaite",
    lsmeans: false,
  };
}

/**
 * The template the form starts from: the MMRM unless the roles have a time but no visit. Roles left unset
 * (often the outcome, when the data are not ADaM) stay for the user to choose, with the checks saying so.
 */
export function startingTemplate(roles: VariableRoles): TemplateId {
  return roles.visit === null && (roles.time !== null || roles.visitOrder !== null) ? "slope" : "mmrm";
}

export function template(id: TemplateId, roles: VariableRoles, columns: readonly string[] = []): ModelDraft {
  return id === "mmrm" ? mmrmTemplate(roles, columns) : slopeTemplate(roles);
}
