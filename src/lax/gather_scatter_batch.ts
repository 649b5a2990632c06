// Batching rules of gather and the scatter family (JAX's
// _gather_batching_rule and _scatter_batching_rule): a batch dim becomes an
// offset / window dim, or pairs up as an operand / indices batching dim.
// They take the primitive to bind, so its declaration can name them.
import type { NDArray } from "../core/ndarray.ts";
import type { BatchDim, Primitive } from "../core/primitive.ts";
import { bind1 } from "../core/trace.ts";
import { batchSize, matchBatch } from "./batching.ts";
import {
  type GatherDimensionNumbers,
  type GatherParams,
  plus1,
  type ScatterDimensionNumbers,
  type ScatterParams,
} from "./gather_scatter_params.ts";
import { moveaxis } from "./layout.ts";

/** JAX's _gather_batching_rule: batch dims become offset / batching dims of the gather. */
export function gatherBatch(
  gatherP: Primitive<GatherParams>,
  [operand, indices]: NDArray[],
  [obd, ibd]: BatchDim[],
  p: GatherParams,
): [NDArray[], BatchDim[]] {
  const dn = p.dimension_numbers;
  if (obd !== null && ibd === null) {
    const x = moveaxis(operand, obd, 0);
    const dnums: GatherDimensionNumbers = {
      offset_dims: [0, ...plus1(dn.offset_dims)],
      collapsed_slice_dims: plus1(dn.collapsed_slice_dims),
      start_index_map: plus1(dn.start_index_map),
      operand_batching_dims: plus1(dn.operand_batching_dims),
      start_indices_batching_dims: [...dn.start_indices_batching_dims],
    };
    return [[bind1(gatherP, [x, indices], { ...p, dimension_numbers: dnums, slice_sizes: [x.shape[0], ...p.slice_sizes] })], [0]];
  }
  if (obd === null && ibd !== null) {
    const idx = moveaxis(indices, ibd, 0);
    const dnums: GatherDimensionNumbers = {
      ...dn,
      offset_dims: plus1(dn.offset_dims),
      start_indices_batching_dims: plus1(dn.start_indices_batching_dims),
    };
    // Batched lookups into one array may repeat or be unsorted.
    return [[bind1(gatherP, [operand, idx], { ...p, dimension_numbers: dnums, unique_indices: false, indices_are_sorted: false })], [0]];
  }
  // Both batched: the batch dim pairs up as an operand / indices batching dim.
  const x = moveaxis(operand, obd!, 0);
  const idx = moveaxis(indices, ibd!, 0);
  const dnums: GatherDimensionNumbers = {
    offset_dims: plus1(dn.offset_dims),
    collapsed_slice_dims: plus1(dn.collapsed_slice_dims),
    start_index_map: plus1(dn.start_index_map),
    operand_batching_dims: [0, ...plus1(dn.operand_batching_dims)],
    start_indices_batching_dims: [0, ...plus1(dn.start_indices_batching_dims)],
  };
  const sizes = [x.shape[0] === 0 ? 0 : 1, ...p.slice_sizes];
  return [[bind1(gatherP, [x, idx], { ...p, dimension_numbers: dnums, slice_sizes: sizes })], [0]];
}

/** JAX's _scatter_batching_rule. */
export function scatterBatch(prim: Primitive<ScatterParams>, args: NDArray[], dims: BatchDim[], p: ScatterParams): [NDArray[], BatchDim[]] {
  const [operand, indices, updates] = args;
  const [obd, ibd, ubd] = dims;
  const size = batchSize(args, dims);
  const x = matchBatch(operand, obd, size, 0);
  const u = matchBatch(updates, ubd, size, 0);
  const dn = p.dimension_numbers;
  if (ibd === null) {
    const dnums: ScatterDimensionNumbers = {
      update_window_dims: [0, ...plus1(dn.update_window_dims)],
      inserted_window_dims: plus1(dn.inserted_window_dims),
      scatter_dims_to_operand_dims: plus1(dn.scatter_dims_to_operand_dims),
      operand_batching_dims: plus1(dn.operand_batching_dims),
      scatter_indices_batching_dims: [...dn.scatter_indices_batching_dims],
    };
    return [[bind1(prim, [x, indices, u], { ...p, dimension_numbers: dnums })], [0]];
  }
  const idx = matchBatch(indices, ibd, size, 0);
  const dnums: ScatterDimensionNumbers = {
    update_window_dims: plus1(dn.update_window_dims),
    inserted_window_dims: plus1(dn.inserted_window_dims),
    scatter_dims_to_operand_dims: plus1(dn.scatter_dims_to_operand_dims),
    operand_batching_dims: [0, ...plus1(dn.operand_batching_dims)],
    scatter_indices_batching_dims: [0, ...plus1(dn.scatter_indices_batching_dims)],
  };
  return [[bind1(prim, [x, idx, u], { ...p, dimension_numbers: dnums })], [0]];
}
