// jnp reductions: axes, keepdims, dtype rules (bool/int sums accumulate in int32).
import { reshape as laxReshape } from "../lax/api.ts";
import { checkOptions } from "../core/options.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";
import { freeTemps } from "../core/array_impl.ts";
import {
  canonicalize,
  defaultInt,
  defaultUint,
  isComplex,
  isFloat,
  isInexact,
  isUnsigned,
  type DType,
  type DTypeLike,
  parseDType,
  toInexactDType,
} from "../core/dtypes.ts";
import { conj, real } from "./complex.ts";
import { ValueError } from "../core/errors.ts";
import { type ArrayLike, type Axis, NDArray, type ReduceOpts, type VarOpts } from "../core/ndarray.ts";
import type { Primitive } from "../core/primitive.ts";
import { checkNumber } from "../core/scalar_args.ts";
import { normalizeAxes, normalizeAxis } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { convert, full } from "../lax/helpers.ts";
import * as R from "../lax/reduce.ts";
import { reshapeP } from "../lax/shape_ops.ts";
import { add, astype, divide, greater, maximum, minimum, multiply, subtract, sqrt, where, abs as absF } from "./elementwise.ts";
import { broadcastTo } from "./shape.ts";
import { asArray } from "./util.ts";

/** JAX's reductions give strongly typed results: a weak operand (a JS number) is made strong first. */
const strong = (a: NDArray): NDArray => (a.weakType ? astype(a, a.dtype) : a);

function keepdimsReshape(r: NDArray, shape: readonly number[], axes: number[], keepdims: boolean | undefined): NDArray {
  if (!keepdims) return r;
  const s = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  return bind1(reshapeP, [r], { new_sizes: s, dimensions: null });
}

function reduction(
  name: string,
  prim: Primitive,
  opts: {
    upcastInt?: boolean;
    boolOnly?: boolean;
    identity?: (dtype: DType) => number | null;
    combine?: (r: NDArray, init: ArrayLike) => NDArray;
  } = {},
) {
  return (x: ArrayLike, axis?: Axis, o: ReductionOpts = {}): NDArray => {
    checkOptions(o, name, opts.combine ? ["keepdims", "where", "initial", ...(opts.upcastInt ? ["dtype"] : [])] : ["keepdims", "where"]);
    let a = strong(asArray(x, `${name} argument`));
    const axes = normalizeAxes(axis, a.ndim, `${name} axis`);
    if (o.dtype !== undefined && o.dtype !== null) a = astype(a, o.dtype);
    else if (opts.upcastInt && (a.dtype === "bool" || a.dtype === "int32" || a.dtype === "int8" || a.dtype === "int16"))
      a = astype(a, defaultInt());
    else if (opts.upcastInt && (a.dtype === "uint8" || a.dtype === "uint16" || a.dtype === "uint32")) a = astype(a, defaultUint());
    if (opts.boolOnly && a.dtype !== "bool") a = astype(a, "bool");
    const hasInitial = o.initial !== undefined && o.initial !== null;
    const identity = opts.identity?.(a.dtype) ?? null;
    if (o.where !== undefined && o.where !== null) {
      // Masked-out elements become the reduction's identity (JAX asks for `initial` where there is none).
      if (identity === null && !hasInitial)
        throw new ValueError(`reduction operation ${name} does not have an identity, so to use a where mask one has to specify 'initial'`);
      const fill = identity ?? (name === "max" ? lowest(a.dtype) : highest(a.dtype));
      a = where(asArray(o.where, `${name} where`), a, full([], fill, a.dtype));
    }
    if (!hasInitial && opts.identity && axes.some((ax) => a.shape[ax] === 0) && identity === null) {
      throw new ValueError(
        `zero-size array to reduction operation ${name} which has no identity (shape ${JSON.stringify(a.shape)}, axis ${JSON.stringify(axis ?? null)})`,
      );
    }
    let r = axes.length === 0 ? a : bind1(prim, [a], { axes });
    if (hasInitial) r = astype(opts.combine!(r, o.initial as ArrayLike), a.dtype);
    // JAX's reductions return strongly typed results, even of a weak operand.
    return keepdimsReshape(r.weakType ? convert(r, r.dtype, false) : r, a.shape, axes, o.keepdims);
  };
}

