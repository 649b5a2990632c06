// Continuous univariate distributions of jax.scipy.stats, as JAX composes
// them: shape parameters positional, loc and scale in the options.
import { defaultFloat } from "../../core/dtypes.ts";
import type { ArrayLike, NDArray } from "../../core/ndarray.ts";
import * as jnp from "../../numpy/index.ts";
import { logNdtr, ndtr, ndtri } from "../special/erf.ts";
import { betainc, betaln, gammainc, gammaincc, gammaln } from "../special/gamma.ts";
import { i0e, expit, logit, xlog1py, xlogy } from "../special/misc.ts";
import { inexact } from "../special/common.ts";
import {
  add,
  and,
  clamp,
  filled,
  div,
  exp,
  expm1,
  ge,
  gt,
  isnan,
  type LocScale,
  le,
  log,
  log1p,
  lt,
  mul,
  neg,
  or,
  sub,
  where,
  withLocScale,
} from "./common.ts";

type F1 = (x: ArrayLike, opts?: LocScale) => NDArray;
type F2 = (x: ArrayLike, a: ArrayLike, opts?: LocScale) => NDArray;
type F3 = (x: ArrayLike, a: ArrayLike, b: ArrayLike, opts?: LocScale) => NDArray;

const badQ = (q: NDArray) => or(or(isnan(q), lt(q, 0)), gt(q, 1));

// ---------- norm ----------
const normLogpdf: F1 = (x0, o) => {
  const [x, loc, scale] = withLocScale("norm.logpdf", o, x0);
  const s2 = jnp.square(scale);
  return div(add(log(mul(2 * Math.PI, s2)), div(jnp.square(sub(x, loc)), s2)), -2);
};
const normCdf: F1 = (x0, o) => {
  const [x, loc, scale] = withLocScale("norm.cdf", o, x0);
  return ndtr(div(sub(x, loc), scale));
};
const normLogcdf: F1 = (x0, o) => {
  const [x, loc, scale] = withLocScale("norm.logcdf", o, x0);
  return logNdtr(div(sub(x, loc), scale));
};
const normPpf: F1 = (q0, o) => {
  const [q, loc, scale] = withLocScale("norm.ppf", o, q0);
  // JAX casts with jnp.asarray(..., float): the default float dtype, never weak.
  const r = add(mul(ndtri(q), scale), loc);
  return r.astype(defaultFloat());
};
export const norm = {
  logpdf: normLogpdf,
  pdf: ((x, o) => exp(normLogpdf(x, o))) as F1,
  cdf: normCdf,
  logcdf: normLogcdf,
  sf: ((x0, o) => {
    const [x, loc, scale] = withLocScale("norm.sf", o, x0);
    return normCdf(neg(x), { loc: neg(loc), scale });
  }) as F1,
  logsf: ((x0, o) => {
    const [x, loc, scale] = withLocScale("norm.logsf", o, x0);
    return normLogcdf(neg(x), { loc: neg(loc), scale });
  }) as F1,
  ppf: normPpf,
  isf: ((q0, o) => {
    const q = inexact("norm.isf", q0)[0];
    return normPpf(sub(1, q), o);
  }) as F1,
};

// ---------- cauchy ----------
const cauchyLogpdf: F1 = (x0, o) => {
  const [x, loc, scale] = withLocScale("cauchy.logpdf", o, x0);
  const z = div(sub(x, loc), scale);
  return neg(add(log(mul(Math.PI, scale)), log1p(mul(z, z))));
};
const cauchyCdf: F1 = (x0, o) => {
  const [x, loc, scale] = withLocScale("cauchy.cdf", o, x0);
  return add(0.5, mul(1 / Math.PI, jnp.arctan(div(sub(x, loc), scale))));
};
const cauchyLogcdf: F1 = (x, o) => log(cauchyCdf(x, o));
export const cauchy = {
  logpdf: cauchyLogpdf,
  pdf: ((x, o) => exp(cauchyLogpdf(x, o))) as F1,
  cdf: cauchyCdf,
  logcdf: cauchyLogcdf,
  sf: ((x0, o) => {
    const [x, loc, scale] = withLocScale("cauchy.sf", o, x0);
    return cauchyCdf(neg(x), { loc: neg(loc), scale });
  }) as F1,
  logsf: ((x0, o) => {
    const [x, loc, scale] = withLocScale("cauchy.logsf", o, x0);
    return cauchyLogcdf(neg(x), { loc: neg(loc), scale });
  }) as F1,
  ppf: ((q0, o) => {
    const [q, loc, scale] = withLocScale("cauchy.ppf", o, q0);
    return add(mul(jnp.tan(sub(mul(Math.PI, q), Math.PI / 2)), scale), loc);
  }) as F1,
  isf: ((q0, o) => {
    const [q, loc, scale] = withLocScale("cauchy.isf", o, q0);
    return add(mul(jnp.tan(sub(Math.PI / 2, mul(Math.PI, q))), scale), loc);
  }) as F1,
};

