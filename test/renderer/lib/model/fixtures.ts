/**
 * Columns and roles of the two datasets the model builder is tested on: R mmrm's fev_data (the demo study,
 * src-main/demo/fev_data.csv) and the CDISC pilot's ADADAS (test/fixtures/cdisc/adadas.json), typed as the
 * importer types them.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ColumnInfo, VariableRoles } from "../../../../src-main/api/contract.js";
import type { AnalysisSpec } from "../../../../src-core/spec.js";

export function column(name: string, type: "numeric" | "character", label: string | null = null): ColumnInfo {
  return { name, label, storage: type === "numeric" ? "number" : "text", sourceType: null, format: null, length: null, inferredType: type, type };
}

const text = (names: string[]) => names.map((n) => column(n, "character"));
const numbers = (names: string[]) => names.map((n) => column(n, "numeric"));

export const FEV_COLUMNS: ColumnInfo[] = [
  ...text(["USUBJID", "AVISIT", "ARMCD", "RACE", "SEX"]),
  ...numbers(["FEV1_BL", "FEV1", "WEIGHT", "VISITN", "VISITN2"]),
];

export const FEV_ROLES: VariableRoles = {
  subject: "USUBJID", visit: "AVISIT", visitOrder: null, time: null, arm: "ARMCD", outcome: "FEV1", baseline: "FEV1_BL",
  parameter: null, site: null, filters: [],
};

export const ADAS_COLUMNS: ColumnInfo[] = [
  ...text(["STUDYID", "SITEID", "SITEGR1", "USUBJID", "TRTP"]),
  ...numbers(["TRTPN", "AGE"]),
  ...text(["RACE", "SEX", "ITTFL", "EFFFL", "AVISIT"]),
  ...numbers(["AVISITN", "ADY"]),
  ...text(["PARAM", "PARAMCD"]),
  ...numbers(["AVAL", "BASE", "CHG", "PCHG"]),
  ...text(["ABLFL", "ANL01FL", "DTYPE"]),
];

export const ADAS_ROLES: VariableRoles = {
  subject: "USUBJID", visit: "AVISIT", visitOrder: "AVISITN", time: null, arm: "TRTP", outcome: "CHG", baseline: "BASE",
  parameter: "PARAMCD", site: null, filters: [],
};

/** A spec stored in the repository (path from its root, where Vitest runs), read as the service reads it. */
export function storedSpec(path: string): AnalysisSpec {
  return JSON.parse(readFileSync(resolve(process.cwd(), path), "utf8")) as AnalysisSpec;
}
