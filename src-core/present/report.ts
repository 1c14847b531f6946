import type { DataSummary } from "../data/summary.js";
import type { Finding } from "../data/finding.js";
import type { FitResult } from "../result.js";
import type { PresentChart } from "./chart.js";
import { reportCharts } from "./charts.js";
import type { PresentTable } from "./table.js";
import {
  blupTable, convergenceTable, covarianceMatrixTables, covarianceParametersTable, differencesTable, dropoutTable, findingsTable,
  fitStatisticsTable, fixedEffectsTable, lsmeansTable, modelTable, observationCountTable, observedMeansTable, subjectsTable,
  summariesTable, type3Table,
} from "./tables.js";
import type { SubjectTrajectory } from "./trajectories.js";

/**
 * The analysis report as a list of blocks, in print order: what the PDF writer draws and what the CSV export
 * takes its tables from. Pure: the same input gives the same document.
 */
export interface ReportInput {
  readonly result: FitResult;
  /** The analysis's name (a saved analysis, or the spec file's name). */
  readonly analysis: string;
  /** The study's name; null for a report on a file outside any study. */
  readonly study: string | null;
  readonly dataset: {
    readonly fileName: string;
    readonly sha256: string;
    /** Rows in the data set, before any where filter. */
    readonly rows: number;
    /** For a stored dataset: its number and version. */
    readonly datasetId?: number;
    readonly version?: number;
  };
  /** The report's date, ISO 8601 (SOURCE_DATE_EPOCH when set, so that reports can be reproduced). */
  readonly date: string;
  /** Engine first, then libraries and runtime. */
  readonly software: readonly { readonly name: string; readonly version: string }[];
  /** Null when the roles needed for a data summary could not be found; `dataNote` says why. */
  readonly summary: DataSummary | null;
  readonly findings: readonly Finding[];
  readonly dataNote: string | null;
  readonly trajectories: readonly SubjectTrajectory[] | null;
  /** This analysis's audit events (reports from a study database); null for a file. */
  readonly audit: readonly ReportAuditEvent[] | null;
}

export interface ReportAuditEvent {
  readonly id: number;
  readonly at: string;
  readonly osUser: string;
  readonly action: string;
  readonly details: unknown;
}

export type ReportBlock =
  | { readonly kind: "heading"; readonly text: string }
  | { readonly kind: "paragraph"; readonly text: string; readonly tone?: "warning" }
  | { readonly kind: "table"; readonly table: PresentTable; readonly emphasis?: boolean }
  | { readonly kind: "chart"; readonly chart: PresentChart }
  | { readonly kind: "code"; readonly text: string }
  | { readonly kind: "page-break" };

export interface ReportDocument {
  readonly title: string;
  /** Printed at the top of every page after the title page. */
  readonly header: string;
  /** Printed at the bottom left of every page, before "Page x of y". */
  readonly footer: string;
  /** Title page lines: label and value. */
  readonly titlePage: readonly (readonly [string, string])[];
  readonly blocks: readonly ReportBlock[];
  /** Every table, in print order, plus those only exported (BLUPs): the CSV files. */
  readonly tables: readonly PresentTable[];
  readonly metadata: { readonly title: string; readonly subject: string; readonly keywords: string; readonly creator: string };
}

const DDF_SENTENCE: Record<string, string> = {
  "kenward-roger": "Kenward-Roger degrees of freedom and standard errors (as SAS DDFM=KR)",
  "kenward-roger-linear": "Kenward-Roger degrees of freedom with the linear covariance structure (as SAS DDFM=KR(LINEARITY))",
  satterthwaite: "Satterthwaite degrees of freedom (as SAS DDFM=SATTERTHWAITE)",
  "between-within": "between-within degrees of freedom (as SAS DDFM=BETWITHIN)",
  residual: "residual degrees of freedom (as SAS DDFM=RESIDUAL)",
  asymptotic: "asymptotic (normal) inference",
};

/**
 * The fit with its LS means and differences in visit order (the data summary's, which follows the visit-order
 * column such as AVISITN) rather than the model's level order ("Week 16" before "Week 8"), as a reader expects.
 * Stable: rows at the same visit keep their order. fit.json keeps the engine's order.
 */
export function inVisitOrder(r: FitResult, summary: DataSummary | null): FitResult {
  const by = r.spec.lsmeans?.by?.[0];
  if (!summary || !by || by !== summary.visit) return r;
  const rank = new Map(summary.visits.map((v, i) => [v, i]));
  const key = (levels: Record<string, string> | undefined) => rank.get(levels?.[by] ?? "") ?? Infinity;
  const sort = <T extends { levels?: Record<string, string> }>(rows: readonly T[]) =>
    rows.map((row, i) => ({ row, i })).sort((a, b) => key(a.row.levels) - key(b.row.levels) || a.i - b.i).map((x) => x.row);
  return { ...r, lsmeans: sort(r.lsmeans), contrasts: sort(r.contrasts), slices: sort(r.slices) };
}

