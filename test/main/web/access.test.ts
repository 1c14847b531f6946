/**
 * Who gets in to the web host (src-main/web/server.ts, session.ts) and what every answer carries: the launch
 * token exchanged for a cookie, the Host and Origin checks, the security headers, and the built pages served
 * without a way out of their folder.
 */
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../../../src-main/security.js";
import { LongitudeService } from "../../../src-main/services/service.js";
import { startWebHost } from "../../../src-main/web/server.js";
import { APP_JS, INDEX_HTML, testHost } from "./fixture.js";
import { cookie, send } from "./http.js";

const t = testHost("web-access");
const port = () => t.host.port;

/** Whether a TCP connection to `address`:port is accepted. */
function accepts(address: string, p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port: p });
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

describe("listening", () => {
  it("listens on 127.0.0.1 only, on the port it chose, and prints a launch URL with a 43-character base64url token", async () => {
    expect(t.host.port).toBeGreaterThan(0);
    expect(t.host.url).toBe(`http://127.0.0.1:${t.host.port}/?token=${t.host.token}`);
    expect(t.host.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes
    expect(await accepts("127.0.0.1", port())).toBe(true);
    expect(await accepts("::1", port())).toBe(false);
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal);
    if (external) expect(await accepts(external.address, port())).toBe(false);
  });

  it("draws a new token at each start", async () => {
    const other = await startWebHost({ service: t.service, staticDir: t.staticDir });
    try {
      expect(other.token).not.toBe(t.host.token);
      expect(other.port).not.toBe(t.host.port);
    } finally {
      await other.close();
    }
  });

  it("refuses to start when the pages are not built", async () => {
    await expect(startWebHost({ service: t.service, staticDir: join(t.dir, "data") })).rejects.toThrow("the app's pages are not built; run npm run build");
  });

  it("says plainly when the port is taken", async () => {
    await expect(startWebHost({ service: t.service, staticDir: t.staticDir, port: port() }))
      .rejects.toThrow(`port ${port()} on 127.0.0.1 is already in use; choose another port, or 0 for any free one`);
  });
});

