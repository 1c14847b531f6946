/**
 * A simulated trial with many subjects for the responsiveness check, written as CSV: src-core/data/simulate.ts's
 * simulateTrial (two arms, six visits, about 3% dropout per visit), the same generator the benchmarks fit.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { simulateTrial } from "../../src-core/data/simulate.js";

export async function writeLargeTrialCsv(path: string, subjects: number, seed = 2): Promise<{ rows: number }> {
  const frame = simulateTrial(subjects, 6, seed);
  const out = createWriteStream(path);
  out.write(`${frame.names.join(",")}\n`);
  const cols = frame.names.map((n) => frame.columns[n]);
  const subject = frame.names.indexOf("USUBJID");
  const block: string[] = [];
  for (let r = 0; r < frame.nrow; r++) {
    // subject IDs as text ("S000001"), as trial data has them: a numeric ID would read as a covariate
    block.push(cols.map((c, j) => (j === subject ? `S${String(c.values[r]).padStart(6, "0")}` : String(c.values[r]))).join(","));
    if (block.length === 10_000) {
      if (!out.write(`${block.join("\n")}\n`)) await once(out, "drain");
      block.length = 0;
    }
  }
  if (block.length) out.write(`${block.join("\n")}\n`);
  out.end();
  await once(out, "finish");
  return { rows: frame.nrow };
}
