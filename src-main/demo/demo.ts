import { join } from "node:path";
import { packageRoot } from "../paths.js";

/**
 * The bundled demo analysis: fev_data (from R's mmrm package) with the MMRM whose SAS PROC MIXED output is
 * published (test/reference/expected/sas_fev_mmrm_us_satterthwaite.json). The spec names the reference
 * levels of that output (ARMCD PBO, AVISIT VIS1, RACE Asian, SEX Male), so the report can be laid beside it.
 */
export function demoFiles(root: string = packageRoot()): { data: string; spec: string } {
  const dir = join(root, "src-main", "demo");
  return { data: join(dir, "fev_data.csv"), spec: join(dir, "fev_mmrm.spec.json") };
}
