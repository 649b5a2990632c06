// More of jnp's shape functions: splits and stacks (arraySplit, hsplit,
// dstack, columnStack, block, ...), flips and rotations, append/insert/delete,
// resize, and the shape queries (ndim, shape, size, isscalar, iterable).
import { arrayFromJs } from "../core/convert.ts";
import { describe } from "../core/describe.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { type ArrayLike, NDArray, Slice } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { checkInt, checkIntList } from "../core/scalar_args.ts";
import { broadcastShapes as bshapes, checkShape, normalizeAxis, prod, shapeStr } from "../core/shape.ts";
import { isInteger } from "../core/dtypes.ts";
import { bind1 } from "../core/trace.ts";
import * as S from "../lax/shape_ops.ts";
import { arange, zeros } from "./creation.ts";
import { copyP } from "../lax/elementwise.ts";
import * as el from "./elementwise.ts";
import { sliceIndices } from "./indexing.ts";
import { sum } from "./reductions.ts";
import { argsort, sort } from "./sorting.ts";
import {
  type JoinOptions,
  atleast2d,
  broadcastTo,
  concatenate,
  flip,
  moveaxis,
  ravel,
  reshape,
  split,
  swapaxes,
  tile,
  transpose,
} from "./shape.ts";
import { asArray } from "./util.ts";
import { indexArray } from "./selection.ts";

/** jnp.append(arr, values, axis?): concatenation, of the flattened arrays when axis is null. */
export function append(arr: ArrayLike, values: ArrayLike, axis: number | null = null): NDArray {
  if (axis === null || axis === undefined) return concatenate([ravel(arr), ravel(values)], 0);
  return concatenate([arr, values], axis);
}

/** Static section sizes of a split along an axis of length n. */
function sectionSizes(name: string, n: number, sections: number | number[]): number[] {
  if (Array.isArray(sections)) {
    const idx = [0, ...checkIntList(sections, `${name} indices_or_sections`), n];
    return idx.slice(1).map((v, i) => v - idx[i]);
  }
  const k = checkInt(sections, `${name} indices_or_sections`, 1);
  const part = Math.floor(n / k);
  const r = n % k;
  return Array.from({ length: k }, (_, i) => (i < r ? part + 1 : part));
}

/** jnp.array_split(x, sectionsOrIndices, axis = 0): like split, the first sections one longer when n does not divide. */
export function arraySplit(x: ArrayLike, sectionsOrIndices: number | number[], axis = 0): NDArray[] {
  const a = asArray(x, "array_split argument");
  const ax = normalizeAxis(axis, a.ndim, "array_split axis");
  if (Array.isArray(sectionsOrIndices)) return split(a, sectionsOrIndices, ax);
  const sizes = sectionSizes("array_split", a.shape[ax], sectionsOrIndices);
  const bounds = sizes.slice(0, -1).map((_, i) => sizes.slice(0, i + 1).reduce((p, q) => p + q, 0));
  return split(a, bounds, ax);
}

function splitAlong(name: string, axisOf: (nd: number) => number) {
  return (x: ArrayLike, sectionsOrIndices: number | number[]): NDArray[] => {
    const a = asArray(x, `${name} argument`);
    return split(a, sectionsOrIndices, normalizeAxis(axisOf(a.ndim), a.ndim, `${name} axis`));
  };
}
/** jnp.hsplit: split along axis 1 (axis 0 for 1-d arrays). */
export const hsplit = splitAlong("hsplit", (nd) => (nd === 1 ? 0 : 1));
/** jnp.vsplit: split along axis 0 of an array of rank ≥ 2. */
export const vsplit = splitAlong("vsplit", () => 0);
/** jnp.dsplit: split along axis 2 of an array of rank ≥ 3. */
export const dsplit = splitAlong("dsplit", () => 2);

function atleast3dOne(x: ArrayLike): NDArray {
  const a = asArray(x, "atleast_3d argument");
  if (a.ndim === 0) return reshape(a, [1, 1, 1]);
  if (a.ndim === 1) return reshape(a, [1, a.shape[0], 1]);
  if (a.ndim === 2) return reshape(a, [...a.shape, 1]);
  return a;
}
/** jnp.atleast_3d: one array gives one array, several a JS array of them (as JAX). */
export function atleast3d(x: ArrayLike): NDArray;
export function atleast3d(...xs: ArrayLike[]): NDArray | NDArray[];
export function atleast3d(...xs: ArrayLike[]): NDArray | NDArray[] {
  return xs.length === 1 ? atleast3dOne(xs[0]) : xs.map(atleast3dOne);
}

