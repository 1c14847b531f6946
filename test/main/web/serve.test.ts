/**
 * `longitude serve` (src-main/web/serve-command.ts): as a process (the printed URL, the built pages, SIGTERM
 * and SIGINT ending it with 0) and in-process through main() for its options and errors.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../src-main/cli.js";
import { SERVE_HELP } from "../../../src-main/cli/help.js";
import { CONTENT_SECURITY_POLICY } from "../../../src-main/security.js";
import { LongitudeService } from "../../../src-main/services/service.js";
import { serveCommand } from "../../../src-main/web/serve-command.js";
import { startWebHost } from "../../../src-main/web/server.js";
import { ROOT, childEnv, ensurePagesBuilt, openLaunchUrl, run } from "./process.js";

const URL_LINE = /^Longitude is serving on (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43}))\n/;

const dir = mkdtempSync(join(tmpdir(), "longitude-serve-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => ensurePagesBuilt());

async function cli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: {} });
  return { code, stdout, stderr };
}

describe("longitude serve, as a process", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`prints the launch URL, serves the built app and the database, and exits 0 on ${signal}`, async () => {
      const db = join(dir, `${signal}.sqlite`);
      const p = run("longitude.js", ["serve", "--db", db, "--port", "0"], childEnv({}));
      try {
        const [, url, port] = await p.match(/^Longitude is serving on (\S+:(\d+)\S*)\nPress Ctrl\+C to stop\.\n/);
        expect(p.stdout()).toMatch(URL_LINE);
        expect(p.stdout().split("\n")).toEqual([`Longitude is serving on ${url}`, "Press Ctrl+C to stop.", ""]);
        const launch = await openLaunchUrl(url);
        expect(launch).toMatchObject({ status: 303, location: "/" });
        const page = await fetch(`http://127.0.0.1:${port}/`, { headers: { cookie: launch.cookie } });
        expect(page.status).toBe(200);
        expect(page.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
        expect(await page.text()).toBe(readFileSync(join(ROOT, "dist", "renderer", "index.html"), "utf8"));
        const studies = await fetch(`http://127.0.0.1:${port}/api/call/listStudies`, { method: "POST", headers: { cookie: launch.cookie }, body: "[]" });
        expect(await studies.json()).toEqual({ value: [] }); // a database named with --db gets no demo study
        const info = await fetch(`http://127.0.0.1:${port}/api/call/hostInfo`, { method: "POST", headers: { cookie: launch.cookie }, body: "[]" });
        expect(await info.json()).toMatchObject({ value: { kind: "web", dbPath: db, exportRoot: join(dir, "reports") } });
        p.child.kill(signal);
        expect(await p.exit).toEqual({ code: 0, signal: null });
        expect(p.stderr()).toBe("");
        await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
      } finally {
        p.child.kill("SIGKILL");
      }
    });
  }

  it("fails at start, exit 2, when a given port is taken", async () => {
    const service = await LongitudeService.open({ dbPath: join(dir, "taken.sqlite") });
    const host = await startWebHost({ service });
    try {
      const r = await cli(["serve", "--db", join(dir, "taken.sqlite"), "--port", String(host.port)]);
      expect(r).toEqual({ code: 2, stdout: "", stderr: `error: port ${host.port} on 127.0.0.1 is already in use; choose another port, or 0 for any free one\n` });
    } finally {
      await host.close();
      service.close();
    }
  });
});

describe("longitude serve, in-process", () => {
  it("takes --export-root, and returns 0 once stopped", async () => {
    let stdout = "";
    let stop!: () => void;
    const stopped = new Promise<void>((r) => { stop = r; });
    const exportRoot = join(dir, "exports here");
    const done = serveCommand(["--db", join(dir, "in-process.sqlite"), "--export-root", exportRoot], { stdout: (t) => { stdout += t; }, stderr: () => {}, env: {} }, () => stopped);
    for (let i = 0; i < 200 && !stdout.includes("\n"); i++) await new Promise((r) => setTimeout(r, 10));
    const [, url, port] = URL_LINE.exec(stdout)!;
    const { cookie } = await openLaunchUrl(url);
    const info = await fetch(`http://127.0.0.1:${port}/api/call/hostInfo`, { method: "POST", headers: { cookie }, body: "[]" });
    expect(await info.json()).toMatchObject({ value: { exportRoot } });
    stop();
    expect(await done).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  it("refuses a bad port or an unknown option (exit 2, one line)", async () => {
    for (const port of ["abc", "70000", "-1", "1.5"]) {
      expect(await cli(["serve", "--db", join(dir, "x.sqlite"), "--port", port]))
        .toEqual({ code: 2, stdout: "", stderr: `error: --port takes a port number from 0 to 65535 (0: any free port); got "${port}"\n` });
    }
    expect(await cli(["serve", "--verbose"])).toEqual({ code: 2, stdout: "", stderr: 'error: unknown option "--verbose" for "serve"; run longitude serve --help\n' });
  });

  it("has help, and is among the commands", async () => {
    for (const argv of [["serve", "--help"], ["serve", "-h"], ["help", "serve"]]) expect(await cli(argv)).toEqual({ code: 0, stdout: SERVE_HELP, stderr: "" });
    expect(SERVE_HELP).toMatch(/^Usage: longitude serve \[--db DB\] \[--port N\] \[--export-root DIR\]\n/);
    expect((await cli(["help"])).stdout).toContain("  longitude serve [--db DB] [--port N] [--export-root DIR]\n");
    expect((await cli(["nonsense"])).stderr).toContain("the commands are fit, report, compare, structures, import, datasets, studies, audit, serve, demo and help");
  });
});