// ---------- laplace ----------
const laplaceLogpdf: F1 = (x0, o) => {
  const [x, loc, scale] = withLocScale("laplace.logpdf", o, x0);
  return neg(add(div(jnp.abs(sub(x, loc)), scale), log(mul(2, scale))));
};
export const laplace = {
  logpdf: laplaceLogpdf,
  pdf: ((x, o) => exp(laplaceLogpdf(x, o))) as F1,
  cdf: ((x0, o) => {
    const [x, loc, scale] = withLocScale("laplace.cdf", o, x0);
    const d = div(sub(x, loc), scale);
    return where(le(d, 0), mul(0.5, exp(d)), sub(1, mul(0.5, exp(neg(d)))));
  }) as F1,
};

// ---------- logistic ----------
const logisticLogpdf: F1 = (x0, o) => {
  const [x1, loc, scale] = withLocScale("logistic.logpdf", o, x0);
  const x = div(sub(x1, loc), scale);
  const h = div(x, 2);
  return sub(mul(-2, jnp.logaddexp(h, neg(h))), log(scale));
};
export const logistic = {
  logpdf: logisticLogpdf,
  pdf: ((x, o) => exp(logisticLogpdf(x, o))) as F1,
  cdf: ((x0, o) => {
    const [x, loc, scale] = withLocScale("logistic.cdf", o, x0);
    return expit(div(sub(x, loc), scale));
  }) as F1,
  sf: ((x0, o) => {
    const [x, loc, scale] = withLocScale("logistic.sf", o, x0);
    return expit(neg(div(sub(x, loc), scale)));
  }) as F1,
  ppf: ((x0, o) => {
    const [x, loc, scale] = withLocScale("logistic.ppf", o, x0);
    return add(mul(logit(x), scale), loc);
  }) as F1,
  isf: ((x0, o) => {
    const [x, loc, scale] = withLocScale("logistic.isf", o, x0);
    return add(mul(neg(logit(x)), scale), loc);
  }) as F1,
};

// ---------- uniform ----------
const uniformLogpdf: F1 = (x0, o) => {
  const [x, loc, scale] = withLocScale("uniform.logpdf", o, x0);
  return where(or(gt(x, add(loc, scale)), lt(x, loc)), -Infinity, neg(log(scale)));
};
export const uniform = {
  logpdf: uniformLogpdf,
  pdf: ((x, o) => exp(uniformLogpdf(x, o))) as F1,
  cdf: ((x0, o) => {
    const [x, loc, scale] = withLocScale("uniform.cdf", o, x0);
    const hi = add(loc, scale);
    const inside = where(and(ge(x, loc), le(x, hi)), div(sub(x, loc), scale), jnp.zerosLike(x, x.dtype));
    return where(lt(x, loc), 0, where(gt(x, hi), 1, inside));
  }) as F1,
  ppf: ((q0, o) => {
    const [q, loc, scale] = withLocScale("uniform.ppf", o, q0);
    return where(badQ(q), NaN, add(loc, mul(scale, q)));
  }) as F1,
};

