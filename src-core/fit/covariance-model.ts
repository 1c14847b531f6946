import type { CovarianceStructure } from "../covariance/structure.js";
import { makeStructure } from "../covariance/index.js";
import type { Design } from "../design/design.js";

/**
 * The covariance parameters θ of a model, in SAS's order: one G structure per random term, then the
 * residual structure (one copy per group for per-group covariance) or the iid residual variance.
 * See docs/math/reml.md.
 */
export interface Component {
  readonly role: "random" | "residual";
  readonly structure: CovarianceStructure;
  /** Index of θ's first parameter for this component. */
  readonly offset: number;
  /** Random term index (role "random") or residual group index (role "residual"; 0 without groups). */
  readonly index: number;
  /** SAS's Subject and Group columns. */
  readonly subject: string | null;
  readonly group: string | null;
}

export class CovarianceModel {
  readonly components: readonly Component[];
  readonly nparam: number;
  /** Component of the residual structure for each residual group (or the iid component at [0]). */
  readonly residualComponents: readonly Component[];
  readonly randomComponents: readonly Component[];
  readonly residualIid: boolean;

  constructor(design: Design) {
    const components: Component[] = [];
    let offset = 0;
    const add = (c: Omit<Component, "offset">): Component => {
      const full = { ...c, offset };
      offset += c.structure.nparam;
      components.push(full);
      return full;
    };
    this.randomComponents = design.random.map((r, index) =>
      add({
        role: "random",
        structure: makeStructure(r.diagonal ? "g_diag" : "g_un", { dim: r.termNames.length, termNames: r.termNames }),
        index,
        subject: r.group,
        group: null,
      }),
    );
    const res = design.residual;
    if (res === null) {
      this.residualIid = true;
      this.residualComponents = [add({ role: "residual", structure: makeStructure("iid", { dim: 1 }), index: 0, subject: null, group: null })];
    } else {
      this.residualIid = false;
      const dim = res.coordinates ? res.coordinates.length : res.positionLevels.length;
      const groups = res.groupLevels ?? [null];
      this.residualComponents = groups.map((g, index) =>
        add({
          role: "residual",
          structure: makeStructure(res.structure, { dim, coordinates: res.coordinates ?? undefined }),
          index,
          subject: res.subject,
          group: g === null ? null : `${res.group} ${g}`,
        }),
      );
    }
    this.components = components;
    this.nparam = offset;
  }

  /** θ_c, the slice of θ for one component. */
  slice(theta: Float64Array, c: Component): Float64Array {
    return theta.subarray(c.offset, c.offset + c.structure.nparam);
  }

  /** The component's full matrix over all its positions (dim × dim, row-major): G, or Σ(θ) over every visit. */
  fullMatrix(theta: Float64Array, c: Component): Float64Array {
    const dim = c.structure.dim;
    const out = new Float64Array(dim * dim);
    c.structure.fill(this.slice(theta, c), Int32Array.from({ length: dim }, (_, i) => i), out);
    return out;
  }

  names(): { name: string; subject: string | null; group: string | null }[] {
    return this.components.flatMap((c) => c.structure.names.map((name) => ({ name, subject: c.subject, group: c.group })));
  }

  admissible(theta: Float64Array): boolean {
    return this.components.every((c) => c.structure.admissible(this.slice(theta, c)));
  }

  toUnconstrained(theta: Float64Array): Float64Array {
    const phi = new Float64Array(this.nparam);
    for (const c of this.components) phi.set(c.structure.toUnconstrained(this.slice(theta, c)), c.offset);
    return phi;
  }

  fromUnconstrained(phi: Float64Array): Float64Array {
    const theta = new Float64Array(this.nparam);
    for (const c of this.components) theta.set(c.structure.fromUnconstrained(phi.subarray(c.offset, c.offset + c.structure.nparam)), c.offset);
    return theta;
  }

  /** J = ∂θ/∂φ (q×q row-major, block diagonal over components). */
  jacobian(phi: Float64Array): Float64Array {
    const q = this.nparam;
    const J = new Float64Array(q * q);
    for (const c of this.components) {
      const m = c.structure.nparam;
      const Jc = c.structure.jacobian(phi.subarray(c.offset, c.offset + m));
      for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) J[(c.offset + i) * q + c.offset + j] = Jc[i * m + j];
    }
    return J;
  }
}
