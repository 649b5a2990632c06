// Reference kernels for geqrf, householder_product, hessenberg and schur.
// The real Schur form comes from Hessenberg reduction (gehrd + orgqr) and the
// Francis double-shift QR iteration (EISPACK hqr2's iteration, as in JAMA);
// converged 2x2 blocks with real eigenvalues are rotated to triangular form,
// blocks of complex pairs are kept.
import { prod } from "../../core/shape.ts";
import { geqrfP, hessenbergP, householderProductP, schurP } from "../../lax/linalg_householder.ts";
import { gehrd, geqrf, orgqr } from "./householder.ts";
import { alloc, defKernel } from "./kernel.ts";

const batchCount = (shape: readonly number[]) => prod(shape.slice(0, -2));

defKernel(geqrfP, ([x], [a], _p, [ao, to]) => {
  const [m, n] = a.shape.slice(-2);
  const k = Math.min(m, n);
  const out = alloc(ao);
  const tOut = alloc(to);
  const W = new Float64Array(m * n);
  const taus = new Float64Array(k);
  for (let b = 0; b < batchCount(a.shape); b++) {
    for (let i = 0; i < m * n; i++) W[i] = x[b * m * n + i];
    geqrf(W, m, n, taus);
    out.set(W, b * m * n);
    tOut.set(taus, b * k);
  }
  return [out, tOut];
});

defKernel(householderProductP, ([x, t], [a, ta], _p, [o]) => {
  const [m, n] = a.shape.slice(-2);
  const k = ta.shape[ta.ndim - 1];
  const out = alloc(o);
  const W = new Float64Array(m * n);
  for (let b = 0; b < batchCount(a.shape); b++) {
    for (let i = 0; i < m * n; i++) W[i] = x[b * m * n + i];
    out.set(orgqr(W, m, n, t.subarray(b * k, (b + 1) * k), k, n), b * m * n);
  }
  return [out];
});

defKernel(hessenbergP, ([x], [a], _p, [ao, to]) => {
  const n = a.shape[a.ndim - 1];
  const out = alloc(ao);
  const tOut = alloc(to);
  const W = new Float64Array(n * n);
  const taus = new Float64Array(Math.max(n - 1, 0));
  for (let b = 0; b < batchCount(a.shape); b++) {
    for (let i = 0; i < n * n; i++) W[i] = x[b * n * n + i];
    gehrd(W, n, taus);
    out.set(W, b * n * n);
    tOut.set(taus, b * taus.length);
  }
  return [out, tOut];
});

defKernel(schurP, ([x], [a], p, outs) => {
  const n = a.shape[a.ndim - 1];
  const res = outs.map(alloc);
  for (let b = 0; b < batchCount(a.shape); b++) {
    const A = Float64Array.from(x.subarray(b * n * n, (b + 1) * n * n));
    const { T, Z } = realSchur(A, n);
    res[0].set(T, b * n * n);
    if (p.compute_schur_vectors) res[1].set(Z, b * n * n);
  }
  return res;
});

export interface RealSchur {
  /** Quasi upper triangular, row-major n x n. */
  T: Float64Array;
  /** Orthogonal, A = Z T Z^T. */
  Z: Float64Array;
  /** Real and imaginary parts of the eigenvalues, in the order of T's diagonal (a complex pair: + then -). */
  wr: Float64Array;
  wi: Float64Array;
}

/** The real Schur decomposition of the n x n matrix A (overwritten). NaNs if the iteration fails. */
export function realSchur(A: Float64Array, n: number): RealSchur {
  if (!A.every(Number.isFinite)) {
    // As LAPACK's gees reports failure: NaN on and above the diagonal, zeros below.
    const T = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) T[i * n + j] = NaN;
    return { T, Z: new Float64Array(n * n).fill(NaN), wr: new Float64Array(n).fill(NaN), wi: new Float64Array(n).fill(NaN) };
  }
  const taus = new Float64Array(Math.max(n - 1, 0));
  gehrd(A, n, taus);
  // Z from the reflectors below the subdiagonal: Z = diag(1, orgqr(A[1:, :-1])).
  const Z = new Float64Array(n * n);
  if (n > 0) Z[0] = 1;
  if (n > 1) {
    const sub = new Float64Array((n - 1) * (n - 1));
    for (let i = 1; i < n; i++) for (let j = 0; j < n - 1; j++) sub[(i - 1) * (n - 1) + j] = A[i * n + j];
    const Qs = orgqr(sub, n - 1, n - 1, taus, n - 1, n - 1);
    for (let i = 1; i < n; i++) for (let j = 1; j < n; j++) Z[i * n + j] = Qs[(i - 1) * (n - 1) + (j - 1)];
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i - 1; j++) A[i * n + j] = 0;
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  const ok = francisQr(A, Z, n, wr, wi);
  if (!ok) {
    A.fill(NaN);
    Z.fill(NaN);
    wr.fill(NaN);
    wi.fill(NaN);
  }
  for (let k = 0; k + 1 < n; k++) {
    if (wi[k] > 0 && wi[k + 1] < 0) {
      standardizeBlock(A, Z, n, k, wr, wi);
      k++;
    }
  }
  // Clean the strictly lower part: only the subdiagonal of complex-pair blocks remains.
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i - 1; j++) A[i * n + j] = 0;
    if (!(wi[i - 1] > 0 && wi[i] < 0 && wi[i - 1] === -wi[i])) A[i * n + i - 1] = 0;
  }
  return { T: A, Z, wr, wi };
}

