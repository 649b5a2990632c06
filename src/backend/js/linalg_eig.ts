// Reference kernel of eig_real (the eig primitive on real and imaginary parts).
// Real matrices: the real Schur form and its eigenvectors (linalg_schur.ts).
// Complex matrices: Householder reduction to Hessenberg form, then the
// single-shift complex QR iteration (Wilkinson shifts, Givens bulge chasing)
// to a triangular Schur form, eigenvectors by back-substitution. Eigenvectors
// are scaled as LAPACK's geev: unit 2-norm, the largest component real. Left
// eigenvectors are the conjugated rows of V^-1, scaled the same way. A matrix
// with non-finite entries, or an iteration that fails, gives NaNs as JAX does.
import { prod } from "../../core/shape.ts";
import { schurRealP } from "../../lax/linalg_complex.ts";
import { eigRealP } from "../../lax/linalg_eig.ts";
import { alloc, defKernel } from "./kernel.ts";
import { realSchur, schurEigenvectors } from "./linalg_schur.ts";

/** A complex n x n matrix, row-major, parts apart. */
interface CMat {
  re: Float64Array;
  im: Float64Array;
}

defKernel(eigRealP, (ins, [a], p, outAvals) => {
  const n = a.shape[a.ndim - 1];
  const res = outAvals.map(alloc);
  const vecs = p.compute_left_eigenvectors || p.compute_right_eigenvectors;
  const nn = n * n;
  for (let b = 0; b < prod(a.shape.slice(0, -2)); b++) {
    const part = (x: (typeof ins)[number]) => Float64Array.from(x.subarray(b * nn, (b + 1) * nn));
    const r = ins.length === 2 ? complexEig({ re: part(ins[0]), im: part(ins[1]) }, n, vecs) : realEig(part(ins[0]), n, vecs);
    res[0].set(r.w.re, b * n);
    res[1].set(r.w.im, b * n);
    let o = 2;
    if (p.compute_left_eigenvectors) {
      const l = leftVectors(r.v!, n);
      res[o++].set(l.re, b * nn);
      res[o++].set(l.im, b * nn);
    }
    if (p.compute_right_eigenvectors) {
      res[o++].set(r.v!.re, b * nn);
      res[o++].set(r.v!.im, b * nn);
    }
  }
  return res;
});

function realEig(A: Float64Array, n: number, vecs: boolean): { w: CMat; v?: CMat } {
  const s = realSchur(A, n);
  const w = { re: s.wr.slice(), im: s.wi.slice() };
  if (!vecs) return { w };
  if (!s.wr.every(Number.isFinite)) return { w, v: nanMat(n) };
  const { vr, vi } = schurEigenvectors(s.T, s.Z, n, s.wr, s.wi);
  return { w, v: { re: vr, im: vi } };
}

const nanMat = (n: number): CMat => ({ re: new Float64Array(n * n).fill(NaN), im: new Float64Array(n * n).fill(NaN) });

/** Scale column j of V as geev: unit 2-norm, its largest-modulus component real and positive. */
function normalizeColumn(V: CMat, n: number, j: number): void {
  let nrm = 0;
  let best = -1;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const m2 = V.re[i * n + j] ** 2 + V.im[i * n + j] ** 2;
    nrm += m2;
    if (m2 > best) {
      best = m2;
      k = i;
    }
  }
  nrm = Math.sqrt(nrm);
  const mag = Math.sqrt(best);
  if (!(nrm > 0) || !(mag > 0)) return;
  // Multiply by conj(v_k) / (|v_k| nrm).
  const cr = V.re[k * n + j] / (mag * nrm);
  const ci = -V.im[k * n + j] / (mag * nrm);
  for (let i = 0; i < n; i++) {
    const x = V.re[i * n + j];
    const y = V.im[i * n + j];
    V.re[i * n + j] = x * cr - y * ci;
    V.im[i * n + j] = i === k ? 0 : x * ci + y * cr;
  }
}

