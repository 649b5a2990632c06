// Reference kernels for elementwise primitives: plain loops, obviously correct.
import { castScalar, halfFromBits, halfToBits, isFloat, isInteger, wrapInt } from "../../core/dtypes.ts";
import { LOWP_FLOATS, isLowp, lowpFromBits, lowpNextafter, lowpToBits } from "../../core/lowp.ts";
import type { TypedArray } from "../../core/dtypes.ts";
import { erfInvF32, xlaLog1pF32, xlaLogF32 } from "../wasm/math/erfinv_ref.ts";
import { integerPowP, roundP } from "../../lax/elementwise.ts";
import { alloc, defKernel } from "./kernel.ts";
import { digamma, erf, lgamma } from "./special.ts";

type F1 = (x: number) => number;
type F2 = (x: number, y: number) => number;

// int64/uint64 reach these kernels as doubles only for the primitives
// int64_kernels.ts leaves to them (see int64_boundary.ts); they compute with
// the plain (float) function there, never the 32-bit integer one.
const is64 = (d: string): boolean => d === "int64" || d === "uint64";

function unary(name: string, f: F1, fInt?: F1): void {
  defKernel(name, ([x], [a], _p, [o]) => {
    const out = alloc(o);
    const g = is64(a.dtype) ? f : !isFloat(a.dtype) && fInt ? fInt : f;
    for (let i = 0; i < x.length; i++) out[i] = g(x[i]);
    return [out];
  });
}

/** A float op with a float32-specific implementation (f64 and f16 use `f`). */
function floatUnary(name: string, f: F1, f32: F1): void {
  defKernel(name, ([x], [a], _p, [o]) => {
    const out = alloc(o);
    const g = a.dtype === "float32" ? f32 : f;
    for (let i = 0; i < x.length; i++) out[i] = g(x[i]);
    return [out];
  });
}

// Binary ops whose 8/16-bit integer (or low-precision float) forms differ from the 32-bit ones, keyed "name:dtype".
const smallIntKernels = new Map<string, F2>();

function binary(name: string, f: F2, fInt?: F2, fUint?: F2): void {
  defKernel(name, ([x, y], [a], _p, [o]) => {
    const out = alloc(o);
    const g =
      smallIntKernels.get(`${name}:${a.dtype}`) ??
      (is64(a.dtype) ? f : a.dtype === "uint32" && fUint ? fUint : !isFloat(a.dtype) && fInt ? fInt : f);
    for (let i = 0; i < out.length; i++) out[i] = g(x[i], y[i]);
    return [out];
  });
}

// Round half to even (jnp.round) vs half away from zero (lax.round default).
function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
function roundAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

unary(
  "neg",
  (x) => -x,
  (x) => -x | 0,
);
unary(
  "sign",
  (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : x),
  (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
);
unary("floor", Math.floor);
unary("ceil", Math.ceil);
unary("trunc", Math.trunc);
defKernel(roundP, ([x], _a, p, [o]) => {
  const out = alloc(o);
  const f = p.rounding_method === 1 ? roundEven : roundAway;
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return [out];
});
unary("is_finite", (x) => (Number.isFinite(x) ? 1 : 0));
unary("exp", Math.exp);
unary("exp2", (x) => 2 ** x);
// float32 log/log1p follow XLA's CPU float32 routines so that samplers built on
// them (exponential, gumbel, laplace) are bit-exact with JAX.
floatUnary("log", Math.log, xlaLogF32);
floatUnary("log1p", Math.log1p, xlaLog1pF32);
unary("expm1", Math.expm1);
unary("tanh", Math.tanh);
unary("logistic", (x) => 1 / (1 + Math.exp(-x)));
unary("sin", Math.sin);
unary("cos", Math.cos);
unary("tan", Math.tan);
unary("asin", Math.asin);
unary("acos", Math.acos);
unary("atan", Math.atan);
unary("sinh", Math.sinh);
unary("cosh", Math.cosh);
unary("asinh", Math.asinh);
unary("acosh", Math.acosh);
unary("atanh", Math.atanh);
unary("sqrt", Math.sqrt);
unary("rsqrt", (x) => 1 / Math.sqrt(x));
unary("cbrt", Math.cbrt);
unary("abs", Math.abs, (x) => Math.abs(x) | 0);
unary("erf", erf);
unary("lgamma", lgamma);
unary("digamma", digamma);
defKernel("erf_inv", ([x], [a], _p, [o]) => {
  const out = alloc(o);
  // float32 follows XLA's single-precision polynomial exactly (random.normal depends on it).
  const f = a.dtype === "float64" ? erfInv64 : erfInvF32;
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return [out];
});
unary(
  "square",
  (x) => x * x,
  (x) => Math.imul(x, x),
);
unary("copy", (x) => x);
defKernel("population_count", ([x], [a], _p, [o]) => {
  const out = alloc(o);
  // 8/16-bit integers count only their own bits (a negative int8 is 0xff.., not 0xffffffff).
  const mask = a.dtype === "int8" ? 0xff : a.dtype === "int16" ? 0xffff : 0xffffffff;
  for (let i = 0; i < x.length; i++) {
    let v = (x[i] & mask) >>> 0;
    let c = 0;
    while (v) {
      c += v & 1;
      v >>>= 1;
    }
    out[i] = c;
  }
  return [out];
});
defKernel("not", ([x], [a], _p, [o]) => {
  const out = alloc(o);
  if (a.dtype === "bool") for (let i = 0; i < x.length; i++) out[i] = x[i] ? 0 : 1;
  else for (let i = 0; i < x.length; i++) out[i] = ~x[i];
  return [out];
});

defKernel(integerPowP, ([x], [a], p, [o]) => {
  const out = alloc(o);
  const y = p.y;
  const isInt = !isFloat(a.dtype);
  // 32-bit ints wrap (int64/uint64 have their own kernel).
  // float64 rounds as JS numbers do; the narrower floats to float32 at each step (XLA computes float16 in float32).
  const round = a.dtype === "float64" ? (v: number) => v : Math.fround;
  for (let i = 0; i < x.length; i++) out[i] = isInt ? intPow(x[i], y) : powBySquaring(x[i], y, round);
  return [out];
});

/** C99's pow, as XLA's: JS's Math.pow gives NaN for pow(1, NaN) and pow(±1, ±inf), where C gives 1. */
function powC99(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) return 1;
  return Math.pow(x, y);
}

