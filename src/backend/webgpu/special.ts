// WGSL kernels of JAX's special-function primitives (src/lax/special.ts):
// igamma, igammac, igamma_grad_a, random_gamma_grad (JAX's own float32
// algorithms: the power series and the continued fraction, carrying their
// derivative in a for the gradients), zeta and polygamma (Cephes'
// Euler-Maclaurin summation, as the reference kernel), bessel_i0e and
// bessel_i1e (Cephes' float Chebyshev expansions, as JAX's float32 i0e),
// regularized_incomplete_beta (JAX's float32 Lentz continued fraction),
// zeta_grad_x (the zeta summation differentiated term by term), and
// scipy.special's erfcx, log_ndtr, ndtri, xlogx, expn, expi, dawsn, spence,
// sici and owens_t (the reference kernels' algorithms in float32).
// One invocation per element, in f32; values at the edges (0, infinities,
// NaN, outside the domain) as the reference kernels give them. On wasm,
// those JAX compiles from float32 arithmetic lower to kernel operations
// (compiler/lower.ts SPECIAL_COMPOSITE); the rest run on the float64
// reference kernels.
import type { ShapedArray } from "../../core/aval.ts";
import { ktypeOf } from "../../compiler/ktype.ts";
import { B2K, GAUSS_LEGENDRE_20 as GL, I0E_A, I0E_B, I1E_A, I1E_B, ZETA_A } from "../../core/cephes_tables.ts";
import { withDeps } from "./math.ts";
import { HELPERS, SPECIAL_BITS, WORKGROUP } from "./wgsl.ts";

/** float32's machine epsilon, as JAX's loops use it. */
const EPS = "1.1920929e-7";

/** Clenshaw's recurrence for a Chebyshev series (Cephes' chbevl), unrolled. */
function chebyshev(name: string, coeffs: number[]): string {
  const steps = coeffs.map((c) => `  b2 = b1; b1 = b0; b0 = y * b1 - b2 + ${c.toExponential()};`);
  return [`fn ${name}(y: f32) -> f32 {`, "  var b0 = 0.0; var b1 = 0.0; var b2 = 0.0;", ...steps, "  return 0.5 * (b0 - b2);", "}"].join(
    "\n",
  );
}

interface Helper {
  /** Helpers of math.ts (wgsl.ts) this code calls. */
  math: string[];
  /** Helpers of this file it calls (emitted before it). */
  own: string[];
  code: string;
}

