/**
 * Seeded simulation of one small trial for the coverage study: complete data from the scenario's multivariate
 * normal model, then monotone MAR dropout. Uses the benchmark's generator (src-core/data/simulate.ts), so a seed means the
 * same data on every run (Math.exp/log/cos are not required to round identically across JavaScript engines, so
 * bit-identical data are promised for one Node version).
 */
import type { DataFrame } from "../../src-core/index.js";
import { normal, rng } from "../../src-core/data/simulate.js";
import { choleskyLower } from "./cholesky.js";
import { trueCovariance, type Scenario } from "./scenario.js";

export interface SimulatedTrial {
  /** Observed rows only (long format): SUBJ, ARM ("PBO" | "TRT"), VISIT, Y. */
  frame: DataFrame;
  subjects: number;
  /** Fraction of subjects not observed at the last visit. */
  missingAtLast: number;
  /**
   * TRT − PBO difference of last-visit means in the complete data, before dropout. Unbiased for the true
   * difference by construction: its average over replicates shows how far the random draws alone move the
   * average estimate, apart from anything the model or the dropout does.
   */
  completeLastDifference: number;
}

/**
 * The seed of replicate `rep` of a study with seed `seed`: an integer hash (splitmix32-style finaliser), so that
 * neighbouring replicates get unrelated streams and any replicate can be regenerated on its own.
 */
export function replicateSeed(seed: number, rep: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(rep + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** Simulates `subjectsPerArm` subjects in each arm (PBO first, then TRT) under `scenario`. */
export function simulateCoverageTrial(scenario: Scenario, subjectsPerArm: number, seed: number): SimulatedTrial {
  const u = rng(seed);
  const t = scenario.visits.length;
  const L = choleskyLower(trueCovariance(scenario));
  // The dropout score is centred on the mean over both arms (equal allocation), so it does not use the arm.
  const centre = scenario.controlMean.map((m, j) => m + scenario.effect[j] / 2);
  const subj: string[] = [], arm: string[] = [], visit: string[] = [], y: number[] = [];
  const width = String(2 * subjectsPerArm).length;
  let missingAtLast = 0;
  const completeLast = [0, 0];
  const z = new Array<number>(t);
  for (let s = 0; s < 2 * subjectsPerArm; s++) {
    const treated = s >= subjectsPerArm;
    const id = `S${String(s + 1).padStart(width, "0")}`;
    // Every subject consumes the same number of draws (t normals, then t − 1 uniforms) whatever happens, so the
    // complete data of a seed do not depend on the dropout parameters.
    for (let j = 0; j < t; j++) z[j] = normal(u);
    const uniforms = Array.from({ length: t - 1 }, () => u());
    let present = true;
    for (let j = 0; j < t; j++) {
      let e = 0;
      for (let k = 0; k <= j; k++) e += L[j][k] * z[k];
      const value = scenario.controlMean[j] + (treated ? scenario.effect[j] : 0) + e;
      if (j === t - 1) completeLast[treated ? 1 : 0] += value;
      if (!present) continue;
      subj.push(id); arm.push(treated ? "TRT" : "PBO"); visit.push(scenario.visits[j]); y.push(value);
      if (j < t - 1) {
        const score = (value - centre[j]) / scenario.sd[j];
        if (uniforms[j] < logistic(scenario.dropout.intercept + scenario.dropout.slope * score)) present = false;
      }
    }
    if (!present) missingAtLast++;
  }
  const frame: DataFrame = {
    nrow: y.length,
    names: ["SUBJ", "ARM", "VISIT", "Y"],
    columns: {
      SUBJ: { kind: "character", values: subj },
      ARM: { kind: "character", values: arm },
      VISIT: { kind: "character", values: visit },
      Y: { kind: "numeric", values: Float64Array.from(y) },
    },
  };
  return {
    frame, subjects: 2 * subjectsPerArm, missingAtLast: missingAtLast / (2 * subjectsPerArm),
    completeLastDifference: (completeLast[1] - completeLast[0]) / subjectsPerArm,
  };
}
