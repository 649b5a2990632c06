// Fast float32 math on f32x4 lanes: no widening to f64, branch-free except
// for rare inputs (log/log1p specials and subnormals; sin/cos lanes that need
// the accurate f64 path), tested once per vector. Every function stays within
// 2 ulp of the float64 result over the whole float32 domain (measured
// exhaustively by scripts/fast_math_exhaustive.ts, see ../README.md).
// Polynomial coefficients are minimax fits with float32 coefficients from
// scripts/fit_fast_math.py unless noted (highest degree first, as
// Dsl32.horner takes them). Without `fma` the code uses only deterministic
// SIMD ops, so results are bit-reproducible. Intermediates are kept out of
// the subnormal range unless the result is subnormal (or |x| < 2^-42 feeds a
// polynomial term): x86 handles subnormal results with slow microcode
// assists (about 4x slower).
import { Dsl32, type Val } from "./dsl32.ts";
import { LOG_P, LOG_Q1, LOG_Q2 } from "./erfinv_ref.ts";

export const FAST_MATH_FUNCTIONS = ["exp", "log", "tanh", "logistic", "sin", "cos", "erf", "log1p", "expm1"] as const;
export type FastMathFn = (typeof FAST_MATH_FUNCTIONS)[number];

const f = Math.fround;
const SIGN = -0x80000000;
/** 1.5 * 2^23: v + MAGIC rounds v (|v| < 2^22) to an integer n, and bits(v + MAGIC) = bits(MAGIC) + n. */
const MAGIC = 12582912;
const INF = Infinity;

const LOG2E = f(Math.LOG2E);
/** ln2 ~ LN2_C1 + LN2_C2 (Cephes): LN2_C1 has 9 bits, so k * LN2_C1 is exact for |k| < 2^15. */
const LN2_C1 = LOG_Q2; // 0.693359375
const LN2_C2 = LOG_Q1; // -2.12194440e-4 (so r = x - k*C1 - k*C2)

/** e^r - 1 - r ~ r^2 * EXP_P(r) on |r| <= ln2/2 (error 0.06 * 2^-24 relative to e^r). */
const EXP_P = [0.0013820467283949256, 0.00836925022304058, 0.04166828468441963, 0.16666516661643982, 0.4999999403953552];
/** expm1(r) - r ~ r^2 * EXPM1_P(r) on |r| <= 0.75 (relative error 0.05 * 2^-24). */
const EXPM1_P = [
  2.4825616492307745e-5, 0.00020137788669671863, 0.0013890311820432544, 0.008332396857440472, 0.041666626930236816, 0.16666674613952637,
  0.5,
];
/** tanh(x) - x ~ x^3 * TANH_P(x^2) on |x| <= 0.625 (relative error 0.08 * 2^-24). */
const TANH_P = [-0.005663615185767412, 0.02060323767364025, -0.05372913181781769, 0.13331320881843567, -0.33333277702331543];
const TANH_SMALL = 0.625;
/** sin r - r ~ r^3 * SIN_P(r^2), cos r - 1 + r^2/2 ~ r^4 * COS_P(r^2) on |r| <= pi/4 (0.07 / 0.002 * 2^-24). */
const SIN_P = [-0.000195179003640078, 0.008332187309861183, -0.16666655242443085];
const COS_P = [2.4432327336398885e-5, -0.0013887309469282627, 0.04166664555668831];
/**
 * pi/2 = PIO2_1 + PIO2_2 + PIO2_3 + PIO2_4 + O(2^-59): the first three have 10
 * significant bits, so n * PIO2_k is exact for n < 2^14 (|x| < SINCOS_BIG).
 */
export const PIO2_F32 = [1.5703125, 0.00048351287841796875, 3.1385570764541626e-7, 6.07710062827671e-11] as const;
const TWO_OVER_PI = f(2 / Math.PI);
/** Above this |x| sin/cos use the accurate (f64) path. */
export const SINCOS_BIG = 16384;
/** ... and for |r| below (about) this when n != 0: near multiples of pi/2, where the 2^-40 reduction error would show. */
export const SINCOS_TINY_R = 2 ** -14;
/** erf(x) - x ~ x * ERF_SMALL_P(x^2) on |x| < ERF_T (relative error 0.015 * 2^-24). */
const ERF_SMALL_P = [
  7.992296741576865e-5, -0.0008049063617363572, 0.005192369222640991, -0.026855725795030594, 0.11283625662326813, -0.3761262893676758,
  0.12837916612625122,
];
/** log(erfc(x)) ~ ERF_BIG_P(x) on [ERF_T, 4], weighted by erfc/erf (error 0.026 * 2^-24 of erf). */
const ERF_BIG_P = [
  0.0001958236243808642, -0.003042110474780202, 0.02222253754734993, -0.10392256081104279, -0.6371924877166748, -1.1276695728302002,
  -0.0001971351885003969,
];
const ERF_T = 0.921875;

