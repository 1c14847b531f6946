/**
 * An earlier spec back in the builder's form ("Start from the last model"). The builder writes a narrow family
 * of formulas; a spec outside it (other interactions, poly(), several random terms, ...) is not forced into the
 * form: the reason is returned instead, so the user knows to edit it elsewhere.
 */
import type { AnalysisSpec } from "../../../src-core/spec.js";
import type { VariableRoles } from "../../../src-core/data/roles.js";
import { formulaTerms, type ModelFormula } from "../../../src-core/formula/terms.js";
import { DEFAULT_CONFIDENCE, emptyDraft, type CovariateChoice, type ModelDraft, type RandomChoice, type StructureChoice } from "./draft.js";
import { STRUCTURES } from "./options.js";
import type { ColumnTypes } from "./formula.js";

export type SpecDraft = { ok: true; draft: ModelDraft } | { ok: false; reason: string };

/** The arm and the time: from the LS means and the covariance term first, then from the roles. */
function armAndTime(f: ModelFormula, spec: AnalysisSpec, roles: VariableRoles): { arm: string | null; time: string | null } {
  const mains = new Set(f.fixed.terms.filter((t) => t.variables.length === 1).map((t) => t.variables[0]));
  const slope = f.random.find((r) => r.effects.terms.length > 0)?.effects.terms[0]?.variables[0];
  const candidates = {
    arm: [spec.lsmeans?.specs[0], f.residual?.group ?? undefined, roles.arm],
    time: [f.residual?.time[0], spec.lsmeans?.by?.[0], slope, roles.visit, roles.time, roles.visitOrder],
  };
  const pick = (list: (string | null | undefined)[]): string | null => list.find((c): c is string => typeof c === "string" && mains.has(c)) ?? null;
  return { arm: pick(candidates.arm), time: pick(candidates.time) };
}

/**
 * The random site intercept the form writes as (1 | SITEID): an intercept-only term grouped by one column other
 * than the subject (the residual subject, else the subject role) and not in the fixed effects, when the rest of
 * the random part is the subject's (or the column is the site role).
 */
function siteTerm(f: ModelFormula, roles: VariableRoles): ModelFormula["random"][number] | null {
  const subject = f.residual?.subject ?? roles.subject;
  const fixed = new Set(f.fixed.variables.map((v) => v.label));
  const candidates = f.random.filter((r) => r.group.length === 1 && r.group[0] !== subject && !fixed.has(r.group[0]) && r.effects.intercept && r.effects.terms.length === 0);
  if (candidates.length !== 1) return null;
  const c = candidates[0];
  return f.random.length === 2 || f.residual !== null || c.group[0] === roles.site ? c : null;
}

function randomChoice(random: ModelFormula["random"], subject: string | null, time: string | null): RandomChoice | string {
  if (random.length === 0) return "none";
  if (random.length > 1) return "it has several random-effects terms";
  const r = random[0];
  if (r.group.length !== 1 || r.group[0] !== subject) return `its random effects are grouped by ${r.groupLabel}, not by the subject`;
  const effects = r.effects.terms.map((t) => t.label);
  if (!r.effects.intercept) return "its random effects have no intercept";
  if (effects.length === 0) return "intercept";
  if (effects.length === 1 && effects[0] === time) return r.diagonal ? "slope-uncorrelated" : "slope";
  return `its random effects (${r.text}) are not an intercept and a slope on the time`;
}

