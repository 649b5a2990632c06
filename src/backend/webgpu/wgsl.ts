// WGSL from the kernel IR: one invocation per output point (the kernel's
// non-reduced dimensions, row-major), a loop over the reduced points, every
// load through its strided view. Types: f32, i32, u32, and bool (stored as u32);
// float16 and bfloat16 (f16/bf16) are f32 values rounded to the narrow format
// after each operation that can leave it (round_f16/round_bf16 on the bits),
// as the reference kernels round each stored result: bit for bit the same.
// Semantics follow the reference kernels (backend/js): NaN propagates through
// max/min, integer x/0 = -1, x%0 = x, float→int saturates with NaN → 0.
import { OPS } from "../../compiler/ops.ts";
import { type KType, type Kernel, type Leaf, type Node, type ReduceOp, topoOrder } from "../../compiler/kernel.ts";
import { isLowpFloatK, isNarrowIntK } from "../../compiler/ktype.ts";
import { roundToBfloat16, roundToFloat16 } from "../../core/dtypes.ts";
import { LOWP_DEPS, LOWP_HELPERS, lowpRound } from "./lowp.ts";

export const WORKGROUP = 64;

/** WGSL type of a value in expressions. */
function wty(t: KType): string {
  if (t === "f64") throw new Error("internal: f64 kernels are not emitted for WebGPU");
  if (t === "i64" || t === "u64" || isNarrowIntK(t)) throw new Error(`internal: ${t} kernels are not emitted for WebGPU`);
  return t === "bool" ? "bool" : isLowpFloatK(t) ? "f32" : t;
}

/** Whether values of this type are floats held in f32 (f32, f16, bf16). */
export function isF32Held(t: KType): boolean {
  return t === "f32" || isLowpFloatK(t);
}
/** WGSL type of a buffer element (bool is stored as u32). */
export function storageType(t: KType): "f32" | "i32" | "u32" {
  if (t === "f64") throw new Error("internal: f64 has no WebGPU storage");
  if (isNarrowIntK(t)) throw new Error(`internal: ${t} kernels are not emitted for WebGPU`);
  if (t === "i64" || t === "u64") throw new Error(`internal: ${t} has no WebGPU storage`);
  return t === "bool" ? "u32" : isLowpFloatK(t) ? "f32" : t;
}

function f32Literal(v: number): string {
  const f = Math.fround(v);
  if (Number.isNaN(f)) return "bitcast<f32>(NAN_BITS)";
  if (f === Infinity) return "bitcast<f32>(INF_BITS)";
  if (f === -Infinity) return "bitcast<f32>(NEG_INF_BITS)";
  if (Object.is(f, -0)) return "bitcast<f32>(0x80000000u)";
  // Below f32's normal range WGSL literals may flush to zero: spell the bits.
  if (f !== 0 && Math.abs(f) < 1.1754943508222875e-38) return `bitcast<f32>(${new Uint32Array(new Float32Array([f]).buffer)[0]}u)`;
  const s = String(f);
  return `f32(${/[.e]/.test(s) ? s : `${s}.0`})`;
}

export function literal(t: KType, v: number): string {
  switch (t) {
    case "f32":
      return f32Literal(v);
    case "f16":
      return f32Literal(roundToFloat16(Math.fround(v)));
    case "bf16":
      return f32Literal(roundToBfloat16(v));
    case "i32":
      return `i32(${v | 0})`;
    case "u32":
      return `${v >>> 0}u`;
    case "bool":
      return v !== 0 ? "true" : "false";
    default:
      throw new Error(`internal: no WGSL literal of type ${t}`);
  }
}

/** x^n by squaring, as an expression over the name `x` (n may be negative for floats). */
function integerPow(x: string, n: number, t: KType): string {
  const one = literal(t, 1);
  if (n === 0) return one;
  let e = Math.abs(n);
  let result = "";
  let base = x;
  const parts: string[] = [];
  while (e > 0) {
    if (e & 1) parts.push(base);
    e >>= 1;
    if (e) base = `(${base} * ${base})`;
  }
  result = parts.join(" * ");
  return n < 0 ? `(${one} / (${result}))` : `(${result})`;
}

function convert(x: string, from: KType, to: KType): string {
  if (from === to) return x;
  // float16/bfloat16: convert as f32, then round to the narrow format.
  if (isLowpFloatK(to)) return from === "bool" ? convert(x, from, "f32") : lowpRound(to, convert(x, from, "f32"));
  if (isLowpFloatK(from)) return convert(x, "f32", to);
  if (to === "bool") return from === "f32" ? `((bitcast<u32>(${x}) & 0x7fffffffu) != 0u)` : `(${x} != ${literal(from, 0)})`;
  if (from === "bool") return `select(${literal(to, 0)}, ${literal(to, 1)}, ${x})`;
  if (to === "f32") return `f32(${x})`;
  if (from === "f32") return to === "i32" ? `f32_to_i32(${x})` : `f32_to_u32(${x})`;
  return `bitcast<${to}>(${x})`; // i32 <-> u32 wraps
}

