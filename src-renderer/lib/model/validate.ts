/**
 * Checks a draft before it can be fitted, in plain words naming the field to change. Errors block the fit;
 * warnings only inform. The generated formula and the where filter also go through the core's own parsers,
 * so nothing the core would reject on syntax can be submitted.
 */
import type { ColumnInfo } from "../../../src-main/api/contract.js";
import type { DataFrame } from "../../../src-core/data/frame.js";
import { whereMask } from "../../../src-core/design/where.js";
import { formulaTerms } from "../../../src-core/formula/terms.js";
import { draftColumns, hasVisitFactor, type ModelDraft } from "./draft.js";
import { draftFormula, formulaName } from "./formula.js";
import { absorbsIntercept, orderMatters, structureCode, structureParameters } from "./options.js";
import { whereString } from "../import/selection.js";
import { whereNames } from "./where.js";

export interface DraftIssue {
  /** The draft field to change ("outcome", "time", "structure", ...), or "formula" / "where". */
  field: string;
  message: string;
  severity: "error" | "warning";
}

export interface ValidateContext {
  /** Known levels of columns (from columnLevels), for the size of the covariance and the visit order. */
  levels?: Readonly<Record<string, readonly string[]>>;
  /** The parameter role: a stacked BDS dataset must be filtered to one parameter. */
  parameter?: string | null;
}

/** Beyond this many covariance parameters a fit takes long enough to be worth saying so beforehand. */
const MANY_PARAMETERS = 50;

/** Whether the numbers in the levels fall out of order in the model's level order: VIS1, VIS10, VIS2 gives 1, 10, 2. */
function outOfNumericOrder(levels: readonly string[]): boolean {
  const numbers = levels.map((l) => /\d+(?:\.\d+)?/.exec(l)).filter((m) => m !== null).map((m) => Number(m[0]));
  return numbers.some((x, i) => i > 0 && x < numbers[i - 1]);
}

/** The draft field behind a role named in a message. */
function fieldOf(role: string): string {
  return role === "covariate" ? "covariates" : role === "visit" ? "time" : role === "site" ? "siteIntercept" : role;
}

/** A zero-row frame of the dataset's columns: enough for the where filter's names and kinds to be checked. */
function emptyFrame(columns: readonly ColumnInfo[]): DataFrame {
  const frame: Record<string, DataFrame["columns"][string]> = {};
  for (const c of columns) frame[c.name] = c.type === "numeric" ? { kind: "numeric", values: new Float64Array(0) } : { kind: "character", values: [] };
  return { nrow: 0, names: columns.map((c) => c.name), columns: frame };
}