const ONE_BITS = 0x3f800000; // 2^0 (and 127 << 23)
const HALF_BITS = 0x3f000000; // 2^-1

interface ExpReduced {
  kk: Val;
  r: Val;
  c: Val;
}

/**
 * Cody-Waite: k = round(x log2 e), r + c = x - k ln2 with r = fl(x - k ln2)
 * and c its rounding error (Fast2Sum). kk = k << 23 as i32 lanes (bits(y) << 23,
 * since bits(MAGIC) << 23 wraps to 0; needs |k| < 256). Lanes of `zeroK` get
 * k = 0 (r = x).
 */
function reduceLn2(d: Dsl32, x: Val, zeroK?: Val): ExpReduced {
  const y = d.add(d.mul(x, LOG2E), MAGIC);
  let kf = d.sub(y, MAGIC);
  let kk = d.ishl(y, 23);
  if (zeroK) {
    kf = d.andnot(kf, zeroK);
    kk = d.andnot(kk, zeroK);
  }
  const hi = d.sub(x, d.mul(kf, LN2_C1)); // exact
  const lo = d.mul(kf, LN2_C2);
  const r = d.sub(hi, lo);
  const c = d.sub(d.sub(hi, r), lo);
  return { kk, r, c };
}

/** expm1(r + c) ~ r + (r^2 P(r) + c), with EXP_P (|r| <= ln2/2) or EXPM1_P (|r| <= 0.75). */
function expm1Poly(d: Dsl32, r: Val, c: Val, coefs: readonly number[]): Val {
  return d.add(r, d.add(d.mul(d.mul(r, r), d.horner(r, coefs)), c));
}

/**
 * (s1, s2) with s1 * s2 = 2^k, both normal for k in [-252, 254]: s1 =
 * 2^floor(k/2), so subnormal results are rounded once and k = 128 does not
 * overflow early.
 */
function pow2Split(d: Dsl32, kk: Val): [Val, Val] {
  const k1 = d.and(d.ishrS(kk, 1), 0xff800000 | 0); // floor(k/2) << 23
  return [d.iadd(k1, ONE_BITS), d.iadd(d.isub(kk, k1), ONE_BITS)];
}

/**
 * exp(x): x clamped to [-104, 89] (pmin/pmax keep NaN), Cody-Waite reduction
 * by ln2 (Cephes' 2-part split plus the rounding error of r), degree-6
 * minimax for e^r, exact two-step scaling by 2^k. Lanes below -104 get
 * s2 = 0: exactly 0 without an underflowing multiply (x86 takes a slow
 * microcode assist for those, e.g. for softmax's masked -inf inputs).
 */
export function fastExp(d: Dsl32, x0: Val): Val {
  const x = d.pmin(d.pmax(x0, -104), 89);
  const { kk, r, c } = reduceLn2(d, x);
  const [s1, s2] = pow2Split(d, kk);
  return d.mul(d.mul(d.add(1, expm1Poly(d, r, c, EXP_P)), s1), d.andnot(s2, d.lt(x0, -104)));
}

/**
 * 2 (s p + (s - 1/2)) = 2^k (1 + p) - 1 with s = 2^(k-1): s p is exact and
 * s - 1/2 is exact for k <= 25, so the sum is rounded once.
 */
function expm1Scale(d: Dsl32, kk: Val, p: Val): Val {
  const s = d.iadd(kk, HALF_BITS);
  const h = d.add(d.mul(s, p), d.sub(s, 0.5));
  return d.add(h, h);
}