/** Helper functions a kernel may call (emitted only when used). */
/**
 * NaN and infinities as run-time values: WGSL's constant evaluation rejects
 * them, so they are read from private variables.
 */
export const SPECIAL_BITS = [
  "var<private> NAN_BITS: u32 = 0x7fc00000u;",
  "var<private> INF_BITS: u32 = 0x7f800000u;",
  "var<private> NEG_INF_BITS: u32 = 0xff800000u;",
];

export const HELPERS: Record<string, string> = {
  ...LOWP_HELPERS,
  // sin (shift 0) and cos (shift 1): WGSL only promises 2^-11 absolute error
  // for its builtins (SwiftShader's are that coarse), so reduce by pi/2 in
  // three parts (Cody-Waite, exact to 2^13) below 8192, exactly beyond (trig_reduce), and
  // evaluate Cephes' float polynomials (~1 ulp).
  sincos: `fn sincos(x: f32, shift: u32) -> f32 {
  if (x == 0.0 && shift == 0u) { return x; }
  var r: f32;
  var q: u32;
  if (abs(x) > 8192.0) {
    if ((bitcast<u32>(x) & 0x7f800000u) == 0x7f800000u) { return bitcast<f32>(NAN_BITS); }
    let red = trig_reduce(x);
    r = red.r;
    q = red.q;
  } else {
    let j = round(x * 0.63661977236758134);
    r = ((x - j * 1.5703125) - j * 4.837512969970703125e-4) - j * 7.54978995489188216e-8;
    q = u32(i32(j));
  }
  let z = r * r;
  let s = ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * r + r;
  let c = ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
  let k = (q + shift) & 3u;
  if (k == 0u) { return s; }
  if (k == 1u) { return c; }
  if (k == 2u) { return -s; }
  return -c;
}`,
  // Payne-Hanek: x times 192 bits of 2/pi in 32-bit words (CUDA's slow path
  // for sinf), the fraction scaled by pi/2 in fixed point. Exact for every finite float.
  trig_reduce: `var<private> I2OPI: array<u32, 6> = array<u32, 6>(0x3c439041u, 0xdb629599u, 0xf534ddc0u, 0xfc2757d1u, 0x4e441529u, 0xa2f9836eu);
struct Reduced { r: f32, q: u32 }
fn trig_reduce(x: f32) -> Reduced {
  var ia = bitcast<u32>(x);
  var s = ia & 0x80000000u;
  var e = ((ia >> 23u) & 0xffu) - 128u;
  ia = (ia << 8u) | 0x80000000u;
  let idx = 4u - (e >> 5u);
  var words: array<u32, 7>;
  var hi = 0u;
  for (var i = 0u; i < 6u; i = i + 1u) {
    let lo = I2OPI[i] * ia;
    var h = umul_hi(I2OPI[i], ia);
    let sum = lo + hi;
    if (sum < lo) { h = h + 1u; }
    words[i] = sum;
    hi = h;
  }
  words[6] = hi;
  e = e & 31u;
  hi = words[idx + 2u];
  var lo = words[idx + 1u];
  if (e != 0u) {
    let back = 32u - e;
    hi = (hi << e) | (lo >> back);
    lo = (lo << e) | (words[idx] >> back);
  }
  var q = hi >> 30u;
  hi = (hi << 2u) | (lo >> 30u);
  lo = lo << 2u;
  let up = hi + select(0u, 1u, lo > 0u) > 0x80000000u;
  if (up) { q = q + 1u; }
  if (s != 0u) { q = 0u - q; }
  if (up) {
    hi = ~hi;
    lo = 0u - lo;
    if (lo == 0u) { hi = hi + 1u; }
    s = s ^ 0x80000000u;
  }
  var ex = 0;
  while (bitcast<i32>(hi) > 0) {
    hi = (hi << 1u) | (lo >> 31u);
    lo = lo << 1u;
    ex = ex - 1;
  }
  lo = hi * 0xc90fdaa2u;
  hi = umul_hi(hi, 0xc90fdaa2u);
  if (bitcast<i32>(hi) > 0) {
    hi = (hi << 1u) | (lo >> 31u);
    ex = ex - 1;
  }
  hi = hi + select(0u, 1u, lo > 0u);
  let bits = s | (bitcast<u32>((ex + 126) << 23u) + (hi >> 8u) + select(0u, 1u, (hi << 24u) >= 0x80000000u));
  return Reduced(bitcast<f32>(bits), q);
}`,
  // The high word of a 32 × 32-bit product, from 16-bit halves.
  umul_hi: `fn umul_hi(a: u32, b: u32) -> u32 {
  let a0 = a & 0xffffu; let a1 = a >> 16u; let b0 = b & 0xffffu; let b1 = b >> 16u;
  let p01 = a0 * b1; let p10 = a1 * b0;
  let mid = ((a0 * b0) >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return a1 * b1 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u);
}`,
  // NaN tests on the bits: shader compilers may fold x != x to false.
  is_nan: `fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }`,
  f32_to_i32: `fn f32_to_i32(x: f32) -> i32 {
  if (is_nan(x)) { return 0; }
  if (x >= 2147483648.0) { return 2147483647; }
  if (x <= -2147483648.0) { return i32(-2147483648); }
  return i32(x);
}`,
  f32_to_u32: `fn f32_to_u32(x: f32) -> u32 {
  if (is_nan(x) || x <= 0.0) { return 0u; }
  if (x >= 4294967296.0) { return 4294967295u; }
  return u32(x);
}`,
  fmax: `fn fmax(a: f32, b: f32) -> f32 { if (is_nan(a)) { return a; } if (is_nan(b)) { return b; } return max(a, b); }`,
  fmin: `fn fmin(a: f32, b: f32) -> f32 { if (is_nan(a)) { return a; } if (is_nan(b)) { return b; } return min(a, b); }`,
  log_: `fn log_(x: f32) -> f32 {
  if (x < 0.0 || is_nan(x)) { return bitcast<f32>(NAN_BITS); }
  if (x == 0.0) { return bitcast<f32>(NEG_INF_BITS); }
  if (x == bitcast<f32>(INF_BITS)) { return x; }
  // Cephes' logf (~1 ulp; SwiftShader's log is coarser): x = m 2^e, m in [sqrt(1/2), sqrt(2)).
  var b = bitcast<u32>(x);
  var e = i32(b >> 23u) - 126;
  if ((b >> 23u) == 0u) {
    b = bitcast<u32>(x * 33554432.0);
    e = i32(b >> 23u) - 151;
  }
  var m = bitcast<f32>((b & 0x7fffffu) | 0x3f000000u);
  if (m < 0.70710678118654752) {
    e = e - 1;
    m = m + m - 1.0;
  } else {
    m = m - 1.0;
  }
  let z = m * m;
  let fe = f32(e);
  let y = log_poly(m) * m * z - 2.12194440e-4 * fe - 0.5 * z;
  return (m + y) + 0.693359375 * fe;
}`,
  log_poly: `fn log_poly(x: f32) -> f32 {
  var y = 7.0376836292e-2;
  y = y * x - 1.1514610310e-1;
  y = y * x + 1.1676998740e-1;
  y = y * x - 1.2420140846e-1;
  y = y * x + 1.4249322787e-1;
  y = y * x - 1.6668057665e-1;
  y = y * x + 2.0000714765e-1;
  y = y * x - 2.4999993993e-1;
  return y * x + 3.3333331174e-1;
}`,
  sqrt_: `fn sqrt_(x: f32) -> f32 { if (x < 0.0) { return bitcast<f32>(NAN_BITS); } return sqrt(x); }`,
  rsqrt_: `fn rsqrt_(x: f32) -> f32 {
  if (x < 0.0) { return bitcast<f32>(NAN_BITS); }
  if (x == 0.0) { return select(bitcast<f32>(INF_BITS), bitcast<f32>(NEG_INF_BITS), (bitcast<u32>(x) >> 31u) != 0u); }
  return inverseSqrt(x);
}`,
  sign_: `fn sign_(x: f32) -> f32 { if (is_nan(x)) { return x; } return sign(x); }`,
  feq: `fn feq(a: f32, b: f32) -> bool { return a == b && !is_nan(a) && !is_nan(b); }`,
  flt: `fn flt(a: f32, b: f32) -> bool { return a < b && !is_nan(a) && !is_nan(b); }`,
  fle: `fn fle(a: f32, b: f32) -> bool { return a <= b && !is_nan(a) && !is_nan(b); }`,
  log1p_: `fn log1p_(x: f32) -> f32 {
  if (x < -1.0 || is_nan(x)) { return bitcast<f32>(NAN_BITS); }
  if (x == -1.0) { return bitcast<f32>(NEG_INF_BITS); }
  // Near 0, Cephes' logf polynomial in x itself (1 + x would lose x's low bits).
  if (x > -0.2928932 && x < 0.4142135) {
    if (x == 0.0) { return x; }
    let z = x * x;
    return x + (log_poly(x) * x * z - 0.5 * z);
  }
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  if (u == bitcast<f32>(INF_BITS)) { return u; }
  return log_(u) * x / (u - 1.0);
}`,
  // Taylor series below 1/2 (exp(x) - 1 cancels there), exp(x) - 1 above.
  expm1_: `fn expm1_(x: f32) -> f32 {
  if (x == 0.0) { return x; }
  if (abs(x) < 0.5) {
    // x plus the series' rest: the last addition rounds once, as float16 results need (see logistic_).
    return x + x * x / 2.0 * (1.0 + x / 3.0 * (1.0 + x / 4.0 * (1.0 + x / 5.0 * (1.0 + x / 6.0 * (1.0 + x / 7.0 * (1.0 + x / 8.0 * (1.0 + x / 9.0)))))));
  }
  return exp_(x) - 1.0;
}`,
  // Near 0, 1/2 + tanh(x/2)/2: its f32 sum is correctly rounded (1 / (1 + e^-x) is not there), which
  // float16 results need, rounded from it as the reference rounds its float64 value through float32.
  logistic_: `fn logistic_(x: f32) -> f32 {
  if (is_nan(x) || abs(x) >= 0.5) { return 1.0 / (1.0 + exp_(-x)); }
  return 0.5 + 0.5 * tanh_(0.5 * x);
}`,
  // Cephes' expf (~1 ulp; SwiftShader's exp is coarser, and gives +inf for NaN).
  exp_: `fn exp_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x > 88.72283935546875) { return bitcast<f32>(INF_BITS); }
  if (x < -103.97208404541016) { return 0.0; }
  let n = floor(1.4426950408889634 * x + 0.5);
  let r = (x - n * 0.693359375) + n * 2.12194440e-4;
  let z = r * r;
  let p = (((((1.9875691500e-4 * r + 1.3981999507e-3) * r + 8.3334519073e-3) * r + 4.1665795894e-2) * r + 1.6666665459e-1) * r + 5.0000001201e-1) * z + r + 1.0;
  let ni = i32(n);
  let h = ni / 2;
  return p * ldexp(1.0, h) * ldexp(1.0, ni - h);
}`,
  // Cephes' tanhf: a polynomial below 0.625 (SwiftShader's tanh is coarse near 0), 1 - 2 / (e^2x + 1) above.
  tanh_: `fn tanh_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let a = abs(x);
  if (a >= 0.625) {
    if (a > 44.0) { return sign(x); }
    let t = 1.0 - 2.0 / (exp_(2.0 * a) + 1.0);
    return select(t, -t, x < 0.0);
  }
  if (a == 0.0) { return x; }
  let z = x * x;
  return ((((-5.70498872745e-3 * z + 2.06390887954e-2) * z - 5.37397155531e-2) * z + 1.33314422036e-1) * z - 3.33332819422e-1) * z * x + x;
}`,
  round_away: `fn round_away(x: f32) -> f32 {
  let t = trunc(x);
  return select(t, t + sign(x), abs(x - t) >= 0.5);
}`,
  // Below 1/4 the Taylor series with 2/sqrt(pi) split in two: x times its 13-bit head is exact for
  // float16/bfloat16 x, so the last addition rounds once (float16 results round that f32, as the
  // reference rounds its float64 value through float32). XLA's rational function above.
  erf_: `fn erf_(x0: f32) -> f32 {
  if (x0 == 0.0) { return x0; }
  if (abs(x0) < 0.25) {
    let z = x0 * x0;
    let rest = z * (-0.33333333333 + z * (0.1 + z * (-0.023809523809 + z * (0.0046296296296 - z * 0.00075757575758))));
    return x0 * 1.128173828125 + (x0 * 2.0533897e-4 + x0 * 1.1283791670955126 * rest);
  }
  let x = clamp(x0, -4.0, 4.0);
  let x2 = x * x;
  var p = -2.72614225801306e-10;
  p = p * x2 + 2.77068142495902e-08;
  p = p * x2 - 2.10102402082508e-06;
  p = p * x2 - 5.69250639462346e-05;
  p = p * x2 - 7.34990630326855e-04;
  p = p * x2 - 2.95459980854025e-03;
  p = p * x2 - 1.60960333262415e-02;
  var q = -1.45660718464996e-05;
  q = q * x2 - 2.13374055278905e-04;
  q = q * x2 - 1.68282697438203e-03;
  q = q * x2 - 7.37332916720468e-03;
  q = q * x2 - 1.42647390514189e-02;
  return select(x * p / q, x0, is_nan(x0));
}`,
  erf_inv_: `fn erf_inv_(x: f32) -> f32 {
  if (abs(x) > 1.0 || is_nan(x)) { return bitcast<f32>(NAN_BITS); }
  if (abs(x) == 1.0) { return x * bitcast<f32>(INF_BITS); }
  var w = -log((1.0 - x) * (1.0 + x));
  var p: f32;
  if (w < 5.0) {
    w = w - 2.5;
    p = 2.81022636e-08;
    p = 3.43273939e-07 + p * w;
    p = -3.5233877e-06 + p * w;
    p = -4.39150654e-06 + p * w;
    p = 0.00021858087 + p * w;
    p = -0.00125372503 + p * w;
    p = -0.00417768164 + p * w;
    p = 0.246640727 + p * w;
    p = 1.50140941 + p * w;
  } else {
    w = sqrt(w) - 3.0;
    p = -0.000200214257;
    p = 0.000100950558 + p * w;
    p = 0.00134934322 + p * w;
    p = -0.00367342844 + p * w;
    p = 0.00573950773 + p * w;
    p = -0.0076224613 + p * w;
    p = 0.00943887047 + p * w;
    p = 1.00167406 + p * w;
    p = 2.83297682 + p * w;
  }
  return p * x;
}`,
};

