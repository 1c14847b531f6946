/**
 * The Model step's working state: the draft behind the form, the analysis name, and the column levels the
 * reference choices need. It outlives the step's component (one per AppState and dataset), so going to
 * Results and back keeps the user's model.
 */
import type { ColumnInfo } from "../../../src-main/api/contract.js";
import type { AppState } from "../state/app.svelte.js";
import { type ModelDraft, emptyDraft, hasVisitFactor } from "./draft.js";
import { draftFormula, draftSpec } from "./formula.js";
import { specDraft } from "./from-spec.js";
import { suggestArmReference } from "./reference.js";
import { type TemplateId, startingTemplate, template } from "./templates.js";
import { type DraftIssue, hasErrors, validateDraft } from "./validate.js";
import { whereWithParameter } from "./where.js";

/** A name for the analysis from the model's kind and outcome, e.g. "MMRM FEV1", until the user types one. */
export function defaultName(d: ModelDraft, parameterValue?: string): string {
  const kind = d.random === "slope" || d.random === "slope-uncorrelated" ? "Random slope"
    : d.structure !== "none" ? "MMRM"
    : d.random === "intercept" ? "Random intercept"
    : "Linear model";
  const param = parameterValue !== undefined && parameterValue !== d.outcome ? ` ${parameterValue}` : "";
  return `${kind} ${d.outcome ?? ""}${param}`.trim();
}

export class ModelBuilder {
  private readonly app: AppState;
  readonly datasetId: number | null;
  draft: ModelDraft = $state(emptyDraft());
  /** Levels of the columns asked for so far, in the model's level order. */
  levels = $state.raw<Record<string, string[]>>({});
  /** True while startFit is on its way. */
  starting = $state(false);
  /** Why the last model could not be put back in the form, when it could not. */
  fromSpecProblem = $state<string | null>(null);
  private typedName = $state<string | null>(null);
  /** The draft as the last template or spec left it: the form counts as untouched while it still matches. */
  private filled = "";
  private filledFrom: { roles: AppState["roles"]; selection: AppState["selection"]; template: TemplateId } | null = null;
  private requested = new Set<string>();
  /** The where filter the levels were read under. */
  private levelsWhere = "";

  columns: readonly ColumnInfo[] = $derived.by(() => this.app.dataset?.columnInfo ?? []);
  formula: string = $derived(draftFormula(this.draft));
  spec = $derived(draftSpec(this.draft, this.columns));
  issues: DraftIssue[] = $derived.by(() => {
    const found = validateDraft(this.draft, this.columns, { levels: this.levels, parameter: this.app.roles.parameter });
    if (this.name.trim() === "") found.push({ field: "name", message: "Give the analysis a name: it labels the fit and the report.", severity: "error" });
    return found;
  });

  constructor(app: AppState, datasetId: number | null) {
    this.app = app;
    this.datasetId = datasetId;
    this.applyTemplate(startingTemplate(app.roles));
  }

  get name(): string {
    return this.typedName ?? defaultName(this.draft, this.app.selection.parameterValue);
  }

  set name(value: string) {
    this.typedName = value;
  }

  /** Why "Fit model" cannot be pressed now, or null. */
  get fitBlocked(): string | null {
    if (!this.app.dataset) return "Open a dataset first.";
    if (this.app.job?.status === "running") return "A fit is running; wait for it, or cancel it in Results.";
    if (this.starting) return "Starting the fit…";
    const errors = this.issues.filter((i) => i.severity === "error");
    if (errors.length === 0) return null;
    return errors.length === 1 ? `Fix this first: ${errors[0].message}` : `Fix the ${errors.length} problems listed first: ${errors[0].message}`;
  }

  /** The where filter of the Explore step's selection, with its parameter written in. */
  get selectionWhere(): string {
    return whereWithParameter(this.app.selection, this.app.roles.parameter);
  }

  /** Columns whose levels the form or the checks need: the arm, the visit, factor covariates, the parameter. */
  get levelColumns(): string[] {
    const d = this.draft;
    const factors = d.covariates.filter((c) => c.kind === "factor").map((c) => c.column);
    const wanted = [d.arm, hasVisitFactor(d) ? d.time : null, ...factors, this.app.roles.parameter];
    const known = new Set(this.columns.map((c) => c.name));
    return [...new Set(wanted.filter((c): c is string => c !== null && known.has(c)))];
  }

