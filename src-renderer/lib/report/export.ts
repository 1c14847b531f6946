/**
 * The Report step's pure parts: the export folder suggested for a fit, and how the written files are listed.
 */

/** A folder-name part from a study's name: letters and digits joined by "-", at most 60 characters. */
export function slug(name: string): string {
  const s = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return s.slice(0, 60).replace(/-+$/, "") || "study";
}

/** `root` joined with `name`, in the root's own separator (a Windows root keeps its backslashes). */
export function joinPath(root: string, name: string): string {
  const windows = root.includes("\\") && !root.includes("/");
  const sep = windows ? "\\" : "/";
  return root.endsWith(sep) ? root + name : `${root}${sep}${name}`;
}

/** The suggested folder: `<exportRoot>/<study>-fit<fitId>`. */
export function defaultExportDir(exportRoot: string, studyName: string | null, fitId: number): string {
  return joinPath(exportRoot, `${slug(studyName ?? "study")}-fit${fitId}`);
}

/** 1.2 MB, 980 kB, 512 bytes. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} byte${n === 1 ? "" : "s"}`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)} kB`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 1 : 0)} MB`;
}

/** The first 12 hex digits of a SHA-256, enough to tell files apart at a glance. */
export function shortHash(sha256: string): string {
  return sha256.length > 12 ? `${sha256.slice(0, 12)}…` : sha256;
}

/** The local web host serves exported files (and only those) at this address, relative to the page. */
export function downloadHref(path: string): string {
  return `api/download?path=${encodeURIComponent(path)}`;
}

/** What the written files are, for the list after an export. */
export function fileKind(name: string): string {
  if (name === "report.pdf") return "The report (PDF/A)";
  if (name === "ard.csv") return "Analysis results data: one row per statistic";
  if (name === "fit.json") return "The complete fit, as JSON";
  if (name.endsWith(".csv")) return "Table, full precision";
  return "";
}
