// LAPACK syevd's symmetric eigendecomposition as JAX computes it on CPU (for
// the small sizes where syevd's divide and conquer hands over to steqr), so
// the eigenvectors carry JAX's signs: Householder tridiagonalization from the
// lower triangle (sytd2), implicit QL/QR sweeps with Wilkinson shifts and
// dlaev2 on 2x2 blocks (steqr), ascending selection sort, then Q Z.
// Returns null where it does not apply (the caller falls back to Jacobi).

const sign = (a: number, b: number) => (b >= 0 ? Math.abs(a) : -Math.abs(a));

/** LAPACK 3.10+ dlartg: c >= 0, r with f's sign. */
function lartg(f: number, g: number): [number, number, number] {
  if (g === 0) return [1, 0, f];
  if (f === 0) return [0, sign(1, g), Math.abs(g)];
  const d = Math.hypot(f, g);
  const r = sign(d, f);
  return [Math.abs(f) / d, g / r, r];
}

/** LAPACK dlaev2: [rt1, rt2, cs1, sn1] for [[a, b], [b, c]] (rt1 the larger in magnitude, (cs1, sn1) its vector). */
function laev2(a: number, b: number, c: number): [number, number, number, number] {
  const sm = a + c;
  const df = a - c;
  const adf = Math.abs(df);
  const tb = b + b;
  const ab = Math.abs(tb);
  const [acmx, acmn] = Math.abs(a) > Math.abs(c) ? [a, c] : [c, a];
  const rt = adf > ab ? adf * Math.sqrt(1 + (ab / adf) ** 2) : adf < ab ? ab * Math.sqrt(1 + (adf / ab) ** 2) : ab * Math.SQRT2;
  let rt1: number;
  let rt2: number;
  let sgn1: number;
  if (sm < 0) {
    rt1 = 0.5 * (sm - rt);
    sgn1 = -1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else if (sm > 0) {
    rt1 = 0.5 * (sm + rt);
    sgn1 = 1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else {
    rt1 = 0.5 * rt;
    rt2 = -0.5 * rt;
    sgn1 = 1;
  }
  let cs: number;
  let sgn2: number;
  if (df >= 0) {
    cs = df + rt;
    sgn2 = 1;
  } else {
    cs = df - rt;
    sgn2 = -1;
  }
  let cs1: number;
  let sn1: number;
  if (Math.abs(cs) > ab) {
    const ct = -tb / cs;
    sn1 = 1 / Math.sqrt(1 + ct * ct);
    cs1 = ct * sn1;
  } else if (ab === 0) {
    cs1 = 1;
    sn1 = 0;
  } else {
    const tn = -cs / tb;
    cs1 = 1 / Math.sqrt(1 + tn * tn);
    sn1 = tn * cs1;
  }
  if (sgn1 === sgn2) {
    const tn = cs1;
    cs1 = -sn1;
    sn1 = tn;
  }
  return [rt1, rt2, cs1, sn1];
}

/**
 * Where steqr accumulates its plane rotations: the eigenvectors of the
 * tridiagonal matrix, as columns of Z (the reference below) or in any other
 * layout (the wasm backend keeps Zᵀ in its heap, so a rotation runs along rows).
 */
export interface Rotations {
  /** dlasr('R', 'V', dir): rotation j (cosine c[j], sine s[j]) in the plane of vectors lo+j, lo+j+1, in order (forward) or reverse. */
  rotate(lo: number, c: number[], s: number[], forward: boolean): void;
  /** Exchanges vectors i and k. */
  swap(i: number, k: number): void;
}

/** Rotations of the columns of the row-major n x n Z. */
export function columnRotations(Z: Float64Array, n: number): Rotations {
  return {
    rotate(lo, c, s, forward) {
      const step = (j: number) => {
        const ct = c[j];
        const st = s[j];
        if (ct === 1 && st === 0) return;
        const a = lo + j;
        for (let i = 0; i < n; i++) {
          const t = Z[i * n + a + 1];
          Z[i * n + a + 1] = ct * t - st * Z[i * n + a];
          Z[i * n + a] = st * t + ct * Z[i * n + a];
        }
      };
      if (forward) for (let j = 0; j < c.length; j++) step(j);
      else for (let j = c.length - 1; j >= 0; j--) step(j);
    },
    swap(i, k) {
      for (let r = 0; r < n; r++) [Z[r * n + i], Z[r * n + k]] = [Z[r * n + k], Z[r * n + i]];
    },
  };
}

/** dsteqr('I') on the tridiagonal (d, e): eigenvalues ascending in d, eigenvectors through Z (starting from the identity). False if it fails. */
export function steqr(d: Float64Array, e: Float64Array, Z: Rotations, n: number, single: boolean): boolean {
  const eps = single ? 2 ** -24 : 2 ** -53;
  const eps2 = eps * eps;
  const safmin = single ? 2 ** -126 : 2 ** -1022;
  const nmaxit = n * 30;
  let jtot = 0;
  let l1 = 0;
  while (l1 < n) {
    if (l1 > 0) e[l1 - 1] = 0;
    let m = l1;
    for (; m < n - 1; m++) {
      const tst = Math.abs(e[m]);
      if (tst === 0) break;
      if (tst <= Math.sqrt(Math.abs(d[m])) * Math.sqrt(Math.abs(d[m + 1])) * eps) {
        e[m] = 0;
        break;
      }
    }
    let l = l1;
    const lsv = l;
    let lend = m;
    const lendsv = lend;
    l1 = m + 1;
    if (lend === l) continue;
    let anorm = 0;
    for (let i = l; i <= lend; i++) anorm = Math.max(anorm, Math.abs(d[i]));
    for (let i = l; i < lend; i++) anorm = Math.max(anorm, Math.abs(e[i]));
    if (anorm === 0) continue;
    if (Math.abs(d[lend]) < Math.abs(d[l])) {
      lend = lsv;
      l = lendsv;
    }
    if (lend > l) {
      // QL iteration.
      for (;;) {
        let mm = lend;
        for (let k = l; k < lend; k++) {
          if (Math.abs(e[k]) ** 2 <= eps2 * Math.abs(d[k]) * Math.abs(d[k + 1]) + safmin) {
            mm = k;
            break;
          }
        }
        if (mm < lend) e[mm] = 0;
        let p = d[l];
        if (mm === l) {
          d[l] = p;
          l += 1;
          if (l <= lend) continue;
          break;
        }
        if (mm === l + 1) {
          const [rt1, rt2, c, s] = laev2(d[l], e[l], d[l + 1]);
          Z.rotate(l, [c], [s], false);
          d[l] = rt1;
          d[l + 1] = rt2;
          e[l] = 0;
          l += 2;
          if (l <= lend) continue;
          break;
        }
        if (jtot === nmaxit) break;
        jtot++;
        let g = (d[l + 1] - p) / (2 * e[l]);
        let r = Math.hypot(g, 1);
        g = d[mm] - p + e[l] / (g + sign(r, g));
        let s = 1;
        let c = 1;
        p = 0;
        const cs: number[] = new Array(mm - l);
        const sn: number[] = new Array(mm - l);
        for (let i = mm - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          [c, s, r] = lartg(g, f);
          if (i !== mm - 1) e[i + 1] = r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          cs[i - l] = c;
          sn[i - l] = -s;
        }
        Z.rotate(l, cs, sn, false);
        d[l] -= p;
        e[l] = g;
      }
    } else {
      // QR iteration.
      for (;;) {
        let mm = lend;
        for (let k = l; k > lend; k--) {
          if (Math.abs(e[k - 1]) ** 2 <= eps2 * Math.abs(d[k]) * Math.abs(d[k - 1]) + safmin) {
            mm = k;
            break;
          }
        }
        if (mm > lend) e[mm - 1] = 0;
        let p = d[l];
        if (mm === l) {
          d[l] = p;
          l -= 1;
          if (l >= lend) continue;
          break;
        }
        if (mm === l - 1) {
          const [rt1, rt2, c, s] = laev2(d[l - 1], e[l - 1], d[l]);
          Z.rotate(l - 1, [c], [s], true);
          d[l - 1] = rt1;
          d[l] = rt2;
          e[l - 1] = 0;
          l -= 2;
          if (l >= lend) continue;
          break;
        }
        if (jtot === nmaxit) break;
        jtot++;
        let g = (d[l - 1] - p) / (2 * e[l - 1]);
        let r = Math.hypot(g, 1);
        g = d[mm] - p + e[l - 1] / (g + sign(r, g));
        let s = 1;
        let c = 1;
        p = 0;
        const cs: number[] = new Array(l - mm);
        const sn: number[] = new Array(l - mm);
        for (let i = mm; i <= l - 1; i++) {
          const f = s * e[i];
          const b = c * e[i];
          [c, s, r] = lartg(g, f);
          if (i !== mm) e[i - 1] = r;
          g = d[i] - p;
          r = (d[i + 1] - g) * s + 2 * c * b;
          p = s * r;
          d[i] = g + p;
          g = c * r - b;
          cs[i - mm] = c;
          sn[i - mm] = s;
        }
        Z.rotate(mm, cs, sn, true);
        d[l] -= p;
        e[l - 1] = g;
      }
    }
    if (jtot >= nmaxit) return false;
  }
  // Ascending selection sort, swapping eigenvectors.
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      Z.swap(i, k);
    }
  }
  return true;
}

