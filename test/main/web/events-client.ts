/** A minimal server-sent-events reader for the tests, over node:http. */
import { request } from "node:http";
import type { ServiceEvent } from "../../../src-main/api/contract.js";

export interface EventStream {
  status: Promise<number>;
  events: ServiceEvent[];
  /** Comment lines received (": …"), without the colon. */
  comments: string[];
  /** Resolves with the first event (already received or still to come) that satisfies `test`. */
  waitFor(test: (e: ServiceEvent) => boolean, timeoutMs?: number): Promise<ServiceEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export function openEvents(port: number, token: string): EventStream {
  const events: ServiceEvent[] = [];
  const comments: string[] = [];
  const waiters: { test: (e: ServiceEvent) => boolean; resolve: (e: ServiceEvent) => void }[] = [];
  let endStream!: () => void;
  const ended = new Promise<void>((r) => { endStream = r; });
  let setStatus!: (s: number) => void;
  const status = new Promise<number>((r) => { setStatus = r; });
  const req = request({ host: "127.0.0.1", port, path: "/api/events", agent: false, headers: { host: `127.0.0.1:${port}`, cookie: `longitude_session=${token}` } }, (res) => {
    setStatus(res.statusCode ?? 0);
    let buffer = "";
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(":")) { comments.push(block.slice(1).trim()); continue; }
        const data = block.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
        const event = JSON.parse(data) as ServiceEvent;
        events.push(event);
        for (const w of [...waiters]) if (w.test(event)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(event); }
      }
    });
    res.on("end", () => endStream());
    res.on("close", () => endStream());
  });
  req.on("error", () => endStream());
  req.end();
  return {
    status, events, comments, ended,
    waitFor: (test, timeoutMs = 60_000) => {
      const seen = events.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; received ${JSON.stringify(events)}`)), timeoutMs);
        waiters.push({ test, resolve: (e) => { clearTimeout(timer); resolve(e); } });
      });
    },
    close: () => req.destroy(),
  };
}
