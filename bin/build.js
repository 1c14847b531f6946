#!/usr/bin/env node
// Bundles the TypeScript entry points into dist/ with esbuild. Run by `npm install` (prepare) and by
// bin/longitude.js whenever a source file is newer than the bundle.
import { buildSync } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { renameSync, mkdirSync } from "node:fs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// a native addon: it finds its compiled .node file relative to its own package, so it is loaded from
// node_modules at run time rather than bundled
// pdfkit, svg-to-pdfkit and echarts read their data files (fonts metrics, ICC profile) from beside their own
// code, so they too are loaded from node_modules
const nodeExternals = ["better-sqlite3", "pdfkit", "svg-to-pdfkit", "echarts", "fontkit"];
const createRequireBanner = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

const entries = {
  cli: { source: "src-main/cli.ts" },
  "fit-worker": { source: "src-main/workers/fit-worker.ts" },
  bench: { source: "bench/run.ts" },
  coverage: { source: "bench/coverage/run.ts" },
  // "electron" is provided by the Electron runtime itself; bundling the npm package would pull in its
  // binary downloader instead
  "electron-main": { source: "src-main/electron/main.ts", external: ["electron"] },
  // A sandboxed preload is a classic script whose `require` knows only Electron's modules: one CommonJS
  // file, no Node externals, no createRequire banner (it would need node:module).
  "electron-preload": {
    source: "src-main/electron/preload.ts",
    outExtension: ".cjs",
    options: { format: "cjs", platform: "browser", target: "chrome140", external: ["electron"], banner: {} },
  },
};

export function build(names = Object.keys(entries)) {
  mkdirSync(join(root, "dist"), { recursive: true });
  for (const name of names) {
    const entry = entries[name];
    if (!entry) throw new Error(`unknown bundle "${name}"; known: ${Object.keys(entries).join(", ")}`);
    const out = join(root, "dist", `${name}${entry.outExtension ?? ".mjs"}`);
    const tmp = `${out}.${process.pid}.tmp`;
    buildSync({
      entryPoints: [join(root, entry.source)],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile: tmp,
      sourcemap: "inline",
      logLevel: "error",
      external: [...nodeExternals, ...(entry.external ?? [])],
      banner: { js: createRequireBanner },
      ...entry.options,
    });
    renameSync(tmp, out); // atomic: parallel test workers never see a half-written bundle
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) build();
