/**
 * The preload's Bridge must be the renderer's ElectronBridge. The root program cannot import the renderer's
 * files (they need DOM types), so this compiles a small check file with the DOM library, as the renderer is.
 */
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..", "..");
/** The previous program, so that the second compile reuses the parsed library and source files. */
let previous: ts.Program | undefined;

function diagnose(checkSource: string): string[] {
  const checkFile = join(ROOT, "test", "main", "electron", "__bridge-check.ts");
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    types: ["node"],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === checkFile ? ts.createSourceFile(name, checkSource, version) : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === checkFile || fileExists(name);
  const program = ts.createProgram([checkFile], options, host, previous);
  previous = program;
  const files = [checkFile, join(ROOT, "src-renderer", "lib", "api", "electron.ts"), join(ROOT, "src-main", "electron", "bridge.ts")];
  return files.flatMap((f) => {
    const source = program.getSourceFile(f);
    if (!source) return [`${f} is not in the program`];
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
      .map((d) => `${f}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  });
}

const PRELUDE = `
import type { ElectronBridge } from "../../../src-renderer/lib/api/electron.js";
import type { Bridge } from "../../../src-main/electron/bridge.js";
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
`;

describe("the preload's Bridge type", () => {
  it("is the renderer's ElectronBridge, member for member", () => {
    expect(diagnose(`${PRELUDE}
      export const sameType: Same<Bridge, ElectronBridge> = true;
      export const sameKeys: Same<keyof Bridge, keyof ElectronBridge> = true;
      export const sameMenu: Same<Bridge["onMenu"], ElectronBridge["onMenu"]> = true;
      export const samePath: Same<Bridge["pathForFile"], ElectronBridge["pathForFile"]> = true;
    `)).toEqual([]);
  }, 60_000);

  it("would notice a difference (the check is not vacuous)", () => {
    const problems = diagnose(`${PRELUDE}
      export const differ: Same<Bridge, Omit<ElectronBridge, "onMenu">> = true;
    `);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/Type 'true' is not assignable to type 'false'/);
  }, 60_000);
});
