/** Content types of what the hosts serve (src-main/content-types.ts): the standard IANA media types. */
import { describe, expect, it } from "vitest";
import { contentType } from "../../src-main/content-types.js";

describe("contentType", () => {
  it("gives each file the renderer build and the report make its type", () => {
    expect(contentType("index.html")).toBe("text/html; charset=utf-8");
    expect(contentType("assets/index-1.js")).toBe("text/javascript; charset=utf-8");
    expect(contentType("a.mjs")).toBe("text/javascript; charset=utf-8");
    expect(contentType("assets/index-1.css")).toBe("text/css; charset=utf-8");
    expect(contentType("x.json")).toBe("application/json; charset=utf-8");
    expect(contentType("logo.svg")).toBe("image/svg+xml");
    expect(contentType("logo.PNG")).toBe("image/png");
    expect(contentType("f.woff2")).toBe("font/woff2");
    expect(contentType("f.ttf")).toBe("font/ttf");
    expect(contentType("m.wasm")).toBe("application/wasm");
    expect(contentType("/tmp/out/report.pdf")).toBe("application/pdf");
    expect(contentType("differences.csv")).toBe("text/csv; charset=utf-8");
    expect(contentType("README")).toBe("application/octet-stream");
  });
});
