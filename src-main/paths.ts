import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
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

/** A package.json's name and version; null when it cannot be read. */
export function readPackage(path: string): { name?: string; version?: string } | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as { name?: string; version?: string };
  } catch {
    return null;
  }
}

/**
 * The default study database: `LONGITUDE_DB` if set, else longitude.sqlite in the OS user data folder, the
 * same folder Electron's app.getPath("userData") gives for an app named Longitude, so the app and the
 * command line share it: ~/.config/Longitude on Linux ($XDG_CONFIG_HOME if set), %APPDATA%\Longitude on
 * Windows, ~/Library/Application Support/Longitude on macOS.
 */
export function defaultDatabasePath(env: Readonly<Record<string, string | undefined>> = process.env, platform: string = process.platform): string {
  if (env.LONGITUDE_DB) return env.LONGITUDE_DB;
  const home = env.HOME ?? homedir();
  const base = platform === "win32" ? (env.APPDATA ?? join(home, "AppData", "Roaming"))
    : platform === "darwin" ? join(home, "Library", "Application Support")
    : (env.XDG_CONFIG_HOME ?? join(home, ".config"));
  return join(base, "Longitude", "longitude.sqlite");
}
