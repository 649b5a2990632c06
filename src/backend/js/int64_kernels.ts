// Reference kernels on int64/uint64 storage (BigInt64Array / BigUint64Array):
// the elementwise arithmetic, bitwise, shift, comparison and conversion ops
// and the wrapping reductions, computed on the exact 64-bit integers. A store
// into a BigInt64Array/BigUint64Array wraps modulo 2^64, as XLA's integer
// arithmetic does. Primitives not here reach their number kernels through
// int64_boundary.ts (data movement and orderings exactly, the rest as doubles).
import type { ShapedArray } from "../../core/aval.ts";
import {
  type BigIntArray,
  type DType,
  type StorageArray,
  type TypedArray,
  castScalar,
  isBigIntDType,
  isComplex,
  isFloat,
  isUnsigned,
  itemsize,
  lanesOf,
  storageCtor,
  wrapInt,
} from "../../core/dtypes.ts";
import { isLowp } from "../../core/lowp.ts";
import { alloc64, bigToFloat32, numbersOf64, putNumber, words } from "../../core/int64_bits.ts";
import type { Params } from "../../core/primitive.ts";
import { stridesOf } from "../../core/shape.ts";
import type { CumulativeParams } from "../../lax/reduce.ts";
import type { AxesParams } from "../../lax/reduce_def.ts";
import type { DotGeneralParams } from "../../lax/dot.ts";
import type { ScatterParams } from "../../lax/gather_scatter_params.ts";
import { dotOffsets } from "./dot.ts";
import { scatterWith } from "./indexing.ts";
import { reduceInto } from "./reduce.ts";

/** A kernel over storage arrays, run when an operand or result is int64/uint64; null hands the case to the number kernel. */
export type Kernel64 = (ins: StorageArray[], inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[]) => StorageArray[] | null;

export const kernels64 = new Map<string, Kernel64>();

function def(name: string, k: Kernel64): void {
  kernels64.set(name, k);
}

const allocOut = (o: ShapedArray): StorageArray => new (storageCtor(o.dtype))(o.size * lanesOf(o.dtype));

type B2 = (x: bigint, y: bigint, d: DType) => bigint;
type B1 = (x: bigint, d: DType) => bigint;

function binary(name: string, f: B2): void {
  def(name, ([x, y], [a], _p, [o]) => {
    const xs = x as BigIntArray;
    const ys = y as BigIntArray;
    const out = alloc64(o.size, o.dtype);
    for (let i = 0; i < out.length; i++) out[i] = f(xs[i], ys[i], a.dtype);
    return [out];
  });
}
function unary(name: string, f: B1): void {
  def(name, ([x], [a], _p, [o]) => {
    const xs = x as BigIntArray;
    const out = alloc64(o.size, o.dtype);
    for (let i = 0; i < out.length; i++) out[i] = f(xs[i], a.dtype);
    return [out];
  });
}
function compare(name: string, f: (x: bigint, y: bigint) => boolean): void {
  def(name, ([x, y], _a, _p, [o]) => {
    const xs = x as BigIntArray;
    const ys = y as BigIntArray;
    const out = new Uint8Array(o.size);
    for (let i = 0; i < out.length; i++) out[i] = f(xs[i], ys[i]) ? 1 : 0;
    return [out];
  });
}

const signed = (x: bigint): bigint => BigInt.asIntN(64, x);
const unsigned = (x: bigint): bigint => BigInt.asUintN(64, x);

binary("add", (x, y) => x + y);
binary("sub", (x, y) => x - y);
binary("mul", (x, y) => x * y);
// Division truncates; x/0 is all ones (-1), INT64_MIN/-1 wraps to INT64_MIN; x%0 = x. As XLA.
binary("div", (x, y) => (y === 0n ? -1n : x / y));
binary("rem", (x, y) => (y === 0n ? x : x % y));
binary("max", (x, y) => (x > y ? x : y));
binary("min", (x, y) => (x < y ? x : y));
binary("and", (x, y) => x & y);
binary("or", (x, y) => x | y);
binary("xor", (x, y) => x ^ y);
// Shift amounts are read as unsigned: 64 or more (or negative) shifts everything out (sign fill for arithmetic).
binary("shift_left", (x, y) => (unsigned(y) >= 64n ? 0n : x << unsigned(y)));
binary("shift_right_logical", (x, y) => (unsigned(y) >= 64n ? 0n : unsigned(x) >> unsigned(y)));
binary("shift_right_arithmetic", (x, y) => signed(x) >> (unsigned(y) >= 64n ? 63n : unsigned(y)));
// mulhi: the high 64 bits of the 128-bit product.
binary("mulhi", (x, y) => (x * y) >> 64n);
// jnp.power of integer arrays, as JAX's: the exponent's low 6 bits by repeated squaring; 0**y = 0 for y ≠ 0.
binary("pow", (x, y) => {
  let acc = x === 0n && y !== 0n ? 0n : 1n;
  let base = x;
  for (let k = 0n; k < 6n; k++) {
    if ((y >> k) & 1n) acc = signed(acc * base);
    base = signed(base * base);
  }
  return acc;
});
compare("eq", (x, y) => x === y);
compare("ne", (x, y) => x !== y);
compare("lt", (x, y) => x < y);
compare("le", (x, y) => x <= y);
compare("gt", (x, y) => x > y);
compare("ge", (x, y) => x >= y);