export function specDraft(spec: AnalysisSpec, roles: VariableRoles, columns: ColumnTypes): SpecDraft {
  let f: ModelFormula;
  try {
    f = formulaTerms(spec.formula);
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
  const fail = (why: string): SpecDraft => ({ ok: false, reason: `The last model cannot be shown in the form: ${why}.` });
  const unheld = (["weights", "parms", "information"] as const).filter((k) => spec[k] !== undefined);
  if (unheld.length > 0) return fail(`it sets ${unheld.join(", ")}, which the form does not hold`);
  const ls = spec.lsmeans;
  if (ls && (ls.contrasts || ls.slices || ls.weights || ls.specs.length !== 1 || (ls.by?.length ?? 0) > 1)) return fail("its LS means are more than the arm by visit");
  if (!f.fixed.intercept) return fail("it has no intercept");
  const plain = f.fixed.variables.find((v) => v.column === null);
  if (plain) return fail(`it uses ${plain.label}`);
  if (f.residual && (f.residual.structure === "sp_exp" || !(STRUCTURES as readonly string[]).includes(f.residual.structure))) return fail(`it uses the ${f.residual.structure} covariance`);

  const { arm, time } = armAndTime(f, spec, roles);
  const site = siteTerm(f, roles);
  const subjectTerms = f.random.filter((r) => r !== site);
  const subject = f.residual?.subject ?? (subjectTerms.length === 1 && subjectTerms[0].group.length === 1 ? subjectTerms[0].group[0] : null) ?? roles.subject;
  const factors = new Set(spec.factors ?? []);
  const numeric = new Set(columns.filter((c) => c.type === "numeric").map((c) => c.name));
  const isFactor = (c: string): boolean => !numeric.has(c) || factors.has(c);
  const timeKind = time === null || isFactor(time) || f.residual !== null ? "visit" : "continuous";

  const mains = f.fixed.terms.filter((t) => t.variables.length === 1).map((t) => t.variables[0]);
  const pairs = f.fixed.terms.filter((t) => t.variables.length === 2);
  if (f.fixed.terms.some((t) => t.variables.length > 2)) return fail("it has interactions of three or more variables");
  const armByTime = pairs.some((t) => t.variables.includes(arm ?? "") && t.variables.includes(time ?? ""));
  const baselineCandidate = roles.baseline !== null && mains.includes(roles.baseline) ? roles.baseline : null;
  const baselineByTime = baselineCandidate !== null && pairs.some((t) => t.variables.includes(baselineCandidate) && t.variables.includes(time ?? ""));
  const known = pairs.length - (armByTime ? 1 : 0) - (baselineByTime ? 1 : 0);
  if (known > 0) return fail(`it has interactions other than arm × ${timeKind === "visit" ? "visit" : "time"} and baseline × visit`);

  const random = randomChoice(subjectTerms, subject, time);
  if (!["none", "intercept", "slope", "slope-uncorrelated"].includes(random)) return fail(random);
  const structure: StructureChoice = f.residual ? (f.residual.structure as StructureChoice) : "none";
  if (f.residual && f.residual.time[0] !== time) return fail(`its covariance is over ${f.residual.time[0]}, not the visit of the fixed effects`);
  const group = f.residual?.group ?? null;
  if (group !== null && group !== arm) return fail(`its covariance is grouped by ${group}, not by the arm`);

  const taken = new Set([f.response, arm, time, subject, baselineCandidate, site?.group[0] ?? null]);
  const reference = spec.reference ?? {};
  const covariates: CovariateChoice[] = mains.filter((m) => !taken.has(m)).map((column) => {
    const factor = isFactor(column);
    return { column, kind: factor ? "factor" : "numeric", reference: factor ? reference[column] ?? null : null };
  });
  return {
    ok: true,
    draft: {
      ...emptyDraft(),
      outcome: f.response,
      arm,
      time,
      timeKind,
      subject,
      baseline: baselineCandidate,
      covariates,
      armByTime,
      baselineByTime,
      random: random as RandomChoice,
      structure,
      perArm: group !== null,
      method: spec.method ?? "REML",
      ddf: spec.ddf ?? "kenward-roger",
      referenceArm: arm !== null ? reference[arm] ?? null : null,
      referenceVisit: time !== null && timeKind === "visit" ? reference[time] ?? null : null,
      where: spec.where ?? "",
      confidence: spec.confidence ?? DEFAULT_CONFIDENCE,
      lsmeans: ls !== undefined && ls.specs[0] === arm,
      convergence: spec.convergence ?? "default",
      siteIntercept: site?.group[0] ?? null,
    },
  };
}
