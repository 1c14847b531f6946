/**
 * Loads the reference cases in test/reference/expected/*.json (byte-identical copies of
 * ../shared/reference/expected/, with the data files they use in test/reference/data/) and turns each
 * case's spec into the spec the core fits, with the same normalisations as the official checker
 * ../shared/tools/check-reference.mjs:
 *   - `reference: []` (R's jsonlite writes an empty named list so) becomes `{}`;
 *   - `factors: "Subject"` (a length-1 R vector written as a scalar) becomes `["Subject"]`;
 *   - R cases (no top-level `expected.coefficients`) are fitted with `ddf: "satterthwaite"`; the
 *     numbers compared here (log-likelihood, estimates, variance components, BLUPs) do not depend on ddf.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AnalysisSpec } from "../../src-core/index.js";

export const REFERENCE_DIR = import.meta.dirname;
export const EXPECTED_DIR = join(REFERENCE_DIR, "expected");
export const DATA_DIR = join(REFERENCE_DIR, "data");

export interface SasCoefficient { estimate: number; se: number }
export interface RandomVarCorr { group: string; terms: string[]; matrix: number[][] }

/** The parts of an expected file that the tests read; both SAS and R files. */
export interface ReferenceCase {
  id: string;
  source: string;
  data: string;
  spec: Record<string, unknown>;
  expected: {
    // SAS
    m2logLik?: number;
    covparams_sas?: Record<string, number>;
    covparams_sas_visit_order?: string[];
    coefficients?: Record<string, SasCoefficient>;
    // R
    logLik?: number;
    nobs?: number;
    ngroups?: Record<string, number>;
    fixef?: Record<string, number>;
    varcorr?: { random: RandomVarCorr[]; sigma2: number };
    blup?: { group: string; levels: string[]; values: number[][] };
  };
}

export const expectedFiles = (): string[] => readdirSync(EXPECTED_DIR).filter((f) => f.endsWith(".json")).sort();

export function loadCase(file: string): ReferenceCase {
  return JSON.parse(readFileSync(join(EXPECTED_DIR, file), "utf8")) as ReferenceCase;
}

/** SAS cases carry one ddf method and a coefficient table; R cases carry fixef and per-ddf tables. */
export const isSasCase = (c: ReferenceCase): boolean => c.expected.coefficients !== undefined;

export function specOf(c: ReferenceCase): AnalysisSpec {
  const spec = { ...c.spec } as Record<string, unknown>;
  if (Array.isArray(spec.reference)) spec.reference = {};
  if (typeof spec.factors === "string") spec.factors = [spec.factors];
  if (!isSasCase(c)) spec.ddf = "satterthwaite";
  return spec as unknown as AnalysisSpec;
}

/** The expected log-likelihood: R gives logLik, SAS prints −2 log-likelihood. */
export const expectedLogLik = (c: ReferenceCase): number => c.expected.logLik ?? -(c.expected.m2logLik as number) / 2;

export const dataPath = (c: ReferenceCase): string => join(DATA_DIR, c.data);
