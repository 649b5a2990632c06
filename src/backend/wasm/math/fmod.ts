// fmod(x, y) for float32 values on f64x2 lanes, exactly (C's fmod, which
// XLA's float rem is): with a = |x|, b = |y|, q = trunc(a / b) and
// r = a - q b are exact in double precision while q < 2^29 (q b then fits
// 53 bits, and r, below 2b, fits 25), so one step and a correction of q's
// possible off-by-one give the remainder. Larger quotients (|x| / |y| up to
// 2^277 for float32) are first reduced by b 2^k, k the exponent gap less
// 28, a step that keeps each quotient below 2^29, in a loop that runs only
// while some lane needs it. The result takes x's sign; y = 0, x = ±inf or
// NaN give NaN, an infinite y leaves x.
import type { Dsl, Val } from "./dsl.ts";

const SIGN = -0x8000000000000000n;
const TWO_29 = 2 ** 29;

/** r in [0, b): a - q b with q = trunc(a / b) (a / b < 2^29), corrected by one b either way. */
function reduceOnce(d: Dsl, a: Val, b: Val): Val {
  let r = d.sub(a, d.mul(d.trunc(d.div(a, b)), b));
  r = d.sel(d.lt(r, 0), d.add(r, b), r);
  return d.sel(d.ge(r, b), d.sub(r, b), r);
}

export function fmod64(d: Dsl, x: Val, y: Val): Val {
  const fb = d.fb;
  const a = d.let(() => d.get(d.abs(x)));
  const b = d.abs(y);
  const finite = d.and(d.lt(a, Infinity), d.lt(b, Infinity));
  const big = d.let(() => d.get(d.and(d.ge(a, d.mul(b, TWO_29)), finite)));
  d.anyTrue(big);
  fb.if_();
  const loop = fb.loop();
  {
    // s = b 2^(ea - eb - 28): a / s < 2^29, and s is b's significand exactly (a power-of-two scaling).
    const gap = d.lsub(d.lsub(d.lshrU(a, 52), d.lshrU(b, 52)), 28n);
    const s = d.mul(b, d.lshl(d.ladd(gap, 1023n), 52));
    d.assign(a, d.sel(big, reduceOnce(d, a, s), a));
    d.assign(big, d.and(d.ge(a, d.mul(b, TWO_29)), finite));
    d.anyTrue(big);
    fb.br_if(loop);
  }
  fb.end();
  fb.end();
  let r = reduceOnce(d, a, b);
  r = d.or(r, d.and(x, SIGN)); // x's sign (r >= 0)
  r = d.sel(d.eq(b, Infinity), x, r);
  // y = 0, x infinite, or a NaN: NaN (a / b already NaN for most, but r's corrections may lose it).
  const invalid = d.or(d.or(d.eq(b, 0), d.eq(a, Infinity)), d.or(d.ne(x, x), d.ne(y, y)));
  return d.sel(invalid, Number.NaN, r);
}
