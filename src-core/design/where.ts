import type { Column, DataFrame } from "../data/frame.js";
import { LongitudeError } from "../errors.js";
import { unknownColumnMessage } from "./suggest.js";

/**
 * The `where` row filter, e.g. `ANL01FL == "Y" & !is.na(AVAL) & AVISITN <= 4`.
 * Operators: == != < <= > >= (comparisons), & | ! (and, or, not; && and || also accepted), parentheses,
 * numbers, "strings" and is.na(column). Missing values (NaN; null or "" in character columns) follow SAS's
 * WHERE: a comparison with a missing value is false, except != against a non-missing value, which is true
 * (so DTYPE != "LOCF" keeps rows with a blank DTYPE).
 */

type Value =
  | { readonly kind: "column"; readonly name: string; readonly pos: number }
  | { readonly kind: "number"; readonly value: number; readonly pos: number }
  | { readonly kind: "string"; readonly value: string; readonly pos: number };

type Cmp = "==" | "!=" | "<" | "<=" | ">" | ">=";

type Node =
  | { readonly kind: "and" | "or"; readonly left: Node; readonly right: Node }
  | { readonly kind: "not"; readonly arg: Node }
  | { readonly kind: "isna"; readonly column: Value & { kind: "column" } }
  | { readonly kind: "cmp"; readonly op: Cmp; readonly left: Value; readonly right: Value; readonly pos: number };

interface Tok { readonly type: "name" | "number" | "string" | "op" | "end"; readonly text: string; readonly pos: number }

const OPS = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "&", "|", "!", "(", ")", "=", "-"];
const CMPS: readonly string[] = ["==", "!=", "<", "<=", ">", ">="];

function syntax(text: string, pos: number, what: string): never {
  throw new LongitudeError("bad-where", `where filter error at position ${pos}: ${what} in "${text}"`);
}

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = "";
      while (j < text.length && text[j] !== c) {
        if (text[j] === "\\" && j + 1 < text.length) j++;
        s += text[j++];
      }
      if (j >= text.length) syntax(text, i + 1, `expected a closing ${c} for the string started here`);
      out.push({ type: "string", text: s, pos: i + 1 });
      i = j + 1;
      continue;
    }
    if (c === "`") {
      const end = text.indexOf("`", i + 1);
      if (end < 0) syntax(text, i + 1, "expected a closing ` for the name started here");
      out.push({ type: "name", text: text.slice(i + 1, end), pos: i + 1 });
      i = end + 1;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) { out.push({ type: "number", text: num[0], pos: i + 1 }); i += num[0].length; continue; }
    const name = /^[A-Za-z._][A-Za-z0-9._]*/.exec(text.slice(i));
    if (name) { out.push({ type: "name", text: name[0], pos: i + 1 }); i += name[0].length; continue; }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) syntax(text, i + 1, `unexpected character "${c}"`);
    if (op === "=") syntax(text, i + 1, 'found "="; write "==" to compare');
    out.push({ type: "op", text: op, pos: i + 1 });
    i += op.length;
  }
  out.push({ type: "end", text: "", pos: text.length + 1 });
  return out;
}

