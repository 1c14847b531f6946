/**
 * src-main/electron/main.ts run against a fake Electron (fake-electron.ts): the order of the calls that must
 * come before "ready", the window's security settings, the protocol, permissions, IPC with its sender
 * checks, events and menu commands reaching the window, the navigation guards, the single-instance lock and
 * closing the service. What this cannot show is that real Electron behaves as the fake does.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MenuItemConstructorOptions } from "electron";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../../../src-main/security.js";
import { createFakeElectron, FakeWebContents, type FakeElectron, type FakeWindow } from "./fake-electron.js";

const holder = vi.hoisted(() => ({ current: null as null | { module: Record<string, unknown> } }));
// Vitest evaluates the factory once per file, so its exports read the current fake at each use: every test
// re-imports main.ts (vi.resetModules) against a fresh fake.
vi.mock("electron", () => {
  const current = (name: string) => {
    if (!holder.current) throw new Error("no fake Electron set up");
    return holder.current.module[name];
  };
  const names = ["app", "BrowserWindow", "dialog", "ipcMain", "Menu", "protocol", "session"];
  return Object.defineProperties({}, Object.fromEntries(names.map((n) => [n, { enumerable: true, get: () => current(n) }])));
});

const OWN = "app://longitude/index.html";
let dir: string;
let savedDb: string | undefined;
/** The fake of the running test, whose service is closed afterwards. */
let running: FakeElectron | null = null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "longitude-shell-"));
  mkdirSync(join(dir, "app", "dist", "renderer"), { recursive: true });
  writeFileSync(join(dir, "app", "dist", "renderer", "index.html"), "<!doctype html><title>Longitude</title>");
  savedDb = process.env.LONGITUDE_DB;
  delete process.env.LONGITUDE_DB;
});

afterEach(() => {
  running?.app.emit("will-quit");
  running = null;
  if (savedDb === undefined) delete process.env.LONGITUDE_DB; else process.env.LONGITUDE_DB = savedDb;
  rmSync(dir, { recursive: true, force: true });
});

async function launch(hasLock = true): Promise<FakeElectron> {
  const fake = createFakeElectron({ appData: join(dir, "appData"), documents: join(dir, "Documents"), appPath: join(dir, "app") }, hasLock);
  holder.current = fake;
  running = fake;
  vi.resetModules();
  await import("../../../src-main/electron/main.js");
  return fake;
}

async function started(fake: FakeElectron): Promise<FakeWindow> {
  fake.ready();
  return fake.firstWindow;
}

/** An IPC event as Electron would give it, from `contents`' frame at `url`. */
function ipcEvent(contents: unknown, url: string, parent: unknown = null) {
  return { sender: contents, senderFrame: { url, parent } };
}

function call(fake: FakeElectron, event: unknown, op: unknown, args: unknown) {
  const handler = fake.ipcHandlers.get("longitude:call");
  if (!handler) throw new Error("no handler for longitude:call");
  return handler(event, op, args);
}

function menuItem(fake: FakeElectron, menu: string, label: string): MenuItemConstructorOptions {
  const submenu = fake.menu?.find((m) => m.label === menu)?.submenu;
  const item = Array.isArray(submenu) ? submenu.find((i) => i.label === label) : undefined;
  if (!item) throw new Error(`no ${menu} › ${label}`);
  return item;
}

