import { open, type FileHandle } from "node:fs/promises";
import { InputError, fileError } from "../errors.js";
import { BATCH_ROWS, type ReadProgress, type RowBatch, type SourceTable } from "./table.js";
import { xptColumn, type XptColumn } from "./xpt-columns.js";
import { WindowedFile, readFully } from "./xpt-file.js";
import { RECORD, memberHeaderStart, padded, readLibrary, readMember, type XptMember, type XptVersion } from "./xpt-header.js";

/**
 * SAS XPORT transport files (.xpt), version 5 (TS-140, the format of FDA submissions) and version 8/9 (long
 * names, labels and formats), read by hand: see xpt-header.ts for the header records, xpt-ibm-float.ts for
 * the numbers, xpt-sas-dates.ts for dates, xpt-text.ts for text and xpt-columns.ts for the columns.
 *
 * - Members: a file may hold several datasets. All are listed at open (`options.members`, "A,B", present only
 *   when there are several); the first is read unless `member` names another (case-insensitively).
 * - Where a member's data end: at the next MEMBER header record (always at a multiple of 80 bytes) or at the
 *   end of the file. Finding that means one pass over the file at open, a window at a time; the pass is not
 *   reported as progress, which counts the reading of the rows only.
 * - How many rows: the number the OBSV8 header states, when SAS wrote one. Otherwise (v5, and v8 files from
 *   other writers, which write zeros) it follows from the data's length: whole observations, less those at the
 *   end that are all blanks and start inside the last 80-byte record, because the writer pads that record
 *   with blanks. A genuine all-blank observation there (every value a blank character, which needs a member
 *   of character variables only and rows under 80 bytes) is indistinguishable from padding and is dropped
 *   too; a stated OBSV8 count keeps it.
 * - Truncation: data that stop partway through an observation (bytes after the last whole row that are not
 *   blank padding), partway through an 80-byte record, or short of the rows OBSV8 states, are reported as
 *   a truncated file. A v5 file cut exactly at a row that ends on a record boundary cannot be told from a
 *   complete one.
 */
export interface XptOptions {
  /** The member (dataset) to read; the first when omitted. */
  readonly member?: string;
}

/** Upper bound on one batch's bytes, for members whose rows are long (v8 character values reach 32 KiB). */
const BATCH_BYTES = 16 << 20;

export async function openXpt(path: string, onProgress?: ReadProgress, options: XptOptions = {}): Promise<SourceTable> {
  const label = `data file "${path}"`;
  let file: WindowedFile;
  try {
    file = await WindowedFile.open(path);
  } catch (e) {
    fileError(e, "data file", path);
  }
  try {
    if (file.size === 0) throw new InputError(`${label} is empty`);
    const library = await readLibrary(file, label);
    const members = await readMembers(file, library.version, label);
    const { member, end } = chooseMember(members, options.member, label);
    const rows = await countRows(file, member, end, label);
    const columns = member.variables.map(xptColumn);
    const names = members.map((m) => m.member.name);
    return {
      format: "xpt",
      columns: columns.map((c) => c.source),
      options: {
        version: library.version,
        member: member.name,
        memberLabel: member.label,
        created: member.created || library.created,
        sasVersion: library.sasVersion,
        os: library.os,
        ...(names.length > 1 ? { members: names.join(",") } : {}),
      },
      batches: () => readRows(path, label, member, rows, columns, file.size, onProgress),
    };
  } finally {
    await file.close();
  }
}

interface MemberExtent {
  readonly member: XptMember;
  /** Offset just past the member's data: the next member's header, or the end of the file. */
  readonly end: number;
}

async function readMembers(file: WindowedFile, version: XptVersion, label: string): Promise<MemberExtent[]> {
  const members: MemberExtent[] = [];
  for (let offset = 3 * RECORD; offset < file.size;) {
    const member = await readMember(file, offset, version, members.length + 1, label);
    const end = await nextMemberHeader(file, member.dataStart, version);
    members.push({ member, end });
    offset = end;
  }
  if (members.length === 0) throw new InputError(`${label} holds no datasets (the library header is all there is)`);
  return members;
}

