// int64/uint64 storage (BigInt64Array / BigUint64Array: the exact 64-bit
// integers) to and from JS numbers. Conversions go word by word through an
// Int32Array view of the same bytes: building a BigInt per element is ~20x
// slower. Typed arrays use the platform's byte order; every supported host is
// little-endian, so element i is the words [lo, hi] at 2i, 2i + 1.
import type { BigIntArray, DType } from "./dtypes.ts";
import { ValueError } from "./errors.ts";

const TWO32 = 2 ** 32;
const TWO63 = 2 ** 63;
const TWO64 = 2 ** 64;

/** The two 32-bit words of each 64-bit element (a view of the same memory). */
export function words(a: BigIntArray): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, 2 * a.length);
}

/** An empty storage array of n elements for int64 or uint64. */
export function alloc64(n: number, d: DType): BigIntArray {
  return d === "uint64" ? new BigUint64Array(n) : new BigInt64Array(n);
}

/**
 * Stores the double v as dtype d's integer in words w at element i: truncated
 * toward zero and saturated to the dtype's range, NaN as 0 (XLA's float→int
 * conversion). Exact for every integer double in range.
 */
export function putNumber(w: Int32Array, i: number, v: number, unsigned: boolean): void {
  let x = v !== v ? 0 : Math.trunc(v);
  if (unsigned) {
    if (x <= 0) x = 0;
    else if (x >= TWO64) {
      w[2 * i] = -1;
      w[2 * i + 1] = -1;
      return;
    }
  } else if (x >= TWO63) {
    w[2 * i] = -1;
    w[2 * i + 1] = 0x7fffffff;
    return;
  } else if (x < -TWO63) x = -TWO63;
  // Exact: scaling by 2^32 and flooring lose nothing for integer doubles below 2^64.
  const hi = Math.floor(x / TWO32);
  w[2 * i] = (x - hi * TWO32) | 0;
  w[2 * i + 1] = hi | 0;
}

/** Doubles (integers, or anything to truncate and saturate) as int64/uint64 storage. */
export function numbersTo64(data: ArrayLike<number>, d: DType): BigIntArray {
  const out = alloc64(data.length, d);
  const w = words(out);
  const u = d === "uint64";
  for (let i = 0; i < data.length; i++) putNumber(w, i, data[i], u);
  return out;
}

/** Writes int64/uint64 storage as doubles into out (each correctly rounded: one rounding of hi·2^32 + lo). */
export function numbersOf64(a: BigIntArray, out: { [i: number]: number; length: number } = new Float64Array(a.length)): Float64Array {
  const w = words(a);
  if (a instanceof BigUint64Array) for (let i = 0; i < a.length; i++) out[i] = (w[2 * i + 1] >>> 0) * TWO32 + (w[2 * i] >>> 0);
  else for (let i = 0; i < a.length; i++) out[i] = w[2 * i + 1] * TWO32 + (w[2 * i] >>> 0);
  return out as Float64Array;
}

/**
 * A bigint as the nearest float32 (one rounding, as XLA's s64→f32 convert;
 * Math.fround(Number(v)) would round twice): beyond 2^53 the bits below the
 * double's 53 are folded into a sticky bit first (round to odd).
 */
export function bigToFloat32(v: bigint): number {
  const neg = v < 0n;
  let m = neg ? -v : v;
  const bits = m.toString(2).length;
  if (bits > 53) {
    const k = BigInt(bits - 53);
    const sticky = m & ((1n << k) - 1n) ? 1n : 0n;
    m = ((m >> k) | sticky) << k;
  }
  const x = Math.fround(Number(m));
  return neg ? -x : x;
}

/** A JS bigint as an element of dtype d (int64/uint64); out of range raises as JAX does for a Python int. */
export function checkBigInt(v: bigint, d: DType): bigint {
  const lo = d === "uint64" ? 0n : -(2n ** 63n);
  const hi = d === "uint64" ? 2n ** 64n - 1n : 2n ** 63n - 1n;
  if (v < lo || v > hi) throw new ValueError(`Python int ${v} too large to convert to ${d}`);
  return v;
}

/** The 64-bit two's-complement wrap of an integer into int64 or uint64. */
export function wrapBig(v: bigint, d: DType): bigint {
  return d === "uint64" ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v);
}
