import { describe, expect, it } from "vitest";
import { hasErrors, validateDraft, type DraftIssue } from "../../../../src-renderer/lib/model/validate.js";
import { mmrmTemplate, slopeTemplate } from "../../../../src-renderer/lib/model/templates.js";
import type { ModelDraft } from "../../../../src-renderer/lib/model/draft.js";
import { column, ADAS_COLUMNS, ADAS_ROLES, FEV_COLUMNS, FEV_ROLES } from "./fixtures.js";

const fev = (): ModelDraft => mmrmTemplate(FEV_ROLES, FEV_COLUMNS.map((c) => c.name));
const adas = (): ModelDraft => mmrmTemplate(ADAS_ROLES, ADAS_COLUMNS.map((c) => c.name));
const messages = (issues: DraftIssue[]) => issues.map((i) => i.message);
const FEV_VISITS = ["VIS1", "VIS2", "VIS3", "VIS4"];
const TEN_VISITS = Array.from({ length: 10 }, (_, i) => `WEEK ${String(i + 1).padStart(2, "0")}`);

describe("validateDraft", () => {
  it("accepts the MMRM template on fev_data", () => {
    expect(validateDraft(fev(), FEV_COLUMNS, { levels: { AVISIT: FEV_VISITS, ARMCD: ["PBO", "TRT"] } })).toEqual([]);
  });

  it("asks for the outcome", () => {
    const issues = validateDraft({ ...fev(), outcome: null }, FEV_COLUMNS);
    expect(issues).toContainEqual({ field: "outcome", severity: "error", message: "Choose the outcome: the column the model explains." });
    expect(hasErrors(issues)).toBe(true);
  });

  it("rejects a text outcome", () => {
    expect(validateDraft({ ...adas(), outcome: "AVISIT", time: "AVISITN" }, ADAS_COLUMNS)).toContainEqual({
      field: "outcome", severity: "error", message: "The outcome AVISIT is a text column; choose a numeric column.",
    });
  });

  it("rejects the same column as arm and visit", () => {
    const issues = validateDraft({ ...fev(), arm: "AVISIT" }, FEV_COLUMNS);
    expect(issues).toContainEqual({ field: "time", severity: "error", message: "The arm and the visit are the same column." });
  });

  it("rejects the subject as the site, and a site that is not a column", () => {
    expect(validateDraft({ ...fev(), siteIntercept: "USUBJID" }, FEV_COLUMNS)).toContainEqual({ field: "siteIntercept", severity: "error", message: "The subject and the site are the same column." });
    expect(validateDraft({ ...fev(), siteIntercept: "SITEID" }, FEV_COLUMNS)).toContainEqual({ field: "siteIntercept", severity: "error", message: "The site SITEID is not a column of this dataset; choose another." });
  });

  it("rejects the same column as outcome and baseline, and a covariate chosen twice", () => {
    expect(messages(validateDraft({ ...fev(), baseline: "FEV1" }, FEV_COLUMNS))).toContain("The outcome and the baseline are the same column.");
    const twice = { ...fev(), covariates: [{ column: "SEX", kind: "factor" as const, reference: null }, { column: "SEX", kind: "factor" as const, reference: null }] };
    expect(messages(validateDraft(twice, FEV_COLUMNS))).toContain("SEX is chosen twice as a covariate.");
  });

  it("requires a continuous time for a random slope", () => {
    const onVisit = { ...fev(), structure: "none" as const, random: "slope" as const };
    expect(validateDraft(onVisit, FEV_COLUMNS)).toContainEqual({ field: "random", severity: "error", message: "A random slope needs a continuous time; the visit is a factor." });
  });

  it("rejects a text column as continuous time", () => {
    const d = { ...slopeTemplate(ADAS_ROLES), time: "AVISIT" };
    expect(messages(validateDraft(d, ADAS_COLUMNS))).toContain("The time AVISIT is a text column; a continuous time must be numeric (such as AVISITN or ADY), or use AVISIT as a visit factor.");
  });

  it("rejects Kenward-Roger (either variant) with ML", () => {
    const message = "Kenward-Roger needs REML; with ML choose Satterthwaite or residual df.";
    expect(validateDraft({ ...fev(), method: "ML" }, FEV_COLUMNS)).toContainEqual({ field: "ddf", severity: "error", message });
    expect(messages(validateDraft({ ...fev(), method: "ML", ddf: "kenward-roger-linear" }, FEV_COLUMNS))).toContain(message);
    expect(hasErrors(validateDraft({ ...fev(), method: "ML", ddf: "satterthwaite" }, FEV_COLUMNS))).toBe(false);
  });

  it("warns that an unstructured covariance over 10 visits has 55 parameters, and counts per arm", () => {
    const levels = { AVISIT: TEN_VISITS, ARMCD: ["PBO", "TRT"] };
    const issues = validateDraft(fev(), FEV_COLUMNS, { levels });
    expect(issues).toEqual([{ field: "structure", severity: "warning", message: "An unstructured covariance over 10 visits has 55 parameters; expect a slow fit." }]);
    expect(hasErrors(issues)).toBe(false);
    expect(messages(validateDraft({ ...fev(), perArm: true }, FEV_COLUMNS, { levels }))).toContain("An unstructured covariance over 10 visits has 55 parameters per arm, 110 in all; expect a slow fit.");
    // Nine visits: 45 parameters, below the threshold.
    expect(validateDraft(fev(), FEV_COLUMNS, { levels: { AVISIT: TEN_VISITS.slice(0, 9) } })).toEqual([]);
  });

  it("requires a visit factor for a residual structure", () => {
    const d = { ...slopeTemplate(ADAS_ROLES), random: "none" as const, structure: "ar1" as const };
    expect(validateDraft(d, ADAS_COLUMNS)).toContainEqual({
      field: "structure", severity: "error",
      message: 'The residual structure needs a visit factor: choose the visit and set it to "Visit (factor)", or choose no residual structure.',
    });
  });

  it("requires an arm and a structure for separate covariance per arm", () => {
    expect(messages(validateDraft({ ...fev(), perArm: true, arm: null, lsmeans: false }, FEV_COLUMNS))).toContain("Separate covariance per arm needs an arm; choose the arm or clear the option.");
    expect(messages(validateDraft({ ...fev(), perArm: true, structure: "none", random: "intercept" }, FEV_COLUMNS))).toContain("Separate covariance per arm needs a residual structure; choose one or clear the option.");
  });

  it("requires a subject for random effects or a residual structure, and warns when there is neither", () => {
    expect(validateDraft({ ...fev(), subject: null }, FEV_COLUMNS)).toContainEqual({ field: "subject", severity: "error", message: "Choose the subject: the column that identifies each patient's repeated measures." });
    expect(validateDraft({ ...fev(), structure: "none" }, FEV_COLUMNS)).toEqual([
      { field: "random", severity: "warning", message: "With neither random effects nor a residual structure, the repeated measures of a subject are treated as independent." },
    ]);
  });

  it("warns that AR(1) over text visits follows their sorted names (ADADAS: Baseline, Week 16, Week 24, Week 8)", () => {
    const levels = { AVISIT: ["Baseline", "Week 16", "Week 24", "Week 8"] };
    const d = { ...adas(), structure: "ar1" as const, where: 'PARAMCD == "ACTOT"' };
    expect(validateDraft(d, ADAS_COLUMNS, { levels, parameter: "PARAMCD" })).toEqual([{
      field: "structure", severity: "warning",
      message: "AR(1) depends on the order of the visits, and the text visit AVISIT is ordered by name (Baseline, Week 16, Week 24, Week 8, …); if that is not the visit order, use a numeric visit column such as AVISITN.",
    }]);
    expect(validateDraft({ ...d, structure: "us" }, ADAS_COLUMNS, { levels, parameter: "PARAMCD" })).toEqual([]);
  });

  it("warns that a random intercept on top of UN cannot be told apart from it", () => {
    expect(validateDraft({ ...fev(), random: "intercept" }, FEV_COLUMNS)).toEqual([{
      field: "random", severity: "warning",
      message: "A random intercept on top of the UN residual covariance cannot be told apart from it; drop the random intercept or choose AR(1).",
    }]);
    expect(validateDraft({ ...fev(), random: "intercept", structure: "ar1" }, FEV_COLUMNS)).toEqual([]);
  });

  it("warns when a stacked BDS dataset is not filtered to one parameter", () => {
    const issues = validateDraft(adas(), ADAS_COLUMNS, { parameter: "PARAMCD", levels: { PARAMCD: ["ACTOT", "ACITM01"] } });
    expect(issues).toEqual([{ field: "where", severity: "warning", message: 'The data stack several parameters in PARAMCD; select one in the where filter, e.g. PARAMCD == "ACTOT".' }]);
    expect(validateDraft({ ...adas(), where: 'PARAMCD == "ACTOT"' }, ADAS_COLUMNS, { parameter: "PARAMCD" })).toEqual([]);
    expect(validateDraft(adas(), ADAS_COLUMNS, { parameter: "PARAMCD", levels: { PARAMCD: ["ACTOT"] } })).toEqual([]);
  });

  it("runs the where filter through the core's parser: syntax, unknown columns, and kinds", () => {
    expect(messages(validateDraft({ ...fev(), where: 'ARMCD = "PBO"' }, FEV_COLUMNS))).toContain('The where filter cannot be used: where filter error at position 7: found "="; write "==" to compare in "ARMCD = \"PBO\"".');
    const unknown = messages(validateDraft({ ...fev(), where: 'ARMDC == "PBO"' }, FEV_COLUMNS)).find((m) => m.startsWith("The where filter"));
    expect(unknown).toMatch(/^The where filter cannot be used: .*ARMDC.*ARMCD/);
    expect(messages(validateDraft({ ...fev(), where: "ARMCD == 1" }, FEV_COLUMNS))).toContain('The where filter cannot be used: where filter error at position 7: cannot compare the character column "ARMCD" with the number 1; write "1" in quotes.');
  });

  it("rejects columns this dataset does not have and names that cannot be written in a formula", () => {
    expect(messages(validateDraft({ ...fev(), outcome: "AVAL" }, FEV_COLUMNS))).toContain("The outcome AVAL is not a column of this dataset; choose another.");
    const columns = [...FEV_COLUMNS, column("FEV`1", "numeric")];
    expect(messages(validateDraft({ ...fev(), outcome: "FEV`1" }, columns))).toContain("The column name FEV`1 contains a backtick, which a formula cannot hold; rename the column in the data and import it again.");
  });

  it("checks the confidence level, LS means without an arm, and baseline × visit without a baseline", () => {
    expect(messages(validateDraft({ ...fev(), confidence: 0.3 }, FEV_COLUMNS))).toContain("The confidence level must be between 50% and 99.9%.");
    expect(messages(validateDraft({ ...fev(), confidence: NaN }, FEV_COLUMNS))).toContain("The confidence level must be between 50% and 99.9%.");
    expect(messages(validateDraft({ ...fev(), arm: null }, FEV_COLUMNS))).toContain("LS means of the arm need an arm; choose the arm or clear LS means.");
    expect(messages(validateDraft({ ...fev(), baseline: null, baselineByTime: true }, FEV_COLUMNS))).toContain("Baseline × visit needs both a baseline and a visit.");
  });

  it("rejects a numeric covariate on a text column", () => {
    const d = { ...fev(), covariates: [{ column: "SEX", kind: "numeric" as const, reference: null }] };
    expect(messages(validateDraft(d, FEV_COLUMNS))).toContain("The covariate SEX is a text column; it can only enter as a factor.");
  });

  it("warns when a visit factor has very many levels (a study day used as a visit)", () => {
    const days = Array.from({ length: 40 }, (_, i) => String(i + 1));
    const d = { ...adas(), time: "ADY", where: 'PARAMCD == "ACTOT"' };
    expect(messages(validateDraft(d, ADAS_COLUMNS, { levels: { ADY: days } }))).toContain("The visit ADY has 40 distinct values; as a factor each gets its own mean. If it is a study day, make it a continuous time.");
  });
});
