/**
 * The Import step's working state, kept per AppState rather than in the component: the step is unmounted
 * whenever the user visits another step, and coming back must not lose the chosen parameter, filters and
 * the last check. Studies also sets `view` before it opens this step (a dataset to map, or a file to import).
 */
import type { ColumnLevels, DatasetDetail, Finding, ImportResult, VariableRoles } from "../../../src-main/api/contract.js";
import { emptyRoles } from "../../../src-core/data/roles.js";
import type { AppState } from "../state/app.svelte.js";

export type ImportView = "file" | "mapping";

export class ImportSession {
  /** "file": choose, preview and import a file; "mapping": roles, filters and checks of the open dataset. */
  view = $state<ImportView>("mapping");
  /** The dataset the fields below belong to; another dataset opened resets them. */
  datasetId = $state<number | null>(null);
  /** The roles being edited; app.roles changes only when they are saved. */
  roles = $state.raw<VariableRoles>(emptyRoles());
  parameterValue = $state<string | null>(null);
  /** Per filter column: a value, null for "missing", absent for any. */
  flagValues = $state.raw<Record<string, string | null>>({});
  extra = $state("");
  /** Levels (with row counts) of the parameter and filter columns, fetched once per dataset. */
  levels = $state.raw<Record<string, ColumnLevels>>({});
  /** The import that created the open dataset, for the mapping reasons and the findings at import. */
  imported = $state.raw<ImportResult | null>(null);
  /** Findings of the last check, null before one ran. */
  findings = $state.raw<Finding[] | null>(null);
  /** What was checked (roles and where filter); the check stands while nothing has changed since. */
  checkedKey = $state<string | null>(null);

  /** The opened dataset the fields belong to (not reactive: only compared). */
  private source: DatasetDetail | null = null;

  /**
   * Starts over with `roles` (the saved or suggested ones) when `dataset` is not the one held. Compared by
   * identity: AppState.openDataset clears the selection even when it opens the same dataset again, and the
   * choices here must not outlive the selection they were applied as.
   */
  follow(dataset: DatasetDetail | null, roles: VariableRoles): void {
    if (dataset === this.source) return;
    this.source = dataset;
    const datasetId = dataset?.datasetId ?? null;
    this.datasetId = datasetId;
    this.roles = roles;
    this.parameterValue = null;
    this.flagValues = {};
    this.extra = "";
    this.levels = {};
    this.findings = null;
    this.checkedKey = null;
    if (this.imported?.datasetId !== datasetId) this.imported = null;
  }

}

const sessions = new WeakMap<AppState, ImportSession>();

export function importSession(app: AppState): ImportSession {
  let s = sessions.get(app);
  if (!s) {
    s = new ImportSession();
    sessions.set(app, s);
  }
  return s;
}

/** The key of what a check covers: the same roles and filter give the same key. */
export function checkKey(roles: VariableRoles, where: string): string {
  return JSON.stringify([roles, where]);
}