/**
 * expm1(x): as exp, but k is forced to 0 for |x| < 0.75 (so r = x, no
 * cancellation), with a degree-8 minimax for expm1(r) on |r| <= 0.75, scaled
 * by expm1Scale for k != 0. x clamped to [-18, 89] (-1 / inf beyond). expm1
 * has the sign of x, so OR-ing x's sign bit in fixes expm1(-0) = -0 for free.
 */
export function fastExpm1(d: Dsl32, x0: Val): Val {
  const x = d.pmin(d.pmax(x0, -18), 89);
  const small = d.lt(d.andnot(x0, SIGN), 0.75);
  const { kk, r, c } = reduceLn2(d, x, small);
  const p = expm1Poly(d, r, c, EXPM1_P);
  // k = 0 lanes take p itself (s p = p/2 would lose subnormal bits)
  return d.or(d.sel(small, p, expm1Scale(d, kk, p)), d.and(x0, SIGN));
}

/**
 * tanh(x) = sign(x) tanh|x|: |x| < 0.625: |x| + |x|^3 P(x^2) (degree-11
 * minimax); else t/(t + 2) with t = expm1(2|x|) as in fastExpm1 (k >= 2, so
 * the narrow exp polynomial), |x| clamped to 9.5, where tanh rounds to 1.
 */
export function fastTanh(d: Dsl32, x: Val): Val {
  const ax = d.andnot(x, SIGN);
  const z = d.mul(ax, ax);
  const small = d.add(ax, d.mul(d.mul(ax, z), d.horner(z, TANH_P)));
  const a = d.pmin(ax, 9.5);
  const { kk, r, c } = reduceLn2(d, d.add(a, a));
  const t = expm1Scale(d, kk, expm1Poly(d, r, c, EXP_P));
  const big = d.div(t, d.add(t, 2));
  return d.or(d.sel(d.lt(ax, TANH_SMALL), small, big), d.and(x, SIGN));
}

/**
 * logistic(x) = 1 / (1 + exp(-x)), from e = exp(-|x|) = 2^k (e1 + e1lo)
 * (never overflows; e1lo is the rounding error of e1 = 1 + expm1(r), by
 * Fast2Sum): x >= 0: 1 / (1 + e), x < 0: 2^k e1 / (1 + e), so tiny results
 * for x << 0 (down to subnormals) keep their relative accuracy. With
 * den + dlo = 1 + e, q = num / den gets the first-order correction
 * (num_lo - q dlo) / (1 + e), 1 / (1 + e) ~ q (x >= 0) or 1 - 2^k q (x < 0);
 * without it the three roundings reach 2.1 ulp. The denominator uses 2^k
 * clamped to >= 2^-60 (1 + e == 1 there anyway) and only x < 0 lanes are
 * scaled, so no intermediate is subnormal unless the result is (x86 handles
 * those with slow microcode assists).
 */
export function fastLogistic(d: Dsl32, x: Val): Val {
  const { kk, r, c } = reduceLn2(d, d.pmax(d.or(x, SIGN), -104)); // -|x|
  const p = expm1Poly(d, r, c, EXP_P);
  const e1 = d.add(1, p);
  const e1lo = d.add(d.sub(1, e1), p);
  const sc = d.let(() => {
    d.get(kk);
    d.pushI(-60 << 23);
    d.fb.i32x4.max_s();
  }); // 2^max(k, -60) - 1.0 bits
  const s = d.iadd(sc, ONE_BITS);
  const ehi = d.mul(e1, s);
  const den = d.add(1, ehi);
  const dlo = d.add(d.add(d.sub(1, den), ehi), d.mul(e1lo, s));
  const neg = d.lt(x, 0);
  const q = d.div(d.sel(neg, e1, 1), den);
  const inv = d.sel(neg, d.sub(1, d.mul(q, s)), q);
  const res = d.add(q, d.mul(d.sub(d.and(neg, e1lo), d.mul(q, dlo)), inv));
  // x < 0: scale by 2^k (k = 0 for x >= 0; 0 below -104, as in fastExp)
  const [s1, s2] = pow2Split(d, d.and(kk, neg));
  return d.mul(d.mul(res, s1), d.andnot(s2, d.lt(x, -104)));
}

