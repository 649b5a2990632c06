// Reference kernels of lu_real and triangular_solve_real (complex lu and
// triangular_solve on real and imaginary parts), computed in float64.
import { prod } from "../../core/shape.ts";
import { choleskyRealP, eighRealP, luRealP, qrRealP, svdRealP, triangularSolveRealP } from "../../lax/linalg_complex.ts";

/** A complex matrix, row-major, parts apart. */
interface CMat {
  re: Float64Array;
  im: Float64Array;
}
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

/** Complex Cholesky a = L L^H from the lower triangle; NaNs where a is not positive definite (as LAPACK's potrf through JAX). */
defKernel(choleskyRealP, ([xr, xi], [a], _p, [o]) => {
  const n = a.shape[a.ndim - 1];
  const outR = alloc(o);
  const outI = alloc(o);
  const lr = new Float64Array(n * n);
  const li = new Float64Array(n * n);
  for (let b = 0; b < batchCount(a.shape); b++) {
    const base = b * n * n;
    lr.fill(0);
    li.fill(0);
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      let d = xr[base + j * n + j];
      for (let k = 0; k < j; k++) d -= lr[j * n + k] ** 2 + li[j * n + k] ** 2;
      if (!(d > 0)) {
        ok = false;
        break;
      }
      const djj = Math.sqrt(d);
      lr[j * n + j] = djj;
      for (let i = j + 1; i < n; i++) {
        // (a_ij - sum_k l_ik conj(l_jk)) / l_jj
        let sr = xr[base + i * n + j];
        let si = xi[base + i * n + j];
        for (let k = 0; k < j; k++) {
          sr -= lr[i * n + k] * lr[j * n + k] + li[i * n + k] * li[j * n + k];
          si -= li[i * n + k] * lr[j * n + k] - lr[i * n + k] * li[j * n + k];
        }
        lr[i * n + j] = sr / djj;
        li[i * n + j] = si / djj;
      }
    }
    if (!ok) {
      lr.fill(NaN);
      li.fill(NaN);
    }
    outR.set(lr, base);
    outI.set(li, base);
  }
  return [outR, outI];
});

/**
 * Hermitian eigendecomposition by cyclic complex Jacobi rotations (each a
 * phase that makes a_pq real, then a real rotation), reading the triangle
 * named by `lower`; eigenvalues ascending, eigenvectors in the columns.
 */
defKernel(eighRealP, ([xr, xi], [a], p, [vo, , wo]) => {
  const n = a.shape[a.ndim - 1];
  const vR = alloc(vo);
  const vI = alloc(vo);
  const wOut = alloc(wo);
  const Ar = new Float64Array(n * n);
  const Ai = new Float64Array(n * n);
  const Vr = new Float64Array(n * n);
  const Vi = new Float64Array(n * n);
  for (let b = 0; b < batchCount(a.shape); b++) {
    const base = b * n * n;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const fromLower = p.lower ? i >= j : i <= j;
        const [r, c, s] = fromLower ? [i, j, 1] : [j, i, -1];
        Ar[i * n + j] = xr[base + r * n + c];
        Ai[i * n + j] = i === j ? 0 : s * xi[base + r * n + c];
      }
    Vr.fill(0);
    Vi.fill(0);
    for (let i = 0; i < n; i++) Vr[i * n + i] = 1;
    const finite = Ar.every(Number.isFinite) && Ai.every(Number.isFinite);
    for (let sweep = 0; finite && sweep < 100; sweep++) {
      let off = 0;
      let tot = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const m2 = Ar[i * n + j] ** 2 + Ai[i * n + j] ** 2;
          tot += m2;
          if (i !== j) off += m2;
        }
      if (off <= 1e-30 * tot || off === 0) break;
      for (let q = 1; q < n; q++)
        for (let pp = 0; pp < q; pp++) {
          const hr = Ar[pp * n + q];
          const hi = Ai[pp * n + q];
          const g = Math.hypot(hr, hi);
          if (g === 0) continue;
          // W = diag(1, e^{-i phi}) makes the (p, q) entry real (g); then the real rotation.
          const er = hr / g;
          const ei = -hi / g;
          const app = Ar[pp * n + pp];
          const aqq = Ar[q * n + q];
          const theta = (aqq - app) / (2 * g);
          const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          const c = 1 / Math.sqrt(t * t + 1);
          const s = t * c;
          // U's columns on (p, q): U[:, p] = [c; -s e], U[:, q] = [s; c e] with e = e^{-i phi}.
          const colRot = (Mr: Float64Array, Mi: Float64Array) => {
            for (let i = 0; i < n; i++) {
              const [xr0, xi0, yr0, yi0] = [Mr[i * n + pp], Mi[i * n + pp], Mr[i * n + q], Mi[i * n + q]];
              // y e
              const ye_r = yr0 * er - yi0 * ei;
              const ye_i = yr0 * ei + yi0 * er;
              Mr[i * n + pp] = c * xr0 - s * ye_r;
              Mi[i * n + pp] = c * xi0 - s * ye_i;
              Mr[i * n + q] = s * xr0 + c * ye_r;
              Mi[i * n + q] = s * xi0 + c * ye_i;
            }
          };
          colRot(Ar, Ai);
          colRot(Vr, Vi);
          // Rows: A <- U^H A, row p = c row_p - s conj(e) row_q, row q = s row_p + c conj(e) row_q.
          for (let j = 0; j < n; j++) {
            const [xr0, xi0, yr0, yi0] = [Ar[pp * n + j], Ai[pp * n + j], Ar[q * n + j], Ai[q * n + j]];
            const ye_r = yr0 * er + yi0 * ei;
            const ye_i = yi0 * er - yr0 * ei;
            Ar[pp * n + j] = c * xr0 - s * ye_r;
            Ai[pp * n + j] = c * xi0 - s * ye_i;
            Ar[q * n + j] = s * xr0 + c * ye_r;
            Ai[q * n + j] = s * xi0 + c * ye_i;
          }
          Ar[pp * n + q] = Ai[pp * n + q] = Ar[q * n + pp] = Ai[q * n + pp] = 0;
          Ai[pp * n + pp] = Ai[q * n + q] = 0;
        }
    }
    const order = [...Array(n).keys()].sort((i, j) => Ar[i * n + i] - Ar[j * n + j]);
    order.forEach((src, k) => {
      wOut[b * n + k] = finite ? Ar[src * n + src] : NaN;
      for (let i = 0; i < n; i++) {
        vR[base + i * n + k] = finite ? Vr[i * n + src] : NaN;
        vI[base + i * n + k] = finite ? Vi[i * n + src] : NaN;
      }
    });
  }
  return [vR, vI, wOut];
});

