/**
 * The application menu. Items that concern the renderer send a command string to it (on MENU_CHANNEL)
 * instead of acting here, so the renderer stays the one place that decides what a step change means.
 */
import type { MenuItemConstructorOptions } from "electron";
import { STEPS } from "../../src-core/present/steps.js";
import { APP_TITLE } from "../security.js";

/** The app's steps (src-core/present/steps.ts), in their order, with their labels. */
export const MENU_STEPS = STEPS;

/** Every command the menu can send; the renderer's onMenu listener is checked against this list. */
export const MENU_COMMANDS = [
  "step:studies", "step:import", "step:explore", "step:model", "step:results", "step:report", "step:audit",
] as const satisfies readonly `step:${(typeof MENU_STEPS)[number]["id"]}`[];

export type MenuCommand = (typeof MENU_COMMANDS)[number];

export interface MenuOptions {
  readonly send: (command: MenuCommand) => void;
  /** Packaged builds have no developer tools item. */
  readonly isPackaged: boolean;
  readonly platform?: NodeJS.Platform;
}

export function menuTemplate({ send, isPackaged, platform = process.platform }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === "darwin";
  const command = (c: MenuCommand) => () => send(c);
  const about: MenuItemConstructorOptions = { role: "about", label: `About ${APP_TITLE}` };

  const file: MenuItemConstructorOptions = {
    label: "File",
    submenu: [
      { label: "Import a file…", accelerator: "CmdOrCtrl+O", click: command("step:import") },
      { label: "Export report…", accelerator: "CmdOrCtrl+E", click: command("step:report") },
      // on macOS Quit lives in the application menu
      ...(mac ? [] : [{ type: "separator" } as const, { role: "quit" } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: "Edit",
    submenu: [
      { role: "undo" }, { role: "redo" }, { type: "separator" },
      { role: "cut" }, { role: "copy" }, { role: "paste" }, { role: "selectAll" },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: "View",
    submenu: [
      ...MENU_STEPS.map((step, i): MenuItemConstructorOptions => ({
        label: step.label, accelerator: `CmdOrCtrl+${i + 1}`, click: command(`step:${step.id}`),
      })),
      { type: "separator" },
      { role: "reload" },
      ...(isPackaged ? [] : [{ role: "toggleDevTools" } as const]),
      { type: "separator" },
      { role: "resetZoom" }, { role: "zoomIn" }, { role: "zoomOut" },
      { type: "separator" },
      { role: "togglefullscreen" },
    ],
  };
  if (!mac) return [file, edit, view, { role: "help", label: "Help", submenu: [about] }];
  // macOS keeps About and Quit in the application menu, and has no Help menu without help content
  const appMenu: MenuItemConstructorOptions = {
    label: APP_TITLE,
    submenu: [
      about, { type: "separator" },
      { role: "services" }, { type: "separator" },
      { role: "hide" }, { role: "hideOthers" }, { role: "unhide" }, { type: "separator" },
      { role: "quit" },
    ],
  };
  return [appMenu, file, edit, view, { role: "windowMenu" }];
}
