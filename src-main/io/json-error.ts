/**
 * Locates the first syntax error in a JSON text, for messages that point at it: Node's JSON.parse says
 * what is wrong but, since V8 11, not always where. A small strict scanner (RFC 8259) that stops at the
 * first problem.
 */
export interface JsonErrorLocation {
  /** 0-based character offset of the offending character (text.length at an unexpected end). */
  position: number;
  /** 1-based line and column of the same character. */
  line: number;
  column: number;
  /** What was found there, e.g. `unexpected "}"` or `unexpected end of file`. */
  problem: string;
}

export function locateJsonError(text: string): JsonErrorLocation | null {
  let i = 0;
  const fail = (): never => { throw new Stop(i); };
  const ws = () => { while (i < text.length && " \t\n\r".includes(text[i])) i++; };
  const expect = (c: string) => { if (text[i] !== c) fail(); i++; };
  const literal = (word: string) => { for (const c of word) expect(c); };
  const string = () => {
    expect('"');
    for (;;) {
      if (i >= text.length) fail();
      const c = text[i];
      if (c === '"') { i++; return; }
      if (c < " ") fail();
      if (c === "\\") {
        i++;
        const e = text[i];
        if (e === "u") {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? "")) { i += k; fail(); }
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail();
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++; ws();
      if (text[i] === "}") { i++; return; }
      for (;;) {
        ws(); string(); ws(); expect(":"); value(); ws();
        if (text[i] === ",") { i++; continue; }
        expect("}"); return;
      }
    }
    if (c === "[") {
      i++; ws();
      if (text[i] === "]") { i++; return; }
      for (;;) {
        value(); ws();
        if (text[i] === ",") { i++; continue; }
        expect("]"); return;
      }
    }
    if (c === '"') return string();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    number();
  };
  try {
    value(); ws();
    if (i < text.length) fail();
    return null;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return describe(text, e.position);
  }
}

class Stop {
  constructor(readonly position: number) {}
}

function describe(text: string, position: number): JsonErrorLocation {
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = position - before.lastIndexOf("\n");
  const c = text[position];
  const problem = c === undefined ? "unexpected end of file" : `unexpected ${JSON.stringify(c)}`;
  return { position, line, column, problem };
}
