import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import type { ReportBlock, ReportDocument } from "../../src-core/present/report.js";
import { formatCell, type PresentTable } from "../../src-core/present/table.js";
import { chartFontPaths, renderChartSvg } from "./charts.js";

/**
 * Draws a ReportDocument as an A4 PDF/A-2b file with pdfkit: DejaVu Sans embedded (subsets), charts as vectors
 * (ECharts SVG through svg-to-pdfkit), tables paginated here so that their header row repeats on each page, and
 * a header and "Page x of y" footer on every page. Deterministic: the document's dates come from `date`, and
 * nothing else varies between runs.
 */

const F = { regular: "DejaVuSans", bold: "DejaVuSans-Bold", mono: "DejaVuSansMono" } as const;

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 62, bottom: 62, left: 50, right: 50 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
const SIZE = { body: 9, table: 7.5, heading: 14, tableTitle: 9.5, note: 7.5, code: 7, header: 7.5 };
const CELL_PAD = 3;
/** Tables up to this height (points) are kept on one page. */
const SHORT_TABLE = 320;
const GREY = "#555555";
const RULE = "#999999";
const EMPHASIS_FILL = "#eef3f8";

/** The fonts the PDF embeds: the charts' own (so that their measured text fits), and DejaVu Sans Mono for code. */
function fontPaths(): { regular: string; bold: string; mono: string } {
  return { ...chartFontPaths(), mono: createRequire(import.meta.url).resolve("dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf") };
}

/** Renders the report; resolves with the PDF's bytes. `date` is ISO 8601. */
export function renderPdf(report: ReportDocument, date: string): Promise<Buffer> {
  const when = new Date(date);
  const paths = fontPaths();
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    autoFirstPage: false,
    bufferPages: true,
    pdfVersion: "1.7",
    subset: "PDF/A-2b",
    tagged: false,
    lang: "en",
    displayTitle: true,
    font: paths.regular,
    info: {
      Title: report.metadata.title,
      Subject: report.metadata.subject,
      Keywords: report.metadata.keywords,
      Creator: report.metadata.creator,
      Producer: report.metadata.creator,
      CreationDate: when,
      ModDate: when,
    },
  });
  doc.registerFont(F.regular, paths.regular);
  doc.registerFont(F.bold, paths.bold);
  doc.registerFont(F.mono, paths.mono);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  try {
    titlePage(doc, report);
    doc.addPage();
    for (let i = 0; i < report.blocks.length; i++) drawBlock(doc, report.blocks[i], report.blocks[i + 1]);
    headersAndFooters(doc, report);
    doc.end();
  } catch (e) {
    doc.end();
    throw e;
  }
  return done;
}

function titlePage(doc: PDFKit.PDFDocument, report: ReportDocument): void {
  doc.addPage();
  doc.font(F.bold).fontSize(22).fillColor("black").text(report.title, MARGIN.left, 170, { width: CONTENT_WIDTH });
  doc.moveDown(0.3).font(F.regular).fontSize(11).fillColor(GREY).text("Linear mixed model analysis report", { width: CONTENT_WIDTH });
  doc.moveDown(2);
  const labelWidth = 95;
  for (const [label, value] of report.titlePage) {
    const y = doc.y;
    const mono = label.includes("SHA-256");
    doc.font(F.bold).fontSize(10).fillColor("black").text(label, MARGIN.left, y, { width: labelWidth });
    doc.font(mono ? F.mono : F.regular).fontSize(mono ? 8.5 : 10).text(value, MARGIN.left + labelWidth, y + (mono ? 1 : 0), { width: CONTENT_WIDTH - labelWidth });
    doc.y = Math.max(doc.y, y + 14) + 4;
  }
}

function space(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > BOTTOM) doc.addPage();
}

/** How much room a block's first line needs, so that a heading is never left alone at the foot of a page. */
function leadHeight(doc: PDFKit.PDFDocument, block: ReportBlock | undefined): number {
  if (!block) return 0;
  if (block.kind === "chart") return block.chart.height + 30;
  if (block.kind === "table") return 60;
  if (block.kind === "paragraph") return 30;
  return 20;
}

