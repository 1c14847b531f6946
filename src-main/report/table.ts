/** Plain-text tables for the text report: a title, a header row and aligned columns. */
export interface TextColumn {
  header: string;
  /** Text columns are left-aligned; number columns are right-aligned on their decimal points. */
  align: "left" | "right";
}

const INDENT = "  ";
const GAP = "  ";

export function renderTable(title: string, columns: readonly TextColumn[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((r) => [...r]);
  // Right-aligned columns line up on the decimal point: pad each cell on the right to the column's widest
  // fractional part, so that 14.396 sits under 40.5544 as SAS prints them.
  columns.forEach((c, j) => {
    if (c.align !== "right") return;
    const frac = (s: string) => (s.includes(".") ? s.length - s.indexOf(".") : 0);
    const widest = Math.max(0, ...cells.map((r) => frac(r[j])));
    for (const r of cells) r[j] = r[j] + " ".repeat(widest - frac(r[j]));
  });
  const widths = columns.map((c, j) => Math.max(c.header.length, ...cells.map((r) => r[j].length)));
  const line = (row: readonly string[]) =>
    INDENT + row.map((cell, j) => (columns[j].align === "left" ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join(GAP).trimEnd();
  return [title, line(columns.map((c) => c.header)), ...cells.map(line)].join("\n");
}

/** Label/value pairs, as in SAS's Model Information and Dimensions tables. */
export function renderPairs(title: string, pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...pairs.map(([label]) => label.length));
  return [title, ...pairs.map(([label, value]) => `${INDENT}${label.padEnd(width)}${GAP}${value}`.trimEnd())].join("\n");
}
