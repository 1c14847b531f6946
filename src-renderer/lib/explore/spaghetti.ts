/**
 * The Explore step's spaghetti plot of observed data: one line per sampled subject over the visits, coloured
 * by arm, on one panel, so that arms can be compared line against line. Hovering a line brings it forward
 * (ECharts emphasis with focus "series") and its tooltip names the subject. The option is plain JSON, as the
 * report's charts are, so Chart.svelte draws it like any PresentChart.
 */
import { CHART_FONT, type PresentChart } from "../../../src-core/present/chart.js";
import { CHART_WIDTH, PALETTE } from "../../../src-core/present/charts.js";
import { ALL_SUBJECTS } from "../../../src-core/present/trajectories.js";
import type { ObservedTrajectories } from "../../../src-main/api/contract.js";

/**
 * The report's palette (src-core/present/charts.ts, black then Okabe–Ito hues), in the same order, so that an
 * arm has the colour here that it has in the observed-means chart.
 */
export const ARM_COLOURS: readonly string[] = PALETTE;

const INK = "#222222";
const RULE = "#e4e4e4";

export interface SpaghettiOptions {
  /** Show this arm only; null or absent: every arm. */
  readonly arm?: string | null;
  /** The arms in the order the other charts colour them (DataSummary.arms); default: the order of the data. */
  readonly armOrder?: readonly string[];
  /** Names for the axes and tooltip: the visit and subject columns. */
  readonly visitName?: string;
  readonly subjectName?: string;
}

/** The arm's name as shown: the data give "" for every subject when no arm column is chosen. */
export const armLabel = (arm: string): string => (arm === "" ? ALL_SUBJECTS : arm);

/** The arms with sampled subjects, in the order given by armOrder (arms it lacks after, in data order). */
export function spaghettiArms(data: ObservedTrajectories, armOrder: readonly string[] = []): string[] {
  const seen = [...new Set(data.subjects.map((s) => s.arm))];
  const rank = (a: string): number => {
    const i = armOrder.indexOf(a);
    return i < 0 ? armOrder.length + seen.indexOf(a) : i;
  };
  return seen.sort((a, b) => rank(a) - rank(b));
}

/** The colour of each arm, by its place among all arms (not only those shown), so that a filter keeps colours. */
export function armColours(arms: readonly string[]): Map<string, string> {
  return new Map(arms.map((a, k) => [a, ARM_COLOURS[k % ARM_COLOURS.length]]));
}

/** Text for an HTML tooltip: markup and ECharts' {a}-style placeholders made literal. */
function literal(text: string): string {
  return text.replace(/[&<>"'{}]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "Placebo: 50 of 120 subjects; Drug X: 50 of 118 subjects". */
export function drawnPerArm(data: ObservedTrajectories, arms: readonly string[]): string {
  return arms
    .map((arm) => {
      const drawn = data.subjects.filter((s) => s.arm === arm).length;
      const of = data.subjectsPerArm[arm] ?? drawn;
      return `${armLabel(arm)}: ${drawn} of ${of} subject${of === 1 ? "" : "s"}`;
    })
    .join("; ");
}

export function spaghettiChart(data: ObservedTrajectories, options: SpaghettiOptions = {}): PresentChart | null {
  const all = spaghettiArms(data, options.armOrder);
  const order = options.armOrder ?? [];
  const colours = armColours([...order, ...all.filter((a) => !order.includes(a))]);
  const arms = options.arm === null || options.arm === undefined ? all : all.filter((a) => a === options.arm);
  const subjects = data.subjects.filter((s) => arms.includes(s.arm) && s.values.some((v) => v !== null));
  if (subjects.length === 0) return null;
  const visitName = options.visitName ?? "Visit";
  const subjectName = options.subjectName ?? "Subject";
  const outcome = data.outcome || "Outcome";

  const series = subjects.map((s) => {
    const colour = colours.get(s.arm) ?? INK;
    return {
      type: "line",
      id: `subject:${s.arm}:${s.subject}`,
      name: armLabel(s.arm),
      data: s.values.map((v) => v ?? "-"),
      connectNulls: true,
      symbol: "circle",
      symbolSize: 3,
      color: colour,
      lineStyle: { color: colour, width: 1, opacity: 0.45 },
      itemStyle: { color: colour, opacity: 0.6 },
      // Hovering the line itself, not only its points, picks the subject out.
      triggerEvent: "line",
      emphasis: { focus: "series", lineStyle: { width: 2.5, opacity: 1 }, itemStyle: { opacity: 1 } },
      blur: { lineStyle: { opacity: 0.08 }, itemStyle: { opacity: 0.08 } },
      tooltip: { formatter: `<b>${literal(subjectName)} ${literal(s.subject)}</b> ({a})<br/>{b}: {c}` },
      z: 2,
    };
  });

  const arm = arms.length === 1 && all.length > 1 ? ` in ${armLabel(arms[0])}` : "";
  return {
    id: "observed-trajectories",
    title: `Observed ${outcome} by subject${arm}`,
    caption: `${drawnPerArm(data, arms)}. Subjects are spread evenly over each arm's subjects sorted by ID; one line per subject through the visits with an observed ${outcome}. Hover a line to pick it out; the tooltip of a point names the subject.`,
    width: CHART_WIDTH,
    height: 320,
    option: {
      animation: false,
      backgroundColor: "#ffffff",
      textStyle: { fontFamily: CHART_FONT, fontSize: 10, color: INK },
      tooltip: { trigger: "item", confine: true },
      legend: {
        show: arms.length > 1 || arms[0] !== "",
        top: 0,
        left: "center",
        // The lines are faint so that they can overlap; the legend keys should not be.
        data: arms.map((a) => ({ name: armLabel(a), itemStyle: { color: colours.get(a), opacity: 1 }, lineStyle: { color: colours.get(a), opacity: 1, width: 2 } })),
        itemWidth: 24,
        itemHeight: 10,
        textStyle: { fontSize: 10, color: INK },
      },
      grid: { left: 16, right: 20, top: 32, bottom: 16, outerBounds: { left: 2, right: 2, top: 0, bottom: 2 } },
      xAxis: {
        type: "category",
        data: [...data.visits],
        boundaryGap: true,
        name: visitName,
        nameLocation: "middle",
        nameGap: 10,
        nameTextStyle: { fontSize: 11, color: INK },
        axisLine: { lineStyle: { color: INK } },
        axisLabel: { fontSize: 10, color: INK, interval: 0, hideOverlap: true },
      },
      yAxis: {
        type: "value",
        scale: true,
        name: outcome,
        nameLocation: "middle",
        nameGap: 10,
        nameTextStyle: { fontSize: 11, color: INK },
        axisLine: { show: true, lineStyle: { color: INK } },
        axisLabel: { fontSize: 10, color: INK },
        splitLine: { show: true, lineStyle: { color: RULE } },
      },
      series,
    },
  };
}
