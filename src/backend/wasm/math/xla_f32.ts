// XLA CPU's float32 log, log1p and erf_inv on f32x4 lanes, with the fused
// multiply-adds XLA's code has: bit for bit xlaLogF32 / xlaLog1pF32 /
// erfInvF32 (./erfinv_ref.ts) where
// the engine's relaxed_madd is a real fused multiply-add (fusedMadd() in
// ../emitter/features.ts). ./erfinv.ts computes the same on f64x2 lanes,
// emulating each fused multiply-add, for engines without one: about six
// times the work per element.
import type { Dsl32, F, Val } from "./dsl32.ts";
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

const ONE_BITS = 0x3f800000;
const fma = (d: Dsl32, a: F, b: F, c: F): Val => d.madd(a, b, c);

/** XLA CPU's f32 log (Cephes polynomial, as in Eigen's plog); `d` must fuse its madd. */
export function xlaLog32(d: Dsl32, v: Val): Val {
  const invalid = d.not(d.gt(v, 0));
  const isZero = d.eq(v, 0);
  const isInf = d.eq(v, Infinity);
  const t0 = d.max(v, MIN_NORM);
  // t0 = m * 2^e with m in [0.5, 1).
  let e = d.convert(d.isub(d.and(d.ishrU(t0, 23), 0xff), 126));
  const m = d.or(d.and(t0, 0x807fffff), 0x3f000000);
  const small = d.lt(m, SQRTHF);
  const tmp1 = d.and(small, m);
  const m1 = d.sub(m, 1);
  e = d.sub(e, d.and(small, ONE_BITS));
  const t = d.add(m1, tmp1);
  const x2 = d.mul(t, t);
  const x3 = d.mul(x2, t);
  const y = logPolynomial<Val>((a, b, c) => fma(d, a, b, c), t, x3, d.mul(e, LOG_Q1));
  let u = fma(d, -0.5, x2, t);
  u = d.add(u, y);
  let res = fma(d, LOG_Q2, e, u);
  res = d.sel(invalid, Number.NaN, res);
  res = d.sel(isZero, -Infinity, res);
  return d.sel(isInf, Infinity, res);
}

/** XLA's f32 log1p; `d` must fuse its madd. */
export function xlaLog1p32(d: Dsl32, x: Val): Val {
  const x2 = d.mul(x, x);
  let num: F = LOG1P_NUM[0];
  let den: F = LOG1P_DEN[0];
  for (let i = 1; i < 7; i++) {
    num = fma(d, num, x, LOG1P_NUM[i]);
    den = fma(d, den, x, LOG1P_DEN[i]);
  }
  let s = d.div(num, den);
  s = d.mul(d.mul(x, x2), s);
  s = fma(d, -0.5, x2, s);
  const small = d.add(x, s);
  const large = xlaLog32(d, d.add(x, 1));
  return d.sel(d.lt(d.abs(x), LOG1P_SMALL), small, large);
}

/** XLA's f32 erf_inv (Giles' polynomials over XLA's log1p); `d` must fuse its madd. */
export function xlaErfInv32(d: Dsl32, x: Val): Val {
  const w0 = d.neg(xlaLog1p32(d, d.mul(x, d.neg(x))));
  const lt = d.lt(w0, 5);
  const w = d.sel(lt, d.sub(w0, 2.5), d.sub(d.sqrt(w0), 3));
  let p: Val = d.sel(lt, ERFINV_LT5[0], ERFINV_GE5[0]);
  for (let i = 1; i < 9; i++) p = fma(d, p, w, d.sel(lt, ERFINV_LT5[i], ERFINV_GE5[i]));
  let r = d.mul(p, x);
  r = d.sel(d.lt(d.abs(r), MIN_NORM), d.mul(x, 0), r); // XLA CPU flushes subnormals
  return d.sel(d.eq(d.abs(x), 1), d.mul(x, Infinity), r);
}
