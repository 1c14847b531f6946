import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { suggestRoles } from "../../../src-main/importers/mapping.js";
import { loadCdisc } from "../../helpers/cdisc.js";

const columns = (names: string[]) => names.map((name) => ({ name, label: null }));

describe("suggestRoles: ADaM BDS datasets of the CDISC pilot", () => {
  it("maps ADADAS: TRTP as the arm (no TRT01P in a BDS dataset here), AVAL before CHG, SITEID before SITEGR1", () => {
    const { roles, reasons } = suggestRoles(loadCdisc("adadas").columns);
    expect(roles).toEqual({
      subject: "USUBJID", visit: "AVISIT", visitOrder: "AVISITN", time: "ADY", arm: "TRTP", outcome: "AVAL",
      baseline: "BASE", parameter: "PARAMCD", site: "SITEID", filters: ["ITTFL", "EFFFL", "ANL01FL", "DTYPE"],
    });
    expect(reasons.outcome).toBe('ADaM BDS name AVAL: "Analysis Value"');
    expect(reasons.visit).toBe('ADaM BDS name AVISIT: "Analysis Visit"; ordered by AVISITN');
    expect(reasons.filters).toBe("ADaM flags offered as where filters: ITTFL, EFFFL, ANL01FL, DTYPE");
  });

  it("maps ADCIBC, which has no BASE", () => {
    const { roles, reasons } = suggestRoles(loadCdisc("adcibc").columns);
    expect(roles).toEqual({
      subject: "USUBJID", visit: "AVISIT", visitOrder: "AVISITN", time: "ADY", arm: "TRTP", outcome: "AVAL",
      baseline: null, parameter: "PARAMCD", site: "SITEID", filters: ["ITTFL", "EFFFL", "ANL01FL", "DTYPE"],
    });
    expect(reasons.baseline).toBe("no column named BASE");
  });
});

describe("suggestRoles: other data", () => {
  it("maps what matches in fev_data.csv and leaves the rest unset", () => {
    const header = readFileSync(new URL("../../../src-main/demo/fev_data.csv", import.meta.url), "utf8").split(/\r?\n/)[0];
    const names = header.split(",").map((h) => h.replace(/^"|"$/g, ""));
    expect(names).toEqual(["USUBJID", "AVISIT", "ARMCD", "RACE", "SEX", "FEV1_BL", "FEV1", "WEIGHT", "VISITN", "VISITN2"]);
    const { roles, reasons } = suggestRoles(columns(names));
    expect(roles).toEqual({
      subject: "USUBJID", visit: "AVISIT", visitOrder: null, time: null, arm: "ARMCD", outcome: null,
      baseline: null, parameter: null, site: null, filters: [],
    });
    expect(reasons.arm).toBe("ADaM BDS name ARMCD");
    expect(reasons.visit).toBe("ADaM BDS name AVISIT; no AVISITN column, so visits are ordered by name");
    expect(reasons.outcome).toBe("no column named AVAL or CHG");
    expect(reasons.site).toBe("no column named SITEID or SITEGR1");
    expect(reasons.filters).toBe("no column named ITTFL, EFFFL, ANL01FL or DTYPE");
  });

  it("matches names case-insensitively, keeps the file's spelling, and keeps the table's precedence", () => {
    const { roles, reasons } = suggestRoles(columns(["usubjid", "Avisit", "avisitn", "TRTP", "trt01p", "chg", "Aval", "siteGR1", "anl01fl", "Dtype"]));
    expect(roles).toEqual({
      subject: "usubjid", visit: "Avisit", visitOrder: "avisitn", time: null, arm: "trt01p", outcome: "Aval",
      baseline: null, parameter: null, site: "siteGR1", filters: ["anl01fl", "Dtype"],
    });
    expect(reasons.arm).toBe("ADaM BDS name TRT01P (spelled trt01p in the file)");
  });

  it("takes the first of two columns whose names differ only in case", () => {
    expect(suggestRoles(columns(["aval", "AVAL"])).roles.outcome).toBe("aval");
  });

  it("gives every role null for no columns", () => {
    const { roles } = suggestRoles([]);
    expect(Object.values(roles).filter((v) => v !== null && !(Array.isArray(v) && v.length === 0))).toEqual([]);
  });
});
