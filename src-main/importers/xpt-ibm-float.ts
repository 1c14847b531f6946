/**
 * IBM System/370 hexadecimal floating point, the number format of SAS XPORT files (TS-140, "Numeric Data
 * Fields"), read into IEEE 754 doubles.
 *
 * An IBM double is 8 bytes: a sign bit, a 7-bit exponent in excess-64 notation giving a power of 16, and a
 * 56-bit fraction 0.f (no hidden bit): value = (-1)^sign × 0.f × 16^(exponent − 64). A SAS numeric of length
 * n < 8 keeps only the first n bytes; the dropped bytes of the fraction count as zeros.
 *
 * Every IBM value is inside the range of a double (16^-65 = 2^-260 ≤ |value| < 16^63 = 2^252, or zero), so
 * reading never underflows or overflows; only the fraction must be rounded, 56 bits to 53. Tiny numbers such
 * as 1e-300 cannot be written to XPORT at all: the writer (SAS, R's haven) turns them into 0 beforehand.
 *
 * SAS's missing values are not numbers: `.` , `._` and `.A`–`.Z` are stored as the byte '.', '_' or 'A'–'Z'
 * followed by zeros. As IBM numbers those patterns would read as zero with an odd exponent, which a writer
 * never produces for a real zero (all bytes 0), so they are unambiguous. They all become NaN.
 */

/** 2^k for k = -320..200, built by exact doubling and halving (Math.pow is not promised to be exact). */
const POW2_MIN = -320;
const POW2: Float64Array = (() => {
  const table = new Float64Array(521);
  table[-POW2_MIN] = 1;
  for (let k = 1; k <= 200; k++) table[-POW2_MIN + k] = table[-POW2_MIN + k - 1] * 2;
  for (let k = -1; k >= POW2_MIN; k--) table[-POW2_MIN + k] = table[-POW2_MIN + k + 1] / 2;
  return table;
})();

/** True when the first byte is '.', '_' or 'A'–'Z' and all others are zero: one of SAS's 28 missing values. */
export function isSasMissing(bytes: Uint8Array, offset: number, length: number): boolean {
  const first = bytes[offset];
  if (!(first === 0x2e || first === 0x5f || (first >= 0x41 && first <= 0x5a))) return false;
  for (let i = 1; i < length; i++) if (bytes[offset + i] !== 0) return false;
  return true;
}

/**
 * The IBM number in `bytes[offset .. offset + length)` (length 2–8) as a double, NaN for a SAS missing value.
 * The result is the double nearest the exact IBM value (ties to even), with a single rounding.
 */
export function ibmToDouble(bytes: Uint8Array, offset: number, length: number): number {
  if (isSasMissing(bytes, offset, length)) return NaN;
  const b = (i: number) => (i < length ? bytes[offset + i] : 0);
  // The fraction as the integer f = high·2^32 + low (56 bits). high·2^32 is exact (24 significant bits), so
  // the one addition below is the only rounding: the exact f rounded to 53 bits, as IEEE addition promises.
  const high = (b(1) << 16) | (b(2) << 8) | b(3);
  const low = ((b(4) << 24) >>> 0) + ((b(5) << 16) | (b(6) << 8) | b(7));
  const fraction = high * 4294967296 + low;
  // value = f · 2^-56 · 16^(e − 64) = f · 2^(4(e − 64) − 56); scaling by a power of two is exact here, since
  // the result stays far from the limits of a double.
  const exponent = (bytes[offset] & 0x7f) - 64;
  const value = fraction * POW2[4 * exponent - 56 - POW2_MIN];
  return bytes[offset] & 0x80 ? -value : value;
}