/** Francis double-shift QR on the Hessenberg H (row-major), accumulating into V. Returns false if it does not converge. */
function francisQr(H: Float64Array, V: Float64Array, nn: number, d: Float64Array, e: Float64Array): boolean {
  const h = (i: number, j: number) => H[i * nn + j];
  const set = (i: number, j: number, v: number) => {
    H[i * nn + j] = v;
  };
  const eps = 2 ** -52;
  let n = nn - 1;
  const low = 0;
  const high = nn - 1;
  let exshift = 0;
  let p = 0;
  let q = 0;
  let r = 0;
  let s = 0;
  let z = 0;
  let w: number;
  let x: number;
  let y: number;
  let norm = 0;
  for (let i = 0; i < nn; i++) for (let j = Math.max(i - 1, 0); j < nn; j++) norm += Math.abs(h(i, j));
  let iter = 0;
  let total = 0;
  while (n >= low) {
    if (++total > 100 * Math.max(nn, 1)) return false;
    let l = n;
    while (l > low) {
      s = Math.abs(h(l - 1, l - 1)) + Math.abs(h(l, l));
      if (s === 0) s = norm;
      if (Math.abs(h(l, l - 1)) < eps * s) break;
      l--;
    }
    if (l === n) {
      // One root.
      set(n, n, h(n, n) + exshift);
      d[n] = h(n, n);
      e[n] = 0;
      n--;
      iter = 0;
    } else if (l === n - 1) {
      // Two roots.
      w = h(n, n - 1) * h(n - 1, n);
      p = (h(n - 1, n - 1) - h(n, n)) / 2;
      q = p * p + w;
      z = Math.sqrt(Math.abs(q));
      set(n, n, h(n, n) + exshift);
      set(n - 1, n - 1, h(n - 1, n - 1) + exshift);
      x = h(n, n);
      if (q >= 0) {
        // A real pair: rotate the block to triangular form.
        z = p >= 0 ? p + z : p - z;
        d[n - 1] = x + z;
        d[n] = z !== 0 ? x - w / z : d[n - 1];
        e[n - 1] = 0;
        e[n] = 0;
        x = h(n, n - 1);
        s = Math.abs(x) + Math.abs(z);
        p = x / s;
        q = z / s;
        r = Math.sqrt(p * p + q * q);
        p /= r;
        q /= r;
        for (let j = n - 1; j < nn; j++) {
          z = h(n - 1, j);
          set(n - 1, j, q * z + p * h(n, j));
          set(n, j, q * h(n, j) - p * z);
        }
        for (let i = 0; i <= n; i++) {
          z = h(i, n - 1);
          set(i, n - 1, q * z + p * h(i, n));
          set(i, n, q * h(i, n) - p * z);
        }
        for (let i = low; i <= high; i++) {
          z = V[i * nn + n - 1];
          V[i * nn + n - 1] = q * z + p * V[i * nn + n];
          V[i * nn + n] = q * V[i * nn + n] - p * z;
        }
      } else {
        d[n - 1] = x + p;
        d[n] = x + p;
        e[n - 1] = z;
        e[n] = -z;
      }
      n -= 2;
      iter = 0;
    } else {
      // Form the shift.
      x = h(n, n);
      y = 0;
      w = 0;
      if (l < n) {
        y = h(n - 1, n - 1);
        w = h(n, n - 1) * h(n - 1, n);
      }
      if (iter === 10) {
        // Wilkinson's exceptional shift.
        exshift += x;
        for (let i = low; i <= n; i++) set(i, i, h(i, i) - x);
        s = Math.abs(h(n, n - 1)) + Math.abs(h(n - 1, n - 2));
        x = y = 0.75 * s;
        w = -0.4375 * s * s;
      }
      if (iter === 30) {
        s = (y - x) / 2;
        s = s * s + w;
        if (s > 0) {
          s = Math.sqrt(s);
          if (y < x) s = -s;
          s = x - w / ((y - x) / 2 + s);
          for (let i = low; i <= n; i++) set(i, i, h(i, i) - s);
          exshift += s;
          x = y = w = 0.964;
        }
      }
      iter++;
      // Two consecutive small subdiagonal elements.
      let m = n - 2;
      while (m >= l) {
        z = h(m, m);
        r = x - z;
        s = y - z;
        p = (r * s - w) / h(m + 1, m) + h(m, m + 1);
        q = h(m + 1, m + 1) - z - r - s;
        r = h(m + 2, m + 1);
        s = Math.abs(p) + Math.abs(q) + Math.abs(r);
        p /= s;
        q /= s;
        r /= s;
        if (m === l) break;
        if (
          Math.abs(h(m, m - 1)) * (Math.abs(q) + Math.abs(r)) <
          eps * (Math.abs(p) * (Math.abs(h(m - 1, m - 1)) + Math.abs(z) + Math.abs(h(m + 1, m + 1))))
        )
          break;
        m--;
      }
      for (let i = m + 2; i <= n; i++) {
        set(i, i - 2, 0);
        if (i > m + 2) set(i, i - 3, 0);
      }
      // Double QR step on rows l..n and columns m..n.
      for (let k = m; k <= n - 1; k++) {
        const notlast = k !== n - 1;
        if (k !== m) {
          p = h(k, k - 1);
          q = h(k + 1, k - 1);
          r = notlast ? h(k + 2, k - 1) : 0;
          x = Math.abs(p) + Math.abs(q) + Math.abs(r);
          if (x === 0) continue;
          p /= x;
          q /= x;
          r /= x;
        }
        s = Math.sqrt(p * p + q * q + r * r);
        if (p < 0) s = -s;
        if (s !== 0) {
          if (k !== m) set(k, k - 1, -s * x);
          else if (l !== m) set(k, k - 1, -h(k, k - 1));
          p += s;
          x = p / s;
          y = q / s;
          z = r / s;
          q /= p;
          r /= p;
          for (let j = k; j < nn; j++) {
            p = h(k, j) + q * h(k + 1, j);
            if (notlast) {
              p += r * h(k + 2, j);
              set(k + 2, j, h(k + 2, j) - p * z);
            }
            set(k, j, h(k, j) - p * x);
            set(k + 1, j, h(k + 1, j) - p * y);
          }
          for (let i = 0; i <= Math.min(n, k + 3); i++) {
            p = x * h(i, k) + y * h(i, k + 1);
            if (notlast) {
              p += z * h(i, k + 2);
              set(i, k + 2, h(i, k + 2) - p * r);
            }
            set(i, k, h(i, k) - p);
            set(i, k + 1, h(i, k + 1) - p * q);
          }
          for (let i = low; i <= high; i++) {
            p = x * V[i * nn + k] + y * V[i * nn + k + 1];
            if (notlast) {
              p += z * V[i * nn + k + 2];
              V[i * nn + k + 2] -= p * r;
            }
            V[i * nn + k] -= p;
            V[i * nn + k + 1] -= p * q;
          }
        }
      }
    }
  }
  return true;
}