/** The WGSL expression of an op node over its arguments' names. */
function opExpr(n: Node & { kind: "op" }, a: string[], use: (helper: string) => string): string {
  const t = n.type;
  const at = n.args[0].type;
  const isF = isF32Held(at);
  const [x, y] = a;
  switch (n.op) {
    case "add":
      return `(${x} + ${y})`;
    case "sub":
      return `(${x} - ${y})`;
    case "mul":
      return `(${x} * ${y})`;
    case "div":
      if (isF) return `(${x} / ${y})`;
      return at === "i32"
        ? `select(select(${x} / ${y}, ${x}, ${x} == i32(-2147483648) && ${y} == -1), -1, ${y} == 0)`
        : `select(${x} / ${y}, 4294967295u, ${y} == 0u)`;
    case "rem":
      if (isF) return `(${x} % ${y})`;
      return `select(${x} % ${y}, ${x}, ${y} == ${literal(at, 0)})`;
    case "max":
      return isF ? `${use("fmax")}(${x}, ${y})` : at === "bool" ? `(${x} || ${y})` : `max(${x}, ${y})`;
    case "min":
      return isF ? `${use("fmin")}(${x}, ${y})` : at === "bool" ? `(${x} && ${y})` : `min(${x}, ${y})`;
    case "neg":
      return at === "u32" ? `(0u - ${x})` : `(-${x})`;
    case "abs":
      return at === "u32" ? x : `abs(${x})`;
    case "square":
      return `(${x} * ${x})`;
    case "sign":
      if (at === "u32") return `select(0u, 1u, ${x} != 0u)`;
      return isF ? `${use("sign_")}(${x})` : `sign(${x})`;
    case "sqrt":
      return `${use("sqrt_")}(${x})`;
    case "rsqrt":
      return `${use("rsqrt_")}(${x})`;
    case "floor":
      return `floor(${x})`;
    case "ceil":
      return `ceil(${x})`;
    case "trunc":
      return `trunc(${x})`;
    case "round":
      return n.param === 1 ? `round(${x})` : `${use("round_away")}(${x})`;
    case "exp":
      return `${use("exp_")}(${x})`;
    case "log":
      return `${use("log_")}(${x})`;
    case "log1p":
      return `${use("log1p_")}(${x})`;
    case "expm1":
      return `${use("expm1_")}(${x})`;
    case "tanh":
      return `${use("tanh_")}(${x})`;
    case "logistic":
      return `${use("logistic_")}(${x})`;
    case "sin":
      return `${use("sincos")}(${x}, 0u)`;
    case "cos":
      return `${use("sincos")}(${x}, 1u)`;
    case "erf":
      return `${use("erf_")}(${x})`;
    case "erf_inv":
      return `${use("erf_inv_")}(${x})`;
    case "is_finite":
      return `((bitcast<u32>(${x}) & 0x7f800000u) != 0x7f800000u)`;
    case "integer_pow":
      return integerPow(x, n.param, t);
    case "pow":
    case "atan2":
      throw new Error(`internal: ${n.op} is not a WGSL kernel op (wgslSupportsOp)`);
    case "and":
      return at === "bool" ? `(${x} && ${y})` : `(${x} & ${y})`;
    case "or":
      return at === "bool" ? `(${x} || ${y})` : `(${x} | ${y})`;
    case "xor":
      return at === "bool" ? `(${x} != ${y})` : `(${x} ^ ${y})`;
    case "not":
      return at === "bool" ? `(!${x})` : `(~${x})`;
    case "shl":
      return `select(${x} << u32(${y}), ${literal(at, 0)}, u32(${y}) >= 32u)`;
    case "shr_l":
      return at === "u32"
        ? `select(${x} >> ${y}, 0u, ${y} >= 32u)`
        : `select(bitcast<i32>(bitcast<u32>(${x}) >> u32(${y})), 0, u32(${y}) >= 32u)`;
    case "shr_a":
      return at === "i32" ? `(${x} >> min(u32(${y}), 31u))` : `bitcast<u32>(bitcast<i32>(${x}) >> min(${y}, 31u))`;
    // Float comparisons test NaN on the bits (see is_nan).
    case "eq":
      return isF ? `${use("feq")}(${x}, ${y})` : `(${x} == ${y})`;
    case "ne":
      return isF ? `(!${use("feq")}(${x}, ${y}))` : `(${x} != ${y})`;
    case "lt":
      return isF ? `${use("flt")}(${x}, ${y})` : `(${x} < ${y})`;
    case "le":
      return isF ? `${use("fle")}(${x}, ${y})` : `(${x} <= ${y})`;
    case "gt":
      return isF ? `${use("flt")}(${y}, ${x})` : `(${x} > ${y})`;
    case "ge":
      return isF ? `${use("fle")}(${y}, ${x})` : `(${x} >= ${y})`;
    case "select": {
      const [which, ...cases] = a;
      if (n.args[0].type === "bool") return `select(${cases[0]}, ${cases[1]}, ${which})`;
      // An integer selector picks among the cases; out of range takes the last, as the reference.
      let e = cases[cases.length - 1];
      for (let i = cases.length - 2; i >= 0; i--) e = `select(${e}, ${cases[i]}, ${which} == ${literal(n.args[0].type, i)})`;
      return e;
    }
    case "clamp": {
      const [lo, v, hi] = a;
      const c = n.args[1].type === "bool" ? `((${v} || ${lo}) && ${hi})` : `min(max(${v}, ${lo}), ${hi})`;
      return isF32Held(n.args[1].type) ? `select(${c}, ${v}, ${use("is_nan")}(${v}))` : c;
    }
    case "convert":
      return convert(x, at, t);
    case "bitcast":
      return at === t ? x : `bitcast<${wty(t)}>(${x})`;
  }
}

