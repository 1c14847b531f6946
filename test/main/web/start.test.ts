/**
 * `npm start` (bin/start.js): without Electron's binary it runs `longitude serve` on the default database and
 * says so plainly; with a binary (here a stand-in script named by ELECTRON_OVERRIDE_DIST_PATH) it runs that.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_STUDY } from "../../../src-main/services/demo.js";
import { ROOT, childEnv, ensurePagesBuilt, openLaunchUrl, run } from "./process.js";

const dir = mkdtempSync(join(tmpdir(), "longitude-start-web-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => ensurePagesBuilt());

// This machine has no Electron binary (see ../shared/design/ENVIRONMENT.md); where one is installed, npm start
// would open it instead, and the fallback cannot be seen.
const electronInstalled = existsSync(join(ROOT, "node_modules", "electron", "path.txt"));
const TOKEN_URL = String.raw`(http:\/\/127\.0\.0\.1:(\d+)\/\?token=[A-Za-z0-9_-]{43})`;

describe.skipIf(electronInstalled)("npm start without Electron's binary", () => {
  it("serves the app on the default database (demo study created), says so plainly, and stops on Ctrl+C", async () => {
    const db = join(dir, "default.sqlite");
    const p = run("start.js", [], childEnv({ LONGITUDE_NO_BROWSER: "1", LONGITUDE_DB: db }));
    try {
      const [line, url, port] = await p.match(new RegExp(String.raw`^Electron's binary is not installed on this machine, so Longitude runs as a local web app at ${TOKEN_URL}\. Open that address in a browser; keep this window open, Ctrl\+C stops it\.\n`));
      expect(p.stdout()).toBe(line);
      const { status, cookie } = await openLaunchUrl(url);
      expect(status).toBe(303);
      const studies = await fetch(`http://127.0.0.1:${port}/api/call/listStudies`, { method: "POST", headers: { cookie }, body: "[]" });
      expect(studies.status).toBe(200);
      const { value } = (await studies.json()) as { value: { name: string; isDemo: boolean }[] };
      expect(value.map((s) => [s.name, s.isDemo])).toEqual([[DEMO_STUDY, true]]);
      const info = await fetch(`http://127.0.0.1:${port}/api/call/hostInfo`, { method: "POST", headers: { cookie }, body: "[]" });
      expect(await info.json()).toMatchObject({ value: { kind: "web", dbPath: db, exportRoot: join(dir, "reports") } });
      p.child.kill("SIGINT");
      expect(await p.exit).toEqual({ code: 0, signal: null });
      expect(p.stderr()).toBe("");
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow(); // the server went with it
    } finally {
      p.child.kill("SIGKILL");
    }
  });

  it("names a missing ELECTRON_OVERRIDE_DIST_PATH binary as the reason, then serves", async () => {
    const empty = join(dir, "no-electron");
    mkdirSync(empty);
    const p = run("start.js", [], childEnv({ LONGITUDE_NO_BROWSER: "1", LONGITUDE_DB: join(dir, "override.sqlite"), ELECTRON_OVERRIDE_DIST_PATH: empty }));
    try {
      await p.match(new RegExp(String.raw`^ELECTRON_OVERRIDE_DIST_PATH is set, but ${empty.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\/electron does not exist, so Longitude runs as a local web app at ${TOKEN_URL}\. `));
      p.child.kill("SIGTERM");
      expect(await p.exit).toEqual({ code: 0, signal: null });
    } finally {
      p.child.kill("SIGKILL");
    }
  });
});

describe.skipIf(process.platform === "win32")("npm start with Electron's binary", () => {
  it("runs the binary named by ELECTRON_OVERRIDE_DIST_PATH on the package root and exits with its code", async () => {
    const fake = join(dir, "electron-dist");
    mkdirSync(fake);
    const argsFile = join(dir, "electron-args.txt");
    writeFileSync(join(fake, "electron"), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\nexit 7\n`, { mode: 0o755 });
    const p = run("start.js", [], childEnv({ LONGITUDE_NO_BROWSER: "1", LONGITUDE_DB: join(dir, "electron.sqlite"), ELECTRON_OVERRIDE_DIST_PATH: fake }));
    const { code } = await p.exit;
    expect(p.stderr()).not.toContain("error:");
    expect(code).toBe(7);
    expect(readFileSync(argsFile, "utf8")).toBe(`${ROOT}\n`);
    expect(p.stdout()).not.toContain("local web app");
  });
});
