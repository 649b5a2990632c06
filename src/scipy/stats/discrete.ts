// Discrete distributions of jax.scipy.stats: bernoulli, binom, betabinom,
// poisson, geom, nbinom, multinomial; shape parameters positional, loc in
// the options.
import { isInteger } from "../../core/dtypes.ts";
import { ValueError } from "../../core/errors.ts";
import type { ArrayLike, NDArray } from "../../core/ndarray.ts";
import * as jnp from "../../numpy/index.ts";
import { broadcastShapes } from "../../core/shape.ts";
import { broadcastShapesNamed, namedResultType, toType } from "../../numpy/util.ts";
import { inexact } from "../special/common.ts";
import { betaln, gammaincc, gammaln } from "../special/gamma.ts";
import { entr, xlog1py, xlogy } from "../special/misc.ts";
import { add, and, konst, eq, exp, ge, gt, isnan, type Loc, le, log, lt, mul, neg, or, sub, where, withLoc } from "./common.ts";

type P1 = (k: ArrayLike, p: ArrayLike, opts?: Loc) => NDArray;
type P2 = (k: ArrayLike, n: ArrayLike, p: ArrayLike, opts?: Loc) => NDArray;
type P3 = (k: ArrayLike, n: ArrayLike, a: ArrayLike, b: ArrayLike, opts?: Loc) => NDArray;

// ---------- bernoulli ----------
const bernoulliLogpmf: P1 = (k0, p0, o) => {
  const [k, p, loc] = withLoc("bernoulli.logpmf", o, k0, p0);
  const x = sub(k, loc);
  // 1 - x with JAX's _lax_const one (strong unless x is a weak scalar), so the weak type follows JAX's.
  const lp = add(xlogy(x, p), xlog1py(sub(konst(x, 1), x), neg(p)));
  return where(or(lt(x, 0), gt(x, 1)), -Infinity, lp);
};
const badP = (p: NDArray) => or(or(isnan(p), lt(p, 0)), gt(p, 1));
export const bernoulli = {
  logpmf: bernoulliLogpmf,
  pmf: ((k, p, o) => exp(bernoulliLogpmf(k, p, o))) as P1,
  cdf: (k0: ArrayLike, p0: ArrayLike): NDArray => {
    const [k, p] = inexact("bernoulli.cdf", k0, p0);
    const [zero, one] = [konst(k, 0), konst(k, 1)];
    const v = where(lt(k, 0), zero, where(and(ge(k, 0), lt(k, 1)), sub(one, p), where(ge(k, 1), one, zero)));
    return where(or(isnan(k), badP(p)), NaN, v);
  },
  ppf: (q0: ArrayLike, p0: ArrayLike): NDArray => {
    const [q, p] = inexact("bernoulli.ppf", q0, p0);
    const bad = or(badP(p), or(or(lt(q, 0), gt(q, 1)), isnan(q)));
    const [zero, one] = [konst(q, 0), konst(q, 1)];
    return where(bad, NaN, where(le(q, sub(one, p)), zero, one));
  },
};

// ---------- binom ----------
const binomLogpmf: P2 = (k0, n0, p0, o) => {
  const [k, n, p, loc] = withLoc("binom.logpmf", o, k0, n0, p0);
  const y = sub(k, loc);
  const comb = sub(gammaln(add(n, 1)), add(gammaln(add(y, 1)), gammaln(add(sub(n, y), 1))));
  const lin = add(xlogy(y, p), xlog1py(sub(n, y), neg(p)));
  const lp = where(or(and(eq(y, 0), eq(n, 0)), eq(lin, 0)), 0, add(comb, lin));
  return where(and(ge(k, loc), lt(k, add(add(loc, n), 1))), lp, -Infinity);
};
export const binom = { logpmf: binomLogpmf, pmf: ((k, n, p, o) => exp(binomLogpmf(k, n, p, o))) as P2 };

// ---------- betabinom ----------
const betabinomLogpmf: P3 = (k0, n0, a0, b0, o) => {
  const [k, n, a, b, loc] = withLoc("betabinom.logpmf", o, k0, n0, a0, b0);
  const y = sub(jnp.floor(k), loc);
  const combiln = neg(add(jnp.log1p(n), betaln(add(sub(n, y), 1), add(y, 1))));
  const betas = sub(betaln(add(y, a), add(sub(n, y), b)), betaln(a, b));
  let lp = where(and(eq(y, 0), eq(n, 0)), 0, add(combiln, betas));
  lp = where(or(or(lt(y, neg(loc)), gt(y, n)), le(add(y, a), 0)), -Infinity, lp);
  return where(or(or(lt(n, 0), le(a, 0)), le(b, 0)), NaN, lp);
};
export const betabinom = {
  logpmf: betabinomLogpmf,
  pmf: ((k, n, a, b, o) => exp(betabinomLogpmf(k, n, a, b, o))) as P3,
};

