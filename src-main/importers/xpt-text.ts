/**
 * Text in an XPORT file: names, labels and character values, padded on the right with blanks.
 *
 * The XPORT header records have no field for an encoding, so each value is decoded by itself: ASCII
 * as is, otherwise UTF-8 when the bytes are valid UTF-8, else Windows-1252 (Latin-1), the encoding of SAS
 * sessions on Windows. Deciding per value rather than per file lets rows go out as they are read, and costs
 * little: Latin-1 text that happens to be valid UTF-8 (such as "Ã©") does not occur in practice.
 */

import { decodeWindows1252 } from "../io/windows-1252.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The text in bytes[start, end) without trailing blanks (and NULs, which some writers pad with). */
export function sasText(bytes: Buffer, start: number, end: number): string {
  while (end > start && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0)) end--;
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (bytes[i] >= 0x80) { ascii = false; break; }
  }
  if (ascii) return bytes.toString("latin1", start, end); // the fast path (CDISC data are ASCII), native
  const view = bytes.subarray(start, end);
  try {
    return utf8.decode(view);
  } catch {
    return decodeWindows1252(view);
  }
}

/** Like sasText, null when nothing is left: SAS's missing character value is all blanks. */
export function sasTextOrNull(bytes: Buffer, start: number, end: number): string | null {
  const text = sasText(bytes, start, end);
  return text === "" ? null : text;
}