/**
 * Eigenvalues (ascending) and eigenvectors (columns of v) of the symmetric
 * n x n A (row-major, both triangles filled), as syevd('L') computes them.
 */
export function eighSyevd(A: Float64Array, n: number, single: boolean): { w: Float64Array; v: Float64Array } | null {
  if (n === 0 || !A.every(Number.isFinite)) return null;
  const W = Float64Array.from(A);
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n - 1, 0));
  // Q accumulates the reflectors: Q = H(0) H(1) ... H(n-2).
  const Q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Q[i * n + i] = 1;
  for (let i = 0; i < n - 1; i++) {
    // Reflector on rows i+1..n-1 of column i (dlarfg).
    const alpha = W[(i + 1) * n + i];
    let xnorm = 0;
    for (let r = i + 2; r < n; r++) xnorm = Math.hypot(xnorm, W[r * n + i]);
    if (xnorm === 0) {
      e[i] = alpha;
    } else {
      const beta = -sign(Math.hypot(alpha, xnorm), alpha);
      const tau = (beta - alpha) / beta;
      const v = [1];
      for (let r = i + 2; r < n; r++) v.push(W[r * n + i] / (alpha - beta));
      e[i] = beta;
      const k = i + 1;
      const len = n - k;
      // Trailing block <- H block H, with H = I - tau v v^T: w = tau B v - (tau^2 / 2)(v^T B v) v; B -= v w^T + w v^T.
      const x = new Array<number>(len).fill(0);
      for (let r = 0; r < len; r++) for (let c = 0; c < len; c++) x[r] += W[(k + r) * n + k + c] * v[c];
      let xv = 0;
      for (let r = 0; r < len; r++) {
        x[r] *= tau;
        xv += x[r] * v[r];
      }
      const alpha2 = -0.5 * tau * xv;
      for (let r = 0; r < len; r++) x[r] += alpha2 * v[r];
      for (let r = 0; r < len; r++) for (let c = 0; c < len; c++) W[(k + r) * n + k + c] -= v[r] * x[c] + x[r] * v[c];
      // Q <- Q H (columns k..n-1).
      for (let r = 0; r < n; r++) {
        let acc = 0;
        for (let c = 0; c < len; c++) acc += Q[r * n + k + c] * v[c];
        acc *= tau;
        for (let c = 0; c < len; c++) Q[r * n + k + c] -= acc * v[c];
      }
    }
    d[i] = W[i * n + i];
  }
  d[n - 1] = W[(n - 1) * n + n - 1];
  const Z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Z[i * n + i] = 1;
  if (!steqr(d, e, columnRotations(Z, n), n, single)) return null;
  // v = Q Z.
  const v = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let t = 0; t < n; t++) {
      const q = Q[r * n + t];
      if (q === 0) continue;
      for (let c = 0; c < n; c++) v[r * n + c] += q * Z[t * n + c];
    }
  }
  return { w: d, v };
}
