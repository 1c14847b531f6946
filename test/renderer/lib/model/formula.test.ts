import { describe, expect, it } from "vitest";
import { draftFormula, draftSpec, formulaName, isPlainName } from "../../../../src-renderer/lib/model/formula.js";
import { mmrmTemplate, slopeTemplate } from "../../../../src-renderer/lib/model/templates.js";
import { formulaTerms } from "../../../../src-core/formula/terms.js";
import { column, ADAS_COLUMNS, ADAS_ROLES, FEV_COLUMNS, FEV_ROLES } from "./fixtures.js";

const fev = () => mmrmTemplate(FEV_ROLES, FEV_COLUMNS.map((c) => c.name));

describe("draftFormula", () => {
  it("writes separate covariance per arm as group / subject", () => {
    const d = { ...fev(), perArm: true };
    expect(draftFormula(d)).toBe("FEV1 ~ FEV1_BL + ARMCD * AVISIT + us(AVISIT | ARMCD / USUBJID)");
    const parsed = formulaTerms(draftFormula(d)).residual;
    expect(parsed).toMatchObject({ structure: "us", time: ["AVISIT"], group: "ARMCD", subject: "USUBJID" });
  });

  it("writes each structure under its formula name", () => {
    expect(draftFormula({ ...fev(), structure: "ar1" })).toBe("FEV1 ~ FEV1_BL + ARMCD * AVISIT + ar1(AVISIT | USUBJID)");
    expect(draftFormula({ ...fev(), structure: "toeph" })).toBe("FEV1 ~ FEV1_BL + ARMCD * AVISIT + toeph(AVISIT | USUBJID)");
    expect(draftFormula({ ...fev(), structure: "none" })).toBe("FEV1 ~ FEV1_BL + ARMCD * AVISIT");
  });

  it("writes a random slope correlated with |, uncorrelated with ||, and an intercept alone as (1 | subject)", () => {
    const d = slopeTemplate(ADAS_ROLES);
    expect(draftFormula(d)).toBe("CHG ~ TRTP * AVISITN + (AVISITN | USUBJID)");
    expect(draftFormula({ ...d, random: "slope-uncorrelated" })).toBe("CHG ~ TRTP * AVISITN + (AVISITN || USUBJID)");
    expect(formulaTerms(draftFormula({ ...d, random: "slope-uncorrelated" })).random[0]).toMatchObject({ diagonal: true, group: ["USUBJID"] });
    expect(draftFormula({ ...d, random: "intercept" })).toBe("CHG ~ TRTP * AVISITN + (1 | USUBJID)");
  });

  it("writes a random intercept together with a residual structure", () => {
    expect(draftFormula({ ...fev(), random: "intercept", structure: "ar1" })).toBe("FEV1 ~ FEV1_BL + ARMCD * AVISIT + (1 | USUBJID) + ar1(AVISIT | USUBJID)");
  });

  it("writes main effects only without arm × visit, and baseline × visit after the treatment terms", () => {
    expect(draftFormula({ ...fev(), armByTime: false })).toBe("FEV1 ~ FEV1_BL + ARMCD + AVISIT + us(AVISIT | USUBJID)");
    const d = { ...fev(), baselineByTime: true };
    expect(draftFormula(d)).toBe("FEV1 ~ FEV1_BL + ARMCD * AVISIT + FEV1_BL:AVISIT + us(AVISIT | USUBJID)");
    expect(formulaTerms(draftFormula(d)).fixed.terms.map((t) => t.label)).toEqual(["FEV1_BL", "ARMCD", "AVISIT", "ARMCD:AVISIT", "FEV1_BL:AVISIT"]);
  });

  it("writes an intercept-only model as ~ 1", () => {
    const d = { ...fev(), arm: null, time: null, baseline: null, structure: "none" as const, random: "intercept" as const };
    expect(draftFormula(d)).toBe("FEV1 ~ 1 + (1 | USUBJID)");
  });

  it("puts names the parser cannot read bare in backticks, and the parser reads them back", () => {
    expect(isPlainName("FEV1_BL")).toBe(true);
    expect(isPlainName("AVISIT.N")).toBe(true);
    expect(isPlainName("Visit day")).toBe(false);
    expect(isPlainName("1st")).toBe(false);
    expect(isPlainName(".5x")).toBe(false);
    expect(isPlainName("_x")).toBe(false);
    expect(formulaName("Visit day")).toBe("`Visit day`");
    const d = { ...fev(), outcome: "FEV 1", time: "Visit day" };
    const text = draftFormula(d);
    expect(text).toBe("`FEV 1` ~ FEV1_BL + ARMCD * `Visit day` + us(`Visit day` | USUBJID)");
    const parsed = formulaTerms(text);
    expect(parsed.response).toBe("FEV 1");
    expect(parsed.residual?.time).toEqual(["Visit day"]);
  });
});

