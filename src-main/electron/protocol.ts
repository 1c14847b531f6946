/**
 * The app:// protocol: the renderer's files (dist/renderer) served to the window under app://longitude/.
 * A privileged standard scheme rather than file:// because file:// pages share one opaque origin with every
 * other file on disk, cannot be given a Content-Security-Policy header, and make fetch and ES modules awkward.
 */
import type { CustomScheme } from "electron";
import { readFile } from "node:fs/promises";
import { extname, isAbsolute, relative, resolve } from "node:path";
import { CONTENT_SECURITY_POLICY } from "../security.js";
import { APP_SCHEME, isAppUrl } from "./policy.js";

/** Registered before the app is ready. `standard` gives the scheme an origin and relative URLs; `secure`
 * makes it a secure context (the clipboard API needs one); `supportFetchAPI` lets the page fetch its assets. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".wasm": "application/wasm",
};

/** Chromium refuses module scripts served with a wrong type, so every file the renderer build makes is listed. */
export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

/**
 * The file an app:// URL names under `root`, or null when the URL is not the app's or would reach outside
 * `root`. Segments are checked after percent-decoding, because the URL parser only removes literal dot
 * segments: `%2e%2e%2f` and `..%5c` arrive intact and would climb out once decoded.
 */
export function resolveAppPath(root: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  const segments = new URL(url).pathname.split("/").filter((s) => s !== "");
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    return null; // malformed percent-encoding
  }
  // ":" too: on Windows a segment such as "C:" or "file:stream" names another drive or an alternate stream
  if (decoded.some((s) => s === "." || s === ".." || /[/\\\0:]/.test(s))) return null;
  const base = resolve(root);
  const full = resolve(base, ...(decoded.length === 0 ? ["index.html"] : decoded));
  const inside = relative(base, full);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) return null;
  return full;
}

/** The headers every answer carries, errors included, so that no page of the app is ever without its CSP. */
function headers(type: string): Headers {
  return new Headers({
    "Content-Type": type,
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: headers("text/plain; charset=utf-8") });
}

/** The handler given to protocol.handle: a file of `root` for GET and HEAD, else an error status. */
export async function appResponse(root: string, url: string, method = "GET"): Promise<Response> {
  if (method !== "GET" && method !== "HEAD") return plain(405, "Method not allowed");
  const path = resolveAppPath(root, url);
  if (path === null) return plain(404, "Not found");
  let body: Buffer;
  try {
    body = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR") return plain(404, "Not found");
    return plain(500, "Cannot read the file");
  }
  return new Response(method === "HEAD" ? null : new Uint8Array(body), { status: 200, headers: headers(contentType(path)) });
}
