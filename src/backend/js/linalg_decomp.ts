// Reference kernels for svd and qr, looping over leading batch dims, computed
// in float64 and stored in the output dtype.
//   qr: Householder reflections chosen as LAPACK's geqrf/dlarfg choose them
//       (beta = -sign(alpha) * norm), so the signs of q and r match JAX's.
//   svd: LAPACK gesdd's algorithm (svd_gesdd.ts), so the singular vectors'
//       signs are JAX's; one-sided Jacobi (Hestenes) where that does not
//       apply (non-finite input), with singular vectors of zero singular
//       values and the extra columns of full matrices completing a basis.
import { prod } from "../../core/shape.ts";
import { qrP, svdP } from "../../lax/linalg_decomp.ts";
import { geqrf, orgqr } from "./householder.ts";
import { svdGesdd } from "./svd_gesdd.ts";
import { alloc, defKernel } from "./kernel.ts";

const batchCount = (shape: readonly number[]) => prod(shape.slice(0, -2));

defKernel(qrP, ([x], [a], p, [qo, ro]) => {
  const nd = a.ndim;
  const [m, n] = [a.shape[nd - 2], a.shape[nd - 1]];
  const kq = p.full_matrices ? m : Math.min(m, n);
  const steps = Math.min(m, n);
  const qOut = alloc(qo);
  const rOut = alloc(ro);
  const W = new Float64Array(m * n);
  const taus = new Float64Array(steps);
  for (let b = 0; b < batchCount(a.shape); b++) {
    for (let i = 0; i < m * n; i++) W[i] = x[b * m * n + i];
    geqrf(W, m, n, taus);
    qOut.set(orgqr(W, m, n, taus, steps, kq), b * m * kq);
    const rBase = b * kq * n;
    for (let i = 0; i < kq; i++) for (let c = 0; c < n; c++) rOut[rBase + i * n + c] = i < m && c >= i ? W[i * n + c] : 0;
  }
  return [qOut, rOut];
});

interface SvdOne {
  s: Float64Array;
  /** m x ku, row-major. */
  u: Float64Array;
  /** kv x n, row-major. */
  vt: Float64Array;
}

defKernel(svdP, ([x], [a], p, outs) => {
  const nd = a.ndim;
  const [m, n] = [a.shape[nd - 2], a.shape[nd - 1]];
  const k = Math.min(m, n);
  const res = outs.map(alloc);
  const A = new Float64Array(m * n);
  for (let b = 0; b < batchCount(a.shape); b++) {
    for (let i = 0; i < m * n; i++) A[i] = x[b * m * n + i];
    const r = svdOne(A, m, n, p.full_matrices, a.dtype !== "float64", p.compute_uv);
    for (let i = 0; i < k; i++) res[0][b * k + i] = r.s[i];
    if (p.compute_uv) {
      for (let i = 0; i < r.u.length; i++) res[1][b * r.u.length + i] = r.u[i];
      for (let i = 0; i < r.vt.length; i++) res[2][b * r.vt.length + i] = r.vt[i];
    }
  }
  return res;
});

function transpose(A: Float64Array, rows: number, cols: number): Float64Array {
  const T = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) T[j * rows + i] = A[i * cols + j];
  return T;
}

function svdOne(A: Float64Array, m: number, n: number, fullMatrices: boolean, single: boolean, vectors = true): SvdOne {
  // LAPACK's own vectors (JAX's signs); without them, the same singular values for a fraction of the work.
  const g = svdGesdd(A, m, n, single, vectors, !fullMatrices);
  if (g) {
    if (fullMatrices || !vectors) return g;
    const k = Math.min(m, n);
    const ku = g.u.length / m;
    const u = new Float64Array(m * k);
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) u[i * k + j] = g.u[i * ku + j];
    return { s: g.s, u, vt: g.vt.slice(0, k * n) };
  }
  return svdJacobi(A, m, n, fullMatrices);
}

function svdJacobi(A: Float64Array, m: number, n: number, fullMatrices: boolean): SvdOne {
  if (m < n) {
    // a^T = u' s v'^T, so a = v' s u'^T.
    const r = svdJacobi(transpose(A, m, n), n, m, fullMatrices);
    const kuT = r.u.length / n;
    return { s: r.s, u: transpose(r.vt, m, m), vt: transpose(r.u, n, kuT) };
  }
  // Columns of W (m each) and V (n each), rotated pairwise until orthogonal.
  const W = Array.from({ length: n }, (_, j) => Float64Array.from({ length: m }, (_, i) => A[i * n + j]));
  const V = Array.from({ length: n }, (_, j) => Float64Array.from({ length: n }, (_, i) => (i === j ? 1 : 0)));
  const dot = (x: Float64Array, y: Float64Array) => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * y[i];
    return s;
  };
  const rot = (x: Float64Array, y: Float64Array, c: number, s: number) => {
    for (let i = 0; i < x.length; i++) {
      const xi = x[i];
      const yi = y[i];
      x[i] = c * xi - s * yi;
      y[i] = s * xi + c * yi;
    }
  };
  for (let sweep = 0; sweep < 80; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const alpha = dot(W[p], W[p]);
        const beta = dot(W[q], W[q]);
        const gamma = dot(W[p], W[q]);
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        rot(W[p], W[q], c, c * t);
        rot(V[p], V[q], c, c * t);
      }
    }
    if (!rotated) break;
  }
  const norms = W.map((w) => Math.sqrt(dot(w, w)));
  const order = [...Array(n).keys()].sort((i, j) => norms[j] - norms[i]);
  const s = Float64Array.from(order, (j) => norms[j]);
  const ku = fullMatrices ? m : n;
  const tol = (s[0] ?? 0) * 1e-13;
  const uCols: Float64Array[] = [];
  for (const j of order) {
    if (!(norms[j] > tol)) break;
    uCols.push(W[j].map((v) => v / norms[j]));
  }
  completeBasis(uCols, m, ku);
  const u = new Float64Array(m * ku);
  uCols.forEach((col, j) => {
    for (let i = 0; i < m; i++) u[i * ku + j] = col[i];
  });
  const vt = new Float64Array(n * n);
  order.forEach((src, row) => vt.set(V[src], row * n));
  return { s, u, vt };
}

/** Appends unit vectors to orthonormal `cols` (length m each) until there are `count`. */
function completeBasis(cols: Float64Array[], m: number, count: number): void {
  while (cols.length < count) {
    let best: Float64Array | null = null;
    let bestNorm = -1;
    for (let e = 0; e < m; e++) {
      const r = new Float64Array(m);
      r[e] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (const c of cols) {
          let d = 0;
          for (let i = 0; i < m; i++) d += c[i] * r[i];
          for (let i = 0; i < m; i++) r[i] -= d * c[i];
        }
      }
      let nr = 0;
      for (let i = 0; i < m; i++) nr += r[i] * r[i];
      if (nr > bestNorm + 1e-12) {
        bestNorm = nr;
        best = r;
      }
    }
    const scale = 1 / Math.sqrt(bestNorm);
    cols.push((best as Float64Array).map((v) => v * scale));
  }
}
