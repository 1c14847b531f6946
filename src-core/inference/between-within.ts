import type { Design } from "../design/design.js";
import type { BlockStructure } from "../fit/blocks.js";

/**
 * Between–within denominator df (SAS DDFM=BETWITHIN; Schluchter and Elashoff 1990; docs/math/inference.md).
 *
 * The residual df N − rank X are split at the subject level (the blocks of fit/blocks.ts, S of them):
 *   between df  ν_b = S − r_b,          r_b = rank of the columns of terms that are constant within every subject;
 *   within df   ν_w = N − S − (r − r_b), r = rank X,
 * so ν_b + ν_w = N − r. A term whose columns change within some subject gets ν_w, any other term (the intercept
 * included, as in SAS) gets ν_b. As SAS does, an unstructured residual covariance with no random effects gives
 * every term ν_b, a better small-sample reference for MMRMs. The df of a linear function lᵀβ is the smallest df
 * among the terms it involves. ν_b is SAS's between df (S minus the between-subject columns and the intercept,
 * as observed on SAS output in openpharma/mmrm#215). SAS's within df can be smaller than ν_w (by an algorithm
 * it does not document), and SAS partitions them over subject-by-effect interactions when within effects
 * involve different within-subject factors; that case is reported in a warning and ν_w is used as is.
 */
export interface BetweenWithin {
  readonly between: number;
  readonly within: number;
  /** df of each coefficient (its term's df), in Design.coefNames order */
  readonly columnDf: Float64Array;
}

export function betweenWithinDf(design: Design, blocks: BlockStructure, warnings: string[]): BetweenWithin | null {
  const { p, nobs: N } = design;
  if (blocks.blockFactor === null) {
    warnings.push("between-within df need a subject (a random effect or a residual covariance term): df are residual (N − rank X)");
    return null;
  }
  const block = new Int32Array(N);
  for (const g of blocks.patterns) for (let s = 0; s < g.m; s++) for (let i = 0; i < g.n; i++) block[g.rowIndex[s * g.n + i]] = g.blocks[s];
  const varies = changesWithinSubject(design, block, blocks.nblocks);

  const changes = design.terms.map((t) => t.columns.some((a) => varies[a]));
  let rb = 0;
  design.terms.forEach((t, k) => { if (!changes[k]) rb += t.columns.length; });
  const unstructured = design.random.length === 0 && design.residual?.structure === "us";
  const withinTerm = changes.map((c) => c && !unstructured);
  if (design.intercept && !design.terms.some((t) => t.label === "(Intercept)")) rb += 1;
  const S = blocks.nblocks;
  const between = S - rb;
  const within = N - S - (p - rb);
  if (between < 1 || within < 1) {
    warnings.push(`between-within df are not positive (between ${between}, within ${within}): df are residual (N − rank X)`);
    return null;
  }
  const columnDf = new Float64Array(p).fill(between);
  design.terms.forEach((t, k) => { if (withinTerm[k]) for (const a of t.columns) columnDf[a] = within; });

  const factorSets = new Set<string>();
  design.terms.forEach((t, k) => {
    if (!withinTerm[k]) return;
    const classes = t.variables.filter((v) => v in design.factors && factorVaries(design, v, varies));
    if (classes.length > 0) factorSets.add([...classes].sort().join(":"));
  });
  if (factorSets.size > 1)
    warnings.push(
      `between-within: SAS partitions the within-subject df over the subject-by-effect interactions (${[...factorSets].join(", ")}); Longitude gives every within-subject term the unpartitioned ${within} df`,
    );
  return { between, within, columnDf };
}

/** Whether each column of X takes more than one value within some subject. */
function changesWithinSubject(design: Design, block: Int32Array, nblocks: number): boolean[] {
  const { p, nobs: N, X } = design;
  const first = new Float64Array(nblocks * p).fill(NaN);
  const varies = new Array<boolean>(p).fill(false);
  for (let i = 0; i < N; i++) {
    const b = block[i];
    for (let a = 0; a < p; a++) {
      const x = X[i * p + a], f = first[b * p + a];
      if (Number.isNaN(f)) first[b * p + a] = x;
      else if (Math.abs(x - f) > 1e-12 * Math.max(1, Math.abs(f))) varies[a] = true;
    }
  }
  return varies;
}

/** Whether a factor changes within some subject: its main-effect columns do (true when it has no main effect). */
function factorVaries(design: Design, name: string, varies: readonly boolean[]): boolean {
  const cols = design.terms.find((t) => t.variables.length === 1 && t.variables[0] === name)?.columns;
  return !cols || cols.some((a) => varies[a]);
}
