import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import type { DataSummary } from "../data/summary.js";
import type { BlupSet, ContrastRow, FitResult, LsmeanRow } from "../result.js";
import { CHART_FONT, type PresentChart } from "./chart.js";
import { ALL_SUBJECTS, type SubjectTrajectory } from "./trajectories.js";

/**
 * The report's charts as ECharts options (docs/charts.md). Every option is plain JSON: no functions, so the
 * app and the server-side SVG renderer draw the same figure. Sizes fit an A4 portrait page with 50 pt margins.
 *
 * Positions along a category axis (visits, contrast rows, levels) are drawn on a hidden value axis that spans
 * the same bands as the visible category axis (index k at the centre of band k, from −0.5 to n − 0.5). That
 * lets the arms be dodged sideways and the confidence bars be drawn as plain line segments, while the visible
 * axis still names each visit: JSON alone cannot map a number to a label.
 */

/** Width of an A4 portrait page less two 50 pt margins. */
export const CHART_WIDTH = 495;

/** Colours that stay apart in grayscale (black first, then Okabe–Ito hues of different lightness). */
export const PALETTE = ["#000000", "#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"];
/** Line types and symbols per group, so that a black-and-white print still tells the arms apart. */
const LINE_TYPES: (string | number[])[] = ["solid", "dashed", "dotted", [8, 3, 2, 3], [12, 4], [2, 2, 6, 2]];
const SYMBOLS = ["circle", "triangle", "rect", "diamond", "emptyCircle", "emptyTriangle", "emptyRect"];
const INK = "#222222";
const RULE = "#e4e4e4";
const REFERENCE = "#666666";
const LABEL_SIZE = 10;
const NAME_SIZE = 11;
/** About the width of a single plot's drawing area (the chart less the y axis labels and name). */
const PLOT_WIDTH = 400;
/** Row labels of forest and caterpillar plots longer than this (px) are cut short with "…". */
const MAX_ROW_LABEL = 200;
/** Caterpillar plots with more levels than this show no level labels. */
const MAX_LABELLED_LEVELS = 40;
/** QQ plots with more points than this show an evenly spaced subset of the sorted residuals. */
const MAX_QQ_POINTS = 2000;
/** Residual plots with more points than this show every k-th observation. */
const MAX_RESIDUAL_POINTS = 5000;

type Option = Record<string, unknown>;
/** A line-series data item: a point, or "-" to break the line. */
type Point = [number, number] | "-";

interface GroupStyle { color: string; lineType: string | number[]; symbol: string }
const groupStyle = (k: number): GroupStyle => ({
  color: PALETTE[k % PALETTE.length],
  lineType: LINE_TYPES[k % LINE_TYPES.length],
  symbol: SYMBOLS[k % SYMBOLS.length],
});

function chart(id: string, title: string, caption: string, height: number, option: Option): PresentChart {
  return {
    id, title, caption, width: CHART_WIDTH, height,
    option: {
      animation: false,
      backgroundColor: "#ffffff",
      color: PALETTE,
      textStyle: { fontFamily: CHART_FONT, fontSize: LABEL_SIZE, color: INK },
      tooltip: { trigger: "item" },
      ...option,
    },
  };
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const percent = (level: number): string => `${Number((level * 100).toPrecision(6))}%`;
const finite = (x: number | null | undefined): x is number => typeof x === "number" && Number.isFinite(x);

/** Rough width of a label in px (DejaVu Sans averages about 0.6 em per character); the core has no font metrics. */
const roughWidth = (text: string, size = LABEL_SIZE): number => 0.62 * size * text.length;

/**
 * Label options for a category axis whose bands are `band` px wide: every label shown, wrapped at spaces
 * when a label is wider than its band, turned 45° when even its longest word is. `turn`: how much taller
 * (px) the turned labels make the axis, 0 when they are not turned.
 */
function bandLabels(labels: readonly string[], band: number): { axisLabel: Option; turn: number } {
  const room = Math.max(8, band - 6);
  const widest = Math.max(0, ...labels.map((l) => roughWidth(l)));
  if (widest <= room) return { axisLabel: { interval: 0 }, turn: 0 };
  const longestWord = Math.max(0, ...labels.flatMap((l) => l.split(/\s+/)).map((w) => roughWidth(w)));
  if (longestWord <= room) return { axisLabel: { interval: 0, width: room, overflow: "break" }, turn: 0 };
  return { axisLabel: { interval: 0, rotate: 45 }, turn: Math.min(60, widest * 0.71) };
}

/** Axis bounds rounded outward to a step of 1, 2, 2.5 or 5 × 10^k giving about `ticks` intervals. */
function niceBounds(lo: number, hi: number, ticks = 5): { min: number; max: number; interval: number } {
  if (!(hi > lo)) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * power;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(step)));
  const round = (x: number): number => Number(x.toFixed(Math.min(digits, 100)));
  return { min: round(Math.floor(lo / step) * step), max: round(Math.ceil(hi / step) * step), interval: round(step) };
}

