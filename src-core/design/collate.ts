/**
 * Sort order for character factor levels: the order R gives with its default ICU ("root") collation, for
 * ASCII text. Compared character by character: punctuation and space first (in the ICU order below), then
 * digits, then letters ignoring case; ties are broken by case (lower case first), then by code units.
 * So "VIS1" < "VIS10" < "VIS2", "a b" < "a-b" < "ab", "b" < "B" < "Black". Characters outside ASCII sort after
 * all ASCII characters, by code point. Deterministic and independent of the host's locale.
 */
const PUNCTUATION = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

function primary(code: number): number {
  if (code >= 48 && code <= 57) return 100 + code - 48;
  if (code >= 65 && code <= 90) return 200 + code - 65;
  if (code >= 97 && code <= 122) return 200 + code - 97;
  if (code < 128) {
    const i = PUNCTUATION.indexOf(String.fromCharCode(code));
    return i >= 0 ? 10 + i : code;
  }
  return 1000 + code;
}

/** Compares two strings in R's default (ICU root) order for ASCII text; see the file comment. */
export function compareLevels(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = primary(a.charCodeAt(i)) - primary(b.charCodeAt(i));
    if (d !== 0) return d;
  }
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      const lowerA = ca >= 97 && ca <= 122;
      const lowerB = cb >= 97 && cb <= 122;
      if (lowerA !== lowerB) return lowerA ? -1 : 1;
      return ca - cb;
    }
  }
  return 0;
}
