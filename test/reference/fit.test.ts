/**
 * The reference cases: fitModel on the reference data must reproduce SAS PROC MIXED and R (lme4) — the
 * log-likelihood, the fixed effects, the variance parameters and the BLUPs — with the tolerances of
 * issue [1 of 5] "Done when". Each expected file in test/reference/expected/ is a byte-identical copy of
 * ../shared/reference/expected/ and names its `source`; the describe blocks below cite both.
 *
 * Tolerances:
 *   - logLik: 1e-3 absolute;
 *   - SAS fixed effects: 1e-4 × SE (SE from the expected file); the UN case prints 4-5 significant digits,
 *     so there 2e-3 × SE (the official checker's tolerance);
 *   - R fixed effects: 1e-3 relative (lme4 stops its optimiser about 1e-6 short in θ);
 *   - variance parameters: 1e-3 relative; covariances in G relative to sd_i·sd_j;
 *   - BLUPs: 1e-3 × the SD of that random effect.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fitModel, type FitResult } from "../../src-core/index.js";
import { readData } from "../../src-main/io/read-data.js";
import { dataPath, expectedFiles, expectedLogLik, isSasCase, loadCase, specOf, type ReferenceCase } from "./cases.js";

const relErr = (ours: number, ref: number) => Math.abs(ours - ref) / Math.abs(ref);
const covErr = (ours: number, ref: number, varI: number, varJ: number) => Math.abs(ours - ref) / Math.sqrt(varI * varJ);

/** Half a unit in the last digit SAS printed, read from the number as written in the expected file. */
function halfLastDigit(v: number): number {
  const s = String(v);
  if (/e/i.test(s)) return 0;
  const decimals = s.split(".")[1]?.length ?? 0;
  return 0.5 * 10 ** -decimals;
}

/** Messages that say which quantity is off, with ours and expected, so a failure reads as a report. */
const what = (label: string, ours: number, ref: number) => `${label}: ours ${ours}, expected ${ref}`;

const covered: string[] = [];

/**
 * One describe block per expected file: `source` must equal the file's `source` field (so the citation
 * in the comment above each call stays true).
 */
