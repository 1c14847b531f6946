/** A web host over a temporary database and a tiny stand-in for the built pages, for one test file. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { LongitudeService } from "../../../src-main/services/service.js";
import { startWebHost, type WebHost, type WebHostOptions } from "../../../src-main/web/server.js";

export const INDEX_HTML = "<!doctype html>\n<title>Longitude test page</title>\n<div id=\"app\"></div>\n";
export const APP_JS = "console.log('the test page');\n";

export interface TestHost {
  dir: string;
  staticDir: string;
  service: LongitudeService;
  host: WebHost;
  /** Internal errors the host reported, as "context: message". */
  internalErrors: string[];
}

/** Writes the stand-in pages: index.html, a script and a font under assets/, and a secret beside them. */
export function writePages(dir: string): string {
  const staticDir = join(dir, "static");
  mkdirSync(join(staticDir, "assets"), { recursive: true });
  writeFileSync(join(staticDir, "index.html"), INDEX_HTML);
  writeFileSync(join(staticDir, "assets", "app-1a2b3c.js"), APP_JS);
  writeFileSync(join(staticDir, "assets", "DejaVuSans-1a2b3c.ttf"), Buffer.from([0, 1, 0, 0]));
  writeFileSync(join(dir, "secret.txt"), "not for the browser\n");
  return staticDir;
}

/**
 * Starts the host before the file's tests (the demo study seeded when asked) and stops it after them. The
 * returned object is filled in by beforeAll.
 */
export function testHost(prefix: string, options: { seedDemo?: boolean; host?: Partial<WebHostOptions> } = {}): TestHost {
  const t = { internalErrors: [] as string[] } as unknown as TestHost;
  beforeAll(async () => {
    t.dir = mkdtempSync(join(tmpdir(), `longitude-${prefix}-`));
    t.staticDir = writePages(t.dir);
    mkdirSync(join(t.dir, "data"));
    t.service = await LongitudeService.open({ dbPath: join(t.dir, "data", "web.sqlite"), seedDemo: options.seedDemo ?? false });
    t.host = await startWebHost({
      service: t.service, staticDir: t.staticDir, port: 0,
      onInternalError: (context, e) => { t.internalErrors.push(`${context}: ${(e as Error).message}`); },
      ...options.host,
    });
  });
  afterAll(async () => {
    await t.host?.close();
    t.service?.close();
    if (t.dir) rmSync(t.dir, { recursive: true, force: true });
  });
  return t;
}
