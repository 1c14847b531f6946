/**
 * Extracts SAS PROC MIXED's Kenward–Roger results for every residual structure from the listings that the
 * mmrm package published in its design documents (github.com/openpharma/mmrm, directory design/KR at commit
 * 5b2c17174, the last one that holds it; the directory was removed in fd5a73e31). Each listing is
 *
 *   PROC MIXED DATA = fev cl method=reml;
 *     CLASS RACE(ref='Asian') AVISIT(ref='VIS4') SEX(ref='Male') ARMCD(ref='PBO') USUBJID;
 *     MODEL FEV1 = ARMCD / ddfm=kr|kr(linear) solution chisq;
 *     REPEATED AVISIT / subject=USUBJID type=<structure> r rcorr;
 *     LSMEANS ARMCD / pdiff=all cl alpha=0.05;
 *
 * (SP(EXP) uses `type=sp(exp)(VISITN VISITN2)`), with the TRT − PBO difference written at full precision by
 * ODS (`diffs`, the .csv next to each .txt). The method of each file is read from the listing's own
 * "Fixed Effects SE Method" line (Kenward-Roger, or Prasad-Rao-Jeske-Kackar-Harville for KR(LINEAR)), not
 * from its name: the two SP(EXP) files are named the other way round.
 *
 *   node test/reference/sas-structures/extract.mjs DIR > test/reference/sas-structures/sas-kr-structures.json
 *
 * DIR holds the .txt and .csv files of design/KR.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
if (!dir) { console.error("usage: extract.mjs DIR"); process.exit(2); }

// SAS's structure name (the listing's "Covariance Structure" line and the file name) → Longitude's residual term.
const STRUCTURES = {
  us: { sas: "UN", term: "us(AVISIT | USUBJID)" },
  cs: { sas: "CS", term: "cs(AVISIT | USUBJID)" },
  csh: { sas: "CSH", term: "csh(AVISIT | USUBJID)" },
  ar1: { sas: "AR(1)", term: "ar1(AVISIT | USUBJID)" },
  arh1: { sas: "ARH(1)", term: "ar1h(AVISIT | USUBJID)" },
  adh: { sas: "ANTE(1)", term: "adh(AVISIT | USUBJID)" },
  toep: { sas: "TOEP", term: "toep(AVISIT | USUBJID)" },
  toeph: { sas: "TOEPH", term: "toeph(AVISIT | USUBJID)" },
  spexp: { sas: "SP(EXP)(VISITN VISITN2)", term: "sp_exp(VISITN, VISITN2 | USUBJID)" },
};

/** Splits one line of R's write.csv output (quoted strings, plain numbers). */
const csvFields = (line) => [...line.matchAll(/"([^"]*)"|([^,]+)/g)].map((m) => m[1] ?? m[2]);

const cases = [];
for (const txt of readdirSync(dir).filter((f) => /^kr1?_\w+\.txt$/.test(f)).sort()) {
  const key = txt.replace(/^kr1?_/, "").replace(/\.txt$/, "");
  const s = STRUCTURES[key];
  if (!s) continue;
  const listing = readFileSync(join(dir, txt), "utf8");
  const seMethod = listing.match(/Fixed Effects SE Method\s+(\S+)/)[1];
  const ddf = seMethod === "Kenward-Roger" ? "kenward-roger" : seMethod.startsWith("Prasad-Rao") ? "kenward-roger-linear" : null;
  if (!ddf) throw new Error(`${txt}: unknown SE method ${seMethod}`);
  // The iteration history's last row: the final −2 Res Log Like at 8 decimals.
  const history = listing.slice(listing.indexOf("Iteration History"), listing.indexOf("Convergence criteria met"));
  const rows = [...history.matchAll(/^\s+(\d+)\s+(\d+)\s+([\d.]+)/gm)];
  const last = rows[rows.length - 1];
  // Covariance parameter estimates as printed (4–5 significant digits).
  const block = listing.slice(listing.indexOf("Covariance Parameter Estimates"), listing.indexOf("Fit Statistics"));
  const covparams = {};
  for (const m of block.matchAll(/^\s+((?:UN|Var|Rho|TOEP|TOEPH|CSH|CS|AR|ARH|SP)\(?[\w,()]*\)?|Residual)\s+(?:USUBJID\s+)?(-?[\d.]+(?:E[-+]?\d+)?)\s+0\.05/gm)) covparams[m[1]] = Number(m[2]);
  const [header, row] = readFileSync(join(dir, txt.replace(/\.txt$/, ".csv")), "utf8").trim().split("\n").map(csvFields);
  const col = (name) => Number(row[header.indexOf(name)]);
  if (row[header.indexOf("ARMCD")] !== "TRT" || row[header.indexOf("_ARMCD")] !== "PBO") throw new Error(`${txt}: not TRT − PBO`);
  cases.push({
    id: `sas_fev_${key}_${ddf}`,
    structure: s.sas,
    file: txt,
    spec: { formula: `FEV1 ~ ARMCD + ${s.term}`, method: "REML", ddf, reference: { ARMCD: "PBO" } },
    m2logLik: Number(last[3]),
    iterations: Number(last[1]),
    covparams_sas: covparams,
    // The LS-means difference TRT − PBO equals the ARMCDTRT coefficient of this one-factor model.
    difference: { estimate: col("Estimate"), se: col("StdErr"), df: col("DF"), t: col("tValue"), p: col("Probt"), lower: col("Lower"), upper: col("Upper") },
  });
}
process.stdout.write(JSON.stringify({
  source: "SAS PROC MIXED listings and ODS diffs (method=reml, ddfm=kr and kr(linear)) on fev_data for nine REPEATED structures, published in the mmrm package's design documents (github.com/openpharma/mmrm, design/KR/kr.R and its kr_*.txt/.csv, kr1_*.txt/.csv at commit 5b2c17174); extracted by test/reference/sas-structures/extract.mjs",
  data: "fev_data.csv",
  cases,
}, null, 1) + "\n");