/**
 * Complex SVD by one-sided Jacobi (Hestenes) rotations on the columns of a
 * (of a^H when it is wide); singular values descending; u completed to an
 * orthonormal basis (Gram-Schmidt) where singular values vanish or
 * full_matrices asks for more columns.
 */
defKernel(svdRealP, ([xr, xi], [a], p, outAvals) => {
  const [m, n] = a.shape.slice(-2);
  const k = Math.min(m, n);
  const res = outAvals.map(alloc);
  for (let b = 0; b < batchCount(a.shape); b++) {
    const base = b * m * n;
    const wide = m < n;
    // Work on W (r x c, r >= c): a, or a^H.
    const [r, c] = wide ? [n, m] : [m, n];
    const Wr = new Float64Array(r * c);
    const Wi = new Float64Array(r * c);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        const [ii, jj, sg] = wide ? [j, i, -1] : [i, j, 1];
        Wr[ii * c + jj] = xr[base + i * n + j];
        Wi[ii * c + jj] = sg * xi[base + i * n + j];
      }
    const { s, U, V } = jacobiSvd(Wr, Wi, r, c);
    // a = U S V^H (or, wide, a = V S U^H).
    const [Lr, Li, Rr, Ri] = wide ? [V.re, V.im, U.re, U.im] : [U.re, U.im, V.re, V.im];
    const finite = s.every(Number.isFinite);
    for (let i = 0; i < k; i++) res[0][b * k + i] = finite ? s[i] : NaN;
    if (!p.compute_uv) continue;
    // Left vectors: m x (m or k) from L (m x m, completed); right: (n or k) x n from R^H (R is n x n).
    const ku = p.full_matrices ? m : k;
    const kv = p.full_matrices ? n : k;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < ku; j++) {
        res[1][b * m * ku + i * ku + j] = finite ? Lr[i * m + j] : NaN;
        res[2][b * m * ku + i * ku + j] = finite ? Li[i * m + j] : NaN;
      }
    for (let i = 0; i < kv; i++)
      for (let j = 0; j < n; j++) {
        res[3][b * kv * n + i * n + j] = finite ? Rr[j * n + i] : NaN;
        res[4][b * kv * n + i * n + j] = finite ? -Ri[j * n + i] : NaN;
      }
  }
  return res;
});

