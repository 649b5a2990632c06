// jnp.pad's other modes, as JAX's lax_numpy builds them: constant values per
// axis and side (axis by axis, so a later axis's values fill the corners),
// reflect/symmetric with reflect_type "odd" (2·edge − reflection, reflected
// again from the padded array past one length), linear_ramp (a linspace
// from end_values to the edge), the statistics modes (maximum, minimum,
// mean, median over stat_length elements at each end; rounded for
// integers), empty (zeros) and a function applied along each axis.
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { isInteger } from "../core/dtypes.ts";
import { concatenate, sliceInDim } from "../lax/api.ts";
import { linspace } from "./creation_extra.ts";
import * as el from "./elementwise.ts";
import { applyAlongAxis } from "./functional.ts";
import { max, mean, min } from "./reductions.ts";
import { broadcastTo, expandDims, flip, squeeze } from "./shape.ts";
import { median } from "./statistics.ts";
import { asArray } from "./util.ts";

type Pairs = Array<[number, number]>;

/** A scalar, a pair, or one pair per axis (numbers or arrays), as (ndim, 2) JS values (JAX's _broadcast_to_pairs). */
export function valuePairs<T>(v: unknown, ndim: number, what: string): Array<[T, T]> {
  const isList = Array.isArray(v);
  if (!isList) return Array.from({ length: ndim }, () => [v as T, v as T]);
  const list = v as unknown[];
  if (list.length > 0 && Array.isArray(list[0])) {
    const rows = (list.length === 1 ? Array.from({ length: ndim }, () => list[0]) : list) as T[][];
    if (rows.length !== ndim) throw new ValueError(`${what} has ${rows.length} pairs for an array of rank ${ndim}`);
    return rows.map((r) => {
      if (r.length === 0 || r.length > 2) throw new ValueError(`${what}: each entry must be a value or a (before, after) pair`);
      return [r[0], r[r.length - 1]];
    });
  }
  if (list.length === 1) return Array.from({ length: ndim }, () => [list[0] as T, list[0] as T]);
  if (list.length === 2) return Array.from({ length: ndim }, () => [list[0] as T, list[1] as T]);
  throw new ValueError(`${what} must be a value, a (before, after) pair or one pair per axis`);
}

/** Pads along `axis` with arrays made from the array so far (before and after). */
function padAxis(a: NDArray, axis: number, before: NDArray | null, after: NDArray | null): NDArray {
  const parts = [before, a, after].filter((p): p is NDArray => p !== null);
  return parts.length === 1 ? a : concatenate(parts, axis);
}

/** `v` (a scalar or a size-1-along-axis array) repeated `n` times along axis, in a's other dims. */
function repeatAlong(v: NDArray, a: NDArray, axis: number, n: number): NDArray | null {
  if (n === 0) return null;
  return broadcastTo(
    el.astype(v, a.dtype),
    a.shape.map((d, i) => (i === axis ? n : d)),
  );
}

/** Constant padding with a value per axis and side. */
export function padConstantPairs(a: NDArray, cfg: Pairs, values: Array<[ArrayLike, ArrayLike]>): NDArray {
  let out = a;
  cfg.forEach(([lo, hi], axis) => {
    const v = (x: ArrayLike) => el.astype(asArray(x, "pad constantValues"), a.dtype);
    out = padAxis(out, axis, repeatAlong(v(values[axis][0]), out, axis, lo), repeatAlong(v(values[axis][1]), out, axis, hi));
  });
  return out;
}

