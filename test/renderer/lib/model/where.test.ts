import { describe, expect, it } from "vitest";
import { whereString } from "../../../../src-renderer/lib/import/selection.js";
import { whereNames, whereWithParameter } from "../../../../src-renderer/lib/model/where.js";

describe("whereWithParameter", () => {
  it("writes the parameter value into the where filter, first, as the CDISC spec has it", () => {
    const selection = { where: 'EFFFL == "Y" & AVISITN > 0 & ANL01FL == "Y" & DTYPE != "LOCF"', parameterValue: "ACTOT" };
    expect(whereWithParameter(selection, "PARAMCD")).toBe('PARAMCD == "ACTOT" & EFFFL == "Y" & AVISITN > 0 & ANL01FL == "Y" & DTYPE != "LOCF"');
  });

  it("keeps the where filter as it is when it already selects the parameter, or there is no parameter", () => {
    expect(whereWithParameter({ where: 'PARAMCD == "ACTOT"', parameterValue: "ACTOT" }, "PARAMCD")).toBe('PARAMCD == "ACTOT"');
    expect(whereWithParameter({ where: ' ITTFL == "Y" ' }, "PARAMCD")).toBe('ITTFL == "Y"');
    expect(whereWithParameter({}, null)).toBe("");
    expect(whereWithParameter({ parameterValue: "ACTOT" }, "PARAMCD")).toBe('PARAMCD == "ACTOT"');
  });

  it("brackets a where filter with | so that the parameter applies to all of it", () => {
    expect(whereWithParameter({ where: 'ITTFL == "Y" | EFFFL == "Y"', parameterValue: "ACTOT" }, "PARAMCD")).toBe('PARAMCD == "ACTOT" & (ITTFL == "Y" | EFFFL == "Y")');
  });

  it("escapes quotes in values and quotes odd column names", () => {
    expect(whereString('say "hi"')).toBe('"say \\"hi\\""');
    expect(whereWithParameter({ parameterValue: "A" }, "Param code")).toBe('`Param code` == "A"');
  });

  it("finds a column name outside strings only", () => {
    expect(whereNames('PARAMCD == "X"', "PARAMCD")).toBe(true);
    expect(whereNames('DTYPE != "PARAMCD"', "PARAMCD")).toBe(false);
    expect(whereNames('PARAMCDN == 1', "PARAMCD")).toBe(false);
  });
});
