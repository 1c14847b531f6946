import type { DataFrame } from "../data/frame.js";
import { buildDesign } from "../design/index.js";
import type { Design } from "../design/design.js";
import { LongitudeError } from "../errors.js";
import type { CovParameter, FitResult } from "../result.js";
import type { AnalysisSpec, DdfMethod, Method } from "../spec.js";
import { predict } from "../summary/blup.js";
import { modelSummaries } from "../summary/summaries.js";
import { coefficientTable } from "../inference/coefficients.js";
import { FixedInference } from "../inference/fixed.js";
import { lsmeanFunctions } from "../inference/lsmeans.js";
import { contrastRows, lsmeanRows, testRows } from "../inference/tables.js";
import { type3Hypotheses } from "../inference/type3.js";
import { betweenWithinDf } from "../inference/between-within.js";
import { likelihoodFor } from "./woodbury.js";
import { defaultConvergence, mivque0, sasNewton } from "./sas-newton.js";
import { CovarianceModel } from "./covariance-model.js";
import { optimise, type OptimiseResult } from "./optimise.js";
import { startingValues } from "./start.js";
import { fitWithFallbacks } from "./fallback.js";
import { boundaryWarnings } from "./warnings.js";

export const ENGINE_VERSION = "0.1.0";

const METHODS: readonly Method[] = ["REML", "ML"];
const DDFS: readonly DdfMethod[] = ["kenward-roger", "kenward-roger-linear", "satterthwaite", "between-within", "residual", "asymptotic"];

export interface FitOptions {
  /** Called after each optimiser iteration (for progress reporting). */
  onIteration?: (iteration: number, m2logLik: number) => void;
  /**
   * Called as each phase starts, so that a host can time or report them (the core itself reads no clock):
   * "optimise" (after the design is built), "inference" (df method, tests, LS means), "predict" (BLUPs,
   * residuals, summaries), "done".
   */
  onPhase?: (phase: FitPhase) => void;
}

export type FitPhase = "optimise" | "inference" | "predict" | "done";

/** Validates the spec's scalar options, with one-line messages. */
function checkSpec(spec: AnalysisSpec): { method: Method; ddf: DdfMethod; information: "observed" | "expected"; confidence: number; convergence: "optimum" | "sas" | undefined } {
  if (typeof spec.formula !== "string" || spec.formula.trim() === "") throw new LongitudeError("bad-spec", 'the spec has no "formula"');
  const method = spec.method ?? "REML";
  if (!METHODS.includes(method)) throw new LongitudeError("bad-spec", `unknown method "${method}": use "REML" or "ML"`);
  const ddf = spec.ddf ?? "kenward-roger";
  if (!DDFS.includes(ddf)) throw new LongitudeError("bad-spec", `unknown ddf "${ddf}": use one of ${DDFS.join(", ")}`);
  const information = spec.information ?? "observed";
  if (information !== "observed" && information !== "expected") throw new LongitudeError("bad-spec", `unknown information "${information}": use "observed" or "expected"`);
  const confidence = spec.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new LongitudeError("bad-spec", `confidence must be between 0 and 1, not ${confidence}`);
  const convergence = spec.convergence;
  if (convergence !== undefined && convergence !== "optimum" && convergence !== "sas") throw new LongitudeError("bad-spec", `unknown convergence "${convergence}": use "optimum" (iterate to the optimum) or "sas" (stop where SAS PROC MIXED stops)`);
  return { method, ddf, information, confidence, convergence };
}

