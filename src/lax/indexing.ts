// Gather and scatter: XLA's general indexing primitives with JAX's dimension
// numbers (including operand / indices batching dims) and out-of-bounds
// modes. NumPy indexing (x.get, x.at), take, take_along_axis and the batching
// of dynamic_slice / dynamic_update_slice with batched starts all lower to
// these. Shape rules, JVPs, transposes and batching follow
// jax/_src/lax/slicing.py.
//
// This module is imported from reduce.ts (takeAlongAxisLax), i.e. while the
// other lax modules may still be evaluating: nothing at top level may touch
// their bindings. Hooks into shape_ops are installed by installIndexingHooks().
import { ShapedArray } from "../core/aval.ts";
import { type DType, isFloat, isInteger, isUnsigned } from "../core/dtypes.ts";
import { describe } from "../core/describe.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { type ArrayLike, NDArray } from "../core/ndarray.ts";
import { arrayFromJs, asOperand, scalarArray } from "../core/convert.ts";
import { type BatchDim, type Params, Primitive, type PrimitiveRules, type Tangent, UndefinedPrimal, Zero } from "../core/primitive.ts";
import { prod, shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import * as E from "./elementwise.ts";
import * as S from "./shape_ops.ts";
import { addTangents, batchSize, convert, full, instantiate, matchBatch, moveaxis } from "./helpers.ts";

/** How out-of-bounds indices are handled (JAX's GatherScatterMode). */
export type GatherScatterMode = "clip" | "fill" | "promise_in_bounds";

export interface GatherDimensionNumbers {
  offset_dims: number[];
  collapsed_slice_dims: number[];
  start_index_map: number[];
  operand_batching_dims: number[];
  start_indices_batching_dims: number[];
}

export interface ScatterDimensionNumbers {
  update_window_dims: number[];
  inserted_window_dims: number[];
  scatter_dims_to_operand_dims: number[];
  operand_batching_dims: number[];
  scatter_indices_batching_dims: number[];
}

export interface GatherParams {
  dimension_numbers: GatherDimensionNumbers;
  slice_sizes: number[];
  indices_are_sorted: boolean;
  unique_indices: boolean;
  mode: GatherScatterMode;
  /** Used in "fill" mode only (null otherwise), as in JAX. */
  fill_value: number | null;
  [k: string]: unknown;
}

export interface ScatterParams {
  dimension_numbers: ScatterDimensionNumbers;
  indices_are_sorted: boolean;
  unique_indices: boolean;
  mode: GatherScatterMode;
  [k: string]: unknown;
}

/** GatherScatterMode.from_any: null/"fill"/"drop" → fill. */
export function parseMode(mode: unknown): GatherScatterMode {
  if (mode === "clip") return "clip";
  if (mode === null || mode === undefined || mode === "fill" || mode === "drop") return "fill";
  if (mode === "promise_in_bounds") return "promise_in_bounds";
  throw new ValueError(`Unknown gather mode "${String(mode)}" (expected "clip", "fill", "drop" or "promise_in_bounds")`);
}

/** JAX's default gather fill value: NaN, the most negative int, the largest uint, or True. */
export function defaultFillValue(dtype: DType): number {
  if (isFloat(dtype)) return NaN;
  if (dtype === "int32") return -2147483648;
  if (dtype === "int64") return -(2 ** 63);
  if (isUnsigned(dtype)) return 4294967295;
  return 1; // bool: True
}

const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => i + from);
const plus1 = (xs: readonly number[]): number[] => xs.map((x) => x + 1);
const tup = (xs: readonly number[]): string => `(${xs.join(", ")}${xs.length === 1 ? "," : ""})`;

// ---------- shape rules (checks as in JAX, with its wording) ----------

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
function checkIndexDtype(indices: ShapedArray): void {
  if (!isInteger(indices.dtype)) throw new ValueError(`indices must have an integer type, got ${indices.str()}`);
}

