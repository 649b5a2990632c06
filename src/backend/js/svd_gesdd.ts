// LAPACK gesdd's SVD as JAX computes it on CPU, signs of the singular vectors
// included: a much taller (wider) matrix is first reduced by QR (LQ); then
// Householder bidiagonalization (dgebrd), the bidiagonal SVD as dbdsdc does it
// for small sizes (dbdsqr: dlasv2 on 2x2 blocks, shifted or zero-shift QR
// sweeps with dlartg rotations, positive singular values by negating rows of
// vt, selection sort; a lower bidiagonal is first rotated to upper), and the
// reflectors multiplied back. Returns null where it does not apply (empty or
// non-finite input, no convergence); the caller falls back to Jacobi.

/** Fortran SIGN(a, b). */
const sign = (a: number, b: number) => (b >= 0 ? Math.abs(a) : -Math.abs(a));

/**
 * dlarfg on the strided vector x[base + k * stride], k < len (alpha at k = 0):
 * alpha <- beta, x[1:] <- v[1:]; returns tau.
 */
function larfg(x: Float64Array, base: number, stride: number, len: number): number {
  const alpha = x[base];
  let xnorm = 0;
  for (let k = 1; k < len; k++) xnorm = Math.hypot(xnorm, x[base + k * stride]);
  if (xnorm === 0) return 0;
  const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
  const scale = 1 / (alpha - beta);
  for (let k = 1; k < len; k++) x[base + k * stride] *= scale;
  x[base] = beta;
  return (beta - alpha) / beta;
}

/** M[r0.., :] <- (I - tau v v^T) M[r0.., :] for the rows r0..r0+len(v)-1 of the rows x cols M. */
function reflectLeft(M: Float64Array, cols: number, v: number[], tau: number, r0: number): void {
  for (let c = 0; c < cols; c++) {
    let acc = 0;
    for (let k = 0; k < v.length; k++) acc += v[k] * M[(r0 + k) * cols + c];
    acc *= tau;
    if (acc !== 0) for (let k = 0; k < v.length; k++) M[(r0 + k) * cols + c] -= acc * v[k];
  }
}

/** M[:, c0..] <- M[:, c0..] (I - tau v v^T) for the columns c0..c0+len(v)-1 of the rows x cols M. */
function reflectRight(M: Float64Array, rows: number, cols: number, v: number[], tau: number, c0: number): void {
  for (let r = 0; r < rows; r++) {
    let acc = 0;
    for (let k = 0; k < v.length; k++) acc += M[r * cols + c0 + k] * v[k];
    acc *= tau;
    if (acc !== 0) for (let k = 0; k < v.length; k++) M[r * cols + c0 + k] -= acc * v[k];
  }
}

const identity = (n: number) => {
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return I;
};

/** (r x k) @ (k x c), row-major. */
function mm(A: Float64Array, B: Float64Array, r: number, k: number, c: number): Float64Array {
  const C = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let t = 0; t < k; t++) {
      const a = A[i * k + t];
      if (a === 0) continue;
      for (let j = 0; j < c; j++) C[i * c + j] += a * B[t * c + j];
    }
  }
  return C;
}

function transpose(A: Float64Array, r: number, c: number): Float64Array {
  const T = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) T[j * r + i] = A[i * c + j];
  return T;
}

/**
 * geqrf of the m x n (m >= n) W in place, leaving R in W's upper triangle,
 * and Q = H_0 ... H_{n-1}: all m columns, or (`thin`) its first n, built
 * as H_0 (H_1 (... [I; 0])) in O(m n^2) rather than O(m^2 n); empty when
 * !vectors.
 */
function qrFull(W: Float64Array, m: number, n: number, vectors = true, thin = false): Float64Array {
  const reflectors: Array<{ v: number[]; tau: number; j: number }> = [];
  for (let j = 0; j < n; j++) {
    const tau = larfg(W, j * n + j, n, m - j);
    if (tau === 0) continue;
    const v = [1];
    for (let i = j + 1; i < m; i++) v.push(W[i * n + j]);
    for (let i = j + 1; i < m; i++) W[i * n + j] = 0;
    const beta = W[j * n + j];
    reflectLeft(W, n, v, tau, j);
    W[j * n + j] = beta;
    for (let i = j + 1; i < m; i++) W[i * n + j] = 0;
    reflectors.push({ v, tau, j });
  }
  if (!vectors) return new Float64Array(0);
  const cols = thin ? n : m;
  const Q = new Float64Array(m * cols);
  for (let i = 0; i < Math.min(m, cols); i++) Q[i * cols + i] = 1;
  for (let r = reflectors.length - 1; r >= 0; r--) {
    const { v, tau, j } = reflectors[r];
    reflectLeft(Q, cols, v, tau, j);
  }
  return Q;
}

