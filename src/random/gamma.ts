// Gamma samples as JAX's random_gamma: Marsaglia and Tsang's method, one
// rejection loop per element (each element with its own key split from the
// caller's), vmapped; alpha < 1 is boosted to alpha + 1 and scaled back by
// u^(1/alpha) (or, for loggamma, in log space). Differentiable in `a` through
// the implicit reparameterisation gradient random_gamma_grad.
import { checkOptions } from "../core/options.ts";
import { scalarArray } from "../core/convert.ts";
import type { DType, DTypeLike } from "../core/dtypes.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { Primitive, type BatchDim, Zero } from "../core/primitive.ts";
import { bind1 } from "../core/trace.ts";
import { matchBatch } from "../lax/batching.ts";
import * as lax from "../lax/api.ts";
import { whileLoop } from "../lax/control/index.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";
import { vmap } from "../transforms/vmap.ts";
import { type ShapeArg, finfo, floatDtype, optsOf } from "./args.ts";
import { exponentialData } from "./exponential.ts";
import { randomGammaGrad } from "./gamma_grad.ts";
import { splitData, type KeyLike, checkKey } from "./keys.ts";
import { normalData } from "./normal.ts";
import { broadcastParam, param, sampleShape, shapeOf, splitKeys } from "./params.ts";
import { mulAdd, uniformData } from "./uniform.ts";

/** _gamma_one: one Gamma(alpha) sample (alpha a scalar) from key data uint32[2]. */
function gammaOne(key: NDArray, alpha: NDArray, logSpace: boolean): NDArray {
  const dtype = alpha.dtype;
  const k = (v: number) => scalarArray(v, dtype, false);
  const zero = k(0);
  const one = k(1);
  const boostMask = lax.ge(alpha, one);
  const alphaOrig = alpha;
  const a = lax.select(boostMask, alpha, lax.add(alpha, one));
  const d = lax.sub(a, k(1 / 3));
  const c = lax.div(k(1 / 3), lax.sqrt(d));

  // Accept when u < 1 - 0.0331 x^4 or log u < x²/2 + d (1 - v + log v); loop while neither holds.
  const condFn = ([, X, V, U]: NDArray[]) =>
    lax.bitwiseAnd(
      lax.ge(U, lax.sub(one, lax.mul(k(0.0331), lax.mul(X, X)))),
      lax.ge(lax.log(U), lax.add(lax.mul(X, k(0.5)), lax.mul(d, lax.add(lax.sub(one, V), lax.log(V))))),
    );
  const bodyFn = ([key0]: NDArray[]) => {
    const [key1, xKey, uKey] = splitKeys(key0, 3);
    // Draw normals until v = 1 + c x is positive.
    const [, x, v] = whileLoop(
      (kxv: NDArray[]) => lax.le(kxv[2], zero),
      ([kk]: NDArray[]) => {
        const [kNext, sub] = splitKeys(kk, 2);
        const xn = normalData(sub, [], dtype);
        return [kNext, xn, mulAdd(xn, c, one)];
      },
      [xKey, zero, k(-1)],
    ) as NDArray[];
    const X = lax.mul(x, x);
    const V = lax.mul(lax.mul(v, v), v);
    const U = uniformData(uKey, [], dtype, 0, 1);
    return [key1, X, V, U];
  };
  const [loopKey, subkey] = splitKeys(key, 2);
  const V = (whileLoop(condFn, bodyFn, [loopKey, zero, one, k(2)]) as NDArray[])[2];
  if (logSpace) {
    const logSamples = lax.neg(exponentialData(subkey, [], dtype));
    const logBoost = lax.select(lax.bitwiseOr(boostMask, lax.eq(logSamples, zero)), zero, lax.mul(logSamples, lax.div(one, alphaOrig)));
    return lax.add(lax.add(lax.log(d), lax.log(V)), logBoost);
  }
  const samples = lax.sub(one, uniformData(subkey, [], dtype, 0, 1));
  const boost = lax.select(boostMask, one, lax.pow(samples, lax.div(one, alphaOrig)));
  return lax.mul(lax.mul(d, V), boost);
}

/** _gamma_impl: key split into one key per element of `a`, one rejection loop each. */
function gammaImplBody(data: NDArray, a: NDArray, logSpace: boolean): NDArray {
  const n = a.size;
  if (n === 0) return a;
  const keys = splitData(data, [n]);
  const flat = lax.reshape(a, [n]);
  const samples = vmap((kk: NDArray, al: NDArray) => gammaOne(kk, al, logSpace))(keys, flat) as NDArray;
  return lax.reshape(samples, [...a.shape]);
}