function complexEig(A: CMat, n: number, vecs: boolean): { w: CMat; v?: CMat } {
  const nn = n * n;
  const w: CMat = { re: new Float64Array(n), im: new Float64Array(n) };
  if (!A.re.every(Number.isFinite) || !A.im.every(Number.isFinite)) {
    w.re.fill(NaN);
    w.im.fill(NaN);
    return { w, v: vecs ? nanMat(n) : undefined };
  }
  const Z: CMat = { re: new Float64Array(nn), im: new Float64Array(nn) };
  for (let i = 0; i < n; i++) Z.re[i * n + i] = 1;
  hessenberg(A, Z, n);
  if (!complexQr(A, Z, n)) {
    w.re.fill(NaN);
    w.im.fill(NaN);
    return { w, v: vecs ? nanMat(n) : undefined };
  }
  for (let i = 0; i < n; i++) {
    w.re[i] = A.re[i * n + i];
    w.im[i] = A.im[i * n + i];
  }
  if (!vecs) return { w };
  return { w, v: triangularEigenvectors(A, Z, n) };
}

/** Householder reduction of A to upper Hessenberg form, A <- Q^H A Q, Z <- Z Q. */
function hessenberg(A: CMat, Z: CMat, n: number): void {
  const vr = new Float64Array(n);
  const vi = new Float64Array(n);
  for (let k = 0; k + 2 < n; k++) {
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) norm2 += A.re[i * n + k] ** 2 + A.im[i * n + k] ** 2;
    const norm = Math.sqrt(norm2);
    if (norm === 0) continue;
    const ar = A.re[(k + 1) * n + k];
    const ai = A.im[(k + 1) * n + k];
    const am = Math.hypot(ar, ai);
    // beta = -e^{i arg(alpha)} norm; v = x - beta e_1, then scaled to unit norm.
    const [pr, pi] = am > 0 ? [ar / am, ai / am] : [1, 0];
    for (let i = k + 1; i < n; i++) {
      vr[i] = A.re[i * n + k];
      vi[i] = A.im[i * n + k];
    }
    vr[k + 1] += pr * norm;
    vi[k + 1] += pi * norm;
    let vn = 0;
    for (let i = k + 1; i < n; i++) vn += vr[i] ** 2 + vi[i] ** 2;
    vn = Math.sqrt(vn);
    for (let i = k + 1; i < n; i++) {
      vr[i] /= vn;
      vi[i] /= vn;
    }
    // A <- (I - 2 v v^H) A on rows k+1.., all columns.
    for (let j = 0; j < n; j++) {
      let sr = 0;
      let si = 0;
      for (let i = k + 1; i < n; i++) {
        // conj(v_i) a_ij
        sr += vr[i] * A.re[i * n + j] + vi[i] * A.im[i * n + j];
        si += vr[i] * A.im[i * n + j] - vi[i] * A.re[i * n + j];
      }
      for (let i = k + 1; i < n; i++) {
        A.re[i * n + j] -= 2 * (vr[i] * sr - vi[i] * si);
        A.im[i * n + j] -= 2 * (vr[i] * si + vi[i] * sr);
      }
    }
    // M <- M (I - 2 v v^H) on columns k+1.., for A and Z.
    for (const M of [A, Z]) {
      for (let i = 0; i < n; i++) {
        let sr = 0;
        let si = 0;
        for (let j = k + 1; j < n; j++) {
          sr += M.re[i * n + j] * vr[j] - M.im[i * n + j] * vi[j];
          si += M.re[i * n + j] * vi[j] + M.im[i * n + j] * vr[j];
        }
        for (let j = k + 1; j < n; j++) {
          // s conj(v_j)
          M.re[i * n + j] -= 2 * (sr * vr[j] + si * vi[j]);
          M.im[i * n + j] -= 2 * (si * vr[j] - sr * vi[j]);
        }
      }
    }
    for (let i = k + 2; i < n; i++) {
      A.re[i * n + k] = 0;
      A.im[i * n + k] = 0;
    }
  }
}

