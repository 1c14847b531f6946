/** Child processes for the tests of `longitude serve` and `npm start`: their output, their first URL, their exit. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..", "..");

export interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of `pattern` in stdout (waiting for it), or rejects when the child exits first. */
  match(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function run(script: string, args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [join(ROOT, "bin", script), ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (c: string) => { out += c; });
  child.stderr!.setEncoding("utf8").on("data", (c: string) => { err += c; });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return {
    child, exit, stdout: () => out, stderr: () => err,
    match: (pattern, timeoutMs = 90_000) => new Promise((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(out);
        if (!m) return false;
        clearTimeout(timer);
        child.stdout!.off("data", check);
        resolve(m);
        return true;
      };
      const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; stdout: ${out}; stderr: ${err}`)), timeoutMs);
      if (check()) return;
      child.stdout!.on("data", check);
      void exit.then(({ code }) => { if (!check()) { clearTimeout(timer); reject(new Error(`exited with ${code} before ${pattern}; stdout: ${out}; stderr: ${err}`)); } });
    }),
  };
}

/** The server-rendered pages must exist for the command to start; build them once if this checkout has not. */
export function ensurePagesBuilt(): void {
  if (existsSync(join(ROOT, "dist", "renderer", "index.html"))) return;
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "build-renderer.js")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`building the renderer failed: ${r.stderr}`);
}

/** The environment of a child: this one's, without an Electron override or a browser setting unless given. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  delete env.LONGITUDE_NO_BROWSER;
  return { ...env, ...extra };
}

/** Opens the launch URL as a browser would: the 303 and its cookie. */
export async function openLaunchUrl(url: string): Promise<{ status: number; cookie: string; location: string | null }> {
  const r = await fetch(url, { redirect: "manual" });
  const setCookie = r.headers.get("set-cookie") ?? "";
  return { status: r.status, cookie: setCookie.split(";")[0], location: r.headers.get("location") };
}
