/**
 * The R reference values of r/summaries.json (written by r/summaries.R from lme4 and nlme fits, with the
 * Nakagawa–Schielzeth / Johnson / performance formulas computed by hand, as the script's header cites) and
 * Longitude's fits of the same models, fitted once per test file.
 */
import { readFileSync } from "node:fs";
import { fitModel, type AnalysisSpec, type FitResult } from "../../../src-core/index.js";
import type { ModelSummaries } from "../../../src-core/result.js";
import { readCsv } from "../design/csv.js";

/** One random term as r/summaries.R writes it (matrices row-major, levels in R's factor order). */
export interface RTerm {
  group: string;
  terms: string[];
  G: number[][];
  sl: number;
  levels: string[];
  blup: number[][];
  /** diag(G − G Zᵀ P Z G) per level: the prediction variance, counting the uncertainty of β̂ */
  pev: number[][];
  /** diag(G − G Zᵀ V⁻¹ Z G) per level: lme4's condVar, at β̂ fixed */
  postVarDense: number[][];
}

export interface RCase {
  /** the data file, from the project root */
  data: string;
  formula: string;
  logLik: number;
  sf: number;
  se: number;
  r2m: number;
  r2c: number;
  random?: RTerm[];
  icc_adjusted?: number;
  icc_unadjusted?: number;
  icc_by_group?: number | number[];
  icc_curve?: { t: number[]; icc: number[] };
  lme4_postVar?: number[][];
  levels?: string[];
  correlation?: number[][];
  sl?: number;
  /** AR(1) correlation of the nlme fit */
  phi?: number;
}

export const R = JSON.parse(readFileSync(new URL("r/summaries.json", import.meta.url), "utf8")) as Record<string, RCase> & { versions: string };

/** Factors as the R script sets them: Subject is a factor; Orthodont's Sex has reference Male, fev's ARMCD PBO. */
const SPECS: Record<string, Partial<AnalysisSpec>> = {
  "sleepstudy.csv": { factors: ["Subject"] },
  "sleepstudy-half.csv": { factors: ["Subject"] },
  "orthodont.csv": { factors: ["Subject"], reference: { Sex: "Male" } },
  "fev_data.csv": { reference: { ARMCD: "PBO" } },
};
const ROOT = new URL("../../../", import.meta.url);

const cache = new Map<string, FitResult>();

/** Longitude's REML fit of an R case's model (ddf do not enter any summary). */
export function fitCase(c: RCase): FitResult {
  const key = `${c.data}|${c.formula}`;
  let fit = cache.get(key);
  if (!fit) {
    const data = readCsv(new URL(c.data, ROOT).pathname);
    // R's values are at the optimum, so the fit goes there (an unstructured MMRM would otherwise stop where SAS stops).
    fit = fitModel(data, { formula: c.formula, method: "REML", ddf: "residual", convergence: "optimum", ...SPECS[c.data.split("/").pop() as string] } as AnalysisSpec);
    cache.set(key, fit);
  }
  return fit;
}

export function summariesOf(fit: FitResult): ModelSummaries {
  if (!fit.summaries) throw new Error("the fit has no summaries");
  return fit.summaries;
}

export const relErr = (ours: number, ref: number): number => Math.abs(ours - ref) / Math.abs(ref);

/** Largest relative error over paired arrays (same length). */
export function maxRel(ours: readonly number[], ref: readonly number[]): number {
  if (ours.length !== ref.length) throw new Error(`${ours.length} values against ${ref.length}`);
  return Math.max(0, ...ours.map((o, i) => relErr(o, ref[i])));
}

/**
 * A nested grouping or level written in either order: lme4 names the inner term "Half:Subject" with levels
 * "early:308", Longitude "Subject:Half" with "308:early". Sorting the parts gives one key for both.
 */
export const nestedKey = (name: string): string => name.split(":").sort().join(":");
