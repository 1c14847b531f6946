import { expect } from "vitest";
import { InputError } from "../../src-main/errors.js";
import type { SourceTable } from "../../src-main/importers/table.js";

export interface Read {
  rows: number;
  batchRows: number[];
  /** Every column's values over all batches, as a plain array (NaN for missing numbers, null for missing text). */
  values: Record<string, (number | string | null)[]>;
}

/** Reads every batch of an opened source, checking each batch column against its declared storage and length. */
export async function readAll(table: SourceTable): Promise<Read> {
  const read: Read = { rows: 0, batchRows: [], values: Object.fromEntries(table.columns.map((c) => [c.name, []])) };
  for await (const batch of table.batches()) {
    read.rows += batch.rows;
    read.batchRows.push(batch.rows);
    batch.columns.forEach((c, j) => {
      expect(c.storage).toBe(table.columns[j].storage);
      expect(c.values.length).toBe(batch.rows);
      read.values[table.columns[j].name].push(...c.values);
    });
  }
  return read;
}

/** The InputError that opening and reading a file throws (the test fails if it reads without one). */
export async function readFailure(open: () => Promise<SourceTable>, what: string): Promise<InputError> {
  try {
    await readAll(await open());
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error(`${what} was read without an error`);
}
