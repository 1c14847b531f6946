import { describe, expect, it } from "vitest";
import { elapsedText, failureAdvice, iterationText, phaseText } from "../../../../src-renderer/lib/results/progress.js";

describe("phaseText", () => {
  it("names each phase, with the method and df method of the spec", () => {
    const spec = { formula: "y ~ x", method: "ML" as const, ddf: "satterthwaite" as const };
    expect(phaseText({ phase: "queued" }, spec)).toBe("Queued: starting the fit worker");
    expect(phaseText({ phase: "load" }, spec)).toBe("Loading the data");
    expect(phaseText({ phase: "optimise" }, spec)).toBe("Optimising the ML likelihood");
    expect(phaseText({ phase: "inference" }, spec)).toBe("Computing Satterthwaite inference (degrees of freedom, tests, LS means)");
    expect(phaseText({ phase: "predict" }, spec)).toBe("Predicting fitted values, residuals and random effects");
  });

  it("uses the engine's defaults, REML and Kenward-Roger, when the spec leaves them out", () => {
    expect(phaseText({ phase: "optimise" }, { formula: "y ~ x" })).toBe("Optimising the REML likelihood");
    expect(phaseText({ phase: "inference" }, null)).toBe("Computing Kenward-Roger inference (degrees of freedom, tests, LS means)");
    expect(phaseText({ phase: "inference" }, { formula: "y ~ x", ddf: "residual" })).toBe("Computing tests, LS means and differences");
  });
});

describe("iterationText", () => {
  it("gives the iteration and -2 log L while optimising", () => {
    expect(iterationText({ phase: "optimise", iteration: 4, m2logLik: 3386.449871162336 }, null)).toBe("Iteration 4: −2 Res Log Likelihood 3386.4499");
    expect(iterationText({ phase: "optimise", iteration: 1, m2logLik: 3400 }, { formula: "y ~ x", method: "ML" })).toBe("Iteration 1: −2 Log Likelihood 3400.0000");
    expect(iterationText({ phase: "optimise", iteration: 2 }, null)).toBe("Iteration 2");
    expect(iterationText({ phase: "optimise" }, null)).toBeNull();
    expect(iterationText({ phase: "inference", iteration: 5 }, null)).toBeNull();
  });
});

describe("elapsedText", () => {
  it("reads as seconds, then minutes", () => {
    expect(elapsedText(420)).toBe("0.4 s");
    expect(elapsedText(12_700)).toBe("12 s");
    expect(elapsedText(125_000)).toBe("2 min 05 s");
    expect(elapsedText(-5)).toBe("0.0 s");
  });
});

describe("failureAdvice", () => {
  it("advises a simpler structure when the covariance cannot be estimated", () => {
    expect(failureAdvice("the starting values give a covariance matrix that is not positive definite")[0]).toMatch(/^The covariance matrix could not be estimated: try a residual structure with fewer parameters, such as Toeplitz \(TOEP\), AR\(1\)/);
  });

  it("points at the Model step for formula and where errors", () => {
    expect(failureAdvice('formula syntax error at position 7: expected ")" in "y ~ (x"')).toEqual(["Correct the formula in the Model step."]);
    expect(failureAdvice('unknown column "AVAL2" in the formula; did you mean "AVAL"? Columns are: AVAL')).toEqual(["Correct the formula in the Model step."]);
    expect(failureAdvice("where filter error at position 3: unknown column")).toEqual(["Correct the row selection (the where filter) in the Model step."]);
  });

  it("explains duplicated visits", () => {
    expect(failureAdvice("12 used rows repeat a subject's visit: ...")[0]).toMatch(/one row per visit: select one parameter \(PARAMCD\)/);
  });

  it("gives a general next step when nothing matches", () => {
    expect(failureAdvice("something odd")).toEqual(["Check the model in the Model step (formula, reference levels, row selection) and the data checks in Explore, then fit again."]);
  });
});