function referenceCase(file: string, source: string): void {
  covered.push(file);
  describe(file, () => {
    const c: ReferenceCase = loadCase(file);
    const E = c.expected;
    const sas = isSasCase(c);
    let fit: FitResult;
    beforeAll(async () => {
      fit = fitModel(await readData(dataPath(c)), specOf(c));
    });

    it("cites its source", () => {
      expect(c.source).toBe(source);
    });

    it("converges", () => {
      expect(fit.converged, fit.diagnostics.message ?? "").toBe(true);
    });

    it("log-likelihood within 1e-3 absolute", () => {
      const ll = expectedLogLik(c);
      expect(Math.abs(fit.logLik - ll), what("logLik", fit.logLik, ll)).toBeLessThanOrEqual(1e-3);
    });

    if (E.nobs !== undefined)
      it("number of observations", () => {
        expect(fit.nobs).toBe(E.nobs);
      });

    if (E.ngroups !== undefined)
      it("number of groups", () => {
        for (const [g, n] of Object.entries(E.ngroups!)) expect(fit.ngroups[g], `ngroups ${g}`).toBe(n);
      });

    if (sas)
      it("fixed effects within the SAS tolerance × SE", () => {
        // The UN case is printed to 4-5 significant digits: the official checker's 2e-3 × SE there.
        const tol = c.id === "sas_fev_mmrm_us_satterthwaite" ? 2e-3 : 1e-4;
        for (const [name, e] of Object.entries(E.coefficients!)) {
          const o = fit.coefficients.find((r) => r.name === name);
          expect(o, `coefficient ${name} missing`).toBeDefined();
          expect(Math.abs(o!.estimate - e.estimate) / e.se, what(`${name} estimate (in SE units)`, o!.estimate, e.estimate)).toBeLessThanOrEqual(tol);
        }
      });
    else
      it("fixed effects within 1e-3 relative", () => {
        for (const [name, v] of Object.entries(E.fixef!)) {
          const o = fit.coefficients.find((r) => r.name === name);
          expect(o, `coefficient ${name} missing`).toBeDefined();
          expect(relErr(o!.estimate, v), what(`${name} estimate`, o!.estimate, v)).toBeLessThanOrEqual(1e-3);
        }
      });

    if (E.covparams_sas && !E.covparams_sas_visit_order)
      it("covariance parameters by SAS name within 1e-3 relative", () => {
        for (const [name, v] of Object.entries(E.covparams_sas!)) {
          const o = fit.covariance.parameters.find((q) => q.name === name);
          expect(o, `covariance parameter ${name} missing`).toBeDefined();
          expect(relErr(o!.estimate, v), what(`covparm ${name}`, o!.estimate, v)).toBeLessThanOrEqual(1e-3);
        }
      });

    if (E.covparams_sas && E.covparams_sas_visit_order)
      it("UN(i,j) through SAS's visit order onto the residual matrix", () => {
        // SAS numbers the visits of UN(i,j) in its own order (covparams_sas_visit_order); our matrix is over
        // fit.covariance.residual.levels. SAS prints 4-6 significant digits, so the tolerance is the larger of
        // 1e-3 relative and half a unit in the last printed digit. Variances (i = j) are compared relative to
        // themselves; covariances (i ≠ j) relative to sd_i·sd_j, as the official checker compares covariance
        // matrices: a relative error is ill-conditioned for a covariance near zero. Evidence that this is SAS
        // stopping short and not a fitting error: for UN(3,2) = cov(VIS4, VIS3) SAS prints 0.9017, we get
        // 0.903561, and R nlme::gls (corSymm + varIdent, REML, tolerances 1e-12; script and output in
        // test/reference/r/fev-un-nlme.R) gets 0.9037331, with −2 log L 3386.4498714 (ours 3386.4498712,
        // SAS 3386.4498772): the two fully converged fits agree, SAS's printed value differs by 2e-3 relative.
        const order = E.covparams_sas_visit_order!;
        const levels = fit.covariance.residual.levels!;
        const m = fit.covariance.residual.matrix!;
        expect(levels, "residual levels").toBeDefined();
        expect(m, "residual matrix").toBeDefined();
        for (const [name, v] of Object.entries(E.covparams_sas!)) {
          const ij = /^UN\((\d+),(\d+)\)$/.exec(name);
          expect(ij, `unexpected SAS name ${name}`).not.toBeNull();
          const a = levels.indexOf(order[Number(ij![1]) - 1]);
          const b = levels.indexOf(order[Number(ij![2]) - 1]);
          expect(a >= 0 && b >= 0, `visits of ${name} not in ${levels.join(", ")}`).toBe(true);
          const ours = m[a][b];
          const scale = a === b ? Math.abs(v) : Math.sqrt(m[a][a] * m[b][b]);
          const tol = Math.max(1e-3 * scale, halfLastDigit(v));
          expect(Math.abs(ours - v), what(`${name} (${order[Number(ij![1]) - 1]}, ${order[Number(ij![2]) - 1]})`, ours, v)).toBeLessThanOrEqual(tol);
        }
      });

    if (E.varcorr)
      it("variance components within 1e-3 (relative; covariances relative to sd_i sd_j)", () => {
        const s2 = fit.covariance.residual.sigma2!;
        expect(relErr(s2, E.varcorr!.sigma2), what("sigma2", s2, E.varcorr!.sigma2)).toBeLessThanOrEqual(1e-3);
        E.varcorr!.random.forEach((g, k) => {
          const o = fit.covariance.random[k];
          expect(o, `random term ${k} (${g.group}) missing`).toBeDefined();
          expect(o.group).toBe(g.group);
          expect(o.terms).toEqual(g.terms);
          g.matrix.forEach((row, i) =>
            row.forEach((v, j) => {
              const err = i === j ? relErr(o.matrix[i][j], v) : covErr(o.matrix[i][j], v, g.matrix[i][i], g.matrix[j][j]);
              expect(err, what(`G ${g.group} [${g.terms[i]}, ${g.terms[j]}]`, o.matrix[i][j], v)).toBeLessThanOrEqual(1e-3);
            }),
          );
        });
      });

    if (E.blup)
      it("BLUPs within 1e-3 × the SD of each random effect", () => {
        // lme4 stops about 1e-6 short in θ, so the BLUPs are compared at 1e-3 of the random effect's SD.
        const b = E.blup!;
        const set = fit.blups.find((s) => s.group === b.group);
        expect(set, `BLUPs for ${b.group} missing`).toBeDefined();
        const G = E.varcorr!.random.find((g) => g.group === b.group)!.matrix;
        b.levels.forEach((level, i) => {
          const row = set!.levels.indexOf(level);
          expect(row, `BLUP level ${level} missing`).toBeGreaterThanOrEqual(0);
          b.values[i].forEach((v, j) => {
            const ours = set!.values[row][j];
            expect(Math.abs(ours - v) / Math.sqrt(G[j][j]), what(`BLUP ${level} ${set!.terms[j]}`, ours, v)).toBeLessThanOrEqual(1e-3);
          });
        });
      });
  });
}