/** W (r x c, r >= c) = U diag(s) V^H: U r x r (completed), V c x c, s descending. */
function jacobiSvd(Wr: Float64Array, Wi: Float64Array, r: number, c: number): { s: Float64Array; U: CMat; V: CMat } {
  const Vr = new Float64Array(c * c);
  const Vi = new Float64Array(c * c);
  for (let i = 0; i < c; i++) Vr[i * c + i] = 1;
  const finite = Wr.every(Number.isFinite) && Wi.every(Number.isFinite);
  const eps = 2 ** -52;
  for (let sweep = 0; finite && sweep < 100; sweep++) {
    let rotated = false;
    for (let pp = 0; pp < c - 1; pp++)
      for (let q = pp + 1; q < c; q++) {
        let alpha = 0;
        let beta = 0;
        let gr = 0;
        let gi = 0;
        for (let i = 0; i < r; i++) {
          const [ar, ai, br, bi] = [Wr[i * c + pp], Wi[i * c + pp], Wr[i * c + q], Wi[i * c + q]];
          alpha += ar * ar + ai * ai;
          beta += br * br + bi * bi;
          // conj(a_p) a_q
          gr += ar * br + ai * bi;
          gi += ar * bi - ai * br;
        }
        const g = Math.hypot(gr, gi);
        if (g === 0 || g <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const [er, ei] = [gr / g, -gi / g]; // conj(gamma) / |gamma|
        const zeta = (beta - alpha) / (2 * g);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const cs = 1 / Math.sqrt(1 + t * t);
        const sn = cs * t;
        const rot = (Mr: Float64Array, Mi: Float64Array, rows: number) => {
          for (let i = 0; i < rows; i++) {
            const [ar, ai] = [Mr[i * c + pp], Mi[i * c + pp]];
            // b e, the q column with its phase turned.
            const br = Mr[i * c + q] * er - Mi[i * c + q] * ei;
            const bi = Mr[i * c + q] * ei + Mi[i * c + q] * er;
            Mr[i * c + pp] = cs * ar - sn * br;
            Mi[i * c + pp] = cs * ai - sn * bi;
            Mr[i * c + q] = sn * ar + cs * br;
            Mi[i * c + q] = sn * ai + cs * bi;
          }
        };
        rot(Wr, Wi, r);
        rot(Vr, Vi, c);
      }
    if (!rotated) break;
  }
  const norms = Array.from({ length: c }, (_, j) => {
    let t = 0;
    for (let i = 0; i < r; i++) t += Wr[i * c + j] ** 2 + Wi[i * c + j] ** 2;
    return Math.sqrt(t);
  });
  const order = [...Array(c).keys()].sort((x, y) => norms[y] - norms[x]);
  const s = Float64Array.from(order, (j) => (finite ? norms[j] : NaN));
  const U: CMat = { re: new Float64Array(r * r), im: new Float64Array(r * r) };
  const V: CMat = { re: new Float64Array(c * c), im: new Float64Array(c * c) };
  const tiny = (s[0] || 0) * r * eps;
  const done: number[] = [];
  order.forEach((src, j) => {
    for (let i = 0; i < c; i++) {
      V.re[i * c + j] = Vr[i * c + src];
      V.im[i * c + j] = Vi[i * c + src];
    }
    if (s[j] > tiny) {
      for (let i = 0; i < r; i++) {
        U.re[i * r + j] = Wr[i * c + src] / s[j];
        U.im[i * r + j] = Wi[i * c + src] / s[j];
      }
      done.push(j);
    }
  });
  // Complete U's missing columns (zero singular values, and j >= c) from unit vectors.
  const missing = [...Array(r).keys()].filter((j) => !done.includes(j));
  let e = 0;
  for (const j of missing) {
    for (; e < r; e++) {
      const vr = new Float64Array(r);
      const vi = new Float64Array(r);
      vr[e] = 1;
      for (const d of done) {
        // v -= u_d (u_d^H v)
        let pr = 0;
        let pi = 0;
        for (let i = 0; i < r; i++) {
          pr += U.re[i * r + d] * vr[i] + U.im[i * r + d] * vi[i];
          pi += U.re[i * r + d] * vi[i] - U.im[i * r + d] * vr[i];
        }
        for (let i = 0; i < r; i++) {
          vr[i] -= U.re[i * r + d] * pr - U.im[i * r + d] * pi;
          vi[i] -= U.re[i * r + d] * pi + U.im[i * r + d] * pr;
        }
      }
      let nr = 0;
      for (let i = 0; i < r; i++) nr += vr[i] ** 2 + vi[i] ** 2;
      nr = Math.sqrt(nr);
      if (nr > 1e-8) {
        for (let i = 0; i < r; i++) {
          U.re[i * r + j] = vr[i] / nr;
          U.im[i * r + j] = vi[i] / nr;
        }
        done.push(j);
        e++;
        break;
      }
    }
  }
  return { s, U, V };
}

/**
 * Complex Householder QR with LAPACK's zlarfg reflectors (beta = -sign(Re
 * alpha) |(alpha, x)|, so r's diagonal is real and the signs are JAX's):
 * H_j = I - tau v v^H, r from H_k^H ... H_1^H a, q = H_1 ... H_k (its first columns).
 */
defKernel(qrRealP, ([xr, xi], [a], p, [qo, , ro]) => {
  const [m, n] = a.shape.slice(-2);
  const k = Math.min(m, n);
  const kq = p.full_matrices ? m : k;
  const qR = alloc(qo);
  const qI = alloc(qo);
  const rR = alloc(ro);
  const rI = alloc(ro);
  for (let b = 0; b < batchCount(a.shape); b++) {
    const Ar = Float64Array.from(xr.subarray(b * m * n, (b + 1) * m * n));
    const Ai = Float64Array.from(xi.subarray(b * m * n, (b + 1) * m * n));
    const Vr: Float64Array[] = [];
    const Vi: Float64Array[] = [];
    const tr: number[] = [];
    const ti: number[] = [];
    for (let j = 0; j < k; j++) {
      const vr = new Float64Array(m);
      const vi = new Float64Array(m);
      const [alr, ali] = [Ar[j * n + j], Ai[j * n + j]];
      let xn = 0;
      for (let i = j + 1; i < m; i++) xn += Ar[i * n + j] ** 2 + Ai[i * n + j] ** 2;
      xn = Math.sqrt(xn);
      vr[j] = 1;
      let tauR = 0;
      let tauI = 0;
      if (xn !== 0 || ali !== 0) {
        const beta = -(alr >= 0 ? 1 : -1) * Math.hypot(alr, ali, xn);
        tauR = (beta - alr) / beta;
        tauI = -ali / beta;
        // scale = 1 / (alpha - beta)
        const [dr, di] = [alr - beta, ali];
        const dd = dr * dr + di * di;
        const [sr, si] = [dr / dd, -di / dd];
        for (let i = j + 1; i < m; i++) {
          const [ur, ui] = [Ar[i * n + j], Ai[i * n + j]];
          vr[i] = ur * sr - ui * si;
          vi[i] = ur * si + ui * sr;
        }
        Ar[j * n + j] = beta;
        Ai[j * n + j] = 0;
        // Trailing columns: A <- (I - conj(tau) v v^H) A.
        for (let c = j + 1; c < n; c++) {
          let wr = 0;
          let wi = 0;
          for (let i = j; i < m; i++) {
            wr += vr[i] * Ar[i * n + c] + vi[i] * Ai[i * n + c];
            wi += vr[i] * Ai[i * n + c] - vi[i] * Ar[i * n + c];
          }
          // f = conj(tau) w
          const fr = tauR * wr + tauI * wi;
          const fi = tauR * wi - tauI * wr;
          for (let i = j; i < m; i++) {
            Ar[i * n + c] -= vr[i] * fr - vi[i] * fi;
            Ai[i * n + c] -= vr[i] * fi + vi[i] * fr;
          }
        }
      }
      for (let i = j + 1; i < m; i++) Ar[i * n + j] = Ai[i * n + j] = 0;
      Vr.push(vr);
      Vi.push(vi);
      tr.push(tauR);
      ti.push(tauI);
    }
    // Q = H_1 ... H_k I, built from the last reflector back.
    const Qr = new Float64Array(m * m);
    const Qi = new Float64Array(m * m);
    for (let i = 0; i < m; i++) Qr[i * m + i] = 1;
    for (let j = k - 1; j >= 0; j--) {
      const [vr, vi] = [Vr[j], Vi[j]];
      for (let c = 0; c < m; c++) {
        let wr = 0;
        let wi = 0;
        for (let i = j; i < m; i++) {
          wr += vr[i] * Qr[i * m + c] + vi[i] * Qi[i * m + c];
          wi += vr[i] * Qi[i * m + c] - vi[i] * Qr[i * m + c];
        }
        const fr = tr[j] * wr - ti[j] * wi;
        const fi = tr[j] * wi + ti[j] * wr;
        for (let i = j; i < m; i++) {
          Qr[i * m + c] -= vr[i] * fr - vi[i] * fi;
          Qi[i * m + c] -= vr[i] * fi + vi[i] * fr;
        }
      }
    }
    for (let i = 0; i < m; i++)
      for (let c = 0; c < kq; c++) {
        qR[b * m * kq + i * kq + c] = Qr[i * m + c];
        qI[b * m * kq + i * kq + c] = Qi[i * m + c];
      }
    for (let i = 0; i < kq; i++)
      for (let c = 0; c < n; c++) {
        const inR = i < m && c >= i;
        rR[b * kq * n + i * n + c] = inR ? Ar[i * n + c] : 0;
        rI[b * kq * n + i * n + c] = inR ? Ai[i * n + c] : 0;
      }
  }
  return [qR, qI, rR, rI];
});