/**
 * x**y as XLA computes integer_pow (JAX's _integer_pow): repeated squaring
 * of x, each product rounded to the operand's precision (`round`), and the
 * reciprocal of that for a negative y (1 / (x·x), not (1/x)·(1/x)).
 */
function powBySquaring(x: number, y: number, round: (v: number) => number): number {
  if (y === 0) return 1;
  let base = x;
  let n = Math.abs(y);
  let acc: number | null = null;
  while (n > 0) {
    if (n & 1) acc = acc === null ? base : round(acc * base);
    n >>= 1;
    if (n > 0) base = round(base * base);
  }
  return y < 0 ? round(1 / acc!) : acc!;
}
/**
 * jnp.power of integer arrays, as JAX's _pow_int_int: repeated squaring over
 * the exponent's low 6 bits (wrapping; a negative exponent counts as its two's
 * complement bits), and 0**y = 0 for y ≠ 0.
 */
export function jnpIntPow(x: number, y: number): number {
  let acc = x === 0 && y !== 0 ? 0 : 1;
  let base = x | 0;
  for (let k = 0; k < 6; k++) {
    if ((y >> k) & 1) acc = Math.imul(acc, base);
    base = Math.imul(base, base);
  }
  return acc;
}
function intPow(x: number, y: number): number {
  if (y < 0) return x === 1 ? 1 : x === -1 ? (y % 2 === 0 ? 1 : -1) : 0;
  let acc = 1;
  let base = x | 0;
  let n = y;
  while (n > 0) {
    if (n & 1) acc = Math.imul(acc, base);
    base = Math.imul(base, base);
    n >>= 1;
  }
  return acc;
}

// ---- binary ----
binary(
  "add",
  (x, y) => x + y,
  (x, y) => (x + y) | 0,
  (x, y) => (x + y) >>> 0,
);
binary(
  "sub",
  (x, y) => x - y,
  (x, y) => (x - y) | 0,
  (x, y) => (x - y) >>> 0,
);
binary(
  "mul",
  (x, y) => x * y,
  (x, y) => Math.imul(x, y),
  (x, y) => Math.imul(x, y) >>> 0,
);
// Integer division rounds toward zero; x/0 = -1 (all ones), INT_MIN/-1 = INT_MIN, as XLA.
binary(
  "div",
  (x, y) => x / y,
  (x, y) => (y === 0 ? -1 : x === -2147483648 && y === -1 ? x : Math.trunc(x / y) | 0),
  (x, y) => (y === 0 ? 0xffffffff : Math.trunc(x / y) >>> 0),
);
// Remainder has the sign of the dividend; x % 0 = x.
binary(
  "rem",
  (x, y) => x % y,
  (x, y) => (y === 0 ? x : (x % y) | 0),
  (x, y) => (y === 0 ? x : x % y),
);
binary(
  "pow",
  (x, y) => powC99(x, y),
  (x, y) => jnpIntPow(x, y),
);
binary("max", (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y)));
binary("min", (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y)));
binary("atan2", Math.atan2);
binary("nextafter", nextafter32);
for (const d of LOWP_FLOATS) smallIntKernels.set(`nextafter:${d}`, (x, y) => lowpNextafter(x, y, d));
binary("eq", (x, y) => (x === y ? 1 : 0));
binary("ne", (x, y) => (x !== y ? 1 : 0));
binary("lt", (x, y) => (x < y ? 1 : 0));
binary("le", (x, y) => (x <= y ? 1 : 0));
binary("gt", (x, y) => (x > y ? 1 : 0));
binary("ge", (x, y) => (x >= y ? 1 : 0));
binary("and", (x, y) => x & y);
binary("or", (x, y) => x | y);
binary("xor", (x, y) => x ^ y);
binary(
  "shift_left",
  (x, y) => (y >>> 0 >= 32 ? 0 : x << y),
  (x, y) => (y >>> 0 >= 32 ? 0 : x << y),
  (x, y) => (y >= 32 ? 0 : (x << y) >>> 0),
);
binary(
  "shift_right_logical",
  (x, y) => (y >>> 0 >= 32 ? 0 : x >>> y),
  (x, y) => (y >>> 0 >= 32 ? 0 : (x >>> y) | 0),
  (x, y) => (y >= 32 ? 0 : x >>> y),
);
// int8/int16: shift the value's own bits (the store narrows the result again).
for (const [d, bits] of [
  ["int8", 8],
  ["int16", 16],
] as const) {
  smallIntKernels.set(`shift_right_logical:${d}`, (x, y) => (y >>> 0 >= bits ? 0 : (x & (2 ** bits - 1)) >>> y));
}
binary(
  "shift_right_arithmetic",
  (x, y) => x >> Math.min(y >>> 0, 31),
  (x, y) => x >> Math.min(y >>> 0, 31),
  (x, y) => ((x | 0) >> Math.min(y, 31)) >>> 0,
);

