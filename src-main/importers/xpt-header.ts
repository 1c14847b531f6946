import { InputError } from "../errors.js";
import type { WindowedFile } from "./xpt-file.js";
import { sasText } from "./xpt-text.js";

/**
 * The header records of a SAS XPORT file, after SAS's record layouts for version 5/6 (TS-140) and version 8/9
 * transport files. Everything is in 80-byte records; a header record reads
 * `HEADER RECORD*******<kind>  HEADER RECORD!!!!!!!<30 characters of fields>  `, with kind
 *
 *   v5        v8
 *   LIBRARY   LIBV8     the library: then two records (SAS version, OS, created, modified)
 *   MEMBER    MEMBV8    a member (dataset) starts; fields end with the namestr size, 140 (136 on VAX/VMS)
 *   DSCRPTR   DSCPTV8   then two records: dataset name (8 characters, 32 in v8), created, label, type
 *   NAMESTR   NAMSTV8   fields hold the number of variables; then one namestr per variable, padded to 80
 *   -         LABELV8   optional: long names and labels (LABELV9: also long format names)
 *   OBS       OBSV8     the observations follow, up to the next MEMBER header or the end of the file;
 *                       SAS writes the number of observations into the OBSV8 fields, other writers zeros
 *
 * All integers are big-endian.
 */

export type XptVersion = 5 | 8;

export interface XptLibrary {
  readonly version: XptVersion;
  readonly sasVersion: string;
  readonly os: string;
  readonly created: string;
}

/** One variable, from its namestr and, in v8, its long-name/label record. */
export interface XptVariable {
  readonly numeric: boolean;
  /** Bytes per value: 2–8 for numerics (IBM floats cut on the right), 1 or more for characters. */
  readonly length: number;
  /** Offset of the value within an observation. */
  readonly position: number;
  readonly name: string;
  readonly label: string | null;
  /** The format as SAS prints it ("DATE9.", "8.2", "$CHAR20."), null when none. */
  readonly format: string | null;
  /** The format's name alone ("DATE"), "" when none. */
  readonly formatName: string;
}

export interface XptMember {
  readonly name: string;
  readonly label: string | null;
  readonly created: string;
  readonly variables: readonly XptVariable[];
  /** Bytes per observation. */
  readonly rowLength: number;
  /** The number of observations stated in the OBSV8 header; null when not stated (v5, or zeros). */
  readonly declaredRows: number | null;
  /** Offset of the first observation. */
  readonly dataStart: number;
}

export const RECORD = 80;
const PREFIX = "HEADER RECORD*******";
const MIDDLE = "HEADER RECORD!!!!!!!";
const KINDS = {
  5: { library: "LIBRARY", member: "MEMBER", descriptor: "DSCRPTR", namestr: "NAMESTR", obs: "OBS" },
  8: { library: "LIBV8", member: "MEMBV8", descriptor: "DSCPTV8", namestr: "NAMSTV8", obs: "OBSV8" },
} as const;

/** The bytes that open the first record of a member, for finding where the previous member's data end. */
export function memberHeaderStart(version: XptVersion): Uint8Array {
  return ascii(`${PREFIX}${KINDS[version].member.padEnd(8)}${MIDDLE}`);
}

/** Reads the three library records at the start of the file. */
export async function readLibrary(file: WindowedFile, label: string): Promise<XptLibrary> {
  const head = await file.bytes(0, 3 * RECORD);
  const first = latin1(head.subarray(0, RECORD));
  const version: XptVersion | null = first.startsWith(libraryStart(5)) ? 5 : first.startsWith(libraryStart(8)) ? 8 : null;
  if (version === null) {
    if (libraryStart(5).startsWith(first) || libraryStart(8).startsWith(first)) throw truncated(label, "inside the library header");
    if (first.startsWith("**COMPRESSED**")) throw new InputError(`${label} is a SAS CPORT file, not XPORT; in SAS, convert it with PROC CIMPORT and export it with the XPORT engine or xport macros`);
    throw new InputError(`${label} is not a SAS XPORT file (no "${libraryStart(5)}" at the start)`);
  }
  if (head.length < 3 * RECORD) throw truncated(label, "inside the library header");
  const real = head.subarray(RECORD, 2 * RECORD);
  return { version, sasVersion: sasText(real, 24, 32), os: sasText(real, 32, 40), created: sasText(real, 64, 80) };
}