describe("the Electron main process", () => {
  it("does what must precede ready before anything else, and opens nothing until ready", async () => {
    const fake = await launch();
    const userData = join(dir, "appData", "Longitude");
    expect(fake.calls).toEqual([
      "setName Longitude",
      `setPath userData ${userData}`,
      "registerSchemesAsPrivileged",
      "enableSandbox",
      "requestSingleInstanceLock",
      "app.on second-instance",
      "app.on web-contents-created",
      "app.on window-all-closed",
      "app.on activate",
      "app.on will-quit",
      "whenReady",
    ]);
    expect(fake.privileged).toEqual([{ scheme: "app", privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(fake.windows).toEqual([]);
  });

  it("opens one sandboxed, isolated window on app://longitude/, shown when ready", async () => {
    const fake = await launch();
    const win = await started(fake);
    expect(fake.windows).toHaveLength(1);
    expect(win.options).toMatchObject({ title: "Longitude", show: false });
    expect(win.options.webPreferences).toEqual({
      preload: join(dir, "app", "dist", "electron-preload.cjs"),
      sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false, spellcheck: false,
    });
    expect(win.loaded).toEqual([OWN]);
    expect(win.shown).toBe(false);
    win.emit("ready-to-show");
    expect(win.shown).toBe(true);
    // the page's <title> does not replace the window's
    let prevented = false;
    win.emit("page-title-updated", { preventDefault: () => { prevented = true; } });
    expect(prevented).toBe(true);
  });

  it("serves dist/renderer on app:// with the CSP", async () => {
    const fake = await launch();
    await started(fake);
    const handler = fake.protocolHandlers.get("app");
    if (!handler) throw new Error("app:// not handled");
    const page = await handler({ url: "app://longitude/", method: "GET" });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toBe("<!doctype html><title>Longitude</title>");
    expect((await handler({ url: "app://longitude/..%2f..%2fpackage.json", method: "GET" })).status).toBe(404);
  });

  it("grants clipboard writes to the app and denies every other permission", async () => {
    const fake = await launch();
    await started(fake);
    const answers: [string, string, boolean][] = [];
    for (const [permission, url] of [["clipboard-sanitized-write", OWN], ["clipboard-sanitized-write", "https://example.org/"], ["media", OWN], ["clipboard-read", OWN]]) {
      fake.permissionRequest?.(null, permission, (granted) => answers.push([permission, url, granted]), { requestingUrl: url });
    }
    expect(answers).toEqual([
      ["clipboard-sanitized-write", OWN, true],
      ["clipboard-sanitized-write", "https://example.org/", false],
      ["media", OWN, false],
      ["clipboard-read", OWN, false],
    ]);
    expect(fake.permissionCheck?.(null, "clipboard-sanitized-write", "app://longitude", { requestingUrl: OWN })).toBe(true);
    expect(fake.permissionCheck?.(null, "notifications", "app://longitude", { requestingUrl: OWN })).toBe(false);
    expect(fake.permissionCheck?.(null, "clipboard-sanitized-write", "app://longitude", {})).toBe(true);
    expect(fake.permissionCheck?.(null, "clipboard-sanitized-write", "https://example.org", {})).toBe(false);
  });

  it("opens the database in the user data folder with the demo study, and answers the window's calls", async () => {
    const fake = await launch();
    const win = await started(fake);
    const own = ipcEvent(win.webContents, OWN);
    const studies = await call(fake, own, "listStudies", []) as { value: { name: string; isDemo: boolean }[] };
    expect(studies.value.map((s) => [s.name, s.isDemo])).toEqual([["Demo study: FEV1 trial (simulated data)", true]]);
    expect(await call(fake, own, "hostInfo", [])).toEqual({
      value: {
        kind: "electron", version: "0.1.0",
        dbPath: join(dir, "appData", "Longitude", "longitude.sqlite"),
        exportRoot: join(dir, "Documents", "Longitude reports"),
      },
    });
    expect(await call(fake, own, "getDataset", [999])).toEqual({ error: expect.objectContaining({ message: expect.stringMatching(/999/) }) });
  });

  it("shows dialogs attached to the window", async () => {
    const fake = await launch();
    const win = await started(fake);
    const own = ipcEvent(win.webContents, OWN);
    expect(await call(fake, own, "pickImportFile", [])).toEqual({ value: "/data/chosen.csv" });
    fake.dialogAnswer = { canceled: true, filePaths: [] };
    expect(await call(fake, own, "pickFolder", ["/reports"])).toEqual({ value: null });
    expect(fake.dialogs.map((d) => d.window)).toEqual([win, win]);
    expect(fake.dialogs[1].options).toMatchObject({ defaultPath: "/reports", properties: ["openDirectory", "createDirectory"] });
  });

  it("refuses calls from another webContents, a subframe, or a page not on app://longitude/", async () => {
    const fake = await launch();
    const win = await started(fake);
    const refused = { error: { message: `"listStudies" refused: the call did not come from Longitude's window` } };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect(await call(fake, ipcEvent(new FakeWebContents(), OWN), "listStudies", [])).toEqual(refused);
      expect(await call(fake, ipcEvent(win.webContents, OWN, { url: OWN }), "listStudies", [])).toEqual(refused);
      expect(await call(fake, ipcEvent(win.webContents, "https://example.org/"), "listStudies", [])).toEqual(refused);
      expect(await call(fake, { sender: win.webContents, senderFrame: null }, "listStudies", [])).toEqual(refused);
      expect(await call(fake, ipcEvent(win.webContents, OWN), "close", [])).toEqual({ error: { message: `unknown operation "close"` } });
      expect(warn).toHaveBeenCalledTimes(5);
      expect(String(warn.mock.calls[2][0])).toBe(`[longitude] refused an IPC call from "https://example.org/": ${refused.error.message}`);
    } finally {
      warn.mockRestore();
    }
  });

  it("forwards service events and menu commands to the window, and not to a destroyed one", async () => {
    const fake = await launch();
    const win = await started(fake);
    const csv = join(dir, "small.csv");
    writeFileSync(csv, "USUBJID,AVISIT,AVAL\n1,W1,2.5\n1,W2,3\n2,W1,1\n");
    const imported = await call(fake, ipcEvent(win.webContents, OWN), "importFile", [{ path: csv, study: "Small" }]) as { value: { rows: number } };
    expect(imported.value.rows).toBe(3);
    const events = win.webContents.sent.filter(([channel]) => channel === "longitude:event").map(([, e]) => e as { kind: string; path: string });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.kind === "import-progress" && e.path === csv)).toBe(true);

    (menuItem(fake, "View", "Model").click as () => void)();
    (menuItem(fake, "File", "Export report…").click as () => void)();
    expect(win.webContents.sent.filter(([channel]) => channel === "longitude:menu")).toEqual([["longitude:menu", "step:model"], ["longitude:menu", "step:report"]]);
    expect(fake.calls).toContain(`setAboutPanelOptions {"applicationName":"Longitude","applicationVersion":"0.1.0"}`);

    // the window is destroyed while the import runs: the call was accepted, its events go nowhere
    const before = win.webContents.sent.length;
    let checks = 0;
    win.isDestroyed = () => checks++ > 0;
    const again = await call(fake, ipcEvent(win.webContents, OWN), "importFile", [{ path: csv, study: "Small" }]) as { value: { version: number } };
    expect(again.value.version).toBe(2);
    (menuItem(fake, "View", "Audit trail").click as () => void)();
    expect(checks).toBeGreaterThan(2);
    expect(win.webContents.sent.length).toBe(before);
  });

  it("guards every new webContents: no navigation away, no new windows, no webviews", async () => {
    const fake = await launch();
    await started(fake);
    const contents = new FakeWebContents();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      fake.app.emit("web-contents-created", {}, contents);
      for (const event of ["will-navigate", "will-frame-navigate", "will-redirect"]) {
        for (const [url, allowed] of [["https://example.org/", false], ["file:///etc/passwd", false], ["http://127.0.0.1:5173/", false], [OWN, true]] as const) {
          let prevented = false;
          contents.emit(event, { url, preventDefault: () => { prevented = true; } });
          expect(prevented, `${event} ${url}`).toBe(!allowed);
        }
      }
      expect(contents.windowOpenHandler?.({ url: "https://example.org/" })).toEqual({ action: "deny" });
      expect(contents.windowOpenHandler?.({ url: OWN })).toEqual({ action: "deny" });
      let webview = false;
      contents.emit("will-attach-webview", { preventDefault: () => { webview = true; } });
      expect(webview).toBe(true);
      expect(warn).toHaveBeenCalledWith("[longitude] blocked a navigation to https://example.org/");
    } finally {
      warn.mockRestore();
    }
  });

  it("brings the window forward on a second launch", async () => {
    const fake = await launch();
    const win = await started(fake);
    win.minimized = true;
    fake.app.emit("second-instance");
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(1);
    expect(fake.windows).toHaveLength(1);
  });

  it("reopens the window on a second launch when it was closed (macOS keeps the app running)", async () => {
    const fake = await launch();
    const win = await started(fake);
    win.destroyed = true;
    win.emit("closed");
    fake.app.emit("second-instance");
    expect(fake.windows).toHaveLength(2);
    expect(fake.windows[1].loaded).toEqual([OWN]);
    // calls from the old window's webContents are no longer the main window's
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect(await call(fake, ipcEvent(win.webContents, OWN), "listStudies", [])).toHaveProperty("error");
      expect(await call(fake, ipcEvent(fake.windows[1].webContents, OWN), "listStudies", [])).toHaveProperty("value");
    } finally {
      warn.mockRestore();
    }
  });

  it("quits at once when another instance holds the lock", async () => {
    const fake = await launch(false);
    expect(fake.calls).toEqual(["setName Longitude", `setPath userData ${join(dir, "appData", "Longitude")}`, "registerSchemesAsPrivileged", "enableSandbox", "requestSingleInstanceLock", "quit"]);
  });

  it("closes the service on quit", async () => {
    const fake = await launch();
    const win = await started(fake);
    fake.app.emit("will-quit");
    const error = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const answer = await call(fake, ipcEvent(win.webContents, OWN), "listStudies", []) as { error?: { message: string } };
      expect(answer.error?.message).toMatch(/database connection is not open/);
    } finally {
      error.mockRestore();
    }
  });

  it("honours LONGITUDE_DB, and says why when the database cannot be opened", async () => {
    const notADb = join(dir, "not-a-db.sqlite");
    writeFileSync(notADb, "this is not SQLite, just some text that is long enough to have a header".repeat(20));
    process.env.LONGITUDE_DB = notADb;
    const fake = await launch();
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      fake.ready();
      await vi.waitFor(() => expect(fake.calls).toContain("exit 1"));
      expect(fake.errorBoxes).toEqual([["Longitude cannot start", `"${notADb}" is not a Longitude database (not an SQLite file)`]]);
      expect(fake.windows).toEqual([]);
    } finally {
      error.mockRestore();
    }
  });
});
