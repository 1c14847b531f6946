/**
 * The choices the builder offers, labelled as a statistician reads them: SAS's structure names
 * (src-core/present/labels.ts, as the report prints them) with the TYPE= code, and SAS's DDFM names.
 */
import { DDF_NAMES, STRUCTURE_NAMES } from "../../../src-core/present/labels.js";
import type { DdfMethod } from "../../../src-core/spec.js";
import type { RandomChoice, StructureChoice } from "./draft.js";

type Structure = Exclude<StructureChoice, "none">;

/** SAS's TYPE= code of each structure; "ad" (homogeneous, as R mmrm's) has no SAS counterpart. */
const STRUCTURE_CODES: Readonly<Record<Structure, string>> = {
  us: "UN", cs: "CS", csh: "CSH", ar1: "AR(1)", ar1h: "ARH(1)", ad: "AD", adh: "ANTE(1)", toep: "TOEP", toeph: "TOEPH",
};

export const STRUCTURES: readonly Structure[] = ["us", "cs", "csh", "ar1", "ar1h", "ad", "adh", "toep", "toeph"];

/** "Unstructured (UN)", "Autoregressive (AR(1))", ... */
export function structureLabel(s: StructureChoice): string {
  if (s === "none") return "None: independent errors";
  return `${STRUCTURE_NAMES[s]} (${STRUCTURE_CODES[s]})`;
}

/** The short code alone ("UN"), for messages. */
export function structureCode(s: Structure): string {
  return STRUCTURE_CODES[s];
}

/** Number of covariance parameters of a structure over n visits (SAS's count, one group). */
export function structureParameters(s: Structure, n: number): number {
  switch (s) {
    case "us": return (n * (n + 1)) / 2;
    case "cs": case "ar1": return 2;
    case "csh": case "ar1h": return n + 1;
    case "ad": case "toep": return n;
    case "adh": case "toeph": return 2 * n - 1;
  }
}

/** Structures whose parameters depend on the order of the visits (neighbours, lags). */
export function orderMatters(s: Structure): boolean {
  return s === "ar1" || s === "ar1h" || s === "ad" || s === "adh" || s === "toep" || s === "toeph";
}

/**
 * Structures that already contain a common covariance between all visits of a subject, so that a random
 * intercept on top of them cannot be told apart from it.
 */
export function absorbsIntercept(s: Structure): boolean {
  return s === "us" || s === "cs" || s === "csh" || s === "toep" || s === "toeph";
}

export const DDFS: readonly DdfMethod[] = ["kenward-roger", "kenward-roger-linear", "satterthwaite", "between-within", "residual", "asymptotic"];

export function ddfLabel(d: DdfMethod): string {
  return DDF_NAMES[d];
}

export const RANDOM_CHOICES: readonly RandomChoice[] = ["none", "intercept", "slope", "slope-uncorrelated"];

export function randomLabel(r: RandomChoice): string {
  switch (r) {
    case "none": return "None";
    case "intercept": return "Random intercept";
    case "slope": return "Random intercept and slope, correlated";
    case "slope-uncorrelated": return "Random intercept and slope, uncorrelated";
  }
}
