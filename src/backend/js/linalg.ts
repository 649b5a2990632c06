// Reference linear-algebra kernels, looping over leading batch dims. Work is
// done in float64 and stored in the output dtype. Failures follow JAX: a
// matrix that is not positive definite gives a Cholesky factor of NaNs.
import { prod } from "../../core/shape.ts";
import { eighP, triangularSolveP } from "../../lax/linalg.ts";
import { eighSyevd } from "./eigh_syevd.ts";
import { alloc, defKernel } from "./kernel.ts";

const batchCount = (shape: readonly number[]) => prod(shape.slice(0, -2));

defKernel("cholesky", ([x], [a], _p, [o]) => {
  const n = a.shape[a.ndim - 1];
  const out = alloc(o);
  const L = new Float64Array(n * n);
  for (let b = 0, base = 0; b < batchCount(a.shape); b++, base += n * n) {
    L.fill(0);
    let ok = true;
    // Reads the lower triangle only (LAPACK potrf with uplo='L').
    for (let j = 0; j < n && ok; j++) {
      let d = x[base + j * n + j];
      for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
      if (!(d > 0)) {
        ok = false;
        break;
      }
      const ljj = Math.sqrt(d);
      L[j * n + j] = ljj;
      for (let i = j + 1; i < n; i++) {
        let s = x[base + i * n + j];
        for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
        L[i * n + j] = s / ljj;
      }
    }
    if (ok) for (let i = 0; i < n * n; i++) out[base + i] = L[i];
    else out.fill(NaN, base, base + n * n);
  }
  return [out];
});

/**
 * Solve op(A) X = B (left) or X op(A) = B (right) by substitution. The right
 * case is op(A)^T X^T = B^T, so both reduce to M W = V for the matrix W whose
 * column v is vector v of X (a column when left, a row when right). W is
 * solved a row at a time, each step an update of whole rows (contiguous:
 * ~10x faster than one vector at a time through index maps).
 */
defKernel(triangularSolveP, ([A, B], [aa, ba], p, [o]) => {
  const left = p.left_side;
  const unit = p.unit_diagonal;
  const nd = ba.ndim;
  const [rows, cols] = [ba.shape[nd - 2], ba.shape[nd - 1]];
  const m = aa.shape[aa.ndim - 1];
  const out = alloc(o);
  // op(A)[i][j] = A[i][j] or A[j][i]; for the right side M = op(A)^T.
  const flip = p.transpose_a !== !left;
  // M is lower-triangular iff (lower XOR flip).
  const mLower = p.lower !== flip;
  const nVec = left ? cols : rows;
  const M = new Float64Array(m * m);
  const W = new Float64Array(m * nVec);
  for (let b = 0; b < batchCount(ba.shape); b++) {
    const aBase = b * m * m;
    const bBase = b * rows * cols;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) M[i * m + j] = flip ? A[aBase + j * m + i] : A[aBase + i * m + j];
    // W[i, v]: element i of vector v of B.
    if (left) for (let i = 0; i < m * nVec; i++) W[i] = B[bBase + i];
    else for (let v = 0; v < nVec; v++) for (let i = 0; i < m; i++) W[i * nVec + v] = B[bBase + v * cols + i];
    for (let step = 0; step < m; step++) {
      const i = mLower ? step : m - 1 - step;
      const row = i * nVec;
      // W[i] -= M[i, j] W[j] over the rows solved before it.
      const [from, to] = mLower ? [0, i] : [i + 1, m];
      for (let j = from; j < to; j++) {
        const f = M[i * m + j];
        const other = j * nVec;
        for (let v = 0; v < nVec; v++) W[row + v] -= f * W[other + v];
      }
      if (!unit) {
        const d = M[i * m + i];
        for (let v = 0; v < nVec; v++) W[row + v] /= d;
      }
    }
    if (left) for (let i = 0; i < m * nVec; i++) out[bBase + i] = W[i];
    else for (let v = 0; v < nVec; v++) for (let i = 0; i < m; i++) out[bBase + v * cols + i] = W[i * nVec + v];
  }
  return [out];
});

