/**
 * The app:// protocol: the renderer's files (dist/renderer) served to the window under app://longitude/.
 * A privileged standard scheme rather than file:// because file:// pages share one opaque origin with every
 * other file on disk, cannot be given a Content-Security-Policy header, and make fetch and ES modules awkward.
 */
import type { CustomScheme } from "electron";
import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { contentType } from "../content-types.js";
import { CONTENT_SECURITY_POLICY } from "../security.js";
import { APP_SCHEME, isAppUrl } from "./policy.js";

/** Registered before the app is ready. `standard` gives the scheme an origin and relative URLs; `secure`
 * makes it a secure context (the clipboard API needs one); `supportFetchAPI` lets the page fetch its assets. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};



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