/** The offset of the first MEMBER header record at or after `from` (80-byte aligned), or the file's size. */
async function nextMemberHeader(file: WindowedFile, from: number, version: XptVersion): Promise<number> {
  const marker = memberHeaderStart(version);
  for (let start = from; start < file.size; start += WindowedFile.WINDOW) {
    const window = await file.bytes(start, WindowedFile.WINDOW);
    for (let at = 0; at + marker.length <= window.length; at += RECORD) {
      if (window[at] === marker[0] && startsWith(window, at, marker)) return start + at;
    }
  }
  return file.size;
}

function chooseMember(members: readonly MemberExtent[], wanted: string | undefined, label: string): MemberExtent {
  if (wanted === undefined) return members[0];
  const found = members.find((m) => m.member.name === wanted) ?? members.find((m) => m.member.name.toUpperCase() === wanted.toUpperCase());
  if (!found) throw new InputError(`${label} has no member "${wanted}"; its members are ${members.map((m) => m.member.name).join(", ")}`);
  return found;
}

/** The member's number of rows; see the rules above. */
async function countRows(file: WindowedFile, member: XptMember, end: number, label: string): Promise<number> {
  const L = member.rowLength;
  const D = end - member.dataStart;
  const whole = Math.floor(D / L);
  const where = `member "${member.name}"`;
  if (member.declaredRows !== null) {
    if (member.declaredRows > whole) throw new InputError(`${label} is truncated: ${where} declares ${member.declaredRows} rows but the file holds only ${whole}`);
    return member.declaredRows;
  }
  // Only the last record and the row before it can hold padding or a partial row.
  const tailStart = Math.max(0, D - RECORD - L);
  const tail = new Uint8Array(await file.bytes(member.dataStart + tailStart, D - tailStart));
  const blank = (from: number, to: number) => tail.subarray(from - tailStart, to - tailStart).every((b) => b === 0x20);
  if (!blank(whole * L, D)) throw new InputError(`${label} is truncated: ${where} ends partway through row ${whole + 1} (${D - whole * L} of its ${L} bytes)`);
  // The padding (under 80 bytes) fills the last record after the last row, so a blank row that starts inside
  // the last record may be padding; one that starts at or before the record's first byte cannot be.
  const lastRecord = padded(D) - RECORD;
  let rows = whole;
  while (rows > 0 && (rows - 1) * L > lastRecord && blank((rows - 1) * L, rows * L)) rows--;
  if (D % RECORD !== 0) throw new InputError(`${label} is truncated: the file ends partway through an 80-byte record, after row ${rows} of ${where}`);
  return rows;
}

async function* readRows(path: string, label: string, member: XptMember, rows: number, columns: readonly XptColumn[], size: number, onProgress?: ReadProgress): AsyncGenerator<RowBatch> {
  const L = member.rowLength;
  const perBatch = Math.max(1, Math.min(BATCH_ROWS, Math.floor(BATCH_BYTES / L)));
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (e) {
    fileError(e, "data file", path);
  }
  try {
    const buffer = Buffer.allocUnsafe(Math.min(perBatch, rows) * L);
    for (let done = 0; done < rows;) {
      const n = Math.min(perBatch, rows - done);
      const data = buffer.subarray(0, n * L);
      const position = member.dataStart + done * L;
      if ((await readFully(handle, data, position)) < data.length) {
        throw new InputError(`${label} is truncated: it became shorter while being read, in row ${done + 1} of member "${member.name}"`);
      }
      done += n;
      yield { rows: n, columns: columns.map((c) => c.read(data, n, L)) };
      onProgress?.(position + n * L, size);
    }
    onProgress?.(size, size);
  } finally {
    await handle.close();
  }
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}
