/**
 * POST /api/upload: the web host's stand-in for a native "open file" dialog. The browser sends the file's
 * bytes; they are stored under the uploads folder and the renderer gets back a path the service can read.
 * The uploads folder lives beside the database by default, so that an imported dataset's recorded source
 * path keeps pointing at a file that exists.
 */
import { createWriteStream, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { join, resolve } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { checkDeclaredLength, sizeText } from "./body.js";
import { HttpError } from "./responses.js";

export const UPLOAD_LIMIT = 4 * 2 ** 30;

/** The file's own name from the x-file-name header; a path, or anything that is not a plain name, is refused. */
export function uploadName(header: string | string[] | undefined): string {
  if (typeof header !== "string" || header === "") throw new HttpError(400, "an upload needs the file's name in the x-file-name header");
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    throw new HttpError(400, "the x-file-name header is not a valid encoded file name");
  }
  // on Windows, ":" would name an alternate data stream and the others are not allowed in names at all
  const forbidden = process.platform === "win32" ? /[/\\\x00-\x1f<>:"|?*]/ : /[/\\\x00-\x1f]/;
  if (name.trim() === "" || name === "." || name === ".." || forbidden.test(name)) {
    throw new HttpError(400, `"${name}" is not a file name; an upload takes the file's name alone, without folders`);
  }
  if (Buffer.byteLength(name) > 255) throw new HttpError(400, "the file's name is longer than 255 bytes");
  return name;
}

/** A sortable, unique folder per upload: two files of one name, or one file sent twice, never collide. */
function uploadFolder(uploadDir: string): string {
  mkdirSync(uploadDir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return mkdtempSync(join(uploadDir, `${stamp}-`));
}

/**
 * Streams the request body to <uploadDir>/<unique folder>/<name>. The bytes go to a hidden temporary name and
 * are renamed only once complete, and a failed or refused upload removes its folder, so a half-received file
 * is never left where an import could pick it up.
 */
export async function receiveUpload(req: IncomingMessage, uploadDir: string): Promise<string> {
  const name = uploadName(req.headers["x-file-name"]);
  checkDeclaredLength(req, UPLOAD_LIMIT, `the file ${name}`);
  const folder = uploadFolder(resolve(uploadDir));
  const partial = join(folder, `.${name}.partial`);
  let received = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > UPLOAD_LIMIT) done(new HttpError(413, `the file ${name} is larger than ${sizeText(UPLOAD_LIMIT)}, the most the local server accepts`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(req, limit, createWriteStream(partial, { flags: "wx", mode: 0o600 }));
    const path = join(folder, name);
    renameSync(partial, path);
    return path;
  } catch (e) {
    rmSync(folder, { recursive: true, force: true });
    throw e;
  }
}
