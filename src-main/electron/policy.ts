/**
 * The shell's security decisions, as plain functions so they can be tested without Electron: which URLs are
 * the app's own, which navigations go ahead, which permission requests are granted.
 */

export const APP_SCHEME = "app";
export const APP_HOST = "longitude";
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Whether a URL is served by the app's own protocol handler. Parsed rather than compared by prefix, so that
 * `app://longitude.evil/`, `app://x@longitude/` or `app://longitude:81/` do not pass.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== "string" || url === "") return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === "" && parsed.password === "";
}

/** The renderer has no links to follow: anything that would leave the app's pages is stopped. */
export function allowNavigation(url: string | null | undefined): boolean {
  return isAppUrl(url);
}

/**
 * The one permission granted: writing to the clipboard (the renderer copies tables). Reading it is not, and
 * neither is anything else (camera, notifications, geolocation, …), whoever asks.
 */
export const GRANTED_PERMISSIONS: readonly string[] = ["clipboard-sanitized-write"];

export function allowPermission(permission: string, requestingUrl: string | null | undefined): boolean {
  return GRANTED_PERMISSIONS.includes(permission) && isAppUrl(requestingUrl);
}
