/**
 * Server-side SVG of the report's charts: the right size, the texts a reader looks for, the same bytes on every
 * render, and text measured with DejaVu Sans's own advance widths (fontkit on the TTF the PDF embeds).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyRoles } from "../../../src-core/data/roles.js";
import { summariseData } from "../../../src-core/data/summary.js";
import { fitModel, type AnalysisSpec } from "../../../src-core/index.js";
import { lsmeansChart, reportCharts } from "../../../src-core/present/charts.js";
import { subjectTrajectories } from "../../../src-core/present/trajectories.js";
import { readData } from "../../../src-main/io/read-data.js";
import { chartFontPaths, measureChartText, parseFont, renderChartSvg } from "../../../src-main/report/charts.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const fev = await readData(join(ROOT, "src-main", "demo", "fev_data.csv"));
const spec = JSON.parse(readFileSync(join(ROOT, "src-main", "demo", "fev_mmrm.spec.json"), "utf8")) as AnalysisSpec;
const fit = fitModel(fev, spec);
const roles = { ...emptyRoles(), subject: "USUBJID", visit: "AVISIT", arm: "ARMCD", outcome: "FEV1" };
const summary = summariseData(fev, roles);
const charts = reportCharts({ result: fit, summary, trajectories: subjectTrajectories(fev, roles, fit, summary.visits) });

/** The text content of the SVG's <text> elements. */
const texts = (svg: string): string[] => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe("renderChartSvg", () => {
  const chart = lsmeansChart(fit)!;
  const svg = renderChartSvg(chart);

  it("gives a standalone SVG of the chart's width and height", () => {
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toMatch(/^<svg width="495" height="300"[^>]* viewBox="0 0 495 300"/);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  });

  it("writes its texts in DejaVu Sans: the visits, the arms and the axis names", () => {
    expect(svg).toContain("font-family:DejaVu Sans");
    expect(svg).not.toContain("sans-serif");
    const t = texts(svg);
    for (const s of ["VIS1", "VIS2", "VIS3", "VIS4", "PBO", "TRT", "AVISIT", "LS mean of FEV1 (95% CI)"]) expect(t).toContain(s);
  });

  it("gives the same bytes every time, whatever was rendered before", () => {
    for (const c of charts) renderChartSvg(c);
    expect(renderChartSvg(chart)).toBe(svg);
    expect(svg).not.toMatch(/\bzr\d+-/);
    expect(svg).toContain('clip-path="url(#lsmeans-profile-c0)"');
  });

  it("renders every chart of the report", () => {
    for (const c of charts) {
      const out = renderChartSvg(c);
      expect(out).toMatch(new RegExp(`^<svg width="${c.width}" height="${c.height}"`));
    }
    const spaghetti = renderChartSvg(charts.find((c) => c.id === "subject-trajectories")!);
    expect(texts(spaghetti)).toEqual(expect.arrayContaining(["PBO", "TRT", "Observed", "Fitted", "VIS1", "VIS4"]));
  });
});

describe("measureChartText", () => {
  const require = createRequire(import.meta.url);
  const fontkit = require("fontkit") as { openSync(p: string): { unitsPerEm: number; layout(t: string): { advanceWidth: number } } };

  it("measures with DejaVu Sans: 'VIS1' at 12 px is 4608/2048 × 12 = 27 px (ECharts' built-in table says 26.16)", () => {
    const regular = fontkit.openSync(chartFontPaths().regular);
    const expected = (regular.layout("VIS1").advanceWidth * 12) / regular.unitsPerEm;
    expect(expected).toBe(27); // V 1401 + I 604 + S 1300 + 1 1303 font units
    expect(measureChartText("VIS1", "normal normal 12px DejaVu Sans").width).toBeCloseTo(27, 10);
    expect(measureChartText("VIS1", "12px sans-serif").width).toBeCloseTo(27, 10);
    expect(Math.abs(measureChartText("VIS1", "12px sans-serif").width - 26.16)).toBeGreaterThan(0.5);
  });

  it("uses the bold face for bold text and scales with the size", () => {
    const bold = fontkit.openSync(chartFontPaths().bold);
    const expected = (bold.layout("VIS1").advanceWidth * 12) / bold.unitsPerEm;
    expect(expected).toBeCloseTo(30.744140625, 10); // 5247/2048 × 12
    expect(measureChartText("VIS1", "normal bold 12px DejaVu Sans").width).toBeCloseTo(expected, 10);
    expect(measureChartText("VIS1", "bold 24px DejaVu Sans").width).toBeCloseTo(2 * expected, 10);
  });

  it("includes kerning, as PDFKit draws the text: 'AV' is narrower than A + V", () => {
    const regular = fontkit.openSync(chartFontPaths().regular);
    const kerned = (2671 * 10) / 2048; // fontkit layout("AV").advanceWidth; A + V alone are 2802
    expect((regular.layout("AV").advanceWidth * 10) / regular.unitsPerEm).toBeCloseTo(kerned, 10);
    expect(measureChartText("AV", "10px DejaVu Sans").width).toBeCloseTo(kerned, 10);
  });
});

describe("parseFont", () => {
  it("reads the size and the weight of the CSS font ECharts passes", () => {
    expect(parseFont("normal normal 12px DejaVu Sans")).toEqual({ size: 12, bold: false });
    expect(parseFont("bold 12px DejaVu Sans")).toEqual({ size: 12, bold: true });
    expect(parseFont("italic 600 10.5px \"DejaVu Sans\"")).toEqual({ size: 10.5, bold: true });
    expect(parseFont("normal 400 11px sans-serif")).toEqual({ size: 11, bold: false });
    expect(parseFont(undefined)).toEqual({ size: 12, bold: false });
  });
});

describe("chartFontPaths", () => {
  it("names the DejaVu Sans TTFs of the dejavu-fonts-ttf package", () => {
    const { regular, bold } = chartFontPaths();
    expect(regular).toMatch(/dejavu-fonts-ttf[\\/]ttf[\\/]DejaVuSans\.ttf$/);
    expect(bold).toMatch(/dejavu-fonts-ttf[\\/]ttf[\\/]DejaVuSans-Bold\.ttf$/);
    expect(existsSync(regular) && existsSync(bold)).toBe(true);
  });
});
