// WGSL kernels for the elementwise primitives outside the kernel IR (the
// compiler's op table, which both emitters cover): on wasm they lower to
// kernel operations (compiler/lower.ts SPECIAL_COMPOSITE), here each is one
// dispatch, one invocation per element.
// float32 only, in f32 arithmetic: our own polynomials (Cephes' float
// versions, XLA's erfc) where WGSL's builtins promise too little (its atan,
// asin and pow allow thousands of ulp). NaN and infinities as the reference
// kernels, except pow, which follows JAX (C's pow: pow(1, NaN) = 1 and
// pow(-1, ±inf) = 1, where JS's Math.pow gives NaN).
import type { ShapedArray } from "../../core/aval.ts";
import { ktypeOf } from "../../compiler/ktype.ts";
import { LOWP_HELPERS, lowpRound } from "./lowp.ts";
import { HELPERS, SPECIAL_BITS, WORKGROUP, storageType } from "./wgsl.ts";
import { zeta } from "../js/special_fns.ts";

/** lgamma(1 + a)'s Taylor coefficients from a^2 on: (-1)^k ζ(k)/k. */
const LGAM1P = Array.from({ length: 24 }, (_, i) => ((i % 2 === 0 ? 1 : -1) * zeta(i + 2, 1)) / (i + 2));

interface Helper {
  deps: string[];
  code: string;
}

