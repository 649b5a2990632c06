// Continuous samplers that transform uniform or normal draws, operation by
// operation as JAX's _cauchy, _logistic, _pareto, _rayleigh, _weibull_min,
// _triangular, _lognormal, _wald, _maxwell and _double_sided_maxwell (so the
// float results match JAX's bit for bit, up to the last ulp of a transcendental).
import { scalarArray } from "../core/convert.ts";
import type { DTypeLike } from "../core/dtypes.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { broadcastShapes } from "../core/shape.ts";
import * as lax from "../lax/api.ts";
import * as jnp from "../numpy/index.ts";
import { type ShapeArg, canonicalShape, finfo, floatDtype, optsOf } from "./args.ts";
import { type KeyLike, checkKey } from "./keys.ts";
import { normalData } from "./normal.ts";
import { broadcastParam, eps, param, sampleShape, shapeOf, splitKeys } from "./params.ts";
import { rademacherData } from "./discrete.ts";
import { mulAdd, uniformData } from "./uniform.ts";
import { exponentialData } from "./exponential.ts";
import { compiledSampler } from "./compiled.ts";

type DtypeOpts = { dtype?: DTypeLike } | DTypeLike;

/** The checked key data and float dtype every sampler starts from. */
function start(name: string, k: KeyLike, opts: DtypeOpts | undefined) {
  const { data } = checkKey(name, k);
  return { data, dtype: floatDtype(optsOf(opts, name).dtype, name) };
}

/** jax.random.cauchy(key, shape = [], {dtype}): tan(π(u - ½)), u uniform in [eps, 1). */
export function cauchy(k: KeyLike, shape?: ShapeArg, opts?: DtypeOpts): NDArray {
  const { data, dtype } = start("cauchy", k, opts);
  return cauchyC(data, canonicalShape(shape, "cauchy"), dtype);
}
const cauchyC = compiledSampler((data, shape, dtype) => {
  const u = uniformData(data, shape, dtype, eps(dtype), 1);
  return lax.tan(jnp.multiply(scalarArray(Math.PI, dtype, false), lax.sub(u, 0.5)));
});

/** jax.random.logistic(key, shape = [], {dtype}): log(u) - log1p(-u), u uniform in [tiny, 1). */
export function logistic(k: KeyLike, shape?: ShapeArg, opts?: DtypeOpts): NDArray {
  const { data, dtype } = start("logistic", k, opts);
  return logisticC(data, canonicalShape(shape, "logistic"), dtype);
}
const logisticC = compiledSampler((data, shape, dtype) => {
  const x = uniformData(data, shape, dtype, finfo(dtype).tiny, 1);
  return lax.sub(lax.log(x), lax.log1p(lax.neg(x)));
});

/** jax.random.pareto(key, b, shape?, {dtype}): exp(e / b), e standard exponential. */
export function pareto(k: KeyLike, b: ArrayLike, shape?: ShapeArg | null, opts?: DtypeOpts): NDArray {
  const { data, dtype } = start("pareto", k, opts);
  const s = sampleShape("pareto", shape, shapeOf(b, "pareto b"));
  return paretoC(data, s, dtype, param(b, dtype, "pareto b"));
}
const paretoC = compiledSampler((data, s, dtype, b: NDArray) => lax.exp(jnp.divide(exponentialData(data, s, dtype), b)));

/** jax.random.rayleigh(key, scale, shape?, {dtype}): scale * sqrt(-2 log u). */
export function rayleigh(k: KeyLike, scale: ArrayLike, shape?: ShapeArg | null, opts?: DtypeOpts): NDArray {
  const { data, dtype } = start("rayleigh", k, opts);
  const s = sampleShape("rayleigh", shape, shapeOf(scale, "rayleigh scale"));
  return rayleighC(data, s, dtype, param(scale, dtype, "rayleigh scale"));
}
const rayleighC = compiledSampler((data, s, dtype, scale: NDArray) => {
  const u = uniformData(data, s, dtype, 0, 1);
  return lax.mul(broadcastParam(scale, s), lax.sqrt(lax.mul(lax.log(u), -2)));
});

/** jax.random.weibullMin(key, scale, concentration, shape = [], {dtype}): inverse Weibull CDF of a uniform. */
export function weibullMin(k: KeyLike, scale: ArrayLike, concentration: ArrayLike, shape?: ShapeArg, opts?: DtypeOpts): NDArray {
  const { data, dtype } = start("weibull_min", k, opts);
  const conc = param(concentration, dtype, "weibull_min concentration");
  return weibullMinC(data, canonicalShape(shape, "weibull_min"), dtype, conc, param(scale, dtype, "weibull_min scale"));
}
const weibullMinC = compiledSampler((data, shape, dtype, conc: NDArray, scale: NDArray) => {
  const u = uniformData(data, shape, dtype, 0, 1);
  const base = lax.neg(lax.log1p(lax.neg(u)));
  return jnp.multiply(jnp.power(base, jnp.divide(scalarArray(1, dtype, false), conc)), scale);
});

