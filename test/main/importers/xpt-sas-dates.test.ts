import { describe, expect, it } from "vitest";
import { sasDatetimeToIso, sasDateToIso, sasTimeToText, temporalKind } from "../../../src-main/importers/xpt-sas-dates.js";

// Day counts worked out by hand: 1960-01-01 to 2014-01-01 is 54 years holding 14 leap days (1960, 1964, ...,
// 2012), 54 × 365 + 14 = 19,724 days, so 2014-01-02 is day 19,725 (TRTSDT of subject 01-701-1015 in ADSL).
// R agrees: as.numeric(as.Date("2014-01-02") - as.Date("1960-01-01")) is 19725.

describe("SAS dates, datetimes and times as ISO 8601 text", () => {
  it("dates: days since 1960-01-01", () => {
    expect(sasDateToIso(0)).toBe("1960-01-01");
    expect(sasDateToIso(-1)).toBe("1959-12-31");
    expect(sasDateToIso(59)).toBe("1960-02-29"); // 1960 is a leap year: 31 + 28 days later is Feb 29
    expect(sasDateToIso(19_725)).toBe("2014-01-02");
    expect(sasDateToIso(-21_914)).toBe("1900-01-01"); // 60 years back, 14 leap days (1904..1956): 60·365 + 14
    // The ends of SAS's date range; day numbers from R: as.numeric(as.Date("9999-12-31") - as.Date("1960-01-01")).
    expect(sasDateToIso(2_936_549)).toBe("9999-12-31");
    expect(sasDateToIso(-137_774)).toBe("1582-10-15");
  });

  it("dates and datetimes agree with JavaScript's Date over ±30,000 years (an independent calendar)", () => {
    const epoch = Date.UTC(1960, 0, 1);
    for (let days = -11_000_000; days <= 11_000_000; days += 9_973) {
      const iso = new Date(epoch + days * 86_400_000).toISOString(); // "+012345-..." outside years 0–9999, as ours
      expect(sasDateToIso(days), String(days)).toBe(iso.slice(0, iso.indexOf("T")));
      const seconds = days * 86_400 + ((days * 7_919) % 86_400 + 86_400) % 86_400;
      const dt = new Date(epoch + seconds * 1000).toISOString();
      expect(sasDatetimeToIso(seconds), String(seconds)).toBe(dt.slice(0, dt.indexOf(".")));
    }
  });

  it("dates: a fractional day is its day; missing and non-finite values are null", () => {
    expect(sasDateToIso(19_725.99)).toBe("2014-01-02");
    expect(sasDateToIso(-0.5)).toBe("1959-12-31");
    expect(sasDateToIso(NaN)).toBeNull();
    expect(sasDateToIso(Infinity)).toBeNull();
    expect(sasDateToIso(1e300)).toBeNull();
  });

  it("datetimes: seconds since 1960-01-01T00:00:00, fractional seconds only when not zero", () => {
    expect(sasDatetimeToIso(0)).toBe("1960-01-01T00:00:00");
    expect(sasDatetimeToIso(-1)).toBe("1959-12-31T23:59:59");
    expect(sasDatetimeToIso(19_725 * 86_400 + 30_600)).toBe("2014-01-02T08:30:00"); // 8:30 = 30,600 s
    expect(sasDatetimeToIso(1.5)).toBe("1960-01-01T00:00:01.5");
    expect(sasDatetimeToIso(0.125)).toBe("1960-01-01T00:00:00.125");
    expect(sasDatetimeToIso(59.9996)).toBe("1960-01-01T00:01:00"); // rounded to the millisecond
    expect(sasDatetimeToIso(NaN)).toBeNull();
  });

  it("times: seconds since midnight, past 24 hours and negative as SAS's TIME format shows them", () => {
    expect(sasTimeToText(0)).toBe("00:00:00");
    expect(sasTimeToText(30_600)).toBe("08:30:00");
    expect(sasTimeToText(86_399)).toBe("23:59:59");
    expect(sasTimeToText(12.25)).toBe("00:00:12.25");
    expect(sasTimeToText(90_000)).toBe("25:00:00");
    expect(sasTimeToText(-3_600)).toBe("-01:00:00");
    expect(sasTimeToText(-0)).toBe("00:00:00");
    expect(sasTimeToText(NaN)).toBeNull();
  });

  it("recognises date, datetime and time formats by name", () => {
    for (const name of ["DATE", "date", "YYMMDD", "YYMMDDS", "MMDDYY", "DDMMYY", "E8601DA", "IS8601DA", "WORDDATE", "MONYY", "YYQ", "JULIAN"]) {
      expect(temporalKind(name), name).toBe("date");
    }
    for (const name of ["DATETIME", "E8601DT", "IS8601DT", "DTDATE", "B8601DN"]) expect(temporalKind(name), name).toBe("datetime");
    for (const name of ["TIME", "TOD", "E8601TM", "HHMM"]) expect(temporalKind(name), name).toBe("time");
    for (const name of ["", "BEST", "F", "COMMA", "$CHAR", "$", "Z", "PERCENT", "DATEX"]) expect(temporalKind(name), name).toBeNull();
  });
});
