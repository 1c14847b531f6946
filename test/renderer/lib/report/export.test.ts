import { describe, expect, it } from "vitest";
import { defaultExportDir, downloadHref, fileKind, formatBytes, joinPath, shortHash, slug } from "../../../../src-renderer/lib/report/export.js";

describe("the export folder", () => {
  it("slugs the study's name", () => {
    expect(slug("ABC-123 Phase III: FEV₁ (ITT)")).toBe("abc-123-phase-iii-fev1-itt");
    expect(slug("Étude café")).toBe("etude-cafe");
    expect(slug("***")).toBe("study");
    expect(slug("x".repeat(80))).toHaveLength(60);
  });

  it("suggests <exportRoot>/<study>-fit<fitId> in the root's separator", () => {
    expect(defaultExportDir("/home/ana/Longitude reports", "FEV study", 12)).toBe("/home/ana/Longitude reports/fev-study-fit12");
    expect(defaultExportDir("C:\\Users\\ana\\Documents\\Longitude", "FEV study", 3)).toBe("C:\\Users\\ana\\Documents\\Longitude\\fev-study-fit3");
    expect(defaultExportDir("/tmp/", null, 1)).toBe("/tmp/study-fit1");
    expect(joinPath("C:\\", "x")).toBe("C:\\x");
  });
});

describe("the written files", () => {
  it("prints sizes and short hashes", () => {
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(2345)).toBe("2.3 kB");
    expect(formatBytes(234_567)).toBe("235 kB");
    expect(formatBytes(1_234_567)).toBe("1.2 MB");
    expect(shortHash("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")).toBe("9f86d081884c…");
  });

  it("links a download through the local host, the path encoded", () => {
    expect(downloadHref("/tmp/fev study-fit1/report.pdf")).toBe("api/download?path=%2Ftmp%2Ffev%20study-fit1%2Freport.pdf");
    expect(downloadHref("C:\\r\\a&b.csv")).toBe("api/download?path=C%3A%5Cr%5Ca%26b.csv");
  });

  it("says what each file is", () => {
    expect(fileKind("report.pdf")).toBe("The report (PDF/A)");
    expect(fileKind("ard.csv")).toBe("Analysis results data: one row per statistic");
    expect(fileKind("lsmeans.csv")).toBe("Table, full precision");
    expect(fileKind("fit.json")).toBe("The complete fit, as JSON");
  });
});
