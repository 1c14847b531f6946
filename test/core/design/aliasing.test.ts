import { describe, expect, it } from "vitest";
import { keptColumns } from "../../../src-core/design/aliasing.js";

// Columns over N rows of a deterministic pseudo-random design; the decisions are checked against the rule of
// R's dqrdc2 as stated in aliasing.ts: a column is dropped when the norm of its part orthogonal to the kept
// earlier columns is below 1e-7 of its own norm.
const N = 400;
const u = (j: number) => Float64Array.from({ length: N }, (_, i) => Math.sin(1.7 * (i + 1) * (j + 1)) + 0.1 * j);
const one = new Float64Array(N).fill(1);
const mix = (a: Float64Array, b: Float64Array, eps: number, e: Float64Array) => a.map((v, i) => v + 2 * b[i] + eps * e[i]);

describe("keptColumns", () => {
  it("keeps every column of a well-conditioned design (the cross-product shortcut)", () => {
    expect(keptColumns([one, u(1), u(2), u(3)])).toEqual([0, 1, 2, 3]);
  });
  it("drops zero columns and exact linear combinations of earlier columns", () => {
    const zero = new Float64Array(N);
    const sum = one.map((v, i) => v + u(1)[i]);
    expect(keptColumns([one, zero, u(1), sum, u(2)])).toEqual([0, 2, 4]);
  });
  it("decides near-collinear columns by Gram–Schmidt: a residual of 1e-5 of the norm is kept, 1e-10 is dropped", () => {
    const e = u(7);
    expect(keptColumns([one, u(1), mix(one, u(1), 1e-5, e)])).toEqual([0, 1, 2]);
    expect(keptColumns([one, u(1), mix(one, u(1), 1e-10, e)])).toEqual([0, 1]);
  });
});
