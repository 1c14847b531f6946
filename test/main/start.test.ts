import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "longitude-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm start (bin/start.js), until the app exists", () => {
  it("creates the default database with the demo study on the first run, then runs the demo analysis", () => {
    const env = { ...process.env, XDG_CONFIG_HOME: dir, HOME: dir, LONGITUDE_DB: "" };
    const r = spawnSync(process.execPath, [join(import.meta.dirname, "..", "..", "bin", "start.js")], { encoding: "utf8", env });
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, "Longitude", "longitude.sqlite"))).toBe(true);
    expect(r.stdout).toMatch(/^ {3}1 {2}Demo study: FEV1 trial \(simulated data\) {2}\(1 datasets\)$/m);
    // the demo's -2 Res Log Likelihood, against SAS's for this model (test/reference/expected/sas_fev_mmrm_us_satterthwaite.json)
    expect(r.stdout).toMatch(/-2 Res Log Likelihood +3386\.4\n/); // SAS: 3386.44987722 ("m2logLik")
  });
});
