import { describe, expect, it } from "vitest";
import { fitModel, frameFromRecords } from "../../../src-core/index.js";
import { normal, rng } from "./fixtures.js";

// Every subject has the same within-subject deviations (so the same least-squares slope) and its own level:
// the between-subject slope variance is zero, the REML estimate of G sits on the boundary, and the fit must
// say so (as lme4 reports "boundary (singular) fit").
describe("boundary warnings", () => {
  it("warns when G is singular (random slope with no slope variation)", () => {
    const u = rng(7);
    const rows: Record<string, unknown>[] = [];
    const e = [0.4, -0.7, 0.1, 0.6, -0.3];
    for (let s = 0; s < 30; s++) {
      const b = normal(u) * 3;
      for (let t = 0; t < 5; t++) rows.push({ y: 10 + 2 * t + b + e[t], t, id: `S${s}` });
    }
    const fit = fitModel(frameFromRecords(["y", "t", "id"], rows), { formula: "y ~ t + (t | id)", method: "REML", ddf: "residual" });
    expect(fit.diagnostics.warnings.some((w) => /singular fit/.test(w))).toBe(true);
    const G = fit.covariance.random[0].matrix;
    const corr = G[0][1] / Math.sqrt(G[0][0] * G[1][1]);
    // singular: the slope variance is at zero relative to the intercept's, or the correlation is at ±1
    expect(G[1][1] / G[0][0] < 1e-6 || Math.abs(corr) > 1 - 1e-6).toBe(true);
  });

  it("gives no warning for a well-determined random intercept and slope", () => {
    const u = rng(8);
    const rows: Record<string, unknown>[] = [];
    for (let s = 0; s < 40; s++) {
      const b0 = normal(u) * 3, b1 = normal(u);
      for (let t = 0; t < 6; t++) rows.push({ y: 10 + 2 * t + b0 + b1 * t + normal(u), t, id: `S${s}` });
    }
    const fit = fitModel(frameFromRecords(["y", "t", "id"], rows), { formula: "y ~ t + (t | id)", method: "REML", ddf: "residual" });
    expect(fit.converged).toBe(true);
    expect(fit.diagnostics.warnings).toEqual([]);
  });
});
