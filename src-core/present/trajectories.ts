import { cellNumber, cellText, sortLevels } from "../data/cells.js";
import type { Column, DataFrame } from "../data/frame.js";
import { roleColumn, type VariableRoles } from "../data/roles.js";
import { spreadIndices } from "../data/spread.js";
import { LongitudeError } from "../errors.js";
import type { FitResult } from "../result.js";

/** One subject's observed outcome and fitted value at each visit, for the spaghetti plot. */
export interface SubjectTrajectory {
  subject: string;
  /** The subject's arm (at its first used row); ALL_SUBJECTS when the arm role is unset. */
  arm: string;
  /** One point per visit, in the order of `visits`; null where the subject has no used observation. */
  points: { visit: string; observed: number | null; fitted: number | null }[];
}

/** The arm name given to every subject when the roles name no arm column. */
export const ALL_SUBJECTS = "All subjects";

/**
 * A deterministic sample of subjects with their observed and fitted outcome at each visit. Per arm (arms in
 * the model's level order), `perArm` subjects spread evenly over the arm's subjects sorted by ID (see
 * spreadIndices), counting only subjects with at least one used observation at one of `visits`.
 *
 * Observed is the model's response column at the row of each used observation (result.observations.row, the
 * 0-based frame row); fitted is the conditional fitted value (fixed effects plus predicted random effects)
 * when the model has random effects, else the marginal fitted value. When a subject has several used rows
 * at one visit, the first is shown. `frame` must be the data the model was fitted to.
 */
export function subjectTrajectories(frame: DataFrame, roles: VariableRoles, result: FitResult, visits: readonly string[], perArm = 6): SubjectTrajectory[] {
  const subjectCol = needed(frame, roles, "subject");
  const visitCol = needed(frame, roles, "visit");
  const armCol = roleColumn(frame, roles, "arm");
  const outcomeCol = frame.columns[result.response] ?? roleColumn(frame, roles, "outcome");
  const obs = result.observations;
  const fitted = obs.conditionalFitted ?? obs.fitted;
  const visitIndex = new Map(visits.map((v, k) => [v, k]));

  // Per subject: its arm and, per visit, the first used observation there.
  const subjects = new Map<string, { arm: string; at: (number | null)[] }>();
  obs.row.forEach((r, i) => {
    const subject = cellText(subjectCol, r);
    const visit = cellText(visitCol, r);
    const k = visit === null ? undefined : visitIndex.get(visit);
    if (subject === null || k === undefined) return;
    let s = subjects.get(subject);
    if (!s) {
      s = { arm: armCol ? (cellText(armCol, r) ?? "(missing)") : ALL_SUBJECTS, at: visits.map(() => null) };
      subjects.set(subject, s);
    }
    if (s.at[k] === null) s.at[k] = i;
  });

  const byArm = new Map<string, string[]>();
  for (const [subject, s] of subjects) {
    const list = byArm.get(s.arm);
    if (list) list.push(subject);
    else byArm.set(s.arm, [subject]);
  }
  const arms = sortLevels(byArm.keys(), armCol?.kind === "numeric");
  const out: SubjectTrajectory[] = [];
  for (const arm of arms) {
    const ids = sortLevels(byArm.get(arm)!, subjectCol.kind === "numeric");
    for (const j of spreadIndices(ids.length, perArm)) {
      const subject = ids[j];
      const s = subjects.get(subject)!;
      out.push({
        subject,
        arm,
        points: visits.map((visit, k) => {
          const i = s.at[k];
          if (i === null) return { visit, observed: null, fitted: null };
          const y = outcomeCol ? cellNumber(outcomeCol, obs.row[i]) : NaN;
          return { visit, observed: Number.isNaN(y) ? null : y, fitted: fitted[i] };
        }),
      });
    }
  }
  return out;
}

function needed(frame: DataFrame, roles: VariableRoles, role: "subject" | "visit"): Column {
  const col = roleColumn(frame, roles, role);
  if (!col) throw new LongitudeError("bad-spec", `subject trajectories need a column for the ${role}; choose one`);
  return col;
}
