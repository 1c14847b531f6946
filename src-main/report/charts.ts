import { createRequire } from "node:module";
import * as echarts from "echarts";
import type { PresentChart } from "../../src-core/present/chart.js";

/**
 * Draws the charts of src-core/present/charts.ts as SVG with ECharts' server-side renderer, for the PDF report.
 * Text is measured with the metrics of the DejaVu Sans TTF the PDF embeds, so that ECharts lays out labels
 * (axis label spacing, legend widths, grid margins) for the glyphs the PDF will actually draw.
 */

const require = createRequire(import.meta.url);

/** The part of fontkit (v2, no type declarations) used here. */
interface FontkitFont {
  readonly unitsPerEm: number;
  layout(text: string): { readonly advanceWidth: number };
}
interface Fontkit { openSync(path: string): FontkitFont }

/** The DejaVu Sans TTF files the charts are measured with; the PDF writer registers the same ones. */
export function chartFontPaths(): { regular: string; bold: string } {
  return {
    regular: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"),
    bold: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"),
  };
}

let fonts: { regular: FontkitFont; bold: FontkitFont } | null = null;
function loadFonts(): { regular: FontkitFont; bold: FontkitFont } {
  if (!fonts) {
    const fontkit = require("fontkit") as Fontkit;
    const paths = chartFontPaths();
    fonts = { regular: fontkit.openSync(paths.regular), bold: fontkit.openSync(paths.bold) };
  }
  return fonts;
}

/** Size in px and weight of a CSS font shorthand as ECharts writes it ("normal bold 12px DejaVu Sans", "12px sans-serif"). */
export function parseFont(font: string | undefined): { size: number; bold: boolean } {
  const text = font ?? "";
  const match = /(\d*\.?\d+)px/.exec(text);
  const size = match ? Number(match[1]) : 12;
  const before = match ? text.slice(0, match.index) : text;
  const bold = before.split(/\s+/).some((w) => w === "bold" || w === "bolder" || (/^\d+$/.test(w) && Number(w) >= 600));
  return { size, bold };
}

const widths = new Map<string, number>();

/**
 * Width of `text` in the CSS font `font`, from DejaVu Sans's advance widths as laid out by fontkit (kerning
 * included, as PDFKit draws them): Σ advance × size / unitsPerEm. Every family is measured as DejaVu Sans,
 * since the PDF draws every chart text in it.
 */
export function measureChartText(text: string, font?: string): { width: number } {
  const { size, bold } = parseFont(font);
  const key = `${bold ? "b" : "r"}\u0000${text}`;
  let em = widths.get(key);
  if (em === undefined) {
    const face = bold ? loadFonts().bold : loadFonts().regular;
    em = face.layout(text).advanceWidth / face.unitsPerEm;
    if (widths.size > 10_000) widths.clear();
    widths.set(key, em);
  }
  return { width: em * size };
}

let platformSet = false;

/**
 * The chart as a standalone SVG document of chart.width × chart.height. Deterministic: ECharts numbers its
 * element ids and CSS classes with process-wide counters, so they are renamed here after the chart id and
 * renumbered in order of appearance.
 */
export function renderChartSvg(chart: PresentChart): string {
  if (!platformSet) {
    echarts.setPlatformAPI({ measureText: measureChartText });
    platformSet = true;
  }
  const instance = echarts.init(null, null, { renderer: "svg", ssr: true, width: chart.width, height: chart.height });
  try {
    instance.setOption(chart.option);
    return normaliseIds(instance.renderToSVGString(), chart.id);
  } finally {
    instance.dispose();
  }
}

/** Renames ECharts' "zr<N>-" id prefix to the chart id and renumbers the "cls-<N>" classes from 0. */
function normaliseIds(svg: string, id: string): string {
  const prefix = id.replace(/[^A-Za-z0-9_-]/g, "_");
  const classes = new Map<string, number>();
  return svg
    .replace(/\bzr\d+-/g, `${prefix}-`)
    .replace(/-cls-(\d+)\b/g, (_, n: string) => {
      let k = classes.get(n);
      if (k === undefined) { k = classes.size; classes.set(n, k); }
      return `-cls-${k}`;
    });
}
