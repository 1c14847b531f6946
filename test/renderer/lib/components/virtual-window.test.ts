import { describe, expect, it } from "vitest";
import { columnWidths, PageCache, pagesFor, rowWindow, scrollTopFor } from "../../../../src-renderer/lib/components/virtual-window.js";

describe("rowWindow", () => {
  const base = { viewport: 240, rowHeight: 24, overscan: 5 };

  it("shows the first rows and the overscan below them at the top", () => {
    const w = rowWindow({ ...base, scrollTop: 0, total: 100_000 });
    // 240 px of 24 px rows: rows 0–9 in view, 5 more below
    expect(w).toEqual({ start: 0, end: 15, offsetY: 0, contentHeight: 2_400_000, firstInView: 0, endInView: 10 });
  });

  it("draws only a window around the scroll position of a large table", () => {
    const w = rowWindow({ ...base, scrollTop: 50_000 * 24 + 12, total: 100_000 });
    expect(w.firstInView).toBe(50_000);
    expect(w.endInView).toBe(50_011); // a half row at each edge
    expect(w.start).toBe(49_995);
    expect(w.end).toBe(50_016);
    expect(w.end - w.start).toBeLessThan(25);
    expect(w.offsetY).toBe(49_995 * 24);
  });

  it("stops at the last row", () => {
    const w = rowWindow({ ...base, scrollTop: 1e9, total: 1000 });
    expect(w.end).toBe(1000);
    expect(w.endInView).toBe(1000);
    expect(w.firstInView).toBe(990);
    expect(w.offsetY + (w.end - w.start) * 24).toBe(w.contentHeight);
  });

  it("handles an empty table and a table shorter than the view", () => {
    expect(rowWindow({ ...base, scrollTop: 0, total: 0 })).toEqual({ start: 0, end: 0, offsetY: 0, contentHeight: 0, firstInView: 0, endInView: 0 });
    const w = rowWindow({ ...base, scrollTop: 30, total: 3 });
    expect([w.start, w.end, w.offsetY, w.contentHeight]).toEqual([0, 3, 0, 72]);
  });

  it("maps the scroll bar proportionally when the rows are taller than a browser can scroll", () => {
    const input = { ...base, total: 10_000_000, maxHeight: 1_000_000 };
    expect(rowWindow({ ...input, scrollTop: 0 }).contentHeight).toBe(1_000_000);
    const end = rowWindow({ ...input, scrollTop: 1_000_000 - 240 });
    expect(end.end).toBe(10_000_000);
    expect(end.endInView).toBe(10_000_000);
    // the last row's bottom meets the content's bottom
    expect(end.offsetY + (end.end - end.start) * 24).toBeCloseTo(1_000_000, 6);
    const middle = rowWindow({ ...input, scrollTop: (1_000_000 - 240) / 2 });
    expect(middle.firstInView).toBe(Math.floor((10_000_000 * 24 - 240) / 2 / 24));
    // the rows drawn sit in view: row firstInView starts within one row of the viewport's top
    const top = middle.offsetY + (middle.firstInView - middle.start) * 24;
    expect(top).toBeLessThanOrEqual((1_000_000 - 240) / 2);
    expect(top).toBeGreaterThan((1_000_000 - 240) / 2 - 24);
  });
});

describe("scrollTopFor", () => {
  it("inverts rowWindow: the row scrolled to is the first in view", () => {
    const plain = { viewport: 240, total: 100_000, rowHeight: 24 };
    expect(scrollTopFor(500, plain)).toBe(12_000);
    expect(rowWindow({ ...plain, overscan: 0, scrollTop: scrollTopFor(500, plain) }).firstInView).toBe(500);
    expect(scrollTopFor(-3, plain)).toBe(0);
    expect(scrollTopFor(99_999, plain)).toBe(100_000 * 24 - 240);
    const capped = { ...plain, total: 10_000_000, maxHeight: 1_000_000 };
    const t = scrollTopFor(4_000_000, capped);
    expect(rowWindow({ ...capped, overscan: 0, scrollTop: t }).firstInView).toBe(4_000_000);
  });
});

describe("pagesFor", () => {
  it("names the pages a range of rows spans", () => {
    expect(pagesFor(0, 15, 200)).toEqual([0]);
    expect(pagesFor(195, 215, 200)).toEqual([0, 1]);
    expect(pagesFor(400, 400, 200)).toEqual([]);
    expect(pagesFor(49_995, 50_016, 200)).toEqual([249, 250]);
  });
});

describe("PageCache", () => {
  const page = (p: number, size = 200) => Array.from({ length: size }, (_, i) => [p * size + i]);

  it("serves rows of stored pages and says which pages still need fetching", () => {
    const cache = new PageCache<number[]>(200);
    expect(cache.missing([0, 1])).toEqual([0, 1]);
    cache.markPending(0);
    expect(cache.missing([0, 1])).toEqual([1]);
    expect(cache.row(5)).toBeUndefined();
    cache.store(0, page(0));
    expect(cache.row(5)).toEqual([5]);
    expect(cache.row(199)).toEqual([199]);
    expect(cache.row(200)).toBeUndefined();
    expect(cache.missing([0, 1])).toEqual([1]);
  });

  it("lets a failed page be fetched again", () => {
    const cache = new PageCache<number[]>(200);
    cache.markPending(3);
    cache.fail(3);
    expect(cache.missing([3])).toEqual([3]);
  });

  it("drops the least recently used pages beyond its limit, never those in view", () => {
    const cache = new PageCache<number[]>(10, 3);
    for (const p of [0, 1, 2]) cache.store(p, page(p, 10));
    cache.touch([0]); // 0 used again: 1 is now the oldest
    cache.store(3, page(3, 10), [3]);
    expect([0, 1, 2, 3].map((p) => cache.has(p))).toEqual([true, false, true, true]);
    cache.store(4, page(4, 10), [2, 4]);
    expect([0, 2, 3, 4].map((p) => cache.has(p))).toEqual([false, true, true, true]);
    expect(cache.size).toBe(3);
  });

  it("keeps a short last page as it came", () => {
    const cache = new PageCache<number[]>(200);
    cache.store(2, page(2).slice(0, 37));
    expect(cache.row(436)).toEqual([436]);
    expect(cache.row(437)).toBeUndefined();
  });
});

describe("columnWidths", () => {
  it("fits the name with its type tag and the widest value of the sample, within bounds", () => {
    const columns = [{ name: "ID" }, { name: "AVISITN" }, { name: "PARAM" }, { name: "A_VERY_LONG_COLUMN_NAME_INDEED" }];
    expect(columnWidths(columns)).toEqual([72, 110, 93, 260]);
    const sample = [[1, 2, "ADAS-Cog total score (range 0-70)", null], [123456789012, null, "short", "x"]];
    // 12 characters of 1234567890123 → 12 × 7 + 20
    expect(columnWidths(columns, sample)).toEqual([104, 110, 251, 260]);
    expect(columnWidths([{ name: "X" }], [["a".repeat(100)]])).toEqual([260]);
  });
});
