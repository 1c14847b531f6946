import { describe, expect, it } from "vitest";
import { parseOptions } from "../../src-main/cli/args.js";
import { InputError } from "../../src-main/errors.js";

const FIT = { values: ["data", "spec"], flags: ["json", "help"] };

describe("parseOptions", () => {
  it("reads --name value, --name=value and flags in any order", () => {
    const r = parseOptions("fit", ["--json", "--data", "a.csv", "--spec=b.json"], FIT);
    expect(r.values).toEqual({ data: "a.csv", spec: "b.json" });
    expect([...r.flags]).toEqual(["json"]);
    expect([...parseOptions("fit", ["-h"], FIT).flags]).toEqual(["help"]);
  });

  it("keeps values with spaces and equals signs", () => {
    expect(parseOptions("fit", ["--data=my data=1.csv"], FIT).values.data).toBe("my data=1.csv");
  });

  it("rejects unknown options, missing values, repeated options, flag values and stray arguments", () => {
    const bad: [string[], RegExp][] = [
      [["--dta", "x"], /unknown option "--dta" for "fit"/],
      [["--data"], /--data needs a value/],
      [["--data", "--json"], /--data needs a value/],
      [["--data="], /--data needs a value/],
      [["--data", "a", "--data", "b"], /--data is given twice/],
      [["--json=yes"], /--json takes no value/],
      [["a.csv"], /unexpected argument "a\.csv" to "fit"/],
    ];
    for (const [argv, pattern] of bad) {
      expect(() => parseOptions("fit", argv, FIT)).toThrow(InputError);
      expect(() => parseOptions("fit", argv, FIT)).toThrow(pattern);
    }
  });
});