function drawBlock(doc: PDFKit.PDFDocument, block: ReportBlock, next: ReportBlock | undefined): void {
  switch (block.kind) {
    case "page-break":
      doc.addPage();
      return;
    case "heading":
      space(doc, 30 + leadHeight(doc, next));
      if (doc.y > MARGIN.top + 1) doc.y += 8;
      doc.font(F.bold).fontSize(SIZE.heading).fillColor("black").text(block.text, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
      doc.y += 6;
      return;
    case "paragraph": {
      doc.font(block.tone === "warning" ? F.bold : F.regular).fontSize(SIZE.body).fillColor(block.tone === "warning" ? "#a00000" : "black");
      space(doc, doc.heightOfString(block.text, { width: CONTENT_WIDTH }) + 4);
      doc.text(block.text, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
      doc.fillColor("black");
      doc.y += 6;
      return;
    }
    case "code":
      drawCode(doc, block.text);
      return;
    case "chart": {
      const c = block.chart;
      doc.font(F.regular).fontSize(SIZE.note);
      const captionHeight = doc.heightOfString(c.caption, { width: CONTENT_WIDTH });
      space(doc, 18 + c.height + captionHeight + 8);
      doc.font(F.bold).fontSize(SIZE.tableTitle).fillColor("black").text(c.title, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
      const y = doc.y + 4;
      const x = MARGIN.left + Math.max(0, (CONTENT_WIDTH - c.width) / 2);
      SVGtoPDF(doc, renderChartSvg(c), x, y, {
        width: c.width,
        height: c.height,
        assumePt: true,
        fontCallback: (_family, bold) => (bold ? F.bold : F.regular),
      });
      doc.font(F.regular).fontSize(SIZE.note).fillColor(GREY).text(c.caption, MARGIN.left, y + c.height + 4, { width: CONTENT_WIDTH });
      doc.fillColor("black");
      doc.y += 12;
      return;
    }
    case "table":
      drawTable(doc, block.table, block.emphasis === true);
      return;
  }
}

function drawCode(doc: PDFKit.PDFDocument, text: string): void {
  doc.font(F.mono).fontSize(SIZE.code).fillColor("black");
  const lineHeight = doc.currentLineHeight(true);
  for (const line of text.split("\n")) {
    const h = doc.heightOfString(line || " ", { width: CONTENT_WIDTH });
    if (doc.y + Math.max(h, lineHeight) > BOTTOM) doc.addPage();
    doc.font(F.mono).fontSize(SIZE.code).text(line || " ", MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  }
  doc.y += 6;
}

/**
 * Column widths: each column as wide as its widest cell or header word; when the table is wider than the page,
 * the text columns (widest first) give up width and wrap.
 */
function columnWidths(doc: PDFKit.PDFDocument, table: PresentTable, cells: string[][]): number[] {
  doc.fontSize(SIZE.table);
  const widths = table.columns.map((c, j) => {
    doc.font(F.bold);
    // pdfkit's line wrapper measures each word with its trailing space: so must we, or it breaks inside a word
    const header = Math.max(...c.header.split(/\s+/).map((w) => doc.widthOfString(`${w} `)), doc.widthOfString(c.header) > 70 ? 0 : doc.widthOfString(c.header));
    doc.font(F.regular);
    const body = Math.max(0, ...cells.map((r) => doc.widthOfString(r[j])));
    return Math.ceil(Math.max(header, body)) + 2 * CELL_PAD + 1; // + 1: pdfkit wraps a word that fits exactly
  });
  let total = widths.reduce((a, b) => a + b, 0);
  const minimum = 60;
  while (total > CONTENT_WIDTH) {
    let widest = -1;
    table.columns.forEach((c, j) => { if (c.kind === "text" && widths[j] > minimum && (widest < 0 || widths[j] > widths[widest])) widest = j; });
    if (widest < 0) break;
    const cut = Math.min(total - CONTENT_WIDTH, widths[widest] - minimum);
    widths[widest] -= cut;
    total -= cut;
  }
  if (total > CONTENT_WIDTH) { const scale = CONTENT_WIDTH / total; return widths.map((w) => w * scale); }
  return widths;
}

function drawTable(doc: PDFKit.PDFDocument, table: PresentTable, emphasis: boolean): void {
  const cells = table.rows.map((row) => row.map((v, j) => formatCell(table.columns[j].kind, v)));
  const widths = columnWidths(doc, table, cells);
  const tableWidth = widths.reduce((a, b) => a + b, 0);
  const left = MARGIN.left;
  const align = (j: number) => table.columns[j].align ?? (table.columns[j].kind === "text" ? "left" : "right");
  const rowHeight = (texts: readonly string[], font: string) => {
    doc.font(font).fontSize(SIZE.table);
    return Math.max(...texts.map((t, j) => doc.heightOfString(t || " ", { width: widths[j] - 2 * CELL_PAD }))) + 2 * CELL_PAD - 1;
  };
  const headerTexts = table.columns.map((c) => c.header);
  const headerHeight = rowHeight(headerTexts, F.bold);

  const drawRow = (texts: readonly string[], font: string, height: number, fill: string | null) => {
    const y = doc.y;
    if (fill) doc.rect(left, y, tableWidth, height).fill(fill);
    let x = left;
    doc.font(font).fontSize(SIZE.table).fillColor("black");
    texts.forEach((t, j) => {
      doc.text(t, x + CELL_PAD, y + CELL_PAD, { width: widths[j] - 2 * CELL_PAD, align: align(j), lineBreak: true });
      x += widths[j];
    });
    doc.y = y + height;
  };
  const rule = (weight: number) => {
    doc.moveTo(left, doc.y).lineTo(left + tableWidth, doc.y).lineWidth(weight).strokeColor(RULE).stroke();
  };
  const drawTitle = (continued: boolean) => {
    doc.font(F.bold).fontSize(emphasis ? SIZE.tableTitle + 1.5 : SIZE.tableTitle).fillColor("black");
    doc.text(continued ? `${table.title} (continued)` : table.title, left, doc.y, { width: CONTENT_WIDTH });
    doc.y += 3;
    rule(0.8);
    drawRow(headerTexts, F.bold, headerHeight, emphasis ? EMPHASIS_FILL : null);
    rule(0.5);
  };

  const heights = cells.map((texts) => rowHeight(texts, F.regular));
  const total = 20 + headerHeight + heights.reduce((a, b) => a + b, 0);
  // A short table is never split: it starts on a new page instead. A long one starts where there is room
  // for its header and a few rows.
  space(doc, total <= SHORT_TABLE ? total : 20 + headerHeight + heights.slice(0, 4).reduce((a, b) => a + b, 0));
  drawTitle(false);
  if (cells.length === 0) {
    doc.font(F.regular).fontSize(SIZE.table).fillColor(GREY).text("(no rows)", left + CELL_PAD, doc.y + CELL_PAD, { width: CONTENT_WIDTH });
    doc.fillColor("black");
  }
  cells.forEach((texts, i) => {
    const h = heights[i];
    if (doc.y + h > BOTTOM) {
      rule(0.8);
      doc.addPage();
      drawTitle(true);
    }
    drawRow(texts, F.regular, h, emphasis && i % 2 === 1 ? EMPHASIS_FILL : null);
  });
  rule(0.8);
  if (table.note) {
    doc.y += 2;
    doc.font(F.regular).fontSize(SIZE.note).fillColor(GREY);
    space(doc, doc.heightOfString(table.note, { width: CONTENT_WIDTH }));
    doc.text(table.note, left, doc.y, { width: CONTENT_WIDTH });
    doc.fillColor("black");
  }
  doc.y += 12;
}

function headersAndFooters(doc: PDFKit.PDFDocument, report: ReportDocument): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Text in the margins must not make pdfkit start a new page.
    const margins = doc.page.margins;
    doc.page.margins = { top: 0, bottom: 0, left: margins.left, right: margins.right };
    doc.font(F.regular).fontSize(SIZE.header).fillColor(GREY);
    doc.text(report.header, MARGIN.left, 30, { width: CONTENT_WIDTH, lineBreak: false, ellipsis: true });
    doc.moveTo(MARGIN.left, 42).lineTo(PAGE.width - MARGIN.right, 42).lineWidth(0.5).strokeColor(RULE).stroke();
    const footerY = PAGE.height - 40;
    doc.moveTo(MARGIN.left, footerY - 6).lineTo(PAGE.width - MARGIN.right, footerY - 6).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.text(report.footer, MARGIN.left, footerY, { width: CONTENT_WIDTH - 90, lineBreak: false, ellipsis: true });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, PAGE.width - MARGIN.right - 90, footerY, { width: 90, align: "right", lineBreak: false });
    doc.page.margins = margins;
  }
  doc.fillColor("black");
}
