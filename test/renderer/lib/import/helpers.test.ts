import { describe, expect, it } from "vitest";
import { emptyRoles } from "../../../../src-core/data/roles.js";
import { bytes, count, dateTime, formatName, missingRoles, plural, progressFraction, progressText, roleList, uploadNamed } from "../../../../src-renderer/lib/import/describe.js";
import { delimiterName, optionsFor, withOption, withType } from "../../../../src-renderer/lib/import/options.js";
import { filterCandidates, roleNote, setRole, toggleFilter } from "../../../../src-renderer/lib/import/roles-edit.js";
import { parseNaStrings, studyNameProblem } from "../../../../src-renderer/lib/import/validate.js";
import type { FilePreview } from "../../../../src-main/api/contract.js";

describe("describe", () => {
  it("writes counts, sizes and times plainly", () => {
    expect(count(1234567)).toBe("1,234,567");
    expect(plural(1, "row")).toBe("1 row");
    expect(plural(12000, "row")).toBe("12,000 rows");
    expect(bytes(512)).toBe("512 B");
    expect(bytes(1536)).toBe("1.5 KB");
    expect(bytes(25 * 1024 * 1024)).toBe("25 MB");
    expect(dateTime(new Date(2025, 2, 4, 9, 5).toISOString())).toBe("2025-03-04 09:05");
    expect(dateTime(new Date(2025, 2, 4, 9, 5, 7).toISOString(), true)).toBe("2025-03-04 09:05:07");
    expect(dateTime("yesterday")).toBe("yesterday");
    expect(formatName("xpt")).toBe("SAS XPORT");
    expect(formatName("dataset-json")).toBe("CDISC Dataset-JSON");
    expect(formatName("odd")).toBe("odd");
  });

  it("says what an import is doing and how far it is", () => {
    expect(progressText({ stage: "hash", bytesRead: 1024, totalBytes: 4096, rows: 0 })).toBe("Computing the file's SHA-256 fingerprint: 1.0 KB of 4.0 KB");
    expect(progressText({ stage: "read", bytesRead: 2048, totalBytes: 4096, rows: 12000 })).toBe("Reading rows: 2.0 KB of 4.0 KB, 12,000 rows");
    expect(progressText({ stage: "check", bytesRead: 0, totalBytes: 0, rows: 1 })).toBe("Checking the data: 1 row");
    expect(progressFraction({ stage: "read", bytesRead: 1, totalBytes: 4, rows: 0 })).toBe(0.25);
    expect(progressFraction({ stage: "check", bytesRead: 0, totalBytes: 0, rows: 0 })).toBeNull();
  });

  it("names the needed roles that are not set", () => {
    const roles = { ...emptyRoles(), subject: "USUBJID", visit: "AVISIT" };
    expect(missingRoles(roles)).toEqual(["arm", "outcome"]);
    expect(roleList(["arm", "outcome"])).toBe("Treatment arm and Outcome");
    expect(roleList(["subject", "visit", "arm"])).toBe("Subject, Visit and Treatment arm");
  });
});

describe("import options", () => {
  it("keeps a type override only where it differs from the inferred type", () => {
    const a = withType({ delimiter: ";" }, "SITEID", "character", "numeric");
    expect(a).toEqual({ delimiter: ";", types: { SITEID: "character" } });
    expect(withType(a, "SITEID", "numeric", "numeric")).toEqual({ delimiter: ";" });
  });

  it("sets and clears a read option", () => {
    expect(withOption({ delimiter: ";" }, "encoding", "windows-1252")).toEqual({ delimiter: ";", encoding: "windows-1252" });
    expect(withOption({ delimiter: ";" }, "delimiter", undefined)).toEqual({});
  });

  it("offers the options each format reads", () => {
    const preview = (format: string, sheets?: string[]): FilePreview => ({ name: "x", format, size: 1, readOptions: {}, rows: 1, columnInfo: [], head: [], mapping: emptyRoles(), ...(sheets ? { sheets } : {}) });
    expect(optionsFor(preview("csv"))).toEqual({ delimited: true, sheets: [], naStrings: true });
    expect(optionsFor(preview("xlsx", ["Data", "Notes"]))).toEqual({ delimited: false, sheets: ["Data", "Notes"], naStrings: true });
    expect(optionsFor(preview("xpt"))).toEqual({ delimited: false, sheets: [], naStrings: false });
    expect(delimiterName("\t")).toBe("Tab");
    expect(delimiterName("#")).toBe('"#"');
  });
});

describe("role editing", () => {
  it("sets a role and keeps filters in the dataset's column order", () => {
    const r = setRole(emptyRoles(), "outcome", "CHG");
    expect(r.outcome).toBe("CHG");
    const order = ["USUBJID", "ITTFL", "EFFFL", "DTYPE"];
    const f = toggleFilter(toggleFilter(r, "DTYPE", true, order), "ITTFL", true, order);
    expect(f.filters).toEqual(["ITTFL", "DTYPE"]);
    expect(toggleFilter(f, "DTYPE", false, order).filters).toEqual(["ITTFL"]);
  });

  it("offers flag columns and chosen ones as filters", () => {
    expect(filterCandidates(["USUBJID", "SAFFL", "AVAL", "DTYPE", "ANL01FN", "SITEID"], ["SITEID"])).toEqual(["SAFFL", "DTYPE", "ANL01FN", "SITEID"]);
  });

  it("gives the import's reason while a role holds its suggestion, else the suggestion", () => {
    const suggested = { ...emptyRoles(), outcome: "AVAL" };
    const reasons = { outcome: 'ADaM BDS name AVAL: "Analysis Value"' };
    expect(roleNote("outcome", "AVAL", suggested, reasons)).toBe('ADaM BDS name AVAL: "Analysis Value"');
    expect(roleNote("outcome", "CHG", suggested, reasons)).toBe("suggested: AVAL");
    expect(roleNote("site", "SITEID", suggested, reasons)).toBeNull();
  });
});

describe("validation", () => {
  it("wants a study name that is not taken", () => {
    expect(studyNameProblem("   ", [])).toBe("Enter a name for the study.");
    expect(studyNameProblem(" ABC-123 ", ["ABC-123"])).toBe('A study named "ABC-123" already exists; open it, or choose another name.');
    expect(studyNameProblem("ABC-124", ["ABC-123"])).toBeNull();
  });

  it("reads missing-value strings from a comma-separated list", () => {
    expect(parseNaStrings(" NA, ., ,-99, NA")).toEqual(["NA", ".", "-99"]);
    expect(parseNaStrings("")).toEqual([]);
  });
});

describe("uploadNamed", () => {
  it("names the uploaded file as the user knows it, wherever the host stored it", () => {
    const stored = "/home/u/.config/Longitude/uploads/20261121-ab12/broken.xpt";
    // the XPORT reader's message (src-main/importers/xpt-header.ts) quotes the path it read
    expect(uploadNamed(new Error(`data file "${stored}" is not a SAS XPORT file`), stored, "broken.xpt")).toBe('data file "broken.xpt" is not a SAS XPORT file');
    expect(uploadNamed(new Error("a study needs a name"), stored, "broken.xpt")).toBe("a study needs a name");
    expect(uploadNamed("plain text", stored, "x.csv")).toBe("plain text");
  });
});