function nextafter32(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === y) return y;
  if (x === 0) return y > 0 ? 1.401298464324817e-45 : -1.401298464324817e-45;
  const f = new Float32Array([x]);
  const u = new Int32Array(f.buffer);
  if (y > x === x > 0) u[0] += 1;
  else u[0] -= 1;
  return f[0];
}

function erfInv64(x: number): number {
  // Newton refinement of the float32 approximation, in float64.
  if (x <= -1) return x === -1 ? -Infinity : NaN;
  if (x >= 1) return x === 1 ? Infinity : NaN;
  let y = erfInvF32(x);
  for (let k = 0; k < 3; k++) y -= (erf(y) - x) / ((2 / Math.sqrt(Math.PI)) * Math.exp(-y * y));
  return y;
}

// ---- select_n, clamp ----
defKernel("select_n", ([p, ...cases], [pa], _params, [o]) => {
  const out = alloc(o);
  const scalar = pa.ndim === 0;
  for (let i = 0; i < out.length; i++) out[i] = cases[scalar ? p[0] : p[i]][i];
  return [out];
});
defKernel("clamp", ([lo, x, hi], [la, , ha], _p, [o]) => {
  const out = alloc(o);
  const ls = la.ndim === 0;
  const hs = ha.ndim === 0;
  for (let i = 0; i < out.length; i++) {
    const l = lo[ls ? 0 : i];
    const h = hi[hs ? 0 : i];
    const v = x[i];
    out[i] = Number.isNaN(v) ? v : v < l ? l : v > h ? h : v;
  }
  return [out];
});

// ---- conversions ----
defKernel("convert_element_type", ([x], [a], p, [o]) => {
  const out = alloc(o);
  const d = o.dtype;
  // Integer → 32-bit integer conversions wrap (two's complement), as XLA's; float → int saturates.
  const wrap = !isFloat(a.dtype) && isInteger(d);
  if (wrap) for (let i = 0; i < x.length; i++) out[i] = wrapInt(x[i], d);
  else for (let i = 0; i < x.length; i++) out[i] = castScalar(x[i], d);
  return [out];
});
defKernel("bitcast_convert_type", ([x], [a], _p, [o]) => {
  // The ml_dtypes types hold values, not bits: go through their bit patterns.
  if (isLowp(a.dtype) || isLowp(o.dtype)) {
    const bits = new Uint8Array(x.length);
    for (let i = 0; i < x.length; i++) bits[i] = isLowp(a.dtype) ? lowpToBits(x[i], a.dtype) : x[i];
    const out = alloc(o);
    if (isLowp(o.dtype)) for (let i = 0; i < x.length; i++) out[i] = lowpFromBits(bits[i], o.dtype);
    else out.set(new (out.constructor as { new (b: ArrayBuffer): TypedArray })(bits.buffer));
    return [out];
  }
  // float16 and bfloat16 hold values: through their 16 bits (the other side is 16 bits wide, as the primitive checks).
  const half = (d: string): d is "float16" | "bfloat16" => d === "float16" || d === "bfloat16";
  if (half(a.dtype) || half(o.dtype)) {
    const out = alloc(o);
    for (let i = 0; i < x.length; i++) {
      const b = half(a.dtype) ? halfToBits(x[i], a.dtype) : x[i] & 0xffff;
      out[i] = half(o.dtype) ? halfFromBits(b, o.dtype) : o.dtype === "int16" ? (b << 16) >> 16 : b;
    }
    return [out];
  }
  const src = new (x.constructor as { new (n: number): TypedArray })(x.length);
  src.set(x);
  const out = alloc(o);
  out.set(new (out.constructor as { new (b: ArrayBuffer): TypedArray })(src.buffer as ArrayBuffer));
  return [out];
});
