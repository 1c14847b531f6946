import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compareLevels } from "../../../src-core/design/collate.js";
import { formatNumber } from "../../../src-core/formula/number.js";

// Expected: R 4.2.2 sort() (ICU root collation) and as.character(); see r/collate.R.
const ref = JSON.parse(readFileSync(new URL("./r/collate.json", import.meta.url), "utf8")) as {
  icu: string[]; ascii: string[]; words: string[]; numbers: string[]; labels: string[];
};

const shuffle = (a: string[]): string[] => a.map((v, i) => ({ v, k: (i * 7919) % 101 })).sort((x, y) => x.k - y.k).map((x) => x.v);

describe("level order as R's default sort", () => {
  it("the R reference was made with ICU root collation", () => {
    expect(ref.icu).toEqual(["root"]);
  });
  it("orders every printable ASCII character as R does", () => {
    expect(shuffle(ref.ascii).sort(compareLevels)).toEqual(ref.ascii);
  });
  it("orders words (case, punctuation, digits) as R does", () => {
    expect(shuffle(ref.words).sort(compareLevels)).toEqual(ref.words);
  });
});

describe("number labels as R's as.character", () => {
  it("formats numbers with 15 significant digits, fixed unless scientific is shorter", () => {
    expect(ref.numbers.map((s) => formatNumber(Number(s)))).toEqual(ref.labels);
  });
});