export function buildReport(input: ReportInput): ReportDocument {
  const r = inVisitOrder(input.result, input.summary);
  const title = `${input.analysis}`;
  const studyName = input.study ?? "(no study: report on a data file)";
  const blocks: ReportBlock[] = [];
  const tables: PresentTable[] = [];
  const table = (t: PresentTable | null, emphasis = false): void => {
    if (!t) return;
    tables.push(t);
    blocks.push(emphasis ? { kind: "table", table: t, emphasis } : { kind: "table", table: t });
  };
  const heading = (text: string) => blocks.push({ kind: "heading", text });
  const paragraph = (text: string, tone?: "warning") => blocks.push(tone ? { kind: "paragraph", text, tone } : { kind: "paragraph", text });

  const charts = reportCharts({ result: r, summary: input.summary, trajectories: input.trajectories ? [...input.trajectories] : null });
  const chart = (id: string) => { const c = charts.find((x) => x.id === id); if (c) blocks.push({ kind: "chart", chart: c }); };

  if (!r.converged) {
    paragraph(`THE FIT DID NOT CONVERGE${r.diagnostics.message ? `: ${r.diagnostics.message}` : ""}. No estimates, tests or fitted values are reported, because the values where the optimiser stopped are not results.`, "warning");
  }

  // The table a reviewer reads first.
  if (r.converged && r.contrasts.length > 0) {
    heading("Treatment differences");
    paragraph(`${r.method} fit; ${DDF_SENTENCE[r.ddf] ?? r.ddf}; ${Math.round((r.spec.confidence ?? 0.95) * 100)}% confidence limits; two-sided p-values.`);
    table(differencesTable(r), true);
    chart("lsmeans-differences");
  }

  heading("Data summary");
  if (input.dataNote) paragraph(input.dataNote, "warning");
  if (input.summary) {
    table(subjectsTable(input.summary));
    table(observationCountTable(input.summary));
    table(dropoutTable(input.summary));
    table(observedMeansTable(input.summary));
  }
  if (!input.dataNote) table(findingsTable(input.findings));

  heading("Model");
  table(modelTable(r, { dataName: input.dataset.fileName, rowsRead: input.dataset.rows }));
  table(convergenceTable(r));
  if (r.diagnostics.warnings.length > 0) for (const w of r.diagnostics.warnings) paragraph(`Warning: ${w}`, "warning");
  else paragraph("The fit gave no warnings.");

  if (r.converged) {
    heading("Covariance");
    table(covarianceParametersTable(r.covariance.parameters));
    for (const t of covarianceMatrixTables(r)) table(t);
    table(fitStatisticsTable(r));
    table(summariesTable(r));

    heading("Tests of fixed effects");
    table(fixedEffectsTable(r));
    if (r.type3.length > 0) table(type3Table(r.type3));
    if (r.slices.length > 0) table(type3Table(r.slices, "slices", "Tests of effect slices"));

    if (r.lsmeans.length > 0) {
      heading("Least squares means");
      table(lsmeansTable(r));
    }
  }

  heading("Figures");
  const shown = new Set(blocks.filter((b) => b.kind === "chart").map((b) => (b as { chart: PresentChart }).chart.id));
  for (const c of charts) if (!shown.has(c.id)) blocks.push({ kind: "chart", chart: c });

  // Exported, not printed: one row per subject and effect.
  const blups = r.converged ? blupTable(r) : null;
  if (blups) tables.push(blups);

  blocks.push({ kind: "page-break" });
  heading("Appendix A: analysis specification");
  blocks.push({ kind: "code", text: JSON.stringify(r.spec, null, 2) });
  heading("Appendix B: software");
  table({
    id: "software", title: "Software versions", labels: 1,
    columns: [{ key: "component", header: "Component", kind: "text" }, { key: "version", header: "Version", kind: "text" }],
    rows: input.software.map((s) => [s.name, s.version]),
  });
  if (input.audit) {
    heading("Appendix C: audit trail of this analysis");
    if (input.audit.length === 0) paragraph("No audit events.");
    for (const e of input.audit) blocks.push({ kind: "code", text: `#${e.id}  ${e.at}  ${e.osUser}  ${e.action}\n${JSON.stringify(e.details)}` });
  }

  const titlePage: [string, string][] = [
    ["Study", studyName],
    ["Analysis", input.analysis],
    ["Data set", input.dataset.datasetId !== undefined ? `${input.dataset.fileName} (dataset ${input.dataset.datasetId}, version ${input.dataset.version})` : input.dataset.fileName],
    ["Data SHA-256", input.dataset.sha256],
    ["Rows", String(input.dataset.rows)],
    ["Model", r.formula],
    ["Method", `${r.method}, ${DDF_SENTENCE[r.ddf] ?? r.ddf}`],
    ["Engine", `${r.provenance.engine} ${r.provenance.version}`],
    ["Date", input.date],
  ];
  return {
    title,
    header: `${studyName}  |  ${input.analysis}`,
    footer: `Longitude engine ${r.provenance.version}  |  data SHA-256 ${input.dataset.sha256.slice(0, 12)}…`,
    titlePage,
    blocks,
    tables,
    metadata: { title: `${input.analysis}: ${r.formula}`, subject: studyName, keywords: `mixed model; ${r.method}; ${DDF_SENTENCE[r.ddf] ?? r.ddf}`, creator: `Longitude engine ${r.provenance.version}` },
  };
}