// ---------- expon ----------
const exponLogpdf: F1 = (x0, o) => {
  const [x, loc, scale] = withLocScale("expon.logpdf", o, x0);
  return where(lt(x, loc), -Infinity, neg(add(div(sub(x, loc), scale), log(scale))));
};
const exponLogsf: F1 = (x0, o) => {
  const [x, loc, scale] = withLocScale("expon.sf", o, x0);
  const z = div(sub(loc, x), scale);
  return where(lt(x, loc), filled(z, 0), z);
};
const exponSf: F1 = (x, o) => exp(exponLogsf(x, o));
export const expon = {
  logpdf: exponLogpdf,
  pdf: ((x, o) => exp(exponLogpdf(x, o))) as F1,
  cdf: ((x0, o) => {
    const [x, loc, scale] = withLocScale("expon.cdf", o, x0);
    const z = div(sub(loc, x), scale);
    return where(lt(x, loc), filled(z, 0), neg(expm1(z)));
  }) as F1,
  logcdf: ((x, o) => log1p(neg(exponSf(x, o)))) as F1,
  sf: exponSf,
  logsf: exponLogsf,
  ppf: ((q0, o) => {
    const [q, loc, scale] = withLocScale("expon.ppf", o, q0);
    return where(badQ(q), NaN, sub(loc, mul(scale, log1p(neg(q)))));
  }) as F1,
};

// ---------- gumbel_l, gumbel_r ----------
function gumbel(name: string, f: (z: NDArray, x: NDArray, loc: NDArray, scale: NDArray) => NDArray): F1 {
  return (x0, o) => {
    const [x, loc, scale] = withLocScale(name, o, x0);
    return where(gt(scale, 0), f(div(sub(x, loc), scale), x, loc, scale), NaN);
  };
}
const negLogScale = (scale: NDArray) => xlogy(filled(scale, -1), scale);
const gumbelLLogpdf = gumbel("gumbel_l.logpdf", (z, _x, _l, s) => add(negLogScale(s), sub(z, exp(z))));
const gumbelLLogcdf = gumbel("gumbel_l.logcdf", (z) => log(neg(expm1(neg(exp(z))))));
const gumbelLLogsf = gumbel("gumbel_l.logsf", (z) => neg(exp(z)));
export const gumbelL = {
  logpdf: gumbelLLogpdf,
  pdf: ((x, o) => exp(gumbelLLogpdf(x, o))) as F1,
  logcdf: gumbelLLogcdf,
  cdf: ((x, o) => exp(gumbelLLogcdf(x, o))) as F1,
  logsf: gumbelLLogsf,
  sf: ((x, o) => exp(gumbelLLogsf(x, o))) as F1,
  ppf: ((p0, o) => {
    const [p, loc, scale] = withLocScale("gumbel_l.ppf", o, p0);
    const ok = and(gt(p, 0), lt(p, 1));
    return where(ok, add(loc, mul(scale, log(xlog1py(filled(p, -1), neg(p))))), NaN);
  }) as F1,
};

/** log(1 - exp(-x)), as jax.nn.log1mexp. */
const log1mexp = (x: NDArray) => where(lt(x, Math.LN2), log(neg(expm1(neg(x)))), log1p(neg(exp(neg(x)))));
const gumbelRLogpdf = gumbel("gumbel_r.logpdf", (z, _x, _l, s) => add(negLogScale(s), neg(add(z, exp(neg(z))))));
const gumbelRLogcdf = gumbel("gumbel_r.logcdf", (z) => neg(exp(neg(z))));
export const gumbelR = {
  logpdf: gumbelRLogpdf,
  pdf: ((x, o) => exp(gumbelRLogpdf(x, o))) as F1,
  logcdf: gumbelRLogcdf,
  cdf: ((x, o) => exp(gumbelRLogcdf(x, o))) as F1,
  sf: gumbel("gumbel_r.sf", (z) => sub(1, exp(neg(exp(neg(z)))))),
  logsf: gumbel("gumbel_r.logsf", (z) => log1mexp(exp(neg(z)))),
  ppf: ((p0, o) => {
    const [p, loc, scale] = withLocScale("gumbel_r.ppf", o, p0);
    const ok = and(gt(p, 0), lt(p, 1));
    return where(ok, sub(loc, mul(scale, log(xlogy(filled(p, -1), p)))), NaN);
  }) as F1,
};