function csqrt(x: number, y: number): [number, number] {
  const m = Math.hypot(x, y);
  if (m === 0) return [0, 0];
  const r = Math.sqrt((m + Math.abs(x)) / 2);
  if (x >= 0) return [r, y / (2 * r)];
  return [Math.abs(y) / (2 * r), y >= 0 ? r : -r];
}

/** Shifted QR iteration of an upper Hessenberg H to triangular form (Schur vectors into Z). False on failure. */
function complexQr(H: CMat, Z: CMat, n: number): boolean {
  const eps = 2 ** -52;
  const hr = (i: number, j: number) => H.re[i * n + j];
  const hi = (i: number, j: number) => H.im[i * n + j];
  const abs1 = (i: number, j: number) => Math.abs(hr(i, j)) + Math.abs(hi(i, j));
  let hiIdx = n - 1;
  let its = 0;
  while (hiIdx > 0) {
    // The lowest negligible subdiagonal entry at or above hiIdx.
    let l = hiIdx;
    for (; l > 0; l--) {
      const s = abs1(l - 1, l - 1) + abs1(l, l);
      if (abs1(l, l - 1) <= eps * (s === 0 ? 1 : s)) {
        H.re[l * n + l - 1] = 0;
        H.im[l * n + l - 1] = 0;
        break;
      }
    }
    if (l === hiIdx) {
      hiIdx--;
      its = 0;
      continue;
    }
    if (++its > 30 * n) return false;
    // Wilkinson shift: the eigenvalue of the trailing 2x2 block nearer its last entry.
    let mr: number;
    let mi: number;
    if (its % 10 === 0) {
      mr = hr(hiIdx, hiIdx) + Math.abs(hr(hiIdx, hiIdx - 1)) + Math.abs(hi(hiIdx, hiIdx - 1));
      mi = hi(hiIdx, hiIdx);
    } else {
      const [ar, ai, br, bi] = [hr(hiIdx - 1, hiIdx - 1), hi(hiIdx - 1, hiIdx - 1), hr(hiIdx - 1, hiIdx), hi(hiIdx - 1, hiIdx)];
      const [cr, ci, dr, di] = [hr(hiIdx, hiIdx - 1), hi(hiIdx, hiIdx - 1), hr(hiIdx, hiIdx), hi(hiIdx, hiIdx)];
      // LAPACK zlahqr's shift: t = d - u^2 / (x + y), u = sqrt(b) sqrt(c), x = (a - d) / 2,
      // y = sqrt(x^2 + u^2) with the sign that makes x + y large.
      const [sbr, sbi] = csqrt(br, bi);
      const [scr, sci] = csqrt(cr, ci);
      const [ur, ui] = [sbr * scr - sbi * sci, sbr * sci + sbi * scr];
      let s = Math.abs(ur) + Math.abs(ui);
      [mr, mi] = [dr, di];
      if (s !== 0) {
        const [xr, xi] = [(ar - dr) / 2, (ai - di) / 2];
        const sx = Math.abs(xr) + Math.abs(xi);
        s = Math.max(s, sx);
        const [qr, qi] = [xr / s, xi / s];
        const [pr, pi] = [ur / s, ui / s];
        const [rr, ri] = csqrt(qr * qr - qi * qi + pr * pr - pi * pi, 2 * qr * qi + 2 * pr * pi);
        let [yr, yi] = [s * rr, s * ri];
        if (sx > 0 && (xr / sx) * yr + (xi / sx) * yi < 0) [yr, yi] = [-yr, -yi];
        // u^2 / (x + y)
        const [u2r, u2i] = [ur * ur - ui * ui, 2 * ur * ui];
        const [er, ei] = [xr + yr, xi + yi];
        const ee = er * er + ei * ei;
        mr -= (u2r * er + u2i * ei) / ee;
        mi -= (u2i * er - u2r * ei) / ee;
      }
    }
    // One implicit single-shift step on rows/columns l..hiIdx by Givens rotations.
    for (let k = l; k < hiIdx; k++) {
      let xr: number;
      let xi: number;
      let yr: number;
      let yi: number;
      if (k === l) {
        [xr, xi, yr, yi] = [hr(k, k) - mr, hi(k, k) - mi, hr(k + 1, k), hi(k + 1, k)];
      } else {
        [xr, xi, yr, yi] = [hr(k, k - 1), hi(k, k - 1), hr(k + 1, k - 1), hi(k + 1, k - 1)];
      }
      const xm = Math.hypot(xr, xi);
      const r = Math.hypot(xm, Math.hypot(yr, yi));
      if (r === 0) continue;
      // G = [[c, s], [-conj(s), c]] with G [x; y] = [*; 0].
      let c: number;
      let sr: number;
      let si: number;
      if (xm === 0) {
        c = 0;
        sr = 1;
        si = 0;
      } else {
        c = xm / r;
        // s = (x / |x|) conj(y) / r
        const [ur, ui] = [xr / xm, xi / xm];
        sr = (ur * yr + ui * yi) / r;
        si = (ui * yr - ur * yi) / r;
      }
      // Rows k, k+1 from the left (columns from k-1, or l, to the end).
      for (let j = Math.max(k - 1, l); j < n; j++) {
        const [ar, ai, br, bi] = [hr(k, j), hi(k, j), hr(k + 1, j), hi(k + 1, j)];
        H.re[k * n + j] = c * ar + sr * br - si * bi;
        H.im[k * n + j] = c * ai + sr * bi + si * br;
        // -conj(s) a + c b
        H.re[(k + 1) * n + j] = -(sr * ar + si * ai) + c * br;
        H.im[(k + 1) * n + j] = -(sr * ai - si * ar) + c * bi;
      }
      if (k > l) {
        H.re[(k + 1) * n + k - 1] = 0;
        H.im[(k + 1) * n + k - 1] = 0;
      }
      // Columns k, k+1 from the right by G^H = [[c, -s], [conj(s), c]].
      const rot = (M: CMat, rows: number) => {
        for (let i = 0; i < rows; i++) {
          const [ar, ai, br, bi] = [M.re[i * n + k], M.im[i * n + k], M.re[i * n + k + 1], M.im[i * n + k + 1]];
          M.re[i * n + k] = c * ar + sr * br + si * bi;
          M.im[i * n + k] = c * ai + sr * bi - si * br;
          M.re[i * n + k + 1] = -(sr * ar - si * ai) + c * br;
          M.im[i * n + k + 1] = -(sr * ai + si * ar) + c * bi;
        }
      };
      rot(H, Math.min(k + 3, hiIdx + 1));
      rot(Z, n);
    }
  }
  for (let i = 1; i < n; i++)
    for (let j = 0; j < i; j++) {
      H.re[i * n + j] = 0;
      H.im[i * n + j] = 0;
    }
  return true;
}

