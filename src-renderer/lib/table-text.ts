import { formatCell, type PresentTable } from "../../src-core/present/table.js";

/** A table as tab-separated text (header row first, values as printed), for the clipboard. */
export function tableText(t: PresentTable): string {
  const lines = [t.columns.map((c) => c.header).join("\t")];
  for (const row of t.rows) lines.push(row.map((v, j) => formatCell(t.columns[j].kind, v)).join("\t"));
  return lines.join("\n") + "\n";
}
