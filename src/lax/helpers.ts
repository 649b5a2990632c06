// Small building blocks the primitives' rules share, in one import for code
// outside the core lax modules (transforms, control flow, numpy). Those that
// primitives below elementwise need live in leaf modules (zeros.ts,
// batching.ts, layout.ts) so the lax modules import without cycles; those
// here need elementwise primitives.
import type { ShapedArray } from "../core/aval.ts";
import type { DType } from "../core/dtypes.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type Tangent, Zero } from "../core/primitive.ts";
import { bind1 } from "../core/trace.ts";
import { addP, convertElementTypeP } from "./elementwise.ts";

export { batchSize, broadcastBatch, matchBatch } from "./batching.ts";
export { moveaxis } from "./layout.ts";
export { allZero, constLike, full, fullLike, instantiate, zerosLikeAval } from "./zeros.ts";

export function addTangents(a: Tangent, b: Tangent): Tangent {
  if (a instanceof Zero) return b;
  if (b instanceof Zero) return a;
  return bind1(addP, [a, b], {});
}

export function convert(x: NDArray, dtype: DType, weakType = false): NDArray {
  if (x.dtype === dtype && x.weakType === weakType) return x;
  return bind1(convertElementTypeP, [x], { new_dtype: dtype, weak_type: weakType });
}

/** x with the weak type of `aval` (its dtype already `aval`'s): x itself, or a converted copy. */
export function withWeakOf(x: NDArray, aval: ShapedArray): NDArray {
  return x.weakType === aval.weakType ? x : convert(x, aval.dtype, aval.weakType);
}