/** Eigenvectors Z x_j of the upper triangular T (back-substitution as LAPACK's trevc), geev-normalised. */
function triangularEigenvectors(T: CMat, Z: CMat, n: number): CMat {
  const V: CMat = { re: new Float64Array(n * n), im: new Float64Array(n * n) };
  let norm = 0;
  for (let i = 0; i < n * n; i++) norm = Math.max(norm, Math.abs(T.re[i]) + Math.abs(T.im[i]));
  const smin = Math.max(2 ** -52 * norm, Number.MIN_VALUE * n);
  const xr = new Float64Array(n);
  const xi = new Float64Array(n);
  for (let j = n - 1; j >= 0; j--) {
    xr.fill(0);
    xi.fill(0);
    xr[j] = 1;
    const [wr, wi] = [T.re[j * n + j], T.im[j * n + j]];
    for (let i = j - 1; i >= 0; i--) {
      let sr = 0;
      let si = 0;
      for (let k = i + 1; k <= j; k++) {
        sr += T.re[i * n + k] * xr[k] - T.im[i * n + k] * xi[k];
        si += T.re[i * n + k] * xi[k] + T.im[i * n + k] * xr[k];
      }
      let dr = T.re[i * n + i] - wr;
      let di = T.im[i * n + i] - wi;
      if (Math.abs(dr) + Math.abs(di) < smin) [dr, di] = [smin, 0];
      const dd = dr * dr + di * di;
      xr[i] = -(sr * dr + si * di) / dd;
      xi[i] = -(si * dr - sr * di) / dd;
    }
    for (let i = 0; i < n; i++) {
      let sr = 0;
      let si = 0;
      for (let k = 0; k <= j; k++) {
        sr += Z.re[i * n + k] * xr[k] - Z.im[i * n + k] * xi[k];
        si += Z.re[i * n + k] * xi[k] + Z.im[i * n + k] * xr[k];
      }
      V.re[i * n + j] = sr;
      V.im[i * n + j] = si;
    }
    normalizeColumn(V, n, j);
  }
  return V;
}

