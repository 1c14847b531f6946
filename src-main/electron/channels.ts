/**
 * What the main process and the preload agree on: the IPC channel names, the key the bridge is exposed
 * under, and the answer envelope of a call. Imported by the preload bundle, so it must stay free of Node
 * and Electron imports.
 */

/** Renderer → main: `invoke(CALL_CHANNEL, operation, args)`, answered with an Envelope. */
export const CALL_CHANNEL = "longitude:call";
/** Main → renderer: one ServiceEvent per message. */
export const EVENT_CHANNEL = "longitude:event";
/** Main → renderer: one menu command (a MENU_COMMANDS string) per message. */
export const MENU_CHANNEL = "longitude:menu";

/** window.longitude in the renderer (see src-renderer/lib/api/client.ts). */
export const BRIDGE_KEY = "longitude";

/**
 * The answer to a call. Errors travel as data rather than as a rejected invoke because Electron rewrites a
 * rejection's message ("Error invoking remote method …"), and the renderer must show the service's own words.
 */
export type Envelope =
  | { readonly value: unknown }
  | { readonly error: { readonly message: string; readonly code?: string } };
