// jax.random.poisson as JAX's _poisson: Knuth's multiplication method for
// lam < 10 and Hörmann's transformed rejection (PTRS) above, each a loop that
// draws a whole array of uniforms per step until every element is done; the
// element's result comes from the branch its lam selects.
import { scalarArray } from "../core/convert.ts";
import { type DType, type DTypeLike, defaultInt } from "../core/dtypes.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import * as lax from "../lax/api.ts";
import { whileLoop } from "../lax/control/index.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";
import * as jnp from "../numpy/index.ts";
import { type ShapeArg, canonicalShape, intDtype, optsOf } from "./args.ts";
import { type KeyLike, checkKey } from "./keys.ts";
import { broadcastParam, shapeOf, splitKeys } from "./params.ts";
import { asDtype, mulAdd, uniformData } from "./uniform.ts";

const IMAX: Record<string, number> = { int32: 2 ** 31 - 1, uint32: 2 ** 32 - 1, int64: 2 ** 63 - 1, int16: 2 ** 15 - 1, int8: 127 };

const any = (x: NDArray) =>
  lax.reduceOr(
    x,
    x.shape.map((_, i) => i),
  );
const full = (shape: readonly number[], v: number, dtype: DType) => lax.broadcast(scalarArray(v, dtype, false), [...shape]);

/** _poisson_knuth: count uniforms until their product falls below exp(-lam). */
function knuth(key: NDArray, lam: NDArray, shape: readonly number[], dtype: DType, maxIters: NDArray): NDArray {
  const negLam = lax.neg(lam);
  const [, k] = whileLoop(
    ([i, , , logProd]: NDArray[]) => lax.bitwiseAnd(any(lax.gt(logProd, negLam)), lax.lt(i, maxIters)),
    ([i, k0, rng, logProd]: NDArray[]) => {
      const [rngNext, sub] = splitKeys(rng, 2);
      const k = lax.select(lax.gt(logProd, negLam), lax.add(k0, 1), k0);
      const u = uniformData(sub, shape, "float32", 0, 1);
      return [lax.add(i, 1), k, rngNext, lax.add(logProd, lax.log(u))];
    },
    [scalarArray(0, dtype, false), full(shape, 0, dtype), key, full(shape, 0, "float32")],
  ) as NDArray[];
  return lax.sub(k, 1);
}

/** _poisson_rejection: Hörmann's PTRS. */
function rejection(key: NDArray, lam: NDArray, shape: readonly number[], dtype: DType, maxIters: NDArray): NDArray {
  const c = (v: number) => full(shape, v, lam.dtype);
  const logLam = lax.log(lam);
  // XLA contracts these multiply-adds into fused ones; so do we.
  const b = mulAdd(c(2.53), lax.sqrt(lam), c(0.931));
  const a = mulAdd(c(0.02483), b, c(-0.059));
  const invAlpha = lax.add(c(1.1239), lax.div(c(1.1328), lax.sub(b, 3.4)));
  const vR = lax.sub(c(0.9277), lax.div(c(3.6224), lax.sub(b, 2)));
  const [, kOut] = whileLoop(
    ([i, , accepted]: NDArray[]) => lax.bitwiseAnd(any(lax.bitwiseNot(accepted)), lax.lt(i, maxIters)),
    ([i, kOut0, accepted0, key0]: NDArray[]) => {
      const [keyNext, sk0, sk1] = splitKeys(key0, 3);
      const u = lax.sub(uniformData(sk0, shape, lam.dtype, 0, 1), 0.5);
      const v = uniformData(sk1, shape, lam.dtype, 0, 1);
      const us = lax.sub(c(0.5), lax.abs(u));
      const k = lax.floor(lax.add(mulAdd(lax.add(lax.div(lax.mul(a, 2), us), b), u, lam), 0.43));
      const s = lax.log(lax.div(lax.mul(v, invAlpha), lax.add(lax.div(a, lax.mul(us, us)), b)));
      const tt = lax.sub(mulAdd(k, logLam, lax.neg(lam)), lax.lgamma(lax.add(k, 1)));
      const accept1 = lax.bitwiseAnd(lax.ge(us, c(0.07)), lax.le(v, vR));
      const reject = lax.bitwiseOr(lax.lt(k, c(0)), lax.bitwiseAnd(lax.lt(us, c(0.013)), lax.gt(v, us)));
      const accept = lax.bitwiseOr(accept1, lax.bitwiseAnd(lax.bitwiseNot(reject), lax.le(s, tt)));
      return [lax.add(i, 1), lax.select(accept, k, kOut0), lax.bitwiseOr(accepted0, accept), keyNext];
    },
    [scalarArray(0, dtype, false), c(-1), full(shape, 0, "bool"), key],
  ) as NDArray[];
  return lax.convertElementType(kOut, dtype);
}

/**
 * jax.random.poisson(key, lam, shape?, {dtype = int}): Poisson(lam) counts
 * (shape defaults to lam's; lam is taken as float32, as JAX does).
 */
export function poisson(k: KeyLike, lam: ArrayLike, shape?: ShapeArg | null, opts?: { dtype?: DTypeLike } | DTypeLike): NDArray {
  const { data } = checkKey("poisson", k);
  const dtype = intDtype(optsOf(opts, "poisson").dtype, "poisson", defaultInt());
  const s = shape === undefined || shape === null ? shapeOf(lam, "poisson lam") : canonicalShape(shape, "poisson");
  const l = broadcastParam(asDtype(lam, "float32", "poisson lam"), s);
  return poissonData(data, l, s, dtype);
}

/** _poisson on key data and a float32 lam of the sample shape. */
function poissonBody(data: NDArray, l: NDArray, s: readonly number[], dtype: DType): NDArray {
  const useKnuth = lax.bitwiseOr(lax.ne(l, l), lax.lt(l, full(s, 10, "float32")));
  const lamKnuth = lax.select(useKnuth, l, full(s, 0, "float32"));
  const lamRejection = lax.select(useKnuth, full(s, 1e5, "float32"), l);
  const maxIters = scalarArray(IMAX[dtype] ?? 2 ** 31 - 1, dtype, false);
  const result = lax.select(useKnuth, knuth(data, lamKnuth, s, dtype, maxIters), rejection(data, lamRejection, s, dtype, maxIters));
  return lax.select(lax.eq(l, full(s, 0, "float32")), jnp.zerosLike(result), result);
}

/** Compiled once per shape and dtype for eager calls, as JAX jits _poisson. */
const poissonData = compiledEager(poissonBody, [2, 3]);
