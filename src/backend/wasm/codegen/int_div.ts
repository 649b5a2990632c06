// Integer division and remainder, scalar, 32 or 64 bits: x/0 = -1 (all ones)
// and x%0 = x, MIN/-1 = MIN and MIN%-1 = 0, as XLA defines them (wasm would trap).
import type { FunctionBuilder } from "../emitter/index.ts";

export function emitIntDiv(
  f: FunctionBuilder,
  tmp: (t: "i32" | "i64") => number,
  get: (i: number) => void,
  width: "i32" | "i64",
  unsigned: boolean,
  rem: boolean,
): void {
  const n = width === "i64" ? f.i64 : f.i32;
  const y = tmp(width);
  get(1);
  f.local_set(y);
  f.local_get(y);
  n.eqz();
  f.if_(width);
  if (rem) get(0);
  else n.const(-1);
  f.else_();
  if (unsigned) {
    get(0);
    f.local_get(y);
    if (rem) n.rem_u();
    else n.div_u();
  } else {
    // y = -1: x / -1 = -x (wrapping), x % -1 = 0.
    f.local_get(y);
    n.const(-1);
    n.eq();
    f.if_(width);
    if (rem) n.const(0);
    else {
      n.const(0);
      get(0);
      n.sub();
    }
    f.else_();
    get(0);
    f.local_get(y);
    if (rem) n.rem_s();
    else n.div_s();
    f.end();
  }
  f.end();
}

/**
 * int32/uint32 division or remainder of i32x4 lanes (wasm SIMD has no integer
 * division): each pair of lanes divides as float64, exact for 32-bit
 * integers (the quotient's distance to the next integer, at least 1/|y|, is
 * more than half its ulp), truncated back with saturation; then XLA's cases:
 * x/0 = -1, MIN/-1 = MIN (negation, wrapping). The remainder is x - q·y,
 * which gives x%0 = x and x%-1 = 0 from that q. `divisor` is y where it is
 * a constant: the cases that cannot occur are not tested for.
 */
export function emitIntDivSimd(
  f: FunctionBuilder,
  tmp: (t: "v128") => number,
  get: (i: number) => void,
  unsigned: boolean,
  rem: boolean,
  divisor: number | null,
): void {
  const [x, y, q] = [tmp("v128"), tmp("v128"), tmp("v128")];
  get(0);
  f.local_set(x);
  get(1);
  f.local_set(y);
  const highToLow = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
  const half = (high: boolean): void => {
    for (const v of [x, y]) {
      f.local_get(v);
      if (high) f.local_get(v).i8x16.shuffle(highToLow);
      if (unsigned) f.f64x2.convert_low_i32x4_u();
      else f.f64x2.convert_low_i32x4_s();
    }
    f.f64x2.div();
    if (unsigned) f.i32x4.trunc_sat_f64x2_u_zero();
    else f.i32x4.trunc_sat_f64x2_s_zero();
  };
  half(false);
  half(true);
  f.i8x16.shuffle([0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]).local_set(q);
  const where = (value: () => void, yEquals: number): void => {
    // q = y == c ? value : q
    value();
    f.local_get(q);
    f.local_get(y);
    f.i32.const(yEquals).i32x4.splat().i32x4.eq();
    f.v128.bitselect().local_set(q);
  };
  if (!unsigned && (divisor === null || divisor === -1)) where(() => f.v128.const(new Uint8Array(16)).local_get(x).i32x4.sub(), -1);
  if (!rem && (divisor === null || divisor === 0)) where(() => f.i32.const(-1).i32x4.splat(), 0);
  if (!rem) {
    f.local_get(q);
    return;
  }
  f.local_get(x).local_get(q).local_get(y).i32x4.mul().i32x4.sub();
}
