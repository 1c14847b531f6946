import { describe, expect, it } from "vitest";
import { mmrmTemplate, slopeTemplate, startingTemplate, TEMPLATE_NAMES } from "../../../../src-renderer/lib/model/templates.js";
import { draftFormula, draftSpec } from "../../../../src-renderer/lib/model/formula.js";
import { validateDraft } from "../../../../src-renderer/lib/model/validate.js";
import { ADAS_COLUMNS, ADAS_ROLES, FEV_COLUMNS, FEV_ROLES, storedSpec } from "./fixtures.js";

const names = (cols: { name: string }[]) => cols.map((c) => c.name);

describe("template names", () => {
  it("are the issue's", () => {
    expect(TEMPLATE_NAMES.mmrm).toBe("MMRM: change ~ baseline + arm × visit, unstructured, Kenward-Roger");
    expect(TEMPLATE_NAMES.slope).toBe("Random intercept and slope: outcome ~ arm × time + (time | subject)");
  });
});

describe("MMRM template", () => {
  it("on fev_data: FEV1 on baseline and arm × visit, UN over visits, REML + KR, LS means of arm by visit", () => {
    const d = mmrmTemplate(FEV_ROLES, names(FEV_COLUMNS));
    expect(draftFormula(d)).toBe("FEV1 ~ FEV1_BL + ARMCD * AVISIT + us(AVISIT | USUBJID)");
    expect(draftSpec(d, FEV_COLUMNS)).toEqual({
      formula: "FEV1 ~ FEV1_BL + ARMCD * AVISIT + us(AVISIT | USUBJID)",
      method: "REML",
      ddf: "kenward-roger",
      lsmeans: { specs: ["ARMCD"], by: ["AVISIT"], pairwise: true },
    });
    expect(validateDraft(d, FEV_COLUMNS)).toEqual([]);
  });

  it("on ADaM roles: CHG on BASE and TRTP × AVISIT", () => {
    const d = mmrmTemplate(ADAS_ROLES, names(ADAS_COLUMNS));
    expect(draftSpec(d, ADAS_COLUMNS)).toEqual({
      formula: "CHG ~ BASE + TRTP * AVISIT + us(AVISIT | USUBJID)",
      method: "REML",
      ddf: "kenward-roger",
      lsmeans: { specs: ["TRTP"], by: ["AVISIT"], pairwise: true },
    });
  });

  it("prefers CHG to an AVAL outcome role when the data have CHG (the model is of change from baseline)", () => {
    const d = mmrmTemplate({ ...ADAS_ROLES, outcome: "AVAL" }, names(ADAS_COLUMNS));
    expect(d.outcome).toBe("CHG");
    expect(d.baseline).toBe("BASE");
  });

  it("with the CDISC pilot's site group, reference arm and where filter, gives the stored ADAS-Cog spec exactly", () => {
    const d = mmrmTemplate(ADAS_ROLES, names(ADAS_COLUMNS));
    d.covariates = [{ column: "SITEGR1", kind: "factor", reference: null }];
    d.referenceArm = "Placebo";
    d.where = 'PARAMCD == "ACTOT" & EFFFL == "Y" & AVISITN > 0 & ANL01FL == "Y" & DTYPE != "LOCF"';
    expect(draftSpec(d, ADAS_COLUMNS)).toEqual(storedSpec("test/fixtures/cdisc/adadas-actot.spec.json"));
  });

  it("with RACE and SEX instead of the baseline, gives the demo and report specs exactly", () => {
    const d = mmrmTemplate(FEV_ROLES, names(FEV_COLUMNS));
    d.baseline = null;
    d.covariates = [{ column: "RACE", kind: "factor", reference: "Asian" }, { column: "SEX", kind: "factor", reference: "Male" }];
    d.referenceArm = "PBO";
    d.referenceVisit = "VIS1";
    expect(draftSpec(d, FEV_COLUMNS)).toEqual(storedSpec("test/fixtures/report/fev-mmrm-kr.spec.json"));
    d.ddf = "satterthwaite";
    expect(draftSpec(d, FEV_COLUMNS)).toEqual(storedSpec("src-main/demo/fev_mmrm.spec.json"));
  });

  it("is the starting form unless the roles have a time but no visit", () => {
    expect(startingTemplate(FEV_ROLES)).toBe("mmrm");
    expect(startingTemplate({ ...FEV_ROLES, outcome: null })).toBe("mmrm");
    expect(startingTemplate({ ...FEV_ROLES, visit: null, time: "ADY" })).toBe("slope");
    expect(startingTemplate({ ...FEV_ROLES, visit: null })).toBe("mmrm");
  });
});

describe("random intercept and slope template", () => {
  it("on ADaM roles: the visit order as continuous time, (AVISITN | USUBJID), no residual term, REML + Satterthwaite", () => {
    const d = slopeTemplate(ADAS_ROLES);
    expect(draftFormula(d)).toBe("CHG ~ TRTP * AVISITN + (AVISITN | USUBJID)");
    expect(draftSpec(d, ADAS_COLUMNS)).toEqual({
      formula: "CHG ~ TRTP * AVISITN + (AVISITN | USUBJID)",
      method: "REML",
      ddf: "satterthwaite",
    });
    expect(validateDraft(d, ADAS_COLUMNS, { parameter: null })).toEqual([]);
  });

  it("prefers the time role (ADY) to the visit order", () => {
    const d = slopeTemplate({ ...ADAS_ROLES, time: "ADY" });
    expect(draftFormula(d)).toBe("CHG ~ TRTP * ADY + (ADY | USUBJID)");
  });

  it("on fev_data, which has neither a time nor a visit-order role, asks for the time", () => {
    const d = slopeTemplate(FEV_ROLES);
    expect(d.time).toBeNull();
    expect(draftFormula(d)).toBe("FEV1 ~ ARMCD + (1 | USUBJID)");
    expect(validateDraft(d, FEV_COLUMNS)).toContainEqual({ field: "random", severity: "error", message: "A random slope needs a continuous time; choose the time column." });
    d.time = "VISITN";
    expect(draftSpec(d, FEV_COLUMNS)).toEqual({ formula: "FEV1 ~ ARMCD * VISITN + (VISITN | USUBJID)", method: "REML", ddf: "satterthwaite" });
    expect(validateDraft(d, FEV_COLUMNS)).toEqual([]);
  });
});
