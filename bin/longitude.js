#!/usr/bin/env node
// The Longitude command line. The code lives in src-main/cli.ts; this file rebuilds the bundle when a
// source is newer than it, then runs it.
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import { statSync, readdirSync, existsSync } from "node:fs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist", "cli.mjs");

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith(".ts")) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const stale = () => {
  if (!existsSync(bundle)) return true;
  const built = statSync(bundle).mtimeMs;
  return ["src-core", "src-main"].some((d) => existsSync(join(root, d)) && newest(join(root, d)) > built);
};

if (stale()) {
  try {
    const { build } = await import("./build.js");
    build(["cli", "fit-worker"]);
  } catch (e) {
    if (!existsSync(bundle)) {
      process.stderr.write(`error: cannot build the command line (${e.message}); run npm install\n`);
      process.exit(2);
    }
  }
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
