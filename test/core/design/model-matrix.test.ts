import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildDesign } from "../../../src-core/design/index.js";
import type { AnalysisSpec } from "../../../src-core/spec.js";
import { readCsv } from "./csv.js";

// Expected matrices: R 4.2.2 model.matrix() and lm() on the complete cases; see r/model-matrix.R.
interface Case { name: string; formula: string; nobs: number; names: string[]; aliased: string[]; terms: string[]; head: number[][]; colSums: number[]; colSumSq: number[] }
const cases = JSON.parse(readFileSync(new URL("./r/model-matrix.json", import.meta.url), "utf8")) as Case[];
const data = {
  fev: readCsv(new URL("../../reference/data/fev_data.csv", import.meta.url).pathname),
  orth: readCsv(new URL("../../reference/data/orthodont.csv", import.meta.url).pathname),
};
const options: Record<string, Partial<AnalysisSpec>> = {
  "fev reference": { reference: { ARMCD: "TRT" } },
  "fev numeric factor": { factors: ["VISITN"] },
};
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(b));

describe("model matrix: names, order, aliasing and values as R's model.matrix", () => {
  for (const c of cases) {
    it(c.name, () => {
      const frame = c.name.startsWith("orthodont") ? data.orth : data.fev;
      const d = buildDesign(frame, { formula: c.formula, ...options[c.name] });
      const aliased = [c.aliased].flat();
      expect(d.nobs).toBe(c.nobs);
      expect(d.terms.map((t) => t.label)).toEqual([c.terms].flat());
      expect(d.aliased).toEqual(aliased);
      const keep = c.names.map((n, j) => (aliased.includes(n) ? -1 : j)).filter((j) => j >= 0);
      expect(d.coefNames).toEqual(keep.map((j) => c.names[j]));
      keep.forEach((j, k) => {
        let s = 0;
        let s2 = 0;
        for (let i = 0; i < d.nobs; i++) { const v = d.X[i * d.p + k]; s += v; s2 += v * v; }
        expect(close(s, c.colSums[j]), `${c.names[j]} sum ${s} vs ${c.colSums[j]}`).toBe(true);
        expect(close(s2, c.colSumSq[j]), `${c.names[j]} sum of squares`).toBe(true);
        c.head.forEach((row, i) => expect(close(d.X[i * d.p + k], row[j]), `${c.names[j]} row ${i}`).toBe(true));
      });
      // Each term's columns are the indices of its own coefficients.
      const owned = d.terms.flatMap((t) => t.columns).sort((a, b) => a - b);
      expect(owned).toEqual(Array.from({ length: d.p - (d.intercept ? 1 : 0) }, (_, k) => k + (d.intercept ? 1 : 0)));
    });
  }
});
