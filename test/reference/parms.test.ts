/**
 * SAS's PARMS / NOITER: the covariance parameters given by SAS name are used as they are, without
 * iterating. Run on every SAS reference case that lists its covariance parameters by name
 * (`covparams_sas` without `covparams_sas_visit_order`; the UN case numbers visits in SAS's own order).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { fitModel, LongitudeError, type DataFrame } from "../../src-core/index.js";
import { readData } from "../../src-main/io/read-data.js";
import { dataPath, expectedFiles, isSasCase, loadCase, specOf } from "./cases.js";

// The cases: sas_fev_{ar1,cs}_kenward-roger{,-linear}.json, source "SAS PROC MIXED output (method=reml,
// ddfm=kr / kr(linear)) on fev_data, published in the mmrm package's design documents".
const cases = expectedFiles()
  .map(loadCase)
  .filter((c) => isSasCase(c) && c.expected.covparams_sas && !c.expected.covparams_sas_visit_order);

describe("parms with noiter at SAS's printed estimates", () => {
  it("covers the SAS cases with named covariance parameters", () => {
    expect(cases.map((c) => c.id).sort()).toEqual([
      "sas_fev_ar1_kenward-roger",
      "sas_fev_ar1_kenward-roger-linear",
      "sas_fev_cs_kenward-roger",
      "sas_fev_cs_kenward-roger-linear",
    ]);
  });

  for (const c of cases)
    it(`${c.id}.json (${c.source})`, async () => {
      const values = c.expected.covparams_sas!;
      const fit = fitModel(await readData(dataPath(c)), { ...specOf(c), parms: { values, noiter: true } });
      // The parameters are SAS's, exactly: nothing was iterated.
      expect(fit.diagnostics.iterations).toBe(0);
      expect(Object.fromEntries(fit.covariance.parameters.map((p) => [p.name, p.estimate]))).toEqual(values);
      // SAS prints the estimates rounded to 4 decimals (e.g. AR(1) 0.3904, Residual 84.4289), and its −2 log L
      // is at its unrounded estimates; the log-likelihood at the rounded values is therefore a little off the
      // optimum (second order in the rounding: about 1e-7 for AR(1), 1e-10 for CS), so 1e-2 absolute here
      // rather than the 1e-3 of the full fit.
      const ll = -c.expected.m2logLik! / 2;
      expect(Math.abs(fit.logLik - ll), `logLik: ours ${fit.logLik}, SAS ${ll}`).toBeLessThanOrEqual(1e-2);
    });
});

describe("parms with names the model does not have", () => {
  // fev_data.csv with the CS model of sas_fev_cs_kenward-roger.json; its parameters are CS and Residual.
  const c = loadCase("sas_fev_cs_kenward-roger.json");
  let data: DataFrame;
  beforeAll(async () => {
    data = await readData(dataPath(c));
  });

  function errorOf(values: Record<string, number>): LongitudeError {
    let error: unknown;
    try {
      fitModel(data, { ...specOf(c), parms: { values, noiter: true } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LongitudeError);
    return error as LongitudeError;
  }

  it("a name of another structure instead of CS: the message names the model's parameters", () => {
    // AR(1) is the name for another structure: a user who copied the wrong PARMS values.
    const { message } = errorOf({ "AR(1)": 0.39, Residual: 84.4 });
    expect(message).toContain("CS");
    expect(message).toContain("Residual");
  });

  it("an unknown name besides the right ones: the message names it and the model's parameters", () => {
    const { message } = errorOf({ CS: 1.1388, Residual: 81.4907, Bogus: 1 });
    expect(message).toContain("Bogus");
    expect(message).toContain("CS");
    expect(message).toContain("Residual");
  });
});
