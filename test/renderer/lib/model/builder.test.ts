import { describe, expect, it } from "vitest";
import type { DatasetDetail } from "../../../../src-main/api/contract.js";
import { builderFor, defaultName } from "../../../../src-renderer/lib/model/builder.svelte.js";
import { mmrmTemplate, slopeTemplate } from "../../../../src-renderer/lib/model/templates.js";
import { AppState } from "../../../../src-renderer/lib/state/app.svelte.js";
import { fakeClient } from "../../fixtures/client.js";
import { ADAS_COLUMNS, ADAS_ROLES, FEV_COLUMNS, FEV_ROLES } from "./fixtures.js";

function dataset(datasetId: number, columnInfo: DatasetDetail["columnInfo"], roles: DatasetDetail["roles"]): DatasetDetail {
  return { datasetId, studyId: 1, name: "d", version: 1, format: "csv", rows: 1, columns: columnInfo.length, size: 1, sha256: "", importedAt: "", importedBy: "", columnInfo, roles, suggestedRoles: roles };
}

function appWith(d: DatasetDetail, selection: AppState["selection"] = {}): AppState {
  const app = new AppState(fakeClient());
  app.dataset = d;
  app.roles = d.roles;
  app.selection = selection;
  return app;
}

describe("defaultName", () => {
  it("names the analysis by its kind, outcome and parameter", () => {
    expect(defaultName(mmrmTemplate(FEV_ROLES))).toBe("MMRM FEV1");
    expect(defaultName(mmrmTemplate(ADAS_ROLES), "ACTOT")).toBe("MMRM CHG ACTOT");
    expect(defaultName(slopeTemplate(ADAS_ROLES))).toBe("Random slope CHG");
    expect(defaultName({ ...mmrmTemplate(FEV_ROLES), structure: "none", random: "intercept" })).toBe("Random intercept FEV1");
  });
});

describe("builderFor", () => {
  it("starts from the MMRM template with the selection's where filter and parameter", () => {
    const app = appWith(dataset(4, ADAS_COLUMNS, ADAS_ROLES), { where: 'EFFFL == "Y"', parameterValue: "ACTOT" });
    const b = builderFor(app);
    expect(b.formula).toBe("CHG ~ BASE + TRTP * AVISIT + us(AVISIT | USUBJID)");
    expect(b.spec.where).toBe('PARAMCD == "ACTOT" & EFFFL == "Y"');
    expect(b.name).toBe("MMRM CHG ACTOT");
    expect(b.levelColumns).toEqual(["TRTP", "AVISIT", "PARAMCD"]);
  });

  it("keeps the user's form across visits to the step, and starts again for another dataset", () => {
    const app = appWith(dataset(3, FEV_COLUMNS, FEV_ROLES));
    const first = builderFor(app);
    first.draft.structure = "cs";
    first.name = "Primary analysis";
    const again = builderFor(app);
    expect(again).toBe(first);
    expect(again.formula).toBe("FEV1 ~ FEV1_BL + ARMCD * AVISIT + cs(AVISIT | USUBJID)");
    expect(again.name).toBe("Primary analysis");
    app.dataset = dataset(9, FEV_COLUMNS, FEV_ROLES);
    expect(builderFor(app).formula).toBe("FEV1 ~ FEV1_BL + ARMCD * AVISIT + us(AVISIT | USUBJID)");
  });

  it("fills the template again from changed roles when the form was not touched, and not when it was", () => {
    const app = appWith(dataset(3, FEV_COLUMNS, FEV_ROLES));
    builderFor(app);
    app.roles = { ...FEV_ROLES, baseline: null };
    expect(builderFor(app).formula).toBe("FEV1 ~ ARMCD * AVISIT + us(AVISIT | USUBJID)");
    builderFor(app).draft.structure = "ar1";
    app.roles = FEV_ROLES;
    expect(builderFor(app).formula).toBe("FEV1 ~ ARMCD * AVISIT + ar1(AVISIT | USUBJID)");
  });

  it("blocks the fit while another fit runs, and says so", () => {
    const app = appWith(dataset(3, FEV_COLUMNS, FEV_ROLES));
    app.job = { jobId: "j", status: "running", progress: { phase: "optimise" }, startedAt: 0, message: null };
    expect(builderFor(app).fitBlocked).toBe("A fit is running; wait for it, or cancel it in Results.");
  });

  it("asks for a name when the user clears it", () => {
    const b = builderFor(appWith(dataset(3, FEV_COLUMNS, FEV_ROLES)));
    b.name = " ";
    expect(b.fitBlocked).toBe("Fix this first: Give the analysis a name: it labels the fit and the report.");
  });
});
