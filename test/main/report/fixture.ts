import type { FitResult } from "../../../src-core/result.js";

/**
 * A FitResult built by hand for report tests (no fit is run). Its numbers are SAS PROC MIXED's for
 * `FEV1 ~ ARMCD + cs(AVISIT | USUBJID)`, REML, DDFM=KR on fev_data, from
 * ../shared/reference/expected/sas_fev_cs_kenward-roger.json (coefficient ARMCDTRT, -2 Res Log Like, CS and
 * Residual). The intercept row, the BIC and the diagnostics are made up for the test.
 */
export function csFixture(): FitResult {
  const m2logLik = 3890.97896859;
  return {
    converged: true,
    method: "REML",
    ddf: "kenward-roger",
    information: "observed",
    formula: "FEV1 ~ ARMCD + cs(AVISIT | USUBJID)",
    response: "FEV1",
    nobs: 537,
    nobsNotUsed: 263,
    nobsFiltered: 0,
    type3: [],
    lsmeans: [],
    contrasts: [],
    slices: [],
    ngroups: { USUBJID: 197 },
    logLik: -m2logLik / 2,
    m2logLik,
    aic: m2logLik + 4,
    aicc: m2logLik + (2 * 2 * 535) / (535 - 2 - 1), // SAS: n* = 537 - rank(X) = 535, d = 2
    bic: m2logLik + 2 * Math.log(197),
    npar: { covariance: 2, fixed: 0 },
    coefficients: [
      { name: "(Intercept)", estimate: 40.1, se: 0.55, df: 198.5, t: 72.9, p: 1e-150, lower: 39.0, upper: 41.2 },
      {
        name: "ARMCDTRT", estimate: 4.19663617897035, se: 0.7964696053595, df: 177.038485931223, t: 5.26904749500904,
        p: 3.9513758117516e-7, lower: 2.62483985242729, upper: 5.7684325055134,
      },
    ],
    aliased: [],
    vcov: [[0.3025, -0.3], [-0.3, 0.634363834]],
    covariance: {
      residual: {
        structure: "cs",
        levels: ["VIS1", "VIS2", "VIS3", "VIS4"],
        matrix: [],
        parameters: [
          { name: "CS", subject: "USUBJID", group: null, estimate: 1.1388 },
          { name: "Residual", subject: "USUBJID", group: null, estimate: 81.4907 },
        ],
      },
      random: [],
      parameters: [
        { name: "CS", subject: "USUBJID", group: null, estimate: 1.1388 },
        { name: "Residual", subject: "USUBJID", group: null, estimate: 81.4907 },
      ],
    },
    blups: [],
    observations: { row: [], fitted: [], residual: [], conditionalFitted: null, conditionalResidual: null, pearson: [] },
    diagnostics: { iterations: 4, gradientNorm: 3.1e-9, relativeGradient: 2.2e-12, criterion: "optimum", warnings: [], message: null },
    provenance: { engine: "longitude", version: "0.1.0", startTheta: [1, 80], finalTheta: [1.1388, 81.4907], evaluations: 6, milliseconds: 12.5 },
    spec: { formula: "FEV1 ~ ARMCD + cs(AVISIT | USUBJID)", method: "REML", ddf: "kenward-roger", reference: { ARMCD: "PBO" } },
  };
}