function parse(text: string): Node {
  const toks = tokenize(text);
  let i = 0;
  const tok = (): Tok => toks[i];
  const isOp = (...ops: string[]): boolean => tok().type === "op" && ops.includes(tok().text);
  const found = (): string => (tok().type === "end" ? "the end of the filter" : `"${tok().text}"`);
  const value = (): Value => {
    const t = tok();
    if (t.type === "name") { i++; return { kind: "column", name: t.text, pos: t.pos }; }
    if (t.type === "string") { i++; return { kind: "string", value: t.text, pos: t.pos }; }
    if (t.type === "number") { i++; return { kind: "number", value: Number(t.text), pos: t.pos }; }
    if (isOp("-") && toks[i + 1].type === "number") {
      i += 2;
      return { kind: "number", value: -Number(toks[i - 1].text), pos: t.pos };
    }
    return syntax(text, t.pos, `expected a column name, a number or a "string", found ${found()}`);
  };
  const primary = (): Node => {
    const t = tok();
    if (isOp("(")) {
      i++;
      const inner = or();
      if (!isOp(")")) syntax(text, tok().pos, `expected ")" to close "(" opened at position ${t.pos}, found ${found()}`);
      i++;
      return inner;
    }
    if (t.type === "name" && t.text === "is.na" && toks[i + 1].type === "op" && toks[i + 1].text === "(") {
      i += 2;
      const col = value();
      if (col.kind !== "column") syntax(text, col.pos, "is.na() takes a column name");
      if (!isOp(")")) syntax(text, tok().pos, `expected ")" to close is.na( opened at position ${t.pos}, found ${found()}`);
      i++;
      return { kind: "isna", column: col };
    }
    const left = value();
    if (!(tok().type === "op" && CMPS.includes(tok().text))) {
      syntax(text, tok().pos, `expected a comparison (==, !=, <, <=, >, >=) after "${t.text}", found ${found()}`);
    }
    const op = tok();
    i++;
    return { kind: "cmp", op: op.text as Cmp, left, right: value(), pos: op.pos };
  };
  const not = (): Node => {
    if (isOp("!")) { i++; return { kind: "not", arg: not() }; }
    return primary();
  };
  const and = (): Node => {
    let left = not();
    while (isOp("&", "&&")) { i++; left = { kind: "and", left, right: not() }; }
    return left;
  };
  function or(): Node {
    let left = and();
    while (isOp("|", "||")) { i++; left = { kind: "or", left, right: and() }; }
    return left;
  }
  const root = or();
  if (tok().type !== "end") syntax(text, tok().pos, `expected "&", "|" or the end of the filter, found ${found()}`);
  return root;
}

type Getter = (row: number) => number | string | null;

function getter(v: Value, data: DataFrame, text: string): { get: Getter; numeric: boolean; describe: string } {
  if (v.kind === "number") return { get: () => v.value, numeric: true, describe: `the number ${v.value}` };
  if (v.kind === "string") return { get: () => v.value, numeric: false, describe: `the string "${v.value}"` };
  const col: Column | undefined = data.columns[v.name];
  if (!col) throw new LongitudeError("unknown-column", unknownColumnMessage(v.name, `the where filter "${text}"`, data.names));
  if (col.kind === "numeric") {
    const a = col.values;
    return { get: (r) => (Number.isNaN(a[r]) ? null : a[r]), numeric: true, describe: `the numeric column "${v.name}"` };
  }
  const a = col.values;
  return { get: (r) => (a[r] === null || a[r] === "" ? null : a[r]), numeric: false, describe: `the character column "${v.name}"` };
}

function compare(op: Cmp, a: number | string, b: number | string): boolean {
  switch (op) {
    case "==": return a === b;
    case "!=": return a !== b;
    case "<": return a < b;
    case "<=": return a <= b;
    case ">": return a > b;
    case ">=": return a >= b;
  }
}

function compile(node: Node, data: DataFrame, text: string): (row: number) => boolean {
  switch (node.kind) {
    case "and": { const l = compile(node.left, data, text); const r = compile(node.right, data, text); return (i) => l(i) && r(i); }
    case "or": { const l = compile(node.left, data, text); const r = compile(node.right, data, text); return (i) => l(i) || r(i); }
    case "not": { const a = compile(node.arg, data, text); return (i) => !a(i); }
    case "isna": { const g = getter(node.column, data, text).get; return (i) => g(i) === null; }
    case "cmp": {
      const l = getter(node.left, data, text);
      const r = getter(node.right, data, text);
      if (l.numeric !== r.numeric) {
        const fix = node.right.kind === "string" ? `write ${node.right.value} without quotes` : node.right.kind === "number" ? `write "${node.right.value}" in quotes` : "compare columns of the same kind";
        throw new LongitudeError("bad-where", `where filter error at position ${node.pos}: cannot compare ${l.describe} with ${r.describe}; ${fix}`);
      }
      const op = node.op;
      return (i) => {
        const a = l.get(i);
        const b = r.get(i);
        if (a === null || b === null) return op === "!=" && (a !== null || b !== null);
        return compare(op, a, b);
      };
    }
  }
}

/** Evaluates a where filter over every row: true keeps the row. Throws LongitudeError("bad-where" | "unknown-column"). */
export function whereMask(text: string, data: DataFrame): boolean[] {
  const test = compile(parse(text), data, text);
  const keep = new Array<boolean>(data.nrow);
  for (let i = 0; i < data.nrow; i++) keep[i] = test(i);
  return keep;
}
