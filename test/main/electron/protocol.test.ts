import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_SCHEME_PRIVILEGES, appResponse, resolveAppPath } from "../../../src-main/electron/protocol.js";
import { CONTENT_SECURITY_POLICY } from "../../../src-main/security.js";

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "longitude-protocol-"));
  root = join(base, "renderer");
  mkdirSync(join(root, "assets"), { recursive: true });
  writeFileSync(join(root, "index.html"), "<!doctype html><title>Longitude</title>");
  writeFileSync(join(root, "assets", "index-1.js"), "console.log(1)");
  writeFileSync(join(root, "assets", "index-1.css"), "body{}");
  writeFileSync(join(root, "assets", "DejaVuSans.woff2"), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(base, "secret.txt"), "outside");
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("the scheme's privileges", () => {
  it("are standard, secure and fetchable, and bypass nothing", () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: "app", privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });
});

describe("resolveAppPath", () => {
  it("maps the root and files to dist/renderer", () => {
    expect(resolveAppPath(root, "app://longitude/")).toBe(join(root, "index.html"));
    expect(resolveAppPath(root, "app://longitude")).toBe(join(root, "index.html"));
    expect(resolveAppPath(root, "app://longitude/index.html")).toBe(join(root, "index.html"));
    expect(resolveAppPath(root, "app://longitude/assets/index-1.js?v=2#x")).toBe(join(root, "assets", "index-1.js"));
    expect(resolveAppPath(root, "app://longitude/assets/a%20b.js")).toBe(join(root, "assets", "a b.js"));
  });

  it("refuses traversal, however it is spelled", () => {
    for (const url of [
      "app://longitude/../secret.txt",
      "app://longitude/assets/../../secret.txt",
      "app://longitude/%2e%2e/secret.txt",
      "app://longitude/..%2fsecret.txt",
      "app://longitude/..%2Fsecret.txt",
      "app://longitude/..%5csecret.txt",
      "app://longitude/assets/..%5c..%5csecret.txt",
      "app://longitude/%2Fetc%2Fpasswd",
      "app://longitude/C:%5CWindows%5Cwin.ini",
      "app://longitude/index.html%00.js",
      "app://longitude/%E0%A4%A",
    ]) {
      const path = resolveAppPath(root, url);
      // the URL parser removes literal and %2e dot segments itself: what is left must still be inside root
      if (path !== null) expect(path.startsWith(root + "/") || path.startsWith(root + "\\"), `${url} → ${path}`).toBe(true);
      expect(path === join(base, "secret.txt"), url).toBe(false);
    }
    expect(resolveAppPath(root, "app://longitude/..%2fsecret.txt")).toBeNull();
    expect(resolveAppPath(root, "app://longitude/..%5csecret.txt")).toBeNull();
    expect(resolveAppPath(root, "app://longitude/%2Fetc%2Fpasswd")).toBeNull();
    expect(resolveAppPath(root, "app://longitude/index.html%00.js")).toBeNull();
    expect(resolveAppPath(root, "app://longitude/%E0%A4%A")).toBeNull();
  });

  it("refuses other hosts and schemes", () => {
    expect(resolveAppPath(root, "app://other/index.html")).toBeNull();
    expect(resolveAppPath(root, "file:///index.html")).toBeNull();
    expect(resolveAppPath(root, "http://longitude/index.html")).toBeNull();
  });
});

describe("appResponse", () => {
  it("serves a file with its type and the CSP", async () => {
    const response = await appResponse(root, "app://longitude/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toBe("<!doctype html><title>Longitude</title>");

    const script = await appResponse(root, "app://longitude/assets/index-1.js");
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await script.text()).toBe("console.log(1)");

    const font = await appResponse(root, "app://longitude/assets/DejaVuSans.woff2");
    expect(font.headers.get("content-type")).toBe("font/woff2");
    expect([...new Uint8Array(await font.arrayBuffer())]).toEqual([0x77, 0x4f, 0x46, 0x32]);
  });

  it("answers 404, with the CSP, for a missing file, a folder and a path outside the root", async () => {
    for (const url of ["app://longitude/nope.js", "app://longitude/assets/", "app://longitude/..%2fsecret.txt", "app://other/index.html"]) {
      const response = await appResponse(root, url);
      expect(response.status, url).toBe(404);
      expect(await response.text()).toBe("Not found");
      expect(response.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await appResponse(root, "app://longitude/index.html", "HEAD");
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const post = await appResponse(root, "app://longitude/index.html", "POST");
    expect(post.status).toBe(405);
    expect(await post.text()).toBe("Method not allowed");
  });
});
