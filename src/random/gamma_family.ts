// Samplers built on gamma draws, as JAX's _beta, _dirichlet, _chisquare, _f,
// _t, _generalized_normal and _ball: they inherit gamma's implicit gradient.
import { asOperand, scalarArray } from "../core/convert.ts";
import type { DType, DTypeLike } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { checkOptions, isPlainObject } from "../core/options.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import * as lax from "../lax/api.ts";
import * as jnp from "../numpy/index.ts";
import { type ShapeArg, canonicalShape, checkShape, floatDtype, optsOf, pyShape } from "./args.ts";
import { rademacherData } from "./discrete.ts";
import { exponentialData } from "./exponential.ts";
import { gammaData } from "./gamma.ts";
import { type KeyLike, checkKey } from "./keys.ts";
import { normalData } from "./normal.ts";
import { broadcastParam, param, sampleShape, shapeOf, splitKeys } from "./params.ts";

type DtypeOpts = { dtype?: DTypeLike } | DTypeLike;

function start(name: string, k: KeyLike, opts: DtypeOpts | undefined) {
  const { data } = checkKey(name, k);
  return { data, dtype: floatDtype(optsOf(opts, name).dtype, name) };
}

/** jax.random.beta(key, a, b, shape?, {dtype}): Beta(a, b) as Ga / (Ga + Gb), computed from log-gammas. */
export function beta(k: KeyLike, a: ArrayLike, b: ArrayLike, shape?: ShapeArg | null, opts?: DtypeOpts): NDArray {
  const { data, dtype } = start("beta", k, opts);
  const s = sampleShape("beta", shape, shapeOf(a, "beta a"), shapeOf(b, "beta b"));
  const [keyA, keyB] = splitKeys(data, 2);
  const aa = broadcastParam(param(a, dtype, "beta a"), s);
  const bb = broadcastParam(param(b, dtype, "beta b"), s);
  const logGa = gammaData(keyA, aa, s, dtype, true);
  const logGb = gammaData(keyB, bb, s, dtype, true);
  // Scale by the larger so the smaller does not underflow to 0/0.
  const logMax = lax.max(logGa, logGb);
  const ga = lax.exp(lax.sub(logGa, logMax));
  const gb = lax.exp(lax.sub(logGb, logMax));
  return lax.div(ga, lax.add(ga, gb));
}

/** jax.random.dirichlet(key, alpha, shape?, {dtype}): softmax of log-gamma draws along alpha's last axis. */
export function dirichlet(k: KeyLike, alpha: ArrayLike, shape?: ShapeArg | null, opts?: DtypeOpts): NDArray {
  const { data, dtype } = start("dirichlet", k, opts);
  const alphaShape = shapeOf(alpha, "dirichlet alpha");
  if (alphaShape.length < 1) throw new ValueError(`dirichlet requires alpha.ndim >= 1, got alpha.ndim == ${alphaShape.length}`);
  const batch = alphaShape.slice(0, -1);
  let s: number[];
  if (shape === undefined || shape === null) s = batch;
  else {
    s = canonicalShape(shape, "dirichlet");
    checkShape("dirichlet", s, batch);
  }
  const full = [...s, alphaShape[alphaShape.length - 1]];
  const logG = gammaData(data, param(alpha, dtype, "dirichlet alpha"), full, dtype, true);
  return softmaxLast(logG);
}

/** nn.softmax over the last axis, as JAX computes it (max subtracted under stop_gradient). */
function softmaxLast(x: NDArray): NDArray {
  const last = x.ndim - 1;
  const m = lax.stopGradient(jnp.max(x, last, { keepdims: true })) as NDArray;
  const e = jnp.exp(jnp.subtract(x, m));
  return jnp.divide(e, jnp.sum(e, last, { keepdims: true }));
}

/** _chisquare on key data: 2 exp(loggamma(df / 2)). */
function chisquareData(data: NDArray, df: ArrayLike, shape: readonly number[], dtype: DType): NDArray {
  const half = jnp.divide(param(df, dtype, "chisquare df"), scalarArray(2, dtype, false));
  const logG = gammaData(data, half, shape, dtype, true);
  return lax.mul(lax.exp(logG), 2);
}

/** jax.random.chisquare(key, df, shape?, {dtype}): chi-square samples with df degrees of freedom. */
export function chisquare(k: KeyLike, df: ArrayLike, shape?: ShapeArg | null, opts?: DtypeOpts): NDArray {
  const { data, dtype } = start("chisquare", k, opts);
  return chisquareData(data, df, sampleShape("chisquare", shape, shapeOf(df, "chisquare df")), dtype);
}