/** Which ops and types the WGSL emitter computes (the webgpu Target's op table). */
export function wgslSupportsOp(op: keyof typeof OPS, argTypes: readonly KType[], out: KType): boolean {
  // float16/bfloat16 hold values, not bits, here (as the reference kernels, which refuse such bitcasts).
  if (op === "bitcast" && (isLowpFloatK(out) || isLowpFloatK(argTypes[0]))) return false;
  // f64 is computed as f32 (narrowF64), except where its bits are the point.
  if (op === "bitcast" && (out === "f64" || argTypes[0] === "f64")) return false;
  if (op === "bitcast") return argTypes[0] !== "bool" && out !== "bool";
  // WGSL's pow is undefined for negative bases: the primitive runs as its own step.
  if (op === "pow") return false;
  if (op === "atan2") return false; // WGSL's atan2 leaves the signs of zero and the infinities to the implementation
  return true;
}

const ACC_INIT: Record<ReduceOp, (t: KType) => string> = {
  sum: (t) => literal(t, 0),
  prod: (t) => literal(t, 1),
  max: (t) => (isF32Held(t) ? literal("f32", -Infinity) : t === "i32" ? "i32(-2147483648)" : "0u"),
  min: (t) => (isF32Held(t) ? literal("f32", Infinity) : t === "i32" ? "2147483647" : "4294967295u"),
  and: () => "true",
  or: () => "false",
};