/** θ from spec.parms: by SAS name (optionally followed by the group), or as an array in SAS's order. */
function parmsTheta(spec: AnalysisSpec, model: CovarianceModel): Float64Array | null {
  if (!spec.parms) return null;
  const names = model.names();
  const v = spec.parms.values;
  if (Array.isArray(v)) {
    if (v.length !== names.length) throw new LongitudeError("bad-spec", `parms has ${v.length} values but the model has ${names.length} covariance parameters (${names.map((n) => n.name).join(", ")})`);
    return Float64Array.from(v);
  }
  const theta = new Float64Array(names.length);
  const used = new Set<string>();
  names.forEach((n, k) => {
    const keys = n.group ? [`${n.name} ${n.group}`, `${n.name} ${n.group.split(" ").slice(1).join(" ")}`] : [n.name];
    const key = keys.find((x) => x in v);
    if (key === undefined) throw new LongitudeError("bad-spec", `parms does not give "${keys[0]}"; the model's covariance parameters are ${names.map((x) => (x.group ? `${x.name} ${x.group}` : x.name)).join(", ")}`);
    used.add(key);
    theta[k] = v[key];
  });
  const extra = Object.keys(v).filter((k) => !used.has(k));
  if (extra.length > 0)
    throw new LongitudeError("bad-spec", `parms names unknown covariance parameters: ${extra.join(", ")}; the model's covariance parameters are ${names.map((x) => (x.group ? `${x.name} ${x.group}` : x.name)).join(", ")}`);
  if (!model.admissible(theta)) throw new LongitudeError("bad-spec", "the covariance parameters in parms are out of range (a variance is not positive or a correlation is outside (−1, 1))");
  return theta;
}

function checkSubjects(design: Design, model: CovarianceModel): void {
  const res = design.residual;
  if (!res) return;
  const nsub = res.subjectLevels.length;
  if (nsub < model.nparam)
    throw new LongitudeError(
      "too-few-subjects",
      `only ${nsub} subjects for ${model.nparam} covariance parameters in ${res.structure}(${res.time.join(", ")} | ${res.subject}): use a structure with fewer parameters (for example cs or ar1) or more data`,
    );
}

