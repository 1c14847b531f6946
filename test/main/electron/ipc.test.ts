import { describe, expect, it } from "vitest";
import type { HostApi, LongitudeApi } from "../../../src-main/api/contract.js";
import { HOST_OPERATIONS, SERVICE_OPERATIONS } from "../../../src-main/api/operations.js";
import { LongitudeError } from "../../../src-core/errors.js";
import { InputError } from "../../../src-main/errors.js";
import { handleCall, type CallContext } from "../../../src-main/electron/ipc.js";

const OWN = "app://longitude/index.html";

/** A service whose operations record their calls; the ones a test needs are given real behaviour. */
function fakeContext(overrides: Record<string, (...args: unknown[]) => Promise<unknown>> = {}) {
  const calls: { op: string; args: unknown[]; self: unknown }[] = [];
  const logs: string[] = [];
  const record = (op: string) => async function (this: unknown, ...args: unknown[]) {
    calls.push({ op, args, self: this });
    return overrides[op] ? overrides[op](...args) : `${op} answered`;
  };
  const service = Object.fromEntries(SERVICE_OPERATIONS.map((op) => [op, record(op)])) as unknown as Omit<LongitudeApi, "subscribe">;
  const host = Object.fromEntries(HOST_OPERATIONS.map((op) => [op, record(op)])) as unknown as HostApi;
  // something on the service that must never be reachable from the renderer
  Object.assign(service, { close: record("close"), db: { exec: record("db.exec") } });
  const ctx: CallContext = { service, host, log: (m) => logs.push(m) };
  return { ctx, calls, logs, service, host };
}

describe("handleCall", () => {
  it("answers a good call with {value}, calling the service with the arguments as given", async () => {
    const { ctx, calls, logs, service } = fakeContext({ datasetRows: async (id, offset, limit) => [[id, offset, limit]] });
    expect(await handleCall(ctx, OWN, true, "datasetRows", [7, 10, 2])).toEqual({ value: [[7, 10, 2]] });
    expect(calls).toEqual([{ op: "datasetRows", args: [7, 10, 2], self: service }]);
    expect(logs).toEqual([]);
  });

  it("sends host operations to the host", async () => {
    const { ctx, calls, host } = fakeContext({ pickFolder: async (p) => `${String(p)}/chosen` });
    expect(await handleCall(ctx, OWN, true, "pickFolder", ["/reports"])).toEqual({ value: "/reports/chosen" });
    expect(calls).toEqual([{ op: "pickFolder", args: ["/reports"], self: host }]);
  });

  it("keeps an undefined answer (operations returning void) a value", async () => {
    const { ctx } = fakeContext({ setRoles: async () => undefined });
    expect(await handleCall(ctx, OWN, true, "setRoles", [1, {}])).toEqual({ value: undefined });
  });

  it("refuses an unknown operation, and anything on the service outside the lists", async () => {
    const { ctx, calls, logs } = fakeContext();
    for (const op of ["close", "db", "subscribe", "constructor", "__proto__", "toString", "hasOwnProperty", "deleteEverything"]) {
      expect(await handleCall(ctx, OWN, true, op, [])).toEqual({ error: { message: `unknown operation "${op}"` } });
    }
    expect(await handleCall(ctx, OWN, true, 42, [])).toEqual({ error: { message: `unknown operation "number"` } });
    expect(calls).toEqual([]);
    expect(logs).toHaveLength(9);
    expect(logs[0]).toBe(`refused an IPC call from "${OWN}": unknown operation "close"`);
  });

  it("shortens a long operation name in the message", async () => {
    const { ctx } = fakeContext();
    const answer = await handleCall(ctx, OWN, true, "x".repeat(500), []);
    expect(answer).toEqual({ error: { message: `unknown operation "${"x".repeat(60)}…"` } });
  });

  it("refuses a sender that is not the main window, or not on app://longitude/", async () => {
    const { ctx, calls, logs } = fakeContext();
    const refused = { error: { message: `"listStudies" refused: the call did not come from Longitude's window` } };
    expect(await handleCall(ctx, OWN, false, "listStudies", [])).toEqual(refused);
    for (const url of ["https://example.org/", "file:///tmp/index.html", "http://127.0.0.1:5173/", "app://evil/index.html", "", null, undefined]) {
      expect(await handleCall(ctx, url, true, "listStudies", []), String(url)).toEqual(refused);
    }
    expect(calls).toEqual([]);
    expect(logs).toHaveLength(8);
    expect(logs[1]).toBe(`refused an IPC call from "https://example.org/": ${refused.error.message}`);
    expect(logs[6]).toBe(`refused an IPC call from null: ${refused.error.message}`);
  });

  it("refuses arguments that are not a list", async () => {
    const { ctx, calls } = fakeContext();
    expect(await handleCall(ctx, OWN, true, "getFit", { 0: 1 })).toEqual({ error: { message: `"getFit": the arguments must be a list` } });
    expect(calls).toEqual([]);
  });

  it("turns a service error into an envelope with the service's message and code", async () => {
    const { ctx, logs } = fakeContext({
      getDataset: async () => { throw new InputError("dataset 99 not found"); },
      startFit: async () => { throw new LongitudeError("non-numeric", "the outcome FEV1 is not numeric"); },
    });
    expect(await handleCall(ctx, OWN, true, "getDataset", [99])).toEqual({ error: { message: "dataset 99 not found" } });
    expect(await handleCall(ctx, OWN, true, "startFit", [{}])).toEqual({ error: { message: "the outcome FEV1 is not numeric", code: "non-numeric" } });
    // errors in the user's domain are answers, not incidents: nothing logged
    expect(logs).toEqual([]);
  });

  it("logs unexpected failures, and answers with their message too", async () => {
    const { ctx, logs } = fakeContext({
      listStudies: async () => { throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" }); },
      verifyAudit: async () => { throw "a string"; },
    });
    expect(await handleCall(ctx, OWN, true, "listStudies", [])).toEqual({ error: { message: "ENOSPC: no space left on device", code: "ENOSPC" } });
    expect(await handleCall(ctx, OWN, true, "verifyAudit", [])).toEqual({ error: { message: "a string" } });
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/^listStudies failed: Error: ENOSPC: no space left on device\n\s+at /);
    expect(logs[1]).toBe("verifyAudit failed: a string");
  });
});
