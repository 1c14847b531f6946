import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package root: the nearest folder above this module that holds Longitude's package.json. This module
 * runs both from source (src-main/paths.ts, under Vitest) and bundled (dist/cli.mjs), so paths to bundled
 * files such as the demo data are resolved from the root, never from this file's own folder.
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate) && readPackage(candidate)?.name === "longitude") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find Longitude's package.json above ${from}`);
    dir = parent;
  }
}

/** Longitude's version, from package.json. */
export function packageVersion(): string {
  return readPackage(join(packageRoot(), "package.json"))?.version ?? "unknown";
}

function readPackage(path: string): { name?: string; version?: string } | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as { name?: string; version?: string };
  } catch {
    return null;
  }
}
