// jax.scipy.linalg.sqrtm: the principal square root from the complex Schur
// form a = z t z^H, the triangular root of t column by column (as JAX's
// _sqrtm_triu), then z sqrt(t) z^H; funm by Parlett's recurrence on the same
// form. Always complex, as JAX's. On concrete values the recurrences run on
// the host (float64 complex arithmetic); traced, as scalar operations.
import { checkOptions } from "../core/options.ts";
import { complexDType, isComplex } from "../core/dtypes.ts";
import { NotImplementedError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { schur as laxSchur } from "../lax/linalg_api.ts";
import * as jnp from "../numpy/index.ts";
import { complex } from "../lax/complex_api.ts";
import { inexactOrComplex } from "../numpy/linalg_solve.ts";

/** A complex n x n matrix on the host: real and imaginary parts, row-major, float64. */
interface HostComplex {
  re: Float64Array;
  im: Float64Array;
}

function toHost(a: NDArray): HostComplex {
  const d = a.dataSync() as Float32Array | Float64Array; // interleaved (re, im)
  const re = new Float64Array(d.length / 2);
  const im = new Float64Array(d.length / 2);
  for (let i = 0; i < re.length; i++) {
    re[i] = d[2 * i];
    im[i] = d[2 * i + 1];
  }
  return { re, im };
}

/** The host matrix as an array of `like`'s complex dtype and the given shape. */
function fromHost(h: HostComplex, shape: number[], like: NDArray): NDArray {
  const part = like.dtype === "complex128" ? Float64Array : Float32Array;
  return complex(jnp.array(part.from(h.re)).reshape(shape), jnp.array(part.from(h.im)).reshape(shape));
}

/** (a + bi) / (c + di), as C's complex division without rescaling (zero divisors give inf / NaN). */
function cdiv(a: number, b: number, c: number, d: number): [number, number] {
  const den = c * c + d * d;
  return [(a * c + b * d) / den, (b * c - a * d) / den];
}

/**
 * sqrtmTriu's recurrence on a concrete T, on the host in float64 complex
 * arithmetic: the traced form issues O(n³) scalar operations (312 ms for
 * 64 x 64 eagerly), this one O(n³) flops (~0.2 ms).
 */
function sqrtmTriuHost(T: NDArray): NDArray {
  const n = T.shape[0];
  const t = toHost(T);
  const d = toHost(jnp.sqrt(jnp.diagonal(T)));
  const u: HostComplex = { re: new Float64Array(n * n), im: new Float64Array(n * n) };
  for (let i = 0; i < n; i++) {
    u.re[i * n + i] = d.re[i];
    u.im[i * n + i] = d.im[i];
  }
  for (let j = 0; j < n; j++) {
    for (let i = j - 1; i >= 0; i--) {
      let sr = 0;
      let si = 0;
      for (let k = i + 1; k < j; k++) {
        const [ar, ai, br, bi] = [u.re[i * n + k], u.im[i * n + k], u.re[k * n + j], u.im[k * n + j]];
        sr += ar * br - ai * bi;
        si += ar * bi + ai * br;
      }
      const [tr, ti] = [t.re[i * n + j], t.im[i * n + j]];
      if (tr === sr && ti === si) continue; // JAX's where(T[i, j] == s, 0, ...)
      const [qr, qi] = cdiv(tr - sr, ti - si, d.re[i] + d.re[j], d.im[i] + d.im[j]);
      u.re[i * n + j] = qr;
      u.im[i * n + j] = qi;
    }
  }
  return fromHost(u, [n, n], T);
}

/** The upper triangular U with U @ U = T (T upper triangular, complex): on the host for a concrete T. */
function sqrtmTriu(T: NDArray): NDArray {
  if (!T.isTracer) return sqrtmTriuHost(T);
  const n = T.shape[0];
  const d = jnp.sqrt(jnp.diagonal(T));
  const dj = (i: number) => d.get(i);
  // Entries of U as scalars, filled column by column, rows bottom-up.
  const U: NDArray[][] = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? dj(i) : jnp.zeros([], { dtype: T.dtype }))),
  );
  for (let j = 0; j < n; j++) {
    for (let i = j - 1; i >= 0; i--) {
      let s: NDArray = jnp.zeros([], { dtype: T.dtype });
      for (let k = i + 1; k < j; k++) s = jnp.add(s, jnp.multiply(U[i][k], U[k][j]));
      const tij = T.get(i, j);
      U[i][j] = jnp.where(jnp.equal(tij, s), 0, jnp.divide(jnp.subtract(tij, s), jnp.add(dj(i), dj(j))));
    }
  }
  return jnp.stack(U.map((row) => jnp.stack(row)));
}

/** sqrtm(a, {blocksize}): the principal matrix square root of a square 2-d matrix (complex). */
export function sqrtm(a: ArrayLike, opts: { blocksize?: number } = {}): NDArray {
  checkOptions(opts, "scipy.linalg.sqrtm", ["blocksize"]);
  if ((opts.blocksize ?? 1) > 1) throw new NotImplementedError("Blocked version is not implemented yet.");
  let [A] = inexactOrComplex("sqrtm", a);
  if (A.ndim !== 2 || A.shape[0] !== A.shape[1])
    throw new ValueError(`sqrtm expects a square 2-d matrix, got shape ${JSON.stringify(A.shape)}`);
  if (!isComplex(A.dtype)) A = A.astype(complexDType(A.dtype));
  const [t, z] = laxSchur(A);
  return jnp.matmul(jnp.matmul(z, sqrtmTriu(t)), jnp.conj(jnp.transpose(z)));
}

