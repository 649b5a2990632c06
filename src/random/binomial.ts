// jax.random.binomial and multinomial as JAX's _binomial: inversion (summing
// geometric waiting times) when n·q ≤ 10, Hörmann's BTRS rejection otherwise,
// each a loop over whole arrays; q = min(p, 1 - p), mirrored back at the end.
// multinomial draws one binomial per category in a scan, conditioning each on
// what the previous categories took.
import { asOperand, scalarArray } from "../core/convert.ts";
import { type DType, type DTypeLike, defaultFloat, isFloat } from "../core/dtypes.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { broadcastShapes } from "../core/shape.ts";
import * as lax from "../lax/api.ts";
import { scan, whileLoop } from "../lax/control/index.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";
import { checkOptions } from "../core/options.ts";
import * as jnp from "../numpy/index.ts";
import { resultType } from "../numpy/util.ts";
import { type ShapeArg, canonicalShape, checkShape, floatDtype, optsOf } from "./args.ts";
import { type KeyLike, checkKey, splitData } from "./keys.ts";
import { broadcastParam, splitKeys } from "./params.ts";
import { mulAdd, uniformData } from "./uniform.ts";

const any = (x: NDArray) =>
  lax.reduceOr(
    x,
    x.shape.map((_, i) => i),
  );
const full = (shape: readonly number[], v: number, dtype: DType) => lax.broadcast(scalarArray(v, dtype, false), [...shape]);
const FMAX: Record<string, number> = { float16: 65504, float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };

/** promote_dtypes_inexact for one argument: integer and bool arrays become the default float. */
function inexact(x: ArrayLike, what: string): NDArray {
  if (typeof x === "number") return scalarArray(x, defaultFloat(), false);
  const a = asOperand(x, what);
  return isFloat(a.dtype) ? a : lax.convertElementType(a, defaultFloat());
}

/** _binomial_inversion: count geometric(q) waiting times until they pass n. */
function inversion(key: NDArray, count: NDArray, prob: NDArray, shape: readonly number[], maxIters: NDArray): NDArray {
  const log1mP = lax.log1p(lax.neg(prob));
  const [, numGeom] = whileLoop(
    ([i, , geomSum]: NDArray[]) => lax.bitwiseAnd(any(lax.le(geomSum, count)), lax.lt(i, maxIters)),
    ([i, numGeom0, geomSum0, key0]: NDArray[]) => {
      const [sub, keyNext] = splitKeys(key0, 2);
      const numGeom = lax.select(lax.le(geomSum0, count), lax.add(numGeom0, 1), numGeom0);
      const u = uniformData(sub, shape, prob.dtype, 0, 1);
      const geom = lax.ceil(lax.div(lax.log(u), log1mP));
      return [lax.add(i, 1), numGeom, lax.add(geomSum0, geom), keyNext];
    },
    [scalarArray(0, prob.dtype, false), full(shape, 0, prob.dtype), full(shape, 0, prob.dtype), key],
  ) as NDArray[];
  return lax.sub(numGeom, 1);
}

const STIRLING_TAIL = [
  0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211, 0.0138761288230707,
  0.0118967099458917, 0.010411265261972, 0.00925546218271273, 0.00833056343336287,
];

/** _stirling_approx_tail: log k! minus its Stirling approximation (tabled for k ≤ 9). */
function stirlingTail(k: NDArray): NDArray {
  const dt = k.dtype;
  const table = jnp.array(STIRLING_TAIL, dt);
  const useTable = lax.le(k, full(k.shape, 9, dt));
  const kc = lax.clamp(scalarArray(0, dt, false), k, scalarArray(9, dt, false));
  const kp1 = lax.add(kc, 1);
  const kp1sq = lax.mul(kp1, kp1);
  const inner = lax.div(lax.sub(full(k.shape, 1 / 360, dt), lax.div(full(k.shape, 1 / 1260, dt), kp1sq)), kp1sq);
  const approx = lax.div(lax.sub(full(k.shape, 1 / 12, dt), inner), kp1);
  const idx = lax.convertElementType(lax.floor(kc), "int32");
  return lax.select(useTable, jnp.take(table, idx), approx);
}

