// reduce_precision: rounds floats to a format with fewer exponent and
// mantissa bits (round to nearest even, overflow to inf, underflow to zero,
// NaN kept), as XLA's ReducePrecision. Linear, as JAX declares it.
import { ShapedArray } from "../core/aval.ts";
import { isFloat } from "../core/dtypes.ts";
import { JaxTypeError } from "../core/errors.ts";
import { Primitive } from "../core/primitive.ts";
import { bind1 } from "../core/trace.ts";
import { linearJvp, linearTranspose } from "./rule_pieces.ts";

export type ReducePrecisionParams = { exponent_bits: number; mantissa_bits: number };

export const reducePrecisionP: Primitive<ReducePrecisionParams> = new Primitive("reduce_precision", {
  abstractEval([a], p) {
    if (!isFloat(a.dtype))
      throw new JaxTypeError(`reduce_precision does not accept dtype ${a.dtype}. Accepted dtypes are subtypes of floating.`);
    if (!(Number.isInteger(p.exponent_bits) && p.exponent_bits >= 1))
      throw new JaxTypeError("reduce_precision: exponent_bits must be >= 1");
    if (!(Number.isInteger(p.mantissa_bits) && p.mantissa_bits >= 0))
      throw new JaxTypeError("reduce_precision: mantissa_bits must be >= 0");
    return [new ShapedArray(a.shape, a.dtype, a.weakType)];
  },
  jvp: (...a) => linearJvp(reducePrecisionP)(...a),
  transpose: linearTranspose((ct, _aval, params) => bind1(reducePrecisionP, [ct], params)),
  batch: (args, dims, params) => [[bind1(reducePrecisionP, args, params)], dims],
  printParams: (p) => `exponent_bits=${p.exponent_bits} mantissa_bits=${p.mantissa_bits}`,
});

/** The bit-level rounding for one value of a format with `srcExp` exponent and `srcMant` mantissa bits. */
export function reducePrecisionBits(bits: bigint, srcExp: number, srcMant: number, exp: number, mant: number): bigint {
  const total = BigInt(1 + srcExp + srcMant);
  const mask = (1n << total) - 1n;
  let x = bits;
  if (mant < srcMant) {
    const shift = BigInt(srcMant - mant);
    const lastBit = 1n << shift;
    const baseBias = (lastBit >> 1n) - 1n;
    const xLast = (x & lastBit) >> shift;
    x = (x + xLast + baseBias) & ~(lastBit - 1n) & mask;
  }
  if (exp < srcExp) {
    const sign = 1n << BigInt(srcExp + srcMant);
    const expMask = ((1n << BigInt(srcExp)) - 1n) << BigInt(srcMant);
    const bias = (1n << BigInt(srcExp - 1)) - 1n;
    const reducedBias = (1n << BigInt(exp - 1)) - 1n;
    const maxExp = (bias + reducedBias) << BigInt(srcMant);
    const minExp = (bias - reducedBias) << BigInt(srcMant);
    const e = x & expMask;
    if (e > maxExp) x = (x & sign) | expMask;
    else if (e <= minExp) x = x & sign;
  }
  return x;
}
