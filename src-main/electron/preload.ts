/**
 * The preload (bundled to dist/electron-preload.cjs). Sandboxed preloads run as classic scripts with a
 * restricted `require` that knows only Electron's own modules, hence CommonJS, one bundle, and nothing
 * exported, so that the bundle needs no `module` or `exports` from its wrapper.
 */
import { contextBridge, ipcRenderer, webUtils } from "electron";
import { createBridge } from "./bridge.js";
import { BRIDGE_KEY } from "./channels.js";

contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer, webUtils));
