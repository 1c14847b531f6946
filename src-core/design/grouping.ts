import type { FrameAccess } from "./variable.js";

/** A grouping factor over the used rows: the interaction of one or more columns, e.g. site:subject. */
export interface Grouping {
  readonly levels: string[];
  readonly index: Int32Array;
}

/**
 * The interaction of `columns` over the used rows, with the levels that occur, ordered by the first column's
 * level, then the second's, and so on; labels joined with ":", e.g. "S1:P1".
 */
export function grouping(columns: readonly string[], frame: FrameAccess): Grouping {
  const factors = columns.map((c) => frame.factor(c));
  if (factors.length === 1) return { levels: [...factors[0].info.levels], index: factors[0].index };
  const n = frame.nobs;
  const keys = new Map<string, number[]>();
  const rowKey: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const tuple = factors.map((f) => f.index[i]);
    const k = tuple.join(",");
    rowKey[i] = k;
    if (!keys.has(k)) keys.set(k, tuple);
  }
  const sorted = [...keys.entries()].sort(([, a], [, b]) => {
    for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return a[j] - b[j];
    return 0;
  });
  const at = new Map(sorted.map(([k], i) => [k, i]));
  const levels = sorted.map(([, t]) => t.map((l, j) => factors[j].info.levels[l]).join(":"));
  const index = Int32Array.from(rowKey, (k) => at.get(k)!);
  return { levels, index };
}
