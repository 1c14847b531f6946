/**
 * Indices of `count` items spread evenly over `n` sorted items: round(k(n − 1)/(count − 1)), k = 0..count−1,
 * so the first and last are always included; all n when n ≤ count; the middle one when count = 1.
 */
export function spreadIndices(n: number, count: number): number[] {
  if (count <= 0 || n === 0) return [];
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  if (count === 1) return [Math.round((n - 1) / 2)];
  return Array.from({ length: count }, (_, k) => Math.round((k * (n - 1)) / (count - 1)));
}
