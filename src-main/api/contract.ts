/**
 * The one typed contract between the renderer and the main process (types only). The service in
 * src-main/services/service.ts implements it; the Electron preload, the local web host and the CLI expose it.
 * Every value crossing it is plain JSON-serialisable data. Long work (imports, fits) reports progress as
 * ServiceEvents to subscribers; fits run as jobs in a worker thread and can be cancelled.
 */
import type { Finding } from "../../src-core/data/checks.js";
import type { VariableRoles } from "../../src-core/data/roles.js";
import type { DataSummary } from "../../src-core/data/summary.js";
import type { FitResult } from "../../src-core/result.js";
import type { ColumnLevels } from "../../src-core/data/column-levels.js";
import type { ObservedTrajectories } from "../../src-core/data/observed-trajectories.js";
import type { RowSelection } from "../../src-core/data/selection.js";
import type { StructureTable } from "../../src-core/inference/compare.js";
import type { AnalysisSpec } from "../../src-core/spec.js";

export type { Finding, VariableRoles, DataSummary, FitResult, AnalysisSpec, StructureTable, ObservedTrajectories, ColumnLevels, RowSelection };

export type ColumnType = "numeric" | "character";

/** What a user may set when importing; each format reads the options that apply to it. */
export interface ImportOptions {
  readonly delimiter?: string;
  readonly decimalComma?: boolean;
  readonly encoding?: "utf-8" | "windows-1252";
  readonly naStrings?: readonly string[];
  readonly types?: Readonly<Record<string, ColumnType>>;
  readonly sheet?: string;
  readonly member?: string;
}

export interface ColumnInfo {
  readonly name: string;
  readonly label: string | null;
  readonly storage: "number" | "text";
  readonly sourceType: string | null;
  readonly format: string | null;
  readonly length: number | null;
  readonly inferredType: ColumnType;
  readonly type: ColumnType;
}

export interface Study {
  readonly studyId: number;
  readonly name: string;
  readonly description: string;
  readonly isDemo: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly datasets: number;
}

export interface DatasetInfo {
  readonly datasetId: number;
  readonly studyId: number;
  readonly name: string;
  readonly version: number;
  readonly format: string;
  readonly rows: number;
  readonly columns: number;
  readonly size: number;
  readonly sha256: string;
  readonly importedAt: string;
  readonly importedBy: string;
}

export interface DatasetDetail extends DatasetInfo {
  readonly columnInfo: readonly ColumnInfo[];
  readonly roles: VariableRoles;
  readonly suggestedRoles: VariableRoles;
}

export interface ImportRequest {
  readonly path: string;
  /** The study's name; created if it does not exist. Default: "Imported datasets". */
  readonly study?: string;
  readonly studyId?: number;
  readonly options?: ImportOptions;
}

export interface ImportProgress {
  readonly stage: "hash" | "read" | "check";
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rows: number;
}

export interface ImportResult {
  readonly studyId: number;
  readonly datasetId: number;
  readonly name: string;
  readonly version: number;
  readonly format: string;
  readonly rows: number;
  readonly columns: readonly string[];
  readonly size: number;
  readonly sha256: string;
  readonly readOptions: Readonly<Record<string, unknown>>;
  readonly columnInfo: readonly ColumnInfo[];
  readonly mapping: VariableRoles;
  readonly mappingReasons: Readonly<Record<string, string>>;
  readonly findings: readonly Finding[];
}

/** A file read but not stored: what an import would produce, for the preview and the type overrides. */
export interface FilePreview {
  readonly name: string;
  readonly format: string;
  readonly size: number;
  readonly readOptions: Readonly<Record<string, unknown>>;
  readonly sheets?: readonly string[];
  readonly rows: number;
  readonly columnInfo: readonly ColumnInfo[];
  /** The first rows, typed as the import would type them. */
  readonly head: readonly (readonly (number | string | null)[])[];
  readonly mapping: VariableRoles;
}

export interface AnalysisInfo {
  readonly analysisId: number;
  readonly studyId: number;
  readonly datasetId: number;
  readonly name: string;
  readonly spec: AnalysisSpec;
  readonly roles: VariableRoles;
  readonly createdAt: string;
}

export interface FitRequest {
  readonly datasetId: number;
  readonly spec: AnalysisSpec;
  readonly analysisId?: number;
}

export interface FitProgress {
  readonly phase: "queued" | "load" | "optimise" | "inference" | "predict" | "done";
  readonly iteration?: number;
  readonly m2logLik?: number;
}

export interface FitRecord {
  readonly fitId: number;
  readonly datasetId: number;
  readonly analysisId: number | null;
  readonly converged: boolean;
  readonly createdAt: string;
  readonly result: FitResult;
}

export interface ReportRequest {
  readonly fitId: number;
  /** The folder to write into; created when missing. Files of the same names in it are replaced. */
  readonly outDir: string;
  /** The analysis's name as printed; default: the saved analysis's name, else "Fit N". */
  readonly analysisName?: string;
}

