/**
 * Unstructured G over q random-effect terms (SAS RANDOM ... TYPE=UN): the same parameters and log-Cholesky map as
 * the residual UN (us.ts), with kind "g_un" and variances allowed to reach 0 (a singular G).
 */
import type { CovarianceStructure } from "./structure.js";
import { unstructured } from "./us.js";

export function gUn(dim: number): CovarianceStructure {
  return unstructured("g_un", dim);
}
