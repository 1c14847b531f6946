import type { DataFrame } from "./frame.js";

/**
 * Seeded simulated trials (mulberry32 + Box–Muller): the same data on every run. The benchmarks and tests use them,
 * and the app warms its fit worker on one (src-main/workers/fit-worker.ts).
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal deviate from a uniform generator (Box–Muller). */
export function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(u() + 1e-300)) * Math.cos(2 * Math.PI * u());
}

/** Cholesky factor of the true visit covariance: SD rising over visits, correlation 0.7^|i−j| + 0.2. */
function trueFactor(t: number): Float64Array {
  const S = new Float64Array(t * t);
  for (let i = 0; i < t; i++) for (let j = 0; j < t; j++) S[i * t + j] = (2 + 0.3 * i) * (2 + 0.3 * j) * (i === j ? 1 : 0.2 + 0.7 ** Math.abs(i - j) * 0.8);
  for (let j = 0; j < t; j++) {
    let d = S[j * t + j];
    for (let k = 0; k < j; k++) d -= S[j * t + k] ** 2;
    S[j * t + j] = Math.sqrt(d);
    for (let i = j + 1; i < t; i++) {
      let s = S[i * t + j];
      for (let k = 0; k < j; k++) s -= S[i * t + k] * S[j * t + k];
      S[i * t + j] = s / S[j * t + j];
    }
    for (let i = 0; i < j; i++) S[i * t + j] = 0;
  }
  return S;
}

interface Row { subject: number; visit: number; arm: number; base: number; chg: number }

function toFrame(rows: Row[], visits: number): DataFrame {
  const labels = Array.from({ length: visits }, (_, i) => `VIS${String(i + 1).padStart(2, "0")}`);
  return {
    nrow: rows.length,
    names: ["USUBJID", "AVISIT", "ARM", "BASE", "CHG"],
    columns: {
      USUBJID: { kind: "numeric", values: Float64Array.from(rows, (r) => r.subject) },
      AVISIT: { kind: "character", values: rows.map((r) => labels[r.visit]) },
      ARM: { kind: "character", values: rows.map((r) => (r.arm ? "TRT" : "PBO")) },
      BASE: { kind: "numeric", values: Float64Array.from(rows, (r) => r.base) },
      CHG: { kind: "numeric", values: Float64Array.from(rows, (r) => r.chg) },
    },
  };
}

function simulate(subjects: number, visits: number, seed: number, missing: (u: () => number, visit: number, previous: number) => boolean): DataFrame {
  const u = rng(seed);
  const norm = () => normal(u);
  const L = trueFactor(visits);
  const rows: Row[] = [];
  const z = new Float64Array(visits);
  for (let s = 0; s < subjects; s++) {
    const arm = s % 2;
    const base = 50 + 5 * norm();
    for (let i = 0; i < visits; i++) z[i] = norm();
    let previous = 0;
    for (let i = 0; i < visits; i++) {
      let e = 0;
      for (let k = 0; k <= i; k++) e += L[i * visits + k] * z[k];
      const chg = 1 + 0.5 * i + arm * (0.3 * i) - 0.05 * (base - 50) + e;
      if (!missing(u, i, previous)) {
        rows.push({ subject: s + 1, visit: i, arm, base, chg });
        previous = chg; // the last observed value: missingness depends on observed data only (MAR)
      }
    }
  }
  return toFrame(rows, visits);
}

/** A trial with monotone dropout of about 3% per visit. */
export function simulateTrial(subjects: number, visits: number, seed: number): DataFrame {
  let dropped = false;
  return simulate(subjects, visits, seed, (u, visit) => {
    if (visit === 0) dropped = false;
    if (!dropped && visit > 0 && u() < 0.03) dropped = true;
    return dropped;
  });
}

/** Intermittent MAR missingness with probability base + amplitude · logistic(last observed − 3) after the first visit. */
export function missingnessTrialWith(subjects: number, visits: number, seed: number, base: number, amplitude: number): DataFrame {
  return simulate(subjects, visits, seed, (u, visit, previous) => visit > 0 && u() < base + amplitude / (1 + Math.exp(-(previous - 3))));
}

/**
 * Adds a SITE column (subject number modulo `sites`) and a site effect (standard deviation about 1) to CHG:
 * a multi-centre trial for the site random intercept, whose blocks are whole sites.
 */
export function withSites(frame: DataFrame, sites: number, seed: number): DataFrame {
  const u = rng(seed);
  const effect = Array.from({ length: sites }, () => normal(u));
  const subject = frame.columns.USUBJID.values as Float64Array;
  const site = Float64Array.from(subject, (s) => s % sites);
  const chg = Float64Array.from(frame.columns.CHG.values as Float64Array, (v, i) => v + effect[site[i]]);
  return {
    ...frame,
    names: [...frame.names, "SITE"],
    columns: { ...frame.columns, CHG: { kind: "numeric", values: chg }, SITE: { kind: "numeric", values: site } },
  };
}