/**
 * Reads the header of the member that starts at `offset`: its dataset, variables and where its observations
 * start. `ordinal` (1, 2...) names the member in messages until its name is known.
 */
export async function readMember(file: WindowedFile, offset: number, version: XptVersion, ordinal: number, label: string): Promise<XptMember> {
  const kinds = KINDS[version];
  let where = `member ${ordinal}`;
  const records = new RecordCursor(file, offset, label, () => where);

  const member = await records.header(kinds.member);
  const namestrLength = int(member, 74, 78);
  if (namestrLength !== 140 && namestrLength !== 136) {
    throw invalid(label, `${where} declares variable descriptors of ${namestrLength} bytes (140 expected)`);
  }
  await records.header(kinds.descriptor);
  const dataset = await records.take(2 * RECORD);
  const name = sasText(dataset, 8, version === 5 ? 16 : 40);
  where = `member "${name}"`;
  const created = sasText(dataset, 64, 80);
  const datasetLabel = sasText(dataset, RECORD + 32, RECORD + 72) || null;

  const count = int(await records.header(kinds.namestr), 54, 58);
  if (count === 0) throw invalid(label, `${where} has no variables`);
  const namestrs = await records.take(padded(count * namestrLength));
  const variables = Array.from({ length: count }, (_, i) => readNamestr(namestrs.subarray(i * namestrLength, (i + 1) * namestrLength), version));

  let next = await records.take(RECORD);
  for (;;) {
    const kind = headerKind(next);
    if (kind !== "LABELV8" && kind !== "LABELV9") break;
    await readLongNames(records, leadingInt(next, 48, 53), kind === "LABELV9", variables, where, label);
    next = await records.take(RECORD);
  }
  if (headerKind(next) !== kinds.obs) throw invalid(label, `expected the ${kinds.obs} header record of ${where} at byte ${records.offset - RECORD}`);
  const declared = version === 8 ? leadingInt(next, 48, 63) : 0;

  return {
    name, label: datasetLabel, created, dataStart: records.offset,
    rowLength: Math.max(...variables.map((v) => v.position + v.length)),
    declaredRows: declared > 0 ? declared : null,
    variables: variables.map((v) => checked(v, where, label)),
  };
}

/** A namestr as read, before a LABELV8/LABELV9 record may replace its name, label and format. */
interface RawVariable {
  readonly type: number;
  readonly length: number;
  readonly varnum: number;
  readonly position: number;
  name: string;
  label: string | null;
  readonly formatName: string;
  readonly formatWidth: number;
  readonly formatDecimals: number;
  longFormat: string | null;
}

/** One namestr: type, length, number, name, label, format, position (and in v8 the long name). */
function readNamestr(n: Buffer, version: XptVersion): RawVariable {
  const longName = version === 8 && n.length >= 120 ? sasText(n, 88, 120) : "";
  return {
    type: short(n, 0),
    length: short(n, 4),
    varnum: short(n, 6),
    name: longName || sasText(n, 8, 16),
    label: sasText(n, 16, 56) || null,
    formatName: sasText(n, 56, 64),
    formatWidth: short(n, 64),
    formatDecimals: short(n, 66),
    longFormat: null,
    position: short(n, 84) * 65536 + short(n, 86),
  };
}

/**
 * The LABELV8 / LABELV9 records: for each of `count` variables its number, then the lengths and text of its
 * name and label (LABELV9 also of its format and informat), packed without gaps and padded to 80 at the end.
 */
async function readLongNames(records: RecordCursor, count: number, withFormats: boolean, variables: RawVariable[], where: string, label: string): Promise<void> {
  let used = 0;
  for (let i = 0; i < count; i++) {
    const head = await records.take(withFormats ? 10 : 6);
    const [varnum, nameLength, labelLength, formatLength, informatLength] = [0, 2, 4, 6, 8].map((at) => (at < head.length ? short(head, at) : 0));
    const variable = variables.find((v) => v.varnum === varnum);
    if (!variable) throw invalid(label, `${where} has a long label for variable ${varnum}, which it does not have`);
    const text = await records.take(nameLength + labelLength + formatLength + informatLength);
    variable.name = sasText(text, 0, nameLength) || variable.name;
    variable.label = sasText(text, nameLength, nameLength + labelLength) || null;
    if (formatLength > 0) variable.longFormat = sasText(text, nameLength + labelLength, nameLength + labelLength + formatLength);
    used += head.length + text.length;
  }
  await records.take(padded(used) - used);
}

