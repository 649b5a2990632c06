// Core math routines on f64x2 lanes. The f32x4 kernels widen each half to
// f64x2, run these, and round once on the way back, so results are correctly
// rounded float32 except in rare double-rounding ties (< 2^-29 relative
// error before the final rounding). Inputs are float32 values held in f64
// lanes; ranges below rely on that (|x| <= 3.4e38, 24-bit significands).
import type { Dsl, Val } from "./dsl.ts";
import { BIG_ARG, ERFC_R_CHEB, INV_FACT, LN2_HI, LN2_LO, LOG2E, PIO2_1, PIO2_2, PIO2_3, SQRT2, TWO_OVER_PI } from "./constants.ts";

const SIGN = -0x8000000000000000n;
const EXP_ONE = 0x3ff0000000000000n; // bits of 1.0
const MANT = 0x000fffffffffffffn;
const MAGIC = 0x4330000000000000n; // bits of 2^52

/** 2^k for integer-valued f64 lanes k in [-1022, 1023]. */
function pow2(d: Dsl, k: Val): Val {
  return d.lshl(d.ladd(d.toI64(k), 1023), 52);
}

/** Cody-Waite: k = round(x / ln2), r = x - k ln2 (|r| <= 0.347). x must be clamped to |x| < ~700. */
function reduceLn2(d: Dsl, x: Val): { k: Val; r: Val } {
  const k = d.nearest(d.mul(x, LOG2E));
  const r = d.sub(d.sub(x, d.mul(k, LN2_HI)), d.mul(k, LN2_LO));
  return { k, r };
}

/**
 * exp(x); x clamped to [-110, 90] (beyond: 0 / inf after rounding to f32).
 * NaN propagates. Taylor to r^degree: truncation < 0.347^(degree+1) /
 * (degree+1)!, 1.7e-16 at the default 12; pow takes 10 (2.2e-13, far
 * below a float32 rounding).
 */
export function exp64(d: Dsl, x0: Val, degree = 12): Val {
  const x = d.min(d.max(x0, -110), 90);
  const { k, r } = reduceLn2(d, x);
  const coefs = [];
  for (let n = degree; n >= 0; n--) coefs.push(INV_FACT[n]);
  const p = d.horner(r, coefs);
  return d.mul(p, pow2(d, k));
}

/** expm1(x) without the sign-of-zero fix (callers handle x = -0). */
export function expm1Core(d: Dsl, x0: Val): Val {
  const x = d.min(d.max(x0, -110), 90);
  const { k, r } = reduceLn2(d, x);
  // q = expm1(r) = r + r^2 (1/2 + r/6 + ... + r^11/13!)
  const coefs = [];
  for (let n = 13; n >= 2; n--) coefs.push(INV_FACT[n]);
  const h = d.horner(r, coefs);
  const q = d.add(r, d.mul(d.mul(r, r), h));
  const s = pow2(d, k);
  // 2^k (1 + q) - 1 = 2^k q + (2^k - 1); no cancellation beyond a factor 2 since |expm1(x)| >= 0.29 when k != 0.
  return d.add(d.mul(s, q), d.sub(s, 1));
}

export function expm1_64(d: Dsl, x: Val): Val {
  return d.sel(d.eq(x, 0), x, expm1Core(d, x));
}

/** log(u) for positive finite normal doubles; other inputs give garbage (callers select specials). */
export function logCore(d: Dsl, u: Val): Val {
  const eb = d.lshrU(u, 52);
  let m = d.or(d.and(u, MANT), EXP_ONE); // [1, 2)
  let e = d.sub(d.or(eb, MAGIC), 4503599627371519); // eb - 1023 as f64 (2^52 + 1023)
  const big = d.gt(m, SQRT2);
  m = d.sel(big, d.mul(m, 0.5), m); // [sqrt(1/2), sqrt(2)]
  e = d.add(e, d.and(big, EXP_ONE));
  const f = d.sub(m, 1);
  const s = d.div(f, d.add(f, 2));
  const z = d.mul(s, s); // <= 0.0295
  // log(m) = 2 atanh(s) = 2s (1 + z/3 + z^2/5 + ... + z^7/15)
  const P = d.horner(z, [1 / 15, 1 / 13, 1 / 11, 1 / 9, 1 / 7, 1 / 5, 1 / 3]);
  const s2 = d.add(s, s);
  const logm = d.add(s2, d.mul(d.mul(s2, z), P));
  return d.add(d.mul(e, LN2_HI), d.add(d.mul(e, LN2_LO), logm));
}

export function log64(d: Dsl, x: Val): Val {
  let r = logCore(d, x);
  r = d.sel(d.not(d.ge(x, 0)), NaN, r);
  r = d.sel(d.eq(x, 0), -Infinity, r);
  return d.sel(d.eq(x, Infinity), Infinity, r);
}

