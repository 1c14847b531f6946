/**
 * The chart builders: the plotted numbers are the fit result's (LS means and their limits, differences, BLUPs,
 * residuals), observed means equal a mean computed here from the CSV text, QQ positions are R's qnorm values,
 * and every option is plain JSON.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyRoles } from "../../../src-core/data/roles.js";
import { summariseData } from "../../../src-core/data/summary.js";
import { fitModel, type AnalysisSpec, type FitResult } from "../../../src-core/index.js";
import { CHART_FONT, type PresentChart } from "../../../src-core/present/chart.js";
import {
  blupCharts, differencesChart, lsmeansChart, normalScores, observedMeansChart, qqChart, reportCharts, residualChart, spaghettiChart,
} from "../../../src-core/present/charts.js";
import { subjectTrajectories } from "../../../src-core/present/trajectories.js";
import { readData } from "../../../src-main/io/read-data.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const FEV_CSV = join(ROOT, "src-main", "demo", "fev_data.csv");
const fev = await readData(FEV_CSV);
const fevSpec = JSON.parse(readFileSync(join(ROOT, "src-main", "demo", "fev_mmrm.spec.json"), "utf8")) as AnalysisSpec;
const fit = fitModel(fev, fevSpec);
const roles = { ...emptyRoles(), subject: "USUBJID", visit: "AVISIT", visitOrder: "VISITN", arm: "ARMCD", outcome: "FEV1" };
const summary = summariseData(fev, roles);
const trajectories = subjectTrajectories(fev, roles, fit, summary.visits);

const sleep = await readData(join(ROOT, "test", "reference", "data", "sleepstudy.csv"));
const sleepFit = fitModel(sleep, { formula: "Reaction ~ Days + (Days | Subject)", factors: ["Subject"] });

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const series = (c: PresentChart): Json[] => (c.option as Json).series;
const axes = (c: PresentChart, which: "xAxis" | "yAxis"): Json[] => [(c.option as Json)[which]].flat();
const points = (s: Json): [number, number][] => s.data.filter((d: unknown) => d !== "-");
const copy = (r: FitResult, patch: Partial<FitResult>): FitResult => ({ ...structuredClone(r), ...patch });

/** Every value is a string, finite number, boolean, null, array or plain object: JSON keeps it as it is. */
function plainJson(x: unknown, path = "option"): string[] {
  if (x === null || typeof x === "string" || typeof x === "boolean") return [];
  if (typeof x === "number") return Number.isFinite(x) ? [] : [`${path} = ${x}`];
  if (Array.isArray(x)) return x.flatMap((v, i) => plainJson(v, `${path}[${i}]`));
  if (typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype) return Object.entries(x).flatMap(([k, v]) => plainJson(v, `${path}.${k}`));
  return [`${path} is a ${typeof x}`];
}

const fevCharts = reportCharts({ result: fit, summary, trajectories });
const sleepCharts = reportCharts({
  result: sleepFit, summary: null,
  trajectories: subjectTrajectories(sleep, { ...emptyRoles(), subject: "Subject", visit: "Days" }, sleepFit, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]),
});

describe("reportCharts", () => {
  it("gives the charts in the report's order, BLUPs only for a model with random effects", () => {
    expect(fevCharts.map((c) => c.id)).toEqual(["lsmeans-profile", "lsmeans-differences", "observed-means", "subject-trajectories", "residuals-fitted", "residuals-qq"]);
    expect(sleepCharts.map((c) => c.id)).toEqual(["subject-trajectories", "residuals-fitted", "residuals-qq", "blups-subject-intercept", "blups-subject-days"]);
  });

  it("gives only the observed means for a fit that did not converge", () => {
    const failed = copy(fit, { converged: false });
    expect(reportCharts({ result: failed, summary, trajectories }).map((c) => c.id)).toEqual(["observed-means"]);
    expect(reportCharts({ result: failed, summary: null, trajectories })).toEqual([]);
    expect([lsmeansChart(failed), differencesChart(failed), residualChart(failed), qqChart(failed)]).toEqual([null, null, null, null]);
  });

  it("builds JSON-only options (no functions, no NaN), animation off, DejaVu Sans on white, sized for A4 with 50 pt margins", () => {
    for (const c of [...fevCharts, ...sleepCharts]) {
      expect(plainJson(c.option), c.id).toEqual([]);
      expect(JSON.parse(JSON.stringify(c.option))).toEqual(c.option);
      const o = c.option as Json;
      expect(o.animation).toBe(false);
      expect(o.textStyle.fontFamily).toBe(CHART_FONT);
      expect(o.backgroundColor).toBe("#ffffff");
      expect(c.width).toBe(495);
      expect(c.height).toBeGreaterThanOrEqual(260);
      expect(c.height).toBeLessThanOrEqual(340);
      expect(c.title.length).toBeGreaterThan(0);
      expect(c.caption.length).toBeGreaterThan(0);
    }
  });
});

