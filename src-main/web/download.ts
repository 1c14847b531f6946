/**
 * GET /api/download?path=…: hands a report file to the browser, which has no other way to reach a file the
 * service wrote. Only files that an exportReport answer listed, through this host since it started, are
 * served; any other path is answered as if it did not exist, so the endpoint cannot be used to read the disk.
 */
import { createReadStream, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { basename, resolve } from "node:path";
import { contentType } from "../content-types.js";
import { HttpError } from "./responses.js";


/** An attachment header that survives any file name: a plain ASCII fallback and the exact UTF-8 name. */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function serveDownload(res: ServerResponse, requested: string | null, exported: ReadonlySet<string>): void {
  const path = requested ? resolve(requested) : null;
  let size: number | null = null;
  if (path && exported.has(path)) {
    try {
      const stat = statSync(path);
      if (stat.isFile()) size = stat.size;
    } catch { /* removed since the export: not found */ }
  }
  if (path === null || size === null) throw new HttpError(404, "there is no such report file to download; export the report again");
  res.writeHead(200, {
    "Content-Type": contentType(path),
    "Content-Length": size,
    "Content-Disposition": attachmentHeader(basename(path)),
  });
  createReadStream(path).on("error", () => res.destroy()).pipe(res);
}
