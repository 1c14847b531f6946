import { describe, expect, it } from "vitest";
import { allowNavigation, allowPermission, APP_ENTRY_URL, APP_ORIGIN, isAppUrl } from "../../../src-main/electron/policy.js";

describe("isAppUrl", () => {
  it("accepts the app's own pages and assets", () => {
    expect(APP_ORIGIN).toBe("app://longitude");
    expect(APP_ENTRY_URL).toBe("app://longitude/index.html");
    for (const url of ["app://longitude/", "app://longitude/index.html", "app://longitude/assets/index-abc123.js", "app://longitude/index.html#results", "app://longitude"]) {
      expect(isAppUrl(url), url).toBe(true);
    }
  });

  it("refuses other schemes, hosts, ports and credentials", () => {
    for (const url of [
      "file:///home/user/index.html",
      "file://longitude/index.html",
      "http://127.0.0.1:5173/",
      "http://longitude/",
      "https://longitude/index.html",
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "about:blank",
      "app://longitude.evil.example/",
      "app://evil/longitude/",
      "app://user@longitude/",
      "app://user:pw@longitude/",
      "app://longitude:81/",
      "apps://longitude/",
      "devtools://devtools/bundled/inspector.html",
      "",
      "not a url",
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
    expect(isAppUrl(null)).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe("allowNavigation", () => {
  it("lets the app move between its own pages only", () => {
    expect(allowNavigation("app://longitude/index.html")).toBe(true);
    expect(allowNavigation("https://example.org/")).toBe(false);
    expect(allowNavigation("file:///etc/passwd")).toBe(false);
    expect(allowNavigation("http://127.0.0.1:8080/")).toBe(false);
    expect(allowNavigation("javascript:void(0)")).toBe(false);
  });
});

describe("allowPermission", () => {
  it("grants clipboard writes to the app's pages", () => {
    expect(allowPermission("clipboard-sanitized-write", "app://longitude/index.html")).toBe(true);
  });

  it("refuses clipboard writes to other pages and a missing URL", () => {
    expect(allowPermission("clipboard-sanitized-write", "https://example.org/")).toBe(false);
    expect(allowPermission("clipboard-sanitized-write", "file:///tmp/x.html")).toBe(false);
    expect(allowPermission("clipboard-sanitized-write", undefined)).toBe(false);
  });

  it("refuses everything else, even to the app", () => {
    for (const permission of ["clipboard-read", "media", "geolocation", "notifications", "openExternal", "fullscreen", "fileSystem", "usb", "unknown"]) {
      expect(allowPermission(permission, "app://longitude/index.html"), permission).toBe(false);
    }
  });
});