function gatherShapeRule(operand: ShapedArray, indices: ShapedArray, p: GatherParams): number[] {
  const dn = p.dimension_numbers;
  const sizes = p.slice_sizes;
  const ivd = indices.ndim - 1;
  if (ivd < 0) {
    throw new JaxTypeError(`Gather index leaf dimension must be within [0, rank(indices) + 1). rank(indices) is ${indices.ndim} and gather index leaf dimension is ${ivd}.`);
  }
  isSorted(dn.offset_dims, "gather", "offset_dims");
  noDuplicates(dn.offset_dims, "gather", "offset_dims");
  const outRank = dn.offset_dims.length + indices.ndim - 1;
  dn.offset_dims.forEach((d, i) => {
    if (d < 0 || d >= outRank) throw new JaxTypeError(`Offset dimension ${i} in gather op is out of bounds; got ${d}, but should have been in [0, ${outRank})`);
  });
  if (dn.start_index_map.length !== indices.shape[ivd]) {
    throw new JaxTypeError(`Gather op has ${dn.start_index_map.length} elements in start_index_map and the bound of dimension index_vector_dim=${ivd} of indices is ${indices.shape[ivd]}. These two numbers must be equal.`);
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
    throw new JaxTypeError(`Gather op cannot have the index vector dimension as a batching dimension; got ${tup(dn.start_indices_batching_dims)}.`);
  }
  if (dn.operand_batching_dims.length !== dn.start_indices_batching_dims.length) {
    throw new JaxTypeError(`Gather op requires equal numbers of operand_batching_dims and start_indices_batching_dims, got ${tup(dn.operand_batching_dims)} and ${tup(dn.start_indices_batching_dims)}.`);
  }
  const opBatch = dn.operand_batching_dims.map((d) => operand.shape[d]);
  const idxBatch = dn.start_indices_batching_dims.map((d) => indices.shape[d]);
  if (opBatch.some((s, i) => s !== idxBatch[i])) {
    throw new JaxTypeError(`Gather op requires operand batching dimensions and indices batching dimensions to have the same shape, got ${tup(opBatch)} and ${tup(idxBatch)}.`);
  }
  if (sizes.length !== operand.ndim) {
    throw new JaxTypeError(`Gather op must have one slice size for every input dimension; got: len(slice_sizes)=${sizes.length}, input_shape.rank=${operand.ndim}`);
  }
  if (sizes.length !== dn.offset_dims.length + dn.collapsed_slice_dims.length + dn.operand_batching_dims.length) {
    throw new JaxTypeError(`All components of the offset index in a gather op must either be a offset dimension or explicitly collapsed/batching; got len(slice_sizes)=${sizes.length}, output_slice_sizes=${tup(dn.offset_dims)}, collapsed_slice_dims=${tup(dn.collapsed_slice_dims)}, operand_batching_dims=${tup(dn.operand_batching_dims)}.`);
  }
  if (indices.size !== 0) {
    sizes.forEach((s, i) => {
      if (!(Number.isInteger(s) && s >= 0 && operand.shape[i] >= s)) {
        throw new JaxTypeError(`Slice size at index ${i} in gather op is out of range, must be within [0, ${operand.shape[i]} + 1), got ${s}.`);
      }
    });
  }
  dn.collapsed_slice_dims.forEach((d, i) => {
    if (sizes[d] !== 1) throw new JaxTypeError(`Gather op can only collapse slice dims with bound 1, but bound is ${sizes[d]} for index ${d} at position ${i}.`);
  });
  dn.operand_batching_dims.forEach((d, i) => {
    if (sizes[d] > 1) throw new JaxTypeError(`Gather op can only have operand batching dims with bound 0/1, but bound is ${sizes[d]} for index ${d} at position ${i}.`);
  });
  return gatherOutShape(indices.shape, dn, sizes);
}

function gatherOutShape(indicesShape: readonly number[], dn: GatherDimensionNumbers, sizes: number[]): number[] {
  const batch = indicesShape.slice(0, -1);
  const offsetSizes = sizes.filter((_, i) => !dn.collapsed_slice_dims.includes(i) && !dn.operand_batching_dims.includes(i));
  let b = 0, o = 0;
  return range(dn.offset_dims.length + batch.length).map((i) => (dn.offset_dims.includes(i) ? offsetSizes[o++] : batch[b++]));
}

/** For each indices batching dim, the updates dim that carries it. */
function updatesBatchingDims(dn: ScatterDimensionNumbers, ivd: number): number[] {
  const scatterDimInUpdates: Array<number | null> = range(ivd);
  for (const w of dn.update_window_dims) scatterDimInUpdates.splice(w, 0, null);
  return dn.scatter_indices_batching_dims.map((i) => scatterDimInUpdates.indexOf(i));
}

