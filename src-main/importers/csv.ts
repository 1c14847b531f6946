import { open } from "node:fs/promises";
import { extname } from "node:path";
import Papa from "papaparse";
import { InputError } from "../errors.js";
import { dataFileSize } from "../io/files.js";
import { decodeWindows1252 } from "../io/windows-1252.js";
import { BATCH_ROWS, type ReadProgress, type RowBatch, type SourceColumn, type SourceTable } from "./table.js";

/**
 * Delimited text (CSV, TSV, `;`- or `|`-separated), streamed.
 *
 * - The first row is the header. Names are trimmed; an empty name becomes `V<position>` (R's write.csv
 *   writes an unnamed row-name column).
 * - Delimiter: given, a tab for `.tsv`, or detected by papaparse from the first 64 KiB among `,` `;` tab `|`.
 *   A decimal comma is assumed when the delimiter is `;` and some cell of the sample looks like `12,5`.
 * - Encoding: UTF-8 (a byte-order mark is dropped) when the whole file is valid UTF-8, else Windows-1252
 *   (Latin-1), the encoding of most SAS and Excel exports that are not UTF-8. Deciding needs one pass over
 *   the bytes before parsing: a bad byte late in a file must not change the meaning of rows already stored.
 * - Cells are delivered verbatim, as text; typing.ts decides types. Every row must have as many fields as
 *   the header.
 * - Streaming: the text is cut after a line break that lies outside quotes (an even number of `"` before
 *   it), each piece is parsed by papaparse, and rows go out in batches of BATCH_ROWS, so memory stays flat.
 */
export interface CsvOptions {
  readonly delimiter?: string;
  readonly decimalComma?: boolean;
  readonly encoding?: "utf-8" | "windows-1252";
}

const READ_BYTES = 1 << 20;
const SAMPLE_BYTES = 64 << 10;
const DELIMITERS = [",", ";", "\t", "|"];
const COMMA_NUMBER = /^\s*[+-]?\d*,\d+\s*$/;

export async function openCsv(path: string, options: CsvOptions = {}, onProgress?: ReadProgress): Promise<SourceTable> {
  const label = `data file "${path}"`;
  const size = await dataFileSize(path);
  if (size === 0) throw new InputError(`${label} is empty`);
  const encoding = options.encoding ?? ((await isUtf8(path)) ? "utf-8" : "windows-1252");

  // The header and the detected options come from the first piece of text.
  const sample = await firstText(path, encoding);
  if (sample.trim() === "") throw new InputError(`${label} is empty`);
  if (looksBinary(sample)) throw new InputError(`${label} is not a text file (it holds binary bytes); is it really a CSV file?`);
  const delimiter = options.delimiter ?? (extname(path).toLowerCase() === ".tsv" ? "\t" : detectDelimiter(sample));
  const head = Papa.parse<string[]>(completeLines(sample), { delimiter, skipEmptyLines: true });
  const header = head.data[0];
  if (!header) throw new InputError(`${label} has no header row`);
  const decimalComma = options.decimalComma ?? (delimiter === ";" && head.data.slice(1).some((row) => row.some((c) => COMMA_NUMBER.test(c))));
  const columns: SourceColumn[] = header.map((h, j) => ({
    name: h.trim() || `V${j + 1}`, label: null, storage: "text", sourceType: null, format: null, length: null,
  }));

  return {
    format: "csv",
    columns,
    options: { delimiter, decimalComma, encoding },
    batches: () => readBatches(path, encoding, delimiter, columns.length, size, label, onProgress),
  };
}

