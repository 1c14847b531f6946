#!/usr/bin/env node
// Bundles the TypeScript entry points into dist/ with esbuild. Run by `npm install` (prepare) and by
// bin/longitude.js whenever a source file is newer than the bundle.
import { buildSync } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { renameSync, mkdirSync } from "node:fs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entries = { cli: "src-main/cli.ts", "fit-worker": "src-main/workers/fit-worker.ts", bench: "bench/run.ts", coverage: "bench/coverage/run.ts" };

export function build(names = Object.keys(entries)) {
  mkdirSync(join(root, "dist"), { recursive: true });
  for (const name of names) {
    const out = join(root, "dist", `${name}.mjs`);
    const tmp = `${out}.${process.pid}.tmp`;
    buildSync({
      entryPoints: [join(root, entries[name])],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile: tmp,
      sourcemap: "inline",
      logLevel: "error",
      // a native addon: it finds its compiled .node file relative to its own package, so it is loaded from
      // node_modules at run time rather than bundled
      // pdfkit, svg-to-pdfkit and echarts read their data files (fonts metrics, ICC profile) from beside their own
      // code, so they too are loaded from node_modules
      external: ["better-sqlite3", "pdfkit", "svg-to-pdfkit", "echarts", "fontkit"],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    renameSync(tmp, out); // atomic: parallel test workers never see a half-written bundle
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) build();
