import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ServiceEvent } from "../../../src-main/api/contract.js";
import { HOST_OPERATIONS, SERVICE_OPERATIONS } from "../../../src-main/api/operations.js";
import { createBridge, type BridgeIpc } from "../../../src-main/electron/bridge.js";
import { CALL_CHANNEL, EVENT_CHANNEL, MENU_CHANNEL } from "../../../src-main/electron/channels.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const EXPECTED_KEYS = [...SERVICE_OPERATIONS, ...HOST_OPERATIONS, "subscribe", "pathForFile", "onMenu"].sort();

type Handler = (event: unknown, payload: unknown) => void;

/** An ipcRenderer stand-in: invoke answers from `answer`, and `emit` plays a message from the main process. */
function fakeIpc(answer: (channel: string, op: string, args: unknown[]) => unknown) {
  const invoked: unknown[][] = [];
  const handlers = new Map<string, Set<Handler>>();
  const ipc = {
    async invoke(channel: string, ...rest: unknown[]) {
      invoked.push([channel, ...rest]);
      return answer(channel, rest[0] as string, rest[1] as unknown[]);
    },
    on(channel: string, handler: Handler) {
      if (!handlers.has(channel)) handlers.set(channel, new Set());
      handlers.get(channel)?.add(handler);
      return ipc;
    },
    removeListener(channel: string, handler: Handler) {
      handlers.get(channel)?.delete(handler);
      return ipc;
    },
  };
  const emit = (channel: string, payload: unknown) => {
    for (const h of handlers.get(channel) ?? []) h({ sender: "the ipcRenderer itself" }, payload);
  };
  const count = (channel: string) => handlers.get(channel)?.size ?? 0;
  return { ipc, invoked, emit, count };
}

const noFiles = { getPathForFile: () => "" };

describe("the bridge", () => {
  it("has exactly one function per operation, plus subscribe, pathForFile and onMenu", () => {
    const bridge = createBridge(fakeIpc(() => ({ value: null })).ipc as unknown as BridgeIpc, noFiles);
    expect(Object.keys(bridge).sort()).toEqual(EXPECTED_KEYS);
    for (const key of EXPECTED_KEYS) expect(typeof (bridge as unknown as Record<string, unknown>)[key], key).toBe("function");
  });

  it("invokes longitude:call with the operation's name and its arguments as a list, and unwraps {value}", async () => {
    const fake = fakeIpc((_c, op, args) => ({ value: { op, args } }));
    const bridge = createBridge(fake.ipc as unknown as BridgeIpc, noFiles);
    expect(await bridge.datasetRows(3, 100, 50)).toEqual({ op: "datasetRows", args: [3, 100, 50] });
    expect(await bridge.pickFolder()).toEqual({ op: "pickFolder", args: [] });
    expect(fake.invoked).toEqual([[CALL_CHANNEL, "datasetRows", [3, 100, 50]], [CALL_CHANNEL, "pickFolder", []]]);
  });

  it("rejects with an Error carrying the main process's message", async () => {
    const fake = fakeIpc(() => ({ error: { message: "dataset 99 not found", code: "ENOENT" } }));
    const bridge = createBridge(fake.ipc as unknown as BridgeIpc, noFiles);
    const failure = bridge.getDataset(99);
    await expect(failure).rejects.toThrow(Error);
    await expect(failure).rejects.toThrow(/^dataset 99 not found$/);
  });

  it("rejects on an answer that is not an envelope", async () => {
    for (const answer of [undefined, null, "oops", { error: { message: 5 } }]) {
      const bridge = createBridge(fakeIpc(() => answer).ipc as unknown as BridgeIpc, noFiles);
      const expected = typeof answer === "object" && answer !== null ? "the operation failed" : "Longitude's main process gave an unreadable answer";
      await expect(bridge.listStudies(), JSON.stringify(answer)).rejects.toThrow(expected);
    }
  });

  it("forwards service events to a subscriber, without the IPC event, until it unsubscribes", () => {
    const fake = fakeIpc(() => ({ value: null }));
    const bridge = createBridge(fake.ipc as unknown as BridgeIpc, noFiles);
    const got: unknown[][] = [];
    const unsubscribe = bridge.subscribe((...args: unknown[]) => got.push(args));
    const event: ServiceEvent = { kind: "fit-done", jobId: "j1", fitId: 4, converged: true };
    fake.emit(EVENT_CHANNEL, event);
    fake.emit(MENU_CHANNEL, "step:model");
    expect(got).toEqual([[event]]);
    expect(fake.count(EVENT_CHANNEL)).toBe(1);
    unsubscribe();
    expect(fake.count(EVENT_CHANNEL)).toBe(0);
    fake.emit(EVENT_CHANNEL, event);
    expect(got).toHaveLength(1);
  });

  it("forwards menu commands (strings only) until unsubscribed", () => {
    const fake = fakeIpc(() => ({ value: null }));
    const bridge = createBridge(fake.ipc as unknown as BridgeIpc, noFiles);
    const got: unknown[][] = [];
    const off = bridge.onMenu((...args: unknown[]) => got.push(args));
    fake.emit(MENU_CHANNEL, "step:import");
    fake.emit(MENU_CHANNEL, { not: "a command" });
    fake.emit(EVENT_CHANNEL, "step:audit");
    expect(got).toEqual([["step:import"]]);
    off();
    fake.emit(MENU_CHANNEL, "step:report");
    expect(got).toEqual([["step:import"]]);
    expect(fake.count(MENU_CHANNEL)).toBe(0);
  });

  it("asks webUtils for a file's path", () => {
    const seen: unknown[] = [];
    const file = new File(["a,b\n"], "adsl.csv");
    const bridge = createBridge(fakeIpc(() => ({ value: null })).ipc as unknown as BridgeIpc, {
      getPathForFile: (f) => { seen.push(f); return "/data/adsl.csv"; },
    });
    expect(bridge.pathForFile(file)).toBe("/data/adsl.csv");
    expect(seen).toEqual([file]);
  });
});