/** reflect/symmetric with reflect_type "odd": JAX's loop, each chunk 2·edge − its mirror image. */
export function padReflectOdd(a: NDArray, cfg: Pairs, mode: "reflect" | "symmetric"): NDArray {
  let out = a;
  const offset = mode === "reflect" ? 1 : 0;
  cfg.forEach(([lo, hi], axis) => {
    const n = a.shape[axis];
    if (n === 0) {
      if (lo || hi) throw new ValueError(`pad: can't extend empty axis ${axis} using modes other than 'constant' or 'empty'`);
      return;
    }
    const build = (padding: number, before: boolean) => {
      let edge = before ? sliceInDim(out, 0, 1, 1, axis) : sliceInDim(out, out.shape[axis] - 1, out.shape[axis], 1, axis);
      while (padding > 0) {
        const cur = Math.min(padding, Math.max(n - offset, 1));
        padding -= cur;
        const len = out.shape[axis];
        const [start, stop] = before ? [offset, offset + cur] : [len - (cur + offset), mode === "symmetric" || n === 1 ? len : len - 1];
        let x = flip(sliceInDim(out, start, stop, 1, axis), axis);
        x = el.subtract(el.multiply(2, edge), x);
        if (n > 1) edge = before ? sliceInDim(x, 0, 1, 1, axis) : sliceInDim(x, x.shape[axis] - 1, x.shape[axis], 1, axis);
        out = before ? concatenate([x, out], axis) : concatenate([out, x], axis);
      }
    };
    build(lo, true);
    build(hi, false);
  });
  return out;
}

/** linear_ramp: from end_values[axis] to the edge (endpoint excluded), reversed after the array. */
export function padLinearRamp(a: NDArray, cfg: Pairs, ends: Array<[ArrayLike, ArrayLike]>): NDArray {
  let out = a;
  cfg.forEach(([lo, hi], axis) => {
    const len = out.shape[axis];
    const edgeBefore = squeeze(sliceInDim(out, 0, 1, 1, axis), axis);
    const edgeAfter = squeeze(sliceInDim(out, len - 1, len, 1, axis), axis);
    const ramp = (end: ArrayLike, edge: NDArray, n: number) =>
      n === 0 ? null : linspace(end, edge, n, { endpoint: false, dtype: a.dtype, axis });
    const after = ramp(ends[axis][1], edgeAfter, hi);
    out = padAxis(out, axis, ramp(ends[axis][0], edgeBefore, lo), after === null ? null : flip(after, axis));
  });
  return out;
}

type Stat = "maximum" | "minimum" | "mean" | "median";
const STATS: Record<Stat, (x: NDArray, axis: number) => NDArray> = {
  maximum: (x, axis) => max(x, axis, { keepdims: true }),
  minimum: (x, axis) => min(x, axis, { keepdims: true }),
  mean: (x, axis) => mean(x, axis, { keepdims: true }),
  median: (x, axis) => expandDims(median(x, axis), axis),
};

/** maximum, minimum, mean, median: the statistic of stat_length elements at each end (all of them by default). */
export function padStats(a: NDArray, cfg: Pairs, stat: Stat, lengths: Array<[number, number]> | null): NDArray {
  let out = a;
  const f = STATS[stat];
  cfg.forEach(([lo, hi], axis) => {
    const n = out.shape[axis];
    let before: NDArray;
    let after: NDArray;
    if (lengths === null) {
      before = f(out, axis);
      after = before;
    } else {
      let [lb, la] = lengths[axis];
      if (lb === 0 || la === 0) throw new ValueError("stat_length of 0 yields no value for padding");
      [lb, la] = [Math.min(lb, n), Math.min(la, n)];
      before = f(sliceInDim(out, 0, lb, 1, axis), axis);
      after = f(sliceInDim(out, n - la, n, 1, axis), axis);
    }
    if (isInteger(a.dtype)) [before, after] = [el.round(before), el.round(after)];
    out = padAxis(out, axis, repeatAlong(before, out, axis, lo), repeatAlong(after, out, axis, hi));
  });
  return out;
}

/** A function mode: zeros padded, then `f(vector, [before, after], axis, kwargs)` along each axis in turn. */
export function padWithFunction(
  a: NDArray,
  cfg: Pairs,
  f: (vector: NDArray, padWidth: [number, number], axis: number, kwargs: Record<string, unknown>) => ArrayLike,
  kwargs: Record<string, unknown>,
): NDArray {
  let out = padEmpty(a, cfg);
  for (let axis = 0; axis < out.ndim; axis++) {
    out = applyAlongAxis((v: NDArray) => f(v, cfg[axis], axis, kwargs), axis, out);
  }
  return el.astype(out, a.dtype);
}

/** Zeros where JAX's empty mode leaves unspecified values. */
export function padEmpty(a: NDArray, cfg: Pairs): NDArray {
  return padConstantPairs(
    a,
    cfg,
    cfg.map(() => [0, 0]),
  );
}