/** The list argument of a stacking function. */
function arrays(name: string, xs: unknown): NDArray[] {
  if (xs instanceof NDArray) return [...xs];
  if (!Array.isArray(xs)) throw new JaxTypeError(`${name} requires a list of arrays, got ${describe(xs)}`);
  return xs.map((v, i) => asArray(v as ArrayLike, `${name} argument ${i}`));
}
/** jnp.dstack: arrays made at least 3-d, joined along axis 2. */
export function dstack(xs: ArrayLike[] | NDArray, opts?: JoinOptions): NDArray {
  return concatenate(arrays("dstack", xs).map(atleast3dOne), 2, opts);
}
/** jnp.column_stack: 1-d arrays as columns, joined along axis 1. */
export function columnStack(xs: ArrayLike[] | NDArray): NDArray {
  return concatenate(
    arrays("column_stack", xs).map((a) => (a.ndim < 2 ? transpose(atleast2d(a)) : a)),
    1,
  );
}

/** jnp.concat(arrays, axis = 0): the array API's concatenate (axis positional or as {axis}). */
export function concat(xs: ArrayLike[], axis: number | null | { axis?: number | null } = 0): NDArray {
  if (typeof axis === "object" && axis !== null) axis = checkOptions(axis, "concat", ["axis"]).axis ?? 0;
  return concatenate(xs, axis);
}

/** A nested list of blocks for jnp.block. */
export type Blocks = ArrayLike | Blocks[];

/** jnp.block(arrays): the nested lists joined innermost along the last axis, outer levels along earlier ones. */
export function block(xs: Blocks): NDArray {
  return blockRec(xs)[0];
}
function blockRec(xs: Blocks): [NDArray, number] {
  if (!Array.isArray(xs) || xs.every((v) => typeof v === "number" || typeof v === "boolean")) {
    if (Array.isArray(xs) && xs.length === 0) throw new ValueError("jax.numpy.block does not allow empty list arguments");
    if (!Array.isArray(xs)) return [asArray(xs as ArrayLike, "block argument"), 1];
  }
  if (xs.length === 0) throw new ValueError("jax.numpy.block does not allow empty list arguments");
  const parts = (xs as Blocks[]).map(blockRec);
  const depth = parts[0][1];
  if (parts.some(([, d]) => d !== depth)) throw new ValueError("Mismatched list depths in jax.numpy.block");
  const rank = Math.max(depth, ...parts.map(([a]) => a.ndim));
  const lifted = parts.map(([a]) => (a.ndim < rank ? reshape(a, [...Array(rank - a.ndim).fill(1), ...a.shape]) : a));
  return [concatenate(lifted, -depth), depth + 1];
}

/** jnp.broadcast_shapes(...shapes): the shape arrays of these shapes broadcast to. */
export function broadcastShapes(...shapes: Array<number[] | number>): number[] {
  const ss = shapes.map((s, i) => checkShape(typeof s === "number" ? [s] : s, `broadcast_shapes argument ${i}`));
  try {
    return bshapes(...ss);
  } catch (e) {
    throw new ValueError(`Incompatible shapes for broadcasting: ${ss.map(shapeStr).join(", ")} (${(e as Error).message})`);
  }
}

/** jnp.fliplr: flip axis 1. */
export function fliplr(x: ArrayLike): NDArray {
  const a = asArray(x, "fliplr argument");
  if (a.ndim < 2) throw new ValueError(`fliplr requires an array of at least 2 dimensions, got shape ${shapeStr(a.shape)}`);
  return flip(a, 1);
}
/** jnp.flipud: flip axis 0. */
export function flipud(x: ArrayLike): NDArray {
  const a = asArray(x, "flipud argument");
  if (a.ndim < 1) throw new ValueError(`flipud requires an array of at least 1 dimension, got shape ${shapeStr(a.shape)}`);
  return flip(a, 0);
}

