import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { InputError, fileError } from "../errors.js";
import { locateJsonError } from "../io/json-error.js";
import { isObject, readMetadata } from "./dataset-json-columns.js";
import { RecordBatcher, checkRecords } from "./dataset-json-rows.js";
import type { ReadProgress, RowBatch, SourceTable } from "./table.js";

/**
 * Dataset-NDJSON, the streaming form of Dataset-JSON 1.1: the first line is the metadata object (everything
 * but `rows`), every later line one record as a JSON array. Opening reads only the first line; the records are
 * streamed line by line, so memory stays flat however large the file. Blank lines are skipped (a trailing
 * newline is common); record numbers count records, line numbers count lines as an editor shows them.
 */
const READ_BYTES = 64 << 10;
/** A metadata line longer than this is not metadata: most likely a whole `.json` document named `.ndjson`. */
const MAX_METADATA_BYTES = 64 << 20;

export async function openNdjson(path: string, onProgress?: ReadProgress): Promise<SourceTable> {
  const label = `data file "${path}"`;
  let size: number;
  let first: FirstLine | null;
  try {
    size = (await stat(path)).size;
    first = await readFirstLine(path, label);
  } catch (e) {
    if (e instanceof InputError) throw e;
    fileError(e, "data file", path);
  }
  if (first === null) throw new InputError(`${label} is empty`);
  const head = parseLine(first.text, first.line, label);
  const meta = readMetadata(head, label, "Dataset-NDJSON (its first line must be the metadata object)");
  if (isObject(head) && Array.isArray(head.rows)) {
    throw new InputError(`${label} holds a whole Dataset-JSON document with its "rows" on line ${first.line}; that is the .json form, so rename the file to .json`);
  }
  return {
    format: "dataset-ndjson",
    columns: meta.columns,
    options: meta.options,
    async *batches(): AsyncGenerator<RowBatch> {
      const batcher = new RecordBatcher(meta.columns, label);
      let records = 0;
      for await (const { text, line, bytesRead } of linesAfter(path, first)) {
        batcher.add(parseLine(text, line, label), ++records);
        if (batcher.full) {
          onProgress?.(bytesRead, size);
          yield batcher.take();
        }
      }
      checkRecords(meta.records, records, label);
      if (batcher.size > 0) yield batcher.take();
      onProgress?.(size, size);
    },
  };
}

interface FirstLine {
  readonly text: string;
  /** Its 1-based line number (blank lines before it are skipped). */
  readonly line: number;
  /** The byte offset just after its line break, where the records start. */
  readonly end: number;
}

/** The first non-blank line, read in small pieces so that opening never reads the records; null if none. */
async function readFirstLine(path: string, label: string): Promise<FirstLine | null> {
  const handle = await open(path, "r");
  try {
    const chunk = Buffer.allocUnsafe(READ_BYTES);
    let pending = Buffer.alloc(0);
    let offset = 0; // file offset of pending[0]
    let line = 1;
    for (;;) {
      const nl = pending.indexOf(0x0a);
      if (nl < 0) {
        if (pending.length > MAX_METADATA_BYTES) {
          throw new InputError(`${label}: line ${line} is longer than ${MAX_METADATA_BYTES >> 20} MiB, so it is not NDJSON metadata; is this a .json file?`);
        }
        const { bytesRead } = await handle.read(chunk, 0, READ_BYTES, null);
        if (bytesRead > 0) {
          pending = Buffer.concat([pending, chunk.subarray(0, bytesRead)]);
          continue;
        }
      }
      const stop = nl < 0 ? pending.length : nl;
      // TextDecoder drops a UTF-8 byte-order mark at the start of the file.
      const text = new TextDecoder().decode(pending.subarray(0, stop)).replace(/\r$/, "");
      const end = offset + (nl < 0 ? stop : stop + 1);
      if (text.trim() !== "") return { text, line, end };
      if (nl < 0) return null;
      pending = pending.subarray(nl + 1);
      offset = end;
      line++;
    }
  } finally {
    await handle.close();
  }
}

/**
 * The non-blank lines after the metadata, each with its line number and the bytes read so far. Iterating a
 * stream (rather than readline's events) keeps backpressure: reading pauses while a batch is being stored.
 */
async function* linesAfter(path: string, first: FirstLine): AsyncGenerator<{ text: string; line: number; bytesRead: number }> {
  const stream = createReadStream(path, { start: first.end, encoding: "utf8" });
  let line = first.line;
  let carry = "";
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const pieces = (carry + chunk).split("\n");
      carry = pieces.pop()!;
      for (const piece of pieces) {
        line++;
        if (piece.trim() !== "") yield { text: piece, line, bytesRead: first.end + stream.bytesRead };
      }
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    fileError(e, "data file", path);
  } finally {
    stream.destroy();
  }
  if (carry.trim() !== "") yield { text: carry, line: line + 1, bytesRead: first.end + stream.bytesRead };
}

/** One line as JSON; a syntax error names the line and the column within it. */
function parseLine(text: string, line: number, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = locateJsonError(text);
    const where = at ? `${at.problem} at column ${at.column}` : (e as Error).message;
    throw new InputError(`${label}: line ${line} is not valid JSON: ${where}`);
  }
}
