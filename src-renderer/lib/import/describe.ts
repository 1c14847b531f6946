/** Plain-word descriptions of files, sizes, dates, import progress and roles, for the Studies and Import steps. */
import { REQUIRED_ROLES } from "../../../src-core/data/checks-roles.js";
import type { SingleRole } from "../../../src-core/data/roles.js";
import type { ImportProgress } from "../../../src-main/api/contract.js";

/** A count with thousands separators: 12345 → "12,345" (the same in every locale, as in the report). */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** "1 row", "12,345 rows". */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${count(n)} ${n === 1 ? noun : nouns}`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let x = n / 1024;
  let u = 0;
  while (x >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return `${x < 10 ? x.toFixed(1) : Math.round(x)} ${units[u]}`;
}

/**
 * An ISO time as local "YYYY-MM-DD HH:MM" (":SS" with seconds), the one way the app writes times; text that
 * is not a time is shown as it is.
 */
export function dateTime(iso: string, seconds = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (x: number): string => String(x).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}${seconds ? `:${two(d.getSeconds())}` : ""}`;
}

const FORMATS: Readonly<Record<string, string>> = {
  csv: "CSV",
  xlsx: "Excel",
  xpt: "SAS XPORT",
  "dataset-json": "CDISC Dataset-JSON",
  "dataset-ndjson": "CDISC Dataset-NDJSON",
};

export function formatName(format: string): string {
  return FORMATS[format] ?? format;
}

const STAGES: Readonly<Record<ImportProgress["stage"], string>> = {
  hash: "Computing the file's SHA-256 fingerprint",
  read: "Reading rows",
  check: "Checking the data",
};

/** What an import is doing, e.g. "Reading rows: 4.2 MB of 10 MB, 12,000 rows". */
export function progressText(p: ImportProgress): string {
  const size = p.totalBytes > 0 ? `: ${bytes(p.bytesRead)} of ${bytes(p.totalBytes)}` : "";
  const rows = p.stage === "hash" ? "" : `${size ? ", " : ": "}${plural(p.rows, "row")}`;
  return `${STAGES[p.stage]}${size}${rows}`;
}

/** How far an import is, 0–1, or null when the size is unknown. */
export function progressFraction(p: ImportProgress): number | null {
  return p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : null;
}

/** The roles as a statistician names them, with the ADaM variable usually holding each. */
export const ROLE_LABELS: Readonly<Record<SingleRole, { label: string; adam: string }>> = {
  subject: { label: "Subject", adam: "USUBJID" },
  visit: { label: "Visit (repeated factor)", adam: "AVISIT" },
  visitOrder: { label: "Visit order", adam: "AVISITN" },
  time: { label: "Time", adam: "ADY" },
  arm: { label: "Treatment arm", adam: "TRT01P" },
  outcome: { label: "Outcome (analysed value)", adam: "AVAL or CHG" },
  baseline: { label: "Baseline", adam: "BASE" },
  parameter: { label: "Parameter", adam: "PARAMCD" },
  site: { label: "Site", adam: "SITEID" },
};

/** The roles an MMRM and the data summaries cannot do without (the data checks' list). */
export const NEEDED_ROLES: readonly SingleRole[] = REQUIRED_ROLES.map((r) => r.role);

/** The needed roles not set, e.g. ["subject", "arm"]. */
export function missingRoles(roles: Readonly<Record<SingleRole, string | null>>, needed: readonly SingleRole[] = NEEDED_ROLES): SingleRole[] {
  return needed.filter((r) => roles[r] === null);
}

/** "the subject and arm roles" style list of role labels: "Subject, Treatment arm and Outcome". */
export function roleList(roles: readonly SingleRole[]): string {
  const names = roles.map((r) => ROLE_LABELS[r].label.replace(/ \(.*\)$/, ""));
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * An error's message with the path where the web host stored an upload replaced by the file's own name (the
 * importers name the path they read; the user never saw the upload folder). Other messages as they are.
 */
export function uploadNamed(e: unknown, storedAt: string, name: string): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split(storedAt).join(name);
}
