import type { DataSummary, DatasetDetail, FitRecord, FitResult, VariableRoles } from "../../../src-main/api/contract.js";
import { analysisRoles } from "../../../src-core/present/analysis-roles.js";
import { DDF_NAMES } from "../../../src-core/present/labels.js";
import type { Client } from "../api/client.js";

/**
 * What the Results page needs beyond the fit: its dataset's name and the data's visit order. The visit order
 * comes from a data summary of the fitted rows, with the roles the report uses: the model's response, its
 * LS-means factor as the arm, the `by` factor as the visit, and the visit-order column (such as AVISITN) of the
 * dataset's roles.
 */

/** The roles of the fit's data summary, or null when the fit has no LS means by visit (no visit order needed). */
export function summaryRoles(base: VariableRoles, r: FitResult): VariableRoles | null {
  if (!r.spec.lsmeans?.specs[0] || !r.spec.lsmeans.by?.[0]) return null;
  // the fit's own names are columns of the data it was fitted to, so no column list is needed here
  return analysisRoles(base, r);
}

export interface FitContext {
  readonly dataset: { readonly name: string; readonly version: number } | null;
  readonly summary: DataSummary | null;
  /** The name of the saved analysis the fit belongs to; null for a fit without one, or when it cannot be read. */
  readonly analysis: string | null;
}

/**
 * The saved analysis's name of a fit. AppState.analysisName is the name of the last fit started, which is
 * not the name of a stored fit opened later; the report must print the right one.
 */
export async function savedAnalysisName(api: Pick<Client, "listAnalyses">, fit: FitRecord, studyId: number | null): Promise<string | null> {
  if (fit.analysisId === null || studyId === null) return null;
  const analyses = await api.listAnalyses(studyId).catch(() => []);
  return analyses.find((a) => a.analysisId === fit.analysisId)?.name ?? null;
}

/**
 * Loads the fit's context. `open` is the dataset open in the app (with the roles in use), reused when it is the
 * fit's. Never throws: without a summary the tables keep the model's level order, which is still correct.
 */
export async function loadFitContext(
  api: Pick<Client, "getDataset" | "summariseData" | "listAnalyses">,
  fit: FitRecord,
  open: { dataset: DatasetDetail | null; roles: VariableRoles },
): Promise<FitContext> {
  let dataset: DatasetDetail | null = open.dataset?.datasetId === fit.datasetId ? open.dataset : null;
  let roles = dataset ? open.roles : null;
  if (!dataset) {
    dataset = await api.getDataset(fit.datasetId).catch(() => null);
    if (dataset) roles = { ...dataset.roles, visitOrder: dataset.roles.visitOrder ?? dataset.suggestedRoles.visitOrder, visit: dataset.roles.visit ?? dataset.suggestedRoles.visit };
  }
  const wanted = roles ? summaryRoles(roles, fit.result) : null;
  const where = fit.result.spec.where;
  const summary = wanted ? await api.summariseData(fit.datasetId, wanted, where ? { where } : {}).catch(() => null) : null;
  const analysis = await savedAnalysisName(api, fit, dataset?.studyId ?? null);
  return { dataset: dataset ? { name: dataset.name, version: dataset.version } : null, summary, analysis };
}

/**
 * The analysis's name as the header shows it, as the report prints it: the saved analysis's name, else "Fit N".
 * `started` (AppState.analysisName) stands in until the saved name is read, for a fit that has one.
 */
export function analysisTitle(fit: FitRecord, context: FitContext, started: string): string {
  const name = context.analysis ?? (fit.analysisId !== null ? started : "");
  return name.trim() || `Fit ${fit.fitId}`;
}

/** The header line's facts under the analysis's name, label then value. */
export function headerFacts(fit: FitRecord, dataset: FitContext["dataset"]): [string, string][] {
  const r = fit.result;
  return [
    ["Dataset", dataset ? `${dataset.name} (version ${dataset.version})` : `dataset ${fit.datasetId}`],
    ["Formula", r.formula],
    ["Method", r.method],
    ["DF method", DDF_NAMES[r.ddf] ?? r.ddf],
    ["Observations", `${r.nobs} used, ${r.nobsNotUsed} not used (missing values)${r.nobsFiltered > 0 ? `, ${r.nobsFiltered} excluded by the row selection` : ""}`],
    ["Time", `${Math.round(r.provenance.milliseconds)} ms`],
  ];
}
