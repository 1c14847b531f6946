import { readFile } from "node:fs/promises";
import readXlsxFile from "read-excel-file/node";
import { InputError, fileError } from "../errors.js";

/** One sheet as read-excel-file gives it: rows from A1 on, each cell a string, number, boolean, Date or null. */
export interface RawSheet {
  readonly name: string;
  readonly rows: readonly (readonly unknown[])[];
}

/** The first four bytes of an OLE2 compound file, the container of Excel 97-2003 `.xls` workbooks. */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * Reads every sheet of an `.xlsx` workbook. read-excel-file unzips the whole archive in memory whatever is
 * asked of it, so reading all sheets at once costs little more than one and gives the sheet names with it.
 * Any failure of the library becomes a one-line InputError: its messages are written for programmers, and
 * a cut or corrupt file can fail deep inside the unzipper or the XML parser with a stack-laden error.
 */
export async function readWorkbook(path: string): Promise<{ sheets: RawSheet[]; size: number }> {
  const label = `data file "${path}"`;
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    fileError(e, "data file", path);
  }
  if (bytes.length === 0) throw new InputError(`${label} is empty`);
  // Checked here rather than left to the library: this is the one bad input with a precise remedy.
  if (OLE2.every((b, i) => bytes[i] === b)) throw new InputError(`${label} is an Excel 97-2003 .xls file; save it as .xlsx`);
  try {
    const sheets = await readXlsxFile(bytes);
    return { sheets: sheets.map((s) => ({ name: s.sheet, rows: s.data as unknown[][] })), size: bytes.length };
  } catch (e) {
    const reason = firstLine(e).replace(/[.\s]+$/, "");
    const error = new InputError(`${label} is not a readable Excel workbook (${reason}); open it in Excel and save it again as .xlsx`);
    error.cause = e; // kept for debugging; the message stays one line
    throw error;
  }
}

/** The first line of an error's message, lower-cased at the start and cut to a sentence's length. */
function firstLine(e: unknown): string {
  const message = (e instanceof Error ? e.message : String(e)).split("\n")[0].trim() || "unknown error";
  const short = message.length > 100 ? `${message.slice(0, 99)}…` : message;
  return short[0].toLowerCase() + short.slice(1);
}
