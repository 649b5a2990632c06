// Normal samplers by inverse CDF, as JAX: sqrt(2) * erf_inv(u) with u uniform
// in (-1, 1) (normal) or in (erf(lower/√2), erf(upper/√2)) (truncatedNormal).
import { type DTypeLike, canonicalize, dtypeOfLike, isComplex, isFloat, realDType } from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import { scalarArray } from "../core/convert.ts";
import type { DType } from "../core/dtypes.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { broadcastShapes } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import * as lax from "../lax/api.ts";
import { nextafterP } from "../lax/elementwise.ts";
import * as jnp from "../numpy/index.ts";
import { isLowpFloat } from "../core/lowp.ts";
import { finfo } from "../numpy/dtype_info.ts";
import { broadcastTo } from "../numpy/util.ts";
import { type ShapeArg, canonicalShape, checkShape, floatDtype, optsOf } from "./args.ts";
import { type KeyLike, checkKey, splitData } from "./keys.ts";
import { asDtype, uniformData } from "./uniform.ts";
import { normalCompiled } from "./compiled.ts";
import { complex } from "../lax/complex_api.ts";

/** np.nextafter(-1, 0) in dtype: the open lower end of normal's uniform draw. */
function nextAboveMinusOne(dtype: DType): number {
  if (dtype === "bfloat16" || isLowpFloat(dtype)) return -(1 - finfo(dtype).epsneg);
  return dtype === "float16" ? -(1 - 2 ** -11) : dtype === "float64" ? -(1 - 2 ** -53) : -(1 - 2 ** -24);
}

/** _normal_real on key data. */
export function normalData(data: NDArray, shape: readonly number[], dtype: DType): NDArray {
  const u = uniformData(data, shape, dtype, nextAboveMinusOne(dtype), 1);
  return jnp.multiply(scalarArray(Math.SQRT2, dtype, false), lax.erfInv(u));
}

/** jax.random.normal(key, shape = [], {dtype}): standard normal samples. */
export function normal(k: KeyLike, shape?: ShapeArg, opts?: { dtype?: DTypeLike } | DTypeLike): NDArray {
  const { data } = checkKey("normal", k);
  const requested = optsOf(opts, "normal").dtype;
  const named = requested === undefined || requested === null ? null : dtypeOfLike(requested);
  const dims = canonicalShape(shape, "normal");
  if (named !== null && isComplex(canonicalize(named))) {
    // As JAX: real and imaginary parts from the key's two halves, each of variance 1/2.
    const part = realDType(canonicalize(named));
    const keys = splitData(data, [2]);
    const sqrt2 = scalarArray(Math.SQRT2, part, false);
    const half = (i: number) => jnp.divide(normalCompiled(keys.get(i), dims, part), sqrt2);
    return complex(half(0), half(1));
  }
  if (named !== null && !isFloat(canonicalize(named)))
    throw new ValueError(`dtype argument to \`normal\` must be a float or complex dtype, got ${canonicalize(named)}`);
  return normalCompiled(data, dims, floatDtype(requested, "normal"));
}

/** lax.nextafter(x, ±inf) elementwise. */
function nextToward(x: NDArray, dir: number): NDArray {
  return bind1(nextafterP, [x, broadcastTo(scalarArray(dir, x.dtype, false), x.shape)], {});
}

/**
 * jax.random.truncatedNormal(key, lower, upper, shape?, {dtype}): standard normal
 * samples conditioned on lower < x < upper (shape defaults to their broadcast).
 */
export function truncatedNormal(
  k: KeyLike,
  lower: ArrayLike,
  upper: ArrayLike,
  shape?: ShapeArg | null,
  opts?: { dtype?: DTypeLike } | DTypeLike,
): NDArray {
  const { data } = checkKey("truncated_normal", k);
  const dtype = floatDtype(optsOf(opts, "truncated_normal").dtype, "truncated_normal");
  const lo = asDtype(lower, dtype, "truncated_normal lower");
  const hi = asDtype(upper, dtype, "truncated_normal upper");
  let s: number[];
  if (shape === undefined || shape === null) s = broadcastShapes(lo.shape, hi.shape);
  else {
    s = canonicalShape(shape, "truncated_normal");
    checkShape("truncated_normal", s, lo.shape, hi.shape);
  }
  const sqrt2 = scalarArray(Math.SQRT2, dtype, false);
  // JAX divides by sqrt(2); XLA rewrites division by a constant as multiplication by its reciprocal.
  const invSqrt2 = scalarArray(1 / (sqrt2.item() as number), dtype, false);
  const a = lax.erf(jnp.multiply(lo, invSqrt2));
  const b = lax.erf(jnp.multiply(hi, invSqrt2));
  const u = uniformData(data, s, dtype, a, b);
  const out = jnp.multiply(sqrt2, lax.erfInv(u));
  // Clamp into the open interval: rounding (or u == a) must not reach the bounds.
  return jnp.clip(out, nextToward(lax.stopGradient(lo), Infinity), nextToward(lax.stopGradient(hi), -Infinity));
}
