/**
 * Lower Cholesky factor of a small symmetric positive-definite matrix given as rows. The simulator keeps its own
 * copy instead of importing the engine's linear algebra, so that the data it generates do not depend on the code
 * under study.
 */
export function choleskyLower(a: readonly (readonly number[])[]): number[][] {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = a[j][j];
    for (let k = 0; k < j; k++) d -= l[j][k] ** 2;
    if (!(d > 0)) throw new Error(`choleskyLower: the matrix is not positive definite (pivot ${j + 1} is ${d})`);
    l[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = s / l[j][j];
    }
  }
  return l;
}
