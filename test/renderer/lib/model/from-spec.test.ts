import { describe, expect, it } from "vitest";
import { specDraft } from "../../../../src-renderer/lib/model/from-spec.js";
import { draftSpec } from "../../../../src-renderer/lib/model/formula.js";
import { mmrmTemplate, slopeTemplate } from "../../../../src-renderer/lib/model/templates.js";
import type { AnalysisSpec } from "../../../../src-core/spec.js";
import { ADAS_COLUMNS, ADAS_ROLES, FEV_COLUMNS, FEV_ROLES, storedSpec } from "./fixtures.js";

function roundTrip(spec: AnalysisSpec, roles = FEV_ROLES, columns = FEV_COLUMNS): AnalysisSpec {
  const parsed = specDraft(spec, roles, columns);
  if (!parsed.ok) throw new Error(parsed.reason);
  return draftSpec(parsed.draft, columns);
}

describe("specDraft", () => {
  it("puts the stored specs back in the form unchanged", () => {
    for (const path of ["src-main/demo/fev_mmrm.spec.json", "test/fixtures/report/fev-mmrm-kr.spec.json"]) {
      const spec = storedSpec(path);
      expect(roundTrip(spec)).toEqual(spec);
    }
    const adas = storedSpec("test/fixtures/cdisc/adadas-actot.spec.json");
    expect(roundTrip(adas, ADAS_ROLES, ADAS_COLUMNS)).toEqual(adas);
  });

  it("reads arm, visit, subject, covariates and references of the demo spec into their fields", () => {
    const parsed = specDraft(storedSpec("src-main/demo/fev_mmrm.spec.json"), FEV_ROLES, FEV_COLUMNS);
    expect(parsed.ok && parsed.draft).toMatchObject({
      outcome: "FEV1", arm: "ARMCD", time: "AVISIT", timeKind: "visit", subject: "USUBJID", baseline: null,
      covariates: [{ column: "RACE", kind: "factor", reference: "Asian" }, { column: "SEX", kind: "factor", reference: "Male" }],
      structure: "us", random: "none", ddf: "satterthwaite", referenceArm: "PBO", referenceVisit: "VIS1", lsmeans: true,
    });
  });

  it("round-trips per-arm covariance, baseline × visit, an uncorrelated slope and a 90% level", () => {
    const perArm = draftSpec({ ...mmrmTemplate(FEV_ROLES, []), perArm: true, baselineByTime: true, structure: "toeph" }, FEV_COLUMNS);
    expect(perArm.formula).toBe("FEV1 ~ FEV1_BL + ARMCD * AVISIT + FEV1_BL:AVISIT + toeph(AVISIT | ARMCD / USUBJID)");
    expect(roundTrip(perArm)).toEqual(perArm);
    const slope = draftSpec({ ...slopeTemplate(ADAS_ROLES), random: "slope-uncorrelated", confidence: 0.9 }, ADAS_COLUMNS);
    expect(roundTrip(slope, ADAS_ROLES, ADAS_COLUMNS)).toEqual(slope);
  });

  it("round-trips a random site intercept, with UN or with a random subject intercept", () => {
    const un = draftSpec({ ...mmrmTemplate(ADAS_ROLES, []), structure: "us", siteIntercept: "SITEGR1" }, ADAS_COLUMNS);
    expect(un.formula).toBe("CHG ~ BASE + TRTP * AVISIT + (1 | SITEGR1) + us(AVISIT | USUBJID)");
    expect(roundTrip(un, ADAS_ROLES, ADAS_COLUMNS)).toEqual(un);
    const ri = draftSpec({ ...mmrmTemplate(ADAS_ROLES, []), structure: "none", random: "intercept", siteIntercept: "SITEID" }, ADAS_COLUMNS);
    expect(ri.formula).toBe("CHG ~ BASE + TRTP * AVISIT + (1 | SITEID) + (1 | USUBJID)");
    expect(roundTrip(ri, ADAS_ROLES, ADAS_COLUMNS)).toEqual(ri);
    const parsed = specDraft({ formula: "CHG ~ BASE + TRTP * AVISIT + (1 | SITEID) + us(AVISIT | USUBJID)" }, ADAS_ROLES, ADAS_COLUMNS);
    expect(parsed.ok && parsed.draft.siteIntercept).toBe("SITEID");
  });

  it("round-trips the iteration choice (convergence: sas, optimum, or none for the default)", () => {
    for (const convergence of ["sas", "optimum"] as const) {
      const spec = draftSpec({ ...mmrmTemplate(FEV_ROLES, []), structure: "us", convergence }, FEV_COLUMNS);
      expect(spec.convergence).toBe(convergence);
      expect(roundTrip(spec)).toEqual(spec);
    }
    const plain = draftSpec({ ...mmrmTemplate(FEV_ROLES, []), structure: "us" }, FEV_COLUMNS);
    expect("convergence" in plain).toBe(false);
    expect(roundTrip(plain)).toEqual(plain);
  });

  it("says why a spec the form cannot hold is not put back", () => {
    const cases: [AnalysisSpec, string][] = [
      [{ formula: "FEV1 ~ ARMCD * AVISIT + poly(FEV1_BL, 2) + us(AVISIT | USUBJID)" }, "The last model cannot be shown in the form: it uses poly(FEV1_BL, 2)."],
      [{ formula: "FEV1 ~ ARMCD * AVISIT * SEX + us(AVISIT | USUBJID)" }, "The last model cannot be shown in the form: it has interactions of three or more variables."],
      [{ formula: "FEV1 ~ ARMCD * AVISIT + (1 | USUBJID) + (1 | ARMCD)" }, "The last model cannot be shown in the form: it has several random-effects terms."],
      [{ formula: "FEV1 ~ ARMCD * AVISIT + us(AVISIT | USUBJID)", weights: "WEIGHT" }, "The last model cannot be shown in the form: it sets weights, which the form does not hold."],
    ];
    for (const [spec, reason] of cases) expect(specDraft(spec, FEV_ROLES, FEV_COLUMNS)).toEqual({ ok: false, reason });
  });
});
