// jnp shape manipulation, in terms of lax shape primitives.
import { compiledEager } from "../transforms/eager_compiled.ts";
import { checkOptions } from "../core/options.ts";
import { type DTypeLike, canonicalize, parseDType } from "../core/dtypes.ts";
import { repeatByCounts } from "./repeat_array.ts";
import { describe } from "../core/describe.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { checkInt, checkIntList } from "../core/scalar_args.ts";
import type { ArrayLike, Axis, NDArray } from "../core/ndarray.ts";
import { checkShape, normalizeAxes, normalizeAxis, prod, shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import * as S from "../lax/shape_ops.ts";
import { asArray, broadcastShapesNamed, broadcastTo as bcastTo, namedResultType, promoteArgs, toType } from "./util.ts";

export function reshape(x: ArrayLike, shape: number[] | number): NDArray {
  const a = asArray(x, "reshape argument");
  if (typeof shape !== "number" && !Array.isArray(shape)) {
    throw new JaxTypeError(`reshape: shape must be an integer or a list of integers, got ${describe(shape)}`);
  }
  const s = typeof shape === "number" ? [shape] : [...shape];
  const neg = s.filter((d) => d === -1).length;
  if (neg > 1) throw new ValueError(`can only specify one unknown dimension (-1) in reshape, got ${shapeStr(s)}`);
  for (const d of s) {
    if (!Number.isInteger(d) || d < -1) {
      throw new ValueError(
        `reshape: invalid shape ${JSON.stringify(s)} (entries must be non-negative integers or -1; bad entry: ${describe(d)})`,
      );
    }
  }
  if (neg === 1) {
    const known = prod(s.filter((d) => d !== -1));
    if (known === 0 || a.size % known !== 0) {
      throw new JaxTypeError(
        `cannot reshape array of shape ${shapeStr(a.shape)} (size ${a.size}) into shape ${shapeStr(s)} because the product of specified axis sizes (${known}) does not evenly divide ${a.size}`,
      );
    }
    s[s.indexOf(-1)] = a.size / known;
  }
  // TypeError, as JAX raises it.
  if (prod(s) !== a.size)
    throw new JaxTypeError(
      `cannot reshape array of shape ${shapeStr(a.shape)} (size ${a.size}) into shape ${shapeStr(s)} (size ${prod(s)})`,
    );
  if (s.length === a.ndim && s.every((d, i) => d === a.shape[i])) return a;
  return bind1(S.reshapeP, [a], { new_sizes: s, dimensions: null });
}

/** jnp.ravel(x, {order}): "C" (row-major, the default) or "F" (column-major: the transpose's rows). */
export function ravel(x: ArrayLike, opts: { order?: "C" | "F" | "A" | "K" } = {}): NDArray {
  const a = asArray(x);
  const order = checkOptions(opts, "ravel", ["order"]).order ?? "C";
  if (!["C", "F", "A", "K"].includes(order))
    throw new ValueError(`ravel: order must be one of 'C', 'F', 'A' or 'K', got ${describe(order)}`);
  if (order === "F" && a.ndim > 1) return reshape(transpose(a), [a.size]);
  return reshape(a, [a.size]);
}

export function transpose(x: ArrayLike, axes?: number[] | null): NDArray {
  const a = asArray(x, "transpose argument");
  // A lone number is a one-entry axes list (as NumPy takes it), so it gets the axis checks.
  const list = axes === undefined || axes === null ? null : Array.isArray(axes) ? axes : [axes as unknown as number];
  const perm = list === null ? [...Array(a.ndim).keys()].reverse() : list.map((ax) => normalizeAxis(ax, a.ndim, "transpose axes"));
  if (perm.length !== a.ndim || new Set(perm).size !== perm.length) {
    const why = new Set(perm).size !== perm.length ? " (repeated axis)" : "";
    throw new ValueError(`transpose: axes ${JSON.stringify(list)} don't match array of shape ${shapeStr(a.shape)}${why}`);
  }
  if (perm.every((p, i) => p === i)) return a;
  return bind1(S.transposeP, [a], { permutation: perm });
}
export const permuteDims = transpose;

export function swapaxes(x: ArrayLike, a1: number, a2: number): NDArray {
  const a = asArray(x, "swapaxes argument");
  const i = normalizeAxis(a1, a.ndim, "swapaxes axis1");
  const j = normalizeAxis(a2, a.ndim, "swapaxes axis2");
  const perm = [...Array(a.ndim).keys()];
  [perm[i], perm[j]] = [perm[j], perm[i]];
  return transpose(a, perm);
}

export function moveaxis(x: ArrayLike, source: number | number[], destination: number | number[]): NDArray {
  const a = asArray(x, "moveaxis argument");
  const src = normalizeAxes(source, a.ndim, "moveaxis source");
  const dst = normalizeAxes(destination, a.ndim, "moveaxis destination");
  if (src.length !== dst.length) throw new ValueError("moveaxis: source and destination must have the same number of elements");
  const rest = [...Array(a.ndim).keys()].filter((i) => !src.includes(i));
  const perm = new Array<number>(a.ndim).fill(-1);
  dst.forEach((d, k) => (perm[d] = src[k]));
  let r = 0;
  for (let i = 0; i < a.ndim; i++) if (perm[i] === -1) perm[i] = rest[r++];
  return transpose(a, perm);
}

export function expandDims(x: ArrayLike, axis: number | number[]): NDArray {
  const a = asArray(x, "expand_dims argument");
  const axes = Array.isArray(axis) ? axis : [axis];
  const nd = a.ndim + axes.length;
  const norm = normalizeAxes(axes, nd, "expand_dims axis");
  const shape: number[] = [];
  let k = 0;
  for (let i = 0; i < nd; i++) shape.push(norm.includes(i) ? 1 : a.shape[k++]);
  return reshape(a, shape);
}

export function squeeze(x: ArrayLike, axis?: Axis): NDArray {
  const a = asArray(x, "squeeze argument");
  const dims =
    axis === undefined || axis === null
      ? a.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0)
      : normalizeAxes(axis, a.ndim, "squeeze axis");
  for (const d of dims) {
    if (a.shape[d] !== 1)
      throw new ValueError(
        `cannot select an axis to squeeze out which has size not equal to one, got shape=${shapeStr(a.shape)} and dimensions=${shapeStr(dims)}`,
      );
  }
  if (dims.length === 0) return a;
  return bind1(S.squeezeP, [a], { dimensions: dims });
}

