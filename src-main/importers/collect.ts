import type { Column, DataFrame } from "../../src-core/data/frame.js";
import { InputError } from "../errors.js";
import type { BatchColumn, SourceColumn, SourceTable } from "./table.js";
import { ColumnTyper, toColumn, type ColumnType, type TypingOptions } from "./typing.js";

/** A column after import: what the source said, what its cells say, and the type used. */
export interface ImportedColumn extends SourceColumn {
  readonly inferredType: ColumnType;
  readonly type: ColumnType;
}

/**
 * Checks that a source's column names can be told apart by a formula, and that every type override names
 * one of them (a misspelt override would otherwise be ignored silently).
 */
export function checkColumnNames(columns: readonly SourceColumn[], label: string, types: Readonly<Record<string, unknown>> = {}): void {
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw new InputError(`${label} has two columns named "${c.name}"; rename one of them`);
    seen.add(c.name);
  }
  const unknown = Object.keys(types).filter((name) => !seen.has(name));
  if (unknown.length > 0) throw new InputError(`${label} has no column named "${unknown[0]}" to set the type of; its columns are ${[...seen].slice(0, 12).join(", ")}${seen.size > 12 ? ", …" : ""}`);
}

/** Reads a whole source into a DataFrame, typed as typing.ts says. For files that fit in memory. */
export async function collectTable(source: SourceTable, options: TypingOptions, label: string): Promise<{ frame: DataFrame; columns: ImportedColumn[] }> {
  checkColumnNames(source.columns, label, options.types);
  const typers = source.columns.map((c) => new ColumnTyper(c, options));
  const parts: BatchColumn[][] = source.columns.map(() => []);
  let nrow = 0;
  for await (const batch of source.batches()) {
    batch.columns.forEach((values, j) => { typers[j].observe(values); parts[j].push(values); });
    nrow += batch.rows;
  }
  if (nrow === 0) throw new InputError(`${label} has column names but no data rows`);
  const columns = source.columns.map((c, j) => ({ ...c, inferredType: typers[j].inferred, type: typers[j].final(label) }));
  const frameColumns: Record<string, Column> = {};
  columns.forEach((c, j) => { frameColumns[c.name] = toColumn(parts[j], c.type, typers[j], options.decimalComma); });
  return { frame: { nrow, names: columns.map((c) => c.name), columns: frameColumns }, columns };
}