const sign = (a: number, b: number) => (b >= 0 ? Math.abs(a) : -Math.abs(a));

/**
 * LAPACK dlanv2 for the complex-pair block at rows/columns k, k+1 of T: rotate
 * it to [[p, b], [c, p]] with b c < 0 (equal diagonal), applying the rotation
 * to the rest of T and to Z. Recomputes the pair's eigenvalues.
 */
function standardizeBlock(T: Float64Array, Z: Float64Array, n: number, k: number, wr: Float64Array, wi: Float64Array): void {
  let a = T[k * n + k];
  let b = T[k * n + k + 1];
  let c = T[(k + 1) * n + k];
  let d = T[(k + 1) * n + k + 1];
  let cs = 1;
  let sn = 0;
  if (c === 0 || b === 0 || (a - d === 0 && Math.sign(b) !== Math.sign(c))) {
    if (c === 0 || b === 0) return;
  } else {
    let temp = a - d;
    const sigma = b + c;
    const p = 0.5 * temp;
    const tau = Math.hypot(sigma, temp);
    cs = Math.sqrt(0.5 * (1 + Math.abs(sigma) / tau));
    sn = -(p / (tau * cs)) * sign(1, sigma);
    const aa = a * cs + b * sn;
    const bb = -a * sn + b * cs;
    const cc = c * cs + d * sn;
    const dd = -c * sn + d * cs;
    a = aa * cs + cc * sn;
    b = bb * cs + dd * sn;
    c = -aa * sn + cc * cs;
    d = -bb * sn + dd * cs;
    temp = 0.5 * (a + d);
    a = temp;
    d = temp;
    if (c !== 0 && b === 0) {
      b = -c;
      c = 0;
      const t = cs;
      cs = -sn;
      sn = t;
    }
  }
  T[k * n + k] = a;
  T[k * n + k + 1] = b;
  T[(k + 1) * n + k] = c;
  T[(k + 1) * n + k + 1] = d;
  // drot(x, y): x <- cs x + sn y, y <- cs y - sn x.
  for (let j = k + 2; j < n; j++) {
    const x = T[k * n + j];
    const y = T[(k + 1) * n + j];
    T[k * n + j] = cs * x + sn * y;
    T[(k + 1) * n + j] = cs * y - sn * x;
  }
  for (let i = 0; i < k; i++) {
    const x = T[i * n + k];
    const y = T[i * n + k + 1];
    T[i * n + k] = cs * x + sn * y;
    T[i * n + k + 1] = cs * y - sn * x;
  }
  for (let i = 0; i < n; i++) {
    const x = Z[i * n + k];
    const y = Z[i * n + k + 1];
    Z[i * n + k] = cs * x + sn * y;
    Z[i * n + k + 1] = cs * y - sn * x;
  }
  const im = c === 0 ? 0 : Math.sqrt(Math.abs(b)) * Math.sqrt(Math.abs(c));
  wr[k] = a;
  wr[k + 1] = d;
  wi[k] = im;
  wi[k + 1] = -im;
}

