/**
 * The layering rules of ../shared/design/ARCHITECTURE.md, checked on the source text:
 *
 * - src-core is pure TypeScript: it imports nothing from `node:*`, Node's builtin modules, `electron`,
 *   `better-sqlite3` or `svelte`, no npm package outside CORE_PACKAGES, nothing outside src-core, and uses no
 *   DOM or Node globals (`document`, `window`, `fetch`, `localStorage`, `process`, `Buffer`, ...).
 * - src-renderer imports from src-main only the types of src-main/api/contract, from src-core only types and
 *   the pure modules in RENDERER_CORE (presentation, formula parsing, the where filter, role and cell helpers:
 *   so that the builder validates a formula with the parser the fit uses), never the fitting engine, and nothing
 *   from Node, Electron or SQLite. (ARCHITECTURE.md allows only src-core/present/; the renderer's validation
 *   needs the parser, and duplicating it would make two ways to read a formula.)
 *
 * Sources are parsed with the TypeScript compiler, so comments, strings and property names such as
 * `options.window` do not count. The first tests check the checker itself on made-up sources.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, posix, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** npm packages src-core may import (prefixes). The @stdlib distribution functions are pure JavaScript. */
const CORE_PACKAGES = ["@stdlib/"];
const FORBIDDEN_PACKAGES = ["electron", "better-sqlite3", "svelte"];
const FORBIDDEN_GLOBALS = new Set([
  // DOM
  "document", "window", "navigator", "HTMLElement", "localStorage", "sessionStorage", "XMLHttpRequest", "fetch",
  // Node
  "process", "Buffer", "require", "__dirname", "__filename", "global",
]);
const SOURCE = /\.(ts|mts|tsx|js|mjs|svelte)$/;
/** src-core modules (prefixes) whose values the renderer may import: pure and cheap, no fitting. */
const RENDERER_CORE = ["src-core/present/", "src-core/formula/", "src-core/design/where", "src-core/data/"];

type Layer = "core" | "renderer";
interface Violation { file: string; line: number; problem: string }

interface ImportRef { specifier: string | null; typeOnly: boolean; line: number }

const ROOT = join(import.meta.dirname, "..");

/** Checks one source file. `file` is its path from the repository root, with forward slashes. */
export function checkSource(file: string, text: string, layer: Layer): Violation[] {
  const violations: Violation[] = [];
  for (const { code, firstLine } of scripts(file, text)) {
    const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const lineOf = (node: ts.Node) => firstLine + source.getLineAndCharacterOfPosition(node.getStart(source)).line;
    for (const ref of imports(source, lineOf)) {
      const problem = layer === "core" ? coreImportProblem(file, ref) : rendererImportProblem(file, ref);
      if (problem) violations.push({ file, line: ref.line, problem });
    }
    if (layer === "core") {
      for (const g of globals(source, lineOf)) violations.push({ file, line: g.line, problem: `uses the global "${g.name}" (DOM or Node)` });
    }
  }
  return violations;
}

/** The TypeScript of a file: the whole of a .ts file, the <script> blocks of a .svelte file. */
function scripts(file: string, text: string): { code: string; firstLine: number }[] {
  if (!file.endsWith(".svelte")) return [{ code: text, firstLine: 1 }];
  const blocks: { code: string; firstLine: number }[] = [];
  for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    const start = (m.index ?? 0) + m[0].indexOf(">") + 1;
    blocks.push({ code: m[1], firstLine: text.slice(0, start).split("\n").length });
  }
  return blocks;
}

