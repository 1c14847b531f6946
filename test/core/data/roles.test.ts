import { describe, expect, it } from "vitest";
import { emptyRoles, visitLevels, type VariableRoles } from "../../../src-core/data/roles.js";
import { LongitudeError } from "../../../src-core/errors.js";
import { bdsFrame, loadCdisc } from "../../helpers/cdisc.js";

const roles = (over: Partial<VariableRoles>): VariableRoles => ({ ...emptyRoles(), ...over });

describe("visitLevels", () => {
  it("orders AVISIT by AVISITN, not by name (Week 16 before Week 8 by name)", () => {
    const { frame } = loadCdisc("adadas");
    expect(visitLevels(frame, roles({ visit: "AVISIT", visitOrder: "AVISITN" }))).toEqual(["Baseline", "Week 8", "Week 16", "Week 24"]);
    // R's collation puts "Week 16" first: that is the order without a visitOrder role.
    expect(visitLevels(frame, roles({ visit: "AVISIT" }))).toEqual(["Baseline", "Week 16", "Week 24", "Week 8"]);
  });

  it("looks only at the given rows", () => {
    const { frame } = loadCdisc("adadas");
    const post = Array.from({ length: frame.nrow }, (_, r) => r).filter((r) => (frame.columns.AVISITN.values[r] as number) > 8);
    expect(visitLevels(frame, roles({ visit: "AVISIT", visitOrder: "AVISITN" }), post)).toEqual(["Week 16", "Week 24"]);
  });

  it("uses a visit's smallest order value, puts visits without one last, and breaks ties by name", () => {
    const frame = bdsFrame({
      AVISIT: ["Week 4", "Week 4", "Follow-up", "Week 2", "Day 1", "Screening", null, "Week 2b"],
      AVISITN: [4, 1.5, null, 2, 1, null, 0, 2],
    });
    // Week 4 has 4 and 1.5: ordered at 1.5. Week 2 and Week 2b share 2: by name. Follow-up and Screening: no order.
    expect(visitLevels(frame, roles({ visit: "AVISIT", visitOrder: "AVISITN" }))).toEqual(["Day 1", "Week 4", "Week 2", "Week 2b", "Follow-up", "Screening"]);
  });

  it("reads a text visitOrder column as numbers, and a numeric visit column in numeric order", () => {
    const text = bdsFrame({ AVISIT: ["B", "A", "C"], AVISITN: ["10", "2", "x"] });
    expect(visitLevels(text, roles({ visit: "AVISIT", visitOrder: "AVISITN" }))).toEqual(["A", "B", "C"]);
    const numeric = bdsFrame({ VISITN: [10, 2, 1, 2, null] });
    expect(visitLevels(numeric, roles({ visit: "VISITN" }))).toEqual(["1", "2", "10"]);
    const names = bdsFrame({ VISIT: ["VIS2", "VIS10", "VIS1", ""] });
    expect(visitLevels(names, roles({ visit: "VISIT" }))).toEqual(["VIS1", "VIS10", "VIS2"]);
  });

  it("gives no levels without a visit role, and names the role when its column is absent", () => {
    const frame = bdsFrame({ AVISIT: ["A"] });
    expect(visitLevels(frame, roles({}))).toEqual([]);
    expect(() => visitLevels(frame, roles({ visit: "AVISTI" }))).toThrow(LongitudeError);
    expect(() => visitLevels(frame, roles({ visit: "AVISIT", visitOrder: "AVISITN" }))).toThrow(
      'unknown column "AVISITN" in the visitOrder role; did you mean "AVISIT"? Columns are: AVISIT',
    );
  });
});
