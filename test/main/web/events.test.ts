/** streamEvents (src-main/web/events.ts) on stand-in request and response objects, with fake timers for the heartbeat. */
import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ServiceEvent } from "../../../src-main/api/contract.js";
import { streamEvents } from "../../../src-main/web/events.js";

class FakeResponse extends EventEmitter {
  written: string[] = [];
  head: [number, Record<string, string>] | null = null;
  writableEnded = false;
  destroyed = false;
  writeHead(status: number, headers: Record<string, string>) { this.head = [status, headers]; return this; }
  write(text: string) { this.written.push(text); return true; }
  end() { this.writableEnded = true; return this; }
}

function setUp() {
  const listeners = new Set<(e: ServiceEvent) => void>();
  const source = { subscribe: (l: (e: ServiceEvent) => void) => { listeners.add(l); return () => { listeners.delete(l); }; } };
  const req = new EventEmitter();
  const res = new FakeResponse();
  const streams = new Set<ServerResponse>();
  streamEvents(req as IncomingMessage, res as unknown as ServerResponse, source, streams);
  const emit = (e: ServiceEvent) => { for (const l of listeners) l(e); };
  return { listeners, req, res, streams, emit };
}

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

describe("server-sent events", () => {
  it("opens with the event-stream type and a comment, then writes each event as one data line of JSON", () => {
    const { res, emit, streams } = setUp();
    expect(res.head).toEqual([200, { "Content-Type": "text/event-stream; charset=utf-8", Connection: "keep-alive" }]);
    expect(streams.size).toBe(1);
    emit({ kind: "fit-cancelled", jobId: "j1" });
    emit({ kind: "fit-failed", jobId: "j2", message: "two\nlines" });
    expect(res.written).toEqual([
      ": connected\n\n",
      'data: {"kind":"fit-cancelled","jobId":"j1"}\n\n',
      'data: {"kind":"fit-failed","jobId":"j2","message":"two\\nlines"}\n\n', // JSON keeps a newline inside one line
    ]);
  });

  it("sends a heartbeat comment every 15 s", () => {
    const { res } = setUp();
    vi.advanceTimersByTime(14_999);
    expect(res.written).toEqual([": connected\n\n"]);
    vi.advanceTimersByTime(1);
    expect(res.written).toEqual([": connected\n\n", ": heartbeat\n\n"]);
    vi.advanceTimersByTime(30_000);
    expect(res.written.filter((w) => w === ": heartbeat\n\n")).toHaveLength(3);
  });

  it("unsubscribes and stops the heartbeat when the connection closes", () => {
    const { req, res, listeners, streams, emit } = setUp();
    expect(listeners.size).toBe(1);
    req.emit("close");
    res.emit("close");
    expect(listeners.size).toBe(0);
    expect(streams.size).toBe(0);
    emit({ kind: "fit-cancelled", jobId: "j1" });
    vi.advanceTimersByTime(60_000);
    expect(res.written).toEqual([": connected\n\n"]);
  });

  it("drops what comes after the response has ended but before it reports closing", () => {
    const { res, emit } = setUp();
    res.end();
    emit({ kind: "fit-cancelled", jobId: "j1" });
    vi.advanceTimersByTime(15_000);
    expect(res.written).toEqual([": connected\n\n"]);
  });
});
