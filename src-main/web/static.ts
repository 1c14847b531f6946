/** The renderer's built pages (dist/renderer), served as files under the server's root. */
import { createReadStream, existsSync, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { join, resolve, sep } from "node:path";
import { contentType } from "../content-types.js";
import { InputError } from "../errors.js";
import { HttpError } from "./responses.js";



/** Fails at start, not at the first page, when the renderer has not been built. */
export function checkPagesBuilt(staticDir: string): void {
  if (!existsSync(join(staticDir, "index.html"))) throw new InputError("the app's pages are not built; run npm run build");
}

/**
 * The file a URL path names inside `root`, or null. The path is decoded here, after the URL parser has
 * already removed plain `..` segments, so an encoded separator (`..%2f`) is what this must catch.
 */
export function staticFile(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === "/" ? "/index.html" : pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const base = resolve(root);
  const file = resolve(base, `.${decoded}`);
  if (!file.startsWith(base + sep)) return null;
  if (decoded.split("/").some((segment) => segment.startsWith("."))) return null; // no dotfiles, no partial uploads
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

export function serveStatic(res: ServerResponse, root: string, pathname: string, headOnly: boolean): void {
  const file = staticFile(root, pathname);
  if (!file) throw new HttpError(404, `there is no page ${pathname}`);
  res.writeHead(200, { "Content-Type": contentType(file), "Content-Length": statSync(file).size });
  if (headOnly) { res.end(); return; }
  createReadStream(file).on("error", () => res.destroy()).pipe(res);
}
