/** GET /api/events: the service's events as server-sent events, one `data:` line of JSON each. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LongitudeApi } from "../api/contract.js";

/** Proxies and browsers drop a connection that stays silent too long; a comment line every 15 s keeps it open. */
const HEARTBEAT_MS = 15_000;

/**
 * Streams events to one client until it disconnects (or `streams`' owner ends the response when the server
 * closes); the subscription ends with the connection, so a closed tab leaves no listener behind.
 */
export function streamEvents(req: IncomingMessage, res: ServerResponse, source: Pick<LongitudeApi, "subscribe">, streams: Set<ServerResponse>): void {
  res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", Connection: "keep-alive" });
  res.write(": connected\n\n"); // sends the headers now, so the browser's EventSource opens at once
  // the response may end (the server closing) before its "close" event unsubscribes; a write after the end
  // would be an unhandled error, so such events are dropped
  const send = (text: string) => { if (!res.writableEnded && !res.destroyed) res.write(text); };
  const unsubscribe = source.subscribe((event) => send(`data: ${JSON.stringify(event)}\n\n`));
  const heartbeat = setInterval(() => send(": heartbeat\n\n"), HEARTBEAT_MS);
  streams.add(res);
  let stopped = false;
  const stop = () => {
    if (stopped) return; // both the request and the response report the closed connection
    stopped = true;
    clearInterval(heartbeat);
    unsubscribe();
    streams.delete(res);
  };
  req.on("close", stop);
  res.on("close", stop);
}