export interface ReportFile {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface ReportExport {
  readonly outDir: string;
  readonly converged: boolean;
  /** report.pdf, one CSV per table, ard.csv (one row per statistic) and fit.json. */
  readonly files: readonly ReportFile[];
}

export interface AuditEvent {
  readonly id: number;
  readonly at: string;
  readonly osUser: string;
  readonly action: string;
  readonly studyId: number | null;
  readonly details: unknown;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly events: number;
  readonly broken?: { readonly id: number; readonly action: string; readonly reason: string };
}

/** What the host running the renderer can do beyond the service: the Electron shell or the local web host. */
export interface HostInfo {
  /** "electron": native dialogs give paths. "web": files are uploaded and folders typed. */
  readonly kind: "electron" | "web";
  readonly version: string;
  readonly dbPath: string;
  /** The folder offered by default for report exports (a subfolder per fit is suggested under it). */
  readonly exportRoot: string;
}

/**
 * Operations of the host rather than of the service. On the web host pickImportFile and pickFolder resolve
 * null (the renderer uploads files and asks for folders as text); uploads go through the web client.
 */
export interface HostApi {
  hostInfo(): Promise<HostInfo>;
  /** A native "open file" dialog; the chosen path, or null when cancelled or not available. */
  pickImportFile(): Promise<string | null>;
  /** A native "choose folder" dialog; the chosen path, or null when cancelled or not available. */
  pickFolder(defaultPath?: string): Promise<string | null>;
}

export type ServiceEvent =
  | { readonly kind: "import-progress"; readonly path: string; readonly progress: ImportProgress }
  | { readonly kind: "fit-progress"; readonly jobId: string; readonly progress: FitProgress }
  | { readonly kind: "fit-done"; readonly jobId: string; readonly fitId: number; readonly converged: boolean }
  | { readonly kind: "fit-failed"; readonly jobId: string; readonly message: string }
  | { readonly kind: "fit-cancelled"; readonly jobId: string }
  /** Before the first fit (done 0, structure null) and after each: the one just fitted, and the one fitted next (null at the end). */
  | { readonly kind: "structures-progress"; readonly jobId: string; readonly done: number; readonly total: number; readonly structure: string | null; readonly next: string | null };

export interface LongitudeApi {
  listStudies(): Promise<Study[]>;
  createStudy(name: string, description?: string): Promise<Study>;

  previewFile(path: string, options?: ImportOptions): Promise<FilePreview>;
  importFile(request: ImportRequest): Promise<ImportResult>;
  listDatasets(studyId?: number): Promise<DatasetInfo[]>;
  getDataset(datasetId: number): Promise<DatasetDetail>;
  datasetRows(datasetId: number, offset: number, limit: number): Promise<(number | string | null)[][]>;

  /**
   * A column's distinct values with their row counts (at most 500), for filters and reference levels; among
   * the rows passing `where` when it is given.
   */
  columnLevels(datasetId: number, column: string, where?: string): Promise<ColumnLevels>;
  setRoles(datasetId: number, roles: VariableRoles): Promise<void>;
  checkData(datasetId: number, roles: VariableRoles, selection?: RowSelection): Promise<Finding[]>;
  summariseData(datasetId: number, roles: VariableRoles, selection?: RowSelection): Promise<DataSummary>;
  /** Observed trajectories of a sample of subjects (default 50 per arm), for the spaghetti plot. */
  observedTrajectories(datasetId: number, roles: VariableRoles, selection?: RowSelection, perArm?: number): Promise<ObservedTrajectories>;

  saveAnalysis(analysis: { studyId: number; datasetId: number; name: string; spec: AnalysisSpec; roles: VariableRoles }): Promise<AnalysisInfo>;
  listAnalyses(studyId: number): Promise<AnalysisInfo[]>;

  /** Starts a fit in a worker thread; progress and the outcome arrive as ServiceEvents. */
  startFit(request: FitRequest): Promise<{ jobId: string }>;
  /** Resolves with the stored fit when the job ends; rejects if it failed or was cancelled. */
  waitForFit(jobId: string): Promise<FitRecord>;
  cancelFit(jobId: string): Promise<void>;
  listFits(datasetId: number): Promise<Omit<FitRecord, "result">[]>;
  getFit(fitId: number): Promise<FitRecord>;
  /**
   * Refits the spec's model with each residual structure (default: UN, TOEPH, ARH(1), CSH, TOEP, AR(1), CS) in
   * a worker, and tabulates −2 log L, AIC, AICc and BIC. Progress arrives as "structures-progress" events
   * under the caller's jobId (any string it chooses); the call resolves with the table. Nothing is stored.
   */
  compareStructures(request: { datasetId: number; spec: AnalysisSpec; structures?: string[]; jobId?: string }): Promise<StructureTable>;

  exportReport(request: ReportRequest): Promise<ReportExport>;

  verifyAudit(): Promise<AuditVerification>;
  listAudit(options?: { studyId?: number; limit?: number }): Promise<AuditEvent[]>;

  /** Registers a listener for progress and job events; returns a function that removes it. */
  subscribe(listener: (event: ServiceEvent) => void): () => void;
}
