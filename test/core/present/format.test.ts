import { describe, expect, it } from "vitest";
import { formatDf, formatE, formatEstimate, formatFitStatistic, formatP, formatStatistic } from "../../../src-core/present/format.js";

// Expected strings are as SAS PROC MIXED prints the values: the SAS-printed numbers in
// ../shared/reference/expected/sas_fev_mmrm_us_satterthwaite.json ("printed to 4-5 significant digits").
describe("formatEstimate", () => {
  it("prints SAS's digits for the fev_data MMRM estimates and standard errors", () => {
    const printed = ["30.7774", "0.8865", "3.7745", "-0.04231", "0.624", "1.851", "14.897", "0.9017", "95.5528", "26.5692"];
    for (const s of printed) expect(formatEstimate(Number(s))).toBe(s);
  });

  it("rounds full-precision values to the same digits", () => {
    // sas_fev_cs_kenward-roger.json: estimate 4.19663617897035, SE 0.7964696053595, lower 2.62483985242729
    expect(formatEstimate(4.19663617897035)).toBe("4.1966");
    expect(formatEstimate(0.7964696053595)).toBe("0.7965");
    expect(formatEstimate(2.62483985242729)).toBe("2.6248");
    expect(formatEstimate(-0.0423149)).toBe("-0.04231");
    expect(formatEstimate(0.0999996)).toBe("0.1");
  });

  it("uses E notation for very small and very large values, and SAS's dot for missing", () => {
    expect(formatEstimate(1.23456e-7)).toBe("1.235E-7");
    expect(formatEstimate(-2.5e12)).toBe("-2.5E12");
    expect(formatEstimate(0)).toBe("0");
    expect(formatEstimate(NaN)).toBe(".");
  });
});

describe("formatP", () => {
  it("prints p-values in SAS's PVALUE6.4 format", () => {
    expect(formatP(3.9513758117516e-7)).toBe("<.0001");
    expect(formatP(0.0000999)).toBe("<.0001");
    expect(formatP(0.0001)).toBe("0.0001");
    expect(formatP(0.00056)).toBe("0.0006");
    expect(formatP(0.97023)).toBe("0.9702");
    expect(formatP(1)).toBe("1.0000");
    expect(formatP(NaN)).toBe(".");
  });
});

describe("formatStatistic, formatDf, formatFitStatistic, formatE", () => {
  it("prints t and F with 2 decimals, as SAS does", () => {
    expect(formatStatistic(34.7176)).toBe("34.72");
    expect(formatStatistic(-0.0375)).toBe("-0.04");
    expect(formatStatistic(-0.001)).toBe("0.00");
    expect(formatStatistic(142.1149)).toBe("142.11");
  });

  it("prints whole df as they are, fractional df with 2 decimals, infinite df as Infty", () => {
    expect(formatDf(535)).toBe("535");
    expect(formatDf(177.038485931223)).toBe("177.04");
    expect(formatDf(Infinity)).toBe("Infty");
    expect(formatDf(NaN)).toBe(".");
  });

  it("prints fit statistics with 1 decimal and diagnostics in E notation", () => {
    expect(formatFitStatistic(3386.44987722)).toBe("3386.4");
    expect(formatE(2.2e-12)).toBe("2.2E-12");
    expect(formatE(3.14159e-9)).toBe("3.142E-9");
  });
});
