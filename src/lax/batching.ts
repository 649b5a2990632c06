// Moving batch dims for the batching rules: find the batch size, give an
// unbatched operand a batch dim, bring a batch dim to a given position.
import type { NDArray } from "../core/ndarray.ts";
import type { BatchDim } from "../core/primitive.ts";
import { bind1 } from "../core/trace.ts";
import { broadcastInDimP } from "./broadcast.ts";
import { moveaxis } from "./layout.ts";

export function batchSize(vals: NDArray[], dims: BatchDim[]): number {
  for (let i = 0; i < vals.length; i++) if (dims[i] !== null) return vals[i].shape[dims[i]!];
  throw new Error("internal: no batched operand");
}

/** Broadcast `x` (already of `shape` without the batch dim) to have a batch dim of `size` at `dim`. */
export function broadcastBatch(x: NDArray, size: number, dim: number): NDArray {
  const shape = [...x.shape];
  shape.splice(dim, 0, size);
  const dims = x.shape.map((_, i) => (i < dim ? i : i + 1));
  return bind1(broadcastInDimP, [x], { shape, broadcast_dimensions: dims });
}

/** Bring the batch dim of x to `to`, materialising it if x is unbatched. */
export function matchBatch(x: NDArray, bdim: BatchDim, size: number, to: number): NDArray {
  if (bdim === null) return broadcastBatch(x, size, to);
  return moveaxis(x, bdim, to);
}
