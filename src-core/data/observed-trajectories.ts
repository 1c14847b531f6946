import { cellNumber, cellText, sortLevels } from "./cells.js";
import type { DataFrame } from "./frame.js";
import { roleColumn, visitLevels, type VariableRoles } from "./roles.js";
import { selectRows, type RowSelection } from "./selection.js";
import { spreadIndices } from "./spread.js";
import { LongitudeError } from "../errors.js";

/** One subject's observed outcome at each visit (null where nothing numeric was observed). */
export interface ObservedTrajectory {
  subject: string;
  /** The arm at the subject's first selected row; "" when missing. */
  arm: string;
  values: (number | null)[];
}

export interface ObservedTrajectories {
  outcome: string;
  visits: string[];
  subjectsPerArm: Record<string, number>;
  subjects: ObservedTrajectory[];
}

/**
 * The observed outcome of a deterministic sample of subjects over the visits, before any fit: per arm (arms
 * in level order), `perArm` subjects spread evenly over the arm's subjects sorted by ID (spreadIndices), among
 * those with at least one observed value. When a subject has several rows at a visit the first is shown.
 * Needs the subject, visit and outcome roles; the arm role is optional ("" for every subject without it).
 */
export function observedTrajectories(frame: DataFrame, roles: VariableRoles, selection: RowSelection = {}, perArm = 50): ObservedTrajectories {
  for (const role of ["subject", "visit", "outcome"] as const) {
    if (roles[role] === null) throw new LongitudeError("bad-spec", `the subject trajectories need a column for the ${role}; choose one`);
  }
  const subjectCol = roleColumn(frame, roles, "subject")!;
  const visitCol = roleColumn(frame, roles, "visit")!;
  const outcomeCol = roleColumn(frame, roles, "outcome")!;
  const armCol = roleColumn(frame, roles, "arm");
  const rows = selectRows(frame, roles, selection);
  const visits = visitLevels(frame, roles, rows);
  const visitIndex = new Map(visits.map((v, k) => [v, k]));

  const subjects = new Map<string, { arm: string; values: (number | null)[]; observed: boolean }>();
  for (const r of rows) {
    const subject = cellText(subjectCol, r);
    const visit = cellText(visitCol, r);
    const k = visit === null ? undefined : visitIndex.get(visit);
    if (subject === null || k === undefined) continue;
    let s = subjects.get(subject);
    if (!s) {
      s = { arm: armCol ? (cellText(armCol, r) ?? "") : "", values: visits.map(() => null), observed: false };
      subjects.set(subject, s);
    }
    const y = cellNumber(outcomeCol, r);
    if (s.values[k] === null && !Number.isNaN(y)) {
      s.values[k] = y;
      s.observed = true;
    }
  }

  const byArm = new Map<string, string[]>();
  for (const [id, s] of subjects) {
    if (!s.observed) continue;
    const list = byArm.get(s.arm);
    if (list) list.push(id);
    else byArm.set(s.arm, [id]);
  }
  const arms = sortLevels(byArm.keys(), armCol?.kind === "numeric");
  const subjectsPerArm: Record<string, number> = {};
  const out: ObservedTrajectory[] = [];
  for (const arm of arms) {
    const ids = sortLevels(byArm.get(arm)!, subjectCol.kind === "numeric");
    subjectsPerArm[arm] = ids.length;
    for (const j of spreadIndices(ids.length, perArm)) out.push({ subject: ids[j], arm, values: subjects.get(ids[j])!.values });
  }
  return { outcome: outcomeCol === null ? "" : roles.outcome!, visits, subjectsPerArm, subjects: out };
}
