import { readFileSync } from "node:fs";
import type { Column, DataFrame } from "../../../src-core/data/frame.js";

/** Minimal CSV reader for test fixtures: quoted fields, empty field = missing, a column is numeric when every non-empty value is. */
export function readCsv(path: string): DataFrame {
  const text = readFileSync(path, "utf8").replace(/\r/g, "");
  const lines = text.split("\n").filter((l) => l.length > 0);
  const split = (line: string): { value: string; quoted: boolean }[] => {
    const out: { value: string; quoted: boolean }[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let j = i + 1;
        let s = "";
        while (j < line.length) {
          if (line[j] === '"' && line[j + 1] === '"') { s += '"'; j += 2; continue; }
          if (line[j] === '"') break;
          s += line[j++];
        }
        out.push({ value: s, quoted: true });
        i = j + 2;
      } else {
        const j = line.indexOf(",", i);
        const end = j < 0 ? line.length : j;
        out.push({ value: line.slice(i, end), quoted: false });
        i = end + 1;
      }
    }
    return out;
  };
  const names = split(lines[0]).map((f) => f.value);
  const rows = lines.slice(1).map(split);
  const columns: Record<string, Column> = {};
  names.forEach((name, k) => {
    const cells = rows.map((r) => r[k] ?? { value: "", quoted: false });
    const numeric = cells.every((c) => c.value === "" || (!c.quoted && Number.isFinite(Number(c.value))));
    columns[name] = numeric
      ? { kind: "numeric", values: Float64Array.from(cells, (c) => (c.value === "" ? NaN : Number(c.value))) }
      : { kind: "character", values: cells.map((c) => (c.value === "" ? null : c.value)) };
  });
  return { nrow: rows.length, names, columns };
}