const H: Record<string, Helper> = {
  is_nan: { deps: [], code: HELPERS.is_nan },
  finite: { deps: [], code: "fn finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }" },
  consts: {
    deps: [],
    code: `fn nan_() -> f32 { return bitcast<f32>(NAN_BITS); }
fn inf_() -> f32 { return bitcast<f32>(INF_BITS); }
fn copysign_(m: f32, s: f32) -> f32 { return bitcast<f32>((bitcast<u32>(m) & 0x7fffffffu) | (bitcast<u32>(s) & 0x80000000u)); }
fn signbit(x: f32) -> bool { return (bitcast<u32>(x) & 0x80000000u) != 0u; }`,
  },
  umul_hi: { deps: [], code: HELPERS.umul_hi },
  trig_reduce: { deps: ["umul_hi"], code: HELPERS.trig_reduce },
  sincos: { deps: ["trig_reduce"], code: HELPERS.sincos },
  // sin(pi x) and cos(pi x), reduced exactly to [-1, 1] first.
  sincospi: {
    deps: ["sincos"],
    code: `fn sinpi(x: f32) -> f32 { let t = x - 2.0 * round(0.5 * x); return sincos(3.14159265358979 * t, 0u); }
fn cospi(x: f32) -> f32 { let t = x - 2.0 * round(0.5 * x); return sincos(3.14159265358979 * t, 1u); }`,
  },
  log_poly: { deps: [], code: HELPERS.log_poly },
  log_: { deps: ["is_nan", "log_poly"], code: HELPERS.log_ },
  log1p_: { deps: ["is_nan", "log_"], code: HELPERS.log1p_ },
  exp_: { deps: ["is_nan"], code: HELPERS.exp_ },
  expm1_: { deps: ["exp_"], code: HELPERS.expm1_ },
  // Cephes atanf: three ranges, one polynomial.
  atan_: {
    deps: ["is_nan", "consts"],
    code: `fn atan_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let a = abs(x);
  var y = 0.0;
  var z = a;
  if (a > 2.414213562373095) { y = 1.5707963267948966; z = -1.0 / a; }
  else if (a > 0.41421356237309503) { y = 0.7853981633974483; z = (a - 1.0) / (a + 1.0); }
  let zz = z * z;
  let r = (((8.05374449538e-2 * zz - 1.38776856032e-1) * zz + 1.99777106478e-1) * zz - 3.33329491539e-1) * zz * z + z + y;
  return copysign_(r, x);
}`,
  },
  atan2_: {
    deps: ["atan_", "is_nan", "consts"],
    code: `fn atan2_(y: f32, x: f32) -> f32 {
  if (is_nan(x) || is_nan(y)) { return nan_(); }
  let pi = 3.1415927410125732;
  if (y == 0.0) { return copysign_(select(0.0, pi, signbit(x)), y); }
  let ax = abs(x);
  let ay = abs(y);
  var r: f32;
  if (ay == inf_() && ax == inf_()) { r = select(0.7853981633974483, 2.356194490192345, x < 0.0); }
  else if (x == 0.0) { r = 1.5707963267948966; }
  else {
    r = atan_(ay / ax);
    if (x < 0.0) { r = (pi - r) - 8.742278e-8; }
  }
  return copysign_(r, y);
}`,
  },
  sqrt_: { deps: [], code: HELPERS.sqrt_ },
  asin_: { deps: ["atan2_", "sqrt_"], code: "fn asin_(x: f32) -> f32 { return atan2_(x, sqrt_((1.0 - x) * (1.0 + x))); }" },
  acos_: { deps: ["atan2_", "sqrt_"], code: "fn acos_(x: f32) -> f32 { return atan2_(sqrt_((1.0 - x) * (1.0 + x)), x); }" },
  exp2_: { deps: ["is_nan"], code: "fn exp2_(x: f32) -> f32 { if (is_nan(x)) { return x; } return exp2(x); }" },
  tan_: {
    deps: ["sincos", "finite", "consts"],
    code: "fn tan_(x: f32) -> f32 { if (!finite(x)) { return nan_(); } return sincos(x, 0u) / sincos(x, 1u); }",
  },
  // exp(a) overflows before sinh(a) and cosh(a) do: exp(a / 2)^2 / 2 past 80.
  sinh_: {
    deps: ["expm1_", "is_nan", "consts"],
    code: `fn sinh_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let a = abs(x);
  var r: f32;
  if (a < 1.0) { let u = expm1_(a); r = 0.5 * (u + u / (u + 1.0)); }
  else if (a < 80.0) { let e = exp(a); r = 0.5 * (e - 1.0 / e); }
  else { let e = exp(0.5 * a); r = (0.5 * e) * e; }
  return copysign_(r, x);
}`,
  },
  cosh_: {
    deps: ["is_nan"],
    code: `fn cosh_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let a = abs(x);
  if (a < 80.0) { let e = exp(a); return 0.5 * (e + 1.0 / e); }
  let e = exp(0.5 * a);
  return (0.5 * e) * e;
}`,
  },
  asinh_: {
    deps: ["log1p_", "consts"],
    code: `fn asinh_(x: f32) -> f32 {
  let a = abs(x);
  if (a > 1e18) { return copysign_(log(a) + 0.6931471805599453, x); }
  return copysign_(log1p_(a + a * a / (1.0 + sqrt(1.0 + a * a))), x);
}`,
  },
  acosh_: {
    deps: ["log1p_", "is_nan", "consts"],
    code: `fn acosh_(x: f32) -> f32 {
  if (x < 1.0 || is_nan(x)) { return nan_(); }
  if (x > 1e18) { return log(x) + 0.6931471805599453; }
  let t = x - 1.0;
  return log1p_(t + sqrt(2.0 * t + t * t));
}`,
  },
  atanh_: {
    deps: ["log1p_", "is_nan", "consts"],
    code: `fn atanh_(x: f32) -> f32 {
  let a = abs(x);
  if (a > 1.0 || is_nan(x)) { return nan_(); }
  if (a == 1.0) { return copysign_(inf_(), x); }
  return copysign_(0.5 * log1p_(2.0 * a / (1.0 - a)), x);
}`,
  },
  cbrt_: {
    deps: ["finite"],
    code: `fn cbrt_(x: f32) -> f32 {
  if (x == 0.0 || !finite(x)) { return x; }
  let a = abs(x);
  var y = exp2(log2(a) / 3.0);
  y = (2.0 * y + a / (y * y)) / 3.0;
  y = (2.0 * y + a / (y * y)) / 3.0;
  return select(y, -y, x < 0.0);
}`,
  },
  // log2 of a positive finite float: its exponent, and log1p of the scaled mantissa's distance from 1.
  log2_: {
    deps: ["log1p_"],
    code: `fn log2_(x: f32) -> f32 {
  var e = i32((bitcast<u32>(x) >> 23u) & 0xffu) - 127;
  var m = bitcast<f32>((bitcast<u32>(x) & 0x007fffffu) | 0x3f800000u);
  if (e == -127) { let n = x * 8388608.0; e = i32((bitcast<u32>(n) >> 23u) & 0xffu) - 150; m = bitcast<f32>((bitcast<u32>(n) & 0x007fffffu) | 0x3f800000u); }
  if (m > 1.41421356) { m = 0.5 * m; e = e + 1; }
  return f32(e) + log1p_(m - 1.0) * 1.4426950408889634;
}`,
  },
  // pow as C's (and JAX's): the sign from an odd integer exponent, NaN for a negative base with another.
  pow_: {
    deps: ["is_nan", "consts", "log2_"],
    code: `fn pow_(x: f32, y: f32) -> f32 {
  if (y == 0.0 || x == 1.0) { return 1.0; }
  if (is_nan(x) || is_nan(y)) { return nan_(); }
  let ax = abs(x);
  let ay = abs(y);
  if (ay == inf_()) {
    if (ax == 1.0) { return 1.0; }
    return select(0.0, inf_(), (ax > 1.0) == (y > 0.0));
  }
  let isInt = floor(y) == y;
  let odd = isInt && ay < 16777216.0 && (i32(ay) & 1) == 1;
  var r: f32;
  if (ax == inf_()) { r = select(0.0, inf_(), y > 0.0); }
  else if (ax == 0.0) { r = select(inf_(), 0.0, y > 0.0); }
  else {
    if (x < 0.0 && !isInt) { return nan_(); }
    let l = y * log2_(ax);
    if (l > 128.0) { r = inf_(); } else if (l < -150.0) { r = 0.0; } else {
      // exp2 of an exact integer part times exp2 of the rest, split so the large part is exact.
      let k = round(l);
      r = exp2(l - k) * exp2(k);
      if (k > 127.0) { r = exp2(l - k) * exp2(k - 1.0) * 2.0; }
    }
  }
  return select(r, -r, odd && signbit(x));
}`,
  },
  // jnp.power of integer arrays, as JAX's: the exponent's low 6 bits by repeated squaring (wrapping); 0**y = 0 for y != 0.
  ipow_i32: {
    deps: [],
    code: `fn ipow_i32(x: i32, y: i32) -> i32 {
  var acc = select(1, 0, x == 0 && y != 0); var b = x;
  for (var k = 0u; k < 6u; k++) { if (((y >> k) & 1) == 1) { acc = acc * b; } b = b * b; }
  return acc;
}`,
  },
  ipow_u32: {
    deps: [],
    code: `fn ipow_u32(x: u32, y: u32) -> u32 {
  var acc = select(1u, 0u, x == 0u && y != 0u); var b = x;
  for (var k = 0u; k < 6u; k++) { if (((y >> k) & 1u) == 1u) { acc = acc * b; } b = b * b; }
  return acc;
}`,
  },
  // The high word of the 64-bit product from 16-bit halves; signed: subtract the other operand where one is negative.
  mulhi_: {
    deps: ["umul_hi"],
    code: `fn mulhi_i(a: i32, b: i32) -> i32 {
  let ua = bitcast<u32>(a); let ub = bitcast<u32>(b);
  return bitcast<i32>(umul_hi(ua, ub) - select(0u, ub, a < 0) - select(0u, ua, b < 0));
}`,
  },
  // lgamma(1 + a) for |a| ≤ 1/2 without forming 1 + a: -γa + Σ_k≥2 (-1)^k ζ(k)/k a^k (24 terms).
  lgam1p_taylor: {
    deps: [],
    code: `fn lgam1p_taylor(a: f32) -> f32 {
  var s = 0.0;
${LGAM1P.map((c) => `  s = s * a + ${c.toExponential()};`)
  .reverse()
  .join("\n")}
  return a * (a * s - 0.5772156649015329);
}`,
  },
  // Stirling's series past 8; below, the recurrence down to [1.5, 2.5] and the
  // Taylor series of lgamma(1 + a) around 1 and 2 (exact zeros there; the
  // series of lgamma(x + k) minus log of the product lost ~1e-6 absolute);
  // Γ(1 + x) / x in (0, 1/2); reflection below 0.
  lgamma_: {
    deps: ["is_nan", "consts", "sincospi", "lgam1p_taylor", "log1p_"],
    code: `fn lgamma_pos(x: f32) -> f32 {
  if (x < 1.5) { return lgam1p_taylor(x - 1.0); }
  if (x < 8.0) {
    var y = x;
    var prod = 1.0;
    while (y >= 2.5) { y = y - 1.0; prod = prod * y; }
    return log(prod) + log1p_(y - 2.0) + lgam1p_taylor(y - 2.0);
  }
  let r = 1.0 / x;
  let r2 = r * r;
  return (x - 0.5) * log(x) - x + 0.9189385332046727 + r * (0.08333333333 - r2 * (0.002777777778 - r2 * (0.0007936507937 - r2 * 0.0005952380952)));
}
fn lgamma_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (abs(x) == inf_()) { return inf_(); }
  if (x <= 0.0 && floor(x) == x) { return inf_(); }
  if (x >= 0.5) { return lgamma_pos(x); }
  if (x > 0.0) { return lgam1p_taylor(x) - log(x); }
  return log(3.14159265358979 / abs(sinpi(x))) - lgamma_pos(1.0 - x);
}`,
  },
  digamma_: {
    deps: ["is_nan", "consts", "sincospi"],
    code: `fn digamma_(x0: f32) -> f32 {
  if (is_nan(x0)) { return x0; }
  if (x0 <= 0.0 && floor(x0) == x0) { return nan_(); }
  var x = x0;
  var r = 0.0;
  if (x < 0.0) { r = -3.14159265358979 * cospi(x) / sinpi(x); x = 1.0 - x; }
  while (x < 6.0) { r = r - 1.0 / x; x = x + 1.0; }
  let f = 1.0 / (x * x);
  return r + log(x) - 0.5 / x - f * (0.08333333333 - f * (0.008333333333 - f * (0.003968253968 - f * (0.004166666667 - f / 132.0))));
}`,
  },
  erf_: { deps: ["is_nan"], code: HELPERS.erf_ },
  // exp(x^2) erfc(x) for x ≥ 1 (Cephes' erfcf's rational in 1/x^2 over x, before its exp(-x^2)).
  erfc_scaled: {
    deps: [],
    code: `fn erfc_scaled(a: f32) -> f32 {
  let q = 1.0 / a;
  let y = q * q;
  var p: f32;
  if (a < 2.0) {
    p = 2.326819970068386e-2;
    p = p * y - 1.387039388740657e-1;
    p = p * y + 3.687424674597105e-1;
    p = p * y - 5.824733027278666e-1;
    p = p * y + 6.210004621745983e-1;
    p = p * y - 4.944515323274145e-1;
    p = p * y + 3.404879937665872e-1;
    p = p * y - 2.741127028184656e-1;
    p = p * y + 5.638259427386472e-1;
  } else {
    p = -1.047766399936249e1;
    p = p * y + 1.297719955372516e1;
    p = p * y - 7.495518717768503e0;
    p = p * y + 2.921019019210786e0;
    p = p * y - 1.015265279202700e0;
    p = p * y + 4.218463358204948e-1;
    p = p * y - 2.820767439740514e-1;
    p = p * y + 5.641895067754075e-1;
  }
  return q * p;
}`,
  },
  // XLA's float erfc (Cephes' erfcf): 1 - erf below 1, else exp(-x^2) (split so x^2 is exact) times a rational in 1/x^2.
  erfc_: {
    deps: ["erf_", "is_nan", "erfc_scaled"],
    code: `fn erfc_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let a = abs(x);
  if (a < 1.0) { return 1.0 - erf_(x); }
  if (a > 10.1) { return select(0.0, 2.0, x < 0.0); }
  let hi = bitcast<f32>(bitcast<u32>(a) & 0xfffff000u);
  let z = exp(-hi * hi) * exp(-(a - hi) * (a + hi));
  let r = z * erfc_scaled(a);
  return select(r, 2.0 - r, x < 0.0);
}`,
  },
  // On the bits (a subnormal result must not meet float arithmetic, which may flush it).
  nextafter_: {
    deps: [],
    code: `fn fkey(b: u32) -> u32 { return select(b | 0x80000000u, ~b, (b & 0x80000000u) != 0u); }
fn nextafter_(bx: u32, by: u32) -> u32 {
  if ((bx & 0x7fffffffu) > 0x7f800000u || (by & 0x7fffffffu) > 0x7f800000u) { return 0x7fc00000u; }
  if (bx == by || ((bx | by) & 0x7fffffffu) == 0u) { return by; }
  if ((bx & 0x7fffffffu) == 0u) { return (by & 0x80000000u) | 1u; }
  let up = fkey(by) > fkey(bx);
  let positive = (bx & 0x80000000u) == 0u;
  return select(bx - 1u, bx + 1u, up == positive);
}`,
  },
  xlogy_: {
    deps: ["is_nan", "consts", "log_"],
    code: `fn xlogy_(x: f32, y: f32) -> f32 { if (x == 0.0 && !is_nan(y)) { return 0.0; } return x * log_(y); }`,
  },
  xlog1py_: {
    deps: ["is_nan", "log1p_"],
    code: "fn xlog1py_(x: f32, y: f32) -> f32 { if (x == 0.0 && !is_nan(y)) { return 0.0; } return x * log1p_(y); }",
  },
};

