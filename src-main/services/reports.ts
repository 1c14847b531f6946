import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fitModel } from "../../src-core/index.js";
import { checkData, type Finding } from "../../src-core/data/checks.js";
import type { DataFrame } from "../../src-core/data/frame.js";
import type { VariableRoles } from "../../src-core/data/roles.js";
import { summariseData, type DataSummary } from "../../src-core/data/summary.js";
import { LongitudeError } from "../../src-core/errors.js";
import { analysisRoles } from "../../src-core/present/analysis-roles.js";
import { buildReport, type ReportAuditEvent, type ReportInput } from "../../src-core/present/report.js";
import { subjectTrajectories } from "../../src-core/present/trajectories.js";
import type { FitResult } from "../../src-core/result.js";
import type { AnalysisSpec } from "../../src-core/spec.js";
import type { ReportExport } from "../api/contract.js";
import { getAnalysis } from "../db/analyses.js";
import { appendAudit, listAudit, osUser } from "../db/audit.js";
import { datasetInfo, loadDataset } from "../db/datasets.js";
import { getFit } from "../db/fits.js";
import type { Db } from "../db/open.js";
import { getRoles } from "../db/roles.js";
import { getStudy } from "../db/studies.js";
import { InputError } from "../errors.js";
import { suggestRoles } from "../importers/mapping.js";
import { readTable } from "../io/read-data.js";
import { packageVersion, readPackage } from "../paths.js";
import { analysisResultsCsv, tableCsv } from "../report/csv.js";
import { renderPdf } from "../report/pdf.js";
import { writeOutputFiles, type OutputFile } from "../report/write.js";
import { fileSha256 } from "./import.js";

/**
 * Reports: the PDF, one CSV per table, the analysis results data (ard.csv) and the fit as JSON, written to a
 * folder. The command line (`longitude report`) and the app (LongitudeService.exportReport) both come here, for
 * a data file or a stored fit, and both go through `reportFiles`, so they give the same files.
 */

/** The report's date: SOURCE_DATE_EPOCH (seconds since 1970) when set, so that a report can be reproduced byte for byte; else now. */
export function reportDate(env: Readonly<Record<string, string | undefined>>): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === "") return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  if (!/^\d+$/.test(epoch.trim())) throw new InputError(`SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01; got "${epoch}"`);
  return new Date(Number(epoch.trim()) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const require = createRequire(import.meta.url);
/** A dependency's version from its package.json: exported, or found by walking up from its entry point. */
function libraryVersion(name: string): string {
  try {
    return readPackage(require.resolve(`${name}/package.json`))?.version ?? "unknown";
  } catch {
    // not exported (e.g. pdfkit): walk up from the entry point
  }
  try {
    for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
      const pkg = readPackage(join(dir, "package.json"));
      if (pkg?.name === name) return pkg.version ?? "unknown";
    }
  } catch {
    // not resolvable
  }
  return "unknown";
}

function software(result: FitResult): ReportInput["software"] {
  return [
    { name: `Engine (${result.provenance.engine})`, version: result.provenance.version },
    { name: "Longitude", version: packageVersion() },
    { name: "Node.js", version: process.versions.node },
    { name: "pdfkit", version: libraryVersion("pdfkit") },
    { name: "svg-to-pdfkit", version: libraryVersion("svg-to-pdfkit") },
    { name: "ECharts", version: libraryVersion("echarts") },
    { name: "fontkit", version: libraryVersion("fontkit") },
    { name: "DejaVu fonts", version: libraryVersion("dejavu-fonts-ttf") },
  ];
}

export interface ReportParts {
  readonly result: FitResult;
  readonly frame: DataFrame;
  readonly roles: VariableRoles;
  readonly analysis: string;
  readonly study: string | null;
  readonly dataset: ReportInput["dataset"];
  readonly audit: readonly ReportAuditEvent[] | null;
}

/** The fit without its wall-clock time, the one field that differs between two identical runs. */
function reproducibleResult(result: FitResult): unknown {
  const { milliseconds: _ms, ...provenance } = result.provenance;
  return { ...result, provenance };
}