  applyTemplate(id: TemplateId): void {
    this.draft = this.templateDraft(id);
    this.typedName = null;
    this.fromSpecProblem = null;
    this.markFilled(id);
  }

  /** Puts the last fitted spec back in the form, when the form can hold it. */
  startFromLast(): void {
    const spec = this.app.spec;
    if (!spec) return;
    const parsed = specDraft(spec, this.app.roles, this.columns);
    if (!parsed.ok) {
      this.fromSpecProblem = parsed.reason;
      return;
    }
    this.fromSpecProblem = null;
    this.draft = parsed.draft;
    this.typedName = this.app.analysisName || null;
    this.filled = JSON.stringify(this.draft);
    this.filledFrom = null;
  }

  /**
   * Called when the step is shown again: if the roles or the selection changed in Explore and the form was
   * not touched since, the template is filled again from them.
   */
  refresh(): void {
    const from = this.filledFrom;
    if (!from || this.edited) return;
    if (from.roles !== this.app.roles || from.selection !== this.app.selection) this.applyTemplate(from.template);
  }

  get edited(): boolean {
    return JSON.stringify(this.draft) !== this.filled;
  }

  /**
   * Fetches a column's levels once (for the reference selects and the checks), among the rows the analysis
   * selects: a level the filter removes is not offered. A new selection starts the list afresh.
   */
  async loadLevels(column: string): Promise<void> {
    const where = this.app.selection.where ?? "";
    if (where !== this.levelsWhere) {
      this.levelsWhere = where;
      this.requested.clear();
      this.levels = {};
    }
    if (this.datasetId === null || this.requested.has(column)) return;
    this.requested.add(column);
    const datasetId = this.datasetId;
    const ok = await this.app.run(async () => {
      const found = await this.app.api.columnLevels(datasetId, column, where === "" ? undefined : where);
      if (where !== this.levelsWhere) return; // the selection changed while this was on its way
      this.levels = { ...this.levels, [column]: found.levels.map((l) => l.value) };
      this.suggestReference(column);
    });
    if (!ok) this.requested.delete(column);
  }

  async fit(): Promise<void> {
    if (this.fitBlocked !== null) return;
    this.starting = true;
    try {
      await this.app.run(() => this.app.startFit($state.snapshot(this.spec), this.name.trim()));
    } finally {
      this.starting = false;
    }
  }

  private templateDraft(id: TemplateId): ModelDraft {
    const d = template(id, this.app.roles, (this.app.dataset?.columnInfo ?? []).map((c) => c.name));
    d.where = whereWithParameter(this.app.selection, this.app.roles.parameter);
    if (d.arm !== null && this.levels[d.arm]) d.referenceArm = suggestArmReference(this.levels[d.arm]);
    return d;
  }

  private markFilled(id: TemplateId): void {
    this.filled = JSON.stringify(this.draft);
    this.filledFrom = { roles: this.app.roles, selection: this.app.selection, template: id };
  }

  /** A placebo-like arm level becomes the reference when the arm's levels arrive, unless one was chosen. */
  private suggestReference(column: string): void {
    if (this.draft.arm !== column || this.draft.referenceArm !== null) return;
    const suggested = suggestArmReference(this.levels[column]);
    if (suggested === null) return;
    const untouched = !this.edited;
    this.draft.referenceArm = suggested;
    if (untouched) this.filled = JSON.stringify(this.draft);
  }
}

const builders = new WeakMap<AppState, ModelBuilder>();

/** The builder of the open dataset, kept across visits to the step; a new one when the dataset changes. */
export function builderFor(app: AppState): ModelBuilder {
  const datasetId = app.dataset?.datasetId ?? null;
  const existing = builders.get(app);
  if (existing && existing.datasetId === datasetId) {
    existing.refresh();
    return existing;
  }
  const created = new ModelBuilder(app, datasetId);
  builders.set(app, created);
  return created;
}