// ---------------------------------------------------------------- axes

function axisStyle(name: string): Option {
  return {
    name,
    nameLocation: "middle",
    nameGap: 10,
    nameTextStyle: { fontSize: NAME_SIZE, color: INK },
    axisLine: { show: true, onZero: false, lineStyle: { color: INK } },
    axisTick: { show: true, lineStyle: { color: INK } },
    axisLabel: { fontSize: LABEL_SIZE, color: INK },
    splitLine: { show: false },
  };
}

function valueAxis(name: string, extra: Option = {}): Option {
  return { ...axisStyle(name), type: "value", scale: true, splitLine: { show: true, lineStyle: { color: RULE } }, ...extra };
}

/** The visible axis naming the bands, and the hidden value axis the series are drawn on. */
function bandAxes(name: string, labels: readonly string[], extra: { inverse?: boolean; showLabels?: boolean; axisLabel?: Option } = {}): Option[] {
  const inverse = extra.inverse ?? false;
  const category = {
    ...axisStyle(name),
    type: "category",
    data: [...labels],
    boundaryGap: true,
    inverse,
    axisTick: { show: extra.showLabels ?? true, alignWithLabel: true, lineStyle: { color: INK } },
    axisLabel: { show: extra.showLabels ?? true, fontSize: LABEL_SIZE, color: INK, ...extra.axisLabel },
  };
  const position = { type: "value", show: false, min: -0.5, max: labels.length - 0.5, inverse };
  return [category, position];
}

/** A horizontal or vertical dashed reference line at `value` (markLine of a series). */
function referenceLine(axis: "xAxis" | "yAxis", value: number): Option {
  return {
    silent: true,
    symbol: ["none", "none"],
    label: { show: false },
    lineStyle: { type: "dashed", color: REFERENCE, width: 1 },
    emphasis: { disabled: true },
    data: [{ [axis]: value }],
  };
}

// ---------------------------------------------------------------- profiles (LS means, observed means)

interface ProfilePoint { at: number; y: number; lower: number | null; upper: number | null }
interface ProfileGroup { name: string; points: ProfilePoint[] }

/**
 * Means over the bands of a category axis, one series per group, dodged sideways, with interval bars (a
 * vertical segment with short caps, drawn as a line series broken by "-"). `connect`: join a group's means.
 */