/** LU with partial pivoting (LAPACK getrf's choice of pivot: first row of largest magnitude). */
defKernel("lu", ([x], [a], _p, [o, po, permo]) => {
  const nd = a.ndim;
  const [m, n] = [a.shape[nd - 2], a.shape[nd - 1]];
  const k = Math.min(m, n);
  const out = alloc(o);
  const piv = alloc(po);
  const perm = alloc(permo);
  const w = new Float64Array(m * n);
  const pr = new Int32Array(m);
  for (let b = 0; b < batchCount(a.shape); b++) {
    for (let i = 0; i < m * n; i++) w[i] = x[b * m * n + i];
    for (let i = 0; i < m; i++) pr[i] = i;
    for (let c = 0; c < k; c++) {
      let p = c;
      let best = Math.abs(w[c * n + c]);
      for (let i = c + 1; i < m; i++) {
        const v = Math.abs(w[i * n + c]);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      piv[b * k + c] = p;
      if (p !== c) {
        for (let j = 0; j < n; j++) {
          const t = w[c * n + j];
          w[c * n + j] = w[p * n + j];
          w[p * n + j] = t;
        }
        const t = pr[c];
        pr[c] = pr[p];
        pr[p] = t;
      }
      const d = w[c * n + c];
      if (d !== 0) for (let i = c + 1; i < m; i++) w[i * n + c] /= d;
      for (let i = c + 1; i < m; i++) {
        const f = w[i * n + c];
        if (f === 0) continue;
        for (let j = c + 1; j < n; j++) w[i * n + j] -= f * w[c * n + j];
      }
    }
    for (let i = 0; i < m * n; i++) out[b * m * n + i] = w[i];
    for (let i = 0; i < m; i++) perm[b * m + i] = pr[i];
  }
  return [out, piv, perm];
});

/**
 * Symmetric eigendecomposition as LAPACK's syevd (eigh_syevd.ts), so the
 * eigenvectors' signs are JAX's; cyclic Jacobi rotations where that does not
 * apply (non-finite input). Reads the triangle named by `lower`; eigenvalues
 * ascending, eigenvectors in the columns of v.
 */
defKernel(eighP, ([x], [a], p, [vo, wo]) => {
  const n = a.shape[a.ndim - 1];
  const lower = p.lower;
  const vOut = alloc(vo);
  const wOut = alloc(wo);
  const A = new Float64Array(n * n);
  const V = new Float64Array(n * n);
  for (let b = 0; b < batchCount(a.shape); b++) {
    const base = b * n * n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const fromLower = i >= j ? x[base + i * n + j] : x[base + j * n + i];
        const fromUpper = i <= j ? x[base + i * n + j] : x[base + j * n + i];
        A[i * n + j] = lower ? fromLower : fromUpper;
        V[i * n + j] = i === j ? 1 : 0;
      }
    }
    const lapack = eighSyevd(A, n, a.dtype !== "float64");
    if (lapack) {
      wOut.set(lapack.w, b * n);
      vOut.set(lapack.v, base);
      continue;
    }
    jacobiEigen(A, V, n);
    const order = [...Array(n).keys()].sort((i, j) => A[i * n + i] - A[j * n + j]);
    order.forEach((src, dst) => {
      wOut[b * n + dst] = A[src * n + src];
      for (let i = 0; i < n; i++) vOut[base + i * n + dst] = V[i * n + src];
    });
  }
  return [vOut, wOut];
});

function jacobiEigen(A: Float64Array, V: Float64Array, n: number): void {
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const v = A[i * n + j] * A[i * n + j];
        total += v;
        if (i !== j) off += v;
      }
    }
    if (!(off > 1e-30 * total)) return;
    for (let pp = 0; pp < n - 1; pp++) {
      for (let q = pp + 1; q < n; q++) {
        const apq = A[pp * n + q];
        if (apq === 0) continue;
        const app = A[pp * n + pp];
        const aqq = A[q * n + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(A, V, n, pp, q, c, s);
      }
    }
  }
}

/** A <- J^T A J and V <- V J for the rotation J in the (p, q) plane. */
function rotate(A: Float64Array, V: Float64Array, n: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const akp = A[k * n + p];
    const akq = A[k * n + q];
    A[k * n + p] = c * akp - s * akq;
    A[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = A[p * n + k];
    const aqk = A[q * n + k];
    A[p * n + k] = c * apk - s * aqk;
    A[q * n + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < n; k++) {
    const vkp = V[k * n + p];
    const vkq = V[k * n + q];
    V[k * n + p] = c * vkp - s * vkq;
    V[k * n + q] = s * vkp + c * vkq;
  }
}