describe("lsmeansChart", () => {
  const chart = lsmeansChart(fit)!;
  const [visitAxis, positionAxis] = axes(chart, "xAxis");

  it("names the visits on a category axis spanning the same bands as the hidden position axis", () => {
    expect(visitAxis).toMatchObject({ type: "category", data: ["VIS1", "VIS2", "VIS3", "VIS4"], name: "AVISIT" });
    expect(positionAxis).toMatchObject({ type: "value", show: false, min: -0.5, max: 3.5 });
    expect(axes(chart, "yAxis")[0].name).toBe("LS mean of FEV1 (95% CI)");
    expect((chart.option as Json).legend.data).toEqual(["PBO", "TRT"]);
  });

  it("plots ARMCD=TRT at VIS4 at its LS mean, with a bar from its lower to its upper limit", () => {
    const row = fit.lsmeans.find((r) => r.levels.ARMCD === "TRT" && r.levels.AVISIT === "VIS4")!;
    const [line, bar] = series(chart).filter((s) => s.name === "TRT");
    expect(line.type).toBe("line");
    const point = points(line).find(([x]) => Math.round(x) === 3)!;
    expect(point[0]).toBeGreaterThan(3); // TRT is dodged to the right of PBO
    expect(point[1]).toBe(row.estimate);
    const ys = points(bar).filter(([x]) => x === point[0]).map(([, y]) => y);
    expect(ys).toEqual([row.lower, row.upper]);
    expect(points(line).map(([x, y]) => [Math.round(x), y])).toEqual(fit.lsmeans.filter((r) => r.levels.ARMCD === "TRT").map((r, k) => [k, r.estimate]));
  });

  it("leaves out a non-estimable LS mean and says so", () => {
    const lsmeans = fit.lsmeans.map((r) => (r.levels.ARMCD === "PBO" && r.levels.AVISIT === "VIS2" ? { ...r, estimate: NaN, lower: NaN, upper: NaN, estimable: false as const } : r));
    const c = lsmeansChart(copy(fit, { lsmeans }))!;
    const pbo = series(c).filter((s) => s.name === "PBO");
    expect(points(pbo[0]).map(([x]) => Math.round(x) || 0)).toEqual([0, 2, 3]); // PBO sits left of the band centre: round(-0.05) is -0
    expect(points(pbo[1]).every(([, y]) => Number.isFinite(y))).toBe(true);
    expect(c.caption).toMatch(/1 non-estimable LS mean is not drawn/);
  });

  it("without a by factor, puts the arms on x with one series; null without LS means", () => {
    const lsmeans = fit.lsmeans.filter((r) => r.levels.AVISIT === "VIS1").map((r) => ({ ...r, levels: { ARMCD: r.levels.ARMCD } }));
    const c = lsmeansChart(copy(fit, { lsmeans, spec: { ...fit.spec, lsmeans: { specs: ["ARMCD"] } } }))!;
    expect(axes(c, "xAxis")[0].data).toEqual(["PBO", "TRT"]);
    expect(series(c).filter((s) => s.type !== "line" || s.symbol !== "none").map((s) => points(s))).toEqual([[[0, lsmeans[0].estimate], [1, lsmeans[1].estimate]]]);
    expect(lsmeansChart(copy(fit, { lsmeans: [] }))).toBeNull();
  });
});

