import { LongitudeError } from "../errors.js";
import type { ResidualTerm } from "../formula/terms.js";
import { formatNumber } from "../formula/number.js";
import type { ResidualDesign } from "./design.js";
import type { ModelFrame } from "./model-frame.js";

/** Positions of the rows for sp_exp: the distinct coordinate vectors, sorted, and each row's index among them. */
function coordinatePositions(term: ResidualTerm, frame: ModelFrame): { coords: number[][]; position: Int32Array } {
  const cols = term.time.map((c) => frame.numeric(c, `the coordinates of ${term.text}`));
  const n = frame.nobs;
  const byKey = new Map<string, number[]>();
  const keys: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = cols.map((a) => a[i]);
    keys[i] = v.join(",");
    if (!byKey.has(keys[i])) byKey.set(keys[i], v);
  }
  const sorted = [...byKey.entries()].sort(([, a], [, b]) => {
    for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return a[j] - b[j];
    return 0;
  });
  const at = new Map(sorted.map(([k], i) => [k, i]));
  return { coords: sorted.map(([, v]) => v), position: Int32Array.from(keys, (k) => at.get(k)!) };
}

/**
 * The residual covariance design: subject blocks, each row's position (visit level or coordinate index), and
 * the group for per-group covariance. Two rows of one subject at the same position are an error.
 */
export function buildResidual(term: ResidualTerm, frame: ModelFrame): ResidualDesign {
  const subject = frame.factor(term.subject);
  let position: Int32Array;
  let positionLevels: string[];
  let coordinates: number[][] | null = null;
  if (term.structure === "sp_exp") {
    const c = coordinatePositions(term, frame);
    position = c.position;
    coordinates = c.coords;
    positionLevels = c.coords.map((v) => v.map(formatNumber).join(", "));
  } else {
    const time = frame.factor(term.time[0]);
    position = time.index;
    positionLevels = [...time.info.levels];
  }
  let group: ResidualDesign["group"] = null;
  let groupLevels: string[] | null = null;
  let groupIndex: Int32Array | null = null;
  if (term.group !== null) {
    const g = frame.factor(term.group);
    group = term.group;
    groupLevels = [...g.info.levels];
    groupIndex = g.index;
    const seen = new Int32Array(subject.info.levels.length).fill(-1);
    for (let i = 0; i < frame.nobs; i++) {
      const s = subject.index[i];
      if (seen[s] >= 0 && seen[s] !== g.index[i]) {
        throw new LongitudeError("bad-data", `subject ${subject.info.levels[s]} is in more than one ${term.group} group (${groupLevels[seen[s]]} and ${groupLevels[g.index[i]]}, row ${frame.rowNumber(i)}); each subject must belong to one group in ${term.text}`);
      }
      seen[s] = g.index[i];
    }
  }
  const firstRow = new Map<number, number>();
  const pairs: string[] = [];
  let count = 0;
  const npos = positionLevels.length;
  for (let i = 0; i < frame.nobs; i++) {
    const key = subject.index[i] * npos + position[i];
    const prev = firstRow.get(key);
    if (prev === undefined) { firstRow.set(key, i); continue; }
    count++;
    if (pairs.length < 3) {
      const at = term.structure === "sp_exp" ? `coordinates (${positionLevels[position[i]]})` : `visit ${positionLevels[position[i]]}`;
      pairs.push(`subject ${subject.info.levels[subject.index[i]]} ${at} (rows ${frame.rowNumber(prev)} and ${frame.rowNumber(i)})`);
    }
  }
  if (count > 0) {
    const more = count > pairs.length ? ` and ${count - pairs.length} more` : "";
    throw new LongitudeError("duplicate-visit", `${count} used row${count > 1 ? "s repeat" : " repeats"} a subject's ${term.structure === "sp_exp" ? "coordinates" : "visit"} in ${term.text}: ${pairs.join("; ")}${more}; keep one record per subject and visit, e.g. with a where filter such as ANL01FL == "Y"`);
  }
  return {
    structure: term.structure,
    subject: term.subject,
    subjectIndex: subject.index,
    subjectLevels: [...subject.info.levels],
    time: [...term.time],
    position,
    positionLevels,
    coordinates,
    group,
    groupLevels,
    groupIndex,
  };
}