/** jax.random.f(key, dfnum, dfden, shape?, {dtype}): F-distribution samples, (χ²₁/dfnum) / (χ²₂/dfden). */
export function f(k: KeyLike, dfnum: ArrayLike, dfden: ArrayLike, shape?: ShapeArg | null, opts?: DtypeOpts): NDArray {
  const { data, dtype } = start("f", k, opts);
  const s = sampleShape("f", shape, shapeOf(dfnum, "f dfnum"), shapeOf(dfden, "f dfden"));
  const dn = param(dfnum, dtype, "f dfnum");
  const dd = param(dfden, dtype, "f dfden");
  const [keyDfd, keyDfn] = splitKeys(data, 2);
  const num = jnp.divide(chisquareData(keyDfn, dn, s, dtype), dn);
  const den = jnp.divide(chisquareData(keyDfd, dd, s, dtype), dd);
  return lax.div(num, den);
}

/** jax.random.t(key, df, shape?, {dtype}): Student's t samples, n √(df/2 / Gamma(df/2)). */
export function t(k: KeyLike, df: ArrayLike, shape?: ShapeArg | null, opts?: DtypeOpts): NDArray {
  const { data, dtype } = start("t", k, opts);
  const s = sampleShape("t", shape, shapeOf(df, "t df"));
  const d = param(df, dtype, "t df");
  const [keyN, keyG] = splitKeys(data, 2);
  const n = normalData(keyN, s, dtype);
  const halfDf = jnp.divide(d, scalarArray(2, dtype, false));
  const g = gammaData(keyG, halfDf, s, dtype, false);
  return jnp.multiply(n, jnp.sqrt(jnp.divide(halfDf, g)));
}

/** A scalar float parameter (JAX traces it as a weakly typed float). */
function scalarParam(p: ArrayLike, dtype: DType, what: string): NDArray {
  const a = typeof p === "number" ? scalarArray(p, dtype, false) : lax.convertElementType(asOperand(p, what), dtype);
  if (a.ndim !== 0) throw new JaxTypeError(`${what} must be a scalar, got shape ${pyShape(a.shape)}`);
  return a;
}

/** _generalized_normal on key data: a random sign times Gamma(1/p)^(1/p). */
function generalizedNormalData(data: NDArray, p: NDArray, shape: readonly number[], dtype: DType): NDArray {
  const [k0, k1] = splitKeys(data, 2);
  const invP = lax.div(scalarArray(1, dtype, false), p);
  const g = gammaData(k0, invP, shape, dtype, false);
  const r = rademacherData(k1, shape, dtype);
  return lax.mul(r, jnp.power(g, invP));
}

/** jax.random.generalizedNormal(key, p, shape = [], {dtype}): density ∝ exp(-|x|^p). */
export function generalizedNormal(k: KeyLike, p: ArrayLike, shape?: ShapeArg, opts?: DtypeOpts): NDArray {
  const { data, dtype } = start("generalized_normal", k, opts);
  const s = canonicalShape(shape, "generalized_normal");
  return generalizedNormalData(data, scalarParam(p, dtype, "generalized_normal p"), s, dtype);
}

/** ball's keyword arguments, as one options object. */
export interface BallOptions {
  p?: ArrayLike;
  shape?: ShapeArg;
  dtype?: DTypeLike;
}

/**
 * jax.random.ball(key, d, p = 2, shape?, {dtype}) (or `ball(key, d, {p,
 * shape, dtype})`): points uniformly distributed in the d-dimensional unit
 * p-norm ball.
 */
export function ball(k: KeyLike, d: number, p: ArrayLike | BallOptions = 2, shape?: ShapeArg, opts?: DtypeOpts): NDArray {
  // JAX's keywords in one options object: ball(key, d, {p, shape, dtype}).
  if (isPlainObject(p)) {
    const o = checkOptions(p as BallOptions, "ball", ["p", "shape", "dtype"]);
    return ball(k, d, o.p ?? 2, o.shape, { dtype: o.dtype });
  }
  const { data, dtype } = start("ball", k, opts);
  if (typeof d !== "number" || !Number.isInteger(d) || d < 0)
    throw new JaxTypeError(`ball: d must be a non-negative integer, got ${String(d)}`);
  const s = canonicalShape(shape, "ball");
  const pp = scalarParam(p as ArrayLike, dtype, "ball p");
  const [k1, k2] = splitKeys(data, 2);
  const g = generalizedNormalData(k1, pp, [...s, d], dtype);
  const e = exponentialData(k2, s, dtype);
  const norm = jnp.power(jnp.add(jnp.sum(jnp.power(jnp.abs(g), pp), -1), e), lax.div(scalarArray(1, dtype, false), pp));
  return jnp.divide(g, jnp.expandDims(norm, -1));
}
