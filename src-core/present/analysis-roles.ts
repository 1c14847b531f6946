import type { VariableRoles } from "../data/roles.js";
import type { FitResult } from "../result.js";
import { residualSubject } from "./labels.js";

/**
 * The roles a fit's data summary and plots use, whoever draws them (the report, the Results page): the model's
 * response as the outcome, its LS-means factor as the arm, the `by` factor as the visit and the residual's
 * subject (else the first grouping factor) as the subject; the rest from `base`, the dataset's roles. A
 * visit-order column belongs to the dataset's visit variable, so it is kept only when the visit stays the same.
 * With `columns`, a model name that is not one of them leaves the base role in place.
 */
export function analysisRoles(base: VariableRoles, result: FitResult, columns?: ReadonlySet<string>): VariableRoles {
  const has = (name: string | undefined | null): name is string => typeof name === "string" && (!columns || columns.has(name));
  const lsmeans = result.spec.lsmeans;
  const subject = residualSubject(result) ?? Object.keys(result.ngroups)[0];
  const visit = has(lsmeans?.by?.[0]) ? lsmeans!.by![0] : base.visit;
  return {
    ...base,
    outcome: has(result.response) ? result.response : base.outcome,
    arm: has(lsmeans?.specs[0]) ? lsmeans!.specs[0] : base.arm,
    visit,
    visitOrder: visit === base.visit ? base.visitOrder : null,
    subject: has(subject) ? subject : base.subject,
  };
}
