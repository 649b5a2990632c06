// Uniform floats from random bits, as JAX's _uniform: fill the mantissa of a
// float in [1, 2) with the top random bits, subtract 1, then scale and shift
// into [minval, maxval). Built only from lax primitives, so it traces.
import type { DTypeLike } from "../core/dtypes.ts";
import { asOperand, scalarArray } from "../core/convert.ts";
import type { DType } from "../core/dtypes.ts";
import { JaxTypeError } from "../core/errors.ts";
import { isLowpFloat } from "../core/lowp.ts";
import { finfo } from "../numpy/dtype_info.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import * as lax from "../lax/api.ts";
import * as jnp from "../numpy/index.ts";
import { type ShapeArg, canonicalShape, checkShape, floatDtype, optsOf } from "./args.ts";
import { randomBits32, threefryWords } from "./bits.ts";
import * as B from "./lax_bcast.ts";
import { type KeyLike, checkKey } from "./keys.ts";
import { uniformCompiled, unitCompiled } from "./compiled.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";

/** An array-like converted to `dtype` (lax.convert_element_type; JS numbers go straight to dtype). */
export function asDtype(x: ArrayLike, dtype: DType, what = "argument"): NDArray {
  if (typeof x === "number") return scalarArray(x, dtype, false);
  return lax.convertElementType(asOperand(x, what), dtype);
}

/** lax.broadcast_to_rank: prepend size-1 axes up to `rank`. */
export function broadcastToRank(x: NDArray, rank: number): NDArray {
  if (x.ndim >= rank) return x;
  return lax.reshape(x, [...new Array<number>(rank - x.ndim).fill(1), ...x.shape]);
}

/** Floats in [0, 1) of `dtype` with the random mantissa bits JAX uses. */
function unitFloats(data: NDArray, shape: readonly number[], dtype: DType): NDArray {
  if (dtype === "float32") {
    const bits = randomBits32(data, shape);
    const mant = lax.bitwiseOr(lax.shiftRightLogical(bits, 32 - 23), 0x3f800000);
    return lax.sub(lax.bitcastConvertType(mant, "float32"), 1);
  }
  if (dtype === "float16") {
    // 16 random bits (the low half of the 32-bit word), top 10 as the mantissa: m / 2^10, exact in float16.
    const bits = lax.bitwiseAnd(randomBits32(data, shape), 0xffff);
    const m = lax.shiftRightLogical(bits, 16 - 10);
    return lax.convertElementType(lax.mul(lax.convertElementType(m, "float32"), 2 ** -10), "float16");
  }
  if (dtype === "float64") {
    const [b0, b1] = threefryWords(data, shape);
    // 64 random bits (b0 << 32 | b1), top 52 as the mantissa: (b0 * 2^20 + (b1 >> 12)) / 2^52, exact in float64.
    const hi = lax.mul(lax.convertElementType(b0, "float64"), 2 ** 20);
    const lo = lax.convertElementType(lax.shiftRightLogical(b1, 12), "float64");
    return lax.mul(lax.add(hi, lo), 2 ** -52);
  }
  if (dtype === "bfloat16" || isLowpFloat(dtype)) {
    // As float16: the low random bits (8 when the mantissa is shorter than 8), their top nmant as the mantissa.
    const { bits: width, nmant } = finfo(dtype);
    if (width !== 8 && width !== 16) throw new JaxTypeError(`uniform only accepts 8-, 16-, 32-, or 64-bit dtypesgot ${dtype}.`);
    const rngBits = nmant < 8 ? 8 : width;
    const bits = lax.bitwiseAnd(randomBits32(data, shape), 2 ** rngBits - 1);
    const m = lax.shiftRightLogical(bits, rngBits - nmant);
    return lax.convertElementType(lax.mul(lax.convertElementType(m, "float32"), 2 ** -nmant), dtype);
  }
  throw new JaxTypeError(`uniform only accepts floating point dtypes, got ${dtype}`);
}

/** _uniform on key data: minval/maxval already-typed or JS numbers. */
export function uniformData(data: NDArray, shape: readonly number[], dtype: DType, minval: ArrayLike, maxval: ArrayLike): NDArray {
  // [0, 1): floats · (1 - 0) + 0 and max(0, ·) give the floats themselves, bit for bit (they are at least +0).
  if (minval === 0 && maxval === 1) return unitFloats(data, shape, dtype);
  const lo = broadcastToRank(asDtype(minval, dtype), shape.length);
  const hi = broadcastToRank(asDtype(maxval, dtype), shape.length);
  const floats = unitFloats(data, shape, dtype);
  return jnp.maximum(lo, mulAdd(floats, jnp.subtract(hi, lo), lo));
}

/**
 * a * b + c as XLA's CPU code computes it: LLVM contracts the multiply and add
 * into one fused multiply-add (JAX's uniform(minval=-2, maxval=5) golden shows
 * it). For float32 we round once the same way by computing in float64 (a*b is
 * exact there) and converting back; the float64 sum's own rounding can only
 * matter when it lands exactly on a float32 rounding midpoint (~2^-29 of cases).
 */
export function mulAdd(a: NDArray, b: NDArray, c: NDArray): NDArray {
  if (a.dtype !== "float32") return jnp.add(jnp.multiply(a, b), c);
  return mulAddWide(a, b, c);
}
/** Compiled when eager: the float64 values stay inside one kernel (the webgpu backend holds no float64 arrays). */
const mulAddWide = compiledEager((a: NDArray, b: NDArray, c: NDArray): NDArray => {
  const wide = (x: NDArray) => lax.convertElementType(x, "float64");
  // lax ops: jnp would canonicalise float64 back to float32 when x64 is off.
  return lax.convertElementType(B.add(B.mul(wide(a), wide(b)), wide(c)), "float32");
}, []);

export interface UniformOpts {
  dtype?: DTypeLike;
  minval?: ArrayLike;
  maxval?: ArrayLike;
}

/** jax.random.uniform(key, shape = [], {dtype, minval = 0, maxval = 1}): floats in [minval, maxval). */
export function uniform(k: KeyLike, shape?: ShapeArg, opts?: UniformOpts | DType): NDArray {
  const { data } = checkKey("uniform", k);
  const o = optsOf(opts, "uniform", ["dtype", "minval", "maxval"]);
  const dtype = floatDtype(o.dtype, "uniform");
  const s = canonicalShape(shape, "uniform");
  const [minval, maxval] = [o.minval ?? 0, o.maxval ?? 1];
  if (minval === 0 && maxval === 1) return unitCompiled(data, s, dtype);
  const lo = asDtype(minval, dtype, "uniform minval");
  const hi = asDtype(maxval, dtype, "uniform maxval");
  checkShape("uniform", s, lo.shape, hi.shape);
  return uniformCompiled(data, s, dtype, lo, hi);
}
