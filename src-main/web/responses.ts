import type { ServerResponse } from "node:http";
import { CONTENT_SECURITY_POLICY } from "../security.js";

/** A refusal with its HTTP status, thrown by the request handlers and answered by the router. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "HttpError";
  }
}

/**
 * Headers every answer carries, whatever it is: the page's CSP must hold for error pages too, and nothing the
 * server says (study data, the session) belongs in a cache. The renderer's hashed assets never change under
 * their names, so only they may be kept.
 */
export function setCommonHeaders(res: ServerResponse, pathname: string): void {
  res.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("Cache-Control", pathname.startsWith("/assets/") ? "private, max-age=31536000, immutable" : "no-store");
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** The API's error shape, which the renderer's web client reads: {"error": {"message", "code"?}}. */
export function sendJsonError(res: ServerResponse, status: number, message: string, code?: string): void {
  sendJson(res, status, { error: code === undefined ? { message } : { message, code } });
}

/** A refusal as a small page for a browser tab, or as the API's JSON error for the renderer's calls. */
export function sendRefusal(res: ServerResponse, pathname: string, status: number, message: string): void {
  if (pathname.startsWith("/api/")) { sendJsonError(res, status, message); return; }
  const html = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Longitude</title></head>`
    + `<body><p>${escapeHtml(message)}</p></body></html>\n`;
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html) });
  res.end(html);
}

/** Escapes text for an element's content (the message is never put in an attribute). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}
