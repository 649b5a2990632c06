// Reference kernels of the complex Householder primitives (geqrf_real,
// householder_product_real, hessenberg_real): LAPACK's zgeqrf, zungqr and
// zgehrd on real and imaginary parts, in float64. Reflectors are zlarfg's:
// H = I - tau v vᴴ with v[0] = 1, beta = -sign(Re alpha) |(alpha, x)| real,
// tau = (beta - alpha) / beta, the rest of v scaled by 1 / (alpha - beta).
import { prod } from "../../core/shape.ts";
import { geqrfRealP, hessenbergRealP, householderProductRealP } from "../../lax/linalg_complex.ts";
import { alloc, defKernel } from "./kernel.ts";

const batchCount = (shape: readonly number[]) => prod(shape.slice(0, -2));

/** A complex row-major matrix with `cols` columns, parts apart. */
interface CMat {
  re: Float64Array;
  im: Float64Array;
  cols: number;
}

/**
 * zlarfg on column c, rows r0..r1-1 (alpha at r0): beta goes to (r0, c),
 * v's tail to the rows below; returns tau (0 where no reflection is needed).
 */
function reflector(A: CMat, r0: number, r1: number, c: number): [number, number] {
  const { re, im, cols } = A;
  const [alr, ali] = [re[r0 * cols + c], im[r0 * cols + c]];
  let xn = 0;
  for (let i = r0 + 1; i < r1; i++) xn += re[i * cols + c] ** 2 + im[i * cols + c] ** 2;
  xn = Math.sqrt(xn);
  if (xn === 0 && ali === 0) return [0, 0];
  const beta = -(alr >= 0 ? 1 : -1) * Math.hypot(alr, ali, xn);
  const [dr, di] = [alr - beta, ali];
  const dd = dr * dr + di * di;
  const [sr, si] = [dr / dd, -di / dd];
  for (let i = r0 + 1; i < r1; i++) {
    const [ur, ui] = [re[i * cols + c], im[i * cols + c]];
    re[i * cols + c] = ur * sr - ui * si;
    im[i * cols + c] = ur * si + ui * sr;
  }
  re[r0 * cols + c] = beta;
  im[r0 * cols + c] = 0;
  return [(beta - alr) / beta, -ali / beta];
}

/** v (rows r0..r1-1: 1, then column c of V below r0) as two arrays. */
function reflectorVector(V: CMat, r0: number, r1: number, c: number): [Float64Array, Float64Array] {
  const vr = new Float64Array(r1 - r0);
  const vi = new Float64Array(r1 - r0);
  vr[0] = 1;
  for (let i = r0 + 1; i < r1; i++) {
    vr[i - r0] = V.re[i * V.cols + c];
    vi[i - r0] = V.im[i * V.cols + c];
  }
  return [vr, vi];
}

/** Rows r0.. of columns c0..c1-1 of A: A <- (I - t v vᴴ) A, with t = tau (conj: t = conj(tau), H's adjoint). */
function applyLeft(A: CMat, r0: number, v: [Float64Array, Float64Array], tr: number, ti: number, c0: number, c1: number): void {
  const { re, im, cols } = A;
  const [vr, vi] = v;
  for (let c = c0; c < c1; c++) {
    let wr = 0;
    let wi = 0;
    for (let k = 0; k < vr.length; k++) {
      const i = (r0 + k) * cols + c;
      wr += vr[k] * re[i] + vi[k] * im[i];
      wi += vr[k] * im[i] - vi[k] * re[i];
    }
    const fr = tr * wr - ti * wi;
    const fi = tr * wi + ti * wr;
    for (let k = 0; k < vr.length; k++) {
      const i = (r0 + k) * cols + c;
      re[i] -= vr[k] * fr - vi[k] * fi;
      im[i] -= vr[k] * fi + vi[k] * fr;
    }
  }
}

