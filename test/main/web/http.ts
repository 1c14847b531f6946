/**
 * A plain HTTP client for the web host's tests. node:http rather than fetch: the tests must send what a
 * browser would refuse to (a foreign Host or Origin, a raw "/../" path) and see redirects as they are.
 */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
}

export interface Request {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sent as the Host header instead of 127.0.0.1:PORT. */
  host?: string;
}

export function send(port: number, r: Request): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      // a new connection per request: a kept-alive one could outlive the server a test has just closed
      host: "127.0.0.1", port, method: r.method ?? "GET", path: r.path, agent: false,
      headers: { host: r.host ?? `127.0.0.1:${port}`, ...r.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        const text = body.toString("utf8");
        let json: unknown;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json });
      });
    });
    req.on("error", reject);
    req.end(r.body);
  });
}

/** The session cookie as a Cookie header. */
export const cookie = (token: string) => ({ cookie: `longitude_session=${token}` });

/** Calls one operation with the session; resolves with the whole answer. */
export function call(port: number, token: string, op: string, args: unknown[] = [], headers: Record<string, string> = {}): Promise<Answer> {
  return send(port, { method: "POST", path: `/api/call/${op}`, headers: { ...cookie(token), "content-type": "application/json", ...headers }, body: JSON.stringify(args) });
}

/** Calls one operation and returns its value, failing the test with the server's message otherwise. */
export async function value<T>(port: number, token: string, op: string, args: unknown[] = []): Promise<T> {
  const a = await call(port, token, op, args);
  if (a.status !== 200) throw new Error(`${op} answered ${a.status}: ${a.text}`);
  return (a.json as { value: T }).value;
}
