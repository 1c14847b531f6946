/**
 * Who may talk to the web host. Listening on 127.0.0.1 keeps other machines out, but not other local users,
 * nor web pages open in the user's browser. The per-launch token, exchanged once for an HttpOnly cookie,
 * keeps out local processes that did not see the printed URL; the Host check defeats DNS rebinding (a
 * foreign name resolving to 127.0.0.1); SameSite=Strict and the Origin check stop cross-site requests.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "longitude_session";

/** A fresh session token: 32 random bytes, base64url, so that it fits in a URL and a cookie unescaped. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function isUsableToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{16,}$/.test(token);
}

/**
 * Compares a given secret with the expected one in time that does not depend on where they differ. Hashing
 * first makes the two equally long, so their lengths are not revealed either.
 */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * Whether a Cookie header carries the session. Cookies are shared between ports of one host, so another
 * Longitude on this machine may have set a cookie of the same name; any one matching is enough.
 */
export function hasSession(cookieHeader: string | undefined, token: string): boolean {
  if (!cookieHeader) return false;
  let found = false;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    // no early return: every candidate is compared
    if (sameSecret(part.slice(eq + 1).trim(), token)) found = true;
  }
  return found;
}

/** The Host header of a request meant for this server; anything else arrived under a foreign name. */
export function isOwnHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** An Origin header naming this server (a page it served); "null" and other sites are not. */
export function isOwnOrigin(origin: string, port: number): boolean {
  const o = origin.toLowerCase();
  return o === `http://127.0.0.1:${port}` || o === `http://localhost:${port}`;
}