// ---------- pareto ----------
function paretoArgs(name: string, x0: ArrayLike, b0: ArrayLike, o?: LocScale) {
  const [x, b, loc, scale] = withLocScale(name, o, x0, b0);
  return { x, b, loc, scale, z: div(sub(x, loc), scale), below: lt(x, add(loc, scale)) };
}
const paretoLogpdf: F2 = (x0, b0, o) => {
  const { b, scale, z, below } = paretoArgs("pareto.logpdf", x0, b0, o);
  return where(below, -Infinity, neg(add(log(div(scale, b)), mul(add(b, 1), log(z)))));
};
const paretoLogsf: F2 = (x0, b0, o) => {
  const { b, z, below } = paretoArgs("pareto.logsf", x0, b0, o);
  return where(below, 0, neg(mul(b, log(z))));
};
export const pareto = {
  logpdf: paretoLogpdf,
  pdf: ((x, b, o) => exp(paretoLogpdf(x, b, o))) as F2,
  cdf: ((x0, b0, o) => {
    const { b, z, below } = paretoArgs("pareto.cdf", x0, b0, o);
    return where(below, 0, sub(1, jnp.power(z, neg(b))));
  }) as F2,
  logcdf: ((x0, b0, o) => {
    const { b, z, below } = paretoArgs("pareto.logcdf", x0, b0, o);
    return where(below, -Infinity, log1p(neg(jnp.power(z, neg(b)))));
  }) as F2,
  logsf: paretoLogsf,
  sf: ((x, b, o) => exp(paretoLogsf(x, b, o))) as F2,
  ppf: ((q0, b0, o) => {
    const [q, b, loc, scale] = withLocScale("pareto.ppf", o, q0, b0);
    return where(badQ(q), NaN, add(loc, mul(scale, jnp.power(sub(1, q), neg(div(1, b))))));
  }) as F2,
};

// ---------- t ----------
const tLogpdf: F2 = (x0, df0, o) => {
  const [x, df, loc, scale] = withLocScale("t.logpdf", o, x0, df0);
  const z = div(sub(x, loc), scale);
  const h = div(df, 2);
  const h1 = add(h, 0.5);
  const normTmp = div(log(mul(mul(mul(scale, scale), Math.PI), df)), 2);
  const normalize = sub(add(gammaln(h), normTmp), gammaln(h1));
  return neg(add(normalize, mul(h1, log1p(div(mul(z, z), df)))));
};
export const t = { logpdf: tLogpdf, pdf: ((x, df, o) => exp(tLogpdf(x, df, o))) as F2 };

// ---------- chi2 ----------
const chi2Logpdf: F2 = (x0, df0, o) => {
  const [x, df, loc, scale] = withLocScale("chi2.logpdf", o, x0, df0);
  const y = div(sub(x, loc), scale);
  const h = div(df, 2);
  const kernel = sub(mul(sub(h, 1), log(y)), div(y, 2));
  const nrml = neg(add(gammaln(h), div(mul(Math.LN2, df), 2)));
  return where(lt(x, loc), -Infinity, add(sub(nrml, log(scale)), kernel));
};
function chi2Tail(name: string, f: (a: NDArray, x: NDArray) => NDArray): F2 {
  return (x0, df0, o) => {
    const [x, df, loc, scale] = withLocScale(name, o, x0, df0);
    return f(div(df, 2), clamp(0, div(sub(x, loc), mul(scale, 2)), Infinity));
  };
}
const chi2Cdf = chi2Tail("chi2.cdf", gammainc);
const chi2Sf = chi2Tail("chi2.sf", gammaincc);
export const chi2 = {
  logpdf: chi2Logpdf,
  pdf: ((x, df, o) => exp(chi2Logpdf(x, df, o))) as F2,
  cdf: chi2Cdf,
  logcdf: ((x, df, o) => log(chi2Cdf(x, df, o))) as F2,
  sf: chi2Sf,
  logsf: ((x, df, o) => log(chi2Sf(x, df, o))) as F2,
};

// ---------- gamma ----------
const gammaLogpdf: F2 = (x0, a0, o) => {
  const [x, a, loc, scale] = withLocScale("gamma.logpdf", o, x0, a0);
  const ok = ge(x, loc);
  const y = where(ok, div(sub(x, loc), scale), filled(x, 1));
  const lin = sub(xlogy(sub(a, 1), y), y);
  return where(ok, sub(lin, add(gammaln(a), log(scale))), -Infinity);
};
const gammaCdf: F2 = (x0, a0, o) => {
  const [x, a, loc, scale] = withLocScale("gamma.cdf", o, x0, a0);
  return gammainc(a, clamp(0, div(sub(x, loc), scale), Infinity));
};
const gammaSf: F2 = (x0, a0, o) => {
  const [x, a, loc, scale] = withLocScale("gamma.sf", o, x0, a0);
  const y = div(sub(x, loc), scale);
  return where(lt(y, 0), 1, gammaincc(a, y));
};
export const gamma = {
  logpdf: gammaLogpdf,
  pdf: ((x, a, o) => exp(gammaLogpdf(x, a, o))) as F2,
  cdf: gammaCdf,
  logcdf: ((x, a, o) => log(gammaCdf(x, a, o))) as F2,
  sf: gammaSf,
  logsf: ((x, a, o) => log(gammaSf(x, a, o))) as F2,
};