unary("neg", (x) => -x);
unary("abs", (x) => (x < 0n ? -x : x));
unary("sign", (x) => (x > 0n ? 1n : x < 0n ? -1n : 0n));
unary("not", (x) => ~x);
unary("square", (x) => x * x);
unary("copy", (x) => x);
unary("population_count", (x) => {
  let v = unsigned(x);
  let c = 0n;
  while (v) {
    c += v & 1n;
    v >>= 1n;
  }
  return c;
});
unary("clz", (x) => {
  const v = unsigned(x);
  return v === 0n ? 64n : BigInt(64 - v.toString(2).length);
});

def("integer_pow", ([x], [a], p, [o]) => {
  const xs = x as BigIntArray;
  const y = (p as { y: number }).y;
  const out = alloc64(o.size, o.dtype);
  const wrap = a.dtype === "uint64" ? unsigned : signed;
  for (let i = 0; i < out.length; i++) {
    const v = xs[i];
    if (y < 0) {
      out[i] = v === 1n ? 1n : v === -1n ? (y % 2 === 0 ? 1n : -1n) : 0n;
      continue;
    }
    // Repeated squaring, wrapped at each step (the exact power could be huge).
    let acc = 1n;
    let base = v;
    for (let n = y; n > 0; n >>= 1) {
      if (n & 1) acc = wrap(acc * base);
      base = wrap(base * base);
    }
    out[i] = acc;
  }
  return [out];
});

def("clamp", ([lo, x, hi], [la, , ha], _p, [o]) => {
  const [l, v, h] = [lo, x, hi] as BigIntArray[];
  const ls = la.ndim === 0;
  const hs = ha.ndim === 0;
  const out = alloc64(o.size, o.dtype);
  for (let i = 0; i < out.length; i++) {
    const a = l[ls ? 0 : i];
    const b = h[hs ? 0 : i];
    const e = v[i];
    out[i] = e < a ? a : e > b ? b : e;
  }
  return [out];
});

// select_n with 64-bit cases or a 64-bit predicate: the chosen case's own element.
def("select_n", ([p, ...cases], [pa], _params, [o]) => {
  const out = allocOut(o);
  const scalar = pa.ndim === 0;
  const pick = (i: number): number => Number(p[scalar ? 0 : i]);
  for (let i = 0; i < out.length; i++) (out as Float64Array)[i] = (cases[pick(i)] as Float64Array)[i];
  return [out];
});

/** One 64-bit integer as a value of dtype d (int → int wraps, → float rounds once, as XLA's convert). */
function bigTo(v: bigint, d: DType): number {
  if (d === "bool") return v !== 0n ? 1 : 0;
  if (d === "float64" || d === "complex128") return Number(v);
  if (isFloat(d) || isComplex(d)) return castScalar(bigToFloat32(v), d);
  if (isLowp(d)) return wrapInt(Number(BigInt.asIntN(32, v)), d);
  const bits = BigInt(8 * itemsize(d));
  return Number(isUnsigned(d) ? BigInt.asUintN(Number(bits), v) : BigInt.asIntN(Number(bits), v));
}

def("convert_element_type", ([x], [a], _p, [o]) => {
  const from = a.dtype;
  const to = o.dtype;
  if (isBigIntDType(from) && isBigIntDType(to)) {
    const out = alloc64(o.size, to);
    // int64 ↔ uint64 keeps the bits: the store wraps.
    for (let i = 0; i < out.length; i++) out[i] = (x as BigIntArray)[i];
    return [out];
  }
  if (isBigIntDType(from)) {
    const xs = x as BigIntArray;
    const out = allocOut(o) as Float64Array;
    const lanes = lanesOf(to);
    for (let i = 0; i < xs.length; i++) out[lanes * i] = bigTo(xs[i], to);
    return [out];
  }
  // Into int64/uint64: integers exactly, floats truncated and saturated (NaN → 0); complex keeps its real part.
  const xs = x as Float64Array;
  const lanes = lanesOf(from);
  const out = alloc64(o.size, to);
  const w = words(out);
  const u = to === "uint64";
  if (!isFloat(from) && !isComplex(from) && from !== "bool" && !u) {
    for (let i = 0; i < out.length; i++) putNumber(w, i, xs[i], false);
  } else if (!isFloat(from) && !isComplex(from) && u) {
    // A negative narrow integer wraps into uint64 (-1 → 2^64 - 1).
    for (let i = 0; i < out.length; i++) out[i] = BigInt(xs[i]);
  } else for (let i = 0; i < out.length; i++) putNumber(w, i, xs[lanes * i], u);
  return [out];
});

