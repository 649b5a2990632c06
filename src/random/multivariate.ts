// Samplers built on matrix factorisations, as JAX's _multivariate_normal
// (mean + factor · z with factor from cholesky, eigh or svd of cov) and
// _orthogonal (Q of the QR of a Gaussian matrix, column signs fixed by R).
import { asOperand } from "../core/convert.ts";
import { type DType, type DTypeLike, defaultFloat, isFloat } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { broadcastShapes } from "../core/shape.ts";
import * as lax from "../lax/api.ts";
import * as jnp from "../numpy/index.ts";
import { resultType } from "../numpy/util.ts";
import { type ShapeArg, canonicalShape, checkShape, floatDtype, pyShape } from "./args.ts";
import { type KeyLike, checkKey } from "./keys.ts";
import { normalData } from "./normal.ts";
import { mulAdd } from "./uniform.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";

export interface MultivariateNormalOpts {
  dtype?: DTypeLike;
  method?: "cholesky" | "eigh" | "svd";
}

/** The `svd` method needs jnp.linalg.svd, looked up when called (it may not be present). */
function svdFactor(cov: NDArray): NDArray {
  const res = linalgFn("svd", 'multivariate_normal(method="svd")')(cov);
  const [u, s] = [res[0], res[1]];
  return jnp.multiply(u, jnp.sqrt(jnp.expandDims(s, -2)));
}

/**
 * jax.random.multivariateNormal(key, mean, cov, shape?, {dtype, method}): samples
 * of N(mean, cov), shape `shape + [n]` (shape defaults to the broadcast of the
 * batch shapes of mean and cov); method "cholesky" (default), "eigh" or "svd".
 */
export function multivariateNormal(
  k: KeyLike,
  mean: ArrayLike,
  cov: ArrayLike,
  shape?: ShapeArg | null,
  opts: MultivariateNormalOpts | DTypeLike = {},
): NDArray {
  const o: MultivariateNormalOpts =
    typeof opts === "string" ? { dtype: opts } : checkOptions(opts as object, "multivariate_normal", ["dtype", "method"]);
  const { data } = checkKey("multivariate_normal", k);
  // promote_dtypes_inexact(mean, cov)
  const rt = resultType(mean, cov);
  const dt = isFloat(rt.dtype) ? rt.dtype : defaultFloat();
  const mu = lax.convertElementType(asOperand(mean, "multivariate_normal mean"), dt);
  const sigma = lax.convertElementType(asOperand(cov, "multivariate_normal cov"), dt);
  const method = o.method ?? "cholesky";
  if (method !== "cholesky" && method !== "eigh" && method !== "svd") {
    throw new ValueError("method must be one of {'svd', 'eigh', 'cholesky'}");
  }
  const dtype = o.dtype === undefined ? mu.dtype : floatDtype(o.dtype, "multivariate_normal");
  if (mu.ndim < 1) throw new ValueError(`multivariate_normal requires mean.ndim >= 1, got mean.ndim == ${mu.ndim}`);
  if (sigma.ndim < 2) throw new ValueError(`multivariate_normal requires cov.ndim >= 2, got cov.ndim == ${sigma.ndim}`);
  const n = mu.shape[mu.ndim - 1];
  const [r, c] = sigma.shape.slice(-2);
  if (r !== n || c !== n) {
    throw new ValueError(`multivariate_normal requires cov.shape == (..., n, n) for n=${n}, but got cov.shape == ${pyShape(sigma.shape)}.`);
  }
  const batchMean = mu.shape.slice(0, -1);
  const batchCov = sigma.shape.slice(0, -2);
  let s: number[];
  if (shape === undefined || shape === null) s = broadcastShapes(batchMean, batchCov);
  else {
    s = canonicalShape(shape, "multivariate_normal");
    checkShape("normal", s, batchMean, batchCov);
  }
  let factor: NDArray;
  if (method === "svd") factor = svdFactor(sigma);
  else if (method === "eigh") {
    const { eigenvalues: w, eigenvectors: v } = jnp.linalg.eigh(sigma);
    factor = jnp.multiply(v, jnp.sqrt(jnp.expandDims(w, -2)));
  } else factor = jnp.linalg.cholesky(sigma);
  return mvnSample(data, s, dtype, mu, factor);
}