function profileOption(categories: readonly string[], xName: string, yName: string, groups: readonly ProfileGroup[], connect: boolean): Option {
  const k = groups.length;
  const step = Math.min(0.1, 0.3 / Math.max(1, k - 1));
  const cap = 0.035;
  const series: Option[] = [];
  const bars: Option[] = [];
  groups.forEach((group, j) => {
    const g = { name: group.name, points: [...group.points].sort((p, q) => p.at - q.at) };
    const s = groupStyle(j);
    const dx = (j - (k - 1) / 2) * step;
    // A visit without a mean breaks the line rather than being bridged.
    const data: Point[] = g.points.flatMap((p, i): Point[] => (i > 0 && p.at - g.points[i - 1].at > 1 ? ["-", [p.at + dx, p.y]] : [[p.at + dx, p.y]]));
    series.push({
      type: connect ? "line" : "scatter",
      name: g.name,
      xAxisIndex: 1,
      data,
      symbol: s.symbol,
      symbolSize: 7,
      itemStyle: { color: s.color },
      lineStyle: { color: s.color, type: s.lineType, width: 1.5 },
      z: 3,
    });
    const segments: Point[] = [];
    for (const p of g.points) {
      if (!finite(p.lower) || !finite(p.upper)) continue;
      const x = p.at + dx;
      segments.push([x, p.lower], [x, p.upper], "-", [x - cap, p.lower], [x + cap, p.lower], "-", [x - cap, p.upper], [x + cap, p.upper], "-");
    }
    if (segments.length > 0) {
      bars.push({
        type: "line",
        name: g.name,
        xAxisIndex: 1,
        data: segments,
        symbol: "none",
        connectNulls: false,
        silent: true,
        tooltip: { show: false },
        lineStyle: { color: s.color, type: "solid", width: 1 },
        z: 2,
      });
    }
  });
  return {
    legend: { show: k > 1, top: 0, left: "center", data: groups.map((g) => g.name), itemWidth: 30, itemHeight: 10, textStyle: { fontSize: LABEL_SIZE, color: INK } },
    grid: { left: 16, right: 20, top: k > 1 ? 36 : 16, bottom: 16, outerBounds: { left: 2, right: 2, top: 0, bottom: 2 } },
    xAxis: bandAxes(xName, categories, { axisLabel: bandLabels(categories, PLOT_WIDTH / Math.max(1, categories.length)).axisLabel }),
    yAxis: valueAxis(yName),
    series: [...series, ...bars],
  };
}

/** A row's levels of `factors`, in that order, joined by ":". */
const levelKey = (row: { levels: Record<string, string> }, factors: readonly string[]): string => factors.map((f) => row.levels[f]).join(":");

/** `levels` in the order of `order` (when given), levels it does not list after, in their own order. */
function inOrder(levels: readonly string[], order: readonly string[] | undefined): string[] {
  if (!order) return [...levels];
  const rank = new Map(order.map((v, i) => [v, i]));
  const key = (l: string): number => rank.get(l) ?? order.length;
  return levels.map((l, i) => ({ l, i })).sort((a, b) => key(a.l) - key(b.l) || a.i - b.i).map((x) => x.l);
}

/** Distinct values in first-seen order. */
const distinct = (values: Iterable<string>): string[] => [...new Set(values)];

const estimable = (r: LsmeanRow | ContrastRow): boolean => r.estimable !== false && Number.isFinite(r.estimate);

/**
 * LS means over the visits by arm with confidence-interval bars: the arm factor is lsmeans.specs (its levels
 * joined by ":" when there are several) and the visit factor lsmeans.by[0]; further by factors are added to
 * the group. Without a by factor, x is the levels of specs and there is one series. Non-estimable LS means are
 * left out. Null when there are no LS means or the fit did not converge.
 */
