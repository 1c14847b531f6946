/**
 * Coverage study of the small-sample inference (issue [2 of 5]): for simulated small trials with an unstructured
 * covariance and MAR dropout, the actual coverage of the 95% CI for the last-visit treatment difference under
 * Kenward–Roger, Satterthwaite, residual and asymptotic (z) df. Seeded: the same options give the same table.
 *
 *   node dist/coverage.mjs [--reps 2000] [--seed 20261121] [--subjects-per-arm 12] [--out FILE]
 *   node dist/coverage.mjs --export DIR [--reps N] ...   data and engine fits for bench/coverage/nlme-check.R
 *
 * Prints the table and writes it, with the scenario and settings, as JSON (docs/validation.md cites it).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ENGINE_VERSION } from "../../src-core/index.js";
import { parseArgs, type CoverageArgs } from "./args.js";
import { runReplicate, coverageSpec, METHODS, type ReplicateRecord } from "./replicate.js";
import { DEFAULT_SCENARIO, trueCovariance, trueLastDifference } from "./scenario.js";
import { replicateSeed } from "./simulate.js";
import { formatTable, summarise } from "./summary.js";
import { exportReplicates } from "./export.js";

const CONFIDENCE = 0.95;

/** The repository root: the nearest folder above this file with a package.json (works from dist/ and bench/). */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

/**
 * The commit the engine was built from and whether src-core had uncommitted changes (read-only git queries;
 * null outside a git checkout), so that a results file says which code produced it.
 */
function sourceState(root: string): { commit: string | null; srcCoreModified: boolean | null } {
  const git = (...a: string[]) => spawnSync("git", a, { cwd: root, encoding: "utf8" });
  const head = git("rev-parse", "HEAD");
  if (head.status !== 0) return { commit: null, srcCoreModified: null };
  const status = git("status", "--porcelain", "--", "src-core");
  return { commit: head.stdout.trim(), srcCoreModified: status.status === 0 ? status.stdout.trim() !== "" : null };
}

function main(args: CoverageArgs): void {
  const scenario = DEFAULT_SCENARIO;
  const truth = trueLastDifference(scenario);
  const root = repositoryRoot();
  const out = args.out ? resolve(args.out) : join(root, "bench", "coverage", "results", `un5-2x${args.subjectsPerArm}-seed${args.seed}-reps${args.reps}.json`);
  const command = `node dist/coverage.mjs --reps ${args.reps} --seed ${args.seed} --subjects-per-arm ${args.subjectsPerArm}`;

  const source = sourceState(root);
  console.log(`Longitude coverage study — engine ${ENGINE_VERSION}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  console.log(`source: commit ${source.commit ?? "unknown"}${source.srcCoreModified ? " with uncommitted changes in src-core" : ""}`);
  console.log(`command: ${command}`);
  console.log(`trial: 2 arms × ${args.subjectsPerArm} subjects, ${scenario.visits.length} visits, UN covariance (SD ${scenario.sd.join(", ")}; correlation ${scenario.correlation[0][1]} at lag 1 down to ${scenario.correlation[0][scenario.visits.length - 1]} at lag ${scenario.visits.length - 1}),`);
  console.log(`       MAR monotone dropout logit = ${scenario.dropout.intercept} + ${scenario.dropout.slope}·z; true TRT − PBO at ${scenario.visits.at(-1)} = ${truth}`);
  console.log(`model: ${coverageSpec("kenward-roger", CONFIDENCE).formula}, REML, one fit per df method; ${args.reps} replicates, seed ${args.seed}`);

  const records: ReplicateRecord[] = [];
  const t0 = performance.now();
  for (let rep = 0; rep < args.reps; rep++) {
    records.push(runReplicate(scenario, args.subjectsPerArm, rep, replicateSeed(args.seed, rep), CONFIDENCE));
    if ((rep + 1) % 250 === 0 && rep + 1 < args.reps) process.stderr.write(`  ${rep + 1}/${args.reps} replicates, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const summary = summarise(records, truth);
  console.log("");
  console.log(formatTable(summary, CONFIDENCE));
  console.log(`wall time ${seconds.toFixed(1)} s for ${args.reps} replicates × ${METHODS.length} fits`);

  const exclusions = records.flatMap((r) =>
    METHODS.flatMap((m) => { const o = r.outcomes[m]; return o.ok ? [] : [{ rep: r.rep, seed: r.seed, method: m, reason: o.reason, message: o.message }]; }));
  mkdirSync(dirname(out), { recursive: true });
  // JSON has no Infinity: the asymptotic df are written as null.
  writeFileSync(out, JSON.stringify({
    study: "coverage of the 95% CI for the last-visit difference (issue [2 of 5])",
    command, engine: ENGINE_VERSION, source, node: process.version, date: new Date().toISOString(), wallSeconds: Number(seconds.toFixed(1)),
    settings: { reps: args.reps, seed: args.seed, subjectsPerArm: args.subjectsPerArm, confidence: CONFIDENCE, spec: coverageSpec("kenward-roger", CONFIDENCE), methods: METHODS },
    scenario: { ...scenario, covariance: trueCovariance(scenario), truth },
    summary, exclusions,
  }, null, 2) + "\n");
  console.log(`results: ${relative(process.cwd(), out) || out}`);
}

try {
  const args = parseArgs(process.argv.slice(2));
  if (args.exportDir) {
    exportReplicates(DEFAULT_SCENARIO, args.subjectsPerArm, args.seed, args.reps, args.exportDir);
    console.log(`wrote ${args.reps} replicates (2 × ${args.subjectsPerArm}, seed ${args.seed}) and engine.csv to ${args.exportDir}`);
  } else main(args);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(2);
}
