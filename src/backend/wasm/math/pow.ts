// x^y for float32 values on f64x2 lanes: exp(y * log|x|) in double
// precision (the product's relative error, ~1e-16 times its size, stays far
// below a float32 ulp), then C99's special cases: pow(x, ±0) = 1 and
// pow(1, y) = 1 even for NaN, a negative base keeps its sign for an odd
// integer exponent and is NaN for a non-integer finite one, ±0 and ±inf
// bases by the exponent's sign and parity, pow(-1, ±inf) = 1.
import { exp64, log64 } from "./core.ts";
import type { Dsl, Val } from "./dsl.ts";

export function pow64(d: Dsl, x: Val, y: Val): Val {
  const r = d.let(() => d.get(exp64(d, d.mul(y, log64(d, d.abs(x))), 10)));
  // exp(y log x) is C99's pow wherever x is positive and finite and y finite (x = 1 and y = 0 give
  // exp(0) = 1 exactly): the special cases' selects run only for vectors with another lane.
  const special = d.or(d.not(d.gt(x, 0)), d.or(d.not(d.lt(x, Infinity)), d.not(d.lt(d.abs(y), Infinity))));
  d.anyTrue(special);
  d.fb.if_();
  d.assign(r, specialCases(d, x, y, r));
  d.fb.end();
  return r;
}

/** C99's pow from r = exp(y log|x|): signs of negative bases, NaN, zeros and infinities, and the ones. */
function specialCases(d: Dsl, x: Val, y: Val, r0: Val): Val {
  let r = r0;
  const yInt = d.eq(d.floor(y), y); // true for ±inf too
  const half = d.mul(y, 0.5);
  const yOdd = d.and(yInt, d.ne(d.floor(half), half)); // false for ±inf (inf / 2 is whole)
  // A negative base (or -0): the sign of x^|y| for odd y.
  const negZero = d.and(d.eq(x, 0), d.lshrS(x, 63)); // the sign bit, as a lane mask (no division)
  r = d.sel(d.and(yOdd, d.or(d.lt(x, 0), negZero)), d.neg(r), r);
  // A finite negative base with a finite non-integer exponent.
  const finiteY = d.lt(d.abs(y), Infinity);
  r = d.sel(d.and(d.and(d.lt(x, 0), d.gt(x, -Infinity)), d.and(finiteY, d.not(yInt))), Number.NaN, r);
  // pow(-1, ±inf) = 1, pow(1, y) = 1, pow(x, ±0) = 1.
  r = d.sel(d.and(d.eq(x, -1), d.eq(d.abs(y), Infinity)), 1, r);
  return d.sel(d.or(d.eq(x, 1), d.eq(y, 0)), 1, r);
}