const S: Record<string, Helper> = {
  // exp(a log x - x - lgamma(a)) and whether it underflows (JAX's `ax`, `underflow`).
  igamma_ax: {
    math: ["lgamma_"],
    own: ["log_acc"],
    code: `fn igamma_lax(a: f32, x: f32) -> f32 { return a * log_acc(x) - x - lgamma_(a); }`,
  },
  // JAX's _igamma_series: mode 0 the value P, 1 dP/da, 2 the sample derivative's numerator.
  igamma_series: {
    math: ["digamma_"],
    own: [],
    code: `fn igamma_series(ax: f32, x: f32, a: f32, enabled: bool, mode: u32) -> f32 {
  var r = a; var c = 1.0; var ans = 1.0; var dc = 0.0; var dans = 0.0;
  var on = enabled;
  var it = 0;
  while (on && it < 20000) {
    r = r + 1.0;
    dc = dc * (x / r) - (c * x) / (r * r);
    dans = dans + dc;
    c = c * (x / r);
    ans = ans + c;
    if (mode == 0u) { on = c / ans > ${EPS}; } else { on = abs(dc / dans) > ${EPS}; }
    it = it + 1;
  }
  if (mode == 0u) { return (ans * ax) / a; }
  let dlog = log(x) - digamma_(a + 1.0);
  if (mode == 1u) { return ax * (ans * dlog + dans) / a; }
  return -(dans + ans * dlog) * x / a;
}`,
  },
  // JAX's _igammac_continued_fraction (the same modes), with its rescaling against overflow.
  igammac_fraction: {
    math: ["digamma_"],
    own: [],
    code: `fn igammac_fraction(ax: f32, x: f32, a: f32, enabled: bool, mode: u32) -> f32 {
  var y = 1.0 - a; var z = x + y + 1.0; var c = 0.0;
  var pkm2 = 1.0; var qkm2 = x; var pkm1 = x + 1.0; var qkm1 = z * x;
  var ans = pkm1 / qkm1;
  var dpkm2 = 0.0; var dqkm2 = 0.0; var dpkm1 = 0.0; var dqkm1 = -x;
  var dans = (dpkm1 - ans * dqkm1) / qkm1;
  var on = enabled;
  while (on && c < 2000.0) {
    c = c + 1.0; y = y + 1.0; z = z + 2.0;
    let yc = y * c;
    let pk = pkm1 * z - pkm2 * yc;
    let qk = qkm1 * z - qkm2 * yc;
    var t = 1.0;
    var dstep = 1.0;
    if (qk != 0.0) { let r = pk / qk; t = abs((ans - r) / r); ans = r; }
    let dpk = dpkm1 * z - pkm1 - dpkm2 * yc + pkm2 * c;
    let dqk = dqkm1 * z - qkm1 - dqkm2 * yc + qkm2 * c;
    if (qk != 0.0) { let d = (dpk - ans * dqk) / qk; dstep = abs(d - dans); dans = d; }
    pkm2 = pkm1; pkm1 = pk; qkm2 = qkm1; qkm1 = qk;
    dpkm2 = dpkm1; dqkm2 = dqkm1; dpkm1 = dpk; dqkm1 = dqk;
    if (abs(pk) > 1.0 / ${EPS}) {
      pkm2 = pkm2 * ${EPS}; pkm1 = pkm1 * ${EPS}; qkm2 = qkm2 * ${EPS}; qkm1 = qkm1 * ${EPS};
      dpkm2 = dpkm2 * ${EPS}; dqkm2 = dqkm2 * ${EPS}; dpkm1 = dpkm1 * ${EPS}; dqkm1 = dqkm1 * ${EPS};
    }
    if (mode == 0u) { on = t > ${EPS}; } else { on = dstep > ${EPS}; }
  }
  if (mode == 0u) { return ans * ax; }
  let dlog = log(x) - digamma_(a);
  if (mode == 1u) { return ax * (ans * dlog + dans); }
  return -(dans + ans * dlog) * x;
}`,
  },
  // lgamma(1 + a) without forming 1 + a (scipy's lgam1p): its Taylor series near 0 and 1.
  lgam1p: {
    math: ["lgamma_"],
    own: [],
    code: `fn lgam1p(a: f32) -> f32 {
  if (abs(a) <= 0.5) { return lgam1p_taylor(a); }
  if (abs(a - 1.0) < 0.5) { return log(a) + lgam1p_taylor(a - 1.0); }
  return lgamma_(a + 1.0);
}`,
  },
  // Q(a, x) for x ≤ 1.1 and small a (scipy's igamc_series): 1 - x^a / Γ(a + 1) by expm1, so Q near 0 keeps its digits.
  igammac_small: {
    math: ["expm1_", "lgamma_"],
    own: ["lgam1p"],
    code: `fn igammac_small(a: f32, x: f32) -> f32 {
  var fac = 1.0; var sum = 0.0;
  for (var n = 1.0; n < 2000.0; n = n + 1.0) {
    fac = fac * (-x / n);
    let term = fac / (a + n);
    sum = sum + term;
    if (abs(term) <= ${EPS} * abs(sum)) { break; }
  }
  let l = a * log(x);
  return -expm1_(l - lgam1p(a)) - exp(l - lgamma_(a)) * sum;
}`,
  },
  igamma_domain: {
    math: ["is_nan"],
    own: [],
    code: "fn igamma_domain(a: f32, x: f32) -> bool { return is_nan(a) || is_nan(x) || x < 0.0 || a < 0.0 || (a == 0.0 && x == 0.0); }",
  },
  igamma_: {
    math: ["consts"],
    own: ["igamma_ax", "igamma_series", "igammac_fraction", "igamma_domain", "exp_acc"],
    code: `fn igamma_(a: f32, x: f32) -> f32 {
  if (igamma_domain(a, x)) { return nan_(); }
  if (x == 0.0) { return 0.0; }
  if (x == inf_()) { return 1.0; }
  if (a == 0.0) { return select(nan_(), 1.0, x >= 1.0); }
  if (a == inf_()) { return select(nan_(), 0.0, x < 1.0); }
  let l = igamma_lax(a, x);
  let on = l >= -88.72283905206835;
  let ax = exp_acc(l);
  if (x >= 1.0 && x > a) { return 1.0 - igammac_fraction(ax, x, a, on, 0u); }
  return igamma_series(ax, x, a, on, 0u);
}`,
  },
  igammac_: {
    math: ["consts"],
    own: ["igamma_ax", "igamma_series", "igammac_fraction", "igamma_domain", "igammac_small", "exp_acc"],
    code: `fn igammac_(a: f32, x: f32) -> f32 {
  if (igamma_domain(a, x)) { return nan_(); }
  if (x == inf_() || a == 0.0) { return 0.0; }
  if (x == 0.0) { return 1.0; }
  if (a == inf_()) { return select(nan_(), 1.0, x < 1.0); }
  let l = igamma_lax(a, x);
  let on = l >= -88.72283905206835;
  let ax = exp_acc(l);
  if (x <= 1.1) {
    // Where P is near 1, Q directly (scipy's choice of method).
    let series = select(x * 1.1 < a, -0.4 / log(x) < a, x <= 0.5);
    if (!series) { return igammac_small(a, x); }
  }
  if (x < 1.0 || x < a) { return 1.0 - igamma_series(ax, x, a, on, 0u); }
  return igammac_fraction(ax, x, a, on, 0u);
}`,
  },
  igamma_grad_a_: {
    math: ["consts", "is_nan"],
    own: ["igamma_ax", "igamma_series", "igammac_fraction", "exp_acc"],
    code: `fn igamma_grad_a_(a: f32, x: f32) -> f32 {
  if (is_nan(a) || is_nan(x) || x < 0.0 || a <= 0.0) { return nan_(); }
  if (x == 0.0) { return 0.0; }
  // As JAX's (and the wasm kernels'): its prefactor x^a e^-x / Γ(a) is NaN at x = inf or a = inf.
  if (x == inf_() || a == inf_()) { return nan_(); }
  let l = igamma_lax(a, x);
  let on = l >= -88.72283905206835;
  let ax = exp_acc(l);
  if (x > 1.0 && x > a) { return -igammac_fraction(ax, x, a, on, 1u); }
  return igamma_series(ax, x, a, on, 1u);
}`,
  },
  // The sample derivative needs no exp(ax), so it is computed where ax underflows too.
  random_gamma_grad_: {
    math: ["consts", "is_nan"],
    own: ["igamma_series", "igammac_fraction"],
    code: `fn random_gamma_grad_(a: f32, x: f32) -> f32 {
  if (is_nan(a) || is_nan(x) || x < 0.0 || a <= 0.0) { return nan_(); }
  if (x == 0.0) { return 0.0; }
  if (a == inf_() || x == inf_()) { return nan_(); }
  if (x > 1.0 && x > a) { return -igammac_fraction(1.0, x, a, true, 2u); }
  return igamma_series(1.0, x, a, true, 2u);
}`,
  },
  // JAX's float32 regularized_incomplete_beta: the continued fraction (DLMF 8.17.22) by Lentz's
  // method, 200 terms at most, on the side where it converges fast (8.17.4 for the other).
  betainc_: {
    math: ["consts", "is_nan", "lgamma_"],
    own: ["exp_acc", "log_acc", "log1p_acc"],
    code: `fn betainc_num(it: u32, a: f32, b: f32, x: f32) -> f32 {
  if (it == 1u) { return 1.0; }
  let m = f32((it - 1u) / 2u);
  if (it % 2u == 0u) {
    if (m == 0.0) { return -(a + b) * x / (a + 1.0); }
    return -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
  }
  return m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
}
fn betainc_(a0: f32, b0: f32, x0: f32) -> f32 {
  if (is_nan(a0) || is_nan(b0) || is_nan(x0)) { return nan_(); }
  let aZero = a0 == 0.0 || b0 == inf_();
  let bZero = b0 == 0.0 || a0 == inf_();
  if (a0 < 0.0 || b0 < 0.0 || x0 < 0.0 || x0 > 1.0 || (aZero && bZero)) { return nan_(); }
  if ((aZero && x0 != 0.0) || (bZero && x0 == 1.0)) { return 1.0; }
  if (bZero || x0 == 0.0) { return 0.0; }
  if (x0 == 1.0) { return 1.0; }
  let rapid = x0 < (a0 + 1.0) / (a0 + b0 + 2.0);
  let a = select(b0, a0, rapid);
  let b = select(a0, b0, rapid);
  let x = select(1.0 - x0, x0, rapid);
  let small = 5.9604645e-8;
  var h = small; var c = small; var d = 0.0;
  for (var it = 1u; it < 200u; it = it + 1u) {
    let num = betainc_num(it, a, b, x);
    c = 1.0 + num / c;
    if (abs(c) < small) { c = small; }
    d = 1.0 + num * d;
    if (abs(d) < small) { d = small; }
    d = 1.0 / d;
    let delta = c * d;
    h = h * delta;
    if (abs(delta - 1.0) < small) { break; }
  }
  let lbs = lgamma_(b) - lgamma_(a + b);
  var factor: f32;
  if (a < 2.3509887e-38) { factor = exp_acc(log1p_acc(-x) * b - lbs); }
  else { factor = exp_acc(log_acc(x) * a + log1p_acc(-x) * b - (lgamma_(a) + lbs)) / a; }
  let r = h * factor;
  return select(1.0 - r, r, rapid);
}`,
  },
  zeta_: {
    math: ["consts", "is_nan", "pow_"],
    own: [],
    code: `var<private> ZETA_A: array<f32, 12> = array<f32, 12>(${ZETA_A.map((v) => v.toExponential()).join(", ")});
fn zeta_(x: f32, q: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x == 1.0) { return inf_(); }
  if (is_nan(q) || x < 1.0) { return nan_(); }
  if (q <= 0.0) {
    // JAX's poles: +inf at the integers q <= 0 for even integer x, NaN otherwise.
    if (q == floor(q)) { return select(nan_(), inf_(), x == floor(x) && x - 2.0 * floor(0.5 * x) == 0.0); }
    if (x != floor(x)) { return nan_(); }
  }
  if (q > 1e8) { return (1.0 / (x - 1.0) + 1.0 / (2.0 * q)) * pow_(q, 1.0 - x); }
  var s = pow_(q, -x);
  var a = q;
  var b = 0.0;
  var i = 0;
  while ((i < 9 || a <= 9.0) && i < 100000) {
    i = i + 1;
    a = a + 1.0;
    b = pow_(a, -x);
    s = s + b;
    if (abs(b / s) < ${EPS}) { return s; }
  }
  let w = a;
  s = s + b * w / (x - 1.0);
  s = s - 0.5 * b;
  var fac = 1.0;
  var k = 0.0;
  for (var j = 0; j < 12; j = j + 1) {
    fac = fac * (x + k);
    b = b / w;
    let t = fac * b / ZETA_A[j];
    s = s + t;
    if (abs(t / s) < ${EPS}) { break; }
    k = k + 1.0;
    fac = fac * (x + k);
    b = b / w;
    k = k + 1.0;
  }
  return s;
}`,
  },
  // d/dx zeta(x, q): the same summation differentiated term by term (the reference's difference quotient
  // is NaN for q ≤ 0, and for x within 2e-4 of 1, where this gives the derivative).
  zeta_grad_x_: {
    math: ["consts", "is_nan", "pow_"],
    own: ["zeta_"],
    code: `fn zeta_grad_x_(x: f32, q: f32) -> f32 {
  if (is_nan(x) || is_nan(q)) { return nan_(); }
  if (x == 1.0) { return -inf_(); }
  if (x < 1.0 || q <= 0.0) { return nan_(); }
  let lq = log(q);
  if (q > 1e8) { let v = 1.0 / (x - 1.0); return pow_(q, 1.0 - x) * (-v * v - (v + 1.0 / (2.0 * q)) * lq); }
  var s = -lq * pow_(q, -x);
  var a = q;
  var b = 0.0;
  var lw = 0.0;
  var i = 0;
  while ((i < 9 || a <= 9.0) && i < 100000) {
    i = i + 1;
    a = a + 1.0;
    b = pow_(a, -x);
    lw = log(a);
    s = s - lw * b;
    if (abs(lw * b / s) < ${EPS}) { return s; }
  }
  let w = a;
  s = s + b * w / (x - 1.0) * (-lw - 1.0 / (x - 1.0));
  s = s + 0.5 * b * lw;
  var fac = 1.0;
  var dfac = 0.0;
  var k = 0.0;
  for (var j = 0; j < 12; j = j + 1) {
    fac = fac * (x + k);
    dfac = dfac + 1.0 / (x + k);
    b = b / w;
    let t = fac * b / ZETA_A[j] * (dfac - lw);
    s = s + t;
    if (abs(t / s) < ${EPS}) { break; }
    k = k + 1.0;
    fac = fac * (x + k);
    dfac = dfac + 1.0 / (x + k);
    b = b / w;
    k = k + 1.0;
  }
  return s;
}`,
  },
  // (-1)^(n+1) n! zeta(n + 1, x); n! as a product while it is exact enough (it overflows past 34).
  polygamma_: {
    math: ["consts", "is_nan", "digamma_", "lgamma_"],
    own: ["zeta_"],
    code: `fn polygamma_(n: f32, x: f32) -> f32 {
  if (is_nan(n) || is_nan(x) || n != floor(n) || n < 0.0) { return nan_(); }
  if (n == 0.0) { return digamma_(x); }
  var f = 1.0;
  if (n <= 40.0) { for (var k = 2.0; k <= n; k = k + 1.0) { f = f * k; } } else { f = exp(lgamma_(n + 1.0)); }
  let odd = n - 2.0 * floor(0.5 * n) == 1.0;
  return select(-1.0, 1.0, odd) * f * zeta_(n + 1.0, x);
}`,
  },
  // log(1 + z) to an ulp (Cephes' logf polynomial) for 1 + z in [1/sqrt 2, sqrt 2], where the builtin log's
  // absolute error (SwiftShader's: ~5e-8 at 0.999) is a large relative one; the builtin elsewhere.
  log1p_acc: {
    math: ["log1p_"],
    own: [],
    code: `fn log1p_acc(z: f32) -> f32 {
  if (z < -0.29289321881 || z > 0.41421356237) { return log1p_(z); }
  let zz = z * z;
  var y = 7.0376836292e-2;
  y = y * z - 1.1514610310e-1;
  y = y * z + 1.1676998740e-1;
  y = y * z - 1.2420140846e-1;
  y = y * z + 1.4249322787e-1;
  y = y * z - 1.6668057665e-1;
  y = y * z + 2.0000714765e-1;
  y = y * z - 2.4999993993e-1;
  y = y * z + 3.3333331174e-1;
  return z + (y * z * zz - 0.5 * zz);
}`,
  },
  // exp and log to an ulp or so (Cephes' expf and logf: Cody-Waite reduction by ln 2 in two parts, then a
  // polynomial), for results that must keep float32's digits: WGSL lets exp err by 3 + 2|x| ulp, and
  // SwiftShader's log has ~5e-8 absolute error near 1.
  exp_acc: {
    math: ["is_nan", "consts"],
    own: [],
    code: `fn exp_acc(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x > 88.72283) { return inf_(); }
  if (x < -103.972) { return 0.0; }
  let k = floor(1.4426950408889634 * x + 0.5);
  var r = x - k * 0.693359375;
  r = r - k * -2.12194440e-4;
  var p = 1.9875691500e-4;
  p = p * r + 1.3981999507e-3;
  p = p * r + 8.3334519073e-3;
  p = p * r + 4.1665795894e-2;
  p = p * r + 1.6666665459e-1;
  p = p * r + 5.0000001201e-1;
  let e = p * (r * r) + r + 1.0;
  let n = i32(k);
  if (n > 127) { return ldexp(ldexp(e, n - 64), 64); }
  if (n < -125) { return ldexp(ldexp(e, n + 64), -64); }
  return ldexp(e, n);
}`,
  },
  log_acc: {
    math: ["is_nan", "consts"],
    own: ["log1p_acc"],
    code: `fn log_acc(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return nan_(); }
  if (x == inf_()) { return x; }
  var b = bitcast<u32>(x);
  if ((b & 0x7fffffffu) == 0u) { return -inf_(); }
  var e = f32(i32((b >> 23u) & 0xffu) - 127);
  var m = bitcast<f32>((b & 0x007fffffu) | 0x3f800000u);
  if ((b & 0x7f800000u) == 0u) {
    // Subnormal: the mantissa's bits as an integer, scaled by 2^-149.
    let v = f32(b);
    let bv = bitcast<u32>(v);
    e = f32(i32((bv >> 23u) & 0xffu) - 127 - 149);
    m = bitcast<f32>((bv & 0x007fffffu) | 0x3f800000u);
  }
  if (m > 1.41421356) { m = 0.5 * m; e = e + 1.0; }
  return e * 0.693359375 + (log1p_acc(m - 1.0) + e * -2.12194440e-4);
}`,
  },
  // Exponential integrals E_n (integer n) and Ei, as the reference: the continued fraction past 1, the series below.
  expn_: {
    math: ["is_nan", "consts"],
    own: ["exp_acc", "log_acc"],
    code: `fn expn_(n: f32, x: f32) -> f32 {
  if (is_nan(n) || is_nan(x) || n < 0.0 || x < 0.0 || n != floor(n)) { return nan_(); }
  if (x == inf_()) { return nan_(); }
  if (x == 0.0) { return select(1.0 / n, inf_(), n < 2.0); }
  if (n == 0.0) { return exp_acc(-x) / x; }
  let nm1 = n - 1.0;
  if (x > 1.0) {
    var b = x + n;
    var c = 1e30;
    var d = 1.0 / b;
    var h = d;
    for (var i = 1.0; i < 10000.0; i = i + 1.0) {
      let an = -i * (nm1 + i);
      b = b + 2.0;
      d = 1.0 / (an * d + b);
      c = b + an / c;
      let del = c * d;
      h = h * del;
      if (abs(del - 1.0) < ${EPS}) { break; }
    }
    return h * exp_acc(-x);
  }
  let lx = log_acc(x);
  var ans = select(-lx - 0.5772156649015329, 1.0 / nm1, nm1 != 0.0);
  var fact = 1.0;
  for (var i = 1.0; i < 10000.0; i = i + 1.0) {
    fact = fact * (-x / i);
    var del: f32;
    if (i != nm1) { del = -fact / (i - nm1); } else {
      var psi = -0.5772156649015329;
      for (var k = 1.0; k <= nm1; k = k + 1.0) { psi = psi + 1.0 / k; }
      del = fact * (-lx + psi);
    }
    ans = ans + del;
    if (abs(del) < abs(ans) * ${EPS}) { break; }
  }
  return ans;
}`,
  },
  expi_: {
    math: ["is_nan", "consts"],
    own: ["expn_", "exp_acc", "log_acc"],
    code: `fn expi_(x: f32) -> f32 {
  if (is_nan(x) || x == 0.0 || abs(x) == inf_()) { return nan_(); }
  if (x < 0.0) { return -expn_(1.0, -x); }
  if (x <= 40.0) {
    var sum = 0.0;
    var fact = 1.0;
    for (var k = 1.0; k < 500.0; k = k + 1.0) {
      fact = fact * (x / k);
      let term = fact / k;
      sum = sum + term;
      if (term < ${EPS} * sum) { break; }
    }
    return 0.5772156649015329 + log_acc(x) + sum;
  }
  var sum = 1.0;
  var term = 1.0;
  for (var k = 1.0; k < 100.0; k = k + 1.0) {
    let next = term * k / x;
    if (next >= term) { break; }
    term = next;
    sum = sum + term;
    if (term < ${EPS} * sum) { break; }
  }
  // exp(x) / x as exp(x/2) (exp(x/2) / x): exp(x) alone overflows from 88.7, the quotient from ~93.
  let h = exp_acc(0.5 * x);
  return h * (h / x) * sum;
}`,
  },
  // Dawson's integral as the reference: Taylor below 0.2, Rybicki's sum to 50, asymptotic beyond.
  dawsn_: {
    math: ["is_nan"],
    own: ["exp_acc"],
    code: `fn dawsn_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let ax = abs(x);
  let sgn = select(1.0, -1.0, x < 0.0);
  if (ax < 0.2) {
    let x2 = x * x;
    var term = x;
    var sum = x;
    for (var n = 1.0; n < 50.0; n = n + 1.0) {
      term = term * (-2.0 * x2) / (2.0 * n + 1.0);
      sum = sum + term;
      if (abs(term) < ${EPS} * abs(sum)) { break; }
    }
    return sum;
  }
  if (ax > 50.0) {
    let y = 1.0 / (2.0 * ax * ax);
    var term = 1.0;
    var sum = 1.0;
    for (var k = 1.0; k < 30.0; k = k + 1.0) {
      term = term * (2.0 * k - 1.0) * y;
      sum = sum + term;
      if (term < ${EPS} * sum) { break; }
    }
    return sgn * sum / (2.0 * ax);
  }
  let n0 = 2.0 * round(ax / 0.4);
  let xp = ax - n0 * 0.2;
  var sum = 0.0;
  for (var n = 1.0; n < 80.0; n = n + 2.0) {
    let e1 = exp_acc(-(xp - n * 0.2) * (xp - n * 0.2));
    let e2 = exp_acc(-(xp + n * 0.2) * (xp + n * 0.2));
    sum = sum + e1 / (n0 + n) + e2 / (n0 - n);
  }
  return sgn * sum * 0.5641895835477563;
}`,
  },
  // spence(x) = Li2(1 - x): Li2's Bernoulli series in u = -log(1 - z) on [-1, 1/2], reflections elsewhere,
  // the one at x < 1/2 written in x itself (1 - (1 - x) would lose x's digits).
  spence_: {
    math: ["is_nan", "consts"],
    own: ["log_acc", "log1p_acc"],
    code: `var<private> B2K: array<f32, 10> = array<f32, 10>(${B2K.map((v) => v.toExponential()).join(", ")});
fn dilog_core(z: f32) -> f32 {
  let u = -log1p_acc(-z);
  var sum = u - u * u / 4.0;
  var pw = u;
  var fact = 1.0;
  for (var k = 1; k <= 10; k = k + 1) {
    pw = pw * u * u;
    fact = fact * f32(2 * k * (2 * k + 1));
    let term = B2K[k - 1] * pw / fact;
    sum = sum + term;
    if (abs(term) < ${EPS} * abs(sum)) { break; }
  }
  return sum;
}
fn spence_(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0 || x == inf_()) { return nan_(); }
  let pi26 = 1.6449340668482264;
  if (x == 0.0) { return pi26; }
  if (x < 0.5) { return pi26 - log1p_acc(-x) * log_acc(x) - dilog_core(x); }
  if (x <= 2.0) { return dilog_core(1.0 - x); }
  let l = log_acc(x - 1.0);
  return -pi26 - 0.5 * l * l - dilog_core(1.0 / (1.0 - x));
}`,
  },
  // Si and Ci as the reference: the complex continued fraction of E1(it) past 2, the series below.
  sici_: {
    math: ["is_nan", "consts", "sincos"],
    own: ["log_acc"],
    code: `fn cdiv(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let den = b.x * b.x + b.y * b.y;
  return vec2<f32>((a.x * b.x + a.y * b.y) / den, (a.y * b.x - a.x * b.y) / den);
}
fn cmul2(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> { return vec2<f32>(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }
// (Si(x), Ci(x)); Ci is even, NaN at -inf.
fn sici_(x: f32) -> vec2<f32> {
  let pi2 = 1.5707963267948966;
  if (is_nan(x)) { return vec2<f32>(x, x); }
  let t = abs(x);
  if (t == 0.0) { return vec2<f32>(x, -inf_()); }
  if (x == -inf_()) { return vec2<f32>(-pi2, nan_()); }
  var si: f32;
  var ci: f32;
  if (t == inf_()) { si = pi2; ci = 0.0; }
  else if (t > 1e4) {
    // The auxiliary functions' leading terms, f = 1/t and g = 1/t^2 (the next are 2/t^2 and 6/t^2 smaller;
    // the continued fraction's |b|^2 would overflow out here).
    let f = 1.0 / t;
    let g = f * f;
    let sn = sincos(t, 0u);
    let cs = sincos(t, 1u);
    si = pi2 - f * cs - g * sn;
    ci = f * sn - g * cs;
  } else if (t > 2.0) {
    var b = vec2<f32>(1.0, t);
    var c = vec2<f32>(1e30, 0.0);
    var d = cdiv(vec2<f32>(1.0, 0.0), b);
    var h = d;
    for (var i = 2.0; i < 1000.0; i = i + 1.0) {
      let a = -(i - 1.0) * (i - 1.0);
      b = b + vec2<f32>(2.0, 0.0);
      d = cdiv(vec2<f32>(1.0, 0.0), a * d + b);
      c = b + cdiv(vec2<f32>(a, 0.0), c);
      let del = cmul2(c, d);
      h = cmul2(h, del);
      if (abs(del.x - 1.0) + abs(del.y) < ${EPS}) { break; }
    }
    h = cmul2(vec2<f32>(sincos(t, 1u), -sincos(t, 0u)), h);
    ci = -h.x;
    si = pi2 + h.y;
  } else {
    var sum = 0.0; var sums = 0.0; var sumc = 0.0;
    var sgn = 1.0; var fact = 1.0; var odd = true;
    for (var k = 1.0; k < 200.0; k = k + 1.0) {
      fact = fact * (t / k);
      let term = fact / k;
      sum = sum + sgn * term;
      let err = term / abs(sum);
      if (odd) { sgn = -sgn; sums = sum; sum = sumc; } else { sumc = sum; sum = sums; }
      if (err < ${EPS}) { break; }
      odd = !odd;
    }
    si = sums;
    ci = sumc + log_acc(t) + 0.5772156649015329;
  }
  return vec2<f32>(select(si, -si, x < 0.0), ci);
}`,
  },
  sici_si_: { math: [], own: ["sici_"], code: "fn sici_si_(x: f32) -> f32 { return sici_(x).x; }" },
  sici_ci_: { math: [], own: ["sici_"], code: "fn sici_ci_(x: f32) -> f32 { return sici_(x).y; }" },
  // Owen's T as the reference: Gauss-Legendre panels (20 nodes) in y = h x for |a| ≤ 1, T(ah, 1/a)'s identity beyond.
  owens_t_: {
    math: ["is_nan", "consts", "erfc_"],
    own: ["exp_acc"],
    code: `var<private> GL_X: array<f32, 20> = array<f32, 20>(${GL.xs.map((v) => v.toExponential()).join(", ")});
var<private> GL_W: array<f32, 20> = array<f32, 20>(${GL.ws.map((v) => v.toExponential()).join(", ")});
fn owens_small(h: f32, a: f32) -> f32 {
  if (a == 0.0) { return 0.0; }
  let span = h * a;
  let panels = max(1.0, ceil(min(span, 40.0)));
  let top = select(a, 40.0 / h, span > 40.0);
  let w = top / panels;
  var sum = 0.0;
  for (var p = 0.0; p < panels; p = p + 1.0) {
    for (var i = 0; i < 20; i = i + 1) {
      let x = (p + GL_X[i]) * w;
      sum = sum + GL_W[i] * exp_acc(-0.5 * h * h * x * x) / (1.0 + x * x);
    }
  }
  return exp_acc(-0.5 * h * h) * sum * w * 0.15915494309189535;
}
fn norm_q(h: f32) -> f32 { return 0.5 * erfc_(h * 0.7071067811865476); }
fn owens_t_(h: f32, a: f32) -> f32 {
  if (is_nan(h) || is_nan(a)) { return nan_(); }
  let sa = select(1.0, -1.0, a < 0.0);
  let ah = abs(h);
  let aa = abs(a);
  if (aa == inf_()) { return sa * norm_q(ah) / 2.0; }
  if (ah == inf_()) { return 0.0; }
  if (aa <= 1.0) { return sa * owens_small(ah, aa); }
  let q1 = norm_q(ah);
  let q2 = norm_q(aa * ah);
  return sa * (0.5 * (q1 + q2) - q1 * q2 - owens_small(aa * ah, 1.0 / aa));
}`,
  },
  // exp(x^2) erfc(x): Cephes' rational from 1 on (no exp, so no overflow), exp(x^2) (x^2 split exactly) times erfc below.
  erfcx_: {
    math: ["is_nan", "erfc_", "erfc_scaled"],
    own: [],
    code: `fn erfcx_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x >= 1.0) { return erfc_scaled(x); }
  let hi = bitcast<f32>(bitcast<u32>(x) & 0xfffff000u);
  return exp(hi * hi) * exp((x - hi) * (x + hi)) * erfc_(x);
}`,
  },
  // log ndtr(x): log1p(-erfc(x / sqrt 2) / 2) above -1, log(erfcx(-x / sqrt 2) / 2) - x^2 / 2 below (as the reference).
  log_ndtr_: {
    math: ["consts", "is_nan", "erfc_"],
    own: ["log1p_acc", "log_acc", "erfcx_"],
    code: `fn log_ndtr_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x > -1.0) { return log1p_acc(-0.5 * erfc_(x * 0.7071067811865476)); }
  if (x == -inf_()) { return x; }
  return log_acc(0.5 * erfcx_(-x * 0.7071067811865476)) - 0.5 * x * x;
}`,
  },
  // ndtr's inverse: sqrt 2 erf_inv(2p - 1) in [1/4, 3/4] (2p - 1 is exact there); in the tails Newton's
  // steps on log ndtr from a rational guess, as the reference (1 - p is exact above 1/2).
  ndtri_: {
    math: ["consts", "is_nan"],
    own: ["log_ndtr_"],
    code: `${HELPERS.erf_inv_}
fn ndtri_low(p: f32) -> f32 {
  // log p from the bits where p is subnormal (GPUs may flush it to 0 in arithmetic).
  let bits = bitcast<u32>(p);
  var lp = log(p);
  if ((bits & 0x7f800000u) == 0u) { lp = log(f32(bits)) - 103.27892990343184; }
  let t = sqrt(-2.0 * lp);
  var x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  for (var i = 0; i < 8; i = i + 1) {
    let ln = log_ndtr_(x);
    let dx = (ln - lp) / exp(-0.5 * x * x - 0.9189385332046727 - ln);
    x = x - dx;
    if (abs(dx) <= 1e-7 * abs(x)) { break; }
  }
  return x;
}
fn ndtri_(p: f32) -> f32 {
  if (is_nan(p) || p < 0.0 || p > 1.0) { return nan_(); }
  if ((bitcast<u32>(p) & 0x7fffffffu) == 0u) { return -inf_(); }
  if (p == 1.0) { return inf_(); }
  if (p > 0.75) { return -ndtri_low(1.0 - p); }
  if (p >= 0.25) { return 1.4142135623730951 * erf_inv_(2.0 * p - 1.0); }
  return ndtri_low(p);
}`,
  },
  // x log x, 0 at x = 0 (scipy's entr's core).
  xlogx_: {
    math: ["is_nan", "consts"],
    own: ["log_acc"],
    code: `fn xlogx_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x == 0.0) { return 0.0; }
  if (x < 0.0) { return nan_(); }
  return x * log_acc(x);
}`,
  },
  bessel_i0e_: {
    math: ["is_nan"],
    own: [],
    code: `${chebyshev("cheb_i0e_a", I0E_A)}
${chebyshev("cheb_i0e_b", I0E_B)}
fn bessel_i0e_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let z = abs(x);
  if (z <= 8.0) { return cheb_i0e_a(0.5 * z - 2.0); }
  return cheb_i0e_b(32.0 / z - 2.0) / sqrt(z);
}`,
  },
  bessel_i1e_: {
    math: ["is_nan"],
    own: [],
    code: `${chebyshev("cheb_i1e_a", I1E_A)}
${chebyshev("cheb_i1e_b", I1E_B)}
fn bessel_i1e_(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let z = abs(x);
  var r: f32;
  if (z <= 8.0) { r = cheb_i1e_a(0.5 * z - 2.0) * z; } else { r = cheb_i1e_b(32.0 / z - 2.0) / sqrt(z); }
  return select(r, -r, x < 0.0);
}`,
  },
};

