import type { Design } from "../design/design.js";
import { LongitudeError } from "../errors.js";

/**
 * Independent blocks and the visit patterns they share (docs/math/reml.md, "Blocks and patterns").
 *
 * A block is a connected set of rows: rows that share a level of any grouping factor (random-effect groups,
 * the residual subject) belong to the same block. Blocks whose marginal covariance V_b is built the same way
 * (same observed visits and residual group, same random-effect design) share a pattern, and V_b is factored
 * once per pattern. Observation weights are folded into the data: ỹ = √w y, X̃ = √w X, Z̃ = √w Z, so that
 * the whitened residual covariance is Σ(θ) itself and log|V| = log|Ṽ| − Σ log w.
 */

/** How a pattern's Ṽ is assembled from the covariance components. */
export type Part =
  | { readonly kind: "random"; readonly component: number; readonly rows: Int32Array; readonly Z: Float64Array }
  | { readonly kind: "residual"; readonly component: number; readonly rows: Int32Array; readonly pos: Int32Array };

export interface Pattern {
  /** Rows per block. */
  readonly n: number;
  /** Number of blocks sharing the pattern. */
  readonly m: number;
  readonly parts: readonly Part[];
  /** Stacked whitened data: X (m·n × p, row-major) and y (m·n), block after block. */
  readonly X: Float64Array;
  readonly y: Float64Array;
  /** Design row index (into Design's used rows) of each stacked row. */
  readonly rowIndex: Int32Array;
  /** Block id of each of the m blocks. */
  readonly blocks: Int32Array;
}

export interface BlockStructure {
  readonly patterns: readonly Pattern[];
  readonly nblocks: number;
  /** The grouping factor whose levels are the blocks (null for an independent-errors model). */
  readonly blockFactor: string | null;
  /** Σ log w over used rows (0 without weights). */
  readonly sumLogW: number;
}

class UnionFind {
  readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(i: number): number {
    const p = this.parent;
    while (p[i] !== i) { p[i] = p[p[i]]; i = p[i]; }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a), rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

interface Grouping { name: string; index: Int32Array; nlevels: number; levels: readonly string[] }

function groupings(design: Design, skip: ReadonlySet<number>): Grouping[] {
  const g: Grouping[] = design.random.flatMap((r, t) => (skip.has(t) ? [] : [{ name: r.group, index: r.groupIndex, nlevels: r.groupLevels.length, levels: r.groupLevels }]));
  const res = design.residual;
  if (res) g.push({ name: res.subject, index: res.subjectIndex, nlevels: res.subjectLevels.length, levels: res.subjectLevels });
  return g;
}

/** Block id per row (0..nblocks-1, numbered by first appearance) and the factor whose levels they are. */
function assignBlocks(design: Design, skip: ReadonlySet<number>): { block: Int32Array; nblocks: number; factor: string | null } {
  const n = design.nobs;
  const gs = groupings(design, skip);
  const block = new Int32Array(n);
  if (gs.length === 0) {
    for (let i = 0; i < n; i++) block[i] = i;
    return { block, nblocks: n, factor: null };
  }
  const offsets: number[] = [];
  let total = 0;
  for (const g of gs) { offsets.push(total); total += g.nlevels; }
  const uf = new UnionFind(total);
  for (let i = 0; i < n; i++) {
    const first = offsets[0] + gs[0].index[i];
    for (let k = 1; k < gs.length; k++) uf.union(first, offsets[k] + gs[k].index[i]);
  }
  const id = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = uf.find(offsets[0] + gs[0].index[i]);
    let b = id.get(root);
    if (b === undefined) { b = id.size; id.set(root, b); }
    block[i] = b;
  }
  const nblocks = id.size;
  // The blocks must be the levels of one of the grouping factors (nesting); otherwise the factors are crossed.
  let factor: Grouping | null = null;
  for (const g of gs) {
    const used = new Set<number>();
    for (let i = 0; i < n; i++) used.add(g.index[i]);
    if (used.size === nblocks && (factor === null || g.nlevels < factor.nlevels)) factor = g;
  }
  if (factor === null) {
    const a = gs[0];
    const b = gs.find((g) => g !== a) ?? a;
    throw new LongitudeError(
      "crossed-random-effects",
      `the grouping factors ${gs.map((g) => `"${g.name}"`).join(" and ")} are crossed (not nested in one another); crossed random effects are not supported yet: ` +
        `use nested terms such as (1 | ${a.name}/${b.name}) if the levels of "${b.name}" belong to one "${a.name}" each`,
    );
  }
  return { block, nblocks, factor: factor.name };
}

/**
 * `skipRandom` leaves random terms out of the blocks: the Woodbury path (woodbury.ts) builds its inner units
 * without the outer random terms, whose columns `extra` appends to X instead (extra.columns of them, written by
 * extra.fill(row, X, at) into X[at … at + extra.columns)).
 */
