/**
 * The coverage study's simulator (bench/coverage/simulate.ts): seeded, monotone dropout, and missing at random —
 * dropout after a visit follows the value observed at that visit and nothing unobserved. Big samples make the
 * checks tight; the tolerances are several Monte Carlo SEs.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO, type Scenario } from "../../bench/coverage/scenario.js";
import { replicateSeed, simulateCoverageTrial } from "../../bench/coverage/simulate.js";
import type { DataFrame } from "../../src-core/index.js";

/** Values by subject (rows) and visit (columns), NaN where the visit is absent; plus each subject's arm. */
function wide(frame: DataFrame, visits: readonly string[]): { y: number[][]; arm: string[] } {
  const subj = frame.columns.SUBJ.values as readonly string[];
  const arm = frame.columns.ARM.values as readonly string[];
  const visit = frame.columns.VISIT.values as readonly string[];
  const value = frame.columns.Y.values as Float64Array;
  const index = new Map<string, number>();
  const y: number[][] = [], arms: string[] = [];
  for (let r = 0; r < frame.nrow; r++) {
    let i = index.get(subj[r]);
    if (i === undefined) { i = y.length; index.set(subj[r], i); y.push(visits.map(() => NaN)); arms.push(arm[r]); }
    y[i][visits.indexOf(visit[r])] = value[r];
  }
  return { y, arm: arms };
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const withDropout = (intercept: number, slope: number): Scenario => ({ ...DEFAULT_SCENARIO, dropout: { intercept, slope } });
const V = DEFAULT_SCENARIO.visits;
/** The dropout score at visit j: standardised on the mean over both arms, as the simulator does. */
const score = (y: number, j: number) =>
  (y - DEFAULT_SCENARIO.controlMean[j] - DEFAULT_SCENARIO.effect[j] / 2) / DEFAULT_SCENARIO.sd[j];

describe("coverage simulator", () => {
  it("gives identical data for the same seed and different data for another seed", () => {
    const a = simulateCoverageTrial(DEFAULT_SCENARIO, 12, 4242);
    const b = simulateCoverageTrial(DEFAULT_SCENARIO, 12, 4242);
    const c = simulateCoverageTrial(DEFAULT_SCENARIO, 12, 4243);
    expect(a.frame.nrow).toBe(b.frame.nrow);
    for (const name of ["SUBJ", "ARM", "VISIT"]) expect(b.frame.columns[name].values).toEqual(a.frame.columns[name].values);
    expect(Array.from(b.frame.columns.Y.values as Float64Array)).toEqual(Array.from(a.frame.columns.Y.values as Float64Array));
    expect(Array.from(c.frame.columns.Y.values as Float64Array).slice(0, 5)).not.toEqual(Array.from(a.frame.columns.Y.values as Float64Array).slice(0, 5));
    expect(a.subjects).toBe(24);
  });

  it("derives distinct, reproducible replicate seeds", () => {
    const seeds = Array.from({ length: 5000 }, (_, r) => replicateSeed(20261121, r));
    expect(new Set(seeds).size).toBe(5000);
    expect(replicateSeed(20261121, 17)).toBe(seeds[17]);
    expect(replicateSeed(1, 0)).not.toBe(replicateSeed(2, 0));
  });

  it("draws the complete data independently of the dropout parameters (observed values are a subset)", () => {
    const full = simulateCoverageTrial(withDropout(-100, 0), 500, 77);
    const thinned = simulateCoverageTrial(withDropout(-1, 2), 500, 77);
    const { y: complete, arm } = wide(full.frame, V);
    const observed = wide(thinned.frame, V).y;
    // The complete-data difference of last-visit means is reported for both, and is the same.
    let diff = 0;
    complete.forEach((row, i) => { diff += (arm[i] === "TRT" ? 1 : -1) * row[4] / 500; });
    expect(full.completeLastDifference).toBeCloseTo(diff, 12);
    expect(thinned.completeLastDifference).toBeCloseTo(diff, 12);
    expect(full.missingAtLast).toBe(0);
    expect(complete.every((row) => row.every(Number.isFinite))).toBe(true);
    let compared = 0;
    for (let i = 0; i < complete.length; i++)
      for (let j = 0; j < V.length; j++) if (Number.isFinite(observed[i][j])) { expect(observed[i][j]).toBe(complete[i][j]); compared++; }
    expect(compared).toBeLessThan(5 * 1000);
    expect(compared).toBeGreaterThan(1000);
  });

  it("has monotone dropout: every subject is seen at visits 1..k and never after a gap", () => {
    const { y } = wide(simulateCoverageTrial(withDropout(-1, 2), 5000, 5).frame, V);
    const lastSeen = new Array<number>(V.length).fill(0);
    for (const row of y) {
      const k = row.findIndex((v) => !Number.isFinite(v));
      const seen = k < 0 ? V.length : k;
      expect(seen).toBeGreaterThanOrEqual(1);
      expect(row.slice(seen).every((v) => Number.isNaN(v))).toBe(true);
      lastSeen[seen - 1]++;
    }
    // With this strong dropout some subjects stop at every visit.
    expect(Math.min(...lastSeen)).toBeGreaterThan(100);
  });

  it("drops out after visit 1 with probability logistic(a + b·z1), z1 the observed standardised value", () => {
    const a = -1.5, b = 2;
    const { y } = wide(simulateCoverageTrial(withDropout(a, b), 60_000, 11).frame, V);
    // Bins of z1 of width 0.2: the empirical dropout rate against the model at the bin centre.
    for (const centre of [-1, 0, 1]) {
      let n = 0, dropped = 0;
      for (const row of y) {
        const z = score(row[0], 0);
        if (Math.abs(z - centre) > 0.1) continue;
        n++;
        if (!Number.isFinite(row[1])) dropped++;
      }
      const p = logistic(a + b * centre);
      // Monte Carlo SE sqrt(p(1−p)/n) ≤ 0.0065 at these bins: the tolerance is 3 SEs at the widest.
      expect(n).toBeGreaterThan(5000);
      expect(Math.abs(dropped / n - p)).toBeLessThan(0.02);
    }
  });

  it("makes subjects with higher observed values drop out more when the slope is positive, and not at all with slope 0", () => {
    const rate = (slope: number) => {
      const { y } = wide(simulateCoverageTrial(withDropout(-1.5, slope), 30_000, 12).frame, V);
      // Subjects seen at visit 3: dropout before visit 4 among the upper and lower halves of the visit-3 score.
      const high = [0, 0], low = [0, 0];
      for (const row of y) {
        if (!Number.isFinite(row[2])) continue;
        const g = score(row[2], 2) > 0 ? high : low;
        g[0]++;
        if (!Number.isFinite(row[3])) g[1]++;
      }
      return { high: high[1] / high[0], low: low[1] / low[0] };
    };
    const strong = rate(2);
    // Measured 0.41 (11,000 subjects) and 0.06 (23,000): Monte Carlo SEs ≈ 0.005 and 0.002.
    expect(strong.high).toBeGreaterThan(0.37);
    expect(strong.high - strong.low).toBeGreaterThan(0.3);
    expect(strong.low).toBeLessThan(0.1);
    const none = rate(0);
    expect(Math.abs(none.high - logistic(-1.5))).toBeLessThan(0.015);
    expect(Math.abs(none.low - logistic(-1.5))).toBeLessThan(0.015);
  });

  it("is missing at random: given the visit-1 value, dropout does not depend on the unobserved visit-2 value", () => {
    const complete = wide(simulateCoverageTrial(withDropout(-100, 0), 60_000, 21).frame, V).y;
    const observed = wide(simulateCoverageTrial(withDropout(-0.5, 2), 60_000, 21).frame, V).y;
    // Subjects with z1 near 0: compare the complete-data visit-2 value of those who dropped after visit 1 with
    // those who stayed. Under MAR the difference is 0 up to noise (SE ≈ 0.03 here); under MNAR it would not be.
    const stay: number[] = [], drop: number[] = [];
    for (let i = 0; i < complete.length; i++) {
      if (Math.abs(score(complete[i][0], 0)) > 0.1) continue;
      (Number.isFinite(observed[i][1]) ? stay : drop).push(complete[i][1]);
    }
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    expect(drop.length).toBeGreaterThan(2500);
    expect(Math.abs(mean(drop) - mean(stay))).toBeLessThan(0.1);
  });

  it("loses about 27% of subjects by the last visit in the default scenario", () => {
    const t = simulateCoverageTrial(DEFAULT_SCENARIO, 50_000, 3);
    // Monte Carlo SE of the share ≈ 0.0014.
    expect(t.missingAtLast).toBeGreaterThan(0.26);
    expect(t.missingAtLast).toBeLessThan(0.285);
    // Lack of efficacy: the control arm (lower values) loses more subjects than the treated arm.
    const { y, arm } = wide(t.frame, V);
    const missingIn = (a: string) => { let n = 0, m = 0; y.forEach((row, i) => { if (arm[i] === a) { n++; if (!Number.isFinite(row[4])) m++; } }); return m / n; };
    expect(missingIn("PBO")).toBeGreaterThan(missingIn("TRT") + 0.03);
  });
});