export function log1p64(d: Dsl, x: Val): Val {
  const u = d.add(x, 1); // exact for |x| >= 2^-29 (and x < 2^53)
  const big = logCore(d, u);
  // |x| < 2^-20: x - x^2/2 + x^3/3 - x^4/4 (relative error < 2^-80)
  const h = d.horner(x, [-0.25, 1 / 3, -0.5]);
  const small = d.add(x, d.mul(d.mul(x, x), h));
  let r = d.sel(d.lt(d.abs(x), 2 ** -20), small, big);
  r = d.sel(d.not(d.ge(x, -1)), NaN, r);
  r = d.sel(d.eq(x, -1), -Infinity, r);
  return d.sel(d.eq(x, Infinity), Infinity, r);
}

export function tanh64(d: Dsl, x: Val): Val {
  const ax = d.min(d.abs(x), 20); // tanh(20) rounds to 1 in f32
  const t = expm1Core(d, d.add(ax, ax));
  const r = d.div(t, d.add(t, 2));
  return d.or(r, d.and(x, SIGN));
}

/** Clenshaw evaluation of c0/2 + sum_k c_k T_k(t). */
function clenshaw(d: Dsl, t: Val, c: readonly number[]): Val {
  const t2 = d.add(t, t);
  let b1: Val | number = 0;
  let b2: Val | number = 0;
  for (let k = c.length - 1; k >= 1; k--) {
    const b = d.sub(d.add(d.mul(t2, b1), c[k]), b2);
    b2 = b1;
    b1 = b;
  }
  return d.sub(d.add(d.mul(t, b1), c[0] / 2), b2);
}

export function erf64(d: Dsl, x: Val): Val {
  const ax = d.abs(x);
  // |x| < 0.5: Maclaurin series, erf(x) = 2/sqrt(pi) sum (-1)^n x^(2n+1) / (n! (2n+1)), n <= 10.
  const coefs: number[] = [];
  for (let n = 10; n >= 0; n--) coefs.push(((((n % 2 ? -1 : 1) * 2) / Math.sqrt(Math.PI)) * INV_FACT[n]) / (2 * n + 1));
  const small = d.mul(x, d.horner(d.mul(x, x), coefs));
  // 0.5 <= |x|: erf = 1 - exp(-x^2) R(x), R = erfc * exp(x^2) by Chebyshev on [0.5, 4]; |x| >= 4 rounds to 1.
  const a = d.min(ax, 4);
  const t = d.div(d.sub(d.add(a, a), 4.5), 3.5);
  const R = clenshaw(d, t, ERFC_R_CHEB);
  const e = exp64(d, d.neg(d.mul(a, a))); // a*a is exact (a has a 24-bit significand)
  const large = d.or(d.sub(1, d.mul(e, R)), d.and(x, SIGN));
  return d.sel(d.lt(ax, 0.5), small, large);
}

/**
 * sin (cos when `cos`). Cody-Waite with a 90-bit pi/2 for |x| < 2^22; larger
 * finite lanes call `bigReduce` (f64) -> (r, n) per lane (exact multi-word
 * reduction with the bits of 2/pi).
 */
export function sincos64(d: Dsl, x: Val, cos: boolean, bigReduce: number): Val {
  const fb = d.fb;
  const n = d.nearest(d.mul(x, TWO_OVER_PI));
  const r = d.sub(d.sub(d.sub(x, d.mul(n, PIO2_1)), d.mul(n, PIO2_2)), d.mul(n, PIO2_3));
  const ax = d.abs(x);
  const big = d.and(d.ge(ax, BIG_ARG), d.lt(ax, Infinity));
  d.anyTrue(big);
  fb.if_();
  {
    const rl = fb.addLocal("f64");
    const nl = fb.addLocal("f64");
    for (let lane = 0; lane < 2; lane++) {
      d.get(big);
      fb.i64x2.extract_lane(lane);
      fb.i64.eqz();
      fb.i32.eqz();
      fb.if_();
      d.get(x);
      fb.f64x2.extract_lane(lane);
      fb.call(bigReduce);
      fb.local_set(nl).local_set(rl);
      d.get(r);
      fb.local_get(rl);
      fb.f64x2.replace_lane(lane);
      fb.local_set(r.local);
      d.get(n);
      fb.local_get(nl);
      fb.f64x2.replace_lane(lane);
      fb.local_set(n.local);
      fb.end();
    }
  }
  fb.end();
  const z = d.mul(r, r);
  // sin r = r + r z (-1/3! + z/5! - ... + z^5/13!) ; cos r = 1 - z/2! + ... - z^7/14!
  const sc = [INV_FACT[13], -INV_FACT[11], INV_FACT[9], -INV_FACT[7], INV_FACT[5], -INV_FACT[3]];
  const sinr = d.add(r, d.mul(d.mul(r, z), d.horner(z, sc)));
  const cc = [-INV_FACT[14], INV_FACT[12], -INV_FACT[10], INV_FACT[8], -INV_FACT[6], INV_FACT[4], -0.5, 1];
  const cosr = d.horner(z, cc);
  let q = d.toI64(n);
  if (cos) q = d.ladd(q, 1);
  const swap = d.not(d.leq(d.and(q, 1), 0));
  const res = d.xor(d.sel(swap, cosr, sinr), d.lshl(d.and(q, 2), 62));
  return cos ? res : d.sel(d.eq(x, 0), x, res);
}