/**
 * log(2^e (1 + t)) = e ln2 + t - t^2/2 + t^3 P(t), t in [sqrt(1/2)-1, sqrt(2)-1]:
 * the Cephes logf polynomial (LOG_P, 9 coefficients) and ln2 split. `corr`
 * (log1p's rounding error of 1 + x, relative) is added to the tail. u must be
 * positive normal (other lanes give garbage; callers fix them).
 */
function logCore(d: Dsl32, u: Val, eAdjust?: Val, corr?: Val): Val {
  // Offset the exponent so that the mantissa lands in [sqrt(1/2), sqrt(2)) (musl's trick).
  const ix = d.iadd(u, 0x3f800000 - 0x3f3504f3);
  let k = d.isub(d.ishrS(ix, 23), 0x7f);
  if (eAdjust) k = d.isub(k, eAdjust);
  const m = d.iadd(d.and(ix, 0x007fffff), 0x3f3504f3);
  const t = d.sub(m, 1); // exact
  const e = d.convert(k);
  const z = d.mul(t, t);
  let y = d.mul(t, d.mul(z, d.horner(t, LOG_P)));
  if (corr) y = d.add(y, corr);
  y = d.add(y, d.mul(e, LOG_Q1));
  y = d.sub(y, d.mul(z, 0.5));
  return d.add(d.add(t, y), d.mul(e, LOG_Q2)); // e * LOG_Q2 is exact
}

const MIN_NORMAL = 1.1754943508222875e-38;

/**
 * log(x): positive normal x go straight through logCore. Only when some lane
 * is not positive normal (subnormal, 0, negative, inf, NaN), subnormals are
 * scaled by 2^23 first and 0 -> -inf, < 0 -> NaN, inf -> inf selected after.
 */
export function fastLog(d: Dsl32, x: Val): Val {
  const fb = d.fb;
  const special = fb.addLocal("i32");
  d.allTrue(d.and(d.ge(x, MIN_NORMAL), d.lt(x, INF)));
  fb.i32.eqz().local_tee(special);
  const u = d.let(() => d.get(x));
  const adj = d.let(() => d.pushI(0));
  fb.if_();
  {
    const sub = d.lt(x, MIN_NORMAL);
    d.assign(u, d.sel(sub, d.mul(x, 8388608), x));
    d.assign(adj, d.and(sub, 23));
  }
  fb.end();
  const r = logCore(d, u, adj);
  fb.local_get(special).if_();
  {
    let s = d.sel(d.eq(x, INF), INF, r);
    s = d.sel(d.eq(x, 0), -INF, s);
    d.assign(r, d.sel(d.not(d.ge(x, 0)), NaN, s));
  }
  fb.end();
  return r;
}

/**
 * log1p(x) = log(u) + err/u with u = fl(1 + x) and err = (1 + x) - u exact
 * (TwoSum); u >= 2^-24 needs no subnormal scaling. log1p has the sign of x
 * (OR-ing it in keeps -0). Only if some lane is outside (-1, inf): -1 -> -inf,
 * < -1 or NaN -> NaN, inf -> inf.
 */
export function fastLog1p(d: Dsl32, x: Val): Val {
  const u = d.add(x, 1);
  const bb = d.sub(u, x);
  const err = d.add(d.sub(x, d.sub(u, bb)), d.sub(1, bb));
  const r = d.or(logCore(d, u, undefined, d.div(err, u)), d.and(x, SIGN));
  d.allTrue(d.and(d.gt(x, -1), d.lt(x, INF)));
  d.fb.if_();
  d.fb.else_();
  {
    let s = d.sel(d.eq(x, INF), INF, r);
    s = d.sel(d.eq(x, -1), -INF, s);
    d.assign(r, d.sel(d.not(d.ge(x, -1)), NaN, s));
  }
  d.fb.end();
  return r;
}

/**
 * erf(x): |x| < ERF_T: x + x Q(x^2) (degree-13 odd minimax); else
 * sign(x) (1 - exp(P(|x|))) with P ~ log(erfc) (degree 6, |x| clamped to 4,
 * where erf rounds to 1). Errors in P scale by erfc/erf <= 0.23 there.
 * P is in [-18, -1.6], so exp needs no clamping and one-step scaling.
 */