/** Upper bidiagonalization of the m x n (m >= n) W (dgebrd, W overwritten): W = Q B P^T; returns d, e, Q (m x m), P (n x n). */
function gebrd(A: Float64Array, m: number, n: number, vectors = true) {
  // Without vectors (compute_uv=False) Q and P are not accumulated: d and e are the same.
  const Q = vectors ? identity(m) : new Float64Array(0);
  const P = vectors ? identity(n) : new Float64Array(0);
  const d: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < n; i++) {
    const tq = larfg(A, i * n + i, n, m - i);
    const beta = A[i * n + i];
    if (tq !== 0) {
      const v = [1];
      for (let r = i + 1; r < m; r++) v.push(A[r * n + i]);
      for (let r = i + 1; r < m; r++) A[r * n + i] = 0;
      reflectLeft(A, n, v, tq, i);
      if (vectors) reflectRight(Q, m, m, v, tq, i);
    }
    A[i * n + i] = beta;
    for (let r = i + 1; r < m; r++) A[r * n + i] = 0;
    d.push(beta);
    if (i < n - 1) {
      const tp = larfg(A, i * n + i + 1, 1, n - i - 1);
      const b2 = A[i * n + i + 1];
      if (tp !== 0) {
        const u = [1];
        for (let c = i + 2; c < n; c++) u.push(A[i * n + c]);
        for (let c = i + 2; c < n; c++) A[i * n + c] = 0;
        reflectRight(A, m, n, u, tp, i + 1);
        if (vectors) reflectRight(P, n, n, u, tp, i + 1);
      }
      A[i * n + i + 1] = b2;
      for (let c = i + 2; c < n; c++) A[i * n + c] = 0;
      e.push(b2);
    }
  }
  return { d, e, Q, P };
}

/** LAPACK dlasv2: the SVD of [[f, g], [0, h]] with signed singular values and the rotations. */
function lasv2(f: number, g: number, h: number) {
  const eps = 2 ** -53;
  let ft = f;
  let fa = Math.abs(ft);
  let ht = h;
  let ha = Math.abs(h);
  let pmax = 1;
  const swap = ha > fa;
  if (swap) {
    pmax = 3;
    [ft, ht] = [ht, ft];
    [fa, ha] = [ha, fa];
  }
  const gt = g;
  const ga = Math.abs(gt);
  let ssmin: number;
  let ssmax: number;
  let clt: number;
  let crt: number;
  let slt: number;
  let srt: number;
  if (ga === 0) {
    ssmin = ha;
    ssmax = fa;
    clt = 1;
    crt = 1;
    slt = 0;
    srt = 0;
  } else {
    let gasmal = true;
    ssmin = 0;
    ssmax = 0;
    clt = crt = slt = srt = 0;
    if (ga > fa) {
      pmax = 2;
      if (fa / ga < eps) {
        gasmal = false;
        ssmax = ga;
        ssmin = ha > 1 ? fa / (ga / ha) : (fa / ga) * ha;
        clt = 1;
        slt = ht / gt;
        srt = 1;
        crt = ft / gt;
      }
    }
    if (gasmal) {
      const dd = fa - ha;
      let l = dd === fa ? 1 : dd / fa;
      const m = gt / ft;
      let t = 2 - l;
      const mm2 = m * m;
      const tt = t * t;
      const s = Math.sqrt(tt + mm2);
      const r = l === 0 ? Math.abs(m) : Math.sqrt(l * l + mm2);
      const a = 0.5 * (s + r);
      ssmin = ha / a;
      ssmax = fa * a;
      if (mm2 === 0) t = l === 0 ? sign(2, ft) * sign(1, gt) : gt / sign(dd, ft) + m / t;
      else t = (m / (s + t) + m / (r + l)) * (1 + a);
      l = Math.sqrt(t * t + 4);
      crt = 2 / l;
      srt = t / l;
      clt = (crt + srt * m) / a;
      slt = ((ht / ft) * srt) / a;
    }
  }
  let csl: number;
  let snl: number;
  let csr: number;
  let snr: number;
  if (swap) {
    csl = srt;
    snl = crt;
    csr = slt;
    snr = clt;
  } else {
    csl = clt;
    snl = slt;
    csr = crt;
    snr = srt;
  }
  let tsign = 1;
  if (pmax === 1) tsign = sign(1, csr) * sign(1, csl) * sign(1, f);
  if (pmax === 2) tsign = sign(1, snr) * sign(1, csl) * sign(1, g);
  if (pmax === 3) tsign = sign(1, snr) * sign(1, snl) * sign(1, h);
  ssmax = sign(ssmax, tsign);
  ssmin = sign(ssmin, tsign * sign(1, f) * sign(1, h));
  return { ssmin, ssmax, snr, csr, snl, csl };
}