export function fitModel(data: DataFrame, spec: AnalysisSpec, options: FitOptions = {}): FitResult {
  const { method, ddf, information, confidence, convergence: asked } = checkSpec(spec);
  const design = buildDesign(data, spec);
  const model = new CovarianceModel(design);
  const convergence = asked ?? defaultConvergence(model);
  checkSubjects(design, model);
  const { lik, blocks } = likelihoodFor(design, model, method);
  options.onPhase?.("optimise");
  const given = parmsTheta(spec, model);
  const sas = convergence === "sas";
  const noiter = !!spec.parms?.noiter;
  // SAS's iteration starts from MIVQUE(0) where that is one linear solve (sas-newton.ts), else from our moments.
  // our moment starting values, computed at most once
  let moments: Float64Array | null = null;
  const fromMoments = () => (moments ??= startingValues(design, model));
  let theta0 = given ?? (sas && !noiter ? mivque0(lik, model) : null) ?? fromMoments();

  let opt: OptimiseResult;
  let fallbackNote: string | null = null;
  const sasRun = sas && !noiter ? sasNewton(lik, model, theta0, { maxIterations: 50, onIteration: options.onIteration }) : null;
  if (noiter && given) {
    const ev = lik.evaluate(given, { gradient: true, information: "none" });
    if (!ev.ok) throw new LongitudeError("bad-spec", "the covariance parameters in parms give a covariance matrix that is not positive definite");
    opt = { theta: given, evaluation: ev, iterations: 0, evaluations: 1, converged: true, decrement: 0, message: null };
  } else if (sasRun?.converged) {
    // SAS's own iteration met its criterion: the estimates are those PROC MIXED prints.
    opt = sasRun;
  } else {
    // "optimum", or SAS's iteration failed: Longitude's optimiser, with its fallbacks, to the optimum.
    theta0 = given ?? fromMoments();
    const opts = { maxIterations: 200, tolerance: 1e-10, onIteration: options.onIteration };
    const { result, attempts } = given ? { result: optimise(lik, model, theta0, opts), attempts: [] } : fitWithFallbacks(design, model, lik, theta0, opts);
    opt = result;
    if (attempts.length > 1 && result.converged) fallbackNote = `converged from the starting values of ${attempts[attempts.length - 1].label} after the default start failed`;
    if (sasRun && result.converged) fallbackNote = `SAS's iteration did not converge (${sasRun.message}); Longitude's optimiser reached the optimum${fallbackNote ? ` (${fallbackNote})` : ""}`;
  }

  const theta = opt.theta;
  // The optimiser ends on an exact observed-information evaluation at θ̂; reuse it when that is what was asked.
  const reuse = opt.converged && information === "observed" && opt.evaluation.A !== null && opt.evaluation.information !== null;
  const final = reuse ? opt.evaluation : lik.evaluate(theta, { gradient: true, information, exact: true });
  const warnings: string[] = [];
  if (fallbackNote) warnings.push(fallbackNote);
  if (opt.warning) warnings.push(opt.warning);
  if (noiter) warnings.push("covariance parameters fixed at the values given in parms (noiter): no iterations were run");
  warnings.push(...boundaryWarnings(model, theta, design));
  if (design.aliased.length > 0) warnings.push(`aliased fixed effects dropped (linearly dependent on earlier columns): ${design.aliased.join(", ")}`);

  const f = final.ok ? final.f : opt.evaluation.f;
  const q = model.nparam;
  const p = design.p;
  const nsubjects = blocks.nblocks;
  const d = method === "REML" ? q : q + p;
  const nEff = method === "REML" ? design.nobs - p : design.nobs;
  const gradient = final.gradient ?? new Float64Array(q);
  const gradientNorm = Math.sqrt(gradient.reduce((s, g) => s + g * g, 0));

  const names = model.names();
  const parameters: CovParameter[] = names.map((n, k) => ({ name: n.name, subject: n.subject, group: n.group, estimate: theta[k] }));
  options.onPhase?.("inference");
  const bw = ddf === "between-within" ? betweenWithinDf(design, blocks, warnings) : null;
  const ddfUsed: DdfMethod = ddf === "between-within" && !bw ? "residual" : ddf;
  const inference = new FixedInference(final, ddfUsed, p, design.nobs - p, lik, theta, warnings, bw?.columnDf ?? null);
  const table = { rows: coefficientTable(design, inference, confidence), vcov: inference.vcov, ddfUsed };
  const means = spec.lsmeans ? lsmeanFunctions(design, spec.lsmeans, data) : null;
  const type3 = testRows(type3Hypotheses(design), inference);
  const lsmeans = means ? lsmeanRows(means.lsmeans, inference, confidence) : [];
  const contrasts = means ? contrastRows([...means.differences, ...means.contrasts], inference, confidence) : [];
  const slices = means ? testRows(means.slices, inference) : [];
  const small = smallDfWarning(ddfUsed, [
    ...table.rows.map((r) => ({ df: r.df, what: r.name })),
    ...lsmeans.map((r) => ({ df: r.df, what: `the LS mean at ${levelText(r.levels)}` })),
    ...contrasts.map((r) => ({ df: r.df, what: r.label })),
    ...type3.map((r) => ({ df: r.denDF, what: `the test of ${r.term}` })),
    ...slices.map((r) => ({ df: r.denDF, what: `the slice of ${r.term} at ${levelText(r.levels ?? {})}` })),
  ]);
  if (small) warnings.push(small);
  options.onPhase?.("predict");
  const pred = predict(design, lik, theta, final.beta, final.C);
  const summaries = modelSummaries(design, model, lik, theta, pred);

  const converged = opt.converged && final.ok;
  const residualMatrix = (k: number) => {
    const c = model.residualComponents[k];
    return toRows(model.fullMatrix(theta, c), c.structure.dim);
  };
  const res = design.residual;
  const residual: FitResult["covariance"]["residual"] = model.residualIid
    ? { structure: "iid", sigma2: theta[model.residualComponents[0].offset], parameters: parameters.slice(model.residualComponents[0].offset) }
    : {
        structure: res!.structure,
        levels: res!.coordinates ? res!.coordinates.map((c) => c.join(",")) : [...res!.positionLevels],
        ...(res!.groupLevels
          ? { groups: res!.groupLevels.map((g, k) => ({ group: g, matrix: residualMatrix(k) })) }
          : { matrix: residualMatrix(0) }),
        parameters: parameters.slice(model.residualComponents[0].offset),
      };
  const G = lik.gMatrices(theta);
  const random = model.randomComponents.map((c, t) => ({
    group: design.random[t].group,
    terms: [...design.random[t].termNames],
    matrix: toRows(G[t], c.structure.dim),
    parameters: parameters.slice(c.offset, c.offset + c.structure.nparam),
  }));
  const ngroups: Record<string, number> = {};
  for (const r of design.random) ngroups[r.group] = r.groupLevels.length;
  if (res) ngroups[res.subject] = res.subjectLevels.length;

  const y = design.y;
  options.onPhase?.("done");
  return {
    converged,
    method,
    ddf: table.ddfUsed,
    information,
    formula: spec.formula,
    response: design.response,
    nobs: design.nobs,
    nobsNotUsed: design.nMissing,
    nobsFiltered: design.nFiltered,
    ngroups,
    logLik: -f / 2,
    m2logLik: f,
    aic: f + 2 * d,
    bic: f + d * Math.log(nsubjects),
    aicc: f + (2 * d * nEff) / Math.max(nEff - d - 1, 1),
    npar: { covariance: q, fixed: p },
    coefficients: table.rows,
    type3,
    lsmeans,
    contrasts,
    slices,
    aliased: [...design.aliased],
    vcov: toRows(table.vcov, p),
    covariance: { residual, random, parameters },
    blups: pred.blups,
    summaries,
    observations: {
      row: Array.from(design.rows),
      fitted: Array.from(pred.fitted),
      residual: Array.from(y, (v, i) => v - pred.fitted[i]),
      conditionalFitted: pred.conditionalFitted ? Array.from(pred.conditionalFitted) : null,
      conditionalResidual: pred.conditionalFitted ? Array.from(y, (v, i) => v - pred.conditionalFitted![i]) : null,
      pearson: Array.from(pred.pearson),
    },
    diagnostics: {
      iterations: opt.iterations,
      gradientNorm,
      relativeGradient: opt.decrement / Math.max(1, Math.abs(f)),
      criterion: opt === sasRun ? "sas" : "optimum",
      warnings,
      message: converged ? null : (opt.message ?? "the final covariance matrix is not positive definite"),
    },
    provenance: {
      engine: "longitude",
      version: ENGINE_VERSION,
      startTheta: Array.from(theta0),
      finalTheta: Array.from(theta),
      evaluations: opt.evaluations,
      milliseconds: 0,
    },
    spec,
  };
}

/**
 * A warning when a small-sample df (Kenward–Roger or Satterthwaite) falls below 1: the covariance parameters that
 * estimate's variance depends on are barely determined by the data (a near-singular information), and its test
 * and interval, though computed by the book, are not to be relied on. Names the smallest.
 */
function smallDfWarning(ddf: DdfMethod, rows: { df: number; what: string }[]): string | null {
  if (ddf !== "kenward-roger" && ddf !== "kenward-roger-linear" && ddf !== "satterthwaite") return null;
  let worst: { df: number; what: string } | null = null;
  for (const r of rows) if (Number.isFinite(r.df) && r.df < 1 && (!worst || r.df < worst.df)) worst = r;
  if (!worst) return null;
  const method = ddf === "satterthwaite" ? "Satterthwaite" : "Kenward-Roger";
  return `${method} gives a denominator df below 1 (${worst.df.toPrecision(3)} for ${worst.what}): the covariance parameters behind it are barely determined by the data, so its test and confidence interval are unreliable`;
}

function levelText(levels: Record<string, string>): string {
  return Object.entries(levels).map(([k, v]) => `${k} = ${v}`).join(", ");
}

function toRows(m: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(m.subarray(i * n, (i + 1) * n)));
}
