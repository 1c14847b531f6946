import type { Design, RandomTermDesign, ResidualDesign } from "../../../src-core/design/design.js";
import type { ResidualKind } from "../../../src-core/covariance/structure.js";

export { rng, normal } from "../../../src-core/data/simulate.js";
import { rng, normal } from "../../../src-core/data/simulate.js";

export interface SimOptions {
  seed: number;
  subjects: number;
  visits: number;
  structure: ResidualKind | null;
  groups?: number; // per-group residual covariance
  randomSlope?: boolean; // random intercept (+ slope) per subject
  site?: number; // nested site random intercept with this many sites
  weights?: boolean;
  missing?: number; // probability a visit is missing
}

/** Simulated longitudinal data as a hand-built Design (no formula parsing involved). */
export function simulateDesign(o: SimOptions): Design {
  const u = rng(o.seed);
  const rows: { subj: number; visit: number; arm: number; site: number; group: number }[] = [];
  for (let s = 0; s < o.subjects; s++) {
    const arm = s % 2;
    for (let v = 0; v < o.visits; v++) {
      if (o.missing && u() < o.missing && v > 0) continue;
      rows.push({ subj: s, visit: v, arm, site: o.site ? s % o.site : 0, group: o.groups ? s % o.groups : 0 });
    }
  }
  const N = rows.length;
  const p = 2 + (o.visits - 1);
  const X = new Float64Array(N * p);
  const y = new Float64Array(N);
  const subjEffect = Array.from({ length: o.subjects }, () => normal(u) * 2);
  const slopeEffect = Array.from({ length: o.subjects }, () => normal(u) * 0.5);
  const siteEffect = Array.from({ length: o.site ?? 1 }, () => normal(u));
  rows.forEach((r, i) => {
    X[i * p] = 1;
    X[i * p + 1] = r.arm;
    if (r.visit > 0) X[i * p + 1 + r.visit] = 1;
    y[i] = 10 + 2 * r.arm + r.visit * 1.5 + subjEffect[r.subj] + slopeEffect[r.subj] * r.visit + siteEffect[r.site] + normal(u) * (1 + 0.3 * r.visit);
  });
  const random: RandomTermDesign[] = [];
  if (o.site) {
    random.push({ group: "site", groupIndex: Int32Array.from(rows, (r) => r.site), groupLevels: Array.from({ length: o.site }, (_, i) => `S${i}`), termNames: ["(Intercept)"], Z: Float64Array.from(rows, () => 1), diagonal: false });
  }
  if (o.randomSlope !== undefined) {
    const q = o.randomSlope ? 2 : 1;
    const Z = new Float64Array(N * q);
    rows.forEach((r, i) => { Z[i * q] = 1; if (q === 2) Z[i * q + 1] = r.visit; });
    random.push({
      group: o.site ? "site:subject" : "subject",
      groupIndex: Int32Array.from(rows, (r) => r.subj),
      groupLevels: Array.from({ length: o.subjects }, (_, i) => `P${i}`),
      termNames: q === 2 ? ["(Intercept)", "time"] : ["(Intercept)"],
      Z,
      diagonal: false,
    });
  }
  let residual: ResidualDesign | null = null;
  if (o.structure) {
    const sp = o.structure === "sp_exp";
    residual = {
      structure: o.structure,
      subject: "subject",
      subjectIndex: Int32Array.from(rows, (r) => r.subj),
      subjectLevels: Array.from({ length: o.subjects }, (_, i) => `P${i}`),
      time: sp ? ["t1", "t2"] : ["visit"],
      position: Int32Array.from(rows, (r) => r.visit),
      positionLevels: Array.from({ length: o.visits }, (_, i) => `V${i + 1}`),
      coordinates: sp ? Array.from({ length: o.visits }, (_, i) => [i * 1.5, (i * i) % 3]) : null,
      group: o.groups ? "arm" : null,
      groupLevels: o.groups ? Array.from({ length: o.groups }, (_, i) => `G${i}`) : null,
      groupIndex: o.groups ? Int32Array.from(rows, (r) => r.group) : null,
    };
  }
  const weights = o.weights ? Float64Array.from(rows, () => 0.5 + u()) : null;
  const coefNames = ["(Intercept)", "arm", ...Array.from({ length: o.visits - 1 }, (_, i) => `visit${i + 2}`)];
  return {
    response: "y", nobs: N, rows: Int32Array.from(rows, (_, i) => i), nFiltered: 0, nMissing: 0, y, X, p, coefNames, aliased: [], intercept: true,
    terms: [], factors: {}, weights, random, residual, covariateMeans: {},
    encode: () => { throw new Error("not used"); },
    encodeFull: () => { throw new Error("not used"); },
    reduce: () => { throw new Error("not used"); },
    isEstimable: () => { throw new Error("not used"); },
  };
}

/** max_i |a_i − b_i| / max_i |b_i|: the relative error of a vector or matrix as a whole. */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i] - b[i])); den = Math.max(den, Math.abs(b[i])); }
  return num / Math.max(den, 1e-300);
}

/** Small simulated designs covering every residual structure, per-group covariance, weights and random effects: the oracle tests' cases. */
export const ORACLE_CASES: [string, SimOptions][] = [
  ["us", { seed: 1, subjects: 14, visits: 4, structure: "us", missing: 0.25 }],
  ["us per group, weighted", { seed: 2, subjects: 16, visits: 3, structure: "us", groups: 2, weights: true, missing: 0.2 }],
  ["cs", { seed: 3, subjects: 12, visits: 4, structure: "cs", missing: 0.3 }],
  ["csh", { seed: 4, subjects: 12, visits: 4, structure: "csh", missing: 0.3 }],
  ["ar1", { seed: 5, subjects: 12, visits: 5, structure: "ar1", missing: 0.3 }],
  ["ar1h", { seed: 6, subjects: 12, visits: 4, structure: "ar1h", missing: 0.3 }],
  ["ad", { seed: 7, subjects: 12, visits: 4, structure: "ad", missing: 0.3 }],
  ["adh", { seed: 8, subjects: 12, visits: 4, structure: "adh", missing: 0.3 }],
  ["toep", { seed: 9, subjects: 12, visits: 4, structure: "toep", missing: 0.3 }],
  ["toeph", { seed: 10, subjects: 12, visits: 4, structure: "toeph", missing: 0.3 }],
  ["sp_exp", { seed: 11, subjects: 12, visits: 4, structure: "sp_exp", missing: 0.3 }],
  ["random intercept and slope, iid residual, weighted", { seed: 12, subjects: 10, visits: 5, structure: null, randomSlope: true, weights: true, missing: 0.2 }],
  ["nested site/subject random intercepts + ar1", { seed: 13, subjects: 12, visits: 3, structure: "ar1", randomSlope: false, site: 3, missing: 0.2 }],
  ["random slope + csh per group", { seed: 14, subjects: 12, visits: 3, structure: "csh", groups: 2, randomSlope: true }],
];