/** _btrs: Hörmann's transformed rejection with squeeze. */
function btrs(key: NDArray, count: NDArray, prob: NDArray, shape: readonly number[], maxIters: NDArray): NDArray {
  const c = (v: number) => full(shape, v, prob.dtype);
  const oneMinusP = lax.sub(c(1), prob);
  const stddev = lax.sqrt(lax.mul(lax.mul(count, prob), oneMinusP));
  // XLA contracts a*b + c into fused multiply-adds; so do we.
  const b = mulAdd(c(2.53), stddev, c(1.15));
  const a = mulAdd(c(0.01), prob, mulAdd(c(0.0248), b, c(-0.0873)));
  const cc = mulAdd(count, prob, c(0.5));
  const vR = lax.sub(c(0.92), lax.div(c(4.2), b));
  const r = lax.div(prob, oneMinusP);
  const alpha = lax.mul(lax.add(c(2.83), lax.div(c(5.1), b)), stddev);
  const m = lax.floor(lax.mul(lax.add(count, 1), prob));
  const [, kOut] = whileLoop(
    ([i, , accepted]: NDArray[]) => lax.bitwiseAnd(any(lax.bitwiseNot(accepted)), lax.lt(i, maxIters)),
    ([i, kOut0, accepted0, key0]: NDArray[]) => {
      const [keyNext, sk0, sk1] = splitKeys(key0, 3);
      const u = lax.sub(uniformData(sk0, shape, prob.dtype, 0, 1), 0.5);
      const v0 = uniformData(sk1, shape, prob.dtype, 0, 1);
      const us = lax.sub(c(0.5), lax.abs(u));
      const accept1 = lax.bitwiseAnd(lax.ge(us, c(0.07)), lax.le(v0, vR));
      const k = lax.floor(mulAdd(lax.add(lax.div(lax.mul(a, 2), us), b), u, cc));
      const reject = lax.bitwiseOr(lax.lt(k, c(0)), lax.gt(k, count));
      const v = lax.log(lax.div(lax.mul(v0, alpha), lax.add(lax.div(a, lax.mul(us, us)), b)));
      const nmp1 = lax.add(lax.sub(count, m), 1);
      const nkp1 = lax.add(lax.sub(count, k), 1);
      const t1 = lax.log(lax.div(lax.add(m, 1), lax.mul(r, nmp1)));
      const t2 = lax.log(lax.div(nmp1, nkp1));
      const t3 = lax.log(lax.div(lax.mul(r, nkp1), lax.add(k, 1)));
      let ub = mulAdd(lax.add(m, 0.5), t1, lax.mul(lax.add(count, 1), t2));
      ub = mulAdd(lax.add(k, 0.5), t3, ub);
      ub = lax.add(ub, stirlingTail(m));
      ub = lax.add(ub, stirlingTail(lax.sub(count, m)));
      ub = lax.sub(ub, stirlingTail(k));
      ub = lax.sub(ub, stirlingTail(lax.sub(count, k)));
      const accept = lax.bitwiseOr(accept1, lax.bitwiseAnd(lax.bitwiseNot(reject), lax.le(v, ub)));
      return [lax.add(i, 1), lax.select(accept, k, kOut0), lax.bitwiseOr(accepted0, accept), keyNext];
    },
    [scalarArray(0, prob.dtype, false), c(-1), full(shape, 0, "bool"), key],
  ) as NDArray[];
  return kOut;
}

