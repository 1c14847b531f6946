/**
 * The PDF writer on a made-up document: a long table repeats its title and header row on every page it runs
 * over, rows are never lost or doubled at a page break, and every page has the header and "Page x of y".
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ReportDocument } from "../../../src-core/present/report.js";
import type { PresentTable } from "../../../src-core/present/table.js";
import { renderPdf } from "../../../src-main/report/pdf.js";
import { tempFiles } from "../../helpers/temp.js";

const { dir } = tempFiles("pdf");

const long: PresentTable = {
  id: "long", title: "A long table", labels: 1,
  columns: [{ key: "subject", header: "Subject ID", kind: "text" }, { key: "value", header: "Value", kind: "estimate" }, { key: "p", header: "Pr > |t|", kind: "p" }],
  rows: Array.from({ length: 150 }, (_, i) => [`S-${String(i + 1).padStart(3, "0")}`, i + 0.5, i === 0 ? 1e-7 : 0.5]),
};
const doc: ReportDocument = {
  title: "Pagination test",
  header: "Study X  |  Analysis Y",
  footer: "footer text",
  titlePage: [["Study", "Study X"]],
  blocks: [{ kind: "heading", text: "Tables" }, { kind: "table", table: long }],
  tables: [long],
  metadata: { title: "t", subject: "s", keywords: "k", creator: "c" },
};

describe("renderPdf", async () => {
  const path = join(dir, "long.pdf");
  writeFileSync(path, await renderPdf(doc, "2026-01-02T03:04:05Z"));
  const pages = execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" }).split("\f").filter((p) => p.trim() !== "");

  it("repeats the title and header row of a table on each page it continues on", () => {
    const withRows = pages.filter((p) => /S-\d{3}/.test(p));
    expect(withRows.length).toBeGreaterThanOrEqual(3);
    expect(withRows[0]).toMatch(/A long table\n/);
    for (const p of withRows.slice(1)) {
      expect(p).toContain("A long table (continued)");
      expect(p).toMatch(/Subject ID\s+Value\s+Pr > \|t\|/);
    }
  });

  it("prints every row once, in order, with SAS's formats", () => {
    const ids = pages.join("\n").match(/S-\d{3}/g)!;
    expect(ids).toEqual(long.rows.map((r) => r[0]));
    expect(pages.join("\n")).toMatch(/S-001\s+0\.5\s+<\.0001/);
  });

  it("puts the running header and 'Page x of y' on every page", () => {
    pages.forEach((p, i) => {
      expect(p).toMatch(/Study X\s+\|\s+Analysis Y/);
      expect(p).toContain(`Page ${i + 1} of ${pages.length}`);
    });
  });
});