export function buildBlocks(
  design: Design,
  skipRandom: ReadonlySet<number> = new Set(),
  extra: { columns: number; fill(row: number, X: Float64Array, at: number): void } | null = null,
): BlockStructure {
  const { nobs: N } = design;
  const p0 = design.p, p = p0 + (extra?.columns ?? 0);
  const { block, nblocks, factor } = assignBlocks(design, skipRandom);
  const w = design.weights;
  const sqrtW = new Float64Array(N);
  let sumLogW = 0;
  for (let i = 0; i < N; i++) {
    const wi = w ? w[i] : 1;
    sqrtW[i] = Math.sqrt(wi);
    if (w) sumLogW += Math.log(wi);
  }

  // Rows of each block, ordered by (residual subject, position) or kept in data order.
  const counts = new Int32Array(nblocks);
  for (let i = 0; i < N; i++) counts[block[i]]++;
  const start = new Int32Array(nblocks + 1);
  for (let b = 0; b < nblocks; b++) start[b + 1] = start[b] + counts[b];
  const order = new Int32Array(N);
  const fillPos = start.slice(0, nblocks);
  for (let i = 0; i < N; i++) order[fillPos[block[i]]++] = i;
  const res = design.residual;
  if (res) {
    for (let b = 0; b < nblocks; b++) {
      const seg = Array.from(order.subarray(start[b], start[b + 1]));
      seg.sort((i, j) => res.subjectIndex[i] - res.subjectIndex[j] || res.position[i] - res.position[j] || i - j);
      order.set(seg, start[b]);
    }
  }

  const byKey = new Map<string, { parts: Part[]; blocks: number[]; n: number }>();
  for (let b = 0; b < nblocks; b++) {
    const rows = order.subarray(start[b], start[b + 1]);
    const n = rows.length;
    const keyParts: string[] = [String(n)];
    const parts: Part[] = [];
    design.random.forEach((r, t) => {
      if (skipRandom.has(t)) return;
      const q = r.termNames.length;
      const local = new Map<number, number[]>();
      rows.forEach((row, k) => {
        const lv = r.groupIndex[row];
        let list = local.get(lv);
        if (!list) { list = []; local.set(lv, list); }
        list.push(k);
      });
      for (const ks of local.values()) {
        const Z = new Float64Array(ks.length * q);
        ks.forEach((k, a) => { for (let j = 0; j < q; j++) Z[a * q + j] = r.Z[rows[k] * q + j] * sqrtW[rows[k]]; });
        parts.push({ kind: "random", component: t, rows: Int32Array.from(ks), Z });
        keyParts.push(`r${t}:${ks.join(",")}:${Array.from(Z).join(",")}`);
      }
    });
    if (res) {
      let k0 = 0;
      while (k0 < n) {
        let k1 = k0 + 1;
        while (k1 < n && res.subjectIndex[rows[k1]] === res.subjectIndex[rows[k0]]) k1++;
        const g = res.groupIndex ? res.groupIndex[rows[k0]] : 0;
        const pos = new Int32Array(k1 - k0);
        const ks = new Int32Array(k1 - k0);
        for (let k = k0; k < k1; k++) { pos[k - k0] = res.position[rows[k]]; ks[k - k0] = k; }
        parts.push({ kind: "residual", component: g, rows: ks, pos });
        keyParts.push(`e${g}:${k0}:${pos.join(",")}`);
        k0 = k1;
      }
    } else {
      parts.push({ kind: "residual", component: 0, rows: Int32Array.from({ length: n }, (_, k) => k), pos: new Int32Array(n) });
    }
    const key = keyParts.join("|");
    let pat = byKey.get(key);
    if (!pat) { pat = { parts, blocks: [], n }; byKey.set(key, pat); }
    pat.blocks.push(b);
  }

  const patterns: Pattern[] = [];
  for (const pat of byKey.values()) {
    const { n } = pat;
    const m = pat.blocks.length;
    const X = new Float64Array(m * n * p);
    const y = new Float64Array(m * n);
    const rowIndex = new Int32Array(m * n);
    pat.blocks.forEach((b, s) => {
      for (let k = 0; k < n; k++) {
        const row = order[start[b] + k];
        const at = s * n + k;
        rowIndex[at] = row;
        y[at] = design.y[row] * sqrtW[row];
        for (let a = 0; a < p0; a++) X[at * p + a] = design.X[row * p0 + a] * sqrtW[row];
        if (extra) {
          extra.fill(row, X, at * p + p0);
          for (let a = p0; a < p; a++) X[at * p + a] *= sqrtW[row];
        }
      }
    });
    patterns.push({ n, m, parts: pat.parts, X, y, rowIndex, blocks: Int32Array.from(pat.blocks) });
  }
  return { patterns, nblocks, blockFactor: factor, sumLogW };
}
