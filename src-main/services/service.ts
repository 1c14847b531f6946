import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { checkData } from "../../src-core/data/checks.js";
import { summariseData } from "../../src-core/data/summary.js";
import { observedTrajectories } from "../../src-core/data/observed-trajectories.js";
import { columnLevels } from "../../src-core/data/column-levels.js";
import { emptyRoles } from "../../src-core/data/roles.js";
import { selectRows } from "../../src-core/data/selection.js";
import { FALLBACK_ORDER } from "../../src-core/inference/compare.js";
import type { DataFrame } from "../../src-core/data/frame.js";
import type { FitRecord, LongitudeApi, ServiceEvent } from "../api/contract.js";
import * as analyses from "../db/analyses.js";
import { listAudit, osUser, verifyAudit } from "../db/audit.js";
import { datasetColumns, datasetInfo, listDatasets, loadDataset } from "../db/datasets.js";
import * as fits from "../db/fits.js";
import { openDatabase, type Db } from "../db/open.js";
import { getRoles, setRoles } from "../db/roles.js";
import { createStudy, listStudies } from "../db/studies.js";
import { InputError } from "../errors.js";
import { packageVersion } from "../paths.js";
import { closeIdleWorker, prewarmFitWorker, runFitInWorker, runStructuresInWorker, type FitJobHandle } from "../workers/run-fit.js";
import { seedDemoStudy } from "./demo.js";
import { importFile } from "./import.js";
import { previewFile } from "./preview.js";
import { reportOnStoredFit } from "./reports.js";

export interface ServiceOptions {
  readonly dbPath: string;
  /** Create the demo study when the database is new (the app's first run). */
  readonly seedDemo?: boolean;
  /** The environment reports read SOURCE_DATE_EPOCH from; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

interface Job { handle: FitJobHandle; record: Promise<FitRecord> }

/** How many loaded datasets the service keeps in memory. */
const FRAME_CACHE = 2;

/**
 * The main process's services: one object implementing the contract over one database. Reads and small
 * writes use its connection; imports use their own (one long transaction), and fits run in worker threads.
 */
export class LongitudeService implements LongitudeApi {
  private readonly listeners = new Set<(e: ServiceEvent) => void>();
  private readonly jobs = new Map<string, Job>();
  /** The last datasets loaded (versions are immutable, so a cached frame never goes stale): paging a preview and
   * re-running checks on the same dataset do not reload it. At most FRAME_CACHE frames are kept. */
  private readonly frames = new Map<number, DataFrame>();
  /** Structure comparisons running, by the caller's job id, so that cancelFit can stop them too. */
  private readonly comparisons = new Map<string, { cancel(): void }>();
  /** How each ended job ended (the stored fit's id, or the error), so that waitForFit also answers after the end. */
  private readonly ended = new Map<string, { fitId: number } | { error: unknown }>();

  private constructor(readonly dbPath: string, readonly db: Db, private readonly env: Readonly<Record<string, string | undefined>>) {}

  static async open(options: ServiceOptions): Promise<LongitudeService> {
    const { db, created } = openDatabase(options.dbPath);
    const service = new LongitudeService(options.dbPath, db, options.env ?? process.env);
    if (created && options.seedDemo) await seedDemoStudy(service);
    return service;
  }

  /**
   * Warms the fit worker on a simulated trial so that the first fit runs at full speed (run-fit.ts,
   * prewarmFitWorker); for the long-running hosts, the desktop app and `serve`. Null when a worker is already
   * idle or none could be started (a missing worker bundle shows at the first fit instead).
   */
  prewarmFits(): Promise<number> | null {
    try {
      return prewarmFitWorker();
    } catch {
      return null;
    }
  }

  close(): void {
    for (const job of this.jobs.values()) job.handle.cancel();
    for (const c of this.comparisons.values()) c.cancel();
    closeIdleWorker();
    this.db.close();
  }

  private emit(event: ServiceEvent): void {
    for (const l of this.listeners) {
      // A failing listener (say, a window that has closed) must stop neither the job nor the other listeners:
      // thrown from a worker's message handler it would crash the process.
      try { l(event); } catch (e) { console.error("a service event listener failed:", e); }
    }
  }

