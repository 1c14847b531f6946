import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { DataFrame } from "../../../src-core/data/frame.js";
import { buildDesign } from "../../../src-core/design/index.js";
import { readCsv } from "./csv.js";

// Expected: lme4 (R 4.2.2) getME(m, "cnms" / "flist" / "Z") on sleepstudy; see r/random.R.
interface Ref { formula: string; cnms: string[][]; groups: string | string[]; levels: string[]; Zsums: number[]; Zrow10: number[] }
const ref = JSON.parse(readFileSync(new URL("./r/random.json", import.meta.url), "utf8")) as Ref[];
const sleep = readCsv(new URL("../../reference/data/sleepstudy.csv", import.meta.url).pathname);

describe("random-effects terms as lme4 builds them", () => {
  for (const r of ref) {
    it(r.formula, () => {
      const d = buildDesign(sleep, { formula: r.formula });
      expect(d.random).toHaveLength(1);
      const t = d.random[0];
      expect(t.group).toBe("Subject");
      expect(t.groupLevels).toEqual(r.levels);
      expect(t.termNames).toEqual(r.cnms.flat());
      expect(t.diagonal).toBe(r.cnms.length > 1);
      const q = t.termNames.length;
      const G = t.groupLevels.length;
      // lme4's Z: one column per (group level, effect); for || the effects come as separate terms, effect-major.
      const col = (g: number, k: number): number => (t.diagonal ? k * G + g : g * q + k);
      const sums = new Array<number>(q * G).fill(0);
      const row10 = new Array<number>(q * G).fill(0);
      for (let i = 0; i < d.nobs; i++) {
        for (let k = 0; k < q; k++) {
          sums[col(t.groupIndex[i], k)] += t.Z[i * q + k];
          if (i === 9) row10[col(t.groupIndex[i], k)] = t.Z[i * q + k];
        }
      }
      expect(sums).toEqual(r.Zsums);
      expect(row10).toEqual(r.Zrow10);
    });
  }
});

describe("nested and interaction groupings", () => {
  const data: DataFrame = {
    nrow: 8,
    names: ["y", "x", "site", "subject"],
    columns: {
      y: { kind: "numeric", values: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]) },
      x: { kind: "numeric", values: Float64Array.from([0, 1, 0, 1, 0, 1, 0, 1]) },
      site: { kind: "character", values: ["S2", "S2", "S1", "S1", "S1", "S1", "S2", "S2"] },
      subject: { kind: "character", values: ["P1", "P1", "P1", "P1", "P2", "P2", "P3", "P3"] },
    },
  };
  it("(1 | site/subject) gives site and site:subject, levels labelled S1:P1", () => {
    const d = buildDesign(data, { formula: "y ~ x + (1 | site/subject)" });
    expect(d.random.map((r) => r.group)).toEqual(["site", "site:subject"]);
    expect(d.random[0].groupLevels).toEqual(["S1", "S2"]);
    expect(Array.from(d.random[0].groupIndex)).toEqual([1, 1, 0, 0, 0, 0, 1, 1]);
    expect(d.random[1].groupLevels).toEqual(["S1:P1", "S1:P2", "S2:P1", "S2:P3"]);
    expect(Array.from(d.random[1].groupIndex)).toEqual([2, 2, 0, 0, 1, 1, 3, 3]);
    expect(Array.from(d.random[1].Z)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });
  it("(x | site:subject) groups by the interaction, with an intercept and a slope", () => {
    const d = buildDesign(data, { formula: "y ~ x + (x | site:subject)" });
    expect(d.random[0].group).toBe("site:subject");
    expect(d.random[0].termNames).toEqual(["(Intercept)", "x"]);
    expect(Array.from(d.random[0].Z.slice(0, 4))).toEqual([1, 0, 1, 1]);
  });
  it("a factor slope (0 + site | subject) is coded by all levels", () => {
    const d = buildDesign(data, { formula: "y ~ x + (0 + site | subject)" });
    expect(d.random[0].termNames).toEqual(["siteS1", "siteS2"]);
    expect(Array.from(d.random[0].Z.slice(0, 6))).toEqual([0, 1, 0, 1, 1, 0]);
  });
  it("a random term with no effects is an error", () => {
    expect(() => buildDesign(data, { formula: "y ~ x + (0 | subject)" })).toThrow("the random term (0 | subject) has no effects; write (1 | subject) for a random intercept");
  });
});
