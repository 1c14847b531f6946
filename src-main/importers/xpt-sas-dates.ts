/**
 * SAS dates, datetimes and times. SAS stores them as plain numbers (days since 1960-01-01, seconds since
 * 1960-01-01T00:00:00, seconds since midnight); only the column's display format says which one a number is.
 * The XPT reader turns such columns into ISO 8601 text, as Dataset-JSON delivers them.
 *
 * Recognised formats, by name (width and decimals do not matter):
 * - dates: DATE, DAY, DDMMYY, MMDDYY, YYMMDD (and their B, C, D, N, P, S separator variants), DOWNAME,
 *   E8601DA, B8601DA, IS8601DA, EURDFDD, EURDFDE, EURDFMY, EURDFWKX, JULDAY, JULIAN, MMYY, MONNAME, MONTH,
 *   MONYY, NLDATE, QTR, QTRR, WEEKDATE, WEEKDATX, WEEKDAY, WORDDATE, WORDDATX, YEAR, YYMM, YYMON, YYQ, YYQR
 *   (and the separator variants of MMYY, YYMM, YYQ, YYQR);
 * - datetimes: DATETIME, DATEAMPM, DTDATE, DTMONYY, DTWKDATX, DTYEAR, DTYYQC, MDYAMPM, E8601DT, B8601DT,
 *   IS8601DT, E8601DN, B8601DN, IS8601DN (the last three show the date part of a datetime value);
 * - times: TIME, TIMEAMPM, TOD, HHMM, HOUR, MMSS, E8601TM, B8601TM, IS8601TM.
 * Formats that show only a part of a date (YEAR, MONTH, QTR...) still hold a full date value, so the full date
 * is delivered. Any other format leaves the column numeric.
 */

/** What a SAS numeric column holds, according to its format. */
export type TemporalKind = "date" | "datetime" | "time";

/** The separator variants SAS defines for some date formats: blank, colon, dash, none, period, slash. */
const SEPARATED = (names: readonly string[]): string[] => names.flatMap((n) => [n, ...["B", "C", "D", "N", "P", "S"].map((s) => n + s)]);

const DATE_FORMATS = new Set([
  ...SEPARATED(["DDMMYY", "MMDDYY", "YYMMDD", "MMYY", "YYMM", "YYQ", "YYQR"]),
  "DATE", "DAY", "DOWNAME", "E8601DA", "B8601DA", "IS8601DA", "EURDFDD", "EURDFDE", "EURDFMY", "EURDFWKX",
  "JULDAY", "JULIAN", "MONNAME", "MONTH", "MONYY", "NLDATE", "QTR", "QTRR", "WEEKDATE", "WEEKDATX", "WEEKDAY",
  "WORDDATE", "WORDDATX", "YEAR", "YYMON",
]);
const DATETIME_FORMATS = new Set([
  "DATETIME", "DATEAMPM", "DTDATE", "DTMONYY", "DTWKDATX", "DTYEAR", "DTYYQC", "MDYAMPM",
  "E8601DT", "B8601DT", "IS8601DT", "E8601DN", "B8601DN", "IS8601DN",
]);
const TIME_FORMATS = new Set(["TIME", "TIMEAMPM", "TOD", "HHMM", "HOUR", "MMSS", "E8601TM", "B8601TM", "IS8601TM"]);

/** The kind of value a numeric column with this format name (no width, e.g. "DATE") holds; null for numbers. */
export function temporalKind(formatName: string): TemporalKind | null {
  const name = formatName.trim().toUpperCase();
  if (DATE_FORMATS.has(name)) return "date";
  if (DATETIME_FORMATS.has(name)) return "datetime";
  if (TIME_FORMATS.has(name)) return "time";
  return null;
}

const DAY_MS = 86_400_000;
/** Days from 1960-01-01 (SAS's day 0) to 1970-01-01: ten years and the leap days of 1960, 1964 and 1968. */
const SAS_TO_UNIX_DAYS = 3653;
/** About ±273,000 years, the range of a JavaScript Date; beyond it a value is not a date anyone meant. */
const LIMIT_DAYS = 1e8;

/**
 * Days since 1960-01-01 as "YYYY-MM-DD". A fractional day is cut to its day, as SAS's date formats do. Null
 * for NaN (missing) and for values beyond ±273,000 years.
 */
export function sasDateToIso(days: number): string | null {
  const day = Math.floor(days) - SAS_TO_UNIX_DAYS;
  if (!(Math.abs(day) <= LIMIT_DAYS)) return null;
  return civilDate(day);
}

/**
 * Seconds since 1960-01-01T00:00:00 as "YYYY-MM-DDThh:mm:ss", with fractional seconds (to the millisecond,
 * trailing zeros dropped) only when they are not zero. SAS datetimes carry no time zone, and none is added.
 */
export function sasDatetimeToIso(seconds: number): string | null {
  const ms = Math.round(seconds * 1000);
  const day = Math.floor(ms / DAY_MS);
  if (!(Math.abs(day - SAS_TO_UNIX_DAYS) <= LIMIT_DAYS)) return null;
  return `${civilDate(day - SAS_TO_UNIX_DAYS)}T${clock(ms - day * DAY_MS)}`;
}

/**
 * Seconds since midnight as "hh:mm:ss" (fractional seconds as for datetimes). Like SAS's TIME format, hours
 * go past 23 for durations of a day or more, and a negative value gets a leading "-".
 */
export function sasTimeToText(seconds: number): string | null {
  if (!Number.isFinite(seconds)) return null;
  const ms = Math.round(Math.abs(seconds) * 1000);
  return `${seconds < 0 && ms > 0 ? "-" : ""}${clock(ms)}`;
}

/**
 * The Gregorian date (proleptic, as SAS and ISO 8601 count) of a day number from 1970-01-01, as "YYYY-MM-DD";
 * years outside 0–9999 in ISO's expanded form "+012345"/"-000001". Counted by 400-year eras of 146,097
 * days with years starting on March 1, so that the leap day ends a year; cheaper than a Date per value.
 */
function civilDate(unixDay: number): string {
  const z = unixDay + 719_468; // days from 0000-03-01
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153); // month counted from March = 0
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const yyyy = year >= 0 && year <= 9999 ? String(year).padStart(4, "0") : `${year < 0 ? "-" : "+"}${String(Math.abs(year)).padStart(6, "0")}`;
  return `${yyyy}-${two(month)}-${two(day)}`;
}

/** Milliseconds as "hh:mm:ss" or "hh:mm:ss.fff" with trailing zeros of the fraction dropped. */
function clock(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  const milli = ms % 1000;
  const fraction = milli === 0 ? "" : `.${String(milli).padStart(3, "0").replace(/0+$/, "")}`;
  return `${two(hours)}:${two(minutes)}:${two(seconds)}${fraction}`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