// ---------- beta ----------
const betaLogpdf: F3 = (x0, a0, b0, o) => {
  const [x, a, b, loc, scale] = withLocScale("beta.logpdf", o, x0, a0, b0);
  const y = div(sub(x, loc), scale);
  const lin = add(xlogy(sub(a, 1), y), xlog1py(sub(b, 1), neg(y)));
  const lp = sub(add(neg(betaln(a, b)), lin), log(scale));
  const r = where(or(gt(x, add(loc, scale)), lt(x, loc)), -Infinity, lp);
  return where(or(or(le(a, 0), le(b, 0)), le(scale, 0)), NaN, r);
};
const betaCdf: F3 = (x0, a0, b0, o) => {
  const [x, a, b, loc, scale] = withLocScale("beta.cdf", o, x0, a0, b0);
  return betainc(a, b, clamp(0, div(sub(x, loc), scale), 1));
};
const betaSf: F3 = (x0, a0, b0, o) => {
  const [x, a, b, loc, scale] = withLocScale("beta.sf", o, x0, a0, b0);
  return betainc(b, a, sub(1, clamp(0, div(sub(x, loc), scale), 1)));
};
export const beta = {
  logpdf: betaLogpdf,
  pdf: ((x, a, b, o) => exp(betaLogpdf(x, a, b, o))) as F3,
  cdf: betaCdf,
  logcdf: ((x, a, b, o) => log(betaCdf(x, a, b, o))) as F3,
  sf: betaSf,
  logsf: ((x, a, b, o) => log(betaSf(x, a, b, o))) as F3,
};

// ---------- gennorm, vonmises, wrapcauchy (no loc/scale in JAX) ----------
type S2 = (x: ArrayLike, p: ArrayLike) => NDArray;
const gennormLogpdf: S2 = (x0, b0) => {
  const [x, b] = inexact("gennorm.logpdf", x0, b0);
  return sub(sub(log(mul(0.5, b)), gammaln(div(1, b))), jnp.power(jnp.abs(x), b));
};
export const gennorm = {
  logpdf: gennormLogpdf,
  pdf: ((x, b) => exp(gennormLogpdf(x, b))) as S2,
  cdf: ((x0, b0) => {
    const [x, b] = inexact("gennorm.cdf", x0, b0);
    return mul(0.5, add(1, mul(jnp.sign(x), gammainc(div(1, b), jnp.power(jnp.abs(x), b)))));
  }) as S2,
};

const vonmisesLogpdf: S2 = (x0, k0) => {
  const [x, kappa] = inexact("vonmises.logpdf", x0, k0);
  const v = sub(mul(kappa, sub(jnp.cos(x), 1)), log(mul(2 * Math.PI, i0e(kappa))));
  return where(gt(kappa, 0), v, NaN);
};
export const vonmises = { logpdf: vonmisesLogpdf, pdf: ((x, k) => exp(vonmisesLogpdf(x, k))) as S2 };

const wrapcauchyLogpdf: S2 = (x0, c0) => {
  const [x, c] = inexact("wrapcauchy.logpdf", x0, c0);
  const v = sub(sub(log(sub(1, mul(c, c))), Math.log(2 * Math.PI)), log(sub(add(1, mul(c, c)), mul(mul(2, c), jnp.cos(x)))));
  const inRange = and(ge(x, 0), le(x, 2 * Math.PI));
  return where(and(gt(c, 0), lt(c, 1)), where(inRange, v, -Infinity), NaN);
};
export const wrapcauchy = { logpdf: wrapcauchyLogpdf, pdf: ((x, c) => exp(wrapcauchyLogpdf(x, c))) as S2 };