async function* readBatches(path: string, encoding: string, delimiter: string, width: number, size: number, label: string, onProgress?: ReadProgress): AsyncGenerator<RowBatch> {
  let pending: string[][] = [];
  let headerSeen = false;
  let dataRow = 0;
  const take = (text: string, last: boolean) => {
    const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: true });
    const fatal = parsed.errors.find((e) => e.type === "Quotes");
    if (fatal) {
      const row = dataRow + (fatal.row ?? 0) + (headerSeen ? 1 : 0);
      const what = fatal.code === "MissingQuotes" ? `a quoted field in data row ${row} is never closed` : `data row ${row} has a misplaced quote`;
      throw new InputError(`${label} cannot be read: ${what}${last ? "" : ""}; check the quotes`);
    }
    for (const row of parsed.data) {
      if (!headerSeen) { headerSeen = true; continue; }
      dataRow++;
      if (row.length !== width) {
        throw new InputError(`${label}: data row ${dataRow} has ${row.length} fields but the header has ${width}; check the delimiter and quotes`);
      }
      pending.push(row);
    }
  };
  const flush = function* (all: boolean): Generator<RowBatch> {
    while (pending.length >= BATCH_ROWS || (all && pending.length > 0)) {
      const rows = pending.slice(0, BATCH_ROWS);
      pending = pending.slice(rows.length);
      yield { rows: rows.length, columns: Array.from({ length: width }, (_, j) => ({ storage: "text" as const, values: rows.map((r) => r[j]) })) };
    }
  };

  let carry = "";
  let read = 0;
  for await (const text of decodedPieces(path, encoding, (n) => { read = n; })) {
    carry += text;
    const cut = lastBreakOutsideQuotes(carry);
    if (cut > 0) {
      take(carry.slice(0, cut), false);
      carry = carry.slice(cut);
      yield* flush(false);
    }
    onProgress?.(read, size);
  }
  if (carry.trim() !== "") take(carry, true);
  if (!headerSeen) throw new InputError(`${label} has no header row`);
  yield* flush(true);
  onProgress?.(size, size);
}

/** The file's text in pieces of about a megabyte, decoded with a streaming decoder (no split characters). */
async function* decodedPieces(path: string, encoding: string, onBytes: (n: number) => void): AsyncGenerator<string> {
  const handle = await open(path, "r");
  try {
    const decoder = textDecoder(encoding);
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      onBytes(total);
      yield decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    await handle.close();
  }
}

/** A streaming decoder for the file's encoding; UTF-8 drops a byte-order mark. */
function textDecoder(encoding: string): { decode(bytes?: Uint8Array, options?: { stream: boolean }): string } {
  if (encoding === "windows-1252") return { decode: (bytes) => (bytes ? decodeWindows1252(bytes) : "") };
  return new TextDecoder(encoding, { ignoreBOM: false });
}

/** Position just after the last line break preceded by an even number of quote characters; 0 if none. */
export function lastBreakOutsideQuotes(text: string): number {
  let quotes = 0;
  let cut = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quotes++;
    else if (c === 10 && (quotes & 1) === 0) cut = i + 1;
  }
  return cut;
}

async function isUtf8(path: string): Promise<boolean> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    for await (const _ of decodedPiecesStrict(path, decoder)) { /* decoding is the check */ }
    return true;
  } catch (e) {
    if (e instanceof TypeError) return false;
    throw e;
  }
}

async function* decodedPiecesStrict(path: string, decoder: InstanceType<typeof TextDecoder>): AsyncGenerator<void> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, null);
      if (bytesRead === 0) break;
      decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
      yield;
    }
    decoder.decode();
  } finally {
    await handle.close();
  }
}

async function firstText(path: string, encoding: string): Promise<string> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    let text = textDecoder(encoding).decode(buffer.subarray(0, bytesRead), { stream: true });
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return bytesRead < SAMPLE_BYTES ? `${text}\n` : text;
  } finally {
    await handle.close();
  }
}

/** The sample up to its last complete line (all of it for a short file, which firstText ends with a break). */
function completeLines(sample: string): string {
  const cut = lastBreakOutsideQuotes(sample);
  return cut > 0 ? sample.slice(0, cut) : sample;
}

function detectDelimiter(sample: string): string {
  // skipEmptyLines: papaparse counts a final empty line when guessing, which makes a 2-column `;` file look
  // like a 1-column comma file
  const guess = Papa.parse(completeLines(sample), { delimitersToGuess: DELIMITERS, preview: 50, skipEmptyLines: true });
  return DELIMITERS.includes(guess.meta.delimiter) ? guess.meta.delimiter : ",";
}

/** NUL or other control bytes in the first piece: the file is not text (random bytes, a zip, a SAS dataset). */
function looksBinary(sample: string): boolean {
  let control = 0;
  const n = Math.min(sample.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  return control > n / 100;
}
