#!/usr/bin/env node
// `npm start`. The desktop app (Electron shell, SQLite studies, report export) is issue 5 of 5 and is not
// built yet; until then this says so and runs the demo analysis on the command line.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

process.stdout.write(`Longitude: the desktop app is not built yet.
When it is, \`npm start\` will open it: import a study (CSV, SAS XPORT, Dataset-JSON, Excel), map its
columns, specify a mixed model or MMRM, fit it, and export a report.
For now, here is the command line running the demo analysis (longitude demo):
fev_data, FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID), REML.

`);

const child = spawn(process.execPath, [join(root, "bin", "longitude.js"), "demo"], { stdio: "inherit" });
child.on("error", (e) => {
  process.stderr.write(`error: cannot run the command line: ${e.message}\n`);
  process.exitCode = 2;
});
child.on("exit", (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
