/**
 * A chart as the app draws it and the report prints it: an ECharts option object (plain JSON) with the size it
 * was laid out for. Builders in charts.ts are pure functions of a fit result and data summaries, so the renderer
 * (ECharts in the browser) and the report (ECharts server-side SVG, then PDF) draw exactly the same figure.
 */
export interface PresentChart {
  /** Stable machine name, e.g. "lsmeans-profile". */
  readonly id: string;
  /** Figure title as printed above the chart (not inside the ECharts option). */
  readonly title: string;
  /** One or two sentences under the figure: what is drawn and how the sample was chosen. */
  readonly caption: string;
  /** Layout size in points (the PDF draws it at this size; the app may scale it). */
  readonly width: number;
  readonly height: number;
  /** The ECharts option; JSON only (no functions), animation off. */
  readonly option: Record<string, unknown>;
}

/** The font every chart names; the report embeds the same TTF and measures text with it. */
export const CHART_FONT = "DejaVu Sans";
