// jax.random.randint: integers in [minval, maxval) from two 32-bit draws per
// element reduced modulo the span, exactly as JAX's _randint (its small bias
// for spans that are not powers of two included).
import { asOperand, scalarArray } from "../core/convert.ts";
import { type DType, defaultInt, isInteger, type DTypeLike } from "../core/dtypes.ts";
import { JaxTypeError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import * as lax from "../lax/api.ts";
import * as jnp from "../numpy/index.ts";
import { type ShapeArg, canonicalShape, checkShape, intDtype, optsOf } from "./args.ts";
import { randomBits32 } from "./bits.ts";
import { type KeyLike, checkKey, splitData } from "./keys.ts";
import * as B from "./lax_bcast.ts";
import { broadcastToRank } from "./uniform.ts";

const IINFO: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  int64: [-(2 ** 63), 2 ** 63 - 1],
};

const NARROW_INTS: Record<string, [number, number]> = { int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535] };

/** jnp.asarray(v), made integer with astype(int) when it is not. */
function asIntArray(v: ArrayLike, what: string): NDArray {
  const a = asOperand(v, `randint ${what}`);
  return isInteger(a.dtype) ? a : jnp.astype(a, defaultInt());
}

/** _convert_and_clip_integer: convert to dtype, clipping to its range instead of wrapping. */
function convertAndClip(val: NDArray, dtype: DType): NDArray {
  const [dmin, dmax] = IINFO[dtype];
  const [vmin, vmax] = IINFO[val.dtype];
  const lo = scalarArray(Math.max(dmin, vmin), val.dtype, false);
  const hi = scalarArray(Math.min(dmax, vmax), val.dtype, false);
  return lax.convertElementType(jnp.clip(val, lo, hi), dtype);
}

/** _randint on key data, for 32-bit integer dtypes. */
export function randintData(data: NDArray, shape: readonly number[], minval: ArrayLike, maxval: ArrayLike, dtype: DType): NDArray {
  let lo = asIntArray(minval, "minval");
  let hi = asIntArray(maxval, "maxval");
  checkShape("randint", shape, lo.shape, hi.shape);
  // maxval above dtype's range (e.g. int64 maxval, int32 samples) widens the span by one.
  const maxOutOfRange = B.gt(hi, convertAndClip(scalarArray(IINFO[dtype][1], dtype, false), hi.dtype));
  lo = broadcastToRank(convertAndClip(lo, dtype), shape.length);
  hi = broadcastToRank(convertAndClip(hi, dtype), shape.length);

  const keys = splitData(data, [2]);
  const row = (i: number) => lax.reshape(lax.slice(keys, [i, 0], [i + 1, 2]), [2]);
  const higherBits = randomBits32(row(0), shape);
  const lowerBits = randomBits32(row(1), shape);

  const u32 = (v: number) => scalarArray(v, "uint32", false);
  let span = lax.convertElementType(B.sub(hi, lo), "uint32");
  // span = 1 when maxval <= minval, so minval is returned.
  span = B.select(B.le(hi, lo), u32(1), span);
  span = B.select(B.and(maxOutOfRange, B.gt(hi, lo)), B.add(span, u32(1)), span);
  // (higher * 2^32 + lower) mod span, via 2^32 mod span = (2^16 mod span)^2 mod span (uint32 wraps, as in JAX).
  let multiplier = B.rem(u32(2 ** 16), span);
  multiplier = B.rem(B.mul(multiplier, multiplier), span);
  let offset = B.add(B.mul(B.rem(higherBits, span), multiplier), B.rem(lowerBits, span));
  offset = B.rem(offset, span);
  return B.add(lo, lax.convertElementType(offset, dtype));
}

/** jax.random.randint(key, shape, minval, maxval, {dtype}): uniform integers in [minval, maxval). */
export function randint(
  k: KeyLike,
  shape: ShapeArg,
  minval: ArrayLike,
  maxval: ArrayLike,
  opts?: { dtype?: DTypeLike } | DTypeLike,
): NDArray {
  const { data } = checkKey("randint", k);
  // shape has no default in JAX's randint; undefined here is a missing argument, not ().
  if (shape === undefined) throw new JaxTypeError("randint() missing required argument: 'shape' (got undefined)");
  const s = canonicalShape(shape, "randint");
  const dtype = intDtype(optsOf(opts, "randint").dtype, "randint", defaultInt());
  const narrow = NARROW_INTS[dtype];
  if (narrow) {
    // As JAX: narrow dtypes sample in int32 (bounds clipped to the dtype's range, maxval to max + 1), then cast.
    const lo = jnp.clip(jnp.astype(asOperand(minval, "randint minval"), "int32"), narrow[0], narrow[1]);
    const hi = jnp.clip(jnp.astype(asOperand(maxval, "randint maxval"), "int32"), narrow[0], narrow[1] + 1);
    return jnp.astype(randintData(data, s, lo, hi, "int32"), dtype);
  }
  if (dtype === "int64") {
    throw new JaxTypeError('randint with dtype int64 needs 64-bit random bits, which jaxts does not implement; pass {dtype: "int32"}.');
  }
  return randintData(data, s, minval, maxval, dtype);
}
