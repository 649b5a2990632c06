// Constants and zeros for the rules: scalars of a given dtype, filled
// arrays (a broadcast scalar), and instantiating symbolic zero tangents.
import { ShapedArray } from "../core/aval.ts";
import { scalarArray } from "../core/convert.ts";
import type { DType } from "../core/dtypes.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type Tangent, Zero } from "../core/primitive.ts";
import { bind1 } from "../core/trace.ts";
import { broadcastInDimP } from "./broadcast.ts";

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

export function instantiate(t: Tangent): NDArray {
  return t instanceof Zero ? zerosLikeAval(t.aval) : t;
}

/** True if every tangent is a symbolic zero (a plain boolean, so TS does not narrow). */
export function allZero(ts: readonly Tangent[]): boolean {
  return ts.every((t) => t instanceof Zero);
}