/** broadcast_to under the caller's name (jnp.full broadcasts its fill value with it). */
export function broadcastToNamed(name: string, x: ArrayLike, shape: number[]): NDArray {
  const a = asArray(x, `${name} argument`);
  checkShape(shape, `${name} shape`);
  if (shape.length < a.ndim)
    throw new ValueError(
      `${name}: Cannot broadcast to shape with fewer dimensions: arr_shape=${shapeStr(a.shape)} shape=${shapeStr(shape)}`,
    );
  const bs = broadcastShapesNamed(name, [a.shape, shape]);
  if (bs.some((d, i) => d !== shape[i]))
    throw new ValueError(`${name}: Incompatible shapes for broadcasting: ${shapeStr(a.shape)} and requested shape ${shapeStr(shape)}`);
  return bcastTo(a, shape);
}

export function broadcastTo(x: ArrayLike, shape: number[]): NDArray {
  return broadcastToNamed("broadcast_to", x, shape);
}

export function broadcastArrays(...xs: ArrayLike[]): NDArray[] {
  const arrs = xs.map((x, i) => asArray(x, `broadcast_arrays argument ${i}`));
  const shape = broadcastShapesNamed(
    "broadcast_arrays",
    arrs.map((a) => a.shape),
  );
  return arrs.map((a) => bcastTo(a, shape));
}

/** The list of arrays a join takes: a non-empty JS array. */
function arrayList(name: string, xs: unknown): ArrayLike[] {
  if (!Array.isArray(xs)) throw new JaxTypeError(`${name} requires a list of arrays, got ${describe(xs)}`);
  if (xs.length === 0) throw new ValueError(`Need at least one array to ${name}.`);
  return xs as ArrayLike[];
}

/** concatenate under the caller's name, with lax's shape check made here so the message names it. */
function concatenateNamed(name: string, xs: ArrayLike[], axis: number | null): NDArray {
  let arrs = promoteArgsNoBroadcast(name, arrayList(name, xs));
  if (axis === null) {
    arrs = arrs.map((v) => ravel(v));
    axis = 0;
  }
  if (arrs.some((a) => a.ndim === 0)) throw new ValueError(`${name}: Zero-dimensional arrays cannot be concatenated.`);
  const ax = normalizeAxis(axis, arrs[0].ndim, `${name} axis`);
  const s0 = arrs[0].shape;
  if (arrs.some((a) => a.ndim !== s0.length))
    throw new JaxTypeError(
      `${name}: Cannot concatenate arrays with different numbers of dimensions: got ${arrs.map((a) => shapeStr(a.shape)).join(", ")}.`,
    );
  if (arrs.some((a) => a.shape.some((d, i) => i !== ax && d !== s0[i]))) {
    throw new JaxTypeError(
      `${name}: Cannot concatenate arrays with shapes that differ in dimensions other than the one being concatenated: ` +
        `concatenating along dimension ${ax} for shapes ${arrs.map((a) => shapeStr(a.shape)).join(", ")}.`,
    );
  }
  if (arrs.length === 1) return arrs[0];
  return bind1(S.concatenateP, arrs, { dimension: ax });
}