/** Parlett's recurrence for F = f(T), f(T's diagonal) given: [F, the least |t_jj - t_ii|]. */
function parlett(T: NDArray, fd: NDArray): [NDArray, NDArray] {
  const n = T.shape[0];
  const t = (i: number, j: number) => T.get(i, j);
  const zero = jnp.zeros([], { dtype: T.dtype });
  const F: NDArray[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? fd.get(i) : zero)));
  let minden: NDArray = jnp.asarray(Infinity).astype(jnp.abs(zero).dtype);
  for (let p = 1; p < n; p++) {
    for (let i = 0; i + p < n; i++) {
      const j = i + p;
      let s = jnp.multiply(t(i, j), jnp.subtract(F[j][j], F[i][i]));
      for (let k = i + 1; k < j; k++) s = jnp.add(s, jnp.subtract(jnp.multiply(t(i, k), F[k][j]), jnp.multiply(F[i][k], t(k, j))));
      const den = jnp.subtract(t(j, j), t(i, i));
      F[i][j] = jnp.where(jnp.notEqual(den, 0), jnp.divide(s, den), s);
      minden = jnp.minimum(minden, jnp.abs(den));
    }
  }
  return [n === 0 ? jnp.zeros([0, 0], { dtype: T.dtype }) : jnp.stack(F.map((row) => jnp.stack(row))), minden];
}

/** parlett on concrete operands, on the host in float64 complex arithmetic (O(n³) flops, not operations). */
function parlettHost(T: NDArray, fd: NDArray): [NDArray, NDArray] {
  const n = T.shape[0];
  const t = toHost(T);
  const f = toHost(fd);
  const F: HostComplex = { re: new Float64Array(n * n), im: new Float64Array(n * n) };
  for (let i = 0; i < n; i++) {
    F.re[i * n + i] = f.re[i];
    F.im[i * n + i] = f.im[i];
  }
  let minden = Infinity;
  const at = (m: HostComplex, i: number, j: number): [number, number] => [m.re[i * n + j], m.im[i * n + j]];
  for (let p = 1; p < n; p++) {
    for (let i = 0; i + p < n; i++) {
      const j = i + p;
      const [tr, ti] = at(t, i, j);
      const [dr, di] = [F.re[j * n + j] - F.re[i * n + i], F.im[j * n + j] - F.im[i * n + i]];
      let sr = tr * dr - ti * di;
      let si = tr * di + ti * dr;
      for (let k = i + 1; k < j; k++) {
        const [ar, ai] = at(t, i, k);
        const [br, bi] = at(F, k, j);
        const [cr, ci] = at(F, i, k);
        const [er, ei] = at(t, k, j);
        sr += ar * br - ai * bi - (cr * er - ci * ei);
        si += ar * bi + ai * br - (cr * ei + ci * er);
      }
      const [denR, denI] = [t.re[j * n + j] - t.re[i * n + i], t.im[j * n + j] - t.im[i * n + i]];
      const [qr, qi] = denR !== 0 || denI !== 0 ? cdiv(sr, si, denR, denI) : [sr, si];
      F.re[i * n + j] = qr;
      F.im[i * n + j] = qi;
      minden = Math.min(minden, Math.hypot(denR, denI));
    }
  }
  const real = T.dtype === "complex128" ? "float64" : "float32";
  return [fromHost(F, [n, n], T), jnp.asarray(minden).astype(real)];
}

/**
 * funm(a, func, {disp}): the matrix function from the complex Schur form and
 * Parlett's recurrence (Golub & Van Loan's algorithm 11.1.1, as JAX); always
 * complex. With `disp: false`, [F, err] with JAX's error estimate.
 */
export function funm(a: ArrayLike, func: (x: NDArray) => NDArray, opts: { disp?: boolean } = {}): NDArray | [NDArray, NDArray] {
  const A0 = jnp.asarray(a);
  if (A0.ndim !== 2 || A0.shape[0] !== A0.shape[1]) throw new ValueError("expected square array_like input");
  let [A] = inexactOrComplex("funm", A0);
  if (!isComplex(A.dtype)) A = A.astype(complexDType(A.dtype));
  const [T, Z] = laxSchur(A);
  const fd = jnp.asarray(func(jnp.diagonal(T))).astype(T.dtype);
  const [Fm, minden] = T.isTracer || fd.isTracer ? parlett(T, fd) : parlettHost(T, fd);
  const out = jnp.matmul(jnp.matmul(Z, Fm), jnp.conj(jnp.transpose(Z)));
  if (opts.disp ?? true) return out;
  const tol = A.dtype === "complex128" ? 2 ** -52 : 2 ** -23;
  const md = jnp.where(jnp.equal(minden, 0), tol, minden);
  const bound = jnp.multiply(jnp.divide(tol, md), jnp.linalg.norm(jnp.triu(T, 1), 1));
  const err = jnp.where(jnp.any(jnp.isinf(out)), Infinity, jnp.minimum(1, jnp.maximum(tol, bound)));
  return [out, err];
}