/** jax.random.triangular(key, left, mode, right, shape?, {dtype}): inverse triangular CDF of a uniform. */
export function triangular(
  k: KeyLike,
  left: ArrayLike,
  mode: ArrayLike,
  right: ArrayLike,
  shape?: ShapeArg | null,
  opts?: DtypeOpts,
): NDArray {
  const { data, dtype } = start("triangular", k, opts);
  const s = sampleShape("triangular", shape, shapeOf(left, "left"), shapeOf(mode, "mode"), shapeOf(right, "right"));
  const lo = param(left, dtype, "triangular left");
  const hi = param(right, dtype, "triangular right");
  return triangularC(data, s, dtype, lo, param(mode, dtype, "triangular mode"), hi);
}
const triangularC = compiledSampler((data, s, dtype, left: NDArray, mode: NDArray, right: NDArray) => {
  const lo = broadcastParam(left, s);
  const hi = broadcastParam(right, s);
  const md = broadcastParam(mode, s);
  const fc = lax.div(lax.sub(md, lo), lax.sub(hi, lo));
  const u = uniformData(data, s, dtype, 0, 1);
  const out1 = lax.add(lo, lax.sqrt(lax.mul(lax.mul(u, lax.sub(hi, lo)), lax.sub(md, lo))));
  const out2 = lax.sub(hi, lax.sqrt(lax.mul(lax.mul(lax.sub(1, u), lax.sub(hi, lo)), lax.sub(hi, md))));
  return lax.select(lax.lt(u, fc), out1, out2);
});

/** jax.random.lognormal(key, sigma = 1, shape?, {dtype}): exp(sigma * n), n standard normal. */
export function lognormal(k: KeyLike, sigma: ArrayLike = 1, shape?: ShapeArg | null, opts?: DtypeOpts): NDArray {
  const { data, dtype } = start("lognormal", k, opts);
  const s = sampleShape("lognormal", shape, shapeOf(sigma, "lognormal sigma"));
  return lognormalC(data, s, dtype, param(sigma, dtype, "lognormal sigma"));
}
const lognormalC = compiledSampler((data, s, dtype, sigma: NDArray) => lax.exp(jnp.multiply(normalData(data, s, dtype), sigma)));

/** jax.random.wald(key, mean, shape?, {dtype}): inverse Gaussian samples (Michael, Schucany and Haas). */
export function wald(k: KeyLike, mean: ArrayLike, shape?: ShapeArg | null, opts?: DtypeOpts): NDArray {
  const { data, dtype } = start("wald", k, opts);
  const s = sampleShape("wald", shape, shapeOf(mean, "wald mean"));
  return waldC(data, s, dtype, param(mean, dtype, "wald mean"));
}
const waldC = compiledSampler((data, s, dtype, mean: NDArray) => {
  const [k1, k2] = splitKeys(data, 2);
  const mu = broadcastParam(mean, s);
  const v = normalData(k1, s, dtype);
  const z = uniformData(k2, s, dtype, 0, 1);
  const y = lax.integerPow(v, 2);
  const ySq = lax.integerPow(y, 2);
  const muSq = lax.integerPow(mu, 2);
  // XLA contracts 4μy + μ²y² and (μ + μ²y/2) - (μ/2)·√… into fused multiply-adds; so do we.
  const sqrtTerm = lax.sqrt(mulAdd(lax.mul(mu, 4), y, lax.mul(muSq, ySq)));
  const x = mulAdd(lax.neg(lax.div(mu, 2)), sqrtTerm, lax.add(mu, lax.div(lax.mul(muSq, y), 2)));
  return lax.select(lax.le(z, lax.div(mu, lax.add(mu, x))), x, lax.div(muSq, x));
});

/** _maxwell on key data: the norm of three standard normals. */
function maxwellData(data: NDArray, shape: readonly number[], dtype: ReturnType<typeof floatDtype>): NDArray {
  const n = normalData(data, [...shape, 3], dtype);
  const r = shape.length;
  const comp = (i: number) => lax.reshape(lax.sliceInDim(n, i, i + 1, 1, r), [...shape]);
  // XLA's reduction of the squares accumulates with fused multiply-adds: x² + y² + z² as fma(z, z, fma(y, y, x²)).
  const [x, y, z] = [comp(0), comp(1), comp(2)];
  return lax.sqrt(mulAdd(z, z, mulAdd(y, y, lax.mul(x, x))));
}

/** jax.random.maxwell(key, shape = [], {dtype}): Maxwell (chi, 3 degrees of freedom) samples. */
export function maxwell(k: KeyLike, shape?: ShapeArg, opts?: DtypeOpts): NDArray {
  const { data, dtype } = start("maxwell", k, opts);
  return maxwellC(data, canonicalShape(shape, "maxwell"), dtype);
}
const maxwellC = compiledSampler(maxwellData);

/**
 * jax.random.doubleSidedMaxwell(key, loc, scale, shape = [], {dtype}): a Maxwell
 * sample with a random sign, scaled and shifted. As in JAX, the result has shape
 * `shape + broadcast(loc, scale)` (with `shape` taken as that broadcast when empty).
 */
export function doubleSidedMaxwell(k: KeyLike, loc: ArrayLike, scale: ArrayLike, shape?: ShapeArg, opts?: DtypeOpts): NDArray {
  const { data, dtype } = start("double_sided_maxwell", k, opts);
  const paramsShape = broadcastShapes(shapeOf(loc, "loc"), shapeOf(scale, "scale"));
  let s = canonicalShape(shape, "double_sided_maxwell");
  if (s.length === 0) s = paramsShape;
  s = [...s, ...paramsShape];
  return doubleSidedMaxwellC(data, s, dtype, param(loc, dtype, "loc"), param(scale, dtype, "scale"));
}
const doubleSidedMaxwellC = compiledSampler((data, s, dtype, loc: NDArray, scale: NDArray) => {
  const [mk, rk] = splitKeys(data, 2);
  const m = maxwellData(mk, s, dtype);
  const sign = lax.convertElementType(rademacherData(rk, s, dtype), dtype);
  return jnp.add(jnp.multiply(lax.mul(sign, m), scale), loc);
});