const electronFake = vi.hoisted(() => ({
  exposed: [] as [string, Record<string, unknown>][],
  invoked: [] as unknown[][],
}));

vi.mock("electron", () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => electronFake.exposed.push([key, api]) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => { electronFake.invoked.push(args); return { error: { message: "no such study" } }; },
    on: () => {},
    removeListener: () => {},
  },
  webUtils: { getPathForFile: () => "/from/webUtils" },
}));

describe("the preload", () => {
  beforeEach(() => { electronFake.exposed.length = 0; electronFake.invoked.length = 0; });

  it("exposes the bridge as window.longitude, and nothing else", async () => {
    vi.resetModules();
    await import("../../../src-main/electron/preload.js");
    expect(electronFake.exposed.map(([key]) => key)).toEqual(["longitude"]);
    const api = electronFake.exposed[0][1];
    expect(Object.keys(api).sort()).toEqual(EXPECTED_KEYS);
    await expect((api.createStudy as (n: string) => Promise<unknown>)("Trial 7")).rejects.toThrow("no such study");
    expect(electronFake.invoked).toEqual([[CALL_CHANNEL, "createStudy", ["Trial 7"]]]);
    expect((api.pathForFile as (f: File) => string)(new File([], "x.csv"))).toBe("/from/webUtils");
  });
});

describe("the preload bundle", () => {
  it("runs as a sandboxed classic script: only require('electron'), no module, no exports, no Node", async () => {
    const { build } = (await import(new URL("../../../bin/build.js", import.meta.url).href)) as { build: (names?: string[]) => void };
    build(["electron-preload"]);
    const code = readFileSync(join(ROOT, "dist", "electron-preload.cjs"), "utf8");
    expect(code.startsWith('"use strict";')).toBe(true);
    expect(code).not.toMatch(/\bimport\s*[{(]|createRequire|node:/);

    const required: string[] = [];
    const exposed: [string, Record<string, (...a: unknown[]) => unknown>][] = [];
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...a: unknown[]) => unknown>) => exposed.push([key, api]) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => { invoked.push(args); return { value: [{ studyId: 1 }] }; },
        on: () => {}, removeListener: () => {},
      },
      webUtils: { getPathForFile: () => "" },
    };
    // the sandbox's wrapper gives a preload little more than this `require`
    runInNewContext(code, { require: (name: string) => { required.push(name); if (name !== "electron") throw new Error(`cannot require ${name}`); return electron; } });
    expect(required).toEqual(["electron"]);
    expect(exposed.map(([k, api]) => [k, Object.keys(api).sort()])).toEqual([["longitude", EXPECTED_KEYS]]);
    expect(await exposed[0][1].listStudies()).toEqual([{ studyId: 1 }]);
    expect(invoked).toEqual([[CALL_CHANNEL, "listStudies", []]]);
  });
});