/** The variable as the reader uses it, after checks that keep a damaged namestr from misreading the data. */
function checked(v: RawVariable, where: string, label: string): XptVariable {
  if (v.type !== 1 && v.type !== 2) throw invalid(label, `variable "${v.name}" of ${where} has type ${v.type} (1, numeric, or 2, character, expected)`);
  const numeric = v.type === 1;
  if (numeric ? v.length < 2 || v.length > 8 : v.length < 1) {
    throw invalid(label, `${numeric ? "numeric" : "character"} variable "${v.name}" of ${where} has length ${v.length}${numeric ? " (2 to 8 bytes expected)" : ""}`);
  }
  const format = formatText(v.formatName, v.formatWidth, v.formatDecimals, v.longFormat);
  return {
    numeric, length: v.length, position: v.position, name: v.name, label: v.label, format,
    formatName: v.longFormat === null ? v.formatName : formatNameOf(format),
  };
}

/** The format as SAS prints it: name, width, ".", decimals ("DATE9.", "8.2", "$CHAR20.", "DATE." for width 0). */
function formatText(name: string, width: number, decimals: number, long: string | null): string | null {
  if (long !== null && long.includes(".")) return long; // LABELV9 may spell the whole format
  const full = long ?? name;
  if (full === "" && width === 0 && decimals === 0) return null;
  return `${full}${width > 0 ? width : ""}.${decimals > 0 ? decimals : ""}`;
}

/** The format name of a format as SAS prints it ("E8601DA10." → "E8601DA"); names never end in a digit. */
export function formatNameOf(format: string | null): string {
  return format?.match(/^(\$?[A-Za-z_][A-Za-z0-9_]*[A-Za-z_]|\$?[A-Za-z_]|\$)?\d*\.\d*$/)?.[1] ?? "";
}

/** Reads a member's header in file order, checking record kinds, failing as truncated at the end of the file. */
class RecordCursor {
  constructor(private readonly file: WindowedFile, public offset: number, private readonly label: string, private readonly where: () => string) {}

  /** The next `length` bytes, copied. */
  async take(length: number): Promise<Buffer> {
    const bytes = Buffer.from(await this.file.bytes(this.offset, length)); // a copy: the window moves on
    if (bytes.length < length) throw truncated(this.label, `inside the header of ${this.where()}`);
    this.offset += length;
    return bytes;
  }

  /** The next record, which must be a header record of the given kind. */
  async header(kind: string): Promise<Buffer> {
    const at = this.offset;
    const record = await this.take(RECORD);
    if (headerKind(record) !== kind) throw invalid(this.label, `expected the ${kind} header record of ${this.where()} at byte ${at}`);
    return record;
  }
}

/** The kind of a header record ("MEMBER", "OBSV8"...), null if the record is not a header record. */
function headerKind(record: Uint8Array): string | null {
  const text = latin1(record);
  if (!text.startsWith(PREFIX) || text.slice(28, 48) !== MIDDLE) return null;
  return text.slice(20, 28).trim();
}

function libraryStart(version: XptVersion): string {
  return `${PREFIX}${KINDS[version].library.padEnd(8)}HEADER RECORD`;
}

function truncated(label: string, where: string): InputError {
  return new InputError(`${label} is truncated: the file ends ${where}`);
}

function invalid(label: string, what: string): InputError {
  return new InputError(`${label} is not a valid SAS XPORT file: ${what}`);
}

/** Rounds a byte count up to whole 80-byte records. */
export function padded(bytes: number): number {
  return Math.ceil(bytes / RECORD) * RECORD;
}

function short(bytes: Uint8Array, at: number): number {
  return (bytes[at] << 8) | bytes[at + 1];
}

/** The decimal number in record characters [from, to), 0 when they hold none. */
function int(record: Uint8Array, from: number, to: number): number {
  return Number.parseInt(latin1(record.subarray(from, to)), 10) || 0;
}

/** The number in record characters [from, to), blanks around it allowed ("00005", "   12", "1    "). */
function leadingInt(record: Uint8Array, from: number, to: number): number {
  return Number.parseInt(latin1(record.subarray(from, to)).trim(), 10) || 0;
}

function latin1(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