function scatterShapeRule(name: string, operand: ShapedArray, indices: ShapedArray, updates: ShapedArray, p: ScatterParams): void {
  const dn = p.dimension_numbers;
  const ivd = indices.ndim - 1;
  if (ivd < 0) {
    throw new JaxTypeError(`Scatter index leaf dimension must be within [0, rank(indices) + 1). rank(indices) is ${indices.ndim} and scatter index leaf dimension is ${ivd}.`);
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
    throw new JaxTypeError(`Scatter op cannot have the index vector dimension as a batching dimension; got ${tup(dn.scatter_indices_batching_dims)}.`);
  }
  if (dn.operand_batching_dims.length !== dn.scatter_indices_batching_dims.length) {
    throw new JaxTypeError(`Scatter op requires equal numbers of operand_batching_dims and scatter_indices_batching_dims, got ${tup(dn.operand_batching_dims)} and ${tup(dn.scatter_indices_batching_dims)}.`);
  }
  const opBatch = dn.operand_batching_dims.map((d) => operand.shape[d]);
  const idxBatch = dn.scatter_indices_batching_dims.map((d) => indices.shape[d]);
  if (opBatch.some((s, i) => s !== idxBatch[i])) {
    throw new JaxTypeError(`Scatter op requires operand batching dimensions and indices batching dimensions to have the same shape, got ${tup(opBatch)} and ${tup(idxBatch)}.`);
  }
  const updBatch = updatesBatchingDims(dn, ivd).map((d) => updates.shape[d]);
  if (opBatch.some((s, i) => s !== updBatch[i])) {
    throw new JaxTypeError(`Scatter op requires operand batching dimensions and updates batching dimensions to have the same shape, got ${tup(opBatch)} and ${tup(updBatch)}.`);
  }
  const windowSize = dn.update_window_dims.length + dn.inserted_window_dims.length + dn.operand_batching_dims.length;
  if (operand.ndim !== windowSize) throw new JaxTypeError(`Scatter op has window of size ${windowSize}; doesn't match operand of rank ${operand.ndim}.`);
  if (dn.scatter_dims_to_operand_dims.length !== indices.shape[ivd]) {
    throw new JaxTypeError(`Scatter op has ${dn.scatter_dims_to_operand_dims.length} elements in scatter_dims_to_operand_dims and the bound of dimension index_vector_dim=${ivd} of indices is ${indices.shape[ivd]}. These two numbers must be equal`);
  }
  dn.scatter_dims_to_operand_dims.forEach((d, i) => {
    if (d < 0 || d >= operand.ndim) throw new JaxTypeError(`Invalid scatter_dims_to_operand_dims mapping; domain is [0, ${operand.ndim}), got: ${i}->${d}.`);
  });
  noDuplicates(dn.scatter_dims_to_operand_dims, name, "scatter_dims_to_operand_dims");
  const maxWindow = operand.shape.filter((_, i) => !dn.inserted_window_dims.includes(i) && !dn.operand_batching_dims.includes(i));
  dn.update_window_dims.forEach((w, i) => {
    if (maxWindow[i] < updates.shape[w]) {
      throw new JaxTypeError(`Bounds of the window dimensions of updates must not exceed the bounds of the corresponding dimensions of operand. For dimension ${w}, updates bound is ${updates.shape[w]}, operand bound is ${maxWindow[i]}.`);
    }
  });
  let seen = 0;
  for (let i = 0; i < updates.ndim; i++) {
    if (dn.update_window_dims.includes(i)) continue;
    if (seen === ivd) seen++;
    if (updates.shape[i] !== indices.shape[seen]) {
      throw new JaxTypeError(`Bounds of the scatter dimensions of updates must be the same as the bounds of the corresponding dimensions of scatter indices. For scatter dimension ${i}, updates bound is ${updates.shape[i]}, indices bound is ${indices.shape[seen]}.`);
    }
    seen++;
  }
}

// ---------- dimension-number conversions ----------

export function gatherToScatterDnums(dn: GatherDimensionNumbers): ScatterDimensionNumbers {
  return {
    update_window_dims: [...dn.offset_dims],
    inserted_window_dims: [...dn.collapsed_slice_dims],
    scatter_dims_to_operand_dims: [...dn.start_index_map],
    operand_batching_dims: [...dn.operand_batching_dims],
    scatter_indices_batching_dims: [...dn.start_indices_batching_dims],
  };
}

/** The gather that reads back what a scatter with these dnums writes. */
export function scatterToGatherDnums(dn: ScatterDimensionNumbers): GatherDimensionNumbers {
  return {
    offset_dims: [...dn.update_window_dims],
    collapsed_slice_dims: [...dn.inserted_window_dims],
    start_index_map: [...dn.scatter_dims_to_operand_dims],
    operand_batching_dims: [...dn.operand_batching_dims],
    start_indices_batching_dims: [...dn.scatter_indices_batching_dims],
  };
}

/** Window size per operand dim of a scatter (1 for inserted / batching dims). */
function scatterSliceSizes(operandRank: number, dn: ScatterDimensionNumbers, updatesShape: readonly number[]): number[] {
  let pos = 0;
  return range(operandRank).map((i) =>
    dn.inserted_window_dims.includes(i) || dn.operand_batching_dims.includes(i) ? 1 : updatesShape[dn.update_window_dims[pos++]]);
}

// ---------- internal builders ----------

export interface GatherOpts { mode?: GatherScatterMode; fillValue?: number | null; uniqueIndices?: boolean; indicesAreSorted?: boolean }

