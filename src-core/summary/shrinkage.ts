import type { BlupSet, ShrinkageSet, ShrinkageSummary } from "../result.js";

/**
 * Shrinkage of the BLUPs (docs/math/summaries.md). For level i and random-effect column j of a term with
 * covariance G:
 *
 *   shrinkage_ij = PEV_ij / G_jj,   PEV_ij = Var(b̂_ij − b_ij) = (G − G Zᵀ P Z G)_jj   (BlupSet.predictionVariance)
 *
 * that is 1 − reliability: 0 when the level's data pin its effect down (b̂ = b), 1 when they carry no
 * information and b̂ is shrunk all the way to 0. Because Var(b̂) + Var(b̂ − b) = G, the model-based mean
 * over levels equals 1 − mean Var(b̂_ij)/G_jj; `empirical` is the same quantity from the observed spread of
 * the BLUPs, 1 − mean_i(b̂_ij²)/G_jj (about 0, their prior mean).
 */
export function shrinkageSummary(blups: readonly BlupSet[], G: readonly ArrayLike<number>[]): ShrinkageSummary {
  if (blups.length === 0) return { sets: [], reason: "no random effects: there are no BLUPs to shrink" };
  return { sets: blups.map((set, t) => shrinkageSet(set, G[t])), reason: null };
}

function shrinkageSet(set: BlupSet, G: ArrayLike<number>): ShrinkageSet {
  const q = set.terms.length;
  const variance = Array.from({ length: q }, (_, j) => G[j * q + j]);
  // A variance component at its boundary (G_jj = 0) makes every b̂_ij = 0 and PEV_ij = 0: the ratio is 0/0.
  const defined = variance.map((g) => g > 0);
  const values = set.predictionVariance.map((row) => row.map((pev, j) => (defined[j] ? pev / variance[j] : null)));
  const nlev = set.levels.length;
  const mean = variance.map((_, j) => (defined[j] && nlev > 0 ? values.reduce((s, r) => s + (r[j] as number), 0) / nlev : null));
  const empirical = variance.map((g, j) => (defined[j] && nlev > 0 ? 1 - set.values.reduce((s, r) => s + r[j] * r[j], 0) / nlev / g : null));
  const zero = set.terms.filter((_, j) => !defined[j]);
  const note = zero.length > 0 ? `the variance of ${zero.join(", ")} | ${set.group} is zero (at its boundary): every BLUP is 0 and shrinkage is not defined` : null;
  return { group: set.group, terms: [...set.terms], variance, values, mean, empirical, note };
}