/** _binomial on key data, with count and prob already inexact arrays. */
function binomialBody(data: NDArray, n: NDArray, p: NDArray, shape: readonly number[], dtype: DType): NDArray {
  const pd = p.dtype;
  const count0 = broadcastParam(lax.convertElementType(n, pd), shape);
  const prob = broadcastParam(p, shape);
  const c = (v: number) => full(shape, v, pd);
  const pLtHalf = lax.lt(prob, c(0.5));
  let q = lax.select(pLtHalf, prob, lax.sub(c(1), prob));
  const countNanOrNeg = lax.bitwiseOr(lax.ne(count0, count0), lax.lt(count0, c(0)));
  const countInf = lax.eq(lax.abs(count0), c(Number.POSITIVE_INFINITY));
  const qIsNan = lax.ne(q, q);
  const qLt0 = lax.lt(q, c(0));
  q = lax.select(lax.bitwiseOr(qIsNan, qLt0), c(0.01), q);
  const useInversion = lax.bitwiseOr(countNanOrNeg, lax.le(lax.mul(count0, q), c(10)));
  const count = lax.floor(count0);
  const countInv = lax.select(useInversion, count, c(0));
  const countBtrs = lax.select(useInversion, c(1e4), count);
  const qBtrs = lax.select(useInversion, c(0.5), q);
  const maxIters = scalarArray(FMAX[dtype] ?? FMAX.float32, pd, false);
  let samples = lax.select(useInversion, inversion(data, countInv, q, shape, maxIters), btrs(data, countBtrs, qBtrs, shape, maxIters));
  samples = lax.convertElementType(samples, dtype);
  const d = (v: number) => full(shape, v, dtype);
  const invalid = lax.bitwiseOr(lax.bitwiseOr(qLt0, qIsNan), countNanOrNeg);
  samples = lax.select(invalid, d(Number.NaN), samples);
  samples = lax.select(lax.bitwiseAnd(countInf, lax.bitwiseNot(invalid)), d(Number.POSITIVE_INFINITY), samples);
  const keep = lax.bitwiseOr(lax.bitwiseOr(pLtHalf, countNanOrNeg), lax.bitwiseOr(qIsNan, countInf));
  return lax.select(keep, samples, lax.sub(lax.convertElementType(count, dtype), samples));
}

/** Compiled once per shape and dtype for eager calls, as JAX jits _binomial. */
const binomialData = compiledEager(binomialBody, [3, 4]);

/** jax.random.binomial(key, n, p, shape?, {dtype}): successes in n trials of probability p (as floats). */
export function binomial(
  k: KeyLike,
  n: ArrayLike,
  p: ArrayLike,
  shape?: ShapeArg | null,
  opts?: { dtype?: DTypeLike } | DTypeLike,
): NDArray {
  const { data } = checkKey("binomial", k);
  const dtype = floatDtype(optsOf(opts, "binomial").dtype, "binomial");
  const nn = inexact(n, "binomial n");
  const pp = inexact(p, "binomial p");
  let s: number[];
  if (shape === undefined || shape === null) s = broadcastShapes(nn.shape, pp.shape);
  else {
    s = canonicalShape(shape, "binomial");
    checkShape("binomial", s, nn.shape, pp.shape);
  }
  return binomialData(data, nn, pp, s, dtype);
}

export interface MultinomialOpts {
  shape?: ShapeArg | null;
  dtype?: DTypeLike;
  unroll?: number | boolean;
}

/**
 * jax.random.multinomial(key, n, p, {shape, dtype}): counts of n draws over the
 * categories on p's last axis (result shape p.shape, or shape when given).
 */
export function multinomial(k: KeyLike, n: ArrayLike, p: ArrayLike, opts: MultinomialOpts = {}): NDArray {
  const o = checkOptions(opts, "multinomial", ["shape", "dtype", "unroll"]);
  const { data } = checkKey("multinomial", k);
  const nn = inexact(n, "multinomial n");
  let pp = inexact(p, "multinomial p");
  // promote_dtypes_inexact(n, p): JS numbers are weakly typed.
  const dt = resultType(typeof n === "number" ? n : nn, typeof p === "number" ? p : pp).dtype;
  const nf = lax.convertElementType(nn, dt);
  pp = lax.convertElementType(pp, dt);
  const s = o.shape === undefined || o.shape === null ? [...pp.shape] : canonicalShape(o.shape, "multinomial");
  const dtype = floatDtype(o.dtype, "multinomial");
  const nB = jnp.broadcastTo(nf, s.slice(0, -1));
  const pB = jnp.moveaxis(jnp.broadcastTo(pp, s), -1, 0);
  const remaining = lax.cumsum(pB, 0, { reverse: true });
  const ratios = jnp.divide(pB, jnp.where(jnp.equal(remaining, 0), 1, remaining));
  const keys = splitData(data, [ratios.shape[0]]);
  const [, counts] = scan(
    (remainder: NDArray, [ratio, key]: [NDArray, NDArray]) => {
      const count = binomialData(key, remainder, jnp.clip(ratio, 0, 1), broadcastShapes(remainder.shape, ratio.shape), remainder.dtype);
      return [lax.sub(remainder, count), count];
    },
    nB,
    [ratios, keys],
  );
  return lax.convertElementType(jnp.moveaxis(counts as NDArray, 0, -1), dtype);
}
