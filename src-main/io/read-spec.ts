import { readFile } from "node:fs/promises";
import type { AnalysisSpec } from "../../src-core/spec.js";
import { InputError, fileError } from "../errors.js";
import { locateJsonError } from "./json-error.js";

/**
 * Every key an analysis spec may have. `satisfies` keeps this list in step with AnalysisSpec: adding a key
 * there without adding it here is a compile error, so the CLI never rejects a valid spec.
 */
const SPEC_KEYS = {
  formula: true, method: true, ddf: true, information: true, reference: true, factors: true,
  weights: true, where: true, lsmeans: true, parms: true, confidence: true, convergence: true,
} as const satisfies Record<keyof AnalysisSpec, true>;

/** Reads and checks the shape of an analysis spec file. The core checks what the values mean. */
export async function readSpec(path: string): Promise<AnalysisSpec> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    fileError(e, "spec file", path);
  }
  return parseSpec(text, `spec file "${path}"`);
}

export function parseSpec(text: string, label = "spec"): AnalysisSpec {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw new InputError(`${label} is empty`);
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (e) {
    const at = locateJsonError(text);
    const where = at ? `${at.problem} at line ${at.line}, column ${at.column} (position ${at.position})` : (e as Error).message;
    throw new InputError(`${label} is not valid JSON: ${where}`);
  }
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new InputError(`${label} must hold a JSON object such as {"formula": "y ~ x"}`);
  }
  const unknown = Object.keys(spec).filter((k) => !Object.hasOwn(SPEC_KEYS, k));
  if (unknown.length > 0) {
    const known = Object.keys(SPEC_KEYS).join(", ");
    throw new InputError(`${label} has unknown key${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")}; the keys are ${known}`);
  }
  const formula = (spec as { formula?: unknown }).formula;
  if (typeof formula !== "string" || formula.trim() === "") {
    throw new InputError(`${label} has no "formula" (a string such as "FEV1 ~ ARMCD * AVISIT + us(AVISIT | USUBJID)")`);
  }
  return spec as AnalysisSpec;
}
