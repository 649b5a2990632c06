// Small building blocks the primitives' rules share: zeros, tangent
// arithmetic, constants of a given dtype, moving batch dims.
import { ShapedArray } from "../core/aval.ts";
import { scalarArray } from "../core/convert.ts";
import type { DType } from "../core/dtypes.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type BatchDim, type Tangent, Zero } from "../core/primitive.ts";
import { bind1 } from "../core/trace.ts";
import { addP, convertElementTypeP } from "./elementwise.ts";
import { broadcastInDimP, transposeP } from "./shape_ops.ts";

/** A constant scalar with the dtype of `like` (a weak-free strong scalar). */
export function constLike(like: NDArray | ShapedArray, value: number): NDArray {
  const dtype = like instanceof ShapedArray ? like.dtype : like.dtype;
  return scalarArray(value, dtype, false);
}

export function full(shape: readonly number[], value: number, dtype: DType, weakType = false): NDArray {
  const s = scalarArray(value, dtype, weakType);
  if (shape.length === 0) return s;
  return bind1(broadcastInDimP, [s], { shape: [...shape], broadcast_dimensions: [] });
}

export function zerosLikeAval(aval: ShapedArray): NDArray {
  return full(aval.shape, 0, aval.dtype, aval.weakType);
}

export function fullLike(x: NDArray, value: number): NDArray {
  return full(x.shape, value, x.dtype, x.weakType);
}

export function addTangents(a: Tangent, b: Tangent): Tangent {
  if (a instanceof Zero) return b;
  if (b instanceof Zero) return a;
  return bind1(addP, [a, b], {});
}

export function instantiate(t: Tangent): NDArray {
  return t instanceof Zero ? zerosLikeAval(t.aval) : t;
}

/** Broadcast `x` (already of `shape` without the batch dim) to have a batch dim of `size` at `dim`. */
export function broadcastBatch(x: NDArray, size: number, dim: number): NDArray {
  const shape = [...x.shape];
  shape.splice(dim, 0, size);
  const dims = x.shape.map((_, i) => (i < dim ? i : i + 1));
  return bind1(broadcastInDimP, [x], { shape, broadcast_dimensions: dims });
}

/** Move axis `from` of x to position `to`. */
export function moveaxis(x: NDArray, from: number, to: number): NDArray {
  if (from === to) return x;
  const perm = [...Array(x.ndim).keys()].filter((i) => i !== from);
  perm.splice(to, 0, from);
  return bind1(transposeP, [x], { permutation: perm });
}

/** Bring the batch dim of x to `to`, materialising it if x is unbatched. */
export function matchBatch(x: NDArray, bdim: BatchDim, size: number, to: number): NDArray {
  if (bdim === null) return broadcastBatch(x, size, to);
  return moveaxis(x, bdim, to);
}

export function convert(x: NDArray, dtype: DType, weakType = false): NDArray {
  if (x.dtype === dtype && x.weakType === weakType) return x;
  return bind1(convertElementTypeP, [x], { new_dtype: dtype, weak_type: weakType });
}

export function batchSize(vals: NDArray[], dims: BatchDim[]): number {
  for (let i = 0; i < vals.length; i++) if (dims[i] !== null) return vals[i].shape[dims[i]!];
  throw new Error("internal: no batched operand");
}

/** True if every tangent is a symbolic zero (a plain boolean, so TS does not narrow). */
export function allZero(ts: readonly Tangent[]): boolean {
  return ts.every((t) => t instanceof Zero);
}
