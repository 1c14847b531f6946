import type { FitResult } from "../../../src-main/api/contract.js";
import type { PresentChart } from "../../../src-core/present/chart.js";
import { blupCharts, differencesChart, lsmeansChart, qqChart, residualChart } from "../../../src-core/present/charts.js";
import type { PresentTable } from "../../../src-core/present/table.js";
import {
  convergenceTable, covarianceMatrixTables, covarianceParametersTable, differencesTable, fitStatisticsTable, fixedEffectsTable,
  lsmeansTable, modelTable, summariesTable, type3Table,
} from "../../../src-core/present/tables.js";

/**
 * The Results page's sections, in the order the PDF report prints them, built from the same table and chart
 * builders (src-core/present). Tables and charts are built only when a section is opened: a large fit's
 * residual and BLUP figures cost seconds, and a closed section should cost nothing.
 */
export interface ResultSection {
  readonly id: "differences" | "model" | "covariance" | "fit" | "fixed" | "type3" | "lsmeans" | "residuals" | "blups";
  /** The navigation's short name. */
  readonly title: string;
  /** Closed until the user opens it: its figures are slow to build or draw for a large fit. */
  readonly heavy: boolean;
  /** Set when the figures would take long to draw (one point per subject): why they wait for a click. */
  readonly slowCharts?: string;
  tables(): PresentTable[];
  charts(): PresentChart[];
}

/** Caterpillar plots with more levels than this are drawn on request: each level is an SVG mark. */
const SLOW_LEVELS = 2000;

const present = <T>(xs: readonly (T | null)[]): T[] => xs.filter((x): x is T => x !== null);

/**
 * `visits`: the data's visit order (the visit-order column, e.g. AVISITN), for the charts' visit axes; null
 * keeps the model's level order. `dataName` is printed in Model information.
 */
export function resultSections(r: FitResult, visits: readonly string[] | null, dataName?: string): ResultSection[] {
  const v = visits ?? undefined;
  const none = (): PresentChart[] => [];
  const model: ResultSection = {
    id: "model", title: "Model", heavy: false,
    tables: () => [modelTable(r, dataName ? { dataName } : {}), convergenceTable(r)], charts: none,
  };
  // As the report: a fit that did not converge shows what was fitted and why it stopped, no estimates.
  if (!r.converged) return [model];
  const sections: ResultSection[] = [];
  if (r.contrasts.length > 0)
    sections.push({ id: "differences", title: "Treatment differences", heavy: false, tables: () => [differencesTable(r)], charts: () => present([differencesChart(r, v)]) });
  sections.push(model);
  sections.push({
    id: "covariance", title: "Covariance", heavy: false,
    tables: () => [covarianceParametersTable(r.covariance.parameters), ...covarianceMatrixTables(r)], charts: none,
  });
  sections.push({ id: "fit", title: "Fit statistics", heavy: false, tables: () => present([fitStatisticsTable(r), summariesTable(r)]), charts: none });
  sections.push({ id: "fixed", title: "Fixed effects", heavy: false, tables: () => [fixedEffectsTable(r)], charts: none });
  if (r.type3.length > 0 || r.slices.length > 0)
    sections.push({
      id: "type3", title: "Type III tests", heavy: false, charts: none,
      tables: () => [...(r.type3.length > 0 ? [type3Table(r.type3)] : []), ...(r.slices.length > 0 ? [type3Table(r.slices, "slices", "Tests of effect slices")] : [])],
    });
  if (r.lsmeans.length > 0)
    sections.push({ id: "lsmeans", title: "LS means", heavy: false, tables: () => [lsmeansTable(r)], charts: () => present([lsmeansChart(r, v)]) });
  sections.push({ id: "residuals", title: "Residual diagnostics", heavy: true, tables: () => [], charts: () => present([residualChart(r), qqChart(r)]) });
  // The BLUP table is paged by its own component: it has a row per subject and effect.
  if (r.blups.length > 0) {
    const levels = Math.max(...r.blups.map((b) => b.levels.length));
    const figures = r.blups.reduce((n, b) => n + b.terms.length, 0);
    const what = figures === 1 ? `The caterpillar plot has ${levels} levels` : `The ${figures} caterpillar plots have up to ${levels} levels each`;
    const slow = levels > SLOW_LEVELS ? { slowCharts: `${what}: drawing takes a while.` } : {};
    sections.push({ id: "blups", title: "BLUPs", heavy: true, ...slow, tables: () => [], charts: () => blupCharts(r) });
  }
  return sections;
}

/** Rows of a long table a page at a time; the note says which rows are shown and where the rest are. */
export function tablePage(t: PresentTable, page: number, size: number): PresentTable {
  const n = t.rows.length;
  if (n <= size) return t;
  const pages = Math.ceil(n / size);
  const p = Math.min(Math.max(0, page), pages - 1);
  const from = p * size;
  const to = Math.min(n, from + size);
  const shown = `Rows ${from + 1}–${to} of ${n}; Copy copies these rows only, and the report's ${t.id}.csv holds them all.`;
  return { ...t, rows: t.rows.slice(from, to), note: t.note ? `${t.note} ${shown}` : shown };
}
