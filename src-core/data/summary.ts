import { LongitudeError } from "../errors.js";
import { cellNumber, cellText, sortLevels } from "./cells.js";
import type { DataFrame } from "./frame.js";
import { roleColumn, visitLevels, type VariableRoles } from "./roles.js";
import { selectRows, type RowSelection } from "./selection.js";

/** Subjects in one arm. */
export interface ArmSubjects {
  arm: string;
  /** Subjects with at least one row considered in this arm. */
  subjects: number;
  /** Of those, subjects with at least one observed outcome. */
  withOutcome: number;
}

/** The observed outcome in one arm at one visit. */
export interface VisitCell {
  arm: string;
  visit: string;
  /** Rows with an observed (non-missing, numeric) outcome. */
  n: number;
  /** Their mean; null when n = 0. */
  mean: number | null;
  /** Their standard deviation with denominator n − 1; null when n < 2. */
  sd: number | null;
}

/** How many subjects of an arm have their last observed outcome at a visit (null: no observed outcome at all). */
export interface DropoutCell {
  arm: string;
  lastVisit: string | null;
  subjects: number;
}

/** A description of the data a model would see, before fitting. Plain data, so it serialises as JSON as it is. */
export interface DataSummary {
  outcome: string;
  arm: string;
  visit: string;
  subject: string;
  rows: {
    /** Rows passing the where filter and the parameter selection. */
    considered: number;
    /** Of those, rows left out of every table because their subject, arm or visit is missing. */
    missingKey: number;
    /** Of the placed rows, those whose text outcome does not read as a number (counted as not observed). */
    nonNumericOutcome: number;
  };
  /** In the model's level order (numeric for a numeric arm column, R's collation for text). */
  arms: ArmSubjects[];
  /** In visit order (see visitLevels). */
  visits: string[];
  /** Arm by arm, visits in visit order within each arm; every combination, n = 0 included. */
  cells: VisitCell[];
  /** Arm by arm, visits in visit order then null; every combination, 0 included. */
  dropout: DropoutCell[];
}

/** Mean and SD (n − 1) in two passes, as R's mean() and sd() do, so that the result does not lose digits to cancellation. */
function meanSd(x: readonly number[]): { mean: number | null; sd: number | null } {
  const n = x.length;
  if (n === 0) return { mean: null, sd: null };
  let sum = 0;
  for (const v of x) sum += v;
  const mean = sum / n;
  if (n < 2) return { mean, sd: null };
  let ss = 0;
  for (const v of x) ss += (v - mean) * (v - mean);
  return { mean, sd: Math.sqrt(ss / (n - 1)) };
}

function required(roles: VariableRoles, role: "subject" | "arm" | "visit" | "outcome"): string {
  const name = roles[role];
  if (name === null) throw new LongitudeError("bad-spec", `the data summary needs a column for the ${role}; choose one`);
  return name;
}

/**
 * Summarises the rows passing `where` and the parameter selection: subjects per arm, observed outcomes per arm
 * and visit with their mean and SD, and the dropout pattern (subjects by the last visit with an observed
 * outcome). A subject whose arm changes (see checkData) counts in each of its arms. Throws LongitudeError when a
 * needed role is unset or names an absent column, or for a bad where filter.
 */
export function summariseData(frame: DataFrame, roles: VariableRoles, options: RowSelection = {}): DataSummary {
  const names = { subject: required(roles, "subject"), arm: required(roles, "arm"), visit: required(roles, "visit"), outcome: required(roles, "outcome") };
  const subjectCol = roleColumn(frame, roles, "subject")!;
  const armCol = roleColumn(frame, roles, "arm")!;
  const visitCol = roleColumn(frame, roles, "visit")!;
  const outcomeCol = roleColumn(frame, roles, "outcome")!;
  const considered = selectRows(frame, roles, options);

  let missingKey = 0;
  let nonNumericOutcome = 0;
  const placed: { r: number; subject: string; arm: string; visit: string; y: number }[] = [];
  for (const r of considered) {
    const subject = cellText(subjectCol, r);
    const arm = cellText(armCol, r);
    const visit = cellText(visitCol, r);
    if (subject === null || arm === null || visit === null) { missingKey++; continue; }
    const y = cellNumber(outcomeCol, r);
    if (Number.isNaN(y) && cellText(outcomeCol, r) !== null) nonNumericOutcome++;
    placed.push({ r, subject, arm, visit, y });
  }

  const arms = sortLevels(placed.map((p) => p.arm), armCol.kind === "numeric");
  const visits = visitLevels(frame, roles, placed.map((p) => p.r));
  const visitIndex = new Map(visits.map((v, i) => [v, i]));

  // Per arm: each subject's index of the last visit with an observed outcome (-1: none observed).
  const lastSeen = new Map<string, Map<string, number>>(arms.map((a) => [a, new Map()]));
  const values = new Map<string, number[]>();
  for (const p of placed) {
    const subjects = lastSeen.get(p.arm)!;
    const k = visitIndex.get(p.visit)!;
    const observed = !Number.isNaN(p.y);
    subjects.set(p.subject, Math.max(subjects.get(p.subject) ?? -1, observed ? k : -1));
    if (!observed) continue;
    const key = JSON.stringify([p.arm, p.visit]);
    const list = values.get(key);
    if (list) list.push(p.y);
    else values.set(key, [p.y]);
  }

  const cells: VisitCell[] = [];
  const dropout: DropoutCell[] = [];
  const armRows: ArmSubjects[] = [];
  for (const arm of arms) {
    const last = [...lastSeen.get(arm)!.values()];
    armRows.push({ arm, subjects: last.length, withOutcome: last.filter((k) => k >= 0).length });
    visits.forEach((visit, k) => {
      const y = values.get(JSON.stringify([arm, visit])) ?? [];
      cells.push({ arm, visit, n: y.length, ...meanSd(y) });
      dropout.push({ arm, lastVisit: visit, subjects: last.filter((j) => j === k).length });
    });
    dropout.push({ arm, lastVisit: null, subjects: last.filter((j) => j < 0).length });
  }
  return {
    ...names,
    rows: { considered: considered.length, missingKey, nonNumericOutcome },
    arms: armRows,
    visits,
    cells,
    dropout,
  };
}
