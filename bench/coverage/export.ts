/**
 * Writes simulated replicates as CSV with the engine's REML fit of each, so that an independent implementation
 * (R's nlme, bench/coverage/nlme-check.R) can refit the same data: it checks the fits the coverage study counts,
 * and shows what another optimiser makes of the ones it excludes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fitModel } from "../../src-core/index.js";
import { coverageSpec } from "./replicate.js";
import type { Scenario } from "./scenario.js";
import { replicateSeed, simulateCoverageTrial } from "./simulate.js";

const COLUMNS = ["SUBJ", "ARM", "VISIT", "Y"] as const;

export function exportReplicates(scenario: Scenario, subjectsPerArm: number, seed: number, reps: number, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const lastVisit = scenario.visits[scenario.visits.length - 1];
  // JSON.stringify quotes the message so that commas in it do not break the CSV.
  const engine = ["rep,seed,converged,estimate,se,m2logLik,message"];
  for (let rep = 0; rep < reps; rep++) {
    const s = replicateSeed(seed, rep);
    const { frame } = simulateCoverageTrial(scenario, subjectsPerArm, s);
    const lines = [COLUMNS.join(",")];
    for (let i = 0; i < frame.nrow; i++) lines.push(COLUMNS.map((c) => frame.columns[c].values[i]).join(","));
    writeFileSync(join(dir, `rep${rep}.csv`), lines.join("\n") + "\n");
    const fit = fitModel(frame, coverageSpec("residual", 0.95));
    const row = fit.contrasts.find((c) => c.levels.VISIT === lastVisit && c.label === "TRT - PBO");
    engine.push([rep, s, fit.converged, row?.estimate ?? NaN, row?.se ?? NaN, fit.m2logLik, JSON.stringify(fit.diagnostics.message ?? "")].join(","));
  }
  writeFileSync(join(dir, "engine.csv"), engine.join("\n") + "\n");
}