/** lax.gather on arrays: mode defaults to promise_in_bounds; fill mode gets JAX's default fill value. */
export function gatherI(operand: NDArray, indices: NDArray, dn: GatherDimensionNumbers, sliceSizes: number[], opts: GatherOpts = {}): NDArray {
  const mode = opts.mode ?? "promise_in_bounds";
  const fill = mode === "fill" ? (opts.fillValue ?? defaultFillValue(operand.dtype)) : null;
  const params: GatherParams = {
    dimension_numbers: dn, slice_sizes: [...sliceSizes], indices_are_sorted: opts.indicesAreSorted ?? false,
    unique_indices: opts.uniqueIndices ?? false, mode, fill_value: fill,
  };
  return bind1(gatherP, [operand, indices], params);
}

export interface ScatterOpts { mode?: GatherScatterMode; uniqueIndices?: boolean; indicesAreSorted?: boolean }

/** A scatter-family primitive on arrays; mode defaults to fill (FILL_OR_DROP), as in JAX. */
export function scatterI(prim: Primitive, operand: NDArray, indices: NDArray, updates: NDArray, dn: ScatterDimensionNumbers, opts: ScatterOpts = {}): NDArray {
  const params: ScatterParams = {
    dimension_numbers: dn, indices_are_sorted: opts.indicesAreSorted ?? false,
    unique_indices: opts.uniqueIndices ?? false, mode: opts.mode ?? "fill",
  };
  return bind1(prim, [operand, indices, updates], params);
}

/** The gather that transposes a scatter onto its updates (fill_value 0, same mode). */
function gatherUpdates(ct: NDArray, indices: NDArray, p: ScatterParams, updatesShape: readonly number[]): NDArray {
  const sizes = scatterSliceSizes(ct.ndim, p.dimension_numbers, updatesShape);
  return gatherI(ct, indices, scatterToGatherDnums(p.dimension_numbers), sizes, { mode: p.mode, fillValue: 0 });
}

const avalOf = (x: NDArray | UndefinedPrimal): ShapedArray => x.aval;
const zerosOf = (shape: readonly number[], dtype: DType): NDArray => full(shape, 0, dtype);
const onesOf = (shape: readonly number[], dtype: DType): NDArray => full(shape, 1, dtype);
/** lax.select(pred, onTrue, onFalse). */
const select = (pred: NDArray, t: NDArray, f: NDArray): NDArray => bind1(E.selectNP, [pred, f, t], {});
const bin = (p: Primitive, x: NDArray, y: NDArray): NDArray => bind1(p, [x, y], {});

function printGather(p: Params): string {
  const g = p as GatherParams;
  const dn = g.dimension_numbers;
  const fv = g.fill_value === null ? "None" : Number.isNaN(g.fill_value) ? "nan" : String(g.fill_value);
  return `dimension_numbers=GatherDimensionNumbers(offset_dims=${tup(dn.offset_dims)}, collapsed_slice_dims=${tup(dn.collapsed_slice_dims)}, start_index_map=${tup(dn.start_index_map)}, operand_batching_dims=${tup(dn.operand_batching_dims)}, start_indices_batching_dims=${tup(dn.start_indices_batching_dims)}) fill_value=${fv} indices_are_sorted=${pyBool(g.indices_are_sorted)} mode=${modeName(g.mode)} slice_sizes=${tup(g.slice_sizes)} unique_indices=${pyBool(g.unique_indices)}`;
}
function printScatter(p: Params): string {
  const s = p as ScatterParams;
  const dn = s.dimension_numbers;
  return `dimension_numbers=ScatterDimensionNumbers(update_window_dims=${tup(dn.update_window_dims)}, inserted_window_dims=${tup(dn.inserted_window_dims)}, scatter_dims_to_operand_dims=${tup(dn.scatter_dims_to_operand_dims)}, operand_batching_dims=${tup(dn.operand_batching_dims)}, scatter_indices_batching_dims=${tup(dn.scatter_indices_batching_dims)}) indices_are_sorted=${pyBool(s.indices_are_sorted)} mode=${modeName(s.mode)} unique_indices=${pyBool(s.unique_indices)} update_consts=() update_jaxpr=None`;
}
const pyBool = (b: boolean): string => (b ? "True" : "False");
const modeName = (m: GatherScatterMode): string =>
  `GatherScatterMode.${m === "clip" ? "CLIP" : m === "fill" ? "FILL_OR_DROP" : "PROMISE_IN_BOUNDS"}`;

// ---------- gather ----------