describe("differencesChart", () => {
  const chart = differencesChart(fit)!;

  it("has one row per contrast, top to bottom in visit order, labelled 'label @ visit'", () => {
    const [labels, positions] = axes(chart, "yAxis");
    expect(labels).toMatchObject({ type: "category", inverse: true, data: ["TRT - PBO @ VIS1", "TRT - PBO @ VIS2", "TRT - PBO @ VIS3", "TRT - PBO @ VIS4"] });
    expect(positions).toMatchObject({ show: false, min: -0.5, max: 3.5, inverse: true });
    // The same rows whatever the order of result.contrasts.
    const reversed = differencesChart(copy(fit, { contrasts: [...fit.contrasts].reverse() }))!;
    expect(axes(reversed, "yAxis")[0].data).toEqual(labels.data);
  });

  it("plots each estimate with its confidence limits and a dashed line at 0 inside the x range", () => {
    const [bars, estimates] = series(chart);
    const byVisit = (v: string) => fit.contrasts.find((r) => r.levels.AVISIT === v)!;
    expect(points(estimates)).toEqual(["VIS1", "VIS2", "VIS3", "VIS4"].map((v, k) => [byVisit(v).estimate, k]));
    expect(points(bars)).toEqual(["VIS1", "VIS2", "VIS3", "VIS4"].flatMap((v, k) => [[byVisit(v).lower, k], [byVisit(v).upper, k]]));
    expect(estimates.markLine.data).toEqual([{ xAxis: 0 }]);
    expect(estimates.markLine.lineStyle.type).toBe("dashed");
    const x = axes(chart, "xAxis")[0];
    expect(x.name).toBe("Difference (95% CI)");
    expect(x.min).toBeLessThan(0);
    expect(x.max).toBeGreaterThanOrEqual(Math.max(...fit.contrasts.map((r) => r.upper)));
  });

  it("names the confidence level of the spec; null without contrasts", () => {
    const c = differencesChart(copy(fit, { spec: { ...fit.spec, confidence: 0.9 } }))!;
    expect(axes(c, "xAxis")[0].name).toBe("Difference (90% CI)");
    expect(differencesChart(copy(fit, { contrasts: [] }))).toBeNull();
  });
});

