/**
 * Decoding Windows-1252 (the "Latin-1" of SAS and Excel exports on Windows).
 *
 * Written out because Node 20's TextDecoder("windows-1252") decodes bytes 0x80–0x9F as Latin-1 control
 * characters (0x80 as U+0080, not "€"). The rest is Latin-1 (byte = code point); the five bytes Windows-1252
 * leaves undefined keep their Latin-1 meaning, as the WHATWG table does. A single-byte encoding needs no
 * state between pieces, so a file can be decoded piece by piece.
 */
const CP1252_80_9F = "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f"
  + "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]);
}