/** Complex division (xr + i xi) / (yr + i yi). */
function cdiv(xr: number, xi: number, yr: number, yi: number): [number, number] {
  if (Math.abs(yr) > Math.abs(yi)) {
    const r = yi / yr;
    const d = yr + r * yi;
    return [(xr + r * xi) / d, (xi - r * xr) / d];
  }
  const r = yr / yi;
  const d = yi + r * yr;
  return [(r * xr + xi) / d, (r * xi - xr) / d];
}

/**
 * Right eigenvectors from a real Schur decomposition (T, Z, wr, wi as
 * realSchur returns them; T is overwritten): column j of (vr + i vi) belongs
 * to eigenvalue wr[j] + i wi[j]. Back-substitution as EISPACK hqr2, then each
 * vector scaled as LAPACK's geev: unit 2-norm, its largest component real.
 */
export function schurEigenvectors(
  T: Float64Array,
  Z: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
): { vr: Float64Array; vi: Float64Array } {
  const H = T;
  const h = (i: number, j: number) => H[i * n + j];
  const set = (i: number, j: number, v: number) => {
    H[i * n + j] = v;
  };
  const eps = 2 ** -52;
  let norm = 0;
  for (let i = 0; i < n; i++) for (let j = Math.max(i - 1, 0); j < n; j++) norm += Math.abs(h(i, j));
  let p: number;
  let q: number;
  let r = 0;
  let s = 0;
  let t: number;
  let w: number;
  let x: number;
  let y: number;
  let z = 0;
  if (norm !== 0) {
    for (let nn = n - 1; nn >= 0; nn--) {
      p = d[nn];
      q = e[nn];
      if (q === 0) {
        // A real vector.
        let l = nn;
        set(nn, nn, 1);
        for (let i = nn - 1; i >= 0; i--) {
          w = h(i, i) - p;
          r = 0;
          for (let j = l; j <= nn; j++) r += h(i, j) * h(j, nn);
          if (e[i] < 0) {
            z = w;
            s = r;
          } else {
            l = i;
            if (e[i] === 0) set(i, nn, w !== 0 ? -r / w : -r / (eps * norm));
            else {
              x = h(i, i + 1);
              y = h(i + 1, i);
              q = (d[i] - p) * (d[i] - p) + e[i] * e[i];
              t = (x * s - z * r) / q;
              set(i, nn, t);
              set(i + 1, nn, Math.abs(x) > Math.abs(z) ? (-r - w * t) / x : (-s - y * t) / z);
            }
            t = Math.abs(h(i, nn));
            if (eps * t * t > 1) for (let j = i; j <= nn; j++) set(j, nn, h(j, nn) / t);
          }
        }
      } else if (q < 0) {
        // A complex vector, in columns nn-1 (real part) and nn (imaginary part).
        let l = nn - 1;
        if (Math.abs(h(nn, nn - 1)) > Math.abs(h(nn - 1, nn))) {
          set(nn - 1, nn - 1, q / h(nn, nn - 1));
          set(nn - 1, nn, -(h(nn, nn) - p) / h(nn, nn - 1));
        } else {
          const [cr, ci] = cdiv(0, -h(nn - 1, nn), h(nn - 1, nn - 1) - p, q);
          set(nn - 1, nn - 1, cr);
          set(nn - 1, nn, ci);
        }
        set(nn, nn - 1, 0);
        set(nn, nn, 1);
        for (let i = nn - 2; i >= 0; i--) {
          let ra = 0;
          let sa = 0;
          for (let j = l; j <= nn; j++) {
            ra += h(i, j) * h(j, nn - 1);
            sa += h(i, j) * h(j, nn);
          }
          w = h(i, i) - p;
          if (e[i] < 0) {
            z = w;
            r = ra;
            s = sa;
          } else {
            l = i;
            if (e[i] === 0) {
              const [cr, ci] = cdiv(-ra, -sa, w, q);
              set(i, nn - 1, cr);
              set(i, nn, ci);
            } else {
              x = h(i, i + 1);
              y = h(i + 1, i);
              let vr = (d[i] - p) * (d[i] - p) + e[i] * e[i] - q * q;
              const vi = (d[i] - p) * 2 * q;
              if (vr === 0 && vi === 0) vr = eps * norm * (Math.abs(w) + Math.abs(q) + Math.abs(x) + Math.abs(y) + Math.abs(z));
              const [cr, ci] = cdiv(x * r - z * ra + q * sa, x * s - z * sa - q * ra, vr, vi);
              set(i, nn - 1, cr);
              set(i, nn, ci);
              if (Math.abs(x) > Math.abs(z) + Math.abs(q)) {
                set(i + 1, nn - 1, (-ra - w * h(i, nn - 1) + q * h(i, nn)) / x);
                set(i + 1, nn, (-sa - w * h(i, nn) - q * h(i, nn - 1)) / x);
              } else {
                const [c2r, c2i] = cdiv(-r - y * h(i, nn - 1), -s - y * h(i, nn), z, q);
                set(i + 1, nn - 1, c2r);
                set(i + 1, nn, c2i);
              }
            }
            t = Math.max(Math.abs(h(i, nn - 1)), Math.abs(h(i, nn)));
            if (eps * t * t > 1) {
              for (let j = i; j <= nn; j++) {
                set(j, nn - 1, h(j, nn - 1) / t);
                set(j, nn, h(j, nn) / t);
              }
            }
          }
        }
      }
    }
  }
  // Back to the original basis: V = Z X (X upper triangular but for 2x2 blocks).
  const V = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let k = 0; k <= Math.min(j, n - 1); k++) acc += Z[i * n + k] * h(k, j);
      V[i * n + j] = acc;
    }
  }
  const vr = new Float64Array(n * n);
  const vi = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    if (e[j] === 0) {
      let nrm = 0;
      for (let i = 0; i < n; i++) nrm = Math.hypot(nrm, V[i * n + j]);
      for (let i = 0; i < n; i++) vr[i * n + j] = nrm > 0 ? V[i * n + j] / nrm : V[i * n + j];
      continue;
    }
    if (e[j] < 0 || j + 1 >= n) continue;
    // Columns j (re) and j + 1 (im) hold the vector of wr[j] + i wi[j]; j + 1 gets its conjugate.
    let nrm = 0;
    let best = -1;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const m2 = V[i * n + j] ** 2 + V[i * n + j + 1] ** 2;
      nrm += m2;
      if (m2 > best) {
        best = m2;
        k = i;
      }
    }
    nrm = Math.sqrt(nrm);
    // Multiply by sign(re_k) conj(v_k) / |v_k| (LAPACK's dlartg rotation): v_k becomes real.
    const fr = V[k * n + j];
    const fi = V[k * n + j + 1];
    const mag = Math.hypot(fr, fi);
    const sg = fr >= 0 ? 1 : -1;
    const cr = mag > 0 ? (sg * fr) / mag : 1;
    const ci = mag > 0 ? (-sg * fi) / mag : 0;
    for (let i = 0; i < n; i++) {
      const a = V[i * n + j] / nrm;
      const b = V[i * n + j + 1] / nrm;
      const re = a * cr - b * ci;
      const im = i === k ? 0 : a * ci + b * cr;
      vr[i * n + j] = re;
      vi[i * n + j] = im;
      vr[i * n + j + 1] = re;
      vi[i * n + j + 1] = -im;
    }
  }
  return { vr, vi };
}