export const gatherP: Primitive = new Primitive("gather", {
  abstractEval([operand, indices], params) {
    checkIndexDtype(indices);
    const shape = gatherShapeRule(operand, indices, params as GatherParams);
    return [new ShapedArray(shape, operand.dtype, operand.weakType)];
  },
  // Linear in the operand; the indices get no tangent.
  jvp([x, indices], [t], params) {
    const ans = bind1(gatherP, [x, indices], params);
    if (t instanceof Zero) return [[ans], [new Zero(ans.aval.strongType())]];
    const p = params as GatherParams;
    return [[ans], [bind1(gatherP, [t, indices], { ...p, fill_value: p.mode === "fill" ? 0 : null })]];
  },
  // Transpose: scatter-add the cotangent into zeros.
  transpose([ct], [operand, indices], params) {
    if (!(operand instanceof UndefinedPrimal)) return [null, null];
    if (ct instanceof Zero) return [new Zero(operand.aval.strongType()), null];
    const p = params as GatherParams;
    const zeros = zerosOf(operand.aval.shape, ct.dtype);
    return [scatterI(scatterAddP, zeros, indices as NDArray, ct, gatherToScatterDnums(p.dimension_numbers), {
      mode: p.mode, uniqueIndices: p.unique_indices, indicesAreSorted: p.indices_are_sorted,
    }), null];
  },
  batch: (args, dims, params) => gatherBatch(args, dims, params as GatherParams),
  printParams: printGather,
});