function accumulate(op: ReduceOp, t: KType, acc: string, v: string, use: (h: string) => string): string {
  switch (op) {
    case "sum":
      return `${acc} = ${acc} + ${v};`;
    case "prod":
      return `${acc} = ${acc} * ${v};`;
    case "max":
      return isF32Held(t) ? `${acc} = ${use("fmax")}(${acc}, ${v});` : `${acc} = max(${acc}, ${v});`;
    case "min":
      return isF32Held(t) ? `${acc} = ${use("fmin")}(${acc}, ${v});` : `${acc} = min(${acc}, ${v});`;
    case "and":
      return `${acc} = ${acc} && ${v};`;
    case "or":
      return `${acc} = ${acc} || ${v};`;
  }
}

/** float16 sums accumulate exactly (lowp.ts: fixed point), rounded once at the end. */
function exactSum(o: Kernel["outputs"][number]): boolean {
  return o.reduce === "sum" && o.type === "f16";
}

/**
 * A reduction's result from its accumulator: float16 sums from the fixed
 * point; other float16/bfloat16 sums and products accumulate in f32, rounded
 * at the end (max and min stay in the format).
 */
function reduced(o: Kernel["outputs"][number], acc: string): string {
  if (exactSum(o)) return `round_f16(fx_value(${acc}))`;
  if (isLowpFloatK(o.type) && (o.reduce === "sum" || o.reduce === "prod")) return lowpRound(o.type, acc);
  return acc;
}