/** Columns c0.. of rows 0..rows-1 of A: A <- A (I - tau v vᴴ). */
function applyRight(A: CMat, rows: number, c0: number, v: [Float64Array, Float64Array], tr: number, ti: number): void {
  const { re, im, cols } = A;
  const [vr, vi] = v;
  for (let r = 0; r < rows; r++) {
    let wr = 0;
    let wi = 0;
    for (let k = 0; k < vr.length; k++) {
      const i = r * cols + c0 + k;
      wr += re[i] * vr[k] - im[i] * vi[k];
      wi += re[i] * vi[k] + im[i] * vr[k];
    }
    // f = tau w, subtracted times conj(v).
    const fr = tr * wr - ti * wi;
    const fi = tr * wi + ti * wr;
    for (let k = 0; k < vr.length; k++) {
      const i = r * cols + c0 + k;
      re[i] -= fr * vr[k] + fi * vi[k];
      im[i] -= fi * vr[k] - fr * vi[k];
    }
  }
}

function matrixAt(xr: ArrayLike<number>, xi: ArrayLike<number>, b: number, rows: number, cols: number): CMat {
  const n = rows * cols;
  return {
    re: Float64Array.from({ length: n }, (_, i) => xr[b * n + i]),
    im: Float64Array.from({ length: n }, (_, i) => xi[b * n + i]),
    cols,
  };
}

// zgeqrf: for each column, a reflector of its part on and below the diagonal, applied (as Hᴴ) to the columns after it.
defKernel(geqrfRealP, ([xr, xi], [a], _p, [ao, , to]) => {
  const [m, n] = a.shape.slice(-2);
  const k = Math.min(m, n);
  const [oR, oI, tR, tI] = [alloc(ao), alloc(ao), alloc(to), alloc(to)];
  for (let b = 0; b < batchCount(a.shape); b++) {
    const A = matrixAt(xr, xi, b, m, n);
    for (let j = 0; j < k; j++) {
      const [tr, ti] = reflector(A, j, m, j);
      if (tr !== 0 || ti !== 0) applyLeft(A, j, reflectorVector(A, j, m, j), tr, -ti, j + 1, n);
      tR[b * k + j] = tr;
      tI[b * k + j] = ti;
    }
    oR.set(A.re, b * m * n);
    oI.set(A.im, b * m * n);
  }
  return [oR, oI, tR, tI];
});

// zungqr: Q = H_1 ... H_k times the first n columns of I, the last reflector applied first.
defKernel(householderProductRealP, ([ar, ai, tr, ti], [a, , t], _p, [qo]) => {
  const [m, n] = a.shape.slice(-2);
  const k = t.shape[t.ndim - 1];
  const [qR, qI] = [alloc(qo), alloc(qo)];
  for (let b = 0; b < batchCount(a.shape); b++) {
    const V = matrixAt(ar, ai, b, m, n);
    const Q: CMat = { re: new Float64Array(m * n), im: new Float64Array(m * n), cols: n };
    for (let i = 0; i < n; i++) Q.re[i * n + i] = 1;
    for (let j = k - 1; j >= 0; j--) {
      const [r, i] = [tr[b * k + j], ti[b * k + j]];
      if (r !== 0 || i !== 0) applyLeft(Q, j, reflectorVector(V, j, m, j), r, i, j, n);
    }
    qR.set(Q.re, b * m * n);
    qI.set(Q.im, b * m * n);
  }
  return [qR, qI];
});

// zgehrd: for each column j, a reflector of rows j+1.. below the diagonal, applied on both sides (Hᴴ A H).
defKernel(hessenbergRealP, ([xr, xi], [a], _p, [ao, , to]) => {
  const n = a.shape[a.ndim - 1];
  const nt = Math.max(n - 1, 0);
  const [oR, oI, tR, tI] = [alloc(ao), alloc(ao), alloc(to), alloc(to)];
  for (let b = 0; b < batchCount(a.shape); b++) {
    const A = matrixAt(xr, xi, b, n, n);
    for (let j = 0; j < n - 1; j++) {
      const [tr, ti] = reflector(A, j + 1, n, j);
      if (tr !== 0 || ti !== 0) {
        const v = reflectorVector(A, j + 1, n, j);
        applyRight(A, n, j + 1, v, tr, ti);
        applyLeft(A, j + 1, v, tr, -ti, j + 1, n);
      }
      tR[b * nt + j] = tr;
      tI[b * nt + j] = ti;
    }
    oR.set(A.re, b * n * n);
    oI.set(A.im, b * n * n);
  }
  return [oR, oI, tR, tI];
});
