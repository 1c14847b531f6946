import { describe, expect, it } from "vitest";
import { suggestArmReference } from "../../../../src-renderer/lib/model/reference.js";

describe("suggestArmReference", () => {
  it("picks the placebo or control arm", () => {
    expect(suggestArmReference(["PBO", "TRT"])).toBe("PBO");
    expect(suggestArmReference(["Placebo", "Xanomeline High Dose", "Xanomeline Low Dose"])).toBe("Placebo");
    expect(suggestArmReference(["Active", "Matching placebo"])).toBe("Matching placebo");
    expect(suggestArmReference(["A", "B"])).toBeNull();
  });
});