describe("observedMeansChart", () => {
  const chart = observedMeansChart(summary)!;

  /** FEV1 values of one arm at one visit, read from the CSV text. */
  function csvValues(arm: string, visit: string): number[] {
    const [header, ...lines] = readFileSync(FEV_CSV, "utf8").trim().split(/\r?\n/);
    const names = header.split(",").map((h) => h.replace(/"/g, ""));
    const at = (name: string) => names.indexOf(name);
    return lines
      .map((l) => l.split(",").map((f) => f.replace(/"/g, "")))
      .filter((f) => f[at("ARMCD")] === arm && f[at("AVISIT")] === visit && f[at("FEV1")] !== "")
      .map((f) => Number(f[at("FEV1")]));
  }

  it("plots the mean of TRT at VIS2 with a ± 1 SE bar (SE = SD/√n), both computed here from the CSV", () => {
    const y = csvValues("TRT", "VIS2");
    const n = y.length;
    const mean = y.reduce((s, v) => s + v, 0) / n;
    const se = Math.sqrt(y.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) / Math.sqrt(n);
    const [line, bar] = series(chart).filter((s) => s.name === "TRT");
    const point = points(line).find(([x]) => Math.round(x) === 1)!;
    expect(point[1]).toBeCloseTo(mean, 10);
    const ys = points(bar).filter(([x]) => x === point[0]).map(([, v]) => v);
    expect(ys[0]).toBeCloseTo(mean - se, 10);
    expect(ys[1]).toBeCloseTo(mean + se, 10);
    expect(chart.caption).toMatch(/mean ± 1 SE/);
  });

  it("draws no bar where the SD is undefined", () => {
    const cells = summary.cells.map((c) => (c.arm === "PBO" ? { ...c, sd: null } : c));
    const c = observedMeansChart({ ...summary, cells })!;
    expect(series(c).filter((s) => s.name === "PBO").length).toBe(1);
  });
});

describe("spaghettiChart", () => {
  const chart = fevCharts.find((c) => c.id === "subject-trajectories")!;

  it("draws each sampled subject's observed (solid) and fitted (dashed) values, one panel per arm", () => {
    const s = series(chart);
    expect(s.length).toBe(24);
    const t = trajectories[7];
    const observed = s.find((x) => x.id === `observed:${t.subject}`)!;
    const fitted = s.find((x) => x.id === `fitted:${t.subject}`)!;
    expect(observed.data).toEqual(t.points.map((p) => p.observed ?? "-"));
    expect(fitted.data).toEqual(t.points.map((p) => p.fitted ?? "-"));
    expect(observed.lineStyle.type).toBe("solid");
    expect(fitted.lineStyle.type).toBe("dashed");
    expect(observed.xAxisIndex).toBe(1); // TRT's panel
    expect(((chart.option as Json).title as Json[]).map((x) => x.text)).toEqual(["PBO", "TRT"]);
    expect(axes(chart, "xAxis")[0].data).toEqual(["VIS1", "VIS2", "VIS3", "VIS4"]);
  });

  it("has a legend of line types, not of subjects, and says how subjects were sampled", () => {
    expect((chart.option as Json).legend.data.map((d: Json | string) => (typeof d === "string" ? d : d.name))).toEqual(["Observed", "Fitted"]);
    expect(chart.caption).toMatch(/Up to 6 subjects per arm, spread evenly over the arm's subjects sorted by ID/);
    expect(spaghettiChart([], "FEV1")).toBeNull();
  });
});

describe("residualChart", () => {
  it("plots the marginal residual against the marginal fitted value for an MMRM", () => {
    const c = residualChart(fit)!;
    const [s] = series(c);
    expect(s.data.length).toBe(537);
    expect(s.data[10]).toEqual([fit.observations.fitted[10], fit.observations.residual[10]]);
    expect(s.markLine.data).toEqual([{ yAxis: 0 }]);
    expect(c.title).toMatch(/^Marginal/);
  });

  it("plots conditional residuals against conditional fitted values with random effects", () => {
    const c = residualChart(sleepFit)!;
    const o = sleepFit.observations;
    expect(series(c)[0].data[5]).toEqual([o.conditionalFitted![5], o.conditionalResidual![5]]);
    expect(c.title).toMatch(/^Conditional/);
  });
});

describe("qqChart", () => {
  it("uses the normal scores Φ⁻¹((i − 0.5)/n): for n = 3, R's qnorm(c(1, 3, 5)/6) = -0.9674216, 0, 0.9674216", () => {
    const q = normalScores(3);
    expect(q[0]).toBeCloseTo(-0.9674216, 7);
    expect(q[1]).toBe(0);
    expect(q[2]).toBeCloseTo(0.9674216, 7);
  });

  it("plots the sorted Pearson residuals against them, with the line y = x", () => {
    const small = copy(fit, { observations: { ...fit.observations, pearson: [2, -1, 0.5] } });
    const c = qqChart(small)!;
    const [line, s] = series(c);
    expect(s.data.map(([x, y]: number[]) => [Number(x.toFixed(7)), y])).toEqual([[-0.9674216, -1], [0, 0.5], [0.9674216, 2]]);
    expect(line.data.every(([x, y]: number[]) => x === y)).toBe(true);
    expect(c.caption).toMatch(/y = x/);
  });

  it("thins more than 2000 points to 2000 evenly spaced sorted ones, keeping both ends", () => {
    const pearson = Array.from({ length: 5000 }, (_, i) => Math.sin(i) * 3);
    const c = qqChart(copy(fit, { observations: { ...fit.observations, pearson } }))!;
    const data = series(c)[1].data as number[][];
    const sorted = [...pearson].sort((a, b) => a - b);
    expect(data.length).toBe(2000);
    expect(data[0]).toEqual([normalScores(5000)[0], sorted[0]]);
    expect(data[1999][1]).toBe(sorted[4999]);
  });
});

describe("blupCharts", () => {
  const charts = blupCharts(sleepFit);

  it("draws one caterpillar plot per term, each with the 18 subjects sorted, largest at the top", () => {
    expect(charts.map((c) => c.title)).toEqual(["Random effects: (Intercept) by Subject", "Random effects: Days by Subject"]);
    const set = sleepFit.blups[0];
    for (const [j, c] of charts.entries()) {
      const labels = axes(c, "yAxis")[0].data as string[];
      expect(labels.length).toBe(18);
      const [bars, estimates] = series(c);
      const values = points(estimates).map(([v]) => v);
      expect(values).toEqual([...set.values.map((v) => v[j])].sort((a, b) => b - a));
      const k = labels.indexOf("308");
      const i = set.levels.indexOf("308");
      const half = 1.96 * Math.sqrt(set.predictionVariance[i][j]);
      expect(points(estimates)[k]).toEqual([set.values[i][j], k]);
      expect(points(bars).filter(([, y]) => y === k)).toEqual([[set.values[i][j] - half, k], [set.values[i][j] + half, k]]);
    }
  });

  it("gives nothing for a model without random effects", () => {
    expect(blupCharts(fit)).toEqual([]);
  });

  it("hides level names and shrinks symbols for 200 levels", () => {
    const levels = Array.from({ length: 200 }, (_, i) => `S${i}`);
    const blups = [{ group: "SUBJ", terms: ["(Intercept)"], levels, values: levels.map((_, i) => [Math.cos(i)]), predictionVariance: levels.map(() => [0.25]) }];
    const [c] = blupCharts(copy(sleepFit, { blups }));
    const [labels] = axes(c, "yAxis");
    expect(labels.data.length).toBe(200);
    expect(labels.axisLabel.show).toBe(false);
    expect(labels.name).toBe("SUBJ (200 levels, sorted)");
    expect(series(c)[1].symbolSize).toBeLessThanOrEqual(3);
    expect(c.height).toBe(340);
  });
});
