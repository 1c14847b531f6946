import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../../src-main/errors.js";
import { BATCH_ROWS, type SourceTable } from "../../../src-main/importers/table.js";
import { openXpt } from "../../../src-main/importers/xpt.js";

// Small XPORT files built byte by byte below, after the record layouts in SAS's TS-140 (version 5) and its
// version 8/9 companion, for what the haven fixtures cannot show: several members, the blank padding of the
// last record, numerics shorter than 8 bytes, Latin-1 text, LABELV9 records, VAX namestrs, many batches.

const dir = mkdtempSync(join(tmpdir(), "longitude-xpt-layout-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ---- a minimal XPORT writer ----------------------------------------------------------------------------------

interface Var {
  name: string;
  /** "num" values are IBM bytes in hex (16 digits, cut to `length`); "char" values are text or raw bytes. */
  type: "num" | "char";
  length: number;
  label?: string;
  format?: [name: string, width: number, decimals: number];
  /** v8: an entry in a LABELV8 record (or LABELV9 when `longFormat` is set). */
  longName?: string;
  longLabel?: string;
  longFormat?: string;
}

interface Member {
  name: string;
  label?: string;
  vars: Var[];
  rows: (string | Uint8Array)[][];
  /** v8: the count written into the OBSV8 header (zeros when omitted, as haven writes). */
  declaredRows?: number;
}

const ONE = "4110000000000000"; // 1 = 0.1 (hex) × 16^1
const TWO = "4120000000000000";
const HUNDRED = "4264000000000000"; // 0.64 (hex) × 16^2

function text(s: string, width: number): Uint8Array {
  const out = new Uint8Array(width).fill(0x20);
  out.set(Uint8Array.from(s.slice(0, width), (c) => c.charCodeAt(0)));
  return out;
}

function header(kind: string, fields = "0".repeat(30)): Uint8Array {
  return text(`HEADER RECORD*******${kind.padEnd(8)}HEADER RECORD!!!!!!!${fields}`, 80);
}

function padRecords(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(bytes.length / 80) * 80).fill(0x20);
  out.set(bytes);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function namestr(v: Var, index: number, position: number, version: 5 | 8, size: number): Uint8Array {
  const n = new Uint8Array(size);
  const view = new DataView(n.buffer);
  view.setInt16(0, v.type === "num" ? 1 : 2);
  view.setInt16(4, v.length);
  view.setInt16(6, index + 1);
  n.set(text(v.name.slice(0, 8), 8), 8);
  n.set(text(v.label ?? "", 40), 16);
  n.set(text(v.format?.[0] ?? "", 8), 56);
  view.setInt16(64, v.format?.[1] ?? 0);
  view.setInt16(66, v.format?.[2] ?? 0);
  n.set(text("", 8), 72);
  view.setInt32(84, position);
  if (version === 8) {
    n.set(text(v.name, 32), 88);
    view.setInt16(120, (v.longLabel ?? v.label ?? "").length);
  }
  return n;
}

function longNameRecords(vars: Var[]): Uint8Array[] {
  const entries = vars.map((v, i) => ({ v, i })).filter(({ v }) => v.longName !== undefined || v.longLabel !== undefined || v.longFormat !== undefined);
  if (entries.length === 0) return [];
  const v9 = entries.some(({ v }) => v.longFormat !== undefined);
  const body = entries.map(({ v, i }) => {
    const [name, label, format] = [v.longName ?? v.name, v.longLabel ?? v.label ?? "", v.longFormat ?? ""];
    const head = new DataView(new ArrayBuffer(v9 ? 10 : 6));
    [i + 1, name.length, label.length, format.length, 0].slice(0, v9 ? 5 : 3).forEach((x, k) => head.setInt16(2 * k, x));
    return concat([new Uint8Array(head.buffer), text(name + label + (v9 ? format : ""), name.length + label.length + (v9 ? format.length : 0))]);
  });
  return [text(`HEADER RECORD*******${v9 ? "LABELV9" : "LABELV8"} HEADER RECORD!!!!!!!${entries.length}`, 80), padRecords(concat(body))];
}

function xpt(version: 5 | 8, members: Member[], namestrSize: 136 | 140 = 140): Uint8Array {
  const k = version === 5
    ? { library: "LIBRARY", member: "MEMBER", descriptor: "DSCRPTR", namestr: "NAMESTR", obs: "OBS" }
    : { library: "LIBV8", member: "MEMBV8", descriptor: "DSCPTV8", namestr: "NAMSTV8", obs: "OBSV8" };
  const created = "01JAN24:10:20:30";
  const parts = [
    header(k.library),
    text(`SAS     SAS     SASLIB  9.4     X64_10PR${" ".repeat(24)}${created}`, 80),
    text(created, 80),
  ];
  for (const m of members) {
    const positions = m.vars.map((_, i) => m.vars.slice(0, i).reduce((n, v) => n + v.length, 0));
    const rowLength = m.vars.reduce((n, v) => n + v.length, 0);
    parts.push(
      header(k.member, `00000000000000000160000000${String(namestrSize).padStart(4, "0")}`),
      header(k.descriptor),
      version === 5
        ? text(`SAS     ${m.name.padEnd(8)}SASDATA 9.4     X64_10PR${" ".repeat(24)}${created}`, 80)
        : text(`SAS     ${m.name.padEnd(32)}SASDATA 9.4     X64_10PR${created}`, 80),
      text(`${created}${" ".repeat(16)}${(m.label ?? "").padEnd(40)}DATA    `, 80),
      header(k.namestr, `000000${String(m.vars.length).padStart(4, "0")}${"0".repeat(20)}`),
      padRecords(concat(m.vars.map((v, i) => namestr(v, i, positions[i], version, namestrSize)))),
      ...(version === 8 ? longNameRecords(m.vars) : []),
      header(k.obs, m.declaredRows === undefined ? "0".repeat(30) : `${String(m.declaredRows).padStart(15)}${" ".repeat(15)}`),
      padRecords(concat(m.rows.map((row) => {
        const bytes = new Uint8Array(rowLength);
        row.forEach((cell, j) => {
          const v = m.vars[j];
          const value = typeof cell !== "string" ? cell : v.type === "num" ? Uint8Array.from(cell.match(/../g) ?? [], (h) => Number.parseInt(h, 16)) : text(cell, v.length);
          bytes.set(v.type === "char" ? concat([value, text("", v.length)]).subarray(0, v.length) : value.subarray(0, v.length), positions[j]);
        });
        return bytes;
      }))),
    );
  }
  return concat(parts);
}

let files = 0;
function write(content: Uint8Array): string {
  const path = join(dir, `f${++files}.xpt`);
  writeFileSync(path, content);
  return path;
}

async function values(table: SourceTable): Promise<Record<string, (number | string | null)[]>> {
  const out: Record<string, (number | string | null)[]> = Object.fromEntries(table.columns.map((c) => [c.name, []]));
  for await (const batch of table.batches()) batch.columns.forEach((c, j) => out[table.columns[j].name].push(...c.values));
  return out;
}

async function failure(path: string): Promise<string> {
  try {
    await values(await openXpt(path));
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error("read without error");
}

const X: Var = { name: "X", type: "char", length: 8 };
const N: Var = { name: "N", type: "num", length: 8 };

// ---- tests ------------------------------------------------------------------------------------------------------

describe("several members", () => {
  const file = () => xpt(5, [
    { name: "ADSL", label: "Subjects", vars: [X], rows: [["a"], ["b"]] },
    { name: "ADVS", vars: [N], rows: [[ONE], [TWO], [HUNDRED]] },
  ]);

  it("lists them in options.members and reads the first", async () => {
    const table = await openXpt(write(file()));
    expect(table.options).toEqual({ version: 5, member: "ADSL", memberLabel: "Subjects", created: "01JAN24:10:20:30", sasVersion: "9.4", os: "X64_10PR", members: "ADSL,ADVS" });
    expect(await values(table)).toEqual({ X: ["a", "b"] });
  });

  it("reads another when asked, by name in any case", async () => {
    const table = await openXpt(write(file()), undefined, { member: "advs" });
    expect(table.options).toMatchObject({ member: "ADVS", memberLabel: null, members: "ADSL,ADVS" });
    expect(await values(table)).toEqual({ N: [1, 2, 100] });
  });

  it("names the members when asked for one it does not hold", async () => {
    await expect(openXpt(write(file()), undefined, { member: "ADAE" })).rejects.toThrow(/has no member "ADAE"; its members are ADSL, ADVS$/);
  });

  it("in version 8 too", async () => {
    const path = write(xpt(8, [{ name: "FIRST_MEMBER_NAME", vars: [X], rows: [["a"]] }, { name: "SECOND", vars: [N], rows: [[TWO]] }]));
    const table = await openXpt(path, undefined, { member: "SECOND" });
    expect(table.options).toMatchObject({ version: 8, member: "SECOND", members: "FIRST_MEMBER_NAME,SECOND" });
    expect(await values(table)).toEqual({ N: [2] });
  });
});

describe("the end of the data: blank padding of the last record", () => {
  it("is not read as rows: 3 rows of 8 bytes and 56 blank bytes are 3 rows", async () => {
    expect(await values(await openXpt(write(xpt(5, [{ name: "A", vars: [X], rows: [["x"], ["y"], ["z"]] }]))))).toEqual({ X: ["x", "y", "z"] });
  });

  it("12 numeric rows of 8 bytes and 64 bytes of padding are 12 rows", async () => {
    const rows = Array.from({ length: 12 }, () => [ONE]);
    expect((await values(await openXpt(write(xpt(5, [{ name: "A", vars: [N], rows }]))))).N).toHaveLength(12);
  });

  it("keeps an all-blank row that is followed by a real one", async () => {
    expect(await values(await openXpt(write(xpt(5, [{ name: "A", vars: [X], rows: [["x"], [""], ["z"]] }]))))).toEqual({ X: ["x", null, "z"] });
  });

  it("drops an all-blank last row in the last record (indistinguishable from padding) unless OBSV8 counts it", async () => {
    const rows = [["x"], ["y"], [""]];
    expect(await values(await openXpt(write(xpt(5, [{ name: "A", vars: [X], rows }]))))).toEqual({ X: ["x", "y"] });
    expect(await values(await openXpt(write(xpt(8, [{ name: "A", vars: [X], rows, declaredRows: 3 }]))))).toEqual({ X: ["x", "y", null] });
  });

  it("keeps blank rows of 80 bytes or more, which padding cannot be", async () => {
    const wide: Var = { name: "W", type: "char", length: 100 };
    expect(await values(await openXpt(write(xpt(5, [{ name: "A", vars: [wide], rows: [["w"], [""]] }]))))).toEqual({ W: ["w", null] });
  });

  it("reads a member without rows", async () => {
    const table = await openXpt(write(xpt(5, [{ name: "A", vars: [X, N], rows: [] }])));
    expect(table.columns.map((c) => c.name)).toEqual(["X", "N"]);
    expect(await values(table)).toEqual({ X: [], N: [] });
  });
});

describe("truncated and damaged data", () => {
  it("fewer rows than OBSV8 declares", async () => {
    // 3 rows of 8 bytes and 56 bytes of padding: room for 10 rows at most, and 20 declared.
    const path = write(xpt(8, [{ name: "ADSL", vars: [N], rows: [[ONE], [ONE], [ONE]], declaredRows: 20 }]));
    expect(await failure(path)).toMatch(/^data file ".*" is truncated: member "ADSL" declares 20 rows but the file holds only 10$/);
  });

  it("a file that ends partway through an 80-byte record, after whole rows", async () => {
    const bytes = xpt(5, [{ name: "ADSL", vars: [X], rows: [["x"], ["y"], ["z"]] }]);
    expect(await failure(write(bytes.subarray(0, bytes.length - 10)))).toMatch(/is truncated: the file ends partway through an 80-byte record, after row 3 of member "ADSL"$/);
  });

  it("a numeric variable longer than 8 bytes", async () => {
    const path = write(xpt(5, [{ name: "ADSL", vars: [{ name: "AGE", type: "num", length: 9 }], rows: [] }]));
    expect(await failure(path)).toMatch(/is not a valid SAS XPORT file: numeric variable "AGE" of member "ADSL" has length 9 \(2 to 8 bytes expected\)$/);
  });

  it("a missing OBS header", async () => {
    const bytes = xpt(5, [{ name: "ADSL", vars: [X], rows: [["x"]] }]);
    bytes.set(text("not a header", 80), bytes.length - 160); // 10 records of header, then OBS, then 1 of data
    expect(await failure(write(bytes))).toMatch(/is not a valid SAS XPORT file: expected the OBS header record of member "ADSL" at byte 800$/);
  });
});

describe("values", () => {
  it("numerics of 2 to 8 bytes, and missing values of any length", async () => {
    const vars: Var[] = [{ name: "N2", type: "num", length: 2 }, { name: "N3", type: "num", length: 3 }, { name: "N5", type: "num", length: 5 }];
    const rows = [[ONE, HUNDRED, "C118000000000000"], ["4100000000000000", "5F00000000000000", "2E00000000000000"]];
    const table = await openXpt(write(xpt(5, [{ name: "A", vars, rows }])));
    expect(table.columns.map((c) => c.length)).toEqual([2, 3, 5]);
    expect(await values(table)).toEqual({ N2: [1, NaN], N3: [100, NaN], N5: [-1.5, NaN] }); // .A, ._, .
  });

  it("text as UTF-8 when it is valid UTF-8, else as Windows-1252", async () => {
    const rows = [[Uint8Array.of(0x63, 0x61, 0x66, 0xe9)], [Uint8Array.of(0x63, 0x61, 0x66, 0xc3, 0xa9)], [Uint8Array.of(0x80, 0x31, 0x30)], [Uint8Array.of(0x93, 0x71, 0x94)], [Uint8Array.of(0x20, 0x20, 0, 0)]];
    expect(await values(await openXpt(write(xpt(5, [{ name: "A", vars: [X], rows }]))))).toEqual({ X: ["café", "café", "€10", "\u201cq\u201d", null] });
  });

  it("formats as SAS prints them, and dates by their format", async () => {
    const vars: Var[] = [
      { name: "D", type: "num", length: 8, format: ["DATE", 9, 0] },
      { name: "V", type: "num", length: 8, format: ["", 8, 2] },
      { name: "B", type: "num", length: 8, format: ["BEST", 12, 0] },
      { name: "C", type: "char", length: 8, format: ["$CHAR", 8, 0] },
      { name: "T", type: "num", length: 8, format: ["TIME", 0, 0] },
    ];
    // 2 as a date is 1960-01-03, as a time 00:00:02.
    const table = await openXpt(write(xpt(5, [{ name: "A", vars, rows: [[TWO, TWO, TWO, "c", TWO]] }])));
    expect(table.columns.map((c) => [c.format, c.sourceType])).toEqual([["DATE9.", "date"], ["8.2", "numeric"], ["BEST12.", "numeric"], ["$CHAR8.", "character"], ["TIME.", "time"]]);
    expect(await values(table)).toEqual({ D: ["1960-01-03"], V: [2], B: [2], C: ["c"], T: ["00:00:02"] });
  });
});

describe("version 8 extension records", () => {
  it("LABELV8: names up to 32 characters and labels over 40", async () => {
    const label = "A label that is longer than the forty characters of a namestr";
    const vars: Var[] = [{ name: "VISIT_WINDOW_TARGET_DAY", type: "num", length: 8, label: label.slice(0, 40), longLabel: label }];
    const table = await openXpt(write(xpt(8, [{ name: "A", vars, rows: [[ONE]] }])));
    expect(table.columns.map((c) => [c.name, c.label])).toEqual([["VISIT_WINDOW_TARGET_DAY", label]]);
  });

  it("LABELV9: long format names, spelled whole or as a name completed by the namestr's width", async () => {
    const vars: Var[] = [
      { name: "DT", type: "num", length: 8, format: ["E8601DT", 19, 0], longFormat: "E8601DT19." },
      { name: "DT2", type: "num", length: 8, format: ["DATETIME", 20, 0], longFormat: "DATETIME" },
      { name: "LONGFMT", type: "num", length: 8, format: ["MYLONGFO", 6, 1], longFormat: "MYLONGFORMAT" },
    ];
    const table = await openXpt(write(xpt(8, [{ name: "A", vars, rows: [[ONE, ONE, ONE]] }])));
    expect(table.columns.map((c) => [c.format, c.sourceType])).toEqual([["E8601DT19.", "datetime"], ["DATETIME20.", "datetime"], ["MYLONGFORMAT6.1", "numeric"]]);
    expect(await values(table)).toEqual({ DT: ["1960-01-01T00:00:01"], DT2: ["1960-01-01T00:00:01"], LONGFMT: [1] });
  });
});

describe("other layouts and sizes", () => {
  it("VAX/VMS namestrs of 136 bytes", async () => {
    const table = await openXpt(write(xpt(5, [{ name: "A", vars: [X, N], rows: [["v", TWO]] }], 136)));
    expect(await values(table)).toEqual({ X: ["v"], N: [2] });
  });

  it("delivers many rows in batches of at most BATCH_ROWS, with progress up to the file's size", async () => {
    const rows = Array.from({ length: 2 * BATCH_ROWS + 5 }, (_, i) => [i % 2 === 0 ? ONE : TWO]);
    const bytes = xpt(5, [{ name: "BIG", vars: [N], rows }]);
    const progress: number[] = [];
    const table = await openXpt(write(bytes), (read, total) => { expect(total).toBe(bytes.length); progress.push(read); });
    const batchRows: number[] = [];
    let sum = 0;
    for await (const batch of table.batches()) {
      batchRows.push(batch.rows);
      for (const v of batch.columns[0].values as Float64Array) sum += v;
    }
    expect(batchRows).toEqual([BATCH_ROWS, BATCH_ROWS, 5]);
    expect(sum).toBe((BATCH_ROWS + 3) * 1 + (BATCH_ROWS + 2) * 2); // 16,387 ones and 16,386 twos
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1])).toBe(true);
    expect(progress.at(-1)).toBe(bytes.length);
  });
});
