/**
 * The Electron main process (bundled to dist/electron-main.mjs): wires the testable pieces of this folder to
 * Electron and does nothing else. Everything that decides something lives in policy.ts, protocol.ts,
 * ipc.ts, host.ts and menu.ts.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, type IpcMainInvokeEvent, type WebContents } from "electron";
import { join } from "node:path";
import { APP_TITLE } from "../security.js";
import { LongitudeService } from "../services/service.js";
import { CALL_CHANNEL, EVENT_CHANNEL, MENU_CHANNEL } from "./channels.js";
import { createHost } from "./host.js";
import { handleCall } from "./ipc.js";
import { menuTemplate, type MenuCommand } from "./menu.js";
import { allowNavigation, allowPermission, APP_ENTRY_URL, APP_SCHEME } from "./policy.js";
import { APP_SCHEME_PRIVILEGES, appResponse } from "./protocol.js";

let mainWindow: BrowserWindow | null = null;
let service: LongitudeService | null = null;

const log = (message: string) => console.warn(`[longitude] ${message}`);

// What must happen before "ready" runs here, synchronously: an ES module entry reaches "ready" as soon as its
// top-level code stops, so none of it may sit behind an await.
app.setName(APP_TITLE);
// The package is named "longitude"; without this the folder would be ~/.config/longitude on Linux, not the
// Longitude folder that src-main/paths.ts (and so the command line) uses for the same database.
app.setPath("userData", join(app.getPath("appData"), APP_TITLE));
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // a second launch: the first instance is told through "second-instance" and brings its window forward
  app.quit();
} else {
  app.on("second-instance", () => {
    // on macOS the app may be running with its window closed: a launch then reopens it
    if (!mainWindow || mainWindow.isDestroyed()) {
      if (service) createWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on("web-contents-created", (_event, contents) => guard(contents));
  app.on("window-all-closed", () => { if (process.platform !== "darwin") app.quit(); });
  app.on("activate", () => { if (service && BrowserWindow.getAllWindows().length === 0) createWindow(); });
  app.on("will-quit", () => { service?.close(); service = null; });
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  const renderer = join(app.getAppPath(), "dist", "renderer");
  protocol.handle(APP_SCHEME, (request) => appResponse(renderer, request.url, request.method));
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowPermission(permission, details.requestingUrl)));
  // a check made for no document in particular has no requestingUrl; its origin then says who asks
  session.defaultSession.setPermissionCheckHandler((_contents, permission, origin, details) =>
    allowPermission(permission, details.requestingUrl ?? origin));

  // LONGITUDE_DB is honoured as on the command line, so both can be pointed at the same test database
  const dbPath = process.env.LONGITUDE_DB || join(app.getPath("userData"), "longitude.sqlite");
  const opened = await LongitudeService.open({ dbPath, seedDemo: true });
  service = opened;
  void opened.prewarmFits();
  opened.subscribe((event) => {
    const win = mainWindow;
    if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event);
  });
  const host = createHost({
    version: app.getVersion(),
    dbPath,
    documentsDir: app.getPath("documents"),
    showOpenDialog: (options) => {
      const win = mainWindow;
      return win && !win.isDestroyed() ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
    },
  });
  const context = { service: opened, host, log };
  ipcMain.handle(CALL_CHANNEL, (event, op: unknown, args: unknown) =>
    handleCall(context, event.senderFrame?.url, fromMainWindow(event), op, args));

  app.setAboutPanelOptions({ applicationName: APP_TITLE, applicationVersion: app.getVersion() });
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ send: sendMenu, isPackaged: app.isPackaged })));
  createWindow();
}

/** Whether a call comes from the top frame of the main window's page (the URL is checked by handleCall). */
function fromMainWindow(event: IpcMainInvokeEvent): boolean {
  const win = mainWindow;
  return win !== null && !win.isDestroyed() && event.sender === win.webContents
    && event.senderFrame !== null && event.senderFrame.parent === null;
}

function sendMenu(command: MenuCommand): void {
  const win = mainWindow;
  if (win && !win.isDestroyed()) win.webContents.send(MENU_CHANNEL, command);
}

function createWindow(): void {
  const win = new BrowserWindow({
    title: APP_TITLE,
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    webPreferences: {
      preload: join(app.getAppPath(), "dist", "electron-preload.cjs"),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      // Chromium's spellchecker fetches dictionaries from a Google server; nothing may leave the machine
      spellcheck: false,
    },
  });
  win.once("ready-to-show", () => win.show());
  win.on("page-title-updated", (event) => event.preventDefault());
  win.on("closed", () => { if (mainWindow === win) mainWindow = null; });
  mainWindow = win;
  win.loadURL(APP_ENTRY_URL).catch((e: unknown) => log(`cannot load ${APP_ENTRY_URL}: ${String(e)}`));
}

/** Applied to every webContents, the main window's and any other, so that none can leave the app. */
function guard(contents: WebContents): void {
  const stop = (event: { url: string; preventDefault(): void }) => {
    if (allowNavigation(event.url)) return;
    event.preventDefault();
    log(`blocked a navigation to ${event.url}`);
  };
  contents.on("will-navigate", stop);
  contents.on("will-frame-navigate", stop);
  contents.on("will-redirect", stop);
  contents.on("will-attach-webview", (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    log(`blocked a new window for ${url}`);
    return { action: "deny" };
  });
}

function fail(e: unknown): void {
  // most likely better-sqlite3 built for Node rather than Electron, or a database that cannot be opened
  const message = e instanceof Error ? e.message : String(e);
  console.error(e);
  dialog.showErrorBox(`${APP_TITLE} cannot start`, message);
  app.exit(1);
}