export interface Rot90Opts {
  k?: number;
  axes?: [number, number];
}
/** jnp.rot90(m, k = 1, {axes = [0, 1]}) or rot90(m, {k, axes}): rotate by 90° k times in the plane of axes. */
export function rot90(m: ArrayLike, k: number | Rot90Opts = 1, opts: Rot90Opts = {}): NDArray {
  if (typeof k === "object") [k, opts] = [k.k ?? 1, k];
  checkOptions(opts, "rot90", ["k", "axes"]);
  const a = asArray(m, "rot90 argument");
  if (a.ndim < 2) {
    throw new ValueError(
      `rot90 requires its first argument to have ndim at least two, but got first argument of shape ${shapeStr(a.shape)}, which has ndim ${a.ndim}`,
    );
  }
  const [x1, x2] = checkIntList(opts.axes ?? [0, 1], "rot90 axes");
  const ax1 = normalizeAxis(x1, a.ndim, "rot90 axes");
  const ax2 = normalizeAxis(x2, a.ndim, "rot90 axes");
  if (ax1 === ax2) throw new ValueError("Axes must be different");
  const kk = ((checkInt(k, "rot90 k") % 4) + 4) % 4;
  if (kk === 0) return a;
  if (kk === 2) return flip(flip(a, ax1), ax2);
  const perm = [...Array(a.ndim).keys()];
  [perm[ax1], perm[ax2]] = [perm[ax2], perm[ax1]];
  return kk === 1 ? transpose(flip(a, ax2), perm) : flip(transpose(a, perm), ax2);
}

/** jnp.rollaxis(a, axis, start = 0): NumPy's older moveaxis. */
export function rollaxis(x: ArrayLike, axis: number, start = 0): NDArray {
  const a = asArray(x, "rollaxis argument");
  const ax = normalizeAxis(axis, a.ndim, "rollaxis axis");
  checkInt(start, "rollaxis start");
  if (start < -a.ndim || start > a.ndim) throw new ValueError(`start=${start} must satisfy ${-a.ndim}<=start<=${a.ndim}`);
  let s = start < 0 ? start + a.ndim : start;
  if (s > ax) s -= 1;
  return moveaxis(a, ax, s);
}

/** jnp.resize(a, newShape): the flattened array repeated cyclically to fill newShape. */
export function resize(x: ArrayLike, newShape: number | number[]): NDArray {
  const shape = typeof newShape === "number" ? [newShape] : [...newShape];
  if (shape.some((d) => d < 0)) throw new ValueError("all elements of `new_shape` must be non-negative");
  checkShape(shape, "resize new_shape");
  const a = ravel(x);
  const n = prod(shape);
  if (a.size === 0 || n === 0) return zeros(shape, { dtype: a.dtype });
  const t = tile(a, Math.ceil(n / a.size));
  return reshape(bind1(S.sliceP, [t], { start_indices: [0], limit_indices: [n], strides: null }), shape);
}

/** jnp.unstack(x, axis = 0) (or {axis}): the slices along axis, as a JS array. */
export function unstack(x: ArrayLike, axis: number | { axis?: number } = 0): NDArray[] {
  if (typeof axis === "object") axis = checkOptions(axis, "unstack", ["axis"]).axis ?? 0;
  const a = asArray(x, "unstack argument");
  if (a.ndim === 0) throw new ValueError("Unstack requires arrays with rank > 0, however a scalar array was passed.");
  const ax = normalizeAxis(axis, a.ndim, "unstack axis");
  return Array.from({ length: a.shape[ax] }, (_, i) => {
    const s = bind1(S.sliceP, [a], {
      start_indices: a.shape.map((_, d) => (d === ax ? i : 0)),
      limit_indices: a.shape.map((n, d) => (d === ax ? i + 1 : n)),
      strides: null,
    });
    return bind1(S.squeezeP, [s], { dimensions: [ax] });
  });
}

/** jnp.matrix_transpose: the last two axes swapped. */
export function matrixTranspose(x: ArrayLike): NDArray {
  const a = asArray(x, "matrix_transpose argument");
  if (a.ndim < 2) throw new ValueError(`x must be at least two-dimensional for matrix_transpose; got ndim=${a.ndim}`);
  return swapaxes(a, -1, -2);
}

/** jnp.copy(a): a new array with a's values. */
export function copy(x: ArrayLike): NDArray {
  return bind1(copyP, [asArray(x, "copy argument")], {});
}

