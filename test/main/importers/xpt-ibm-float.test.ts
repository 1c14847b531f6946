import { describe, expect, it } from "vitest";
import { ibmToDouble, isSasMissing } from "../../../src-main/importers/xpt-ibm-float.js";

// Expected values worked out by hand from the definition in TS-140: an IBM double is a sign bit, a 7-bit
// exponent e (excess 64, a power of 16) and a 56-bit fraction f read as 0.f in hexadecimal:
// value = ±0.f × 16^(e − 64). The expected doubles are written as exact powers of two or as literals whose
// double is shown to be the nearest to the IBM value, not computed with the code under test.

/** The IBM number in a string of hex digits (2 to 8 bytes). */
function ibm(hex: string): number {
  const bytes = Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
  return ibmToDouble(bytes, 0, bytes.length);
}

describe("ibmToDouble", () => {
  it("reads simple numbers", () => {
    expect(ibm("4110000000000000")).toBe(1); // 0.1 (hex) × 16^1 = 1/16 × 16
    expect(ibm("C110000000000000")).toBe(-1); // the same with the sign bit
    expect(ibm("4120000000000000")).toBe(2);
    expect(ibm("4264000000000000")).toBe(100); // 0x64 = 100: 0.64 (hex) × 16^2 = 100
    expect(ibm("4118000000000000")).toBe(1.5); // 0.18 (hex) × 16 = 1.8 (hex) = 1.5
    expect(ibm("C23E800000000000")).toBe(-62.5); // -0.3E8 (hex) × 16^2 = -3E.8 (hex) = -62.5
    expect(ibm("0000000000000000")).toBe(0);
  });

  it("reads 0.1 as the double 0.1", () => {
    // 0.1 = 0.1999... (hex); rounded to 14 hex digits the fraction is 0x1999999999999A, 53 significant bits,
    // and 0x1999999999999A × 2^-56 is exactly the double 0.1 (0x3FB999999999999A = 1.999999999999A × 2^-4).
    expect(ibm("401999999999999A")).toBe(0.1);
    expect(ibm("401999999999999A")).toBe(0x1999999999999a * 2 ** -56);
  });

  it("reads numbers cut to fewer than 8 bytes, the missing bytes being zeros", () => {
    expect(ibm("4110")).toBe(1); // length 2
    expect(ibm("426400")).toBe(100); // length 3
    // 0.1 in 4 bytes: 0.199999 (hex) = 0x199999 / 2^24 = 1677721 / 16777216
    expect(ibm("40199999")).toBe(1677721 / 16777216);
    expect(ibm("40199999")).toBe(0.09999996423721313);
  });

  it("reads the extremes of the IBM range", () => {
    // The largest: 0.FFFFFFFFFFFFFF (hex) × 16^63 = (1 − 2^-56) × 2^252 = 2^252 − 2^196. The doubles just
    // below 2^252 are 2^199 apart, so its nearest double is 2^252 (≈ 7.237e75).
    expect(ibm("7FFFFFFFFFFFFFFF")).toBe(2 ** 252);
    expect(ibm("FFFFFFFFFFFFFFFF")).toBe(-(2 ** 252));
    // The smallest normalised: 0.1 (hex) × 16^-64 = 16^-65 = 2^-260 ≈ 5.4e-79, a normal double, so no
    // underflow: IBM numbers never go below a double's range (1e-300 cannot be written to XPORT at all).
    expect(ibm("0010000000000000")).toBe(2 ** -260);
    // The smallest unnormalised: 2^-56 × 16^-64 = 2^-312.
    expect(ibm("0000000000000001")).toBe(2 ** -312);
    expect(2 ** -312).toBeGreaterThan(0);
  });

  it("rounds the 56-bit fraction to 53 bits once, to nearest, ties to even", () => {
    // 0.FFFFFFFFFFFFFF (hex) = 1 − 2^-56: the doubles around it are 1 − 2^-53 and 1; it is nearer 1.
    expect(ibm("40FFFFFFFFFFFFFF")).toBe(1);
    // 0.20000000000001 (hex) × 16 = 2 + 2^-52: exactly halfway between 2 and 2 + 2^-51 (the doubles there are
    // 2^-51 apart); the tie goes to the even significand, 2.
    expect(ibm("4120000000000001")).toBe(2);
    // 2 + 3·2^-52 lies halfway between 2 + 2^-51 (odd significand) and 2 + 2^-50 (even): 2 + 2^-50.
    expect(ibm("4120000000000003")).toBe(2 + 2 ** -50);
    // 2 + 2^-51 is a double: no rounding.
    expect(ibm("4120000000000002")).toBe(2 + 2 ** -51);
  });

  it("reads SAS's 28 missing values as NaN", () => {
    for (const first of [".", "_", ..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"]) {
      const hex = first.charCodeAt(0).toString(16).toUpperCase() + "00000000000000";
      expect(ibm(hex), first).toBeNaN();
      expect(ibm(hex.slice(0, 6)), `${first} in 3 bytes`).toBeNaN();
    }
  });

  it("does not take numbers with a missing-like first byte for missing values", () => {
    // 0x41 is the exponent byte of numbers in [1/16, 1) × 16 as well as 'A'; 0x2E ('.') of tiny numbers.
    expect(isSasMissing(Uint8Array.of(0x41, 0x10, 0, 0, 0, 0, 0, 0), 0, 8)).toBe(false);
    expect(ibm("2E00000000000001")).toBe(2 ** (4 * (0x2e - 64) - 56)); // 2^-56 × 16^-18 = 2^-128
    expect(ibm("5A00000000000000")).toBeNaN(); // .Z
    expect(ibm("6000000000000000")).toBe(0); // an unnormalised zero with exponent 32 is not a missing value
  });

  it("reads at an offset within a buffer", () => {
    const row = Uint8Array.of(0x20, 0x20, 0x42, 0x64, 0, 0, 0, 0, 0, 0, 0x20);
    expect(ibmToDouble(row, 2, 8)).toBe(100);
  });
});