/** The dtype option of concatenate and the stacking functions: the result's dtype (JAX's `dtype=`). */
export interface JoinOptions {
  dtype?: DTypeLike | null;
}
function withDtype(name: string, r: NDArray, opts: JoinOptions | undefined): NDArray {
  const d = checkOptions(opts, name, ["dtype"]).dtype;
  return d == null ? r : toType(r, canonicalize(parseDType(d, `${name} dtype`)), false, `${name} result`);
}

export function concatenate(xs: ArrayLike[], axis: number | null = 0, opts?: JoinOptions): NDArray {
  return withDtype("concatenate", concatenateNamed("concatenate", xs, axis), opts);
}

function promoteArgsNoBroadcast(name: string, xs: ArrayLike[]): NDArray[] {
  const t = namedResultType(name, xs);
  return xs.map((x, i) => toType(x, t.dtype, t.weakType, `${name} argument ${i}`));
}

export function stack(xs: ArrayLike[], axis = 0, opts?: JoinOptions): NDArray {
  return withDtype("stack", stackOf(xs, axis), opts);
}
function stackOf(xs: ArrayLike[], axis: number): NDArray {
  const arrs = promoteArgsNoBroadcast("stack", arrayList("stack", xs));
  const s0 = arrs[0].shape;
  for (const a of arrs) {
    if (a.ndim !== s0.length || a.shape.some((d, i) => d !== s0[i])) {
      throw new ValueError(`stack: All input arrays must have the same shape; got shapes ${arrs.map((b) => shapeStr(b.shape)).join(", ")}`);
    }
  }
  const ax = normalizeAxis(axis, s0.length + 1, "stack axis");
  return concatenateNamed(
    "stack",
    arrs.map((a) => expandDims(a, ax)),
    ax,
  );
}

export function hstack(xs: ArrayLike[], opts?: JoinOptions): NDArray {
  const arrs = arrayList("hstack", xs).map((x, i) => asArray(x, `hstack argument ${i}`));
  const r = arrs[0].ndim <= 1 ? concatenateNamed("hstack", arrs.map(atleast1dOne), 0) : concatenateNamed("hstack", arrs, 1);
  return withDtype("hstack", r, opts);
}
export function vstack(xs: ArrayLike[], opts?: JoinOptions): NDArray {
  const r = concatenateNamed(
    "vstack",
    arrayList("vstack", xs).map((x, i) => atleast2dOne(asArray(x, `vstack argument ${i}`))),
    0,
  );
  return withDtype("vstack", r, opts);
}
function atleast1dOne(x: ArrayLike): NDArray {
  const a = asArray(x);
  return a.ndim === 0 ? reshape(a, [1]) : a;
}
function atleast2dOne(x: ArrayLike): NDArray {
  const a = asArray(x);
  return a.ndim === 0 ? reshape(a, [1, 1]) : a.ndim === 1 ? reshape(a, [1, a.shape[0]]) : a;
}
/** jnp.atleast_1d: one array gives one array, several a JS array of them (as JAX). */
export function atleast1d(x: ArrayLike): NDArray;
export function atleast1d(...xs: ArrayLike[]): NDArray | NDArray[];
export function atleast1d(...xs: ArrayLike[]): NDArray | NDArray[] {
  return xs.length === 1 ? atleast1dOne(xs[0]) : xs.map(atleast1dOne);
}
/** jnp.atleast_2d: one array gives one array, several a JS array of them. */
export function atleast2d(x: ArrayLike): NDArray;
export function atleast2d(...xs: ArrayLike[]): NDArray | NDArray[];
export function atleast2d(...xs: ArrayLike[]): NDArray | NDArray[] {
  return xs.length === 1 ? atleast2dOne(xs[0]) : xs.map(atleast2dOne);
}