/** Left eigenvectors from the right ones: column j is the conjugate of row j of V^-1, geev-normalised. */
function leftVectors(V: CMat, n: number): CMat {
  // Gauss-Jordan with partial pivoting on [V | I].
  const m = 2 * n;
  const Re = new Float64Array(n * m);
  const Im = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      Re[i * m + j] = V.re[i * n + j];
      Im[i * m + j] = V.im[i * n + j];
    }
    Re[i * m + n + i] = 1;
  }
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.hypot(Re[i * m + c], Im[i * m + c]) > Math.hypot(Re[p * m + c], Im[p * m + c])) p = i;
    if (p !== c)
      for (let j = 0; j < m; j++) {
        [Re[c * m + j], Re[p * m + j]] = [Re[p * m + j], Re[c * m + j]];
        [Im[c * m + j], Im[p * m + j]] = [Im[p * m + j], Im[c * m + j]];
      }
    const [pr, pi] = [Re[c * m + c], Im[c * m + c]];
    const pd = pr * pr + pi * pi;
    for (let j = 0; j < m; j++) {
      const [a, b] = [Re[c * m + j], Im[c * m + j]];
      Re[c * m + j] = (a * pr + b * pi) / pd;
      Im[c * m + j] = (b * pr - a * pi) / pd;
    }
    for (let i = 0; i < n; i++) {
      if (i === c) continue;
      const [fr, fi] = [Re[i * m + c], Im[i * m + c]];
      if (fr === 0 && fi === 0) continue;
      for (let j = 0; j < m; j++) {
        Re[i * m + j] -= fr * Re[c * m + j] - fi * Im[c * m + j];
        Im[i * m + j] -= fr * Im[c * m + j] + fi * Re[c * m + j];
      }
    }
  }
  const L: CMat = { re: new Float64Array(n * n), im: new Float64Array(n * n) };
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      // L[i, j] = conj(Vinv[j, i])
      L.re[i * n + j] = Re[j * m + n + i];
      L.im[i * n + j] = -Im[j * m + n + i];
    }
  for (let j = 0; j < n; j++) normalizeColumn(L, n, j);
  return L;
}

/** The complex Schur form a = z t z^H (t upper triangular) by the same reduction and QR iteration. */
defKernel(schurRealP, ([xr, xi], [a], p, outAvals) => {
  const n = a.shape[a.ndim - 1];
  const nn = n * n;
  const res = outAvals.map(alloc);
  for (let b = 0; b < prod(a.shape.slice(0, -2)); b++) {
    const A: CMat = { re: Float64Array.from(xr.subarray(b * nn, (b + 1) * nn)), im: Float64Array.from(xi.subarray(b * nn, (b + 1) * nn)) };
    const Z: CMat = { re: new Float64Array(nn), im: new Float64Array(nn) };
    for (let i = 0; i < n; i++) Z.re[i * n + i] = 1;
    let ok = A.re.every(Number.isFinite) && A.im.every(Number.isFinite);
    if (ok) {
      hessenberg(A, Z, n);
      ok = complexQr(A, Z, n);
    }
    for (const M of [A, Z]) if (!ok) [M.re, M.im].forEach((x) => x.fill(NaN));
    res[0].set(A.re, b * nn);
    res[1].set(A.im, b * nn);
    if (p.compute_schur_vectors) {
      res[2].set(Z.re, b * nn);
      res[3].set(Z.im, b * nn);
    }
  }
  return res;
});
