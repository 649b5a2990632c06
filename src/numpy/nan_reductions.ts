// jnp's nan* reductions: NaNs replaced by the reduction's identity (or left
// out of the count), as JAX does; integer and bool inputs take the plain reduction.
import { type DTypeLike, defaultInt, isFloat, toFloatingDType } from "../core/dtypes.ts";
import { type ArrayLike, type Axis, type NDArray, type ReduceOpts, type VarOpts } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { checkNumber } from "../core/scalar_args.ts";
import { normalizeAxes } from "../core/shape.ts";
import { astype, divide, isnan, logicalNot, multiply, subtract, sqrt, where } from "./elementwise.ts";
import * as red from "./reductions.ts";
import type { ReductionOpts } from "./reductions.ts";
import { asArray, axisOrOpts } from "./util.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";

type Reduce = (x: ArrayLike, axis?: Axis, o?: ReductionOpts) => NDArray;
/** Options of the nan reductions; `axis` when not given positionally. */
export interface NanReduceOpts extends ReduceOpts {
  axis?: number | number[] | null;
  /** Only these elements count (broadcast against the array), as the plain reductions' where. */
  where?: ArrayLike | null;
  /** The starting value (nanmax/nanmin: required with where, as the plain max/min). */
  initial?: number | null;
  /** nansum/nanprod: the dtype to accumulate in and return. */
  dtype?: DTypeLike | null;
}
export interface NanVarOpts extends VarOpts {
  axis?: number | number[] | null;
}
export interface NanArgOpts extends ReduceOpts {
  axis?: number | null;
}

/**
 * A reduction over `a` with NaNs replaced by `init`; NaN where every element
 * was NaN when `nanIfAllNan` and no `initial` is given (JAX's
 * nan_if_all_nan=initial is None). `where` and `initial` go to the reduction;
 * the all-NaN test ignores them, as JAX's.
 */
function nanReduction(name: string, reduce: Reduce, init: number, nanIfAllNan: boolean) {
  const compute = (a: NDArray, axis: Axis, o: NanReduceOpts, mask: NDArray | null): NDArray => {
    const opts = { ...o, where: mask };
    if (!isFloat(a.dtype)) return reduce(a, axis, opts);
    const nan = isnan(a);
    const out = reduce(where(nan, init, a), axis, opts);
    if (!nanIfAllNan || (o.initial ?? null) !== null) return out;
    return where(red.all(nan, axis, { keepdims: o.keepdims }), NaN, out);
  };
  // Compiled when eager, as JAX jits the nan reductions (the mask, the replacement and the reduction one kernel).
  const body = compiledEager((a: NDArray, axis: Axis, o: NanReduceOpts): NDArray => compute(a, axis, o, null), [1, 2]);
  return (x: ArrayLike, axisArg?: Axis | NanReduceOpts, opts?: NanReduceOpts): NDArray => {
    const [axis, o = {}] = axisOrOpts<Axis, NanReduceOpts>(axisArg, opts);
    const { where: mask, ...rest } = checkOptions(
      o,
      name,
      nanIfAllNan ? ["keepdims", "where", "initial"] : ["keepdims", "where", "initial", "dtype"],
    );
    const a = asArray(x, `${name} argument`);
    // A mask is a traced operand, not part of the compiled program's key: the reduction then runs as its operations.
    if (mask === undefined || mask === null) return body(a, axis ?? null, rest);
    return compute(a, axis ?? null, rest, asArray(mask, `${name} where`));
  };
}

/** jnp.nansum(x, axis?, {keepdims}): the sum with NaNs treated as zero. */
export const nansum = nanReduction("nansum", red.sum, 0, false);
/** jnp.nanprod(x, axis?, {keepdims}): the product with NaNs treated as one. */
export const nanprod = nanReduction("nanprod", red.prod, 1, false);
/** jnp.nanmax(x, axis?, {keepdims}): the maximum ignoring NaNs (NaN where all are NaN). */
export const nanmax = nanReduction("nanmax", red.max, -Infinity, true);
/** jnp.nanmin(x, axis?, {keepdims}): the minimum ignoring NaNs (NaN where all are NaN). */
export const nanmin = nanReduction("nanmin", red.min, Infinity, true);

