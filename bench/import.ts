import { mkdtempSync, rmSync, statSync, createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { once } from "node:events";
import { importFile } from "../src-main/services/import.js";

export interface ImportBench {
  rows: number; fileMiB: number;
  /** the whole import: hash, read and store (one transaction), then load and check */
  seconds: number;
  /** reading and storing only, up to the commit */
  storeSeconds: number;
  /** peak RSS up to the commit (streaming), and over the whole import (the checks hold the dataset in memory) */
  storeRssMiB: number; maxRssMiB: number; heapMiB: number;
}

/**
 * Writes a long-format CSV of `rows` rows (subjects × 10 visits, ADaM-like columns, some values missing),
 * streamed so that the writer itself holds little memory. Deterministic: the values are a function of the
 * row number.
 */
export async function writeTrialCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write("USUBJID,AVISIT,AVISITN,TRTP,SITEID,BASE,AVAL,CHG\n");
  let block: string[] = [];
  for (let i = 0; i < rows; i++) {
    const subject = Math.floor(i / 10), visit = (i % 10) + 1;
    const base = 20 + (subject % 17) * 0.73;
    const aval = i % 7 === 3 ? "" : (base + visit * 0.5 + ((i * 7919) % 1000) / 250).toFixed(3);
    const chg = aval === "" ? "" : (Number(aval) - base).toFixed(3);
    block.push(`S${String(subject).padStart(7, "0")},WEEK ${visit * 2},${visit},${subject % 2 ? "Drug" : "Placebo"},${700 + (subject % 11)},${base.toFixed(2)},${aval},${chg}`);
    if (block.length === 10_000) {
      if (!out.write(`${block.join("\n")}\n`)) await once(out, "drain");
      block = [];
    }
  }
  if (block.length) out.write(`${block.join("\n")}\n`);
  out.end();
  await once(out, "finish");
}

/** Imports a generated CSV of `rows` rows into a new database; the caller runs it in a fresh process. */
export async function benchImport(rows: number): Promise<ImportBench> {
  const dir = mkdtempSync(join(tmpdir(), "longitude-bench-import-"));
  try {
    const csv = join(dir, "trial.csv");
    await writeTrialCsv(csv, rows);
    globalThis.gc?.();
    const t = performance.now();
    let storeSeconds = NaN, storeRssMiB = NaN;
    const result = await importFile(join(dir, "bench.sqlite"), { path: csv, study: "bench" }, (p) => {
      if (p.stage === "check" && Number.isNaN(storeSeconds)) {
        storeSeconds = (performance.now() - t) / 1000;
        storeRssMiB = process.resourceUsage().maxRSS / 1024;
      }
    });
    const seconds = (performance.now() - t) / 1000;
    globalThis.gc?.();
    return {
      rows: result.rows, fileMiB: statSync(csv).size / 2 ** 20, seconds, storeSeconds, storeRssMiB,
      maxRssMiB: process.resourceUsage().maxRSS / 1024, heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
