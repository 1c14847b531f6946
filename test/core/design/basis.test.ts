import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evalNs, fitNs } from "../../../src-core/design/ns.js";
import { evalPoly, fitPoly } from "../../../src-core/design/poly.js";

// Expected values: R 4.2.2, stats::poly and splines::ns with predict(); see r/basis.R.
const ref = JSON.parse(readFileSync(new URL("./r/basis.json", import.meta.url), "utf8")) as {
  x: number[]; xnew: number[];
  poly: { degree: number; basis: number[][]; alpha: number[]; norm2: number[]; predict: number[][] }[];
  ns: { df: number; basis: number[][]; knots: number[]; predict: number[][] }[];
};

function expectClose(actual: readonly number[], expected: readonly number[], tol = 1e-10): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i])).toBeLessThan(tol));
}

describe("poly() as R's stats::poly", () => {
  for (const p of ref.poly) {
    it(`degree ${p.degree}: basis, coefs and predict match R`, () => {
      const b = fitPoly(Float64Array.from(ref.x), p.degree, "poly(x)");
      expectClose(b.alpha, p.alpha);
      expectClose(b.norm2, p.norm2, 1e-9);
      ref.x.forEach((x, i) => expectClose(evalPoly(b, x), p.basis[i]));
      ref.xnew.forEach((x, i) => expectClose(evalPoly(b, x), p.predict[i]));
    });
  }
  it("refuses a degree not below the number of distinct values", () => {
    expect(() => fitPoly(Float64Array.from([1, 2, 2, 3]), 3, "poly(x, 3)")).toThrow(/needs more distinct values than its degree: the used rows have 3/);
  });
});

describe("ns() as R's splines::ns", () => {
  for (const s of ref.ns) {
    it(`df ${s.df}: knots, basis and predict (linear outside the boundary) match R`, () => {
      const b = fitNs(Float64Array.from(ref.x), s.df, "ns(x)");
      expectClose([...b.knots], s.knots);
      expect([...b.boundary]).toEqual([0.5, 10.2]);
      ref.x.forEach((x, i) => expectClose(evalNs(b, x), s.basis[i]));
      ref.xnew.forEach((x, i) => expectClose(evalNs(b, x), s.predict[i]));
    });
  }
});