export interface Ediff1dOpts {
  toBegin?: ArrayLike | null;
  toEnd?: ArrayLike | null;
}
/** jnp.ediff1d(x, {toBegin, toEnd}): differences of the flattened array, with values put before and after. */
export function ediff1d(x: ArrayLike, opts: Ediff1dOpts = {}): NDArray {
  checkOptions(opts, "ediff1d", ["toBegin", "toEnd"]);
  const a = ravel(asArray(x, "ediff1d argument"));
  const n = a.shape[0];
  const sl = (lo: number, hi: number) => bind1(S.sliceP, [a], { start_indices: [Math.min(lo, hi)], limit_indices: [hi], strides: null });
  let r = el.subtract(sl(1, Math.max(n, 1)), sl(0, Math.max(n - 1, 0)));
  if (opts.toBegin !== undefined && opts.toBegin !== null) r = concatenate([ravel(el.astype(opts.toBegin, a.dtype)), r]);
  if (opts.toEnd !== undefined && opts.toEnd !== null) r = concatenate([r, ravel(el.astype(opts.toEnd, a.dtype))]);
  return r;
}

/** A concrete int32 index array (JS numbers, or an array that is not a tracer). */
function concreteInts(obj: ArrayLike, what: string): number[] {
  const a = obj instanceof NDArray ? obj : arrayFromJs(obj, undefined, what);
  return Array.from(a.dataSync() as unknown as Iterable<number>, Number);
}

export interface DeleteOpts {
  assumeUniqueIndices?: boolean;
}
/** jnp.delete(arr, obj, axis?): arr without the entries obj names (an int, a slice jnp.s(...), indices or a mask). */
function deleteEntries(arr: ArrayLike, obj: number | Slice | ArrayLike, axis: number | null = null, opts: DeleteOpts = {}): NDArray {
  checkOptions(opts, "delete", ["assumeUniqueIndices"]);
  let a = asArray(arr, "delete argument");
  if (axis === null || axis === undefined) {
    a = ravel(a);
    axis = 0;
  }
  const ax = normalizeAxis(axis, a.ndim, "delete axis");
  const n = a.shape[ax];
  a = moveaxis(a, ax, 0);
  const back = (r: NDArray) => moveaxis(r, 0, ax);
  if (typeof obj === "number") {
    const i = normalizeAxis(obj, n, "delete obj");
    return back(concatenate([sliceFirst(a, 0, i), sliceFirst(a, i + 1, n)], 0));
  }
  let unique = opts.assumeUniqueIndices ?? false;
  let idx: NDArray;
  if (obj instanceof Slice) {
    const [lo, hi, st] = sliceIndices(obj, n);
    idx = arange(lo, hi, st);
    unique = true;
  } else idx = indexArray(obj, "delete obj");
  if (isInteger(idx.dtype) && unique) {
    // Jit-friendly: the kept positions, counted past each deleted index.
    let o = ravel(idx);
    o = el.clip(el.where(el.less(o, 0), el.add(o, n), o), 0, n);
    o = el.subtract(sort(o), arange(o.size));
    let keep = arange(n - o.size);
    keep = el.add(keep, sum(el.greaterEqual(reshape(keep, [1, -1]), reshape(o, [-1, 1])), 0));
    return back(a.get(keep));
  }
  const mask = new Array<boolean>(n).fill(true);
  const vals = concreteInts(idx, "delete obj");
  if (idx.dtype === "bool") {
    if (idx.ndim !== 1 || idx.shape[0] !== n) {
      throw new ValueError("np.delete(arr, obj): for boolean indices, obj must be one-dimensional with length matching specified axis.");
    }
    vals.forEach((v, i) => (mask[i] = !v));
  } else if (isInteger(idx.dtype)) {
    for (const v of vals) {
      if (v < -n || v >= n) throw new ValueError(`index ${v} is out of bounds for axis ${ax} with size ${n}`);
      mask[v < 0 ? v + n : v] = false;
    }
  } else throw new ValueError(`np.delete(arr, obj): got obj.dtype=${idx.dtype}; must be integer or bool.`);
  const keep = mask.flatMap((m, i) => (m ? [i] : []));
  return back(a.get(arrayFromJs(keep, "int32", "delete indices")));
}
export { deleteEntries as delete };