/** Index arithmetic of a view, over coordinate names `i0..`: offset + Σ strides·i. */
function viewIndex(strides: readonly number[], offset: number): string {
  const terms = strides.map((s, d) => (s === 0 ? "" : s === 1 ? `i${d}` : `${s} * i${d}`)).filter(Boolean);
  if (offset !== 0 || terms.length === 0) terms.unshift(String(offset));
  return terms.join(" + ");
}

export interface WgslKernel {
  code: string;
  /** Invocations to launch (output points). */
  points: number;
  /** Workgroups to launch instead, where the kernel gives each output point a workgroup (tree reductions). */
  groups?: [number, number, number];
}

/** Reductions at least this long run as workgroup trees. */
const TREE_MIN = 256;
const TREE_WORKGROUP = 256;

/**
 * The kernel with float64 computed as float32: WGSL has no f64, and f64 only
 * reaches a kernel inside one (arrays on this backend are never float64), e.g.
 * a float32 multiply-add widened so that it rounds once. Here it rounds twice.
 */
export function narrowF64(k: Kernel): Kernel {
  const f = (t: KType): KType => (t === "f64" ? "f32" : t);
  const memo = new Map<number, Node>();
  const map = (n: Node): Node => {
    let m = memo.get(n.id);
    if (!m) {
      m =
        n.kind === "op"
          ? { ...n, type: f(n.type), args: n.args.map(map) }
          : n.kind === "load" && n.index
            ? { ...n, type: f(n.type), index: map(n.index) }
            : ({ ...n, type: f(n.type) } as Node);
      memo.set(n.id, m);
    }
    return m;
  };
  return {
    ...k,
    inputs: k.inputs.map((i) => ({ type: f(i.type) })),
    outputs: k.outputs.map((o) => ({ ...o, node: map(o.node), type: f(o.type) })),
  };
}