export function validateDraft(d: ModelDraft, columns: readonly ColumnInfo[], context: ValidateContext = {}): DraftIssue[] {
  const issues: DraftIssue[] = [];
  const error = (field: string, message: string): void => { issues.push({ field, message, severity: "error" }); };
  const warning = (field: string, message: string): void => { issues.push({ field, message, severity: "warning" }); };
  const byName = new Map(columns.map((c) => [c.name, c]));
  const isText = (name: string): boolean => byName.get(name)?.type === "character";
  const visit = hasVisitFactor(d);
  const timeWord = d.timeKind === "visit" ? "visit" : "time";

  const roles = draftColumns(d);
  // Columns that are not in this dataset (a draft kept from another dataset, or a stale saved spec).
  for (const r of roles.filter((c) => !byName.has(c.column))) error(fieldOf(r.role), `The ${r.role} ${r.column} is not a column of this dataset; choose another.`);
  for (const r of roles.filter((c) => c.column.includes("`"))) {
    error(fieldOf(r.role), `The column name ${r.column} contains a backtick, which a formula cannot hold; rename the column in the data and import it again.`);
  }

  if (d.outcome === null) error("outcome", "Choose the outcome: the column the model explains.");
  else if (isText(d.outcome)) error("outcome", `The outcome ${d.outcome} is a text column; choose a numeric column.`);

  // One column in two roles makes the model meaningless (or aliased away); name both roles.
  const reported = new Set<string>();
  for (let i = 0; i < roles.length; i++) {
    for (let j = i + 1; j < roles.length; j++) {
      const a = roles[i];
      const b = roles[j];
      if (a.column !== b.column || reported.has(a.column)) continue;
      reported.add(a.column);
      if (a.role === b.role) error(fieldOf(b.role), `${a.column} is chosen twice as a covariate.`);
      else error(fieldOf(b.role), `The ${a.role} and the ${b.role} are the same column.`);
    }
  }

  if (d.baseline !== null && isText(d.baseline)) error("baseline", `The baseline ${d.baseline} is a text column; choose a numeric column.`);
  for (const c of d.covariates) {
    if (c.kind === "numeric" && isText(c.column)) error("covariates", `The covariate ${c.column} is a text column; it can only enter as a factor.`);
  }
  if (d.time !== null && d.timeKind === "continuous" && isText(d.time)) {
    error("time", `The time ${d.time} is a text column; a continuous time must be numeric (such as AVISITN or ADY), or use ${d.time} as a visit factor.`);
  }

  const repeated = d.random !== "none" || d.structure !== "none";
  if (d.subject === null && repeated) error("subject", "Choose the subject: the column that identifies each patient's repeated measures.");
  if (!repeated) warning("random", "With neither random effects nor a residual structure, the repeated measures of a subject are treated as independent.");

  if (d.random === "slope" || d.random === "slope-uncorrelated") {
    if (d.time === null) error("random", "A random slope needs a continuous time; choose the time column.");
    else if (d.timeKind === "visit") error("random", "A random slope needs a continuous time; the visit is a factor.");
  }

  if (d.structure !== "none") {
    const code = structureCode(d.structure);
    if (!visit) error("structure", `The residual structure needs a visit factor: choose the visit and set it to "Visit (factor)", or choose no residual structure.`);
    if (d.perArm && d.arm === null) error("perArm", "Separate covariance per arm needs an arm; choose the arm or clear the option.");
    const visits = visit ? context.levels?.[d.time as string] : undefined;
    if (visits) {
      const groups = d.perArm && d.arm !== null ? context.levels?.[d.arm]?.length ?? 1 : 1;
      const q = structureParameters(d.structure, visits.length) * groups;
      if (q >= MANY_PARAMETERS) {
        const what = d.structure === "us" ? "An unstructured covariance" : `A ${code} covariance`;
        const count = groups > 1 ? `${q / groups} parameters per arm, ${q} in all` : `${q} parameters`;
        warning("structure", `${what} over ${visits.length} visits has ${count}; expect a slow fit.`);
      }
      if (orderMatters(d.structure) && isText(d.time as string) && outOfNumericOrder(visits)) {
        warning("structure", `${code} depends on the order of the visits, and the text visit ${d.time} is ordered by name (${visits.slice(0, 4).join(", ")}, …); if that is not the visit order, use a numeric visit column such as AVISITN.`);
      }
    }
    if (d.random === "intercept" && absorbsIntercept(d.structure)) {
      warning("random", `A random intercept on top of the ${code} residual covariance cannot be told apart from it; drop the random intercept or choose AR(1).`);
    }
  } else if (d.perArm) {
    error("perArm", "Separate covariance per arm needs a residual structure; choose one or clear the option.");
  }

  if (visit && d.time !== null) {
    const n = context.levels?.[d.time]?.length;
    if (n !== undefined && n > 30) warning("time", `The visit ${d.time} has ${n} distinct values; as a factor each gets its own mean. If it is a study day, make it a continuous time.`);
  }

  if (d.baselineByTime && (d.baseline === null || d.time === null)) error("baselineByTime", `Baseline × ${timeWord} needs both a baseline and a ${timeWord}.`);
  if (d.lsmeans && d.arm === null) error("lsmeans", "LS means of the arm need an arm; choose the arm or clear LS means.");

  if ((d.ddf === "kenward-roger" || d.ddf === "kenward-roger-linear") && d.method === "ML") {
    error("ddf", "Kenward-Roger needs REML; with ML choose Satterthwaite or residual df.");
  }
  if (!(d.confidence >= 0.5 && d.confidence <= 0.999)) error("confidence", "The confidence level must be between 50% and 99.9%.");

  const where = d.where.trim();
  if (where !== "") {
    try {
      whereMask(where, emptyFrame(columns));
    } catch (e) {
      error("where", `The where filter cannot be used: ${message(e)}.`);
    }
  }
  const parameter = context.parameter ?? null;
  const parameterLevels = parameter !== null ? context.levels?.[parameter] : undefined;
  if (parameter !== null && byName.has(parameter) && (parameterLevels === undefined || parameterLevels.length > 1) && !whereNames(where, parameter)) {
    const example = parameterLevels?.[0] ?? "…";
    warning("where", `The data stack several parameters in ${parameter}; select one in the where filter, e.g. ${formulaName(parameter)} == ${whereString(example)}.`);
  }

  // Only a well-formed draft is worth parsing; then any parser complaint is a fault of the builder or a name.
  if (!issues.some((i) => i.severity === "error")) {
    try {
      formulaTerms(draftFormula(d));
    } catch (e) {
      error("formula", `The formula cannot be read: ${message(e)}.`);
    }
  }
  return issues;
}

function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/\.$/, "");
}

/** Whether any issue blocks the fit. */
export function hasErrors(issues: readonly DraftIssue[]): boolean {
  return issues.some((i) => i.severity === "error");
}