function imports(source: ts.SourceFile, lineOf: (n: ts.Node) => number): ImportRef[] {
  const refs: ImportRef[] = [];
  const literal = (e: ts.Node | undefined) => (e && ts.isStringLiteralLike(e) ? e.text : null);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : null;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      refs.push({ specifier: literal(node.moduleSpecifier), typeOnly, line: lineOf(node) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      refs.push({ specifier: literal(node.moduleSpecifier), typeOnly: node.isTypeOnly, line: lineOf(node) });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      refs.push({ specifier: literal(node.moduleReference.expression), typeOnly: node.isTypeOnly, line: lineOf(node) });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      refs.push({ specifier: literal(node.argument.literal), typeOnly: true, line: lineOf(node) });
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const dynamic = callee.kind === ts.SyntaxKind.ImportKeyword;
      const req = ts.isIdentifier(callee) && callee.text === "require";
      if (dynamic || req) refs.push({ specifier: literal(node.arguments[0]), typeOnly: false, line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return refs;
}

function isBuiltin(specifier: string): boolean {
  const base = specifier.startsWith("@") ? specifier : specifier.split("/")[0];
  return specifier.startsWith("node:") || builtinModules.includes(specifier) || builtinModules.includes(base);
}

function forbiddenPackage(specifier: string): string | null {
  return FORBIDDEN_PACKAGES.find((p) => specifier === p || specifier.startsWith(`${p}/`)) ?? null;
}

function resolveRelative(file: string, specifier: string): string {
  return posix.normalize(posix.join(posix.dirname(file), specifier));
}

function coreImportProblem(file: string, ref: ImportRef): string | null {
  const s = ref.specifier;
  if (s === null) return "imports a module whose name is computed at run time";
  if (isBuiltin(s)) return `imports the Node module "${s}"`;
  const pkg = forbiddenPackage(s);
  if (pkg) return `imports "${s}" (${pkg})`;
  if (s.startsWith(".")) {
    const target = resolveRelative(file, s);
    return target.startsWith("src-core/") ? null : `imports "${s}", outside src-core (${target})`;
  }
  if (s.startsWith("/")) return `imports the absolute path "${s}"`;
  return CORE_PACKAGES.some((p) => s.startsWith(p)) ? null : `imports the npm package "${s}", which is not on src-core's allow-list`;
}

function rendererImportProblem(file: string, ref: ImportRef): string | null {
  const s = ref.specifier;
  if (s === null) return null;
  if (isBuiltin(s)) return `imports the Node module "${s}"`;
  const pkg = forbiddenPackage(s);
  if (pkg && pkg !== "svelte") return `imports "${s}" (${pkg})`;
  if (!s.startsWith(".")) return null;
  const target = resolveRelative(file, s).replace(/\.(js|ts)$/, "");
  if (target.startsWith("src-main/")) {
    if (target !== "src-main/api/contract") return `imports "${s}" from src-main; only the types of src-main/api/contract are allowed`;
    return ref.typeOnly ? null : `imports "${s}" without "import type"; only the contract's types are allowed`;
  }
  if (target.startsWith("src-core/") && !ref.typeOnly && !RENDERER_CORE.some((p) => target.startsWith(p))) {
    return `imports "${s}" from src-core; only types and ${RENDERER_CORE.join(", ")} are allowed`;
  }
  return null;
}

/** References to forbidden globals: identifiers in expression or type position that the file does not declare. */
function globals(source: ts.SourceFile, lineOf: (n: ts.Node) => number): { name: string; line: number }[] {
  const declared = new Set<string>();
  const collect = (node: ts.Node): void => {
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node) || ts.isFunctionDeclaration(node) ||
      ts.isClassDeclaration(node) || ts.isImportSpecifier(node) || ts.isImportClause(node) || ts.isNamespaceImport(node)) &&
      node.name && ts.isIdentifier(node.name)) {
      declared.add(node.name.text);
    }
    ts.forEachChild(node, collect);
  };
  collect(source);

  const found: { name: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text) && !declared.has(node.text) && isReference(node)) {
      found.push({ name: node.text, line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** False for an identifier that only names a property, member, label or import/export binding. */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) {
    return ts.isIdentifier(p.expression) && ["globalThis", "self"].includes(p.expression.text);
  }
  if (ts.isQualifiedName(p) && p.right === id) return false;
  if (ts.isCallExpression(p) && p.expression === id && id.text === "require") return false; // reported as an import
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p) ||
    ts.isMethodSignature(p) || ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p) || ts.isEnumMember(p)) && p.name === id) {
    return false;
  }
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  return true;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (SOURCE.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out.sort();
}

function checkTree(folder: string, layer: Layer): string[] {
  return sourceFiles(join(ROOT, folder)).flatMap((path) => {
    const file = relative(ROOT, path).split("\\").join("/");
    return checkSource(file, readFileSync(path, "utf8"), layer).map((v) => `${v.file}:${v.line}: ${v.problem}`);
  });
}

