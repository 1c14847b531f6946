/**
 * The host operations as the Electron shell provides them: native dialogs give real paths. The dialog is
 * injected so that the options (and the null on cancel) can be checked without Electron.
 */
import type { FileFilter, OpenDialogOptions } from "electron";
import { join } from "node:path";
import type { HostApi } from "../api/contract.js";

export interface HostDeps {
  readonly version: string;
  readonly dbPath: string;
  /** app.getPath("documents"). */
  readonly documentsDir: string;
  /** dialog.showOpenDialog, bound to the main window so that the dialog is modal to it. */
  readonly showOpenDialog: (options: OpenDialogOptions) => Promise<{ canceled: boolean; filePaths: string[] }>;
}

/** The formats the importers read (src-main/importers), then everything for files with other extensions. */
export const IMPORT_FILTERS: readonly FileFilter[] = [
  { name: "Data files", extensions: ["csv", "xlsx", "xpt", "json", "ndjson"] },
  { name: "All files", extensions: ["*"] },
];

export const EXPORT_FOLDER_NAME = "Longitude reports";

function chosen(result: { canceled: boolean; filePaths: string[] }): string | null {
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

export function createHost(deps: HostDeps): HostApi {
  return {
    async hostInfo() {
      return { kind: "electron", version: deps.version, dbPath: deps.dbPath, exportRoot: join(deps.documentsDir, EXPORT_FOLDER_NAME) };
    },
    async pickImportFile() {
      return chosen(await deps.showOpenDialog({ title: "Import a file", properties: ["openFile"], filters: [...IMPORT_FILTERS] }));
    },
    async pickFolder(defaultPath?: string) {
      // the argument comes from the renderer: anything but a non-empty string is ignored rather than passed on
      const options: OpenDialogOptions = { title: "Choose a folder", buttonLabel: "Choose", properties: ["openDirectory", "createDirectory"] };
      if (typeof defaultPath === "string" && defaultPath !== "") options.defaultPath = defaultPath;
      return chosen(await deps.showOpenDialog(options));
    },
  };
}