/** Ops whose float16/bfloat16 results are already in the format (convert rounds itself). */
const LOWP_EXACT = new Set<string>(["max", "min", "neg", "abs", "sign", "floor", "ceil", "trunc", "round", "select", "clamp", "convert"]);

/**
 * `let` lines computing the nodes reachable from `roots`, dependencies first
 * (node n is named `v<n.id>`); `leaf` spells loads, iotas and constants.
 */
/** `leaf` gives a load, iota or constant's expression; a gathered load's index is already a `let`, named by `index`. */
export function emitNodes(
  roots: readonly Node[],
  leaf: (n: Leaf, index?: string) => string,
  use: (helper: string) => string,
): { lines: string[]; name: Map<number, string> } {
  const lines: string[] = [];
  const name = new Map<number, string>();
  for (const n of topoOrder(roots)) {
    const v = `v${n.id}`;
    name.set(n.id, v);
    let e: string;
    if (n.kind === "op") {
      e = opExpr(
        n,
        n.args.map((x) => name.get(x.id)!),
        use,
      );
      // A float16/bfloat16 result is rounded unless the op cannot leave the format.
      if (isLowpFloatK(n.type) && !LOWP_EXACT.has(n.op)) e = lowpRound(n.type, e);
    } else e = leaf(n, n.kind === "load" && n.index ? name.get(n.index.id) : undefined);
    lines.push(`let ${v}: ${wty(n.type)} = ${e};`);
  }
  return { lines, name };
}

/** The special values and the helper functions a shader's body uses (each once, is_nan first: the others call it). */
export function helperCode(used: Set<string>, body: readonly string[]): string[] {
  if (used.has("sincos")) used.add("trig_reduce").add("umul_hi");
  if (used.has("logistic_")) used.add("tanh_");
  if (used.has("expm1_") || used.has("tanh_")) used.add("exp_");
  if (used.has("log1p_")) used.add("log_");
  if (used.has("log_")) used.add("log_poly");
  if (body.some((l) => l.includes("f32_to_i32("))) used.add("f32_to_i32");
  if (body.some((l) => l.includes("f32_to_u32("))) used.add("f32_to_u32");
  // Rounding and exact-sum helpers are spelled into expressions directly (convert, lowpRound).
  for (const h of Object.keys(LOWP_HELPERS)) if (body.some((l) => l.includes(`${h}(`))) used.add(h);
  for (const h of [...used]) for (const d of LOWP_DEPS[h] ?? []) used.add(d);
  const helpers = [...used].filter((h) => h !== "is_nan").map((h) => HELPERS[h]);
  return [...SPECIAL_BITS, HELPERS.is_nan, ...helpers];
}

