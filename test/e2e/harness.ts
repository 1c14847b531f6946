/**
 * What the end-to-end walks share: the real app behind `longitude serve` (its own process, a temporary
 * database), Debian's Chromium driven by playwright-core, and the checks every page must pass — no console
 * errors, no request leaving 127.0.0.1 — plus a screenshot of every step.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const ROOT = join(import.meta.dirname, "..", "..");
export const CHROMIUM = "/usr/bin/chromium";

/** Whether the browser suite can run; CI (LONGITUDE_REQUIRE_BROWSER=1) fails instead of skipping. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.LONGITUDE_REQUIRE_BROWSER === "1") throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  console.warn(`skipping the end-to-end suite: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  return false;
}

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Rebuilds dist/renderer when a renderer or src-core source is newer than it (run once, by global-setup.ts). */
export function ensureRendererBuilt(): void {
  const index = join(ROOT, "dist", "renderer", "index.html");
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(newest(join(ROOT, "src-renderer")), newest(join(ROOT, "src-core")));
  if (sources <= built) return;
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "build-renderer.js")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`building the renderer failed:\n${r.stderr}`);
}

export interface Host { url: string; origin: string; process: ChildProcess; stop(): Promise<number | null> }

/**
 * Starts `longitude serve` on a free port and resolves with its launch URL (with the session token). The
 * database is given as LONGITUDE_DB, the way the app's default database is, so a new one gets the demo study.
 */
export async function startHost(db: string, exportRoot: string): Promise<Host> {
  const child = spawn(process.execPath, [join(ROOT, "bin", "longitude.js"), "serve", "--port", "0", "--export-root", exportRoot], {
    stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LONGITUDE_DB: db },
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /Longitude is serving on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`longitude serve exited (${code}) before printing its URL:\n${out}\n${err}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    process: child,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) { resolve(child.exitCode); return; }
      child.on("exit", (code) => resolve(code));
      child.kill("SIGTERM");
    }),
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
}

/** A page with the checks every page must pass recorded as it runs. */
export interface Watched {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  /** Requests to anywhere but the host (they are also aborted, so nothing leaves the machine). */
  outside: string[];
  shot(name: string): Promise<string>;
}

export async function watchedPage(browser: Browser, host: Host, suite: string): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: host.origin });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const outside: string[] = [];
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(`uncaught: ${e.message}`));
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === "data:" || u.protocol === "blob:" || (u.hostname === "127.0.0.1" && u.origin === host.origin)) return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  const dir = join(ROOT, "test", "e2e", "screenshots", suite);
  rmSync(dir, { recursive: true, force: true }); // a run's screenshots only, numbered in the order taken
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return {
    page, context, consoleErrors, outside,
    async shot(name: string) {
      const path = join(dir, `${String(++n).padStart(2, "0")}-${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
  };
}
