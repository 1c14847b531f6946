/**
 * The renderer's Content-Security-Policy, sent by both hosts (the Electron shell's protocol handler and the
 * local web host) with every page and asset. Scripts, styles, fonts and data come only from the app itself;
 * nothing is fetched from outside the machine. Inline style attributes are allowed because Svelte and
 * ECharts set element styles; inline scripts and eval are not.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** The page and window title. */
export const APP_TITLE = "Longitude";
