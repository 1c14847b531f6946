import type { IncomingMessage } from "node:http";
import { HttpError } from "./responses.js";

/** The largest body an operation's arguments may take (uploads have their own limit). */
export const CALL_BODY_LIMIT = 10 * 2 ** 20;

export function sizeText(bytes: number): string {
  return bytes >= 2 ** 30 ? `${bytes / 2 ** 30} GiB` : `${bytes / 2 ** 20} MB`;
}

/** Refuses a body announced as too large before reading any of it. */
export function checkDeclaredLength(req: IncomingMessage, limit: number, what: string): void {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, `${what} is larger than ${sizeText(limit)}, the most the local server accepts`);
}

/** Reads a request's body as JSON (empty: undefined), refusing more than `limit` bytes with 413. */
export async function readJsonBody(req: IncomingMessage, limit: number, what: string): Promise<unknown> {
  checkDeclaredLength(req, limit, what);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `${what} is larger than ${sizeText(limit)}, the most the local server accepts`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new HttpError(400, `${what} is not valid JSON: ${(e as Error).message}`);
  }
}
