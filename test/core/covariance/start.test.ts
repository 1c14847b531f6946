/**
 * (f) Starting values: admissible, with a positive definite Σ, from exact, incomplete (NaN), empty and
 * non-positive-definite moment estimates; and equal to θ when S = Σ(θ) exactly.
 */
import { describe, expect, it } from "vitest";
import { CASES, fillOf, full, isPD, relError } from "./cases.js";

describe.each(CASES)("$label start()", ({ structure: s, theta }) => {
  const t = s.dim;
  const exact = fillOf(s, theta, full(t));

  function expectGoodStart(S: Float64Array): Float64Array {
    const th = s.start(S);
    expect(th.length).toBe(s.nparam);
    expect(s.admissible(th), `θ = ${Array.from(th)}`).toBe(true);
    expect(isPD(fillOf(s, th, full(t)), t), `θ = ${Array.from(th)}`).toBe(true);
    return th;
  }

  it("recovers θ from S = Σ(θ)", () => {
    expect(relError(expectGoodStart(exact), theta)).toBeLessThan(1e-10);
  });

  it("handles NaN entries (unobserved pairs and a visit without a variance)", () => {
    const S = Float64Array.from(exact);
    if (t > 1) S[0 * t + (t - 1)] = S[(t - 1) * t + 0] = NaN;
    if (t > 2) S[1 * t + 2] = S[2 * t + 1] = NaN;
    S[(t > 2 ? 2 : 0) * t + (t > 2 ? 2 : 0)] = NaN;
    expectGoodStart(S);
  });

  it("handles an S of only NaN", () => {
    expectGoodStart(new Float64Array(t * t).fill(NaN));
  });

  it("handles a non-positive-definite S with a zero variance", () => {
    // Lag-1 correlation 0.95, lag-2 −0.95, lag-3 0.95: inconsistent, not positive definite for t ≥ 3.
    const S = new Float64Array(t * t);
    for (let i = 0; i < t; i++) {
      for (let j = 0; j < t; j++) S[i * t + j] = i === j ? 2 : 2 * 0.95 * (Math.abs(i - j) % 2 === 1 ? 1 : -1);
    }
    if (t >= 3) expect(isPD(S, t)).toBe(false);
    S[t - 1 + (t - 1) * t] = 0;
    expectGoodStart(S);
  });
});
