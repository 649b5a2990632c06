// jax.scipy.linalg.sqrtm: the principal square root from the complex Schur
// form a = z t z^H, the triangular root of t column by column (as JAX's
// _sqrtm_triu), then z sqrt(t) z^H. Always complex, as JAX's.
import { complexDType, isComplex } from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { schur as laxSchur } from "../lax/linalg_api.ts";
import * as jnp from "../numpy/index.ts";
import { inexactOrComplex } from "../numpy/linalg_solve.ts";

/** The upper triangular U with U @ U = T (T upper triangular, complex). */
function sqrtmTriu(T: NDArray): NDArray {
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
  if ((opts.blocksize ?? 1) > 1) throw new Error("NotImplementedError: Blocked version is not implemented yet.");
  let [A] = inexactOrComplex("sqrtm", a);
  if (A.ndim !== 2 || A.shape[0] !== A.shape[1])
    throw new ValueError(`sqrtm expects a square 2-d matrix, got shape ${JSON.stringify(A.shape)}`);
  if (!isComplex(A.dtype)) A = A.astype(complexDType(A.dtype));
  const [t, z] = laxSchur(A);
  return jnp.matmul(jnp.matmul(z, sqrtmTriu(t)), jnp.conj(jnp.transpose(z)));
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
  const n = T.shape[0];
  const fd = jnp.asarray(func(jnp.diagonal(T))).astype(T.dtype);
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
  const Fm = n === 0 ? jnp.zeros([0, 0], { dtype: T.dtype }) : jnp.stack(F.map((row) => jnp.stack(row)));
  const out = jnp.matmul(jnp.matmul(Z, Fm), jnp.conj(jnp.transpose(Z)));
  if (opts.disp ?? true) return out;
  const tol = A.dtype === "complex128" ? 2 ** -52 : 2 ** -23;
  const md = jnp.where(jnp.equal(minden, 0), tol, minden);
  const bound = jnp.multiply(jnp.divide(tol, md), jnp.linalg.norm(jnp.triu(T, 1), 1));
  const err = jnp.where(jnp.any(jnp.isinf(out)), Infinity, jnp.minimum(1, jnp.maximum(tol, bound)));
  return [out, err];
}