/** Options of sum/prod/max/min/all/any: JAX's keepdims, where, initial and (sum, prod) dtype. */
export interface ReductionOpts extends ReduceOpts {
  where?: ArrayLike | null;
  initial?: ArrayLike | null;
  dtype?: DTypeLike | null;
}
const lowest = (d: DType): number =>
  isFloat(d) ? -Infinity : d === "bool" || isUnsigned(d) ? 0 : d === "int8" ? -128 : d === "int16" ? -32768 : -2147483648;
const highest = (d: DType): number =>
  isFloat(d)
    ? Infinity
    : d === "bool"
      ? 1
      : d === "uint8"
        ? 255
        : d === "uint16"
          ? 65535
          : d === "uint32"
            ? 4294967295
            : d === "int8"
              ? 127
              : d === "int16"
                ? 32767
                : 2147483647;

export const sum = reduction("sum", R.reduceSumP, { upcastInt: true, identity: () => 0, combine: (r, i) => add(r, i) });
export const prod = reduction("prod", R.reduceProdP, { upcastInt: true, identity: () => 1, combine: (r, i) => multiply(r, i) });
// max/min have no identity (an empty or fully masked reduction needs `initial`); the mask fill is the dtype's extreme.
export const max = reduction("max", R.reduceMaxP, { identity: () => null, combine: (r, i) => maximum(r, i) });
export const min = reduction("min", R.reduceMinP, { identity: () => null, combine: (r, i) => minimum(r, i) });
export const amax = max;
export const amin = min;
export const all = reduction("all", R.reduceAndP, { boolOnly: true, identity: () => 1 });
export const any = reduction("any", R.reduceOrP, { boolOnly: true, identity: () => 0 });

export function mean(x: ArrayLike, axis?: Axis, o: ReduceOpts & { where?: ArrayLike | null; dtype?: DTypeLike | null } = {}): NDArray {
  checkOptions(o, "mean", ["keepdims", "where", "dtype"]);
  let a = strong(asArray(x, "mean argument"));
  if (o.dtype !== undefined && o.dtype !== null) a = astype(a, o.dtype);
  if (!isInexact(a.dtype)) a = astype(a, toInexactDType(a.dtype));
  const axes = normalizeAxes(axis, a.ndim, "mean axis");
  if (o.where !== undefined && o.where !== null) {
    // The mean of the selected elements: their sum over their count.
    const w = broadcastTo(asArray(o.where, "mean where"), a.shape);
    const count = astype(sum(w, axes, { keepdims: o.keepdims }), a.dtype);
    return divide(sum(a, axes, { keepdims: o.keepdims, where: w }), count);
  }
  const n = axes.reduce((p, ax) => p * a.shape[ax], 1);
  return divide(sum(a, axes, { keepdims: o.keepdims }), n);
}

/** var under the caller's name (std reports its own name); one compiled program when eager. */
const varianceNamed = compiledEager(varianceBody, [0, 2, 3], (_n: string, x: ArrayLike) => x instanceof NDArray);

/**
 * JAX's _var: squares of the deviations from the (masked) mean, summed over
 * the counted elements less the correction; NaN where that is not positive.
 */
