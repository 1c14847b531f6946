import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import config from "../../../electron.config.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");

describe("the packaging configuration", () => {
  it("targets Windows, macOS and Linux installers", () => {
    expect(config.win.target).toEqual(["nsis"]);
    expect(config.mac.target).toEqual(["dmg"]);
    expect(config.linux.target).toEqual(["AppImage", "deb"]);
    expect(config.productName).toBe("Longitude");
  });

  it("packs what the app reads at run time, and keeps better-sqlite3's library outside the archive", () => {
    for (const pattern of ["dist/**", "migrations/**", "package.json", "src-main/demo/fev_data.csv", "src-main/demo/fev_mmrm.spec.json"]) {
      expect(config.files).toContain(pattern);
    }
    // the demo files named are the ones the first run imports
    expect(existsSync(join(ROOT, "src-main", "demo", "fev_data.csv"))).toBe(true);
    expect(existsSync(join(ROOT, "src-main", "demo", "fev_mmrm.spec.json"))).toBe(true);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(["node_modules/better-sqlite3/**/*.node"]);
    expect(config.npmRebuild).toBe(true);
    // the packaged app starts where `electron .` starts in development: package.json's main
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { main: string };
    expect(config.extraMetadata?.main).toBe(pkg.main);
    expect(pkg.main).toBe("dist/electron-main.mjs");
  });
});
