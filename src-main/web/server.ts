/**
 * The local web host: the renderer's pages and the service's contract over HTTP on 127.0.0.1, for machines
 * without Electron's binary and for end-to-end tests in Chromium. The wire protocol is the one the renderer's
 * web client (src-renderer/lib/api/web.ts) speaks; docs/web-host.md describes it and the security model.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import { InputError } from "../errors.js";
import { packageRoot } from "../paths.js";
import type { LongitudeService } from "../services/service.js";
import { CALL_BODY_LIMIT, readJsonBody } from "./body.js";
import { callOperation, failureAnswer, webHostApi, webHostInfo, type CallTarget } from "./calls.js";
import { serveDownload } from "./download.js";
import { streamEvents } from "./events.js";
import { HttpError, sendJson, sendJsonError, sendRefusal, setCommonHeaders } from "./responses.js";
import { hasSession, isOwnHost, isOwnOrigin, isUsableToken, newToken, sameSecret, sessionCookie } from "./session.js";
import { checkPagesBuilt, serveStatic, staticFile } from "./static.js";
import { receiveUpload } from "./upload.js";

export interface WebHostOptions {
  readonly service: LongitudeService;
  /** Default 0: any free port. */
  readonly port?: number;
  /** Default: a fresh random token. */
  readonly token?: string;
  /** The built renderer; default dist/renderer under the package root. */
  readonly staticDir?: string;
  /** Where uploads are stored; default "uploads" beside the database. */
  readonly uploadDir?: string;
  /** The folder offered for report exports; default "reports" beside the database. */
  readonly exportRoot?: string;
  /** Told about faults of Longitude's own (answered 500); default: one line on stderr. */
  readonly onInternalError?: (context: string, error: unknown) => void;
}

export interface WebHost {
  /** The launch URL, with the token: opening it starts a session in that browser. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Stops listening and drops open connections (event streams included); the service stays open. */
  close(): Promise<void>;
}

