import type { RandomTerm } from "../formula/terms.js";
import type { RandomTermDesign } from "./design.js";
import { grouping } from "./grouping.js";
import type { ModelFrame } from "./model-frame.js";
import { codeTerms } from "./model-matrix.js";
import type { FittedVariable } from "./variable.js";

/** The design of one random-effects term: Z (coded like model.matrix of its left side) and its grouping factor. */
export function buildRandom(term: RandomTerm, frame: ModelFrame, vars: ReadonlyMap<string, FittedVariable>): RandomTermDesign {
  const coded = codeTerms(term.effects, vars, frame.nobs);
  const q = coded.names.length;
  const n = frame.nobs;
  const Z = new Float64Array(n * q);
  coded.columns.forEach((col, k) => { for (let i = 0; i < n; i++) Z[i * q + k] = col[i]; });
  const g = grouping(term.group, frame);
  return {
    group: term.groupLabel,
    groupIndex: g.index,
    groupLevels: g.levels,
    termNames: coded.names,
    Z,
    diagonal: term.diagonal,
  };
}
