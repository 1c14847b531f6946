/**
 * The arithmetic of the virtualised data table, kept free of the DOM so that it can be tested: which rows a
 * scroll position shows, where to draw them, and a page cache of fetched rows.
 */

/**
 * Browsers stop growing an element somewhere above 16 million px (Firefox ≈ 17.9M, Chromium ≈ 33.5M). Past
 * this height the scroll bar stands for the rows proportionally instead of one pixel per pixel, so that a
 * table of millions of rows can still reach its last row.
 */
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface WindowInput {
  /** The scroll container's scrollTop, in px. */
  readonly scrollTop: number;
  /** Height of the area the rows are visible in, in px (the container less its header). */
  readonly viewport: number;
  readonly total: number;
  readonly rowHeight: number;
  /** Rows drawn beyond each edge, so that a short scroll never shows an empty band. */
  readonly overscan: number;
  readonly maxHeight?: number;
}

export interface RowWindow {
  /** First row to draw (0-based, inclusive). */
  readonly start: number;
  /** One past the last row to draw. */
  readonly end: number;
  /** Where row `start` goes, in px from the top of the scrolled content (below the header). */
  readonly offsetY: number;
  /** Height the scrolled content must have. */
  readonly contentHeight: number;
  /** The rows at least partly in view: first (0-based) to last (exclusive), without the overscan. */
  readonly firstInView: number;
  readonly endInView: number;
}

export function rowWindow(input: WindowInput): RowWindow {
  const { total, rowHeight, overscan } = input;
  const viewport = Math.max(0, input.viewport);
  const fullHeight = total * rowHeight;
  const contentHeight = Math.min(fullHeight, input.maxHeight ?? MAX_SCROLL_HEIGHT);
  if (total === 0) return { start: 0, end: 0, offsetY: 0, contentHeight: 0, firstInView: 0, endInView: 0 };
  const maxScroll = Math.max(0, contentHeight - viewport);
  const scrollTop = Math.min(Math.max(0, input.scrollTop), maxScroll);
  // Where the viewport's top would be if the content were full height: equal unless the height is capped.
  const virtualTop = fullHeight === contentHeight || maxScroll === 0 ? scrollTop : (scrollTop * (fullHeight - viewport)) / maxScroll;
  const first = Math.min(total - 1, Math.floor(virtualTop / rowHeight));
  const last = Math.min(total, Math.max(first + 1, Math.ceil((virtualTop + viewport) / rowHeight)));
  const start = Math.max(0, first - overscan);
  const end = Math.min(total, last + overscan);
  return { start, end, offsetY: scrollTop + (start * rowHeight - virtualTop), contentHeight, firstInView: first, endInView: last };
}

/** The page numbers holding rows start..end−1 (pages of `pageSize` rows, page k = rows k·pageSize …). */
export function pagesFor(start: number, end: number, pageSize: number): number[] {
  if (end <= start) return [];
  const out: number[] = [];
  for (let p = Math.floor(start / pageSize); p <= Math.floor((end - 1) / pageSize); p++) out.push(p);
  return out;
}

/**
 * Fetched pages of rows, least recently used dropped first once more than `maxPages` are held, so that
 * scrolling through a large dataset does not keep all of it in memory. It only keeps records: the component
 * does the fetching and asks here what to fetch next.
 */
export class PageCache<Row> {
  private readonly pages = new Map<number, readonly Row[]>();
  private readonly pending = new Set<number>();

  constructor(readonly pageSize: number, readonly maxPages = 40) {}

  /** Row `index` when its page is held; undefined while it is not. */
  row(index: number): Row | undefined {
    const page = this.pages.get(Math.floor(index / this.pageSize));
    return page?.[index % this.pageSize];
  }

  has(page: number): boolean { return this.pages.has(page); }
  isPending(page: number): boolean { return this.pending.has(page); }
  get size(): number { return this.pages.size; }

  /** Of `wanted`, the pages neither held nor being fetched, in the given order. */
  missing(wanted: readonly number[]): number[] {
    return wanted.filter((p) => !this.pages.has(p) && !this.pending.has(p));
  }

  markPending(page: number): void { this.pending.add(page); }

  /** A fetch failed: the page may be asked for again. */
  fail(page: number): void { this.pending.delete(page); }

  /** Stores a fetched page; `inUse` (the pages on screen) are never the ones dropped to make room. */
  store(page: number, rows: readonly Row[], inUse: readonly number[] = []): void {
    this.pending.delete(page);
    this.pages.delete(page);
    this.pages.set(page, rows);
    this.touch(inUse);
    const keep = new Set([...inUse, page]);
    for (const p of this.pages.keys()) {
      if (this.pages.size <= this.maxPages) break;
      if (!keep.has(p)) this.pages.delete(p);
    }
  }

  /** Marks pages as just used (Map order is the recency order). */
  touch(pages: readonly number[]): void {
    for (const p of pages) {
      const rows = this.pages.get(p);
      if (rows === undefined) continue;
      this.pages.delete(p);
      this.pages.set(p, rows);
    }
  }
}

/** The scrollTop that puts row `index` at the top of the viewport (the inverse of rowWindow's mapping). */
export function scrollTopFor(index: number, input: Omit<WindowInput, "scrollTop" | "overscan">): number {
  const viewport = Math.max(0, input.viewport);
  const fullHeight = input.total * input.rowHeight;
  const contentHeight = Math.min(fullHeight, input.maxHeight ?? MAX_SCROLL_HEIGHT);
  const maxScroll = Math.max(0, contentHeight - viewport);
  const virtualTop = Math.max(0, Math.min(index, input.total - 1)) * input.rowHeight;
  const top = fullHeight === contentHeight || fullHeight <= viewport ? virtualTop : (virtualTop * maxScroll) / (fullHeight - viewport);
  return Math.min(maxScroll, Math.max(0, top));
}

/** Text wider than this is cut short with "…" (the whole value is in the cell's title). */
const MAX_COLUMN_WIDTH = 260;

/**
 * Column widths in px that fit each name (with its type tag) and the values of a sample of rows, so that every
 * page of rows lines up under the same header. DejaVu Sans at 12 px averages about 7 px a character.
 */
export function columnWidths(columns: readonly { name: string }[], sample: readonly (readonly (number | string | null)[])[] = [], text: (v: number | string, j: number) => string = String): number[] {
  return columns.map((c, j) => {
    let chars = 0;
    for (const row of sample) {
      const v = row[j];
      if (v !== null && v !== undefined) chars = Math.max(chars, text(v, j).length);
    }
    const header = c.name.length * 8.5 + 50;
    return Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(72, header, chars * 7 + 20)));
  });
}