const NO_SESSION = "This browser has no session with Longitude's local server. Open the address that longitude serve printed (it ends with ?token=…).";
const WRONG_TOKEN = "This address's token is not the one of the Longitude server running now. Open the address that longitude serve printed when it last started.";

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const staticDir = resolve(options.staticDir ?? join(packageRoot(), "dist", "renderer"));
  checkPagesBuilt(staticDir);
  const token = options.token ?? newToken();
  if (!isUsableToken(token)) throw new Error("a web host token must be at least 16 characters of A-Z, a-z, 0-9, - and _");
  const dbDir = dirname(resolve(options.service.dbPath));
  const uploadDir = resolve(options.uploadDir ?? join(dbDir, "uploads"));
  const exportRoot = resolve(options.exportRoot ?? join(dbDir, "reports"));
  const target: CallTarget = { service: options.service, host: webHostApi(webHostInfo(options.service.dbPath, exportRoot)), exported: new Set() };
  const streams = new Set<ServerResponse>();
  const onInternalError = options.onInternalError
    ?? ((context: string, e: unknown) => { process.stderr.write(`error: internal error in ${context}: ${e instanceof Error ? e.message : String(e)}\n`); });

  const server = createServer();
  // An upload of a few GiB may take longer than Node's default limit on receiving one request; only local
  // clients can connect, so the limit protects against nothing here.
  server.requestTimeout = 0;
  const port = await listen(server, options.port ?? 0);

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { pathname } = url;
    if (!isOwnHost(req.headers.host, port)) {
      throw new HttpError(403, "This server answers only requests addressed to 127.0.0.1 or localhost with its port; a request under another name may come from a web page that rebound its DNS.");
    }
    const origin = req.headers.origin;
    if (req.method !== "GET" && req.method !== "HEAD" && origin !== undefined && !isOwnOrigin(origin, port)) {
      throw new HttpError(403, `requests from other web pages (${origin}) are refused`);
    }
    const given = url.searchParams.get("token");
    if (req.method === "GET" && pathname === "/" && given !== null) {
      if (!sameSecret(given, token)) throw new HttpError(401, WRONG_TOKEN);
      // a redirect, so that the token leaves the address bar and the browser's history
      res.writeHead(303, { "Set-Cookie": sessionCookie(token), Location: "/" });
      res.end();
      return;
    }
    if (!hasSession(req.headers.cookie, token)) throw new HttpError(401, NO_SESSION);

    if (pathname.startsWith("/api/call/")) {
      allowMethods(req, res, pathname, ["POST"]);
      const op = pathname.slice("/api/call/".length);
      try {
        const args = await readJsonBody(req, CALL_BODY_LIMIT, `the body of the call to ${op}`);
        sendJson(res, 200, { value: await callOperation(target, op, args) });
      } catch (e) {
        fail(req, res, pathname, e, op);
      }
      return;
    }
    switch (pathname) {
      case "/api/events":
        allowMethods(req, res, pathname, ["GET"]);
        streamEvents(req, res, options.service, streams);
        return;
      case "/api/upload":
        allowMethods(req, res, pathname, ["POST"]);
        sendJson(res, 200, { value: { path: await receiveUpload(req, uploadDir) } });
        return;
      case "/api/download":
        allowMethods(req, res, pathname, ["GET"]);
        serveDownload(res, url.searchParams.get("path"), target.exported);
        return;
    }
    if (pathname.startsWith("/api/")) throw new HttpError(404, `there is no API endpoint ${pathname}`);
    allowMethods(req, res, pathname, ["GET", "HEAD"]);
    if (pathname === "/favicon.ico" && !staticFile(staticDir, pathname)) {
      // browsers ask for it on their own; "nothing" keeps a 404 out of the page's console
      res.writeHead(204);
      res.end();
      return;
    }
    serveStatic(res, staticDir, pathname, req.method === "HEAD");
  }

  /** Answers a failed request: its status and message, as JSON for the API and as a page otherwise. */
  function fail(req: IncomingMessage, res: ServerResponse, pathname: string, e: unknown, context = `${req.method} ${pathname}`): void {
    // a browser that went away in the middle of sending (a closed tab, a cancelled upload) is nobody's fault
    if (req.destroyed && !req.complete) { res.destroy(); return; }
    const answer = failureAnswer(e);
    if (answer.internal) onInternalError(context, e);
    if (res.headersSent) { res.destroy(); return; }
    if (answer.status === 413) res.setHeader("Connection", "close"); // the rest of the body is not wanted
    if (pathname.startsWith("/api/")) sendJsonError(res, answer.status, answer.message, answer.code);
    else sendRefusal(res, pathname, answer.status, answer.message);
  }

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const raw = req.url ?? "";
    // origin-form only ("/path?query"): an absolute or authority form is a proxy request, not for this server
    let url: URL | null = null;
    try {
      if (raw.startsWith("/")) url = new URL(`http://127.0.0.1${raw}`);
    } catch { /* answered 400 below */ }
    const pathname = url?.pathname ?? "/";
    setCommonHeaders(res, pathname);
    if (!url) { fail(req, res, pathname, new HttpError(400, "the request's target must be a path on this server")); return; }
    route(req, res, url).catch((e: unknown) => fail(req, res, pathname, e));
  });

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () => {
      closing ??= new Promise<void>((done) => {
        for (const stream of streams) stream.end();
        server.close(() => done());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function allowMethods(req: IncomingMessage, res: ServerResponse, pathname: string, methods: readonly string[]): void {
  if (methods.includes(req.method ?? "")) return;
  res.setHeader("Allow", methods.join(", "));
  throw new HttpError(405, `${req.method} is not allowed on ${pathname}; use ${methods.join(" or ")}`);
}

function listen(server: Server, port: number): Promise<number> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`the port must be a whole number from 0 to 65535; got ${port}`);
  return new Promise((resolveListen, reject) => {
    const refuse = (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE") reject(new InputError(`port ${port} on 127.0.0.1 is already in use; choose another port, or 0 for any free one`));
      else if (e.code === "EACCES") reject(new InputError(`port ${port} on 127.0.0.1 may not be opened by this user; choose a port above 1023, or 0 for any free one`));
      else reject(e);
    };
    server.once("error", refuse);
    // 127.0.0.1 only: other machines on the network must never reach the study database
    server.listen({ host: "127.0.0.1", port }, () => {
      server.off("error", refuse);
      resolveListen((server.address() as AddressInfo).port);
    });
  });
}
