import { describe, expect, it } from "vitest";
import { convergenceLine, notConvergedAdvice, warningAdvice } from "../../../../src-renderer/lib/results/convergence.js";
import { fevFit, notConverged, sleepstudyFit } from "../../fixtures/fits.js";

describe("convergenceLine", () => {
  it("gives the iterations and relative gradient of a converged fit", () => {
    expect(convergenceLine(fevFit())).toBe("Converged in 6 iterations (relative gradient 1.498E-15).");
  });

  it("says NOT converged with the engine's reason", () => {
    expect(convergenceLine(notConverged(fevFit()))).toBe("The fit did NOT converge: no convergence after 100 iterations (Newton decrement 3.10e-2).");
  });
});

describe("notConvergedAdvice", () => {
  it("says why no estimates are shown and what to try", () => {
    const advice = notConvergedAdvice(notConverged(fevFit()));
    expect(advice[0]).toMatch(/^No estimates, tests or LS means are shown/);
    expect(advice.some((a) => a.startsWith("Try a simpler residual structure, such as Toeplitz (TOEP), AR(1)"))).toBe(true);
    expect(advice.some((a) => a.startsWith("Check the data for visits with very few observations"))).toBe(true);
    expect(advice.some((a) => a.startsWith("Rescale the outcome"))).toBe(true);
  });

  it("suggests simpler random effects for a random-effects model rather than a residual structure", () => {
    const advice = notConvergedAdvice(notConverged(sleepstudyFit()));
    expect(advice.some((a) => a.startsWith("Simplify the random effects"))).toBe(true);
    expect(advice.some((a) => a.startsWith("Try a simpler residual structure"))).toBe(false);
  });
});

describe("warningAdvice", () => {
  it("explains a variance estimated at zero as a boundary fit whose random effect may be dropped", () => {
    const a = warningAdvice("random effects for Subject: the variance of Days is estimated at zero (singular fit)");
    expect(a).toMatch(/boundary of the parameter space \(a singular fit\)/);
    expect(a).toMatch(/The random effect can be dropped/);
  });

  it("explains perfect correlations, slow convergence and aliasing", () => {
    expect(warningAdvice("random effects for Subject: correlation between (Intercept) and Days is +1 (singular fit)")).toMatch(/perfectly correlated/);
    expect(warningAdvice("random effects for Subject: correlation between (Intercept) and Days is −1 (singular fit)")).toMatch(/perfectly correlated/);
    expect(warningAdvice("slow convergence: after 40 iterations −2 log L still decreases")).toMatch(/SAS's convergence criterion/);
    expect(warningAdvice("aliased fixed effects dropped (linearly dependent on earlier columns): ARMCDTRT:AVISITVIS4")).toMatch(/left out, as SAS does/);
    expect(warningAdvice("residual covariance: the estimated matrix is singular (not positive definite)")).toMatch(/singular/);
  });

  it("adds nothing to a warning it does not know", () => {
    expect(warningAdvice("something new")).toBeNull();
  });
});