export function lsmeansChart(result: FitResult, visits?: readonly string[]): PresentChart | null {
  if (!result.converged || result.lsmeans.length === 0) return null;
  const spec = result.spec.lsmeans;
  const specs = spec?.specs ?? Object.keys(result.lsmeans[0].levels);
  const visit = spec?.by?.[0] ?? null;
  const groupFactors = [...specs, ...(spec?.by?.slice(1) ?? [])];
  const level = percent(result.spec.confidence ?? 0.95);
  const rows = result.lsmeans;
  const categories = inOrder(distinct(rows.map((r) => (visit ? r.levels[visit] : levelKey(r, groupFactors)))), visit ? visits : undefined);
  const at = new Map(categories.map((c, i) => [c, i]));
  const groups: ProfileGroup[] = visit
    ? distinct(rows.map((r) => levelKey(r, groupFactors))).map((name) => ({ name, points: [] }))
    : [{ name: "LS mean", points: [] }];
  const byName = new Map(groups.map((g) => [g.name, g]));
  let skipped = 0;
  for (const r of rows) {
    if (!estimable(r)) { skipped++; continue; }
    const g = visit ? byName.get(levelKey(r, groupFactors))! : groups[0];
    g.points.push({ at: at.get(visit ? r.levels[visit] : levelKey(r, groupFactors))!, y: r.estimate, lower: r.lower, upper: r.upper });
  }
  if (groups.every((g) => g.points.length === 0)) return null;
  const armName = specs.join(":");
  const xName = visit ?? armName;
  const caption = visit
    ? `LS means of ${result.response} by ${armName} at each ${visit}, with ${level} confidence intervals; the arms are offset slightly along the axis so that their intervals do not overlap.`
    : `LS means of ${result.response} for each level of ${armName}, with ${level} confidence intervals.`;
  return chart(
    "lsmeans-profile",
    visit ? `LS means of ${result.response} by ${armName} and ${visit}` : `LS means of ${result.response} by ${armName}`,
    skipped > 0 ? `${caption} ${skipped} non-estimable LS mean${skipped === 1 ? " is" : "s are"} not drawn.` : caption,
    300,
    profileOption(categories, xName, `LS mean of ${result.response} (${level} CI)`, groups, visit !== null),
  );
}

/** Observed means by arm over the visits with ± 1 SE bars (SE = SD/√n; no bar where the SD is undefined). */
export function observedMeansChart(summary: DataSummary): PresentChart | null {
  const at = new Map(summary.visits.map((v, i) => [v, i]));
  const groups: ProfileGroup[] = summary.arms.map((a) => ({ name: a.arm, points: [] }));
  const byName = new Map(groups.map((g) => [g.name, g]));
  for (const c of summary.cells) {
    if (c.mean === null || c.n === 0) continue;
    const se = c.sd === null ? null : c.sd / Math.sqrt(c.n);
    byName.get(c.arm)?.points.push({ at: at.get(c.visit)!, y: c.mean, lower: se === null ? null : c.mean - se, upper: se === null ? null : c.mean + se });
  }
  if (groups.every((g) => g.points.length === 0)) return null;
  return chart(
    "observed-means",
    `Observed means of ${summary.outcome} by ${summary.arm} and ${summary.visit}`,
    `Observed mean ± 1 SE (SD/√n) of ${summary.outcome} by ${summary.arm} at each ${summary.visit}, over the rows with an observed outcome; no bar where fewer than two values were observed.`,
    300,
    profileOption(summary.visits, summary.visit, `Mean ${summary.outcome} (± 1 SE)`, groups, true),
  );
}

// ---------------------------------------------------------------- interval rows (forest and caterpillar plots)

