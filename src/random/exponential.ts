// Exponential and Laplace samplers by inverse CDF, as JAX's _exponential and _laplace.
import type { DType, DTypeLike } from "../core/dtypes.ts";
import type { NDArray } from "../core/ndarray.ts";
import * as lax from "../lax/api.ts";
import { type ShapeArg, canonicalShape, finfo, floatDtype, optsOf } from "./args.ts";
import { type KeyLike, checkKey } from "./keys.ts";
import { uniformData } from "./uniform.ts";
import { compiledSampler } from "./compiled.ts";

/** jax.random.exponential(key, shape = [], {dtype}): -log1p(-u), u uniform in [0, 1). */
export function exponential(k: KeyLike, shape?: ShapeArg, opts?: { dtype?: DTypeLike } | DTypeLike): NDArray {
  const { data } = checkKey("exponential", k);
  const dtype = floatDtype(optsOf(opts, "exponential").dtype, "exponential");
  return exponentialC(data, canonicalShape(shape, "exponential"), dtype);
}
const exponentialC = compiledSampler(exponentialData);

/** _exponential on key data. */
export function exponentialData(data: NDArray, shape: readonly number[], dtype: DType): NDArray {
  const u = uniformData(data, shape, dtype, 0, 1);
  // 1 - u moves log's domain to (0, 1].
  return lax.neg(lax.log1p(lax.neg(u)));
}

/** jax.random.laplace(key, shape = [], {dtype}): sign(u) * log1p(-|u|), u uniform in (-1, 1). */
export function laplace(k: KeyLike, shape?: ShapeArg, opts?: { dtype?: DTypeLike } | DTypeLike): NDArray {
  const { data } = checkKey("laplace", k);
  const dtype = floatDtype(optsOf(opts, "laplace").dtype, "laplace");
  return laplaceC(data, canonicalShape(shape, "laplace"), dtype);
}
const laplaceC = compiledSampler((data, shape, dtype) => {
  const u = uniformData(data, shape, dtype, -1 + finfo(dtype).epsneg, 1);
  return lax.mul(lax.sign(u), lax.log1p(lax.neg(lax.abs(u))));
});