export function split(x: ArrayLike, sectionsOrIndices: number | number[], axis = 0): NDArray[] {
  const a = asArray(x, "split argument");
  const ax = normalizeAxis(axis, a.ndim, "split axis");
  const n = a.shape[ax];
  let bounds: number[];
  if (typeof sectionsOrIndices !== "number") checkIntList(sectionsOrIndices, "split indices_or_sections");
  if (typeof sectionsOrIndices === "number") {
    if (!Number.isInteger(sectionsOrIndices) || sectionsOrIndices <= 0 || n % sectionsOrIndices !== 0) {
      throw new ValueError(`array split does not result in an equal division: axis of size ${n} into ${sectionsOrIndices} sections`);
    }
    const step = n / sectionsOrIndices;
    bounds = [...Array(sectionsOrIndices + 1).keys()].map((i) => i * step);
  } else {
    bounds = [0, ...sectionsOrIndices.map((i) => Math.min(Math.max(i < 0 ? i + n : i, 0), n)), n];
  }
  const out: NDArray[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const lo = bounds[k];
    const hi = Math.max(lo, bounds[k + 1]);
    out.push(
      bind1(S.sliceP, [a], {
        start_indices: a.shape.map((_, i) => (i === ax ? lo : 0)),
        limit_indices: a.shape.map((d, i) => (i === ax ? hi : d)),
        strides: null,
      }),
    );
  }
  return out;
}

export function flip(x: ArrayLike, axis?: Axis): NDArray {
  const a = asArray(x, "flip argument");
  const axes = normalizeAxes(axis, a.ndim, "flip axis");
  if (axes.length === 0) return a;
  return bind1(S.revP, [a], { dimensions: axes });
}

export function roll(x: ArrayLike, shift: number | number[], axis?: number | number[] | null): NDArray {
  const a = asArray(x, "roll argument");
  if (typeof shift === "number") checkInt(shift, "roll shift");
  return rollC(a, shift, axis ?? null);
}

/** Eagerly one compiled program per shape and shift: the pieces are copies, not arrays. */
const rollC = compiledEager(rollBody, [1, 2]);

function rollBody(a: NDArray, shift: number | number[], axis: number | number[] | null): NDArray {
  if (axis === null) {
    const shape = a.shape;
    return reshape(rollBody(ravel(a), shift, 0), shape);
  }
  const axes = Array.isArray(axis) ? axis : [axis];
  const shifts = typeof shift === "number" ? axes.map(() => shift) : shift;
  checkIntList(shifts, "roll shift");
  if (shifts.length !== axes.length) throw new ValueError("roll: shift and axis must have the same length");
  axes.forEach((ax0, k) => {
    const ax = normalizeAxis(ax0, a.ndim, "roll axis");
    const n = a.shape[ax];
    if (n === 0) return;
    const s = ((shifts[k] % n) + n) % n;
    if (s === 0) return;
    const [p1, p2] = split(a, [n - s], ax);
    a = concatenate([p2, p1], ax);
  });
  return a;
}

export function tile(x: ArrayLike, reps: number | number[]): NDArray {
  let a = asArray(x, "tile argument");
  const r = checkShape(reps, "tile reps");
  const nd = Math.max(a.ndim, r.length);
  const rr = [...Array(nd - r.length).fill(1), ...r];
  a = reshape(a, [...Array(nd - a.ndim).fill(1), ...a.shape]);
  // Broadcast to (r0, d0, r1, d1, ...) then merge pairs.
  const inter: number[] = [];
  const bd: number[] = [];
  a.shape.forEach((d, i) => {
    inter.push(rr[i], d);
    bd.push(2 * i + 1);
  });
  const b = bind1(S.broadcastInDimP, [a], { shape: inter, broadcast_dimensions: bd });
  return reshape(
    b,
    checkShape(
      a.shape.map((d, i) => d * rr[i]),
      "tile result shape",
    ),
  );
}

export function repeat(x: ArrayLike, repeats: ArrayLike, axis?: number | null, opts: { totalRepeatLength?: number | null } = {}): NDArray {
  let a = asArray(x, "repeat argument");
  checkOptions(opts, "repeat", ["totalRepeatLength"]);
  if (axis === undefined || axis === null) {
    a = ravel(a);
    axis = 0;
  }
  const ax = normalizeAxis(axis, a.ndim, "repeat axis");
  const total = opts.totalRepeatLength;
  if (typeof repeats !== "number" || (total !== undefined && total !== null)) return repeatByCounts(a, repeats, ax, total);
  checkInt(repeats, "repeat: repeats", 0);
  const shape = [...a.shape];
  shape.splice(ax + 1, 0, repeats);
  const bd = a.shape.map((_, i) => (i <= ax ? i : i + 1));
  const b = bind1(S.broadcastInDimP, [a], { shape: checkShape(shape, "repeat result shape"), broadcast_dimensions: bd });
  const out = [...a.shape];
  out[ax] *= repeats;
  return reshape(b, checkShape(out, "repeat result shape"));
}

export { promoteArgs };