/** jnp.nanmean(x, axis?, {keepdims, where}): the mean of the non-NaN elements (among those where holds). */
export function nanmean(x: ArrayLike, axisArg?: Axis | NanReduceOpts, opts?: NanReduceOpts): NDArray {
  const [axis, o = {}] = axisOrOpts<Axis, NanReduceOpts>(axisArg, opts);
  const { where: mask, ...rest } = checkOptions(o, "nanmean", ["keepdims", "where"]);
  const a = asArray(x, "nanmean argument");
  if (mask === undefined || mask === null) return nanmeanC(a, axis ?? null, rest);
  return nanmeanOf(a, axis ?? null, rest, asArray(mask, "nanmean where"));
}
function nanmeanOf(a: NDArray, axis: Axis, o: NanReduceOpts, mask: NDArray | null): NDArray {
  const opts = { ...o, where: mask };
  if (!isFloat(a.dtype)) return red.mean(a, axis, opts);
  const count = red.sum(astype(logicalNot(isnan(a)), a.dtype), axis, opts);
  return divide(nansum(a, axis, opts), count);
}
const nanmeanC = compiledEager((a: NDArray, axis: Axis, o: NanReduceOpts): NDArray => nanmeanOf(a, axis, o, null), [1, 2]);

function nanvarBody(name: string, x: ArrayLike, axisArg: Axis | NanVarOpts, opts: NanVarOpts | undefined): NDArray {
  const [axis, o = {}] = axisOrOpts<Axis, NanVarOpts>(axisArg, opts);
  checkOptions(o, name, ["keepdims", "ddof"]);
  let a = asArray(x, `${name} argument`);
  const ddof = checkNumber(o.ddof ?? 0, `${name}: ddof`);
  if (!isFloat(a.dtype)) a = astype(a, toFloatingDType(a.dtype));
  const axes = normalizeAxes(axis, a.ndim, `${name} axis`);
  const nan = isnan(a);
  const centered = where(nan, 0, subtract(a, nanmean(a, axes, { keepdims: true })));
  const ss = red.sum(multiply(centered, centered), axes, { keepdims: o.keepdims });
  const n = subtract(red.sum(logicalNot(nan), axes, { keepdims: o.keepdims }), ddof);
  const bad = n.le(0);
  return divide(where(bad, NaN, ss), astype(where(bad, 1, n), a.dtype));
}

/** jnp.nanvar(x, axis?, {keepdims, ddof}): the variance of the non-NaN elements. */
export function nanvar(x: ArrayLike, axis?: Axis | NanVarOpts, opts?: NanVarOpts): NDArray {
  return nanvarBody("nanvar", x, axis, opts);
}

/** jnp.nanstd(x, axis?, {keepdims, ddof}): the standard deviation of the non-NaN elements. */
export function nanstd(x: ArrayLike, axis?: Axis | NanVarOpts, opts?: NanVarOpts): NDArray {
  return sqrt(nanvarBody("nanstd", x, axis, opts));
}

function nanArg(name: string, arg: typeof red.argmax, fill: number) {
  return (x: ArrayLike, axisArg?: number | null | NanArgOpts, opts?: NanArgOpts): NDArray => {
    const [axis, o = {}] = axisOrOpts<number | null, NanArgOpts>(axisArg, opts);
    checkOptions(o, name, ["keepdims"]);
    const a = asArray(x, `${name} argument`);
    // JAX's argmax gives the default int (int64 under x64).
    if (!isFloat(a.dtype)) return astype(arg(a, axis, o), defaultInt());
    const nan = isnan(a);
    const res = astype(arg(where(nan, fill, a), axis, o), defaultInt());
    return where(red.all(nan, axis ?? null, o), -1, res);
  };
}

/** jnp.nanargmax(x, axis?, {keepdims}): the index of the largest non-NaN element (-1 where all are NaN). */
export const nanargmax = nanArg("nanargmax", red.argmax, -Infinity);
/** jnp.nanargmin(x, axis?, {keepdims}): the index of the smallest non-NaN element (-1 where all are NaN). */
export const nanargmin = nanArg("nanargmin", red.argmin, Infinity);

function nanCumulative(name: string, cum: typeof red.cumsum, init: number) {
  return (x: ArrayLike, axis?: number | null): NDArray => {
    const a = asArray(x, `${name} argument`);
    return cum(isFloat(a.dtype) ? where(isnan(a), init, a) : a, axis);
  };
}

/** jnp.nancumsum(x, axis?): the cumulative sum with NaNs treated as zero (flattened without an axis). */
export const nancumsum = nanCumulative("nancumsum", red.cumsum, 0);
/** jnp.nancumprod(x, axis?): the cumulative product with NaNs treated as one. */
export const nancumprod = nanCumulative("nancumprod", red.cumprod, 1);
