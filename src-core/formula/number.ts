/**
 * Formats a number the way R's as.character() and deparse() do: up to 15 significant digits, and fixed
 * notation unless scientific notation is shorter (100000 → "1e+05", 0.0001 → "1e-04", 0.1 + 0.2 → "0.3").
 * Used for coefficient names of numeric factor levels and for term labels such as "I(x^2)".
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Inf" : "-Inf";
  if (x === 0) return "0";
  const target = Number(x.toPrecision(15));
  let digits = 1;
  while (digits < 15 && Number(x.toPrecision(digits)) !== target) digits++;
  const sign = x < 0 ? "-" : "";
  const [mant, expText] = Math.abs(target).toExponential(digits - 1).split("e");
  const exp = Number(expText);
  const sig = mant.replace(".", "");
  let fixed: string;
  if (exp >= 0) {
    fixed = sig.length <= exp + 1 ? sig + "0".repeat(exp + 1 - sig.length) : `${sig.slice(0, exp + 1)}.${sig.slice(exp + 1)}`;
  } else {
    fixed = `0.${"0".repeat(-exp - 1)}${sig}`;
  }
  const absExp = Math.abs(exp);
  const sci = `${mant}e${exp < 0 ? "-" : "+"}${absExp < 10 ? "0" : ""}${absExp}`;
  if (fixed.length > sci.length) return sign + sci;
  // R prints a large whole number in fixed notation with all its digits (as sprintf("%.0f") does).
  return sign + (exp >= 15 && Number.isInteger(x) ? BigInt(Math.abs(x)).toString() : fixed);
}
