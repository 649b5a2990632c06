// Shape rules of gather and scatter: the checks of XLA / JAX, with JAX's
// wording (jax/_src/lax/slicing.py).
import type { ShapedArray } from "../core/aval.ts";
import { isInteger } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import {
  type GatherDimensionNumbers,
  type GatherParams,
  type ScatterDimensionNumbers,
  type ScatterParams,
  range,
} from "./gather_scatter_params.ts";
import { tuple as tup } from "./print_params.ts";

function isSorted(dims: number[], op: string, name: string): void {
  for (let i = 1; i < dims.length; i++) {
    if (dims[i] < dims[i - 1]) throw new JaxTypeError(`${name} in ${op} op must be sorted; got ${tup(dims)}`);
  }
}
function dimsInRange(dims: number[], rank: number, op: string, name: string): void {
  for (const d of dims) {
    if (d < 0 || d >= rank) throw new JaxTypeError(`Invalid ${name} set in ${op} op; valid range is [0, ${rank}); got: ${d}.`);
  }
}
function noDuplicates(dims: number[], op: string, name: string): void {
  if (new Set(dims).size !== dims.length) throw new JaxTypeError(`${name} in ${op} op must not repeat; got: ${tup(dims)}.`);
}
function disjoint(a: number[], b: number[], op: string, n1: string, n2: string): void {
  if (a.some((d) => b.includes(d))) throw new JaxTypeError(`${n1} and ${n2} in ${op} op must be disjoint; got: ${tup(a)} and ${tup(b)}.`);
}
export function checkIndexDtype(indices: ShapedArray): void {
  if (!isInteger(indices.dtype)) throw new ValueError(`indices must have an integer type, got ${indices.str()}`);
}

export function gatherShapeRule(operand: ShapedArray, indices: ShapedArray, p: GatherParams): number[] {
  const dn = p.dimension_numbers;
  const sizes = p.slice_sizes;
  const ivd = indices.ndim - 1;
  if (ivd < 0) {
    throw new JaxTypeError(
      `Gather index leaf dimension must be within [0, rank(indices) + 1). rank(indices) is ${indices.ndim} and gather index leaf ` +
        `dimension is ${ivd}.`,
    );
  }
  isSorted(dn.offset_dims, "gather", "offset_dims");
  noDuplicates(dn.offset_dims, "gather", "offset_dims");
  const outRank = dn.offset_dims.length + indices.ndim - 1;
  dn.offset_dims.forEach((d, i) => {
    if (d < 0 || d >= outRank) {
      throw new JaxTypeError(`Offset dimension ${i} in gather op is out of bounds; got ${d}, but should have been in [0, ${outRank})`);
    }
  });
  if (dn.start_index_map.length !== indices.shape[ivd]) {
    throw new JaxTypeError(
      `Gather op has ${dn.start_index_map.length} elements in start_index_map and the bound of dimension index_vector_dim=${ivd} of ` +
        `indices is ${indices.shape[ivd]}. These two numbers must be equal.`,
    );
  }
  dn.start_index_map.forEach((d, i) => {
    if (d < 0 || d >= operand.ndim) throw new JaxTypeError(`Invalid start_index_map; domain is [0, ${operand.ndim}), got: ${i}->${d}.`);
  });
  noDuplicates(dn.start_index_map, "gather", "start_index_map");
  isSorted(dn.collapsed_slice_dims, "gather", "collapsed_slice_dims");
  dimsInRange(dn.collapsed_slice_dims, operand.ndim, "gather", "collapsed_slice_dims");
  noDuplicates(dn.collapsed_slice_dims, "gather", "collapsed_slice_dims");
  noDuplicates(dn.operand_batching_dims, "gather", "operand_batching_dims");
  isSorted(dn.operand_batching_dims, "gather", "operand_batching_dims");
  dimsInRange(dn.operand_batching_dims, operand.ndim, "gather", "operand_batching_dims");
  disjoint(dn.collapsed_slice_dims, dn.operand_batching_dims, "gather", "collapsed_slice_dims", "operand_batching_dims");
  disjoint(dn.start_index_map, dn.operand_batching_dims, "gather", "start_index_map", "operand_batching_dims");
  noDuplicates(dn.start_indices_batching_dims, "gather", "start_indices_batching_dims");
  dimsInRange(dn.start_indices_batching_dims, indices.ndim, "gather", "start_indices_batching_dims");
  if (dn.start_indices_batching_dims.includes(ivd)) {
    throw new JaxTypeError(
      `Gather op cannot have the index vector dimension as a batching dimension; got ${tup(dn.start_indices_batching_dims)}.`,
    );
  }
  if (dn.operand_batching_dims.length !== dn.start_indices_batching_dims.length) {
    throw new JaxTypeError(
      "Gather op requires equal numbers of operand_batching_dims and start_indices_batching_dims, got " +
        `${tup(dn.operand_batching_dims)} and ${tup(dn.start_indices_batching_dims)}.`,
    );
  }
  const opBatch = dn.operand_batching_dims.map((d) => operand.shape[d]);
  const idxBatch = dn.start_indices_batching_dims.map((d) => indices.shape[d]);
  if (opBatch.some((s, i) => s !== idxBatch[i])) {
    throw new JaxTypeError(
      `Gather op requires operand batching dimensions and indices batching dimensions to have the same shape, got ${tup(opBatch)} ` +
        `and ${tup(idxBatch)}.`,
    );
  }
  if (sizes.length !== operand.ndim) {
    throw new JaxTypeError(
      `Gather op must have one slice size for every input dimension; got: len(slice_sizes)=${sizes.length}, ` +
        `input_shape.rank=${operand.ndim}`,
    );
  }
  if (sizes.length !== dn.offset_dims.length + dn.collapsed_slice_dims.length + dn.operand_batching_dims.length) {
    throw new JaxTypeError(
      "All components of the offset index in a gather op must either be a offset dimension or explicitly collapsed/batching; got " +
        `len(slice_sizes)=${sizes.length}, output_slice_sizes=${tup(dn.offset_dims)}, ` +
        `collapsed_slice_dims=${tup(dn.collapsed_slice_dims)}, operand_batching_dims=${tup(dn.operand_batching_dims)}.`,
    );
  }
  if (indices.size !== 0) {
    sizes.forEach((s, i) => {
      if (!(Number.isInteger(s) && s >= 0 && operand.shape[i] >= s)) {
        throw new JaxTypeError(
          `Slice size at index ${i} in gather op is out of range, must be within [0, ${operand.shape[i]} + 1), got ${s}.`,
        );
      }
    });
  }
  dn.collapsed_slice_dims.forEach((d, i) => {
    if (sizes[d] !== 1) {
      throw new JaxTypeError(
        `Gather op can only collapse slice dims with bound 1, but bound is ${sizes[d]} for index ${d} at position ${i}.`,
      );
    }
  });
  dn.operand_batching_dims.forEach((d, i) => {
    if (sizes[d] > 1) {
      throw new JaxTypeError(
        `Gather op can only have operand batching dims with bound 0/1, but bound is ${sizes[d]} for index ${d} at position ${i}.`,
      );
    }
  });
  return gatherOutShape(indices.shape, dn, sizes);
}

