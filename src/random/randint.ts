// jax.random.randint: integers in [minval, maxval) from two draws of the dtype's width per
// element reduced modulo the span, exactly as JAX's _randint (its small bias
// for spans that are not powers of two included).
import { asOperand, scalarArray } from "../core/convert.ts";
import { type DType, defaultInt, isInteger, itemsize, type DTypeLike } from "../core/dtypes.ts";
import { JaxTypeError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import * as lax from "../lax/api.ts";
import * as jnp from "../numpy/index.ts";
import { type ShapeArg, canonicalShape, checkShape, intDtype, optsOf } from "./args.ts";
import { randomBits } from "./bits.ts";
import { type KeyLike, checkKey, splitData } from "./keys.ts";
import * as B from "./lax_bcast.ts";
import { broadcastToRank } from "./uniform.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";

const IINFO: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  int8: [-128n, 127n],
  uint8: [0n, 255n],
  int16: [-32768n, 32767n],
  uint16: [0n, 65535n],
};
const UNSIGNED: Record<string, DType> = {
  int8: "uint8",
  uint8: "uint8",
  int16: "uint16",
  uint16: "uint16",
  int32: "uint32",
  uint32: "uint32",
  int64: "uint64",
  uint64: "uint64",
};

/** jnp.asarray(v), made integer with astype(int) when it is not. */
function asIntArray(v: ArrayLike, what: string): NDArray {
  const a = asOperand(v, `randint ${what}`);
  return isInteger(a.dtype) ? a : jnp.astype(a, defaultInt());
}

/** _convert_and_clip_integer: convert to dtype, clipping to its range instead of wrapping. */
function convertAndClip(val: NDArray, dtype: DType): NDArray {
  const [dmin, dmax] = IINFO[dtype];
  const [vmin, vmax] = IINFO[val.dtype];
  const lo = scalarArray(dmin > vmin ? dmin : vmin, val.dtype, false);
  const hi = scalarArray(dmax < vmax ? dmax : vmax, val.dtype, false);
  return lax.convertElementType(jnp.clip(val, lo, hi), dtype);
}

/** _randint on key data, for 8- to 64-bit integer dtypes. */
function randintBody(data: NDArray, shape: readonly number[], minval: ArrayLike, maxval: ArrayLike, dtype: DType): NDArray {
  let lo = asIntArray(minval, "minval");
  let hi = asIntArray(maxval, "maxval");
  checkShape("randint", shape, lo.shape, hi.shape);
  // maxval above dtype's range (e.g. int64 maxval, int32 samples) widens the span by one.
  const maxOutOfRange = B.gt(hi, convertAndClip(scalarArray(IINFO[dtype][1], dtype, false), hi.dtype));
  lo = broadcastToRank(convertAndClip(lo, dtype), shape.length);
  hi = broadcastToRank(convertAndClip(hi, dtype), shape.length);

  const keys = splitData(data, [2]);
  const row = (i: number) => lax.reshape(lax.slice(keys, [i, 0], [i + 1, 2]), [2]);
  // As many random bits per draw as the dtype has, in the unsigned dtype of that width.
  const unsigned = UNSIGNED[dtype];
  const nbits = 8 * itemsize(dtype);
  const higherBits = randomBits(row(0), shape, unsigned);
  const lowerBits = randomBits(row(1), shape, unsigned);

  const u = (v: number) => scalarArray(v, unsigned, false);
  let span = lax.convertElementType(B.sub(hi, lo), unsigned);
  // span = 1 when maxval <= minval, so minval is returned.
  span = B.select(B.le(hi, lo), u(1), span);
  span = B.select(B.and(maxOutOfRange, B.gt(hi, lo)), B.add(span, u(1)), span);
  // (higher * 2^n + lower) mod span, via 2^n mod span = (2^(n/2) mod span)^2 mod span (wrapping, as in JAX).
  let multiplier = B.rem(u(2 ** (nbits / 2)), span);
  multiplier = B.rem(B.mul(multiplier, multiplier), span);
  let offset = B.add(B.mul(B.rem(higherBits, span), multiplier), B.rem(lowerBits, span));
  offset = B.rem(offset, span);
  return B.add(lo, lax.convertElementType(offset, dtype));
}

/**
 * randintBody, compiled when eager (one program per shape and dtype, as JAX
 * jits _randint); the bounds become arrays first, so that a bad one is
 * named as randint's argument rather than as a jit argument.
 */
export function randintData(data: NDArray, shape: readonly number[], minval: ArrayLike, maxval: ArrayLike, dtype: DType): NDArray {
  return randintCompiled(data, shape, asIntArray(minval, "minval"), asIntArray(maxval, "maxval"), dtype);
}
const randintCompiled = compiledEager(randintBody, [1, 4]);

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
  if (!(dtype in UNSIGNED)) throw new JaxTypeError(`randint only accepts 8-, 16-, 32-, or 64-bit dtypes, got ${dtype}`);
  if (itemsize(dtype) < 4) {
    // 8- and 16-bit dtypes sample in int32 (bounds clipped to the dtype's range, maxval to one past it), as JAX.
    const [dmin, dmax] = IINFO[dtype].map(Number);
    const bound = (v: ArrayLike, hi: number, what: string) => jnp.clip(jnp.astype(asOperand(v, `randint ${what}`), "int32"), dmin, hi);
    const r = randintData(data, s, bound(minval, dmax, "minval"), bound(maxval, dmax + 1, "maxval"), "int32");
    return jnp.astype(r, dtype);
  }
  return randintData(data, s, minval, maxval, dtype);
}
