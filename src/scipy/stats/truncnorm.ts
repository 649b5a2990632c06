// jax.scipy.stats.truncnorm: the normal distribution truncated to [a, b]
// (in standardised units), through log Gaussian masses as JAX computes them.
import type { ArrayLike, NDArray } from "../../core/ndarray.ts";
import * as jnp from "../../numpy/index.ts";
import { logNdtr, ndtr } from "../special/erf.ts";
import { logsumexp } from "../special/misc.ts";
import { norm } from "./continuous.ts";
import { div, exp, gt, le, log1p, type LocScale, lt, neg, or, sub, where, withLocScale } from "./common.ts";

type F = (x: ArrayLike, a: ArrayLike, b: ArrayLike, opts?: LocScale) => NDArray;

/** log(exp(x) - exp(y)). */
function logDiff(x: NDArray, y: NDArray): NDArray {
  const b = jnp.stack([jnp.onesLike(x), jnp.negative(jnp.onesLike(y))]);
  return logsumexp(jnp.stack([x, y]), 0, { b });
}

/** log(ndtr(b) - ndtr(a)), accurate in both tails and in the middle. */
function logGaussMass(a0: NDArray, b0: NDArray): NDArray {
  const [a, b] = jnp.broadcastArrays(a0, b0);
  const left = le(b, 0);
  const right = gt(a, 0);
  const central = jnp.logicalNot(or(left, right));
  const aTail = where(right, neg(b), a);
  const bTail = where(right, neg(a), b);
  const tail = logDiff(logNdtr(bTail), logNdtr(aTail));
  const mid = log1p(sub(neg(ndtr(a)), ndtr(neg(b))));
  return where(central, mid, tail);
}

const logpdf: F = (x0, a0, b0, o) => {
  const [x, a, b, loc, scale] = withLocScale("truncnorm.logpdf", o, x0, a0, b0);
  let v = sub(norm.logpdf(x, { loc, scale }), logGaussMass(a, b));
  const z = div(sub(x, loc), scale);
  v = where(or(lt(z, a), gt(z, b)), -Infinity, v);
  return where(jnp.greaterEqual(a, b), NaN, v);
};

const logcdf: F = (x0, a0, b0, o) => {
  const [x1, a1, b1, loc, scale] = withLocScale("truncnorm.logcdf", o, x0, a0, b0);
  const [xb, a, b] = jnp.broadcastArrays(x1, a1, b1);
  const x = div(sub(xb, loc), scale);
  const mass = logGaussMass(a, b);
  const lcdf = sub(logGaussMass(a, x), mass);
  const lsf = sub(logGaussMass(x, b), mass);
  // jnp.select: the first true condition wins.
  const v = where(
    jnp.greaterEqual(x, b),
    0,
    where(le(x, a), -Infinity, where(gt(lcdf, -0.1), log1p(neg(exp(lsf))), where(gt(x, a), lcdf, 0))),
  );
  return where(jnp.greaterEqual(a, b), NaN, v);
};

const logsf: F = (x0, a0, b0, o) => {
  const [x, a, b, loc, scale] = withLocScale("truncnorm.logsf", o, x0, a0, b0);
  return logcdf(neg(x), neg(b), neg(a), { loc: neg(loc), scale });
};

export const truncnorm = {
  logpdf,
  pdf: ((x, a, b, o) => exp(logpdf(x, a, b, o))) as F,
  logcdf,
  cdf: ((x, a, b, o) => exp(logcdf(x, a, b, o))) as F,
  logsf,
  sf: ((x, a, b, o) => exp(logsf(x, a, b, o))) as F,
};
