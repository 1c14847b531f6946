import type { Design } from "../design/design.js";
import type { BlockStructure } from "./blocks.js";

/**
 * Which random terms the Woodbury path (woodbury.ts, docs/math/reml.md "Large blocks") moves out of the blocks.
 *
 * The rows are cut into inner units: the levels of one grouping (each row alone, the residual subject, or a
 * random term's group) such that the residual subject and every inner random term lie within one unit, and
 * every outer random term's level holds whole units. Then V_b = D_b + U_b 𝒢 U_bᵀ with D block diagonal over
 * the units. Among the valid groupings whose units have at most MAX_UNIT rows, the one with the fewest outer
 * columns r wins; the path is used when the ordinary blocks are larger than MAX_UNIT rows and r ≤ MAX_OUTER.
 */
export interface OuterSplit {
  /** Random term indices whose effects become columns of the augmented X. */
  readonly outer: readonly number[];
  /** Columns those effects add: Σ over outer terms of levels × dim. */
  readonly r: number;
}

const MAX_UNIT = 64;
const MAX_OUTER = 400;

/** partition a refines partition b: every level of a lies within one level of b. */
function refines(a: Int32Array, b: Int32Array): boolean {
  const map = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const seen = map.get(a[i]);
    if (seen === undefined) map.set(a[i], b[i]);
    else if (seen !== b[i]) return false;
  }
  return true;
}

function largestLevel(index: Int32Array): number {
  const counts = new Map<number, number>();
  let max = 0;
  for (const v of index) { const c = (counts.get(v) ?? 0) + 1; counts.set(v, c); if (c > max) max = c; }
  return max;
}

export function outerSplit(design: Design, mode: "auto" | "always" = "auto", blocks?: BlockStructure): OuterSplit | null {
  if (design.random.length === 0) return null;
  if (mode === "auto" && blocks && Math.max(...blocks.patterns.map((g) => g.n)) <= MAX_UNIT) return null;
  const N = design.nobs;
  const res = design.residual;
  const candidates: Int32Array[] = [];
  if (!res) candidates.push(Int32Array.from({ length: N }, (_, i) => i));
  else candidates.push(res.subjectIndex);
  for (const t of design.random) candidates.push(t.groupIndex);
  let best: OuterSplit | null = null;
  for (const unit of candidates) {
    if (res && !refines(res.subjectIndex, unit)) continue;
    if (largestLevel(unit) > MAX_UNIT) continue;
    const outer: number[] = [];
    let r = 0, valid = true;
    design.random.forEach((t, k) => {
      if (refines(t.groupIndex, unit)) return;
      if (!refines(unit, t.groupIndex)) { valid = false; return; }
      outer.push(k);
      r += t.groupLevels.length * t.termNames.length;
    });
    if (!valid || outer.length === 0 || r > MAX_OUTER) continue;
    if (!best || r < best.r) best = { outer, r };
  }
  return best;
}
