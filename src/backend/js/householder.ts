// Householder reflectors as LAPACK builds and applies them (dlarfg, geqrf,
// gehrd, orgqr), on row-major float64 matrices. A reflector is
// H = I - tau v v^T with v[0] = 1 implicit and the rest of v stored below the
// entry it annihilates into.

/**
 * LAPACK dlarfg for the vector (alpha, x) where x is column `col` of W (row
 * stride `ld`) over rows r0+1..m-1 and alpha is W[r0, col]: overwrites alpha
 * with beta, x with v[1:], and returns tau (0 when x is already zero).
 */
function reflector(W: Float64Array, ld: number, m: number, r0: number, col: number): number {
  const alpha = W[r0 * ld + col];
  let xnorm = 0;
  for (let i = r0 + 1; i < m; i++) xnorm = Math.hypot(xnorm, W[i * ld + col]);
  if (xnorm === 0) return 0;
  const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
  const scale = 1 / (alpha - beta);
  for (let i = r0 + 1; i < m; i++) W[i * ld + col] *= scale;
  W[r0 * ld + col] = beta;
  return (beta - alpha) / beta;
}

/**
 * Applies H (v from column vc of W, rows r0..m-1) from the left to columns
 * c0..c1-1 of M (row stride ldm). Row by row: each column's sum still adds
 * its terms in row order (the same bits as column by column), and the loops
 * run along rows of the row-major matrices instead of down their columns.
 */
function applyLeft(
  W: Float64Array,
  ld: number,
  vc: number,
  r0: number,
  m: number,
  tau: number,
  M: Float64Array,
  ldm: number,
  c0: number,
  c1: number,
): void {
  const width = c1 - c0;
  if (width <= 0) return;
  const s = M.slice(r0 * ldm + c0, r0 * ldm + c1);
  for (let i = r0 + 1; i < m; i++) {
    const vi = W[i * ld + vc];
    const row = i * ldm + c0;
    for (let c = 0; c < width; c++) s[c] += vi * M[row + c];
  }
  const top = r0 * ldm + c0;
  for (let c = 0; c < width; c++) {
    s[c] *= tau;
    M[top + c] -= s[c];
  }
  for (let i = r0 + 1; i < m; i++) {
    const vi = W[i * ld + vc];
    const row = i * ldm + c0;
    for (let c = 0; c < width; c++) M[row + c] -= s[c] * vi;
  }
}

/** Applies H (as above, acting on columns r0..m-1) from the right to rows 0..rows-1 of M. */
function applyRight(
  W: Float64Array,
  ld: number,
  vc: number,
  r0: number,
  m: number,
  tau: number,
  M: Float64Array,
  ldm: number,
  rows: number,
): void {
  // v contiguous (it is a column of W): the loops below run along rows of M.
  const v = new Float64Array(m);
  for (let i = r0 + 1; i < m; i++) v[i] = W[i * ld + vc];
  for (let r = 0; r < rows; r++) {
    const row = r * ldm;
    let s = M[row + r0];
    for (let i = r0 + 1; i < m; i++) s += M[row + i] * v[i];
    s *= tau;
    M[row + r0] -= s;
    for (let i = r0 + 1; i < m; i++) M[row + i] -= s * v[i];
  }
}

/** geqrf in place on the m x n matrix W: R in the upper triangle, reflectors below; min(m, n) taus. */
export function geqrf(W: Float64Array, m: number, n: number, taus: Float64Array): void {
  for (let j = 0; j < Math.min(m, n); j++) {
    const tau = reflector(W, n, m, j, j);
    taus[j] = tau;
    if (tau !== 0) applyLeft(W, n, j, j, m, tau, W, n, j + 1, n);
  }
}

/** gehrd in place on the n x n matrix W: Hessenberg on and above the subdiagonal, reflectors below; n - 1 taus (the last 0). */
export function gehrd(W: Float64Array, n: number, taus: Float64Array): void {
  taus.fill(0);
  for (let j = 0; j < n - 2; j++) {
    const tau = reflector(W, n, n, j + 1, j);
    taus[j] = tau;
    if (tau === 0) continue;
    // H = I - tau v v^T acting on rows/columns j+1..n-1: A <- H A H.
    applyRight(W, n, j, j + 1, n, tau, W, n, n);
    applyLeft(W, n, j, j + 1, n, tau, W, n, j + 1, n);
  }
}

/**
 * orgqr: the m x nq matrix H_0 H_1 ... H_{k-1} I[:, :nq], with reflector j in
 * column j of the m x n matrix W (rows j+1..m-1) and its tau in taus[j].
 */
export function orgqr(W: Float64Array, m: number, n: number, taus: ArrayLike<number>, k: number, nq: number): Float64Array {
  const Q = new Float64Array(m * nq);
  for (let i = 0; i < Math.min(m, nq); i++) Q[i * nq + i] = 1;
  for (let j = k - 1; j >= 0; j--) if (taus[j] !== 0) applyLeft(W, n, j, j, m, taus[j], Q, nq, 0, nq);
  return Q;
}