// The same bytes seen as another dtype (64-bit storage holds the bits themselves).
def("bitcast_convert_type", ([x], [a], _p, [o]) => {
  const held = (d: DType) => d === "float16" || d === "bfloat16" || isLowp(d); // stored as values, not bits
  if (held(a.dtype) || held(o.dtype))
    throw new Error(`bitcast_convert_type with ${a.dtype} → ${o.dtype} is not supported by the JS backend`);
  const bytes = new Uint8Array(x.buffer, x.byteOffset, x.byteLength).slice();
  const Ctor = storageCtor(o.dtype) as unknown as new (b: ArrayBuffer) => StorageArray;
  return [new Ctor(bytes.buffer)];
});

def("iota", (_x, _a, p, [o]) => {
  const { dimension } = p as { dimension: number };
  const out = alloc64(o.size, o.dtype);
  const st = stridesOf(o.shape)[dimension] ?? 1;
  const n = o.shape[dimension] ?? 1;
  for (let i = 0; i < out.length; i++) out[i] = BigInt(Math.floor(i / st) % n);
  return [out];
});

function reduction(name: string, init: bigint, f: (acc: bigint, x: bigint) => bigint): void {
  def(name, ([x], [a], p, [o]) => {
    const xs = x as BigIntArray;
    const out = alloc64(o.size, o.dtype);
    out.fill(init as never);
    // Each step stores into the output array, so the accumulator wraps as it goes.
    reduceInto(a, (p as AxesParams).axes, (of, inf) => {
      out[of] = f(out[of], xs[inf]);
    });
    return [out];
  });
}
reduction("reduce_sum", 0n, (s, x) => s + x);
reduction("reduce_prod", 1n, (s, x) => s * x);
reduction("reduce_and", -1n, (s, x) => s & x);
reduction("reduce_or", 0n, (s, x) => s | x);
reduction("reduce_xor", 0n, (s, x) => s ^ x);

function cumulative(name: string, f: (acc: bigint, x: bigint) => bigint): void {
  def(name, ([x], [a], p, [o]) => {
    const xs = x as BigIntArray;
    const { axis, reverse } = p as CumulativeParams;
    const out = alloc64(o.size, o.dtype);
    const n = a.shape[axis];
    const stride = stridesOf(a.shape)[axis];
    const outer = a.size / (n * stride || 1);
    for (let i = 0; i < outer; i++)
      for (let j = 0; j < stride; j++) {
        const base = i * n * stride + j;
        for (let k = 0; k < n; k++) {
          const idx = base + (reverse ? n - 1 - k : k) * stride;
          const prev = base + (reverse ? n - k : k - 1) * stride;
          out[idx] = k === 0 ? xs[idx] : f(out[prev], xs[idx]);
        }
      }
    return [out];
  });
}
cumulative("cumsum", (s, x) => s + x);
cumulative("cumprod", (s, x) => s * x);

/** Each element as a bigint (64-bit storage as it is; narrower integers converted). */
const bigs = (a: StorageArray): BigIntArray =>
  a instanceof BigInt64Array || a instanceof BigUint64Array ? a : BigInt64Array.from(a as Float64Array, (v) => BigInt(v));

// An int64/uint64 result accumulates exactly, wrapping as XLA's integer dot (a float result takes the number kernel).
def("dot_general", ([x, y], [l, r], p, [o]) => {
  if (!isBigIntDType(o.dtype)) return null;
  const { lb, rb, lf, rf, lc, rc } = dotOffsets(l, r, p as DotGeneralParams);
  const xs = bigs(x);
  const ys = bigs(y);
  const out = alloc64(o.size, o.dtype);
  let w = 0;
  for (let b = 0; b < lb.length; b++)
    for (let i = 0; i < lf.length; i++) {
      const lo = lb[b] + lf[i];
      for (let j = 0; j < rf.length; j++) {
        const ro = rb[b] + rf[j];
        let acc = 0n;
        for (let c = 0; c < lc.length; c++) acc = BigInt.asIntN(64, acc + xs[lo + lc[c]] * ys[ro + rc[c]]);
        out[w++] = acc;
      }
    }
  return [out];
});

// scatter-add / scatter-mul into 64-bit operands: exact, wrapping (the store wraps each combination).
for (const [name, f] of [
  ["scatter-add", (a: bigint, b: bigint) => a + b],
  ["scatter-mul", (a: bigint, b: bigint) => a * b],
] as const)
  def(name, ([x, idx, upd], avals, p) => {
    if (!isBigIntDType(avals[0].dtype)) return null;
    const indices = idx instanceof BigInt64Array || idx instanceof BigUint64Array ? numbersOf64(idx) : (idx as TypedArray);
    return [scatterWith(x as BigIntArray, indices, upd as BigIntArray, avals, p as ScatterParams, f)];
  });