/** Float unary primitives: the helper computing each. */
const FLOAT_UNARY: Record<string, string> = {
  exp2: "exp2_",
  tan: "tan_",
  asin: "asin_",
  acos: "acos_",
  atan: "atan_",
  sinh: "sinh_",
  cosh: "cosh_",
  asinh: "asinh_",
  acosh: "acosh_",
  atanh: "atanh_",
  cbrt: "cbrt_",
  lgamma: "lgamma_",
  digamma: "digamma_",
  erfc: "erfc_",
};
const FLOAT_BINARY: Record<string, string> = { atan2: "atan2_", pow: "pow_", xlogy: "xlogy_", xlog1py: "xlog1py_" };

export function withDeps(names: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n) || !(n in H)) return;
    seen.add(n);
    for (const d of H[n].deps) visit(d);
    out.push(H[n].code);
  };
  names.forEach(visit);
  return out;
}

/** The kernel of an elementwise primitive this file covers, or null. Operands of one element broadcast. */
export function mathKernel(name: string, inAvals: readonly ShapedArray[], out: ShapedArray): { code: string; points: number } | null {
  // float16/bfloat16 compute as f32, the result rounded (lowp.ts); nextafter steps in the format's own ulps (not here).
  const lowp = (d: string) => (d === "float16" ? "f16" : d === "bfloat16" ? "bf16" : null);
  const low = lowp(out.dtype);
  if ((low || inAvals.some((a) => lowp(a.dtype))) && name === "nextafter") return null;
  const types = inAvals.map((a) => ktypeOf(a.dtype) ?? (lowp(a.dtype) ? "f32" : null));
  const outT = ktypeOf(out.dtype) ?? (low ? "f32" : null);
  if (outT === null || types.some((t) => t === null || t === "f64" || t === "bool") || outT === "f64" || outT === "bool") return null;
  if (inAvals.some((a) => a.size !== out.size && a.size !== 1)) return null;
  const at = (i: number) => (inAvals[i].size === 1 ? "0" : "p");
  const args = inAvals.map((_, i) => `x${i}[${at(i)}]`);
  let expr: string;
  let helper: string;
  let bits = false;
  if (name in FLOAT_UNARY && types[0] === "f32") {
    helper = FLOAT_UNARY[name];
    expr = `${helper}(${args[0]})`;
  } else if (name === "pow" && types[0] !== "f32") {
    if (types[1] !== types[0]) return null;
    helper = types[0] === "i32" ? "ipow_i32" : "ipow_u32";
    expr = `${helper}(${args[0]}, ${args[1]})`;
  } else if (name in FLOAT_BINARY && types[0] === "f32") {
    helper = FLOAT_BINARY[name];
    expr = `${helper}(${args[0]}, ${types[1] === "f32" ? args[1] : `f32(${args[1]})`})`;
  } else if (name === "nextafter" && types[0] === "f32") {
    helper = "nextafter_";
    bits = true;
    expr = `nextafter_(${args[0]}, ${args[1]})`;
  } else if (name === "mulhi" && types[0] !== "f32" && types[1] === types[0]) {
    helper = "mulhi_";
    expr = `${types[0] === "i32" ? "mulhi_i" : "umul_hi"}(${args[0]}, ${args[1]})`;
  } else if ((name === "population_count" || name === "clz") && types[0] !== "f32") {
    helper = "";
    expr = `${name === "clz" ? "countLeadingZeros" : "countOneBits"}(${args[0]})`;
  } else return null;
  const elem = (t: string) => (bits ? "u32" : t);
  if (low) expr = lowpRound(low, expr);
  const code = [
    ...inAvals.map((a, i) => `@group(0) @binding(${i}) var<storage, read> x${i}: array<${elem(storageType(types[i]!))}>;`),
    `@group(0) @binding(${inAvals.length}) var<storage, read_write> out: array<${elem(storageType(outT))}>;`,
    ...SPECIAL_BITS,
    ...withDeps([helper]),
    ...(low ? [LOWP_HELPERS[`round_${low}`]] : []),
    `@compute @workgroup_size(${WORKGROUP})`,
    "fn main(@builtin(global_invocation_id) g: vec3u) {",
    `  let p = g.x + g.y * ${WORKGROUP * 65535}u;`,
    `  if (p >= ${out.size}u) { return; }`,
    `  out[p] = ${expr};`,
    "}",
  ].join("\n");
  return { code, points: out.size };
}