function sliceFirst(a: NDArray, lo: number, hi: number): NDArray {
  return bind1(S.sliceP, [a], {
    start_indices: a.shape.map((_, d) => (d === 0 ? lo : 0)),
    limit_indices: a.shape.map((s, d) => (d === 0 ? hi : s)),
    strides: null,
  });
}

/** jnp.insert(arr, obj, values, axis?): values inserted before the positions obj names (jit-friendly for array obj). */
export function insert(arr: ArrayLike, obj: number | Slice | ArrayLike, values: ArrayLike, axis: number | null = null): NDArray {
  let a = asArray(arr, "insert argument");
  if (axis === null || axis === undefined) {
    a = ravel(a);
    axis = 0;
  }
  const ax = normalizeAxis(axis, a.ndim, "insert axis");
  let idx: NDArray;
  if (obj instanceof Slice) {
    const [lo, hi, st] = sliceIndices(obj, a.shape[ax]);
    idx = arange(lo, hi, st);
  } else idx = indexArray(obj, "insert obj");
  if (idx.ndim > 1) throw new ValueError(`jnp.insert(): obj must be a slice, a one-dimensional array, or a scalar; got ${describe(obj)}`);
  if (!isInteger(idx.dtype)) {
    if (idx.size === 0 && !(obj instanceof NDArray)) idx = el.astype(idx, "int32");
    else throw new ValueError(`jnp.insert(): index array must be integer typed; got ${describe(obj)}`);
  }
  let v = el.astype(values, a.dtype);
  if (v.ndim < a.ndim) v = reshape(v, [...Array(a.ndim - v.ndim).fill(1), ...v.shape]);
  if (idx.size === 1) {
    const index = reshape(idx, []);
    if (idx.ndim === 0) v = moveaxis(v, 0, ax);
    idx = broadcastTo(index, [v.shape[ax]]);
  }
  const nIn = a.shape[ax];
  const nIns = bshapes(idx.shape, [v.shape[ax]])[0];
  idx = el.clip(el.where(el.less(idx, 0), el.add(idx, nIn), idx), 0, nIn);
  if (idx.size !== nIns) idx = broadcastTo(idx, [nIns]);
  const order = argsort(idx);
  const valuesInd = idx.at(order).add(arange(nIns, { dtype: idx.dtype }));
  // Original entry j lands after the insertions at positions ≤ j.
  const j = arange(nIn, { dtype: idx.dtype });
  const arrInd = el.add(j, sum(el.lessEqual(reshape(idx, [1, -1]), reshape(j, [-1, 1])), 1, {}));
  const outShape = [...a.shape];
  outShape[ax] += nIns;
  const region = [...a.shape];
  region[ax] = nIns;
  let out = zeros([outShape[ax], ...outShape.filter((_, d) => d !== ax)], { dtype: a.dtype });
  out = out.at(valuesInd).set(moveaxis(broadcastTo(v, region), ax, 0));
  out = out.at(el.astype(arrInd, "int32")).set(moveaxis(a, ax, 0));
  return moveaxis(out, 0, ax);
}

/** jnp.ndim: the rank of an array, a JS number (0) or a nested list. */
export function ndim(x: ArrayLike): number {
  return shape(x).length;
}
/** jnp.shape: the shape of an array, a JS number ([]) or a nested list. */
export function shape(x: ArrayLike): number[] {
  if (x instanceof NDArray) return [...x.shape];
  return [...asArray(x, "shape argument").shape];
}
/** jnp.size(x, axis?): the number of elements (along axis). */
export function size(x: ArrayLike, axis: number | null = null): number {
  const s = shape(x);
  if (axis === null || axis === undefined) return prod(s);
  return s[normalizeAxis(axis, s.length, "size axis")];
}
/** jnp.isscalar: JS numbers and booleans, and 0-d arrays. */
export function isscalar(x: unknown): boolean {
  if (typeof x === "number" || typeof x === "boolean" || typeof x === "string" || typeof x === "bigint") return true;
  return x instanceof NDArray && x.ndim === 0;
}
/** jnp.iterable: whether x can be iterated (0-d arrays cannot). */
export function iterable(x: unknown): boolean {
  if (x instanceof NDArray) return x.ndim > 0;
  return x !== null && x !== undefined && typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
}
