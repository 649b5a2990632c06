// Vector erfinv reproducing XLA's float32 CPU computation bit for bit (see
// ./erfinv_ref.ts for the algorithm and its provenance). Runs on f64x2 lanes
// holding float32 values: every float32 op is the f64 op followed by rounding
// to float32 (exact: 53 >= 2*24 + 2), and every fused multiply-add is the
// exact f64 product plus a round-to-odd f64 sum, rounded to float32.
import type { Dsl, F, Val } from "./dsl.ts";
import {
  ERFINV_GE5,
  ERFINV_LT5,
  LOG1P_DEN,
  LOG1P_NUM,
  LOG1P_SMALL,
  LOG_Q1,
  logPolynomial,
  LOG_Q2,
  MIN_NORM,
  SQRTHF,
} from "./erfinv_ref.ts";

const ONE_BITS = 0x3ff0000000000000n;

/** round32(a*b + c) with one rounding, for float32 a, b, c in f64 lanes. */
export function fma32(d: Dsl, a: F, b: F, c: F): Val {
  const p = d.mul(a, b); // exact
  const s = d.add(p, c);
  const bb = d.sub(s, p);
  const err = d.add(d.sub(p, d.sub(s, bb)), d.sub(c, bb)); // TwoSum error (NaN if s is not finite)
  const inexact = d.gt(d.abs(err), 0);
  const away = d.and(inexact, d.lltS(d.xor(err, s), 0)); // s rounded away from zero
  const odd = d.or(d.ladd(s, away), d.and(inexact, 1n)); // round-to-odd
  return d.round32(odd);
}

/**
 * What a call site knows about its f64 sum a*b + c (a*b is always exact):
 * "exact": the sum needs <= 53 bits, so it is exact; "pBig": |a*b| >= |c|;
 * "cBig": |c| >= |a*b|. Only fastFma32 uses it.
 */
export type FmaHint = "exact" | "pBig" | "cBig";
/** A float32 fused multiply-add on f64 lanes: fma32 above, or one made by fastFma32. */
export type Fma32 = (d: Dsl, a: F, b: F, c: F, hint?: FmaHint) => Val;

/**
 * round32(round64(a*b + c)): equal to fma32 unless the f64 sum s was rounded
 * and lies exactly halfway between two float32 values (only then can two
 * roundings differ from one). Such lanes are OR-ed into `flags` (i64 lanes)
 * so the caller can redo the vector with fma32. s is flagged when it has the
 * midpoint bit pattern and, with a hint, its Fast2Sum error is nonzero (sums
 * of few-bit operands are often exact midpoints). Valid while the results are
 * float32-normal (the midpoint pattern differs for subnormals).
 */
export function fastFma32(flags: Val): Fma32 {
  return (d, a, b, c, hint) => {
    const p = d.mul(a, b);
    const s = d.add(p, c);
    if (hint !== "exact") {
      let bad = d.leq(d.and(s, 0x1fffffffn), 0x10000000n);
      if (hint === "pBig") bad = d.and(bad, d.ne(d.sub(s, p), c));
      if (hint === "cBig") bad = d.and(bad, d.ne(d.sub(s, c), p));
      d.assign(flags, d.or(flags, bad));
    }
    return d.round32(s);
  };
}

const r32 = (d: Dsl, v: Val) => d.round32(v);

/** XLA CPU's f32 log (Cephes polynomial with fused multiply-adds); bit-identical to xlaLogF32. */
export function xlaLog(d: Dsl, v: Val, fma: Fma32 = fma32): Val {
  const invalid = d.not(d.gt(v, 0));
  const isZero = d.eq(v, 0);
  const isInf = d.eq(v, Infinity);
  const t0 = d.max(v, MIN_NORM);
  const kb = d.and(d.lshrU(t0, 52), 0x7ffn);
  let e: Val = d.sub(d.or(kb, 0x4330000000000000n), 4503599627371518); // kb - 1022
  const m = d.or(d.and(t0, 0x800fffffffffffffn), 0x3fe0000000000000n); // [0.5, 1)
  const small = d.lt(m, SQRTHF);
  const tmp1 = d.and(small, m);
  const m1 = r32(d, d.sub(m, 1));
  e = d.sub(e, d.and(small, ONE_BITS));
  const t = r32(d, d.add(m1, tmp1));
  const x2 = r32(d, d.mul(t, t));
  const x3 = r32(d, d.mul(x2, t));
  const y = logPolynomial<Val>((a, b, c) => fma(d, a, b, c), t, x3, r32(d, d.mul(e, LOG_Q1)));
  let u = fma(d, -0.5, x2, t, "exact"); // |x2/2| < |t| / 4.8, both 24 bits: exponents at most 25 apart
  u = r32(d, d.add(u, y));
  let res = fma(d, LOG_Q2, e, u, "pBig"); // e = 0, or |Q2 e| >= 0.69 > |u|
  res = d.sel(invalid, NaN, res);
  res = d.sel(isZero, -Infinity, res);
  return d.sel(isInf, Infinity, res);
}

/** XLA's f32 log1p; bit-identical to xlaLog1pF32. */
export function xlaLog1p(d: Dsl, x: Val, fma: Fma32 = fma32): Val {
  const x2 = r32(d, d.mul(x, x));
  let num: F = LOG1P_NUM[0];
  let den: F = LOG1P_DEN[0];
  for (let i = 1; i < 7; i++) {
    num = fma(d, num, x, LOG1P_NUM[i]);
    den = fma(d, den, x, LOG1P_DEN[i], i === 1 ? "cBig" : undefined); // 1 * x + 15.06 (|x| < 0.42 where used)
  }
  let s = r32(d, d.div(num, den));
  s = r32(d, d.mul(r32(d, d.mul(x, x2)), s));
  s = fma(d, -0.5, x2, s, "pBig"); // x^2/2 vs ~x^3/3 (|x| < 0.42 where used)
  const small = r32(d, d.add(x, s));
  const large = xlaLog(d, r32(d, d.add(x, 1)), fma);
  return d.sel(d.lt(d.abs(x), LOG1P_SMALL), small, large);
}

/** erfinv on f64x2 lanes holding float32 values; results are float32 values. */
export function erfInv64(d: Dsl, x: Val, fma: Fma32 = fma32): Val {
  const w0 = d.neg(xlaLog1p(d, r32(d, d.mul(x, d.neg(x))), fma));
  const lt = d.lt(w0, 5);
  const w = d.sel(lt, r32(d, d.sub(w0, 2.5)), r32(d, d.sub(r32(d, d.sqrt(w0)), 3)));
  let p: Val = d.sel(lt, ERFINV_LT5[0], ERFINV_GE5[0]);
  for (let i = 1; i < 9; i++) p = fma(d, p, w, d.sel(lt, ERFINV_LT5[i], ERFINV_GE5[i]));
  let r = r32(d, d.mul(p, x));
  r = d.sel(d.lt(d.abs(r), MIN_NORM), d.mul(x, 0), r); // XLA CPU flushes subnormals
  return d.sel(d.eq(d.abs(x), 1), d.mul(x, Infinity), r);
}