describe("the session", () => {
  it("answers 401 with a page pointing at the printed address to a browser without the cookie", async () => {
    for (const path of ["/", "/index.html", "/assets/app-1a2b3c.js"]) {
      const a = await send(port(), { path });
      expect(a.status).toBe(401);
      expect(a.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(a.text).toContain("Open the address that longitude serve printed");
      expect(a.text).not.toContain(t.host.token);
    }
  });

  it("answers the API 401 in the API's error shape", async () => {
    const a = await send(port(), { method: "POST", path: "/api/call/listStudies", body: "[]" });
    expect(a.status).toBe(401);
    expect(a.json).toEqual({ error: { message: "This browser has no session with Longitude's local server. Open the address that longitude serve printed (it ends with ?token=…)." } });
    for (const path of ["/api/events", `/api/download?path=${encodeURIComponent(join(t.dir, "secret.txt"))}`]) {
      expect((await send(port(), { path })).status).toBe(401);
    }
    expect((await send(port(), { method: "POST", path: "/api/upload", headers: { "x-file-name": "a.csv" }, body: "x\n1\n" })).status).toBe(401);
  });

  it("exchanges the launch URL's token for an HttpOnly, SameSite=Strict cookie and redirects (303) to /", async () => {
    const a = await send(port(), { path: `/?token=${t.host.token}` });
    expect(a.status).toBe(303);
    expect(a.headers.location).toBe("/");
    expect(a.headers["set-cookie"]).toEqual([`longitude_session=${t.host.token}; HttpOnly; SameSite=Strict; Path=/`]);
    const page = await send(port(), { path: "/", headers: cookie(t.host.token) });
    expect(page.status).toBe(200);
    expect(page.text).toBe(INDEX_HTML);
  });

  it("answers a wrong or empty token 401 without a cookie", async () => {
    for (const token of ["wrong", "", `${t.host.token}x`, t.host.token.slice(0, -1)]) {
      const a = await send(port(), { path: `/?token=${encodeURIComponent(token)}` });
      expect(a.status).toBe(401);
      expect(a.headers["set-cookie"]).toBeUndefined();
      expect(a.text).toContain("This address's token is not the one of the Longitude server running now.");
    }
  });

  it("refuses a wrong cookie, and finds the right one among other cookies of the same name", async () => {
    expect((await send(port(), { path: "/", headers: { cookie: "longitude_session=wrong" } })).status).toBe(401);
    expect((await send(port(), { path: "/", headers: { cookie: `other=1; longitude_session=stale; longitude_session=${t.host.token}` } })).status).toBe(200);
  });
});

describe("requests from elsewhere", () => {
  it("refuses (403) a Host header other than 127.0.0.1:PORT or localhost:PORT, even with the session", async () => {
    for (const host of ["evil.example", `evil.example:${port()}`, `127.0.0.1:${port() + 1}`, `localhost.evil.example:${port()}`, "127.0.0.1"]) {
      const a = await send(port(), { path: "/", host, headers: cookie(t.host.token) });
      expect(a.status, host).toBe(403);
      expect(a.text).toContain("This server answers only requests addressed to 127.0.0.1 or localhost with its port");
    }
    expect((await send(port(), { path: `/?token=${t.host.token}`, host: "evil.example" })).headers["set-cookie"]).toBeUndefined();
    expect((await send(port(), { path: "/", host: `localhost:${port()}`, headers: cookie(t.host.token) })).status).toBe(200);
    expect((await send(port(), { path: "/", host: `LOCALHOST:${port()}`, headers: cookie(t.host.token) })).status).toBe(200);
  });

  it("refuses (403) a POST whose Origin is another site, and accepts its own origin or none", async () => {
    const post = (origin?: string) => send(port(), {
      method: "POST", path: "/api/call/listStudies", body: "[]",
      headers: { ...cookie(t.host.token), ...(origin === undefined ? {} : { origin }) },
    });
    for (const origin of ["http://evil.example", `http://127.0.0.1:${port() + 1}`, "null", `https://127.0.0.1:${port()}`]) {
      const a = await post(origin);
      expect(a.status, origin).toBe(403);
      expect(a.json).toEqual({ error: { message: `requests from other web pages (${origin}) are refused` } });
    }
    expect((await post(`http://127.0.0.1:${port()}`)).status).toBe(200);
    expect((await post(`http://localhost:${port()}`)).status).toBe(200);
    expect((await post()).status).toBe(200);
  });
});

describe("pages and headers", () => {
  it("serves index.html at / with the app's CSP, nosniff, no-referrer and no-store", async () => {
    const a = await send(port(), { path: "/", headers: cookie(t.host.token) });
    expect(a.status).toBe(200);
    expect(a.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(a.headers["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY);
    expect(a.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(a.headers["x-content-type-options"]).toBe("nosniff");
    expect(a.headers["referrer-policy"]).toBe("no-referrer");
    expect(a.headers["cache-control"]).toBe("no-store");
  });

  it("serves assets with their types, cacheable since their names carry a hash", async () => {
    const js = await send(port(), { path: "/assets/app-1a2b3c.js", headers: cookie(t.host.token) });
    expect(js.status).toBe(200);
    expect(js.text).toBe(APP_JS);
    expect(js.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(js.headers["cache-control"]).toBe("private, max-age=31536000, immutable");
    expect(js.headers["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY);
    const font = await send(port(), { path: "/assets/DejaVuSans-1a2b3c.ttf", headers: cookie(t.host.token) });
    expect(font.headers["content-type"]).toBe("font/ttf");
    expect([...font.body]).toEqual([0, 1, 0, 0]);
  });

  it("puts the security headers on refusals and errors too", async () => {
    for (const a of [await send(port(), { path: "/" }), await send(port(), { path: "/", host: "evil.example" }), await send(port(), { path: "/nothing.html", headers: cookie(t.host.token) })]) {
      expect(a.headers["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY);
      expect(a.headers["x-content-type-options"]).toBe("nosniff");
      expect(a.headers["referrer-policy"]).toBe("no-referrer");
      expect(a.headers["cache-control"]).toBe("no-store");
    }
  });

  it("answers 404 for what is not there and 405 for a method pages do not take", async () => {
    const missing = await send(port(), { path: "/nothing.html", headers: cookie(t.host.token) });
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("there is no page /nothing.html");
    expect((await send(port(), { path: "/assets", headers: cookie(t.host.token) })).status).toBe(404); // a folder
    expect((await send(port(), { path: "/favicon.ico", headers: cookie(t.host.token) })).status).toBe(204); // asked for by browsers on their own
    const post = await send(port(), { method: "POST", path: "/index.html", headers: cookie(t.host.token) });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
  });

  it("serves nothing outside the pages' folder, however the path is written", async () => {
    for (const path of ["/../package.json", "/../secret.txt", "/..%2fsecret.txt", "/assets/..%2f..%2fsecret.txt", "/%2e%2e/secret.txt", "/..%5csecret.txt", "/%2fetc%2fpasswd", "/assets/%00.js"]) {
      const a = await send(port(), { path, headers: cookie(t.host.token) });
      expect(a.status, path).toBe(404);
      expect(a.text).not.toContain("not for the browser");
    }
  });
});

describe("a host over a broken service", () => {
  it("answers a fault of Longitude's 500 with its message, and reports it", async () => {
    const service = await LongitudeService.open({ dbPath: join(t.dir, "data", "closed.sqlite") });
    const errors: string[] = [];
    const host = await startWebHost({ service, staticDir: t.staticDir, onInternalError: (context, e) => errors.push(`${context}: ${(e as Error).message}`) });
    service.close(); // every call now fails inside better-sqlite3
    try {
      const a = await send(host.port, { method: "POST", path: "/api/call/listStudies", body: "[]", headers: cookie(host.token) });
      expect(a.status).toBe(500);
      expect(a.json).toEqual({ error: { message: "The database connection is not open" } });
      expect(errors).toEqual(["listStudies: The database connection is not open"]);
    } finally {
      await host.close();
    }
  });
});