export function fastErf(d: Dsl32, x: Val): Val {
  const ax = d.andnot(x, SIGN);
  const small = d.add(x, d.mul(x, d.horner(d.mul(x, x), ERF_SMALL_P)));
  const { kk, r, c } = reduceLn2(d, d.horner(d.pmin(ax, 4), ERF_BIG_P));
  const erfc = d.mul(d.add(1, expm1Poly(d, r, c, EXP_P)), d.iadd(kk, ONE_BITS));
  const big = d.or(d.sub(1, erfc), d.and(x, SIGN));
  return d.sel(d.lt(ax, ERF_T), small, big);
}

/**
 * sin / cos: n = round(|x| 2/pi), r = |x| - n pi/2 with a 4-part Cody-Waite
 * split (PIO2_F32; the first two steps exact, the third split by TwoSum into
 * rh + rl, the last folded into rl; error < 2^-40), then sin(rh + rl) ~
 * rh + (rh z S(z) + rl (1 - z/2)), cos(rh + rl) ~ (1 - z/2) + (z^2 C(z) - rh rl)
 * (degree-7 / degree-8 minimax, z = rh^2; fdlibm's compensated 1 - z/2) and
 * the quadrant n mod 4 picks +-sin / +-cos. Lanes with |x| > SINCOS_BIG (and
 * inf), or |rh| < 2 SINCOS_TINY_R with n != 0, are recomputed by `slowVec`
 * (the accurate f64 path) when any lane needs it.
 */
export function fastSinCos(d: Dsl32, x: Val, cos: boolean, slowVec: number): Val {
  const [P1, P2, P3, P4] = PIO2_F32;
  const ax = d.andnot(x, SIGN);
  const y = d.add(d.mul(ax, TWO_OVER_PI), MAGIC); // bits(y) = bits(MAGIC) + n
  const n = d.sub(y, MAGIC);
  const b = d.sub(d.sub(ax, d.mul(n, P1)), d.mul(n, P2)); // exact
  const p3 = d.mul(n, P3); // exact
  const rh = d.sub(b, p3);
  const bb = d.sub(rh, b);
  const e = d.sub(d.sub(b, d.sub(rh, bb)), d.add(p3, bb)); // TwoSum(b, -p3) error
  const rl = d.sub(e, d.mul(n, P4));
  const z = d.mul(rh, rh);
  const hz = d.mul(z, 0.5);
  const sinr = d.add(rh, d.add(d.mul(d.mul(rh, z), d.horner(z, SIN_P)), d.sub(rl, d.mul(hz, rl))));
  const w = d.sub(1, hz);
  const cosr = d.add(w, d.add(d.sub(d.sub(1, w), hz), d.sub(d.mul(d.mul(z, z), d.horner(z, COS_P)), d.mul(rh, rl))));
  const odd = d.ishrS(d.ishl(y, 31), 31);
  // sign: bit 1 of n (sin) or of n + 1 (cos), and for sin the sign of x
  const res = cos
    ? d.xor(d.sel(odd, sinr, cosr), d.and(d.ishl(d.iadd(y, 1), 30), SIGN))
    : d.xor(d.sel(odd, cosr, sinr), d.and(d.xor(d.ishl(y, 30), x), SIGN));
  const tiny = d.and(d.lt(d.andnot(rh, SIGN), 2 * SINCOS_TINY_R), d.gt(ax, 1)); // |rl| < 2^-16.9
  const slow = d.or(d.gt(ax, SINCOS_BIG), tiny);
  d.anyTrue(slow);
  d.fb.if_();
  d.assign(
    res,
    d.let(() => {
      d.get(x);
      d.fb.call(slowVec);
      d.get(res);
      d.get(slow);
      d.fb.v128.bitselect();
    }),
  );
  d.fb.end();
  return res;
}

/** Emits fn on the f32x4 value `x`; sin/cos need the accurate vec function's index. */
export function fastMath(d: Dsl32, fn: FastMathFn, x: Val, slowVec = -1): Val {
  switch (fn) {
    case "exp":
      return fastExp(d, x);
    case "expm1":
      return fastExpm1(d, x);
    case "log":
      return fastLog(d, x);
    case "log1p":
      return fastLog1p(d, x);
    case "tanh":
      return fastTanh(d, x);
    case "logistic":
      return fastLogistic(d, x);
    case "erf":
      return fastErf(d, x);
    case "sin":
      return fastSinCos(d, x, false, slowVec);
    case "cos":
      return fastSinCos(d, x, true, slowVec);
  }
}