/** WGSL for a kernel: bindings 0..n-1 are its inputs, then its outputs. */
export function emitKernel(kernel: Kernel): WgslKernel {
  const k = narrowF64(kernel);
  const used = new Set<string>();
  const use = (h: string) => {
    used.add(h);
    return h;
  };
  const dims = k.shape.length;
  const kept = k.shape.map((_, d) => d).filter((d) => !k.reduced[d]);
  const red = k.shape.map((_, d) => d).filter((d) => k.reduced[d]);
  const points = kept.reduce((p, d) => p * k.shape[d], 1);
  const redPoints = red.reduce((p, d) => p * k.shape[d], 1);

  const lines: string[] = [];
  k.inputs.forEach((inp, i) => lines.push(`@group(0) @binding(${i}) var<storage, read> in${i}: array<${storageType(inp.type)}>;`));
  k.outputs.forEach((o, i) =>
    lines.push(`@group(0) @binding(${k.inputs.length + i}) var<storage, read_write> out${i}: array<${storageType(o.type)}>;`),
  );

  // Long reductions: one workgroup per output point, its invocations striding
  // over the reduced points, then a tree over workgroup memory.
  const tree = red.length > 0 && redPoints >= TREE_MIN && k.outputs.every((o) => !o.reduce || o.type !== "bool");
  const body: string[] = [];
  if (tree) body.push(`let p = wg.x + wg.y * 65535u;`, `if (p >= ${points}u) { return; }`);
  else body.push(`let p = g.x + g.y * ${WORKGROUP * 65535}u;`, `if (p >= ${points}u) { return; }`);
  // Coordinates of the kept dimensions from the output point, row-major.
  let rest = "i32(p)";
  for (let j = kept.length - 1; j >= 0; j--) {
    const d = kept[j];
    body.push(j === 0 ? `let i${d} = ${rest};` : `let i${d} = ${rest} % ${k.shape[d]};`);
    if (j > 0) {
      body.push(`let q${d} = ${rest} / ${k.shape[d]};`);
      rest = `q${d}`;
    }
  }

  // Expression nodes, in dependency order; each a `let` inside the loop body.
  const { lines: exprLines, name } = emitNodes(
    k.outputs.map((o) => o.node),
    (n, index) => {
      if (n.kind === "load") {
        // A gathered load adds its int32 index (fusion clamped it into the buffer) to the view's offset.
        const raw = `in${n.input}[${viewIndex(n.view.strides, n.view.offset)}${index ? ` + ${index}` : ""}]`;
        return n.type === "bool" ? `(${raw} != 0u)` : raw;
      }
      if (n.kind === "iota") return convert(viewIndex(n.view.strides, n.view.offset), "i32", n.type);
      return literal(n.type, Number(n.value)); // no 64-bit types here
    },
    use,
  );
  const store = (o: Kernel["outputs"][number], i: number, v: string, at = "p") =>
    `out${i}[${at}] = ${o.type === "bool" ? `select(0u, 1u, ${v})` : v};`;
  // The row-major index of the full iteration-space point.
  let fullIndex = "0";
  for (let d = 0, stride = 1; d < dims; d++) {
    const ax = dims - 1 - d;
    fullIndex = d === 0 ? `i${ax}` : `${fullIndex} + ${stride} * i${ax}`;
    stride *= k.shape[ax];
  }
  fullIndex = `u32(${fullIndex})`;

  if (red.length === 0) {
    body.push(...exprLines);
    k.outputs.forEach((o, i) => body.push(store(o, i, name.get(o.node.id)!)));
  } else {
    k.outputs.forEach((o, i) => {
      if (o.reduce) body.push(exactSum(o) ? `var acc${i} = vec4u(0u);` : `var acc${i}: ${wty(o.type)} = ${ACC_INIT[o.reduce](o.type)};`);
    });
    body.push(
      tree
        ? `for (var r: i32 = i32(lid); r < ${redPoints}; r = r + ${TREE_WORKGROUP}) {`
        : `for (var r: i32 = 0; r < ${redPoints}; r = r + 1) {`,
    );
    let rr = "r";
    for (let j = red.length - 1; j >= 0; j--) {
      const d = red[j];
      body.push(j === 0 ? `  let i${d} = ${rr};` : `  let i${d} = ${rr} % ${k.shape[d]};`);
      if (j > 0) {
        body.push(`  let r${d} = ${rr} / ${k.shape[d]};`);
        rr = `r${d}`;
      }
    }
    body.push(...exprLines.map((l) => `  ${l}`));
    k.outputs.forEach((o, i) => {
      const v = name.get(o.node.id)!;
      // A stored output covers the whole iteration space, reduced dimensions included.
      if (!o.reduce) body.push(`  ${store(o, i, v, fullIndex)}`);
      else body.push(exactSum(o) ? `  acc${i} = fx_add(acc${i}, fx_of(${v}));` : `  ${accumulate(o.reduce, o.type, `acc${i}`, v, use)}`);
    });
    body.push("}");
    if (tree) {
      k.outputs.forEach((o, i) => {
        if (!o.reduce) return;
        lines.push(`var<workgroup> sh${i}: array<${exactSum(o) ? "vec4u" : wty(o.type)}, ${TREE_WORKGROUP}>;`);
        body.push(`sh${i}[lid] = acc${i};`);
      });
      body.push("workgroupBarrier();", `for (var s: u32 = ${TREE_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {`, "  if (lid < s) {");
      k.outputs.forEach((o, i) => {
        if (!o.reduce) return;
        const step = exactSum(o)
          ? `acc${i} = fx_add(acc${i}, sh${i}[lid + s]);`
          : accumulate(o.reduce, o.type, `acc${i}`, `sh${i}[lid + s]`, use);
        body.push(`    ${step}`, `    sh${i}[lid] = acc${i};`);
      });
      body.push("  }", "  workgroupBarrier();", "}", "if (lid == 0u) {");
      k.outputs.forEach((o, i) => {
        if (o.reduce) body.push(`  ${store(o, i, reduced(o, `acc${i}`))}`);
      });
      body.push("}");
    } else {
      k.outputs.forEach((o, i) => {
        if (o.reduce) body.push(store(o, i, reduced(o, `acc${i}`)));
      });
    }
  }
  const code = [
    ...lines,
    ...helperCode(used, body),
    ...(tree
      ? [
          `@compute @workgroup_size(${TREE_WORKGROUP})`,
          "fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lid: u32) {",
        ]
      : [`@compute @workgroup_size(${WORKGROUP})`, "fn main(@builtin(global_invocation_id) g: vec3u) {"]),
    ...body.map((l) => `  ${l}`),
    "}",
  ].join("\n");
  return tree ? { code, points, groups: [Math.min(points, 65535), Math.ceil(points / 65535), 1] } : { code, points };
}