/** The primitives covered: the helper computing each and its operand count. */
const PRIMS: Record<string, [string, number]> = {
  igamma: ["igamma_", 2],
  igammac: ["igammac_", 2],
  igamma_grad_a: ["igamma_grad_a_", 2],
  random_gamma_grad: ["random_gamma_grad_", 2],
  zeta: ["zeta_", 2],
  zeta_grad_x: ["zeta_grad_x_", 2],
  polygamma: ["polygamma_", 2],
  bessel_i0e: ["bessel_i0e_", 1],
  bessel_i1e: ["bessel_i1e_", 1],
  regularized_incomplete_beta: ["betainc_", 3],
  erfcx: ["erfcx_", 1],
  log_ndtr: ["log_ndtr_", 1],
  ndtri: ["ndtri_", 1],
  xlogx: ["xlogx_", 1],
  expn: ["expn_", 2],
  expi: ["expi_", 1],
  dawsn: ["dawsn_", 1],
  spence: ["spence_", 1],
  sici_si: ["sici_si_", 1],
  sici_ci: ["sici_ci_", 1],
  owens_t: ["owens_t_", 2],
};

/** The helpers' code in dependency order: math.ts's first, then this file's. */
function helpers(name: string): string[] {
  const own: string[] = [];
  const seen = new Set<string>();
  const math = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const d of S[n].own) visit(d);
    for (const m of S[n].math) math.add(m);
    own.push(S[n].code);
  };
  visit(name);
  return [...withDeps([...math]), ...own];
}

