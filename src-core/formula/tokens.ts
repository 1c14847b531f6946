import { LongitudeError } from "../errors.js";

export type TokenType = "name" | "number" | "op" | "end";

export interface Token {
  readonly type: TokenType;
  /** The name (without backticks), the number as written, or the operator. */
  readonly text: string;
  /** 1-based character position in the formula. */
  readonly pos: number;
  /** For names: true when written in backticks, e.g. `my var`. */
  readonly quoted: boolean;
}

const OPERATORS = ["||", "~", "+", "-", "*", "/", "^", ":", "|", "(", ")", ",", "="];

function isNameStart(c: string): boolean {
  return /[A-Za-z.]/.test(c);
}

function isNameChar(c: string): boolean {
  return /[A-Za-z0-9._]/.test(c);
}

/** Splits a formula into tokens; throws LongitudeError("formula-syntax") on a character it cannot read. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (pos: number, what: string): never => {
    throw new LongitudeError("formula-syntax", `formula syntax error at position ${pos + 1}: ${what} in "${text}"`);
  };
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "`") {
      const end = text.indexOf("`", i + 1);
      if (end < 0) fail(i, "expected a closing ` for the name started here");
      if (end === i + 1) fail(i, "expected a column name between the backticks");
      tokens.push({ type: "name", text: text.slice(i + 1, end), pos: i + 1, quoted: true });
      i = end + 1;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num && (/\d/.test(c) || (c === "." && /\d/.test(text[i + 1] ?? "")))) {
      tokens.push({ type: "number", text: num[0], pos: i + 1, quoted: false });
      i += num[0].length;
      continue;
    }
    if (isNameStart(c)) {
      let j = i + 1;
      while (j < text.length && isNameChar(text[j])) j++;
      tokens.push({ type: "name", text: text.slice(i, j), pos: i + 1, quoted: false });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op === undefined) {
      const hint = c === '"' || c === "'" ? " (quotes are not used in formulas; write column names as they are, or in backticks)" : "";
      fail(i, `unexpected character "${c}"${hint}`);
    } else {
      tokens.push({ type: "op", text: op, pos: i + 1, quoted: false });
      i += op.length;
    }
  }
  tokens.push({ type: "end", text: "", pos: text.length + 1, quoted: false });
  return tokens;
}