/** The SVD of the n x n bidiagonal (d, e) as dbdsdc/dbdsqr give it (null if the iteration fails). */
export function bidiagSvd(d0: number[], e0: number[], single: boolean, lower: boolean, vectors: BidiagVectors | null): number[] | null {
  const n = d0.length;
  if (n === 1) {
    if (d0[0] < 0) vectors?.negateUColumn(0);
    return [Math.abs(d0[0])];
  }
  const s = [...d0];
  const e = [...e0];
  // dbdsdc on a lower bidiagonal: rotate it to upper from the left, undo on U at the end.
  const cs: number[] = [];
  const sn: number[] = [];
  if (lower) {
    for (let i = 0; i < n - 1; i++) {
      const [c, sg, r] = lartg(s[i], e[i]);
      s[i] = r;
      e[i] = sg * s[i + 1];
      s[i + 1] = c * s[i + 1];
      cs.push(c);
      sn.push(-sg);
    }
  }
  if (e.some((x) => x !== 0) && !bdsqr(s, e, vectors, single)) return null;
  // Make the singular values positive (negating rows of VT), then dbdsqr's selection sort.
  for (let i = 0; i < n; i++) {
    if (s[i] < 0) {
      s[i] = -s[i];
      vectors?.negateVtRow(i);
    }
  }
  for (let i = 1; i < n; i++) {
    let isub = 0;
    let smin = s[0];
    for (let j = 1; j <= n - i; j++) {
      if (s[j] <= smin) {
        isub = j;
        smin = s[j];
      }
    }
    const last = n - i;
    if (isub !== last) {
      [s[isub], s[last]] = [s[last], s[isub]];
      vectors?.swap(isub, last);
    }
  }
  if (lower) vectors?.rotate("uRows", false, cs, sn, 0, n);
  return s;
}

/**
 * Where the bidiagonal SVD's rotations, sign flips and swaps of singular
 * vectors land: U's columns and VT's rows as n x n row-major arrays (the
 * reference, matrixVectors), or any other layout (the wasm backend keeps
 * Uᵀ, so every rotation runs along rows).
 */
export interface BidiagVectors {
  /** dlasr: rotations j < cnt - 1 in the planes (lo+j, lo+j+1) of VT's rows, U's columns, or (once) U's rows. */
  rotate(which: "vtRows" | "uColumns" | "uRows", forward: boolean, c: number[], s: number[], lo: number, cnt: number): void;
  negateVtRow(i: number): void;
  negateUColumn(i: number): void;
  /** Exchanges singular vectors i and k: rows of VT, columns of U. */
  swap(i: number, k: number): void;
}

/** U and VT as n x n row-major Float64Arrays, from the identity. */
function matrixVectors(n: number): BidiagVectors & { U: Float64Array; VT: Float64Array } {
  const [U, VT] = [identity(n), identity(n)];
  return {
    U,
    VT,
    rotate: (which, forward, c, s, lo, cnt) => lasr(which !== "uColumns", forward, c, s, which === "vtRows" ? VT : U, n, lo, cnt),
    negateVtRow(i) {
      for (let j = 0; j < n; j++) VT[i * n + j] = -VT[i * n + j];
    },
    negateUColumn(i) {
      for (let j = 0; j < n; j++) U[j * n + i] = -U[j * n + i];
    },
    swap(i, k) {
      for (let j = 0; j < n; j++) {
        [VT[i * n + j], VT[k * n + j]] = [VT[k * n + j], VT[i * n + j]];
        [U[j * n + i], U[j * n + k]] = [U[j * n + k], U[j * n + i]];
      }
    },
  };
}