function varianceBody(name: string, x: ArrayLike, axis: Axis | undefined, o: VarOpts, mask: NDArray | null = null): NDArray {
  let a = strong(asArray(x, `${name} argument`));
  // dtype: the float dtype it computes and returns in; else the input's inexact dtype.
  if (o.dtype != null) {
    const d = canonicalize(parseDType(o.dtype, `${name} dtype`));
    if (!isInexact(d)) throw new ValueError(`${name}: dtype must be a float or complex dtype, got ${d}`);
    a = astype(a, d);
  } else if (!isInexact(a.dtype)) a = astype(a, toInexactDType(a.dtype));
  const axes = normalizeAxes(axis, a.ndim, `${name} axis`);
  if (o.ddof !== undefined && o.correction !== undefined) throw new ValueError("ddof and correction can't be provided simultaneously.");
  const correction = checkNumber(o.ddof ?? o.correction ?? 0, `${name}: ${o.ddof !== undefined ? "ddof" : "correction"}`);
  const w = mask === null ? null : broadcastTo(mask, a.shape);
  const centered = subtract(a, mean(a, axes, { keepdims: true, where: w }));
  // Complex: |x - mean|², a real variance (as JAX).
  const sq = isComplex(a.dtype) ? real(multiply(centered, conj(centered))) : multiply(centered, centered);
  const ss = sum(sq, axes, { keepdims: o.keepdims, where: w });
  const count =
    w === null
      ? full(
          [],
          axes.reduce((p, ax) => p * a.shape[ax], 1),
          ss.dtype,
        )
      : astype(sum(w, axes, { keepdims: o.keepdims }), ss.dtype);
  const normalizer = subtract(count, correction);
  return where(greater(normalizer, 0), divide(ss, normalizer), NaN);
}

/** var/std's options checked, and its mask (where) apart: a traced operand, not part of the compiled program's key. */
function varianceArgs(name: string, o: VarOpts): [VarOpts, NDArray | null] {
  const { where: mask, ...rest } = checkOptions(o, name, ["keepdims", "ddof", "correction", "where", "dtype"]);
  return [rest, mask === undefined || mask === null ? null : asArray(mask, `${name} where`)];
}

export function variance(x: ArrayLike, axis?: Axis, o: VarOpts = {}): NDArray {
  const [opts, mask] = varianceArgs("var", o);
  return mask === null ? varianceNamed("var", x, axis, opts) : varianceBody("var", x, axis, opts, mask);
}
export { variance as var };

const stdBody = (x: ArrayLike, axis: Axis | undefined, o: VarOpts): NDArray => sqrt(varianceBody("std", x, axis, o));
const stdCompiled = compiledEager(stdBody, [1, 2], (x: ArrayLike) => x instanceof NDArray);

export function std(x: ArrayLike, axis?: Axis, o: VarOpts = {}): NDArray {
  const [opts, mask] = varianceArgs("std", o);
  return mask === null ? stdCompiled(x, axis, opts) : sqrt(varianceBody("std", x, axis, opts, mask));
}

function argReduction(name: string, prim: Primitive) {
  return (x: ArrayLike, axis?: number | null, o: ReduceOpts = {}): NDArray => {
    checkOptions(o, name, ["keepdims"]);
    let a = asArray(x, `${name} argument`);
    let ax: number;
    if (axis === undefined || axis === null) {
      a = laxReshape(a, [a.size]); // ravel: no copy of a 1-D array
      ax = 0;
    } else ax = normalizeAxis(axis, a.ndim, `${name} axis`);
    if (a.shape[ax] === 0) throw new ValueError(`attempt to get ${name} of an empty sequence`);
    const r = bind1(prim, [a], { axes: [ax], index_dtype: defaultInt() });
    if (!o.keepdims) return r;
    const shape = axis === undefined || axis === null ? asArray(x).shape.map(() => 1) : a.shape.map((d, i) => (i === ax ? 1 : d));
    return bind1(reshapeP, [r], { new_sizes: shape, dimensions: null });
  };
}
export const argmax = argReduction("argmax", R.argmaxP);
export const argmin = argReduction("argmin", R.argminP);

