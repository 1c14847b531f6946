import type { MenuItemConstructorOptions } from "electron";
import { describe, expect, it } from "vitest";
import { MENU_COMMANDS, MENU_STEPS, menuTemplate, type MenuCommand } from "../../../src-main/electron/menu.js";

/** Every item of a template, depth first. */
function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

function menu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const found = template.find((m) => m.label === label);
  if (!found || !Array.isArray(found.submenu)) throw new Error(`no ${label} menu`);
  return found.submenu;
}

/** Builds a template and clicks every item that has a click handler, collecting what it sends. */
function clickAll(isPackaged: boolean, platform: NodeJS.Platform) {
  const sent: MenuCommand[] = [];
  const template = menuTemplate({ send: (c) => sent.push(c), isPackaged, platform });
  const clicked = new Map<string, MenuCommand[]>();
  for (const item of items(template)) {
    if (!item.click) continue;
    const before = sent.length;
    (item.click as () => void)();
    clicked.set(String(item.label), sent.slice(before));
  }
  return { template, sent, clicked };
}

describe("the application menu", () => {
  it("has the app's steps, in their order", () => {
    const steps = ["studies", "import", "explore", "model", "results", "report", "audit"]; // the walk, plus the audit trail
    expect(MENU_STEPS.map((s) => s.id)).toEqual(steps);
    expect(MENU_COMMANDS).toEqual(steps.map((s) => `step:${s}`));
  });

  it("has File, Edit, View and Help on Windows and Linux", () => {
    const template = menuTemplate({ send: () => {}, isPackaged: true, platform: "win32" });
    expect(template.map((m) => m.label)).toEqual(["File", "Edit", "View", "Help"]);
    expect(menu(template, "Help")).toEqual([{ role: "about", label: "About Longitude" }]);
    const file = menu(template, "File");
    expect(file.map((i) => i.label ?? i.role ?? i.type)).toEqual(["Import a file…", "Export report…", "separator", "quit"]);
    expect(file[0].accelerator).toBe("CmdOrCtrl+O");
    expect(file[1].accelerator).toBe("CmdOrCtrl+E");
  });

  it("gives Edit the standard roles", () => {
    const edit = menu(menuTemplate({ send: () => {}, isPackaged: true, platform: "linux" }), "Edit");
    expect(edit.filter((i) => i.role).map((i) => i.role)).toEqual(["undo", "redo", "cut", "copy", "paste", "selectAll"]);
  });

  it("gives every step a CmdOrCtrl+N accelerator that sends its command", () => {
    const { template, clicked } = clickAll(false, "linux");
    const view = menu(template, "View");
    MENU_STEPS.forEach((step, i) => {
      const item = view.find((v) => v.label === step.label);
      expect(item?.accelerator, step.id).toBe(`CmdOrCtrl+${i + 1}`);
      expect(clicked.get(step.label)).toEqual([`step:${step.id}`]);
    });
    expect(clicked.get("Import a file…")).toEqual(["step:import"]);
    expect(clicked.get("Export report…")).toEqual(["step:report"]);
  });

  it("sends only commands from MENU_COMMANDS, and each of them from somewhere", () => {
    for (const platform of ["linux", "win32", "darwin"] as const) {
      const { sent } = clickAll(true, platform);
      for (const command of sent) expect(MENU_COMMANDS).toContain(command);
      expect(new Set(sent)).toEqual(new Set(MENU_COMMANDS));
    }
  });

  it("has no accelerator twice", () => {
    for (const platform of ["linux", "darwin"] as const) {
      const accelerators = items(menuTemplate({ send: () => {}, isPackaged: false, platform })).flatMap((i) => (i.accelerator ? [String(i.accelerator)] : []));
      const fileAndView = ["CmdOrCtrl+O", "CmdOrCtrl+E", ...MENU_STEPS.map((_, i) => `CmdOrCtrl+${i + 1}`)];
      expect(accelerators).toEqual(fileAndView);
    }
  });

  it("offers the developer tools only when not packaged", () => {
    const roles = (isPackaged: boolean) => items(menuTemplate({ send: () => {}, isPackaged, platform: "linux" })).map((i) => i.role);
    expect(roles(false)).toContain("toggleDevTools");
    expect(roles(true)).not.toContain("toggleDevTools");
    const view = menu(menuTemplate({ send: () => {}, isPackaged: false, platform: "linux" }), "View");
    expect(view.filter((i) => i.role).map((i) => i.role)).toEqual(["reload", "toggleDevTools", "resetZoom", "zoomIn", "zoomOut", "togglefullscreen"]);
  });

  it("follows macOS conventions there: an application menu with About and Quit", () => {
    const template = menuTemplate({ send: () => {}, isPackaged: true, platform: "darwin" });
    expect(template.map((m) => m.label ?? m.role)).toEqual(["Longitude", "File", "Edit", "View", "windowMenu"]);
    const appMenu = menu(template, "Longitude");
    expect(appMenu[0]).toEqual({ role: "about", label: "About Longitude" });
    expect(appMenu.at(-1)).toEqual({ role: "quit" });
    expect(menu(template, "File").map((i) => i.label)).toEqual(["Import a file…", "Export report…"]);
  });
});
