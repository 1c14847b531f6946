/**
 * The true model behind the coverage study: a two-arm trial with 5 post-baseline visits, an unstructured
 * covariance and monotone MAR dropout. Everything the simulator draws from is written out here, so that
 * docs/validation.md can quote it.
 */
export interface Scenario {
  /** Visit labels, in time order. */
  visits: string[];
  /** Mean of the control arm (PBO) at each visit. */
  controlMean: number[];
  /** True treatment effect (TRT − PBO) at each visit; the estimand is the last one. */
  effect: number[];
  /** Standard deviation at each visit. */
  sd: number[];
  /** Correlation matrix over visits. */
  correlation: number[][];
  /**
   * Monotone dropout: a subject seen at visit j (not the last) misses every later visit with probability
   * logistic(intercept + slope · z_j), z_j = (y_j − m_j) / sd_j, where m_j is the mean at visit j averaged over
   * the two arms. It depends only on a value that was observed, so the data are missing at random (MAR).
   */
  dropout: { intercept: number; slope: number };
}

const VISITS = 5;

/** Correlation falling linearly with the lag: 0.8 between neighbouring visits, 0.4 between the first and the last. */
function lagCorrelation(n: number, nearest: number, farthest: number): number[][] {
  const step = n > 2 ? (nearest - farthest) / (n - 2) : 0;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : nearest - (Math.abs(i - j) - 1) * step)));
}

/**
 * The default scenario. Higher values are better and the treatment helps more over time; subjects doing badly
 * (low value) drop out more (slope −1 per SD), as with lack of efficacy. The intercept gives about 27% missing
 * at the last visit (27.2% of 200,000 simulated subjects; test/bench/coverage.test.ts checks it).
 */
export const DEFAULT_SCENARIO: Scenario = {
  visits: Array.from({ length: VISITS }, (_, i) => `V${i + 1}`),
  controlMean: [0.5, 1.0, 1.5, 2.0, 2.5],
  effect: [0.25, 0.5, 0.75, 1.0, 1.25],
  sd: [2.0, 2.3, 2.6, 2.9, 3.2],
  correlation: lagCorrelation(VISITS, 0.8, 0.4),
  dropout: { intercept: -2.8, slope: -1 },
};

/** The true covariance matrix Σ_ij = sd_i · sd_j · ρ_ij. */
export function trueCovariance(s: Scenario): number[][] {
  return s.correlation.map((row, i) => row.map((r, j) => r * s.sd[i] * s.sd[j]));
}

/** The estimand: the true TRT − PBO difference at the last visit. */
export function trueLastDifference(s: Scenario): number {
  return s.effect[s.effect.length - 1];
}
