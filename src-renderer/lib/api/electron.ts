import type { HostApi, LongitudeApi, ServiceEvent } from "../../../src-main/api/contract.js";
import type { Client } from "./client.js";

/** What the Electron preload exposes as window.longitude: one function per operation. */
export interface ElectronBridge extends Omit<LongitudeApi, "subscribe">, HostApi {
  subscribe(listener: (event: ServiceEvent) => void): () => void;
  /** webUtils.getPathForFile: the chosen or dropped file's path on disk ("" when it has none). */
  pathForFile(file: File): string;
  /** Commands chosen from the application menu (see MENU_COMMANDS in src-main/electron); returns an unsubscribe. */
  onMenu(listener: (command: string) => void): () => void;
}

export function electronClient(bridge: ElectronBridge): Client {
  return {
    ...bridge,
    async fileToPath(file: File) {
      const path = bridge.pathForFile(file);
      if (!path) throw new Error(`"${file.name}" has no path on disk; save it to a folder first`);
      return path;
    },
  };
}
