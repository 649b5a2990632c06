// exp2, tan, the inverse trigonometric, hyperbolic and inverse hyperbolic
// functions, and cbrt, as float32 kernel operations built from the kernel
// IR's exp, expm1, log, log1p, sqrt, sin, cos and atan2 (themselves within
// 2 ulp), as XLA expands them: exp2 as exp(x log 2) (JAX's lowering), tan as
// sin / cos, sinh and cosh from exp(±x + log 1/2) (expm1 near 0), asin, acos
// and atan by atan2. The inverse hyperbolics take log1p forms that keep
// their precision near 0 and 1, and log|x| + log 2 where x^2 would
// overflow; cbrt refines exp(log|x| / 3) by two Newton steps. On the
// reference kernels (float64, per element in JS) exp2 of 1e6 took 40 ms,
// sinh 15, asin 13, cbrt 14.
import { F32 } from "./f32_nodes.ts";
import type { Node, NodeBuilder } from "./kernel.ts";

const LOG_HALF = Math.fround(Math.log(0.5));
/** Above this |x|, x^2 overflows float32 (the inverse hyperbolics switch to log|x| + log 2). */
const HUGE = 1e18;

export function exp2Of(b: NodeBuilder, x: Node): Node {
  const m = new F32(b, x.shape);
  return m.op("exp", m.mul(m.k(Math.LN2), x));
}

export function tanOf(b: NodeBuilder, x: Node): Node {
  const m = new F32(b, x.shape);
  return m.div(m.op("sin", x), m.op("cos", x));
}

/** (e^x - e^-x) / 2: (expm1(x) + expm1(x) / (expm1(x) + 1)) / 2 below |x| = 1, e^(x + log ½) - e^(-x + log ½) beyond. */
export function sinhOf(b: NodeBuilder, x: Node): Node {
  const m = new F32(b, x.shape);
  const e = m.op("expm1", x);
  const small = m.mul(0.5, m.add(e, m.div(e, m.add(e, 1))));
  const large = m.sub(m.op("exp", m.add(x, LOG_HALF)), m.op("exp", m.sub(LOG_HALF, x)));
  return m.pick(m.cmp("lt", m.op("abs", x), 1), small, large);
}

/** e^(x + log ½) + e^(-x + log ½): no overflow before cosh itself overflows. */
export function coshOf(b: NodeBuilder, x: Node): Node {
  const m = new F32(b, x.shape);
  return m.add(m.op("exp", m.add(x, LOG_HALF)), m.op("exp", m.sub(LOG_HALF, x)));
}

/** sqrt(1 - x^2) as sqrt((1 - x)(1 + x)): 1 - x is exact near |x| = 1, where 1 - x^2 would cancel. */
function cosOfAsin(m: F32, x: Node): Node {
  return m.op("sqrt", m.op("mul", m.sub(1, x), m.add(m.k(1), x)));
}

/** asin x = 2 atan2(x, 1 + sqrt(1 - x^2)). */
export function asinOf(b: NodeBuilder, x: Node): Node {
  const m = new F32(b, x.shape);
  return m.mul(2, m.op("atan2", x, m.add(m.k(1), cosOfAsin(m, x))));
}

/** acos x = 2 atan2(sqrt(1 - x^2), 1 + x), π at x = -1. */
export function acosOf(b: NodeBuilder, x: Node): Node {
  const m = new F32(b, x.shape);
  const r = m.mul(2, m.op("atan2", cosOfAsin(m, x), m.add(m.k(1), x)));
  return m.pick(m.cmp("eq", x, -1), Math.PI, r);
}

export function atanOf(b: NodeBuilder, x: Node): Node {
  const m = new F32(b, x.shape);
  return m.op("atan2", x, m.k(1));
}

/** sign(x) times log1p(|x| + x^2 / (1 + sqrt(1 + x^2))) (log(|x| + sqrt(x^2 + 1)) without cancellation), log|x| + log 2 past 1e18. */
export function asinhOf(b: NodeBuilder, x: Node): Node {
  const m = new F32(b, x.shape);
  const a = m.op("abs", x);
  const a2 = m.op("mul", a, a);
  const moderate = m.op("log1p", m.add(a, m.div(a2, m.add(m.k(1), m.op("sqrt", m.add(m.k(1), a2))))));
  return withSignOf(m, x, m.pick(m.cmp("gt", a, HUGE), m.add(m.op("log", a), Math.LN2), moderate));
}

/** r for positive x, -r for negative, x itself at ±0 and NaN (odd functions of |x|). */
function withSignOf(m: F32, x: Node, r: Node): Node {
  return m.pick(m.cmp("lt", x, 0), m.op("neg", r), m.pick(m.cmp("gt", x, 0), r, x));
}

/** log1p(t + sqrt(2t + t^2)), t = x - 1 (exact near 1); log x + log 2 past 1e18; NaN below 1. */
export function acoshOf(b: NodeBuilder, x: Node): Node {
  const m = new F32(b, x.shape);
  const t = m.sub(x, 1);
  const moderate = m.op("log1p", m.add(t, m.op("sqrt", m.add(m.mul(2, t), m.op("mul", t, t)))));
  const r = m.pick(m.cmp("gt", x, HUGE), m.add(m.op("log", x), Math.LN2), moderate);
  // x < 1 (and NaN, which fails x >= 1) has no real acosh.
  return m.pick(m.cmp("ge", x, 1), r, Number.NaN);
}

/** sign(x) log1p(2|x| / (1 - |x|)) / 2: ±inf at ±1, NaN beyond. */
export function atanhOf(b: NodeBuilder, x: Node): Node {
  const m = new F32(b, x.shape);
  const a = m.op("abs", x);
  const r = m.mul(0.5, m.op("log1p", m.div(m.mul(2, a), m.sub(1, a))));
  return m.pick(m.cmp("gt", a, 1), Number.NaN, withSignOf(m, x, r));
}

/**
 * exp(log|x| / 3) refined by two Newton steps y ← (2y + |x| / y^2) / 3;
 * 0, ±inf and NaN as they are. Tiny |x| (subnormals included, where log
 * is not accurate) is scaled by 2^96 first and its root by 2^-32.
 */
export function cbrtOf(b: NodeBuilder, x: Node): Node {
  const m = new F32(b, x.shape);
  const a0 = m.op("abs", x);
  const tiny = m.cmp("lt", a0, 2 ** -100);
  const a = m.pick(tiny, m.mul(2 ** 96, a0), a0);
  let y = m.op("exp", m.mul(1 / 3, m.op("log", a)));
  for (let i = 0; i < 2; i++) y = m.mul(1 / 3, m.add(m.mul(2, y), m.div(a, m.op("mul", y, y))));
  y = m.pick(tiny, m.mul(2 ** -32, y), y);
  const r = m.pick(m.cmp("lt", x, 0), m.op("neg", y), y);
  return m.pick(m.test("is_finite", x), m.pick(m.cmp("eq", x, 0), x, r), x);
}
