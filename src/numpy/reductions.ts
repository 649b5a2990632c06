// jnp reductions: axes, keepdims, dtype rules (bool/int sums accumulate in int32).
import { checkOptions } from "../core/options.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";
import { freeTemps } from "../core/array_impl.ts";
import { defaultInt, defaultUint, isComplex, isInexact, type DType, toInexactDType } from "../core/dtypes.ts";
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
import { astype, divide, multiply, subtract, sqrt, abs as absF } from "./elementwise.ts";
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
  opts: { upcastInt?: boolean; boolOnly?: boolean; identity?: (dtype: DType) => number | null } = {},
) {
  return (x: ArrayLike, axis?: Axis, o: ReduceOpts = {}): NDArray => {
    checkOptions(o, name, ["keepdims"]);
    let a = strong(asArray(x, `${name} argument`));
    const axes = normalizeAxes(axis, a.ndim, `${name} axis`);
    if (opts.boolOnly && a.dtype !== "bool") a = astype(a, "bool");
    if (opts.upcastInt && (a.dtype === "bool" || a.dtype === "int32" || a.dtype === "int8" || a.dtype === "int16"))
      a = astype(a, defaultInt());
    if (opts.upcastInt && (a.dtype === "uint8" || a.dtype === "uint16" || a.dtype === "uint32")) a = astype(a, defaultUint());
    if (opts.identity && axes.some((ax) => a.shape[ax] === 0) && opts.identity(a.dtype) === null) {
      throw new ValueError(
        `zero-size array to reduction operation ${name} which has no identity (shape ${JSON.stringify(a.shape)}, axis ${JSON.stringify(axis ?? null)})`,
      );
    }
    const r = axes.length === 0 ? a : bind1(prim, [a], { axes });
    // JAX's reductions return strongly typed results, even of a weak operand.
    return keepdimsReshape(r.weakType ? convert(r, r.dtype, false) : r, a.shape, axes, o.keepdims);
  };
}

export const sum = reduction("sum", R.reduceSumP, { upcastInt: true });
export const prod = reduction("prod", R.reduceProdP, { upcastInt: true });
export const max = reduction("max", R.reduceMaxP, { identity: () => null });
export const min = reduction("min", R.reduceMinP, { identity: () => null });
export const amax = max;
export const amin = min;
export const all = reduction("all", R.reduceAndP, { boolOnly: true });
export const any = reduction("any", R.reduceOrP, { boolOnly: true });

export function mean(x: ArrayLike, axis?: Axis, o: ReduceOpts = {}): NDArray {
  checkOptions(o, "mean", ["keepdims"]);
  let a = strong(asArray(x, "mean argument"));
  if (!isInexact(a.dtype)) a = astype(a, toInexactDType(a.dtype));
  const axes = normalizeAxes(axis, a.ndim, "mean axis");
  const n = axes.reduce((p, ax) => p * a.shape[ax], 1);
  return divide(sum(a, axes, o), n);
}

/** var under the caller's name (std reports its own name); one compiled program when eager. */
const varianceNamed = compiledEager(varianceBody, [0, 2, 3], (_n: string, x: ArrayLike) => x instanceof NDArray);

function varianceBody(name: string, x: ArrayLike, axis: Axis | undefined, o: VarOpts): NDArray {
  let a = strong(asArray(x, `${name} argument`));
  if (!isInexact(a.dtype)) a = astype(a, toInexactDType(a.dtype));
  const axes = normalizeAxes(axis, a.ndim, `${name} axis`);
  const ddof = checkNumber(o.ddof ?? 0, `${name}: ddof`);
  const n = axes.reduce((p, ax) => p * a.shape[ax], 1);
  const centered = subtract(a, mean(a, axes, { keepdims: true }));
  // Complex: |x - mean|², a real variance (as JAX).
  const sq = isComplex(a.dtype) ? real(multiply(centered, conj(centered))) : multiply(centered, centered);
  const ss = sum(sq, axes, { keepdims: o.keepdims });
  return divide(ss, Math.max(0, n - ddof));
}

export function variance(x: ArrayLike, axis?: Axis, o: VarOpts = {}): NDArray {
  return varianceNamed("var", x, axis, checkOptions(o, "var", ["keepdims", "ddof"]));
}
export { variance as var };

const stdBody = (x: ArrayLike, axis: Axis | undefined, o: VarOpts): NDArray => sqrt(varianceBody("std", x, axis, o));
const stdCompiled = compiledEager(stdBody, [1, 2], (x: ArrayLike) => x instanceof NDArray);

export function std(x: ArrayLike, axis?: Axis, o: VarOpts = {}): NDArray {
  return stdCompiled(x, axis, checkOptions(o, "std", ["keepdims", "ddof"]));
}

function argReduction(name: string, prim: Primitive) {
  return (x: ArrayLike, axis?: number | null, o: ReduceOpts = {}): NDArray => {
    checkOptions(o, name, ["keepdims"]);
    let a = asArray(x, `${name} argument`);
    let ax: number;
    if (axis === undefined || axis === null) {
      a = bind1(reshapeP, [a], { new_sizes: [a.size], dimensions: null });
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
  return (x: ArrayLike, axis?: number | null, opts: { reverse?: boolean } = {}): NDArray => {
    checkOptions(opts, name, ["reverse"]);
    let a = strong(asArray(x, `${name} argument`));
    const temps = [a];
    let ax: number;
    if (axis === undefined || axis === null) {
      a = bind1(reshapeP, [a], { new_sizes: [a.size], dimensions: null });
      temps.push(a);
      ax = 0;
    } else ax = normalizeAxis(axis, a.ndim, `${name} axis`);
    if (upcast && (a.dtype === "bool" || a.dtype === "int32")) temps.push((a = astype(a, defaultInt())));
    const r = bind1(prim, [a], { axis: ax, reverse: opts.reverse ?? false });
    freeTemps(r, temps, [x]);
    return r;
  };
}
export const cumsum = cumulative("cumsum", R.cumsumP, true);
export const cumprod = cumulative("cumprod", R.cumprodP, true);
export const cummax = cumulative("cummax", R.cummaxP, false);
export const cummin = cumulative("cummin", R.cumminP, false);

export function countNonzero(x: ArrayLike, axis?: Axis): NDArray {
  const a = asArray(x);
  return sum(astype(a, "bool"), axis);
}

export function ptp(x: ArrayLike, axis?: Axis, o: ReduceOpts = {}): NDArray {
  checkOptions(o, "ptp", ["keepdims"]);
  return subtract(max(x, axis, o), min(x, axis, o));
}

export function average(x: ArrayLike, axis?: Axis): NDArray {
  return mean(x, axis);
}

export { absF as _abs, full as _full };