/** The bidiagonal SVD with U and VT accumulated from the identity (or none: empty arrays). */
function bidiagSvdMatrices(
  d0: number[],
  e0: number[],
  single: boolean,
  lower = false,
  vectors = true,
): { s: number[]; U: Float64Array; VT: Float64Array } | null {
  const n = d0.length;
  const m = vectors ? matrixVectors(n) : null;
  const s = bidiagSvd(d0, e0, single, lower, m);
  if (!s) return null;
  return { s, U: m?.U ?? new Float64Array(0), VT: m?.VT ?? new Float64Array(0) };
}

/** blockdiag(B (k x k), I) of size n. */
function embed(B: Float64Array, k: number, n: number): Float64Array {
  const M = identity(n);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) M[i * n + j] = B[i * k + j];
  return M;
}

/**
 * The SVD of the m x n row-major A as gesdd computes it: s (min(m, n),
 * descending), u (m x m) and vt (n x n); with `thin`, where a QR (LQ) comes
 * first, u is m x min(m, n) and vt min(m, n) x n (the QR's thin factor: a
 * 1000 x 4 matrix's u no longer costs a 1000 x 1000 product). Callers take
 * the first min(m, n) columns of u and rows of vt either way.
 */
export function svdGesdd(
  A: Float64Array,
  m: number,
  n: number,
  single = false,
  vectors = true,
  thin = false,
): { s: Float64Array; u: Float64Array; vt: Float64Array } | null {
  if (m === 0 || n === 0 || !A.every(Number.isFinite)) return null;
  const none = new Float64Array(0);
  if (m >= n) {
    const mnthr = Math.trunc((n * 11) / 6);
    let W: Float64Array = Float64Array.from(A);
    let Qqr: Float64Array | null = null;
    if (m >= mnthr) {
      // Much taller: QR first, then bidiagonalize the n x n R.
      Qqr = qrFull(W, m, n, vectors, thin);
      const R = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) R[i * n + j] = W[i * n + j];
      W = R;
    }
    const rows = Qqr ? n : m;
    const { d, e, Q, P } = gebrd(W, rows, n, vectors);
    const b = bidiagSvdMatrices(d, e, single, false, vectors);
    if (!b) return null;
    if (!vectors) return { s: Float64Array.from(b.s), u: none, vt: none };
    let u = mm(Q, embed(b.U, n, rows), rows, rows, rows);
    if (Qqr) u = thin ? mm(Qqr, u, m, n, n) : mm(Qqr, embed(u, n, m), m, m, m);
    const vt = mm(b.VT, transpose(P, n, n), n, n, n);
    return { s: Float64Array.from(b.s), u, vt };
  }
  const mnthr = Math.trunc((m * 11) / 6);
  if (n < mnthr) {
    // Lower bidiagonal: a = Q B P^T with B m x m lower bidiagonal. As the upper
    // bidiagonalization of a^T, transposed (the same reflectors).
    const t = gebrd(transpose(A, m, n), n, m, vectors);
    const b = bidiagSvdMatrices(t.d, t.e, single, true, vectors);
    if (!b) return null;
    if (!vectors) return { s: Float64Array.from(b.s), u: none, vt: none };
    const u = mm(t.P, b.U, m, m, m);
    const vt = mm(embed(b.VT, m, n), transpose(t.Q, n, n), n, n, n);
    return { s: Float64Array.from(b.s), u, vt };
  }
  // Much wider: LQ first (geqrf of a^T, transposed), then bidiagonalize the m x m L.
  const WT = transpose(A, m, n);
  const Qqr = qrFull(WT, n, m, vectors, thin);
  const L = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) L[i * m + j] = WT[j * m + i];
  const { d, e, Q, P } = gebrd(L, m, m, vectors);
  const b = bidiagSvdMatrices(d, e, single, false, vectors);
  if (!b) return null;
  if (!vectors) return { s: Float64Array.from(b.s), u: none, vt: none };
  const u = mm(Q, b.U, m, m, m);
  const vtSmall = mm(b.VT, transpose(P, m, m), m, m, m);
  const vt = thin ? mm(vtSmall, transpose(Qqr, n, m), m, m, n) : mm(embed(vtSmall, m, n), transpose(Qqr, n, n), n, n, n);
  return { s: Float64Array.from(b.s), u, vt };
}

