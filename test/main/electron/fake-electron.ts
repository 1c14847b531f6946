/**
 * A stand-in for the parts of Electron that src-main/electron/main.ts uses, recording what it is asked, so
 * that the wiring can be run in Node (the Electron binary cannot run here). Not a test file itself.
 */
import type { MenuItemConstructorOptions } from "electron";

type Listener = (...args: unknown[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(name: string, listener: Listener) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }
  once(name: string, listener: Listener) { return this.on(name, listener); }
  emit(name: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(name) ?? []).map((l) => l(...args));
  }
}

export class FakeWebContents extends Emitter {
  readonly sent: [string, unknown][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string, payload: unknown) { this.sent.push([channel, payload]); }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) { this.windowOpenHandler = handler; }
}

export interface FakeElectron {
  /** What main.ts did, in order (the calls that matter for "before ready"). */
  readonly calls: string[];
  readonly app: Emitter;
  readonly windows: FakeWindow[];
  readonly protocolHandlers: Map<string, (request: { url: string; method: string }) => Promise<Response>>;
  readonly privileged: unknown[];
  readonly ipcHandlers: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  readonly dialogs: { window: unknown; options: unknown }[];
  readonly errorBoxes: [string, string][];
  permissionRequest: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void) | null;
  permissionCheck: ((contents: unknown, permission: string, origin: string, details: { requestingUrl?: string }) => boolean) | null;
  menu: MenuItemConstructorOptions[] | null;
  dialogAnswer: { canceled: boolean; filePaths: string[] };
  ready(): void;
  /** Resolves with the first window main.ts creates. */
  readonly firstWindow: Promise<FakeWindow>;
  readonly module: Record<string, unknown>;
}

export class FakeWindow extends Emitter {
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  shown = false;
  destroyed = false;
  minimized = false;
  focused = 0;
  constructor(readonly options: Record<string, unknown>) { super(); }
  isDestroyed() { return this.destroyed; }
  isMinimized() { return this.minimized; }
  restore() { this.minimized = false; }
  focus() { this.focused += 1; }
  show() { this.shown = true; }
  async loadURL(url: string) { this.loaded.push(url); }
}

export function createFakeElectron(paths: { appData: string; documents: string; appPath: string }, hasLock = true): FakeElectron {
  const calls: string[] = [];
  const windows: FakeWindow[] = [];
  let resolveReady!: () => void;
  const whenReady = new Promise<void>((r) => { resolveReady = r; });
  let resolveWindow!: (w: FakeWindow) => void;
  let rejectWindow!: (e: Error) => void;
  const firstWindow = new Promise<FakeWindow>((resolve, reject) => { resolveWindow = resolve; rejectWindow = reject; });
  // a start that fails shows an error box instead of a window: a test waiting for the window hears of it
  firstWindow.catch(() => {});
  const pathsSet = new Map<string, string>();

  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    setName: (name: string) => calls.push(`setName ${name}`),
    setPath: (name: string, value: string) => { calls.push(`setPath ${name} ${value}`); pathsSet.set(name, value); },
    getPath: (name: string) => pathsSet.get(name) ?? (name === "appData" ? paths.appData : name === "documents" ? paths.documents : `/unexpected/${name}`),
    getAppPath: () => paths.appPath,
    getVersion: () => "0.1.0",
    enableSandbox: () => calls.push("enableSandbox"),
    requestSingleInstanceLock: () => { calls.push("requestSingleInstanceLock"); return hasLock; },
    whenReady: () => { calls.push("whenReady"); return whenReady; },
    quit: () => calls.push("quit"),
    exit: (code: number) => calls.push(`exit ${code}`),
    setAboutPanelOptions: (options: unknown) => calls.push(`setAboutPanelOptions ${JSON.stringify(options)}`),
  });
  const originalOn = app.on.bind(app);
  app.on = (name: string, listener: Listener) => { calls.push(`app.on ${name}`); return originalOn(name, listener); };

  const fake: FakeElectron = {
    calls, app, windows, firstWindow,
    protocolHandlers: new Map(), privileged: [], ipcHandlers: new Map(), dialogs: [], errorBoxes: [],
    permissionRequest: null, permissionCheck: null, menu: null,
    dialogAnswer: { canceled: false, filePaths: ["/data/chosen.csv"] },
    ready: () => resolveReady(),
    module: {},
  };

  class BrowserWindow extends FakeWindow {
    constructor(options: Record<string, unknown>) {
      super(options);
      calls.push("new BrowserWindow");
      windows.push(this);
      resolveWindow(this);
    }
    static getAllWindows() { return windows.filter((w) => !w.destroyed); }
  }

  fake.module.app = app;
  fake.module.BrowserWindow = BrowserWindow;
  fake.module.protocol = {
    registerSchemesAsPrivileged: (schemes: unknown[]) => { calls.push("registerSchemesAsPrivileged"); fake.privileged.push(...schemes); },
    handle: (scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>) => { calls.push(`protocol.handle ${scheme}`); fake.protocolHandlers.set(scheme, handler); },
  };
  fake.module.session = {
    get defaultSession() {
      return {
        setPermissionRequestHandler: (h: FakeElectron["permissionRequest"]) => { fake.permissionRequest = h; },
        setPermissionCheckHandler: (h: FakeElectron["permissionCheck"]) => { fake.permissionCheck = h; },
      };
    },
  };
  fake.module.ipcMain = {
    handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) => { calls.push(`ipcMain.handle ${channel}`); fake.ipcHandlers.set(channel, handler); },
  };
  fake.module.dialog = {
    showOpenDialog: async (...args: unknown[]) => {
      const [window, options] = args.length === 2 ? args : [null, args[0]];
      fake.dialogs.push({ window, options });
      return fake.dialogAnswer;
    },
    showErrorBox: (title: string, content: string) => {
      fake.errorBoxes.push([title, content]);
      rejectWindow(new Error(`${title}: ${content}`));
    },
  };
  fake.module.Menu = {
    buildFromTemplate: (template: MenuItemConstructorOptions[]) => template,
    setApplicationMenu: (menu: MenuItemConstructorOptions[]) => { calls.push("Menu.setApplicationMenu"); fake.menu = menu; },
  };
  return fake;
}