/** Compiled once per shape for eager calls, as JAX jits it. */
const gammaImpl = compiledEager(gammaImplBody, [2]);

export type RandomGammaParams = { logSpace: boolean };

/** _gamma_grad: d sample / d a (for loggamma, of log sample). */
function gammaGrad(sample: NDArray, a: NDArray, logSpace: boolean): NDArray {
  if (!logSpace) return randomGammaGrad(a, sample);
  // exp(log sample) may round to 0: take the smallest normal float instead.
  let s = lax.exp(sample);
  s = lax.select(
    lax.eq(s, lax.broadcast(scalarArray(0, s.dtype, false), [...s.shape])),
    lax.broadcast(scalarArray(finfo(s.dtype).tiny, s.dtype, false), [...s.shape]),
    s,
  );
  return lax.div(randomGammaGrad(a, s), s);
}

/**
 * random_gamma(sample, a): the identity on a gamma sample drawn with parameter
 * `a`, carrying its derivative in `a` (JAX's random_gamma_p has this jvp; here
 * the sampling itself runs as ordinary ops before it, on stop-gradient'ed `a`).
 */
export const randomGammaP: Primitive<RandomGammaParams> = new Primitive("random_gamma", {
  abstractEval([s]) {
    return [s];
  },
  impl: ([s]) => [s],
  jvp([s, a], [, ta], params) {
    const out = bind1(randomGammaP, [s, a], params);
    if (ta instanceof Zero) return [[out], [new Zero(out.aval.strongType())]];
    return [[out], [lax.mul(ta, gammaGrad(lax.stopGradient(out) as NDArray, a, params.logSpace))]];
  },
  batch(args: NDArray[], dims: BatchDim[], params, size) {
    const [s, a] = args.map((x, i) => matchBatch(x, dims[i], size, 0));
    return [[bind1(randomGammaP, [s, a], params)], [0]];
  },
});

/** _gamma: parameters converted and broadcast, then sampled. */
export function gammaData(data: NDArray, a: ArrayLike, shape: readonly number[], dtype: DType, logSpace: boolean): NDArray {
  const aa = broadcastParam(param(a, dtype, "gamma a"), shape);
  const sample = gammaImpl(data, lax.stopGradient(aa) as NDArray, logSpace);
  return bind1(randomGammaP, [lax.stopGradient(sample) as NDArray, aa], { logSpace });
}

/** jax.random.gamma(key, a, shape?, {dtype}): Gamma(a, 1) samples (shape defaults to a's). */
export function gamma(k: KeyLike, a: ArrayLike, shape?: ShapeArg | null, opts?: { dtype?: DTypeLike } | DTypeLike): NDArray {
  const { data } = checkKey("gamma", k);
  const dtype = floatDtype(optsOf(opts, "gamma").dtype, "gamma");
  return gammaData(data, a, sampleShape("gamma", shape, shapeOf(a, "gamma a")), dtype, false);
}

/** jax.random.loggamma(key, a, shape?, {dtype}): log of Gamma(a, 1) samples, accurate for tiny a. */
export function loggamma(k: KeyLike, a: ArrayLike, shape?: ShapeArg | null, opts?: { dtype?: DTypeLike } | DTypeLike): NDArray {
  const { data } = checkKey("loggamma", k);
  const dtype = floatDtype(optsOf(opts, "loggamma").dtype, "gamma");
  return gammaData(data, a, sampleShape("gamma", shape, shapeOf(a, "gamma a")), dtype, true);
}

/**
 * JAX's `random.random_gamma_p` as users call it: `bind(key, a, {logSpace})`
 * draws Gamma(a, 1) samples of a's shape (`random.gamma`, or `loggamma` with
 * logSpace), the same bits as JAX's.
 */
export const randomGammaPublic = {
  name: "random_gamma",
  multipleResults: false,
  bind(key: KeyLike, a: ArrayLike, params: { logSpace?: boolean; log_space?: boolean } = {}): NDArray {
    checkOptions(params, "random_gamma_p.bind", ["logSpace", "log_space"]);
    return (params.logSpace ?? params.log_space) ? loggamma(key, a) : gamma(key, a);
  },
  toString: (): string => "random_gamma",
};
