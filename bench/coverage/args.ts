/** Command-line options of the coverage study. */
export interface CoverageArgs {
  reps: number;
  seed: number;
  subjectsPerArm: number;
  /** JSON output path; null means the default name under bench/coverage/results/ */
  out: string | null;
  /** With a folder: write each replicate's data as CSV plus the engine's fits (for bench/coverage/nlme-check.R) instead of running the study. */
  exportDir: string | null;
}

export const USAGE = `usage: node dist/coverage.mjs [--reps N] [--seed S] [--subjects-per-arm K] [--out FILE] [--export DIR]
  --reps N              replicates (default 2000)
  --seed S              study seed, a non-negative integer (default 20261121)
  --subjects-per-arm K  subjects in each of the two arms (default 12)
  --out FILE            JSON results (default bench/coverage/results/un5-2x<K>-seed<S>-reps<N>.json)
  --export DIR          instead: write replicates 0..N-1 as CSV and the engine's REML fits (DIR/engine.csv)
                        for the cross-check with R's nlme (Rscript bench/coverage/nlme-check.R DIR)`;

export const DEFAULTS: CoverageArgs = { reps: 2000, seed: 20261121, subjectsPerArm: 12, out: null, exportDir: null };

function integer(name: string, text: string | undefined, min: number): number {
  const v = Number(text);
  if (text === undefined || !Number.isInteger(v) || v < min) throw new Error(`${name} needs an integer ≥ ${min}, not ${text ?? "nothing"}\n${USAGE}`);
  return v;
}

export function parseArgs(argv: readonly string[]): CoverageArgs {
  const a: CoverageArgs = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case "--reps": a.reps = integer(flag, value, 1); i++; break;
      case "--seed": a.seed = integer(flag, value, 0); i++; break;
      // At least 6 subjects in all: an unstructured 5 × 5 covariance needs more subjects than visits.
      case "--subjects-per-arm": a.subjectsPerArm = integer(flag, value, 3); i++; break;
      case "--out": if (!value) throw new Error(`--out needs a file name\n${USAGE}`); a.out = value; i++; break;
      case "--export": if (!value) throw new Error(`--export needs a folder\n${USAGE}`); a.exportDir = value; i++; break;
      case "--help": case "-h": throw new Error(USAGE);
      default: throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return a;
}