/** JAX's _gather_batching_rule: batch dims become offset / batching dims of the gather. */
function gatherBatch([operand, indices]: NDArray[], [obd, ibd]: BatchDim[], p: GatherParams): [NDArray[], BatchDim[]] {
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

// ---------- scatter family ----------

function defScatter(name: string, rules: Pick<PrimitiveRules, "jvp" | "transpose">): Primitive {
  const prim: Primitive = new Primitive(name, {
    abstractEval([operand, indices, updates], params) {
      checkIndexDtype(indices);
      if (operand.dtype !== updates.dtype) {
        throw new JaxTypeError(`lax.${name.replace("-", "_")} requires arguments to have the same dtypes, got ${operand.dtype}, ${updates.dtype}.`);
      }
      scatterShapeRule(name, operand, indices, updates, params as ScatterParams);
      return [operand];
    },
    ...rules,
    batch: (args, dims, params) => scatterBatch(prim, args, dims, params as ScatterParams),
    printParams: printScatter,
  });
  return prim;
}

/** JAX's _scatter_batching_rule. */
function scatterBatch(prim: Primitive, args: NDArray[], dims: BatchDim[], p: ScatterParams): [NDArray[], BatchDim[]] {
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

function zeroTangentOut(ans: NDArray): Tangent[] { return [new Zero(ans.aval.strongType())]; }

// scatter-add: linear in (operand, updates) jointly.
export const scatterAddP: Primitive = defScatter("scatter-add", {
  jvp([x, indices, u], [tx, , tu], params) {
    const ans = bind1(scatterAddP, [x, indices, u], params);
    if (tx instanceof Zero && tu instanceof Zero) return [[ans], zeroTangentOut(ans)];
    return [[ans], [bind1(scatterAddP, [instantiate(tx), indices, instantiate(tu)], params)]];
  },
  transpose([ct], [x, indices, u], params) {
    const xUndef = x instanceof UndefinedPrimal, uUndef = u instanceof UndefinedPrimal;
    if (ct instanceof Zero) return [xUndef ? new Zero(avalOf(x)) : null, null, uUndef ? new Zero(avalOf(u)) : null];
    return [
      xUndef ? ct : null,
      null,
      uUndef ? gatherUpdates(ct, indices as NDArray, params as ScatterParams, avalOf(u).shape) : null,
    ];
  },
});

// scatter-mul: linear in the operand; in the updates only with unique indices (as JAX).
export const scatterMulP: Primitive = defScatter("scatter-mul", {
  jvp([x, indices, u], [tx, , tu], params) {
    const ans = bind1(scatterMulP, [x, indices, u], params);
    let out: Tangent = new Zero(ans.aval.strongType());
    if (!(tx instanceof Zero)) out = bind1(scatterMulP, [tx, indices, u], params);
    if (!(tu instanceof Zero)) {
      requireUnique(params as ScatterParams, "scatter_mul gradients");
      const spread = bind1(scatterAddP, [zerosOf(x.shape, x.dtype), indices, tu], params);
      out = addTangents(out, bin(E.mulP, x, spread));
    }
    return [[ans], [out]];
  },
  transpose([ct], [x, indices, u], params) {
    const xUndef = x instanceof UndefinedPrimal, uUndef = u instanceof UndefinedPrimal;
    if (ct instanceof Zero) return [xUndef ? new Zero(avalOf(x)) : null, null, uUndef ? new Zero(avalOf(u)) : null];
    const p = params as ScatterParams;
    let xt: NDArray | null = null, ut: NDArray | null = null;
    if (xUndef) {
      if (uUndef) throw new Error("scatter_mul transpose: operand and updates cannot both be linear");
      xt = bind1(scatterMulP, [ct, indices as NDArray, u as NDArray], params);
    }
    if (uUndef) {
      requireUnique(p, "scatter_mul gradients");
      ut = gatherUpdates(bin(E.mulP, ct, x as NDArray), indices as NDArray, p, avalOf(u).shape);
    }
    return [xt, null, ut];
  },
});

function requireUnique(p: ScatterParams, what: string): void {
  if (!p.unique_indices) {
    throw new Error(`NotImplementedError: ${what} are only implemented if \`unique_indices=True\``);
  }
}

/**
 * scatter-min / scatter-max JVP (JAX's _scatter_extremal_jvp): where several
 * values tie for the extremum, the tangent is their average.
 */
function extremalJvp(prim: () => Primitive): PrimitiveRules["jvp"] {
  return ([x, indices, u], [tx, , tu], params) => {
    const ans = bind1(prim(), [x, indices, u], params);
    if ((tx instanceof Zero && tu instanceof Zero) || !isFloat(x.dtype)) return [[ans], zeroTangentOut(ans)];
    const p = params as ScatterParams;
    const gOp = instantiate(tx), gUp = instantiate(tu);
    const gdn = scatterToGatherDnums(p.dimension_numbers);
    const sizes = scatterSliceSizes(x.ndim, p.dimension_numbers, u.shape);
    const gather = (v: NDArray) => gatherI(v, indices, gdn, sizes);
    const scatterAdd = (op: NDArray, upd: NDArray) => scatterI(scatterAddP, op, indices, upd, p.dimension_numbers);
    const dt = x.dtype;
    const zerosX = zerosOf(x.shape, dt), zerosU = zerosOf(u.shape, dt), onesU = onesOf(u.shape, dt);
    const initial = gather(x);
    const target = gather(ans);
    const successful = bin(E.eqP, u, target);
    const retained = bin(E.eqP, initial, target);
    const numUpdates = gather(scatterAdd(zerosX, select(successful, onesU, zerosU)));
    const numRefs = gather(scatterAdd(zerosX, onesU));
    const one = onesOf(u.shape, dt);
    const inv1 = bin(E.divP, one, bin(E.addP, numUpdates, one));
    const updatesNormalizer = select(retained, inv1, bin(E.divP, one, numUpdates));
    const updatesCoef = select(successful, updatesNormalizer, zerosU);
    const operandNormalizer = select(retained, inv1, zerosU);
    const operandCoef = bin(E.divP, bin(E.subP, operandNormalizer, one), numRefs);
    const tangentUpdates = bin(E.addP, bin(E.mulP, gather(gOp), operandCoef), bin(E.mulP, gUp, updatesCoef));
    return [[ans], [scatterI(scatterAddP, gOp, indices, tangentUpdates, p.dimension_numbers, {
      mode: p.mode, uniqueIndices: p.unique_indices, indicesAreSorted: p.indices_are_sorted,
    })]];
  };
}
export const scatterMinP: Primitive = defScatter("scatter-min", { jvp: extremalJvp(() => scatterMinP) });
export const scatterMaxP: Primitive = defScatter("scatter-max", { jvp: extremalJvp(() => scatterMaxP) });

// scatter (set). With repeated indices it is unspecified which update wins, so
// the JVP (as JAX's _scatter_jvp) tags each update with an id, scatters the
// ids, and keeps exactly the values whose id survived; the result is then a
// scatter-add, which needs no scatter transpose.
export const scatterP: Primitive = defScatter("scatter", {
  jvp([x, indices, u], [tx, , tu], params) {
    const p = params as ScatterParams;
    if (tx instanceof Zero && tu instanceof Zero) {
      const ans = bind1(scatterP, [x, indices, u], params);
      return [[ans], zeroTangentOut(ans)];
    }
    const gOp = instantiate(tx), gUp = instantiate(tu);
    if (p.unique_indices) {
      return [[bind1(scatterP, [x, indices, u], params)], [bind1(scatterP, [gOp, indices, gUp], params)]];
    }
    const dn = p.dimension_numbers;
    const idsShape = u.shape.map((n, d) => (dn.update_window_dims.includes(d) ? 1 : n));
    const numIds = prod(idsShape);
    const iota = bind1(S.iotaP, [], { dtype: "int32", shape: [numIds], dimension: 0 });
    const ids1 = bin(E.addP, bind1(S.reshapeP, [iota], { new_sizes: idsShape, dimensions: null }), onesOf(idsShape, "int32"));
    const updateIds = bind1(S.broadcastInDimP, [ids1], { shape: [...u.shape], broadcast_dimensions: range(u.ndim) });
    const scatteredIds = scatterI(scatterP, zerosOf(x.shape, "int32"), indices, updateIds, dn, {
      mode: p.mode, uniqueIndices: p.unique_indices, indicesAreSorted: p.indices_are_sorted,
    });
    const sizes = scatterSliceSizes(x.ndim, dn, u.shape);
    const gatheredIds = gatherI(scatteredIds, indices, scatterToGatherDnums(dn), sizes);
    const keepOperand = bin(E.eqP, scatteredIds, zerosOf(x.shape, "int32"));
    const keepUpdate = bin(E.eqP, updateIds, gatheredIds);
    const zx = zerosOf(x.shape, x.dtype), zu = zerosOf(u.shape, u.dtype);
    const opts: ScatterOpts = { mode: p.mode, uniqueIndices: p.unique_indices, indicesAreSorted: p.indices_are_sorted };
    const val = scatterI(scatterAddP, select(keepOperand, x, zx), indices, select(keepUpdate, u, zu), dn, opts);
    const tan = scatterI(scatterAddP, select(keepOperand, gOp, zerosOf(x.shape, gOp.dtype)), indices,
      select(keepUpdate, gUp, zerosOf(u.shape, gUp.dtype)), dn, opts);
    return [[val], [tan]];
  },
  transpose([ct], [x, indices, u], params) {
    const p = params as ScatterParams;
    const xUndef = x instanceof UndefinedPrimal, uUndef = u instanceof UndefinedPrimal;
    if (!p.unique_indices) throw new Error("NotImplementedError: scatter transpose is only implemented where unique_indices=True");
    if (ct instanceof Zero) return [xUndef ? new Zero(avalOf(x)) : null, null, uUndef ? new Zero(avalOf(u)) : null];
    const uShape = avalOf(u).shape;
    return [
      xUndef ? bind1(scatterP, [ct, indices as NDArray, zerosOf(uShape, ct.dtype)], params) : null,
      null,
      uUndef ? gatherUpdates(ct, indices as NDArray, p, uShape) : null,
    ];
  },
});

// ---------- built on gather / scatter ----------

/**
 * out[..., i, ...] = x[..., idx[..., i, ...], ...] along `axis`, for idx of
 * x's shape (in-range indices). A gather whose other dims are batching dims.
 */
export function takeAlongAxisLax(x: NDArray, idx: NDArray, axis: number): NDArray {
  if (idx.ndim !== x.ndim || idx.shape.some((n, d) => d !== axis && n !== x.shape[d])) {
    throw new ValueError(`takeAlongAxisLax: indices of shape ${shapeStr(idx.shape)} must match operand shape ${shapeStr(x.shape)} except along axis ${axis}`);
  }
  const others = range(x.ndim).filter((d) => d !== axis);
  const gi = bind1(S.reshapeP, [idx], { new_sizes: [...idx.shape, 1], dimensions: null });
  const dn: GatherDimensionNumbers = {
    offset_dims: [], collapsed_slice_dims: [axis], start_index_map: [axis],
    operand_batching_dims: others, start_indices_batching_dims: others,
  };
  const sizes = x.shape.map((n, d) => (d === axis || n !== 0 ? 1 : 0));
  return gatherI(x, gi, dn, sizes, { mode: "promise_in_bounds" });
}

/** Scalar start indices (some batched) → one (size, n) int32 index array with its batch dim. */
function batchStartIndices(starts: NDArray[], dims: BatchDim[]): [NDArray, BatchDim] {
  if (starts.length === 0) return [zerosOf([0], "int32"), null];
  const k = dims.findIndex((d) => d !== null);
  if (k < 0) {
    const cols = starts.map((s) => bind1(S.reshapeP, [convert(s, "int32")], { new_sizes: [1], dimensions: null }));
    return [bind1(S.concatenateP, cols, { dimension: 0 }), null];
  }
  const size = starts[k].shape[dims[k]!];
  const cols = starts.map((s, i) =>
    bind1(S.broadcastInDimP, [convert(s, "int32")], { shape: [size, 1], broadcast_dimensions: dims[i] !== null ? [0] : [] }));
  return [bind1(S.concatenateP, cols, { dimension: 1 }), 0];
}

/** dynamic_slice with batched start indices: a clipped gather (JAX's rule). */
export function batchDynamicSlice(args: NDArray[], dims: BatchDim[], params: Params): [NDArray[], BatchDim[]] {
  const [operand, ...starts] = args;
  const [obd, ...sbds] = dims;
  const all = range(operand.ndim - (obd === null ? 0 : 1));
  const dn: GatherDimensionNumbers = { offset_dims: all, collapsed_slice_dims: [], start_index_map: all, operand_batching_dims: [], start_indices_batching_dims: [] };
  const [index, ibd] = batchStartIndices(starts, sbds);
  const p: GatherParams = {
    dimension_numbers: dn, slice_sizes: [...(params.slice_sizes as number[])], indices_are_sorted: true,
    unique_indices: true, mode: "clip", fill_value: null,
  };
  return gatherBatch([operand, index], [obd, ibd], p);
}

/** dynamic_update_slice with batched start indices: a clipped scatter (JAX's rule). */
export function batchDynamicUpdateSlice(args: NDArray[], dims: BatchDim[]): [NDArray[], BatchDim[]] {
  const [operand, update, ...starts] = args;
  const [obd, ubd, ...sbds] = dims;
  const all = range(update.ndim - (ubd === null ? 0 : 1));
  const dn: ScatterDimensionNumbers = { update_window_dims: all, inserted_window_dims: [], scatter_dims_to_operand_dims: all, operand_batching_dims: [], scatter_indices_batching_dims: [] };
  const [index, ibd] = batchStartIndices(starts, sbds);
  const p: ScatterParams = { dimension_numbers: dn, indices_are_sorted: true, unique_indices: true, mode: "clip" };
  return scatterBatch(scatterP, [operand, index, update], [obd, ibd, ubd], p);
}

let hooksInstalled = false;
/** Wire the batched-start rules into dynamic_slice / dynamic_update_slice (idempotent). */
export function installIndexingHooks(): void {
  if (hooksInstalled) return;
  S.batchHooks.dynamicSlice = batchDynamicSlice;
  S.batchHooks.dynamicUpdateSlice = batchDynamicUpdateSlice;
  hooksInstalled = true;
}


// ---------- argument parsing for the public lax wrappers ----------

/** Dimension numbers as users write them: camelCase (JAX's snake_case keys accepted too). */
export interface GatherDimensionNumbersArg {
  offsetDims?: number[]; collapsedSliceDims?: number[]; startIndexMap?: number[];
  operandBatchingDims?: number[]; startIndicesBatchingDims?: number[];
  offset_dims?: number[]; collapsed_slice_dims?: number[]; start_index_map?: number[];
  operand_batching_dims?: number[]; start_indices_batching_dims?: number[];
}
export interface ScatterDimensionNumbersArg {
  updateWindowDims?: number[]; insertedWindowDims?: number[]; scatterDimsToOperandDims?: number[];
  operandBatchingDims?: number[]; scatterIndicesBatchingDims?: number[];
  update_window_dims?: number[]; inserted_window_dims?: number[]; scatter_dims_to_operand_dims?: number[];
  operand_batching_dims?: number[]; scatter_indices_batching_dims?: number[];
}

function dimList(o: Record<string, unknown>, camel: string, snake: string, what: string, required: boolean): number[] {
  const v = o[camel] ?? o[snake];
  if (v === undefined || v === null) {
    if (required) throw new JaxTypeError(`${what}: missing field ${camel}`);
    return [];
  }
  if (!Array.isArray(v) || v.some((d) => !Number.isInteger(d))) {
    throw new JaxTypeError(`${what}.${camel} must be an array of integers, got ${JSON.stringify(v)}`);
  }
  return [...v] as number[];
}

export function parseGatherDnums(dn: GatherDimensionNumbersArg): GatherDimensionNumbers {
  if (typeof dn !== "object" || dn === null) throw new JaxTypeError(`gather dimension_numbers must be an object, got ${describe(dn)}`);
  const o = dn as Record<string, unknown>, w = "GatherDimensionNumbers";
  return {
    offset_dims: dimList(o, "offsetDims", "offset_dims", w, true),
    collapsed_slice_dims: dimList(o, "collapsedSliceDims", "collapsed_slice_dims", w, true),
    start_index_map: dimList(o, "startIndexMap", "start_index_map", w, true),
    operand_batching_dims: dimList(o, "operandBatchingDims", "operand_batching_dims", w, false),
    start_indices_batching_dims: dimList(o, "startIndicesBatchingDims", "start_indices_batching_dims", w, false),
  };
}

export function parseScatterDnums(dn: ScatterDimensionNumbersArg): ScatterDimensionNumbers {
  if (typeof dn !== "object" || dn === null) throw new JaxTypeError(`scatter dimension_numbers must be an object, got ${describe(dn)}`);
  const o = dn as Record<string, unknown>, w = "ScatterDimensionNumbers";
  return {
    update_window_dims: dimList(o, "updateWindowDims", "update_window_dims", w, true),
    inserted_window_dims: dimList(o, "insertedWindowDims", "inserted_window_dims", w, true),
    scatter_dims_to_operand_dims: dimList(o, "scatterDimsToOperandDims", "scatter_dims_to_operand_dims", w, true),
    operand_batching_dims: dimList(o, "operandBatchingDims", "operand_batching_dims", w, false),
    scatter_indices_batching_dims: dimList(o, "scatterIndicesBatchingDims", "scatter_indices_batching_dims", w, false),
  };
}

/** Index arrays given as JS data are int32 when every entry is an integer (JS arrays otherwise default to float32). */
export function asIndexOperand(x: ArrayLike, what: string): NDArray {
  if (x instanceof NDArray) return x;
  if (typeof x === "number" && Number.isInteger(x)) return scalarArray(x, "int32", false);
  const integral = (v: unknown): boolean => (Array.isArray(v) ? v.every(integral) : typeof v === "number" && Number.isInteger(v));
  if (Array.isArray(x) && integral(x)) {
    return arrayFromJs(x, "int32", what);
  }
  return asOperand(x, what);
}
