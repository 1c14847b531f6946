/**
 * The covariance structures, by kind. See structure.ts for the interface and docs/math/covariance.md for the
 * parameters, formulas, derivatives and unconstrained maps.
 */
import { LongitudeError } from "../errors.js";
import { ar1 } from "./ar1.js";
import { ar1h } from "./ar1h.js";
import { ad, adh } from "./ante.js";
import { cs } from "./cs.js";
import { csh } from "./csh.js";
import { gDiag } from "./g-diag.js";
import { gUn } from "./g-un.js";
import { iid } from "./iid.js";
import { spExp } from "./sp-exp.js";
import type { CovarianceStructure, StructureKind } from "./structure.js";
import { toep } from "./toep.js";
import { toeph } from "./toeph.js";
import { unstructured } from "./us.js";

export type { CovarianceStructure, ResidualKind, StructureKind } from "./structure.js";
export { sasTermName } from "./g-diag.js";

export interface StructureOptions {
  /** Number of positions: visits, random-effect terms, or distinct coordinates (sp_exp: coordinates.length). */
  dim: number;
  /** sp_exp only: one coordinate vector per position. */
  coordinates?: readonly (readonly number[])[];
  /** g_diag only: the random-effect term names, R style ("(Intercept)" becomes SAS's "Intercept"). */
  termNames?: readonly string[];
}

export function makeStructure(kind: StructureKind, opts: StructureOptions): CovarianceStructure {
  const { dim } = opts;
  if (!Number.isInteger(dim) || dim < 0 || (dim === 0 && kind !== "iid")) {
    throw new Error(`makeStructure(${kind}): dim must be a positive integer, got ${dim}`);
  }
  switch (kind) {
    case "us":
      return unstructured("us", dim);
    case "cs":
      return cs(dim);
    case "csh":
      return csh(dim);
    case "ar1":
      return ar1(dim);
    case "ar1h":
      return ar1h(dim);
    case "ad":
      return ad(dim);
    case "adh":
      return adh(dim);
    case "toep":
      return toep(dim);
    case "toeph":
      return toeph(dim);
    case "sp_exp":
      return spExp(checkedCoordinates(opts));
    case "iid":
      return iid(dim);
    case "g_un":
      return gUn(dim);
    case "g_diag":
      if (opts.termNames && opts.termNames.length !== dim) {
        throw new Error(`makeStructure(g_diag): ${opts.termNames.length} term names for dim ${dim}`);
      }
      return gDiag(dim, opts.termNames);
    default: {
      const never: never = kind;
      throw new Error(`makeStructure: unknown structure ${String(never)}`);
    }
  }
}

function checkedCoordinates(opts: StructureOptions): readonly (readonly number[])[] {
  const coords = opts.coordinates;
  if (!coords || coords.length === 0) throw new Error("makeStructure(sp_exp): coordinates are required");
  if (coords.length !== opts.dim) {
    throw new Error(`makeStructure(sp_exp): dim ${opts.dim} differs from the ${coords.length} coordinates`);
  }
  const d = coords[0].length;
  for (const c of coords) {
    if (c.length !== d || c.some((x) => !Number.isFinite(x))) {
      throw new LongitudeError(
        "bad-data",
        "sp_exp needs finite numeric coordinates with the same number of components in every row; fix the coordinate columns.",
      );
    }
  }
  return coords;
}