  subscribe(listener: (event: ServiceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  async listStudies() { return listStudies(this.db); }
  async createStudy(name: string, description?: string) {
    return this.db.transaction(() => createStudy(this.db, name, { description })).immediate();
  }

  async previewFile(path: string, options?: Parameters<LongitudeApi["previewFile"]>[1]) { return previewFile(path, options); }
  async importFile(request: Parameters<LongitudeApi["importFile"]>[0]) {
    return importFile(this.dbPath, request, (progress) => this.emit({ kind: "import-progress", path: request.path, progress }));
  }
  async listDatasets(studyId?: number) { return listDatasets(this.db, studyId); }
  async getDataset(datasetId: number) {
    const { roles, suggested } = getRoles(this.db, datasetId);
    return { ...datasetInfo(this.db, datasetId), columnInfo: datasetColumns(this.db, datasetId), roles, suggestedRoles: suggested };
  }
  /** A stored dataset's frame, from the cache when it was loaded recently. */
  private frame(datasetId: number): DataFrame {
    const cached = this.frames.get(datasetId);
    if (cached) {
      this.frames.delete(datasetId); // most recently used last
      this.frames.set(datasetId, cached);
      return cached;
    }
    const { frame } = loadDataset(this.db, datasetId);
    this.frames.set(datasetId, frame);
    while (this.frames.size > FRAME_CACHE) this.frames.delete(this.frames.keys().next().value!);
    return frame;
  }

  async datasetRows(datasetId: number, offset: number, limit: number) {
    const frame = this.frame(datasetId);
    const end = Math.min(frame.nrow, offset + limit);
    const out: (number | string | null)[][] = [];
    for (let i = Math.max(0, offset); i < end; i++) {
      out.push(frame.names.map((n) => {
        const v = frame.columns[n].values[i];
        return typeof v === "number" && Number.isNaN(v) ? null : v;
      }));
    }
    return out;
  }

  async columnLevels(datasetId: number, column: string, where?: string) {
    const frame = this.frame(datasetId);
    return columnLevels(frame, column, undefined, where && where.trim() !== "" ? selectRows(frame, emptyRoles(), { where }) : undefined);
  }
  async setRoles(datasetId: number, roles: Parameters<LongitudeApi["setRoles"]>[1]) { setRoles(this.db, datasetId, roles); }
  async checkData(datasetId: number, roles: Parameters<LongitudeApi["checkData"]>[1], selection: Parameters<LongitudeApi["checkData"]>[2] = {}) {
    return checkData(this.frame(datasetId), roles, selection);
  }
  async summariseData(datasetId: number, roles: Parameters<LongitudeApi["summariseData"]>[1], selection: Parameters<LongitudeApi["summariseData"]>[2] = {}) {
    return summariseData(this.frame(datasetId), roles, selection);
  }
  async observedTrajectories(datasetId: number, roles: Parameters<LongitudeApi["observedTrajectories"]>[1], selection: Parameters<LongitudeApi["observedTrajectories"]>[2] = {}, perArm = 50) {
    return observedTrajectories(this.frame(datasetId), roles, selection, perArm);
  }

  async saveAnalysis(a: Parameters<LongitudeApi["saveAnalysis"]>[0]) { return analyses.saveAnalysis(this.db, a); }
  async listAnalyses(studyId: number) { return analyses.listAnalyses(this.db, studyId); }

  async startFit(request: Parameters<LongitudeApi["startFit"]>[0]) {
    datasetInfo(this.db, request.datasetId); // a clear error now rather than from the worker
    if (request.analysisId !== undefined) analyses.getAnalysis(this.db, request.analysisId); // not after the fit, when storing it
    const jobId = randomUUID();
    const started = new Date().toISOString();
    const handle = runFitInWorker(this.dbPath, request.datasetId, request.spec, (progress) => this.emit({ kind: "fit-progress", jobId, progress }));
    this.emit({ kind: "fit-progress", jobId, progress: { phase: "queued" } });
    const record = handle.done.then(({ result, dataset }) => {
      const fitId = fits.saveFit(this.db, {
        datasetId: request.datasetId, analysisId: request.analysisId ?? null, spec: request.spec, result,
        provenance: { longitude: packageVersion(), node: process.version, osUser: osUser(), host: hostname(), started, finished: new Date().toISOString(), dataset: { id: request.datasetId, ...dataset } },
      });
      this.ended.set(jobId, { fitId });
      this.emit({ kind: "fit-done", jobId, fitId, converged: result.converged });
      return fits.getFit(this.db, fitId);
    }).catch((e: unknown) => { // the worker's error, or a failure to store the fit
      this.ended.set(jobId, { error: e });
      const cancelled = e instanceof Error && e.name === "CancelledError";
      this.emit(cancelled ? { kind: "fit-cancelled", jobId } : { kind: "fit-failed", jobId, message: e instanceof Error ? e.message : String(e) });
      throw e;
    }).finally(() => { this.jobs.delete(jobId); });
    record.catch(() => { /* reported through events and waitForFit */ });
    this.jobs.set(jobId, { handle, record });
    return { jobId };
  }
  async waitForFit(jobId: string) {
    const job = this.jobs.get(jobId);
    if (job) return job.record;
    const end = this.ended.get(jobId);
    if (!end) throw new InputError(`there is no fit job ${jobId}`);
    if ("error" in end) throw end.error;
    return fits.getFit(this.db, end.fitId);
  }
  async cancelFit(jobId: string) {
    this.jobs.get(jobId)?.handle.cancel();
    this.comparisons.get(jobId)?.cancel();
  }
  async compareStructures(request: Parameters<LongitudeApi["compareStructures"]>[0]) {
    datasetInfo(this.db, request.datasetId);
    const jobId = request.jobId ?? randomUUID();
    if (this.comparisons.has(jobId)) throw new InputError(`a structure comparison ${jobId} is already running`);
    const list: readonly string[] = request.structures && request.structures.length > 0 ? request.structures : FALLBACK_ORDER;
    const job = runStructuresInWorker(this.dbPath, request.datasetId, request.spec, list,
      (done, total, structure) => this.emit({ kind: "structures-progress", jobId, done, total, structure, next: list[done] ?? null }));
    this.comparisons.set(jobId, job);
    this.emit({ kind: "structures-progress", jobId, done: 0, total: list.length, structure: null, next: list[0] ?? null });
    try {
      return await job.done;
    } finally {
      this.comparisons.delete(jobId);
    }
  }
  async listFits(datasetId: number) { return fits.listFits(this.db, datasetId); }
  async getFit(fitId: number) { return fits.getFit(this.db, fitId); }

  async exportReport(request: Parameters<LongitudeApi["exportReport"]>[0]) { return reportOnStoredFit(this.db, request, this.env); }

  async verifyAudit() { return verifyAudit(this.db); }
  async listAudit(options?: { studyId?: number; limit?: number }) { return listAudit(this.db, options); }
}