describe("the layer checker (on made-up sources)", () => {
  const core = (text: string, file = "src-core/fit/x.ts") => checkSource(file, text, "core").map((v) => v.problem);
  const renderer = (text: string, file = "src-renderer/lib/x.ts") => checkSource(file, text, "renderer").map((v) => v.problem);

  it("finds Node, Electron, SQLite and Svelte imports in src-core, in every import form", () => {
    expect(core('import { readFileSync } from "node:fs";')).toEqual(['imports the Node module "node:fs"']);
    expect(core('import * as path from "path";')).toEqual(['imports the Node module "path"']);
    expect(core('import { Worker } from "worker_threads";')).toEqual(['imports the Node module "worker_threads"']);
    expect(core('export { readFile } from "fs/promises";')).toEqual(['imports the Node module "fs/promises"']);
    expect(core('const cp = require("child_process");')).toEqual(['imports the Node module "child_process"']);
    expect(core('const os = await import("os");')).toEqual(['imports the Node module "os"']);
    expect(core('import type { BrowserWindow } from "electron";')).toEqual(['imports "electron" (electron)']);
    expect(core('import Database from "better-sqlite3";')).toEqual(['imports "better-sqlite3" (better-sqlite3)']);
    expect(core('import { writable } from "svelte/store";')).toEqual(['imports "svelte/store" (svelte)']);
    expect(core("const m = await import(name);")).toEqual(["imports a module whose name is computed at run time"]);
  });

  it("allows only allow-listed npm packages and files inside src-core", () => {
    expect(core('import cdf from "@stdlib/stats-base-dists-t-cdf";')).toEqual([]);
    expect(core('import { Matrix } from "ml-matrix";')).toEqual(['imports the npm package "ml-matrix", which is not on src-core\'s allow-list']);
    expect(core('import { solve } from "../linalg/cholesky.js";')).toEqual([]);
    expect(core('import { readCsv } from "../../src-main/io/read-csv.js";')).toEqual([
      'imports "../../src-main/io/read-csv.js", outside src-core (src-main/io/read-csv.js)',
    ]);
  });

  it("finds DOM and Node globals, but not property names, comments, strings or local declarations", () => {
    expect(core("const t = document.title;")).toEqual(['uses the global "document" (DOM or Node)']);
    expect(core("const w = window.innerWidth;")).toEqual(['uses the global "window" (DOM or Node)']);
    expect(core('const r = await fetch("https://example.org");')).toEqual(['uses the global "fetch" (DOM or Node)']);
    expect(core('localStorage.setItem("a", "b");')).toEqual(['uses the global "localStorage" (DOM or Node)']);
    expect(core("let e: HTMLElement | null = null;")).toEqual(['uses the global "HTMLElement" (DOM or Node)']);
    expect(core("const n = process.env.N;")).toEqual(['uses the global "process" (DOM or Node)']);
    expect(core("const f = globalThis.fetch;")).toEqual(['uses the global "fetch" (DOM or Node)']);
    const clean = [
      "// document.title and fetch( in a comment",
      'const s = "window.fetch(x) in a string";',
      "const o = { window: 3, document: 1 }; const w = o.window + o.document;",
      "interface Opts { window: number }",
      "function smooth(x: number[], window: number) { return x.slice(0, window); }",
    ].join("\n");
    expect(core(clean)).toEqual([]);
  });

  it("reports the line, and reads the <script> blocks of .svelte files", () => {
    const svelte = '<script lang="ts">\n  let x = 1;\n  import fs from "node:fs";\n</script>\n<p>{x}</p>\n';
    expect(checkSource("src-core/present/x.svelte", svelte, "core")).toEqual([
      { file: "src-core/present/x.svelte", line: 3, problem: 'imports the Node module "node:fs"' },
    ]);
  });

  it("lets src-renderer import only the contract's types from src-main, and types or RENDERER_CORE from src-core", () => {
    expect(renderer('import type { Api } from "../../src-main/api/contract.js";')).toEqual([]);
    expect(renderer('import { type Api } from "../../src-main/api/contract";')).toEqual([]);
    expect(renderer('import { api } from "../../src-main/api/contract.js";')).toEqual([
      'imports "../../src-main/api/contract.js" without "import type"; only the contract\'s types are allowed',
    ]);
    expect(renderer('import { open } from "../../src-main/db/open.js";')).toEqual([
      'imports "../../src-main/db/open.js" from src-main; only the types of src-main/api/contract are allowed',
    ]);
    expect(renderer('import { tables } from "../../src-core/present/tables.js";')).toEqual([]);
    expect(renderer('import type { FitResult } from "../../src-core/result.js";')).toEqual([]);
    expect(renderer('import { formulaTerms } from "../../src-core/formula/terms.js";')).toEqual([]);
    expect(renderer('import { fitModel } from "../../src-core/index.js";')).toEqual([
      'imports "../../src-core/index.js" from src-core; only types and src-core/present/, src-core/formula/, src-core/design/where, src-core/data/ are allowed',
    ]);
    expect(renderer('import { reml } from "../../src-core/fit/reml.js";')).toHaveLength(1);
    expect(renderer('import { ipcRenderer } from "electron";')).toEqual(['imports "electron" (electron)']);
    expect(renderer('import { mount } from "svelte";\nimport * as echarts from "echarts";')).toEqual([]);
  });
});

describe("the repository", () => {
  it("src-core has source files to check", () => {
    expect(sourceFiles(join(ROOT, "src-core")).length).toBeGreaterThan(0);
  });

  it("src-core imports nothing from Node, Electron, SQLite, Svelte or the DOM, and only allow-listed packages", () => {
    expect(checkTree("src-core", "core")).toEqual([]);
  });

  it("src-renderer imports from src-main only the contract's types", () => {
    expect(checkTree("src-renderer", "renderer")).toEqual([]);
  });
});
