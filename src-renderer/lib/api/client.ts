/**
 * The renderer's one way to reach the main process: the contract's operations plus the host's (dialogs), and
 * a way to turn a file the user chose or dropped into a path the main process can read. The Electron preload
 * provides it directly; without it (the local web host) the HTTP client does.
 */
import type { HostApi, LongitudeApi, ServiceEvent } from "../../../src-main/api/contract.js";
import { electronClient, type ElectronBridge } from "./electron.js";
import { webClient } from "./web.js";

export interface Client extends Omit<LongitudeApi, "subscribe">, HostApi {
  subscribe(listener: (event: ServiceEvent) => void): () => void;
  /**
   * A path on the host for a file from a file input or a drop: Electron reads the file's own path; the web host
   * receives an upload (progress as a fraction 0–1) and returns where it stored it.
   */
  fileToPath(file: File, onProgress?: (fraction: number) => void): Promise<string>;
  /** Application-menu commands ("step:import", "step:report", …; MENU_COMMANDS in src-main/electron/menu.ts); only the Electron shell has a menu. */
  onMenu?(listener: (command: string) => void): () => void;
}

declare global {
  interface Window { longitude?: ElectronBridge }
}

export function connect(): Client {
  return window.longitude ? electronClient(window.longitude) : webClient();
}