/** The kernel of a special-function primitive this file covers (float32 operands), or null. Operands of one element broadcast. */
export function specialKernel(name: string, inAvals: readonly ShapedArray[], out: ShapedArray): { code: string; points: number } | null {
  const entry = PRIMS[name];
  if (!entry || inAvals.length !== entry[1]) return null;
  if (ktypeOf(out.dtype) !== "f32" || inAvals.some((a) => ktypeOf(a.dtype) !== "f32")) return null;
  if (inAvals.some((a) => a.size !== out.size && a.size !== 1)) return null;
  const args = inAvals.map((a, i) => `x${i}[${a.size === 1 ? "0" : "p"}]`);
  const code = [
    ...inAvals.map((_, i) => `@group(0) @binding(${i}) var<storage, read> x${i}: array<f32>;`),
    `@group(0) @binding(${inAvals.length}) var<storage, read_write> out: array<f32>;`,
    ...SPECIAL_BITS,
    ...helpers(entry[0]),
    `@compute @workgroup_size(${WORKGROUP})`,
    "fn main(@builtin(global_invocation_id) g: vec3u) {",
    `  let p = g.x + g.y * ${WORKGROUP * 65535}u;`,
    `  if (p >= ${out.size}u) { return; }`,
    `  out[p] = ${entry[0]}(${args.join(", ")});`,
    "}",
  ].join("\n");
  return { code, points: out.size };
}