/** LAPACK 3.10+ dlartg: c >= 0, r with f's sign. */
function lartg(f: number, g: number): [number, number, number] {
  if (g === 0) return [1, 0, f];
  if (f === 0) return [0, sign(1, g), Math.abs(g)];
  const dd = Math.hypot(f, g);
  const r = sign(dd, f);
  return [Math.abs(f) / dd, g / r, r];
}

/** LAPACK dlas2: the smaller singular value of [[f, g], [0, h]]. */
function las2(f: number, g: number, h: number): number {
  const fa = Math.abs(f);
  const ga = Math.abs(g);
  const ha = Math.abs(h);
  const fhmn = Math.min(fa, ha);
  const fhmx = Math.max(fa, ha);
  if (fhmn === 0) return 0;
  if (ga < fhmx) {
    const as = 1 + fhmn / fhmx;
    const at = (fhmx - fhmn) / fhmx;
    const au = (ga / fhmx) ** 2;
    const c = 2 / (Math.sqrt(as * as + au) + Math.sqrt(at * at + au));
    return fhmn * c;
  }
  const au = fhmx / ga;
  if (au === 0) return (fhmn * fhmx) / ga;
  const as = 1 + fhmn / fhmx;
  const at = (fhmx - fhmn) / fhmx;
  const c = 1 / (Math.sqrt(1 + (as * au) ** 2) + Math.sqrt(1 + (at * au) ** 2));
  return 2 * fhmn * c * au;
}

/**
 * dlasr on the rows (left, pivot 'V') of the n x n VT or the columns (right) of
 * the n x n U, over indices lo..lo+cnt-1 (0-based), forward or backward.
 */
function lasr(left: boolean, forward: boolean, c: number[], sn: number[], M: Float64Array, n: number, lo: number, cnt: number): void {
  const step = (j: number) => {
    const ct = c[j];
    const st = sn[j];
    if (ct === 1 && st === 0) return;
    const a = lo + j;
    const b = a + 1;
    for (let i = 0; i < n; i++) {
      if (left) {
        const t = M[b * n + i];
        M[b * n + i] = ct * t - st * M[a * n + i];
        M[a * n + i] = st * t + ct * M[a * n + i];
      } else {
        const t = M[i * n + b];
        M[i * n + b] = ct * t - st * M[i * n + a];
        M[i * n + a] = st * t + ct * M[i * n + a];
      }
    }
  };
  if (forward) for (let j = 0; j < cnt - 1; j++) step(j);
  else for (let j = cnt - 2; j >= 0; j--) step(j);
}

/**
 * LAPACK dbdsqr's QR iteration on the upper bidiagonal (d, e), rotating the
 * rows of VT and the columns of U (sign fixing and sorting are left to the
 * caller). Returns false if it does not converge.
 */