function gatherOutShape(indicesShape: readonly number[], dn: GatherDimensionNumbers, sizes: number[]): number[] {
  const batch = indicesShape.slice(0, -1);
  const offsetSizes = sizes.filter((_, i) => !dn.collapsed_slice_dims.includes(i) && !dn.operand_batching_dims.includes(i));
  let b = 0,
    o = 0;
  return range(dn.offset_dims.length + batch.length).map((i) => (dn.offset_dims.includes(i) ? offsetSizes[o++] : batch[b++]));
}

/** For each indices batching dim, the updates dim that carries it. */
function updatesBatchingDims(dn: ScatterDimensionNumbers, ivd: number): number[] {
  const scatterDimInUpdates: Array<number | null> = range(ivd);
  for (const w of dn.update_window_dims) scatterDimInUpdates.splice(w, 0, null);
  return dn.scatter_indices_batching_dims.map((i) => scatterDimInUpdates.indexOf(i));
}

export function scatterShapeRule(name: string, operand: ShapedArray, indices: ShapedArray, updates: ShapedArray, p: ScatterParams): void {
  const dn = p.dimension_numbers;
  const ivd = indices.ndim - 1;
  if (ivd < 0) {
    throw new JaxTypeError(
      `Scatter index leaf dimension must be within [0, rank(indices) + 1). rank(indices) is ${indices.ndim} and scatter index leaf ` +
        `dimension is ${ivd}.`,
    );
  }
  const expectedRank = indices.ndim - 1 + dn.update_window_dims.length;
  if (updates.ndim !== expectedRank) throw new JaxTypeError(`Updates tensor must be of rank ${expectedRank}; got ${updates.ndim}.`);
  isSorted(dn.update_window_dims, name, "update_window_dims");
  noDuplicates(dn.update_window_dims, name, "update_window_dims");
  dimsInRange(dn.update_window_dims, updates.ndim, name, "update_window_dims");
  isSorted(dn.inserted_window_dims, name, "inserted_window_dims");
  noDuplicates(dn.inserted_window_dims, name, "inserted_window_dims");
  dimsInRange(dn.inserted_window_dims, operand.ndim, name, "inserted_window_dims");
  isSorted(dn.operand_batching_dims, name, "operand_batching_dims");
  noDuplicates(dn.operand_batching_dims, name, "operand_batching_dims");
  dimsInRange(dn.operand_batching_dims, operand.ndim, name, "operand_batching_dims");
  disjoint(dn.inserted_window_dims, dn.operand_batching_dims, name, "inserted_window_dims", "operand_batching_dims");
  disjoint(dn.scatter_dims_to_operand_dims, dn.operand_batching_dims, name, "scatter_dims_to_operand_dims", "operand_batching_dims");
  noDuplicates(dn.scatter_indices_batching_dims, name, "scatter_indices_batching_dims");
  dimsInRange(dn.scatter_indices_batching_dims, indices.ndim, name, "scatter_indices_batching_dims");
  if (dn.scatter_indices_batching_dims.includes(ivd)) {
    throw new JaxTypeError(
      `Scatter op cannot have the index vector dimension as a batching dimension; got ${tup(dn.scatter_indices_batching_dims)}.`,
    );
  }
  if (dn.operand_batching_dims.length !== dn.scatter_indices_batching_dims.length) {
    throw new JaxTypeError(
      "Scatter op requires equal numbers of operand_batching_dims and scatter_indices_batching_dims, got " +
        `${tup(dn.operand_batching_dims)} and ${tup(dn.scatter_indices_batching_dims)}.`,
    );
  }
  const opBatch = dn.operand_batching_dims.map((d) => operand.shape[d]);
  const idxBatch = dn.scatter_indices_batching_dims.map((d) => indices.shape[d]);
  if (opBatch.some((s, i) => s !== idxBatch[i])) {
    throw new JaxTypeError(
      `Scatter op requires operand batching dimensions and indices batching dimensions to have the same shape, got ${tup(opBatch)} ` +
        `and ${tup(idxBatch)}.`,
    );
  }
  const updBatch = updatesBatchingDims(dn, ivd).map((d) => updates.shape[d]);
  if (opBatch.some((s, i) => s !== updBatch[i])) {
    throw new JaxTypeError(
      `Scatter op requires operand batching dimensions and updates batching dimensions to have the same shape, got ${tup(opBatch)} ` +
        `and ${tup(updBatch)}.`,
    );
  }
  const windowSize = dn.update_window_dims.length + dn.inserted_window_dims.length + dn.operand_batching_dims.length;
  if (operand.ndim !== windowSize) {
    throw new JaxTypeError(`Scatter op has window of size ${windowSize}; doesn't match operand of rank ${operand.ndim}.`);
  }
  if (dn.scatter_dims_to_operand_dims.length !== indices.shape[ivd]) {
    throw new JaxTypeError(
      `Scatter op has ${dn.scatter_dims_to_operand_dims.length} elements in scatter_dims_to_operand_dims and the bound of dimension ` +
        `index_vector_dim=${ivd} of indices is ${indices.shape[ivd]}. These two numbers must be equal`,
    );
  }
  dn.scatter_dims_to_operand_dims.forEach((d, i) => {
    if (d < 0 || d >= operand.ndim) {
      throw new JaxTypeError(`Invalid scatter_dims_to_operand_dims mapping; domain is [0, ${operand.ndim}), got: ${i}->${d}.`);
    }
  });
  noDuplicates(dn.scatter_dims_to_operand_dims, name, "scatter_dims_to_operand_dims");
  const maxWindow = operand.shape.filter((_, i) => !dn.inserted_window_dims.includes(i) && !dn.operand_batching_dims.includes(i));
  dn.update_window_dims.forEach((w, i) => {
    if (maxWindow[i] < updates.shape[w]) {
      throw new JaxTypeError(
        "Bounds of the window dimensions of updates must not exceed the bounds of the corresponding dimensions of operand. For " +
          `dimension ${w}, updates bound is ${updates.shape[w]}, operand bound is ${maxWindow[i]}.`,
      );
    }
  });
  let seen = 0;
  for (let i = 0; i < updates.ndim; i++) {
    if (dn.update_window_dims.includes(i)) continue;
    if (seen === ivd) seen++;
    if (updates.shape[i] !== indices.shape[seen]) {
      throw new JaxTypeError(
        "Bounds of the scatter dimensions of updates must be the same as the bounds of the corresponding dimensions of scatter " +
          `indices. For scatter dimension ${i}, updates bound is ${updates.shape[i]}, indices bound is ${indices.shape[seen]}.`,
      );
    }
    seen++;
  }
}
