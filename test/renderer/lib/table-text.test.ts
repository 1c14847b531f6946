import { describe, expect, it } from "vitest";
import { tableText } from "../../../src-renderer/lib/table-text.js";
import type { PresentTable } from "../../../src-core/present/table.js";

describe("tableText", () => {
  it("writes the header and the values as printed, tab-separated", () => {
    const t: PresentTable = {
      id: "x", title: "X", labels: 1,
      columns: [{ key: "effect", header: "Effect", kind: "text" }, { key: "p", header: "Pr > |t|", kind: "p" }, { key: "df", header: "DF", kind: "df" }],
      rows: [["ARMCD", 0.00001, 145.6], ["AVISIT", 0.0312, null]],
    };
    // SAS formats (src-core/present/format.ts): PVALUE6.4 prints <.0001, a fractional df 2 decimals, a missing number "."
    expect(tableText(t)).toBe("Effect\tPr > |t|\tDF\nARMCD\t<.0001\t145.60\nAVISIT\t0.0312\t.\n");
  });
});
