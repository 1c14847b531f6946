#!/usr/bin/env node
// `npm start`. The desktop app (Electron shell, report export) is issue 5 of 5 and is not built yet; until
// then this says so, opens the default study database (creating it, with the demo study, on the first run)
// and runs the demo analysis on the command line.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

process.stdout.write(`Longitude: the desktop app is not built yet.
When it is, \`npm start\` will open it: import a study (CSV, SAS XPORT, Dataset-JSON, Excel), map its
columns, specify a mixed model or MMRM, fit it, and export a report.
For now, the command line: the studies in your study database (the demo study is created on the first run),
then the demo analysis (longitude demo): fev_data, FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID), REML.

`);

function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, "bin", "longitude.js"), ...args], { stdio: "inherit" });
    child.on("error", (e) => {
      process.stderr.write(`error: cannot run the command line: ${e.message}\n`);
      resolve(2);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const studies = await run(["studies"]);
process.stdout.write("\n");
process.exitCode = studies !== 0 ? studies : await run(["demo"]);
