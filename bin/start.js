#!/usr/bin/env node
// `npm start`: the desktop app in Electron when its binary is on this machine; otherwise the same app as a
// local web page (`longitude serve`) opened in the default browser. Electron's binary is looked for without
// require("electron"), whose index.js would try to download it.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Where the electron package would put its binary: what its index.js computes, without the download. */
function electronBinary(env) {
  const pkg = join(root, "node_modules", "electron");
  const pathFile = join(pkg, "path.txt");
  const relative = existsSync(pathFile) ? readFileSync(pathFile, "utf8").trim() : "";
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || (process.platform === "win32" ? "electron.exe" : "electron"));
    if (existsSync(binary)) return { binary };
    return { missing: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${binary} does not exist` };
  }
  if (relative && existsSync(join(pkg, "dist", relative))) return { binary: join(pkg, "dist", relative) };
  return { missing: "Electron's binary is not installed on this machine" };
}

/** Runs a child until it exits, passing on Ctrl+C and SIGTERM; resolves with its exit code. */
function supervise(child) {
  const forward = (signal) => { if (child.exitCode === null) child.kill(signal); };
  const onInt = () => forward("SIGINT");
  const onTerm = () => forward("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return new Promise((resolve) => {
    child.on("error", (e) => {
      process.stderr.write(`error: cannot start ${child.spawnfile}: ${e.message}\n`);
      resolve(2);
    });
    child.on("exit", (code, signal) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(code ?? (signal === "SIGINT" ? 130 : 1));
    });
  });
}

/** The command that opens a URL in the default browser, per platform. */
function browserCommand(url) {
  if (process.platform === "darwin") return { command: "open", args: [url] };
  // `start` is a cmd built-in; its first quoted argument is a window title, hence the empty one
  if (process.platform === "win32") return { command: "cmd", args: ["/c", "start", '""', `"${url}"`], options: { windowsVerbatimArguments: true } };
  return { command: "xdg-open", args: [url] };
}

/** Opens the URL; resolves with null when the opener started and exited well, else with what went wrong. */
function openBrowser(url) {
  const { command, args, options } = browserCommand(url);
  return new Promise((resolve) => {
    const opener = spawn(command, args, { stdio: "ignore", detached: true, ...options });
    opener.on("error", (e) => resolve(`${command} could not be run (${e.message})`));
    opener.on("exit", (code) => resolve(code === 0 ? null : `${command} exited with code ${code}`));
    // some openers stay until the browser closes; having started without an error is success enough
    setTimeout(() => { opener.unref(); resolve(null); }, 5000).unref();
  });
}

async function runElectron(binary) {
  const main = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).main;
  if (main && !existsSync(join(root, main))) {
    process.stdout.write(`Building the desktop app (${main}) first…\n`);
    const built = await supervise(spawn(process.execPath, [join(root, "bin", "build.js")], { stdio: "inherit" }));
    if (built !== 0) return built;
    if (!existsSync(join(root, main))) {
      process.stderr.write(`error: the build did not write ${main}, the desktop app's main process; run npm run build and look for errors\n`);
      return 2;
    }
  }
  return supervise(spawn(binary, [root], { stdio: "inherit" }));
}

async function runWeb(reason) {
  if (!existsSync(join(root, "dist", "renderer", "index.html"))) {
    process.stdout.write("Building the app's pages (once)…\n");
    const built = await supervise(spawn(process.execPath, [join(root, "bin", "build-renderer.js")], { stdio: "inherit" }));
    if (built !== 0) return built;
  }
  // bin/longitude.js rebuilds dist/cli.mjs itself when a source is newer
  const child = spawn(process.execPath, [join(root, "bin", "longitude.js"), "serve", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = supervise(child);
  const lines = createInterface({ input: child.stdout });
  let announced = false;
  lines.on("line", async (line) => {
    const url = /^Longitude is serving on (\S+)$/.exec(line)?.[1];
    if (announced || url === undefined) {
      // serve's own "Press Ctrl+C" line is said below in other words; anything else is passed on
      if (line !== "Press Ctrl+C to stop.") process.stdout.write(`${line}\n`);
      return;
    }
    announced = true;
    const intro = `${reason}, so Longitude runs as a local web app at ${url}`;
    if (process.env.LONGITUDE_NO_BROWSER === "1") {
      process.stdout.write(`${intro}. Open that address in a browser; keep this window open, Ctrl+C stops it.\n`);
      return;
    }
    const failure = await openBrowser(url);
    process.stdout.write(failure === null
      ? `${intro}. It opened in your default browser; keep this window open, Ctrl+C stops it.\n`
      : `${intro}. Opening your default browser failed (${failure}); open that address yourself. Keep this window open; Ctrl+C stops it.\n`);
  });
  const code = await exited;
  if (!announced) process.stderr.write(`error: the local web app did not start (longitude serve exited with code ${code})\n`);
  return code;
}

const found = electronBinary(process.env);
process.exitCode = found.binary ? await runElectron(found.binary) : await runWeb(found.missing);
