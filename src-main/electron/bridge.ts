/**
 * The object the preload exposes as window.longitude, built from an injected ipcRenderer and webUtils so it
 * can be tested with fakes. Imports nothing at run time but the operation lists and the channel names: the
 * preload runs sandboxed, where only Electron's own modules can be required.
 */
import type { IpcRenderer, IpcRendererEvent, WebUtils } from "electron";
import type { HostApi, LongitudeApi, ServiceEvent } from "../api/contract.js";
import { HOST_OPERATIONS, SERVICE_OPERATIONS } from "../api/operations.js";
import { CALL_CHANNEL, EVENT_CHANNEL, MENU_CHANNEL, type Envelope } from "./channels.js";

/**
 * The bridge's shape. It repeats ElectronBridge (src-renderer/lib/api/electron.ts), which this program cannot
 * import because the renderer's files need DOM types; test/main/electron/bridge-type.test.ts checks that the
 * two stay the same.
 */
export interface Bridge extends Omit<LongitudeApi, "subscribe">, HostApi {
  subscribe(listener: (event: ServiceEvent) => void): () => void;
  pathForFile(file: File): string;
  onMenu(listener: (command: string) => void): () => void;
}

export type BridgeIpc = Pick<IpcRenderer, "invoke" | "on" | "removeListener">;

/** Turns an Envelope back into a value or a thrown Error carrying the main process's message. */
export function unwrap(answer: unknown): unknown {
  if (typeof answer !== "object" || answer === null) throw new Error("Longitude's main process gave an unreadable answer");
  if ("error" in answer) {
    const message = (answer as { error?: { message?: unknown } }).error?.message;
    throw new Error(typeof message === "string" ? message : "the operation failed");
  }
  return (answer as Envelope & { value: unknown }).value;
}

/** Listens on a channel; the returned function stops listening. */
function listen(ipc: BridgeIpc, channel: string, forward: (payload: unknown) => void): () => void {
  // the IPC event stays here: handing it to the page would give the page ipcRenderer itself (event.sender)
  const handler = (_event: IpcRendererEvent, payload: unknown) => forward(payload);
  ipc.on(channel, handler);
  return () => { ipc.removeListener(channel, handler); };
}

export function createBridge(ipc: BridgeIpc, webUtils: Pick<WebUtils, "getPathForFile">): Bridge {
  const bridge: Record<string, unknown> = {};
  for (const name of [...SERVICE_OPERATIONS, ...HOST_OPERATIONS]) {
    bridge[name] = async (...args: unknown[]) => unwrap(await ipc.invoke(CALL_CHANNEL, name, args));
  }
  bridge.subscribe = (listener: (event: ServiceEvent) => void) =>
    listen(ipc, EVENT_CHANNEL, (payload) => listener(payload as ServiceEvent));
  bridge.onMenu = (listener: (command: string) => void) =>
    listen(ipc, MENU_CHANNEL, (payload) => { if (typeof payload === "string") listener(payload); });
  bridge.pathForFile = (file: File) => webUtils.getPathForFile(file);
  // Built by name from the lists, so the compiler cannot see that every member is present; the tests check it.
  return bridge as unknown as Bridge;
}