/**
 * mean + factor · z, z standard normal of shape `s + [n]`: einsum('...ij,...j->...i',
 * factor, z) with batch dims broadcast, compiled when eager (one program, not
 * 2n passes). XLA's CPU dot accumulates the products in order with fused
 * multiply-adds; so do we.
 */
const mvnSample = compiledEager(
  (data: NDArray, s: readonly number[], dtype: DType, mu: NDArray, factor: NDArray): NDArray => {
    const n = mu.shape[mu.ndim - 1];
    const z = normalData(data, [...s, n], dtype);
    const col = (j: number) => jnp.squeeze(lax.sliceInDim(factor, j, j + 1, 1, factor.ndim - 1), -1);
    const zj = (j: number) => lax.sliceInDim(z, j, j + 1, 1, z.ndim - 1);
    if (n === 0) return jnp.add(mu, z);
    let fz = jnp.multiply(col(0), zj(0));
    for (let j = 1; j < n; j++) {
      const [cj, zz] = [col(j), zj(j)];
      const shp = broadcastShapes(cj.shape, zz.shape, fz.shape);
      fz = mulAdd(jnp.broadcastTo(cj, shp), jnp.broadcastTo(zz, shp), jnp.broadcastTo(fz, shp));
    }
    return jnp.add(mu, fz);
  },
  [1, 2],
);

/** jnp.linalg.<name> when this build has it (svd and qr come with the linalg decompositions). */
function linalgFn(name: string, what: string): (a: NDArray) => NDArray[] {
  const fn = (jnp.linalg as unknown as Record<string, unknown>)[name];
  if (typeof fn !== "function") throw new JaxTypeError(`${what} needs jnp.linalg.${name}, which this build lacks`);
  return fn as (a: NDArray) => NDArray[];
}

export interface OrthogonalOpts {
  dtype?: DTypeLike;
  m?: number | null;
}

/**
 * jax.random.orthogonal(key, n, shape = [], {dtype, m}): Haar-random n×m matrices
 * with orthonormal columns (or rows when n < m): Q of the QR of a Gaussian
 * matrix, each column times the sign of R's diagonal entry.
 */
export function orthogonal(k: KeyLike, n: number, shape?: ShapeArg, opts: OrthogonalOpts | DTypeLike = {}): NDArray {
  const o: OrthogonalOpts = typeof opts === "string" ? { dtype: opts } : checkOptions(opts as object, "orthogonal", ["dtype", "m"]);
  const m = o.m ?? n;
  const s = canonicalShape(shape, "orthogonal");
  const { data } = checkKey("orthogonal", k);
  const dtype = floatDtype(o.dtype, "orthogonal");
  for (const [v, name] of [
    [n, "n"],
    [m, "m"],
  ] as const) {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
      throw new JaxTypeError(`orthogonal: ${name} must be a concrete non-negative integer, got ${String(v)}`);
    }
  }
  const z = normalData(data, [...s, Math.max(n, m), Math.min(n, m)], dtype);
  const res = linalgFn("qr", "orthogonal")(z);
  const [q, r] = [res[0], res[1]];
  // diag(r): the last two axes' diagonal.
  const kk = r.shape[r.ndim - 1];
  const d = jnp.sum(jnp.where(jnp.eye(kk, kk, 0, "bool"), r, 0), -1);
  const x = jnp.multiply(q, jnp.expandDims(jnp.sign(d), -2));
  return n < m ? jnp.swapaxes(x, -1, -2) : x;
}
