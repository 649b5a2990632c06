// Reference kernels of lu_real and triangular_solve_real (complex lu and
// triangular_solve on real and imaginary parts), computed in float64.
import { prod } from "../../core/shape.ts";
import { luRealP, triangularSolveRealP } from "../../lax/linalg_complex.ts";
import { alloc, defKernel } from "./kernel.ts";

const batchCount = (shape: readonly number[]) => prod(shape.slice(0, -2));

/** LU with partial pivoting; the pivot as LAPACK zgetrf's izamax picks it (largest |re| + |im|, first on ties). */
defKernel(luRealP, ([xr, xi], [a], _p, [o, , po, permo]) => {
  const nd = a.ndim;
  const [m, n] = [a.shape[nd - 2], a.shape[nd - 1]];
  const k = Math.min(m, n);
  const outR = alloc(o);
  const outI = alloc(o);
  const piv = alloc(po);
  const perm = alloc(permo);
  const wr = new Float64Array(m * n);
  const wi = new Float64Array(m * n);
  const pr = new Int32Array(m);
  const swap = (arr: Float64Array, i: number, j: number) => {
    const t = arr[i];
    arr[i] = arr[j];
    arr[j] = t;
  };
  for (let b = 0; b < batchCount(a.shape); b++) {
    for (let i = 0; i < m * n; i++) {
      wr[i] = xr[b * m * n + i];
      wi[i] = xi[b * m * n + i];
    }
    for (let i = 0; i < m; i++) pr[i] = i;
    for (let c = 0; c < k; c++) {
      let p = c;
      let best = Math.abs(wr[c * n + c]) + Math.abs(wi[c * n + c]);
      for (let i = c + 1; i < m; i++) {
        const v = Math.abs(wr[i * n + c]) + Math.abs(wi[i * n + c]);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      piv[b * k + c] = p;
      if (p !== c) {
        for (let j = 0; j < n; j++) {
          swap(wr, c * n + j, p * n + j);
          swap(wi, c * n + j, p * n + j);
        }
        const t = pr[c];
        pr[c] = pr[p];
        pr[p] = t;
      }
      const dr = wr[c * n + c];
      const di = wi[c * n + c];
      const dd = dr * dr + di * di;
      if (dd !== 0) {
        for (let i = c + 1; i < m; i++) {
          const [ur, ui] = [wr[i * n + c], wi[i * n + c]];
          wr[i * n + c] = (ur * dr + ui * di) / dd;
          wi[i * n + c] = (ui * dr - ur * di) / dd;
        }
      }
      for (let i = c + 1; i < m; i++) {
        const fr = wr[i * n + c];
        const fi = wi[i * n + c];
        if (fr === 0 && fi === 0) continue;
        for (let j = c + 1; j < n; j++) {
          const [gr, gi] = [wr[c * n + j], wi[c * n + j]];
          wr[i * n + j] -= fr * gr - fi * gi;
          wi[i * n + j] -= fr * gi + fi * gr;
        }
      }
    }
    outR.set(wr, b * m * n);
    outI.set(wi, b * m * n);
    for (let i = 0; i < m; i++) perm[b * m + i] = pr[i];
  }
  return [outR, outI, piv, perm];
});

defKernel(triangularSolveRealP, ([Ar, Ai, Br, Bi], [aa, , ba], p, [o]) => {
  const left = p.left_side;
  const unit = p.unit_diagonal;
  const nd = ba.ndim;
  const [rows, cols] = [ba.shape[nd - 2], ba.shape[nd - 1]];
  const m = aa.shape[aa.ndim - 1];
  const outR = alloc(o);
  const outI = alloc(o);
  // op(A)[i][j] = A[i][j] or A[j][i] (conjugated with conjugate_a); for the right side M = op(A)^T.
  const flip = p.transpose_a !== !left;
  const cs = p.conjugate_a ? -1 : 1;
  const mLower = p.lower !== flip;
  const nVec = left ? cols : rows;
  const xr = new Float64Array(m);
  const xi = new Float64Array(m);
  for (let b = 0; b < batchCount(ba.shape); b++) {
    const aBase = b * m * m;
    const bBase = b * rows * cols;
    const at = (i: number, j: number) => (flip ? aBase + j * m + i : aBase + i * m + j);
    for (let v = 0; v < nVec; v++) {
      const idx = (i: number) => (left ? bBase + i * cols + v : bBase + v * cols + i);
      for (let i = 0; i < m; i++) {
        xr[i] = Br[idx(i)];
        xi[i] = Bi[idx(i)];
      }
      const step = (i: number, j0: number, j1: number) => {
        let sr = xr[i];
        let si = xi[i];
        for (let j = j0; j < j1; j++) {
          const q = at(i, j);
          const [ar, ai] = [Ar[q], cs * Ai[q]];
          sr -= ar * xr[j] - ai * xi[j];
          si -= ar * xi[j] + ai * xr[j];
        }
        if (unit) {
          xr[i] = sr;
          xi[i] = si;
          return;
        }
        const q = at(i, i);
        const [dr, di] = [Ar[q], cs * Ai[q]];
        const dd = dr * dr + di * di;
        xr[i] = (sr * dr + si * di) / dd;
        xi[i] = (si * dr - sr * di) / dd;
      };
      if (mLower) for (let i = 0; i < m; i++) step(i, 0, i);
      else for (let i = m - 1; i >= 0; i--) step(i, i + 1, m);
      for (let i = 0; i < m; i++) {
        outR[idx(i)] = xr[i];
        outI[idx(i)] = xi[i];
      }
    }
  }
  return [outR, outI];
});