function bdsqr(d: number[], e: number[], vectors: BidiagVectors | null, single: boolean): boolean {
  const n = d.length;
  // The working precision of JAX's call (sgesdd for float32): it sets the deflation and shift tests.
  const eps = single ? 2 ** -24 : 2 ** -53;
  const unfl = single ? 2 ** -126 : 2 ** -1022;
  const maxitr = 6;
  const tol = Math.max(10, Math.min(100, eps ** -0.125)) * eps;
  let smax = 0;
  for (let i = 0; i < n; i++) smax = Math.max(smax, Math.abs(d[i]));
  for (let i = 0; i < n - 1; i++) smax = Math.max(smax, Math.abs(e[i]));
  let sminoa = Math.abs(d[0]);
  if (sminoa !== 0) {
    let mu = sminoa;
    for (let i = 1; i < n; i++) {
      mu = Math.abs(d[i]) * (mu / (mu + Math.abs(e[i - 1])));
      sminoa = Math.min(sminoa, mu);
      if (sminoa === 0) break;
    }
  }
  sminoa /= Math.sqrt(n);
  const thresh = Math.max(tol * sminoa, maxitr * (n * (n * unfl)));
  const maxit = maxitr * n * n;
  let iter = 0;
  let oldll = -1;
  let oldm = -1;
  let idir = 0;
  let m = n - 1; // 0-based index of the bottom of the active block
  const cs1: number[] = [];
  const sn1: number[] = [];
  const cs2: number[] = [];
  const sn2: number[] = [];
  while (m > 0) {
    if (iter > maxit) return false;
    // The active block ll..m: e[ll-1] negligible.
    let ll = -1;
    smax = Math.abs(d[m]);
    for (let lll = 1; lll <= m; lll++) {
      const k = m - lll;
      const abss = Math.abs(d[k]);
      const abse = Math.abs(e[k]);
      if (abse <= thresh) {
        e[k] = 0;
        ll = k;
        break;
      }
      smax = Math.max(smax, abss, abse);
    }
    if (ll === m - 1) {
      m -= 1;
      continue;
    }
    ll += 1;
    if (ll === m - 1) {
      const r = lasv2(d[m - 1], e[m - 1], d[m]);
      d[m - 1] = r.ssmax;
      e[m - 1] = 0;
      d[m] = r.ssmin;
      // drot(x, y, c, s): x <- c x + s y, y <- c y - s x (dlasr's form with the same s).
      vectors?.rotate("vtRows", true, [r.csr], [r.snr], m - 1, 2);
      vectors?.rotate("uColumns", true, [r.csl], [r.snl], m - 1, 2);
      m -= 2;
      continue;
    }
    if (ll > oldm || m < oldll) idir = Math.abs(d[ll]) >= Math.abs(d[m]) ? 1 : 2;
    let sminl = 0;
    let converged = false;
    if (idir === 1) {
      if (Math.abs(e[m - 1]) <= Math.abs(tol) * Math.abs(d[m])) {
        e[m - 1] = 0;
        continue;
      }
      let mu = Math.abs(d[ll]);
      sminl = mu;
      for (let lll = ll; lll < m; lll++) {
        if (Math.abs(e[lll]) <= tol * mu) {
          e[lll] = 0;
          converged = true;
          break;
        }
        mu = Math.abs(d[lll + 1]) * (mu / (mu + Math.abs(e[lll])));
        sminl = Math.min(sminl, mu);
      }
    } else {
      if (Math.abs(e[ll]) <= Math.abs(tol) * Math.abs(d[ll])) {
        e[ll] = 0;
        continue;
      }
      let mu = Math.abs(d[m]);
      sminl = mu;
      for (let lll = m - 1; lll >= ll; lll--) {
        if (Math.abs(e[lll]) <= tol * mu) {
          e[lll] = 0;
          converged = true;
          break;
        }
        mu = Math.abs(d[lll]) * (mu / (mu + Math.abs(e[lll])));
        sminl = Math.min(sminl, mu);
      }
    }
    if (converged) continue;
    oldll = ll;
    oldm = m;
    let shift: number;
    if (n * tol * (sminl / smax) <= Math.max(eps, 0.01 * tol)) shift = 0;
    else {
      let sll: number;
      if (idir === 1) {
        sll = Math.abs(d[ll]);
        shift = las2(d[m - 1], e[m - 1], d[m]);
      } else {
        sll = Math.abs(d[m]);
        shift = las2(d[ll], e[ll], d[ll + 1]);
      }
      if (sll > 0 && (shift / sll) ** 2 < eps) shift = 0;
    }
    iter += m - ll;
    const cnt = m - ll + 1;
    cs1.length = sn1.length = cs2.length = sn2.length = 0;
    if (shift === 0) {
      if (idir === 1) {
        let cs = 1;
        let oldcs = 1;
        let oldsn = 0;
        let r: number;
        let sn: number;
        for (let i = ll; i < m; i++) {
          [cs, sn, r] = lartg(d[i] * cs, e[i]);
          if (i > ll) e[i - 1] = oldsn * r;
          let di: number;
          [oldcs, oldsn, di] = lartg(oldcs * r, d[i + 1] * sn);
          d[i] = di;
          cs1.push(cs);
          sn1.push(sn);
          cs2.push(oldcs);
          sn2.push(oldsn);
        }
        const h = d[m] * cs;
        d[m] = h * oldcs;
        e[m - 1] = h * oldsn;
        vectors?.rotate("vtRows", true, cs1, sn1, ll, cnt);
        vectors?.rotate("uColumns", true, cs2, sn2, ll, cnt);
        if (Math.abs(e[m - 1]) <= thresh) e[m - 1] = 0;
      } else {
        let cs = 1;
        let oldcs = 1;
        let oldsn = 0;
        let r: number;
        let sn: number;
        const w = new Array<number>(4 * cnt).fill(0);
        for (let i = m; i > ll; i--) {
          [cs, sn, r] = lartg(d[i] * cs, e[i - 1]);
          if (i < m) e[i] = oldsn * r;
          let di: number;
          [oldcs, oldsn, di] = lartg(oldcs * r, d[i - 1] * sn);
          d[i] = di;
          const k = i - ll - 1;
          w[k] = cs;
          w[cnt + k] = -sn;
          w[2 * cnt + k] = oldcs;
          w[3 * cnt + k] = -oldsn;
        }
        const h = d[ll] * cs;
        d[ll] = h * oldcs;
        e[ll] = h * oldsn;
        vectors?.rotate("vtRows", false, w.slice(2 * cnt, 3 * cnt - 1), w.slice(3 * cnt, 4 * cnt - 1), ll, cnt);
        vectors?.rotate("uColumns", false, w.slice(0, cnt - 1), w.slice(cnt, 2 * cnt - 1), ll, cnt);
        if (Math.abs(e[ll]) <= thresh) e[ll] = 0;
      }
    } else if (idir === 1) {
      let f = (Math.abs(d[ll]) - shift) * (sign(1, d[ll]) + shift / d[ll]);
      let g = e[ll];
      for (let i = ll; i < m; i++) {
        const [cosr, sinr, r1] = lartg(f, g);
        if (i > ll) e[i - 1] = r1;
        f = cosr * d[i] + sinr * e[i];
        e[i] = cosr * e[i] - sinr * d[i];
        g = sinr * d[i + 1];
        d[i + 1] = cosr * d[i + 1];
        const [cosl, sinl, r2] = lartg(f, g);
        d[i] = r2;
        f = cosl * e[i] + sinl * d[i + 1];
        d[i + 1] = cosl * d[i + 1] - sinl * e[i];
        if (i < m - 1) {
          g = sinl * e[i + 1];
          e[i + 1] = cosl * e[i + 1];
        }
        cs1.push(cosr);
        sn1.push(sinr);
        cs2.push(cosl);
        sn2.push(sinl);
      }
      e[m - 1] = f;
      vectors?.rotate("vtRows", true, cs1, sn1, ll, cnt);
      vectors?.rotate("uColumns", true, cs2, sn2, ll, cnt);
      if (Math.abs(e[m - 1]) <= thresh) e[m - 1] = 0;
    } else {
      let f = (Math.abs(d[m]) - shift) * (sign(1, d[m]) + shift / d[m]);
      let g = e[m - 1];
      const w = new Array<number>(4 * cnt).fill(0);
      for (let i = m; i > ll; i--) {
        const [cosr, sinr, r1] = lartg(f, g);
        if (i < m) e[i] = r1;
        f = cosr * d[i] + sinr * e[i - 1];
        e[i - 1] = cosr * e[i - 1] - sinr * d[i];
        g = sinr * d[i - 1];
        d[i - 1] = cosr * d[i - 1];
        const [cosl, sinl, r2] = lartg(f, g);
        d[i] = r2;
        f = cosl * e[i - 1] + sinl * d[i - 1];
        d[i - 1] = cosl * d[i - 1] - sinl * e[i - 1];
        if (i > ll + 1) {
          g = sinl * e[i - 2];
          e[i - 2] = cosl * e[i - 2];
        }
        const k = i - ll - 1;
        w[k] = cosr;
        w[cnt + k] = -sinr;
        w[2 * cnt + k] = cosl;
        w[3 * cnt + k] = -sinl;
      }
      e[ll] = f;
      if (Math.abs(e[ll]) <= thresh) e[ll] = 0;
      vectors?.rotate("vtRows", false, w.slice(2 * cnt, 3 * cnt - 1), w.slice(3 * cnt, 4 * cnt - 1), ll, cnt);
      vectors?.rotate("uColumns", false, w.slice(0, cnt - 1), w.slice(cnt, 2 * cnt - 1), ll, cnt);
    }
  }
  return true;
}