// sas_fev_ar1_kenward-roger.json — source: SAS PROC MIXED output (method=reml, ddfm=kr) on fev_data,
// published in the mmrm package's design documents.
referenceCase("sas_fev_ar1_kenward-roger.json", "SAS PROC MIXED output (method=reml, ddfm=kr) on fev_data, published in the mmrm package's design documents");

// sas_fev_ar1_kenward-roger-linear.json — source: SAS PROC MIXED output (method=reml, ddfm=kr(linear)) on
// fev_data, published in the mmrm package's design documents.
referenceCase("sas_fev_ar1_kenward-roger-linear.json", "SAS PROC MIXED output (method=reml, ddfm=kr(linear)) on fev_data, published in the mmrm package's design documents");

// sas_fev_cs_kenward-roger.json — source: SAS PROC MIXED output (method=reml, ddfm=kr) on fev_data,
// published in the mmrm package's design documents.
referenceCase("sas_fev_cs_kenward-roger.json", "SAS PROC MIXED output (method=reml, ddfm=kr) on fev_data, published in the mmrm package's design documents");

// sas_fev_cs_kenward-roger-linear.json — source: SAS PROC MIXED output (method=reml, ddfm=kr(linear)) on
// fev_data, published in the mmrm package's design documents.
referenceCase("sas_fev_cs_kenward-roger-linear.json", "SAS PROC MIXED output (method=reml, ddfm=kr(linear)) on fev_data, published in the mmrm package's design documents");

// sas_fev_mmrm_us_satterthwaite.json — source: SAS PROC MIXED output (method=reml, type=un,
// ddfm=satterthwaite) on fev_data, published in the mmrm package's design documents; printed to 4-5
// significant digits, DF printed rounded.
referenceCase(
  "sas_fev_mmrm_us_satterthwaite.json",
  "SAS PROC MIXED output (method=reml, type=un, ddfm=satterthwaite) on fev_data, published in the mmrm package's design documents; printed to 4-5 significant digits, DF printed rounded",
);

// sleepstudy_reml.json — source: R 4.2.2; lme4 1.1.31; lmerTest 3.1.3; pbkrtest 0.5.2; emmeans 1.8.4.1.
referenceCase("sleepstudy_reml.json", "R 4.2.2; lme4 1.1.31; lmerTest 3.1.3; pbkrtest 0.5.2; emmeans 1.8.4.1");

// sleepstudy_ml.json — source: R 4.2.2; lme4 1.1.31; lmerTest 3.1.3; pbkrtest 0.5.2; emmeans 1.8.4.1.
referenceCase("sleepstudy_ml.json", "R 4.2.2; lme4 1.1.31; lmerTest 3.1.3; pbkrtest 0.5.2; emmeans 1.8.4.1");

// orthodont_reml.json — source: R 4.2.2; lme4 1.1.31; lmerTest 3.1.3; pbkrtest 0.5.2; emmeans 1.8.4.1.
referenceCase("orthodont_reml.json", "R 4.2.2; lme4 1.1.31; lmerTest 3.1.3; pbkrtest 0.5.2; emmeans 1.8.4.1");

describe("test/reference/expected", () => {
  it("every expected file has a test above", () => {
    expect([...covered].sort()).toEqual(expectedFiles());
  });
});