describe("draftSpec", () => {
  it("lists numeric columns used as factors (a numeric visit, a numeric arm, factor covariates) in factors", () => {
    const columns = [...ADAS_COLUMNS, column("AGEGR1N", "numeric")];
    const d = { ...mmrmTemplate(ADAS_ROLES, []), arm: "TRTPN", time: "AVISITN", covariates: [{ column: "AGEGR1N", kind: "factor" as const, reference: "2" }, { column: "AGE", kind: "numeric" as const, reference: null }] };
    const spec = draftSpec(d, columns);
    expect(spec.formula).toBe("CHG ~ BASE + AGEGR1N + AGE + TRTPN * AVISITN + us(AVISITN | USUBJID)");
    expect(spec.factors).toEqual(["TRTPN", "AVISITN", "AGEGR1N"]);
    expect(spec.reference).toEqual({ AGEGR1N: "2" });
    expect(spec.lsmeans).toEqual({ specs: ["TRTPN"], by: ["AVISITN"], pairwise: true });
  });

  it("keeps a continuous time out of factors, reference and the LS means' by", () => {
    const d = { ...slopeTemplate(ADAS_ROLES), lsmeans: true, referenceArm: "Placebo", referenceVisit: "Week 8" };
    expect(draftSpec(d, ADAS_COLUMNS)).toEqual({
      formula: "CHG ~ TRTP * AVISITN + (AVISITN | USUBJID)",
      method: "REML", ddf: "satterthwaite",
      reference: { TRTP: "Placebo" },
      lsmeans: { specs: ["TRTP"], pairwise: true },
    });
  });

  it("writes convergence only when one is chosen: the default leaves the choice to the core", () => {
    expect(draftSpec({ ...fev(), convergence: "sas" }, FEV_COLUMNS).convergence).toBe("sas");
    expect(draftSpec({ ...fev(), convergence: "optimum" }, FEV_COLUMNS).convergence).toBe("optimum");
    expect(fev().convergence).toBe("default");
    expect("convergence" in draftSpec(fev(), FEV_COLUMNS)).toBe(false);
  });

  it("writes the confidence level only when it is not 95%, and the where filter trimmed", () => {
    const d = { ...fev(), confidence: 0.9, where: '  ARMCD != "X"  ', method: "ML" as const, ddf: "satterthwaite" as const };
    expect(draftSpec(d, FEV_COLUMNS)).toEqual({
      formula: "FEV1 ~ FEV1_BL + ARMCD * AVISIT + us(AVISIT | USUBJID)",
      where: 'ARMCD != "X"', method: "ML", ddf: "satterthwaite", confidence: 0.9,
      lsmeans: { specs: ["ARMCD"], by: ["AVISIT"], pairwise: true },
    });
  });

  it("leaves LS means out when they are off", () => {
    expect(draftSpec({ ...fev(), lsmeans: false }, FEV_COLUMNS).lsmeans).toBeUndefined();
  });
});