function cumulative(name: string, prim: Primitive, upcast: boolean) {
  return (x: ArrayLike, axis?: number | null, opts: { reverse?: boolean; dtype?: DTypeLike | null } = {}): NDArray => {
    checkOptions(opts, name, upcast ? ["reverse", "dtype"] : ["reverse"]);
    let a = strong(asArray(x, `${name} argument`));
    const temps = [a];
    let ax: number;
    if (axis === undefined || axis === null) {
      a = laxReshape(a, [a.size]); // ravel: no copy of a 1-D array
      temps.push(a);
      ax = 0;
    } else ax = normalizeAxis(axis, a.ndim, `${name} axis`);
    if (opts.dtype !== undefined && opts.dtype !== null) temps.push((a = astype(a, opts.dtype)));
    else if (upcast && (a.dtype === "bool" || a.dtype === "int32")) temps.push((a = astype(a, defaultInt())));
    const r = bind1(prim, [a], { axis: ax, reverse: opts.reverse ?? false });
    freeTemps(r, temps, [x]);
    return r;
  };
}
export const cumsum = cumulative("cumsum", R.cumsumP, true);
export const cumprod = cumulative("cumprod", R.cumprodP, true);
export const cummax = cumulative("cummax", R.cummaxP, false);
export const cummin = cumulative("cummin", R.cumminP, false);

export function countNonzero(x: ArrayLike, axis?: Axis, o: ReduceOpts = {}): NDArray {
  checkOptions(o, "count_nonzero", ["keepdims"]);
  const a = asArray(x, "count_nonzero argument");
  return sum(astype(a, "bool"), axis, { keepdims: o.keepdims ?? false });
}

export function ptp(x: ArrayLike, axis?: Axis, o: ReduceOpts = {}): NDArray {
  checkOptions(o, "ptp", ["keepdims"]);
  return subtract(max(x, axis, o), min(x, axis, o));
}

export interface AverageOpts extends ReduceOpts {
  weights?: ArrayLike | null;
  returned?: boolean;
}
/** jnp.average(x, axis?, {weights, returned, keepdims}); with `returned`, `[average, sumOfWeights]`. */
export function average(x: ArrayLike, axis: Axis, o: AverageOpts & { returned: true }): NDArray[];
export function average(x: ArrayLike, axis?: Axis, o?: AverageOpts & { returned?: false }): NDArray;
export function average(x: ArrayLike, axis?: Axis, o: AverageOpts = {}): NDArray | NDArray[] {
  checkOptions(o, "average", ["weights", "returned", "keepdims"]);
  let a = strong(asArray(x, "average argument"));
  if (!isInexact(a.dtype)) a = astype(a, toInexactDType(a.dtype));
  const axes = normalizeAxes(axis, a.ndim, "average axis");
  let avg: NDArray;
  let wsum: NDArray;
  if (o.weights === undefined || o.weights === null) {
    avg = mean(a, axes, { keepdims: o.keepdims });
    wsum = full(
      avg.shape,
      axes.reduce((p, ax) => p * a.shape[ax], 1),
      avg.dtype,
    );
  } else {
    let w = asArray(o.weights, "average weights");
    if (!shapeEqualTo(w.shape, a.shape)) {
      // 1-D weights apply along the one reduced axis, as NumPy's.
      if (axis === undefined || axis === null) throw new ValueError("Axis must be specified when shapes of a and weights differ.");
      if (w.ndim !== 1) throw new ValueError("1D weights expected when shapes of a and weights differ.");
      if (axes.length !== 1 || w.shape[0] !== a.shape[axes[0]])
        throw new ValueError("Length of weights not compatible with specified axis.");
      w = bind1(reshapeP, [w], { new_sizes: a.shape.map((d, i) => (i === axes[0] ? d : 1)), dimensions: null });
    }
    wsum = sum(multiply(onesLikeOf(a), w), axes, { keepdims: o.keepdims });
    avg = divide(sum(multiply(a, w), axes, { keepdims: o.keepdims }), wsum);
  }
  return o.returned ? [avg, wsum.shape.length === avg.shape.length ? wsum : broadcastTo(wsum, avg.shape)] : avg;
}
const onesLikeOf = (a: NDArray) => full(a.shape, 1, a.dtype);
const shapeEqualTo = (p: readonly number[], q: readonly number[]) => p.length === q.length && p.every((d, i) => d === q[i]);

export { absF as _abs, full as _full };