// ---------- poisson ----------
const poissonLogpmf: P1 = (k0, mu0, o) => {
  const [k, mu, loc] = withLoc("poisson.logpmf", o, k0, mu0);
  const x = sub(k, loc);
  const lp = sub(sub(xlogy(x, mu), gammaln(add(x, 1))), mu);
  return where(or(lt(x, 0), jnp.notEqual(jnp.round(k), k)), -Infinity, lp);
};
const poissonPmf: P1 = (k, mu, o) => exp(poissonLogpmf(k, mu, o));

/** sum_k entr(pmf(k)) over k < maxK and k < bound(mu). */
function entropySum(mu: NDArray, maxK: number, bound: NDArray): NDArray {
  const k = jnp.expandDims(jnp.arange(maxK, undefined, undefined, { dtype: mu.dtype }), 1);
  const probs = poissonPmf(k, mu);
  const masked = where(lt(k, jnp.expandDims(jnp.ceil(bound), 0)), probs, 0);
  return jnp.sum(entr(masked), 0);
}

export const poisson = {
  logpmf: poissonLogpmf,
  pmf: poissonPmf,
  cdf: ((k0, mu0, o) => {
    const [k, mu, loc] = withLoc("poisson.cdf", o, k0, mu0);
    const x = sub(k, loc);
    return where(lt(x, 0), 0, gammaincc(jnp.floor(add(1, x)), mu));
  }) as P1,
  entropy: (mu0: ArrayLike, opts?: Loc): NDArray => {
    const [mu1, loc] = withLoc("poisson.entropy", opts, mu0);
    const shape = mu1.shape;
    const mu = jnp.ravel(mu1);
    const small = entropySum(mu, 35, add(mu, 20));
    const medium = entropySum(mu, 250, add(add(mu, mul(10, jnp.sqrt(mu))), 20));
    const large = sub(mul(0.5, log(mul(2 * Math.PI * Math.E, mu))), jnp.divide(1, mul(12, mu)));
    const r = where(eq(mu, 0), jnp.zerosLike(mu), where(lt(mu, 10), small, where(lt(mu, 100), medium, large)));
    return jnp.broadcastTo(jnp.reshape(r, shape), broadcastShapes(shape, loc.shape));
  },
};

// ---------- geom ----------
const geomLogpmf: P1 = (k0, p0, o) => {
  const [k, p, loc] = withLoc("geom.logpmf", o, k0, p0);
  const x = sub(k, loc);
  return where(le(x, 0), -Infinity, add(xlog1py(sub(x, 1), neg(p)), log(p)));
};
export const geom = { logpmf: geomLogpmf, pmf: ((k, p, o) => exp(geomLogpmf(k, p, o))) as P1 };

// ---------- nbinom ----------
const nbinomLogpmf: P2 = (k0, n0, p0, o) => {
  const [k, n, p, loc] = withLoc("nbinom.logpmf", o, k0, n0, p0);
  const y = sub(k, loc);
  const comb = sub(sub(gammaln(add(y, n)), gammaln(n)), gammaln(add(y, 1)));
  const lin = add(xlogy(n, p), xlogy(y, sub(1, p)));
  return where(lt(k, loc), -Infinity, add(comb, lin));
};
export const nbinom = { logpmf: nbinomLogpmf, pmf: ((k, n, p, o) => exp(nbinomLogpmf(k, n, p, o))) as P2 };

// ---------- multinomial ----------
type M = (x: ArrayLike, n: ArrayLike, p: ArrayLike) => NDArray;
const multinomialLogpmf: M = (x0, n0, p0) => {
  const p = inexact("multinomial.logpmf", p0)[0];
  // Numeric promotion without broadcasting: a scalar n stays a scalar.
  const t = namedResultType("multinomial.logpmf", [x0, n0]);
  const xi = toType(x0, t.dtype, t.weakType);
  const ni = toType(n0, t.dtype, t.weakType);
  broadcastShapesNamed("multinomial.logpmf", [xi.shape, ni.shape]);
  if (!isInteger(xi.dtype)) {
    throw new ValueError(`x and n must be of integer type; got x.dtype=${xi.dtype}, n.dtype=${ni.dtype}`);
  }
  const x = xi.astype(p.dtype);
  const n = ni.astype(p.dtype);
  const lp = add(gammaln(add(n, 1)), jnp.sum(sub(xlogy(x, p), gammaln(add(x, 1))), -1));
  return where(eq(jnp.sum(x), n), lp, -Infinity);
};
export const multinomial = { logpmf: multinomialLogpmf, pmf: ((x, n, p) => exp(multinomialLogpmf(x, n, p))) as M };
