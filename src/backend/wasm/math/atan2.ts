// atan2(y, x) for float32 values on f64x2 lanes: the angle of the smaller
// of |x| and |y| over the larger (in [0, 1]), reduced once more by
// atan(t) = pi/4 + atan((t - 1) / (t + 1)) past tan(pi/8), a Taylor series
// (error < 3e-13, far below a float32 ulp), then the octant and quadrant
// and y's sign, with C99's special cases: both zero (by the signs of zero),
// both infinite (odd multiples of pi/4), NaN in, NaN out.
import type { Dsl, Val } from "./dsl.ts";

/** atan(u) for |u| <= tan(pi/8): u (1 - u^2/3 + u^4/5 - ...), 14 terms. */
const ATAN_SERIES = Array.from({ length: 14 }, (_, i) => {
  const k = 13 - i; // highest degree first
  return (k % 2 === 0 ? 1 : -1) / (2 * k + 1);
});

export function atan2_64(d: Dsl, y: Val, x: Val): Val {
  const ax = d.abs(x);
  const ay = d.abs(y);
  const big = d.max(ax, ay);
  let t = d.div(d.min(ax, ay), big);
  t = d.sel(d.eq(big, 0), 0, t); // both zero
  t = d.sel(d.and(d.eq(ax, Infinity), d.eq(ay, Infinity)), 1, t); // both infinite
  const far = d.gt(t, 0.41421356237309503);
  const u = d.sel(far, d.div(d.sub(t, 1), d.add(t, 1)), t);
  const u2 = d.mul(u, u);
  let a = d.mul(u, d.horner(u2, ATAN_SERIES));
  a = d.sel(far, d.add(a, Math.PI / 4), a);
  a = d.sel(d.gt(ay, ax), d.sub(Math.PI / 2, a), a);
  // x < 0, or x = -0: the other half plane.
  const xNeg = d.or(d.lt(x, 0), d.and(d.eq(x, 0), d.lt(d.div(1, x), 0)));
  a = d.sel(xNeg, d.sub(Math.PI, a), a);
  // y's sign, -0 included.
  const yNeg = d.or(d.lt(y, 0), d.and(d.eq(y, 0), d.lt(d.div(1, y), 0)));
  return d.sel(yNeg, d.neg(a), a);
}
