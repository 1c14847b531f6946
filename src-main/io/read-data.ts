import type { DataFrame } from "../../src-core/data/frame.js";
import { collectTable, type ImportedColumn } from "../importers/collect.js";
import { openSource, typingFor, type ImportOptions } from "../importers/open.js";

/** Reads a data file of any supported type into a DataFrame, typed exactly as an import would type it. */
export async function readData(path: string, options: ImportOptions = {}): Promise<DataFrame> {
  return (await readTable(path, options)).frame;
}

/** readData with the columns' metadata (labels, source types, inferred and used types). */
export async function readTable(path: string, options: ImportOptions = {}): Promise<{ frame: DataFrame; columns: ImportedColumn[]; options: Record<string, unknown> }> {
  const source = await openSource(path, options);
  const { frame, columns } = await collectTable(source, typingFor(options, source), `data file "${path}"`);
  return { frame, columns, options: { ...source.options } };
}