interface IntervalRow {
  label: string;
  /** A second label, printed right of the plot (the visit of a difference whose full label is too long). */
  at?: string;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

/**
 * One row per interval, top to bottom in the given order: a point at the estimate, a line from lower to upper,
 * and a dashed vertical line at 0. `labels`: name each row on the y axis (and on a right-hand axis when rows
 * have an `at` label).
 */
function intervalOption(rows: readonly IntervalRow[], xName: string, yName: string, labels: boolean): Option {
  const small = rows.length > MAX_LABELLED_LEVELS;
  const values = rows.flatMap((r) => [r.estimate, r.lower, r.upper]).filter(finite);
  const x = niceBounds(Math.min(0, ...values), Math.max(0, ...values), 6);
  // Keep the reference line at 0 off the frame.
  if (x.min === 0) x.min = -x.interval;
  if (x.max === 0) x.max = x.interval;
  const segments: Point[] = [];
  rows.forEach((r, k) => { if (finite(r.lower) && finite(r.upper)) segments.push([r.lower, k], [r.upper, k], "-"); });
  const points: Point[] = [];
  rows.forEach((r, k) => { if (finite(r.estimate)) points.push([r.estimate, k]); });
  return {
    grid: { left: 16, right: 20, top: 12, bottom: 16, outerBounds: { left: 2, right: 2, top: 0, bottom: 2 } },
    xAxis: valueAxis(xName, { scale: false, min: x.min, max: x.max, interval: x.interval }),
    yAxis: [
      ...bandAxes(yName, rows.map((r) => r.label), { inverse: true, showLabels: labels, axisLabel: { width: MAX_ROW_LABEL, overflow: "truncate" } }),
      ...(labels && rows.some((r) => r.at !== undefined)
        ? [{
          ...axisStyle(""),
          type: "category",
          position: "right",
          data: rows.map((r) => r.at ?? ""),
          inverse: true,
          axisLine: { show: false },
          axisTick: { show: false },
          axisLabel: { fontSize: LABEL_SIZE, color: INK, interval: 0, width: MAX_ROW_LABEL / 2, overflow: "truncate" },
        }]
        : []),
    ],
    series: [
      {
        type: "line",
        name: "interval",
        yAxisIndex: 1,
        data: segments,
        symbol: "none",
        connectNulls: false,
        silent: true,
        tooltip: { show: false },
        lineStyle: { color: small ? "#8c8c8c" : INK, width: small ? 0.6 : 1.2 },
        z: 2,
      },
      {
        type: "scatter",
        name: "estimate",
        yAxisIndex: 1,
        data: points,
        symbol: small ? "circle" : "diamond",
        symbolSize: small ? 3 : labels && rows.length <= 20 ? 8 : 5,
        itemStyle: { color: INK },
        markLine: referenceLine("xAxis", 0),
        z: 3,
      },
    ],
  };
}

/** The by levels of a contrast row, joined by ", "; null when it has none. */
function contrastAt(r: ContrastRow): string | null {
  const at = Object.values(r.levels);
  return at.length === 0 ? null : at.join(", ");
}

/**
 * Forest plot of result.contrasts: one row per contrast row, ordered by the by levels in the LS means' order
 * (the visits in visit order), contrasts in their own order within a visit. Null when there are none.
 */
export function differencesChart(result: FitResult, visits?: readonly string[]): PresentChart | null {
  if (!result.converged || result.contrasts.length === 0) return null;
  const level = percent(result.spec.confidence ?? 0.95);
  const byFactors = result.spec.lsmeans?.by ?? [];
  const keys = distinct([...result.lsmeans, ...result.contrasts].map((r) => levelKey(r, byFactors)));
  const order = new Map(inOrder(keys, byFactors.length === 1 ? visits : undefined).map((key, i) => [key, i]));
  const sorted = result.contrasts.map((r, i) => ({ r, i })).sort((a, b) => order.get(levelKey(a.r, byFactors))! - order.get(levelKey(b.r, byFactors))! || a.i - b.i);
  // "TRT - PBO @ VIS1" when every such label fits left of the plot; else the visits go to the right.
  const full = (r: ContrastRow): string => (contrastAt(r) === null ? r.label : `${r.label} @ ${contrastAt(r)}`);
  const split = result.contrasts.some((r) => roughWidth(full(r)) > MAX_ROW_LABEL);
  const rows: IntervalRow[] = sorted.map(({ r }) => {
    const label = (split ? r.label : full(r)) + (estimable(r) ? "" : " (non-est.)");
    const at = split ? { at: contrastAt(r) ?? "" } : {};
    return estimable(r) ? { label, ...at, estimate: r.estimate, lower: r.lower, upper: r.upper } : { label, ...at, estimate: null, lower: null, upper: null };
  });
  const labels = distinct(result.contrasts.map((r) => r.label));
  return chart(
    "lsmeans-differences",
    `Differences of LS means of ${result.response}`,
    `Estimated ${labels.join(", ")} with ${level} confidence intervals${byFactors.length > 0 ? ` at each ${byFactors.join(", ")}` : ""}; the dashed line marks no difference.`,
    clamp(70 + 24 * rows.length, 260, 340),
    intervalOption(rows, `Difference (${level} CI)`, "", true),
  );
}

/** A chart id part from a name: lower case letters and digits joined by "-". */
const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "term";

/** One caterpillar plot per random-effect term of each BlupSet: sorted BLUPs with ± 1.96 √PEV bars. */
export function blupCharts(result: FitResult): PresentChart[] {
  if (!result.converged) return [];
  return result.blups.flatMap((set: BlupSet) => set.terms.map((term, j) => {
    const rows: IntervalRow[] = set.levels
      .map((label, i) => {
        const v = set.values[i][j];
        const half = 1.96 * Math.sqrt(set.predictionVariance[i][j]);
        return Number.isFinite(half) ? { label, estimate: v, lower: v - half, upper: v + half } : { label, estimate: v, lower: null, upper: null };
      })
      .sort((a, b) => (b.estimate ?? 0) - (a.estimate ?? 0));
    const n = rows.length;
    const labels = n <= MAX_LABELLED_LEVELS;
    return chart(
      `blups-${slug(set.group)}-${slug(term)}`,
      `Random effects: ${term} by ${set.group}`,
      `Predicted random effects (BLUPs) of ${term} for the ${n} levels of ${set.group}, largest at the top, with ± 1.96 √(prediction variance) bars.${labels ? "" : ` Level names are not shown for more than ${MAX_LABELLED_LEVELS} levels.`}`,
      labels ? clamp(70 + 14 * n, 260, 340) : 340,
      intervalOption(rows, `BLUP of ${term} (± 1.96 √PEV)`, labels ? set.group : `${set.group} (${n} levels, sorted)`, labels),
    );
  }));
}

// ---------------------------------------------------------------- residuals

/** Residual against fitted value: conditional (with the predicted random effects) when the model has them, else marginal. */
export function residualChart(result: FitResult): PresentChart | null {
  const o = result.observations;
  if (!result.converged || o.fitted.length === 0) return null;
  const conditional = o.conditionalFitted !== null && o.conditionalResidual !== null;
  const fitted = conditional ? o.conditionalFitted! : o.fitted;
  const residual = conditional ? o.conditionalResidual! : o.residual;
  const n = fitted.length;
  const every = Math.ceil(n / MAX_RESIDUAL_POINTS);
  const data: [number, number][] = [];
  for (let i = 0; i < n; i += every) data.push([fitted[i], residual[i]]);
  const kind = conditional ? "Conditional" : "Marginal";
  const meaning = conditional ? "observed minus the fixed effects and predicted random effects" : "observed minus the fixed-effects prediction Xβ̂";
  return chart(
    "residuals-fitted",
    `${kind} residuals against fitted values`,
    `${kind} residuals (${meaning}) of ${result.response} against fitted values, ${every > 1 ? `${data.length} of ${n} observations (one in ${every}, in data order)` : `${n} observations`}; the dashed line marks 0.`,
    280,
    {
      grid: { left: 16, right: 20, top: 16, bottom: 16, outerBounds: { left: 2, right: 2, top: 0, bottom: 2 } },
      xAxis: valueAxis(`Fitted ${result.response} (${kind.toLowerCase()})`),
      yAxis: valueAxis("Residual"),
      series: [{
        type: "scatter",
        name: "residual",
        data,
        symbol: "circle",
        symbolSize: n > 1000 ? 2.5 : 4,
        itemStyle: { color: INK, opacity: 0.55 },
        markLine: referenceLine("yAxis", 0),
      }],
    },
  );
}

/** Theoretical normal quantiles Φ⁻¹((i − 0.5)/n), i = 1..n. */
export function normalScores(n: number): number[] {
  return Array.from({ length: n }, (_, i) => normalQuantile((i + 0.5) / n, 0, 1));
}

/**
 * Normal QQ plot of the Pearson residuals with the line y = x (Pearson residuals are scaled to unit
 * variance). Above 2000 points, an evenly spaced subset of the sorted residuals is drawn (the first and last
 * always), at their quantiles in the full sample.
 */
export function qqChart(result: FitResult): PresentChart | null {
  const y = result.observations.pearson.filter(Number.isFinite).sort((a, b) => a - b);
  const n = y.length;
  if (!result.converged || n === 0) return null;
  const q = normalScores(n);
  const m = Math.min(n, MAX_QQ_POINTS);
  const pick = m === n ? q.map((_, i) => i) : Array.from({ length: m }, (_, k) => Math.round((k * (n - 1)) / (m - 1)));
  const data = pick.map((i) => [q[i], y[i]]);
  const lo = Math.min(q[0], y[0]);
  const hi = Math.max(q[n - 1], y[n - 1]);
  return chart(
    "residuals-qq",
    "Normal QQ plot of Pearson residuals",
    `Sorted Pearson residuals of ${result.response} against standard normal quantiles Φ⁻¹((i − 0.5)/n), n = ${n}${m < n ? ` (${m} evenly spaced points shown)` : ""}; the dashed line is y = x.`,
    300,
    {
      grid: { left: 16, right: 20, top: 16, bottom: 16, outerBounds: { left: 2, right: 2, top: 0, bottom: 2 } },
      xAxis: valueAxis("Theoretical normal quantile"),
      yAxis: valueAxis("Pearson residual"),
      series: [
        {
          type: "line",
          name: "y = x",
          data: [[lo, lo], [hi, hi]],
          symbol: "none",
          silent: true,
          tooltip: { show: false },
          lineStyle: { color: REFERENCE, type: "dashed", width: 1 },
          z: 2,
        },
        {
          type: "scatter",
          name: "Pearson residual",
          data,
          symbol: "circle",
          symbolSize: n > 1000 ? 2.5 : 4,
          itemStyle: { color: INK, opacity: 0.6 },
          z: 3,
        },
      ],
    },
  );
}

// ---------------------------------------------------------------- subject trajectories

/**
 * Spaghetti plot: one panel per arm, each sampled subject's observed outcome (solid line with points) and
 * fitted values (dashed), on a common y scale. The legend names the line types; panel titles name the arms.
 */
export function spaghettiChart(trajectories: readonly SubjectTrajectory[], response: string, visitName = "Visit"): PresentChart | null {
  if (trajectories.length === 0) return null;
  const visits = trajectories[0].points.map((p) => p.visit);
  const arms = distinct(trajectories.map((t) => t.arm));
  const values = trajectories.flatMap((t) => t.points.flatMap((p) => [p.observed, p.fitted])).filter(finite);
  if (values.length === 0) return null;
  const y = niceBounds(Math.min(...values), Math.max(...values));
  const hasFitted = trajectories.some((t) => t.points.some((p) => p.fitted !== null));

  const cols = Math.min(arms.length, 3);
  const rowsOfPanels = Math.ceil(arms.length / cols);
  const height = rowsOfPanels === 1 ? 300 : 340;
  const top = hasFitted ? 28 : 6;
  const nameRoom = 18;
  const cellW = (CHART_WIDTH - nameRoom) / cols;
  const cellH = (height - top) / rowsOfPanels;
  const plotW = cellW - 36 - 10;
  const { axisLabel, turn } = bandLabels(visits, plotW / Math.max(1, visits.length));
  const grids: Option[] = [];
  const xAxes: Option[] = [];
  const yAxes: Option[] = [];
  const titles: Option[] = [];
  const series: Option[] = [];
  arms.forEach((arm, a) => {
    const c = a % cols;
    const r = Math.floor(a / cols);
    const left = nameRoom + c * cellW + 36;
    const gridTop = top + r * cellH + 20;
    const gridHeight = Math.max(24, cellH - 20 - 36 - turn);
    grids.push({ left, top: gridTop, width: plotW, height: gridHeight, outerBoundsMode: "none" });
    titles.push({
      text: arm,
      left: nameRoom + c * cellW + cellW / 2,
      top: gridTop - 18,
      textAlign: "center",
      textStyle: { fontSize: NAME_SIZE, fontWeight: "bold", color: INK, width: cellW - 8, overflow: "truncate" },
    });
    const bottomRow = a + cols >= arms.length;
    xAxes.push({ ...axisStyle(bottomRow ? visitName : ""), type: "category", data: visits, boundaryGap: true, gridIndex: a, nameGap: 20 + turn, axisLabel: { fontSize: LABEL_SIZE, color: INK, ...axisLabel } });
    yAxes.push(valueAxis(c === 0 ? response : "", { gridIndex: a, scale: false, min: y.min, max: y.max, interval: y.interval, nameGap: 34 }));
    const s = groupStyle(a);
    for (const t of trajectories) {
      if (t.arm !== arm) continue;
      series.push({
        type: "line",
        id: `observed:${t.subject}`,
        name: "Observed",
        xAxisIndex: a,
        yAxisIndex: a,
        data: t.points.map((p) => p.observed ?? "-"),
        connectNulls: true,
        symbol: s.symbol,
        symbolSize: 4,
        itemStyle: { color: s.color },
        lineStyle: { color: s.color, width: 1, type: "solid" },
        z: 3,
      });
      if (!hasFitted) continue;
      series.push({
        type: "line",
        id: `fitted:${t.subject}`,
        name: "Fitted",
        xAxisIndex: a,
        yAxisIndex: a,
        data: t.points.map((p) => p.fitted ?? "-"),
        connectNulls: true,
        symbol: "none",
        silent: true,
        itemStyle: { color: s.color },
        lineStyle: { color: s.color, width: 1, type: "dashed", opacity: 0.8 },
        z: 2,
      });
    }
  });
  const perArm = Math.max(...arms.map((arm) => trajectories.filter((t) => t.arm === arm).length));
  return chart(
    "subject-trajectories",
    `${response} of sampled subjects`,
    `${arms.length === 1 && arms[0] === ALL_SUBJECTS ? `${perArm} subjects, spread evenly over the subjects` : `Up to ${perArm} subjects per arm, spread evenly over the arm's subjects`} sorted by ID (the first, the last and evenly spaced ones between). Solid lines and points: observed ${response}${hasFitted ? "; dashed lines: the model's fitted values" : ""}.`,
    height,
    {
      title: titles,
      legend: {
        show: hasFitted,
        top: 0,
        left: "center",
        // "Fitted" has no symbol: hide the one the legend would draw.
        data: hasFitted ? ["Observed", { name: "Fitted", itemStyle: { opacity: 0 } }] : ["Observed"],
        itemWidth: 30,
        itemHeight: 10,
        textStyle: { fontSize: LABEL_SIZE, color: INK },
      },
      grid: grids,
      xAxis: xAxes,
      yAxis: yAxes,
      series,
    },
  );
}

// ---------------------------------------------------------------- the report's set

/**
 * The report's charts in order: LS means, differences, observed means, subject trajectories, residuals,
 * QQ plot, BLUPs; charts with nothing to draw are left out. A fit that did not converge gets the observed
 * means only.
 */
export function reportCharts(input: { result: FitResult; summary: DataSummary | null; trajectories: readonly SubjectTrajectory[] | null }): PresentChart[] {
  const { result, summary, trajectories } = input;
  const observed = summary ? observedMeansChart(summary) : null;
  if (!result.converged) return observed ? [observed] : [];
  const charts = [
    lsmeansChart(result, summary?.visits),
    differencesChart(result, summary?.visits),
    observed,
    trajectories ? spaghettiChart(trajectories, result.response, summary?.visit) : null,
    residualChart(result),
    qqChart(result),
  ];
  return [...charts.filter((c): c is PresentChart => c !== null), ...blupCharts(result)];
}
