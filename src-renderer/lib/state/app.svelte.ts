/**
 * The state shared by the steps: where the user is, the open study and dataset, the variable roles and row
 * selection, the model spec, the running fit job and the stored fit on screen. Each step keeps its own
 * working state in its component or its own state class; only what another step needs lives here.
 * Large values (datasets, fits) are held raw ($state.raw): they are replaced whole, never mutated.
 */
import type {
  AnalysisSpec, DatasetDetail, DatasetInfo, FitProgress, FitRecord, HostInfo, RowSelection, ServiceEvent, Study, VariableRoles,
} from "../../../src-main/api/contract.js";
import { emptyRoles } from "../../../src-core/data/roles.js";
import { STEPS, type Step } from "../../../src-core/present/steps.js";
import type { Client } from "../api/client.js";

export { STEPS, type Step };

export interface FitJob {
  jobId: string;
  status: "running" | "done" | "failed" | "cancelled";
  progress: FitProgress;
  /** When the job started (performance.now()), for the elapsed time shown. */
  startedAt: number;
  /** The error, in the service's words, when status is "failed". */
  message: string | null;
}

export interface Notice { kind: "error" | "info"; text: string }

export class AppState {
  step = $state<Step>("studies");
  host = $state.raw<HostInfo | null>(null);
  studies = $state.raw<Study[]>([]);
  study = $state.raw<Study | null>(null);
  datasets = $state.raw<DatasetInfo[]>([]);
  dataset = $state.raw<DatasetDetail | null>(null);
  /** The roles in use for the open dataset (saved with setRoles when the user confirms the mapping). */
  roles = $state.raw<VariableRoles>(emptyRoles());
  /** The rows the analysis uses: the where filter built from the parameter and population-flag filters. */
  selection = $state.raw<RowSelection>({});
  spec = $state.raw<AnalysisSpec | null>(null);
  analysisName = $state("");
  job = $state.raw<FitJob | null>(null);
  fit = $state.raw<FitRecord | null>(null);
  notice = $state.raw<Notice | null>(null);

  private unsubscribe: (() => void)[] = [];
  /** Events of jobs not yet known here: a short fit can end before startFit's answer arrives. */
  private early = new Map<string, ServiceEvent[]>();

  constructor(readonly api: Client) {}

  /** Whether a step can be opened now, and if not, why (shown on the disabled step). */
  blocked(step: Step): string | null {
    switch (step) {
      case "studies": case "audit": return null;
      case "import": return this.study ? null : "Open or create a study first";
      case "explore": case "model": return this.dataset ? null : "Import or open a dataset first";
      case "results": return this.fit || this.job ? null : "Fit a model first";
      case "report": return this.fit ? null : "Fit a model first";
    }
  }

  go(step: Step): void {
    if (this.blocked(step) !== null) return;
    // an info notice ("Imported …") belongs to the step that raised it; errors stay until dismissed
    if (step !== this.step && this.notice?.kind === "info") this.notice = null;
    this.step = step;
  }

  async init(): Promise<void> {
    this.unsubscribe.push(this.api.subscribe((e) => this.onEvent(e)));
    // The Electron shell's menu (File › Import, View › one item per step) sends "step:<id>".
    const menu = this.api.onMenu?.((command) => {
      const step = STEPS.find((s) => `step:${s.id}` === command);
      if (step) this.go(step.id);
    });
    if (menu) this.unsubscribe.push(menu);
    await this.run(async () => {
      this.host = await this.api.hostInfo();
      this.studies = await this.api.listStudies();
    });
  }

  dispose(): void { for (const u of this.unsubscribe.splice(0)) u(); }

  /** Runs an action, showing its error as a notice instead of losing it; resolves false when it failed. */
  async run(action: () => Promise<void>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (e) {
      this.notice = { kind: "error", text: e instanceof Error ? e.message : String(e) };
      return false;
    }
  }

  info(text: string): void { this.notice = { kind: "info", text }; }

  async refreshStudies(): Promise<void> { this.studies = await this.api.listStudies(); }

  async openStudy(study: Study): Promise<void> {
    this.study = study;
    this.datasets = await this.api.listDatasets(study.studyId);
    this.dataset = null;
    this.fit = null;
    this.spec = null;
  }

  async createStudy(name: string, description?: string): Promise<Study> {
    const study = await this.api.createStudy(name, description);
    await this.refreshStudies();
    await this.openStudy(study);
    return study;
  }

  /** Opens a stored dataset with its saved roles (or the suggested ones when none were saved). */
  async openDataset(datasetId: number): Promise<void> {
    const detail = await this.api.getDataset(datasetId);
    this.dataset = detail;
    const saved = Object.entries(detail.roles).some(([k, v]) => (k === "filters" ? (v as string[]).length > 0 : v !== null));
    this.roles = saved ? detail.roles : detail.suggestedRoles;
    this.selection = {};
    this.fit = null;
    this.spec = null;
    if (this.study) this.datasets = await this.api.listDatasets(this.study.studyId);
  }

  async saveRoles(roles: VariableRoles): Promise<void> {
    if (!this.dataset) throw new Error("no dataset is open");
    await this.api.setRoles(this.dataset.datasetId, roles);
    this.roles = roles;
  }

  /** Starts a fit of the open dataset; progress and the outcome arrive as events (see onEvent). */
  async startFit(spec: AnalysisSpec, name: string): Promise<void> {
    if (!this.dataset || !this.study) throw new Error("no dataset is open");
    if (this.job?.status === "running") throw new Error("a fit is already running; wait for it or cancel it");
    this.spec = spec;
    this.analysisName = name;
    const analysis = await this.api.saveAnalysis({ studyId: this.study.studyId, datasetId: this.dataset.datasetId, name, spec, roles: this.roles });
    const { jobId } = await this.api.startFit({ datasetId: this.dataset.datasetId, spec, analysisId: analysis.analysisId });
    this.job = { jobId, status: "running", progress: { phase: "queued" }, startedAt: performance.now(), message: null };
    this.fit = null;
    this.step = "results";
    for (const e of this.early.get(jobId) ?? []) this.onEvent(e);
    this.early.clear();
  }

  async cancelFit(): Promise<void> {
    if (this.job?.status === "running") await this.api.cancelFit(this.job.jobId);
  }

  async openFit(fitId: number): Promise<void> {
    this.fit = await this.api.getFit(fitId);
    this.spec = this.fit.result.spec;
  }

  private onEvent(e: ServiceEvent): void {
    if (!("jobId" in e)) return;
    const job = this.job;
    if (!job || e.jobId !== job.jobId) {
      if (e.kind.startsWith("fit-")) this.early.set(e.jobId, [...(this.early.get(e.jobId) ?? []), e].slice(-20));
      return;
    }
    switch (e.kind) {
      case "fit-progress":
        this.job = { ...job, progress: e.progress };
        break;
      case "fit-done":
        this.job = { ...job, status: "done", progress: { phase: "done" } };
        void this.run(() => this.openFit(e.fitId));
        break;
      case "fit-failed":
        this.job = { ...job, status: "failed", message: e.message };
        break;
      case "fit-cancelled":
        this.job = { ...job, status: "cancelled" };
        break;
    }
  }
}