/** Everything a report folder holds, in memory. */
export async function reportFiles(parts: ReportParts, env: Readonly<Record<string, string | undefined>>): Promise<OutputFile[]> {
  const { result, frame } = parts;
  const roles = analysisRoles(parts.roles, result, new Set(frame.names));
  let summary: DataSummary | null = null;
  let findings: Finding[] = [];
  let dataNote: string | null = null;
  try {
    summary = summariseData(frame, roles, { where: result.spec.where });
    findings = checkData(frame, roles, { where: result.spec.where });
  } catch (e) {
    if (!(e instanceof LongitudeError)) throw e;
    dataNote = `No data summary and no data checks: ${e.message.replace(/; choose one$/, "")} (set the dataset's roles, or give the model an LS-means factor).`;
  }
  const trajectories = summary && result.converged ? subjectTrajectories(frame, roles, result, summary.visits) : null;
  const input: ReportInput = {
    result, analysis: parts.analysis, study: parts.study, dataset: parts.dataset, date: reportDate(env),
    software: software(result), summary, findings, dataNote, trajectories, audit: parts.audit,
  };
  const doc = buildReport(input);
  const pdf = await renderPdf(doc, input.date);
  return [
    { name: "report.pdf", data: pdf },
    ...doc.tables.map((t) => ({ name: `${t.id}.csv`, data: tableCsv(t) })),
    { name: "ard.csv", data: analysisResultsCsv(parts.analysis, doc.tables) },
    { name: "fit.json", data: `${JSON.stringify(reproducibleResult(result), null, 2)}\n` },
  ];
}

/** `longitude report --data FILE --spec SPEC --out DIR`: fits the file in this process and writes the report. */
export async function reportOnFile(dataPath: string, spec: AnalysisSpec, analysis: string, outDir: string, env: Readonly<Record<string, string | undefined>>): Promise<ReportExport> {
  const { frame, columns } = await readTable(dataPath);
  const sha256 = await fileSha256(dataPath);
  const start = performance.now();
  const result = await fitModel(frame, spec);
  result.provenance.milliseconds = Math.round((performance.now() - start) * 10) / 10;
  const files = await reportFiles({
    result, frame, roles: suggestRoles(columns).roles, analysis, study: null,
    dataset: { fileName: basename(dataPath), sha256, rows: frame.nrow }, audit: null,
  }, env);
  return { outDir, converged: result.converged, files: writeOutputFiles(outDir, files) };
}

/** A stored fit's audit events: its study's creation, its dataset's import and roles, its analysis, and the fit itself. */
function fitAuditEvents(db: Db, studyId: number, datasetId: number, fitId: number, analysisId: number | null): ReportAuditEvent[] {
  const events = listAudit(db, { studyId, limit: 100_000 }).reverse();
  const fitEvent = events.find((e) => e.action === "fit.save" && (e.details as { fitId?: number }).fitId === fitId);
  return events.filter((e) => {
    if (fitEvent && e.id > fitEvent.id) return false; // later events (e.g. this report's export) would change a re-export
    const d = (e.details ?? {}) as { datasetId?: number; fitId?: number; analysisId?: number };
    if (e.action === "study.create") return true;
    if (e.action === "fit.save") return d.fitId === fitId;
    return d.datasetId === datasetId || (analysisId !== null && d.analysisId === analysisId);
  }).map((e) => ({ id: e.id, at: e.at, osUser: e.osUser, action: e.action, details: e.details }));
}

/** The service's exportReport: a report on a stored fit, recorded in the reports table and the audit log. */
export async function reportOnStoredFit(db: Db, request: { fitId: number; outDir: string; analysisName?: string }, env: Readonly<Record<string, string | undefined>>): Promise<ReportExport> {
  const fit = getFit(db, request.fitId);
  const info = datasetInfo(db, fit.datasetId);
  const analysis = fit.analysisId !== null ? getAnalysis(db, fit.analysisId) : null;
  const { frame } = loadDataset(db, fit.datasetId);
  const roles = analysis ? analysis.roles : getRoles(db, fit.datasetId).roles;
  const files = await reportFiles({
    result: fit.result, frame, roles,
    analysis: request.analysisName ?? analysis?.name ?? `Fit ${fit.fitId}`,
    study: getStudy(db, info.studyId).name,
    dataset: { fileName: info.name, sha256: info.sha256, rows: info.rows, datasetId: info.datasetId, version: info.version },
    audit: fitAuditEvents(db, info.studyId, fit.datasetId, fit.fitId, fit.analysisId),
  }, env);
  const written = writeOutputFiles(request.outDir, files);
  db.transaction(() => {
    const insert = db.prepare("INSERT INTO reports (fit_id, format, path, size, sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)");
    const at = new Date().toISOString();
    for (const f of written) insert.run(fit.fitId, f.name.endsWith(".pdf") ? "pdf" : f.name.endsWith(".json") ? "json" : "csv", f.path, f.bytes, f.sha256, at, osUser());
    appendAudit(db, "report.export", info.studyId, { fitId: fit.fitId, datasetId: fit.datasetId, outDir: request.outDir, files: written.map((f) => ({ name: f.name, bytes: f.bytes, sha256: f.sha256 })) });
  }).immediate();
  return { outDir: request.outDir, converged: fit.result.converged, files: written };
}
