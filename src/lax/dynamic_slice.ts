// dynamic_slice and dynamic_update_slice: slices at start indices known only
// at run time. With batched start indices they batch as a clipped gather /
// scatter (JAX's rules), hence their place above the indexing family.
import { ShapedArray } from "../core/aval.ts";
import { isInteger } from "../core/dtypes.ts";
import { JaxTypeError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { type BatchDim, type NoParams, Primitive, UndefinedPrimal, Zero } from "../core/primitive.ts";
import { checkShape, shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { batchSize, matchBatch } from "./batching.ts";
import { broadcastInDimP } from "./broadcast.ts";
import { gatherP, scatterP } from "./gather_scatter.ts";
import { gatherBatch, scatterBatch } from "./gather_scatter_batch.ts";
import {
  type GatherDimensionNumbers,
  type GatherParams,
  range,
  type ScatterDimensionNumbers,
  type ScatterParams,
} from "./gather_scatter_params.ts";
import { convert } from "./helpers.ts";
import { reshapeP } from "./layout.ts";
import { tuple } from "./print_params.ts";
import { concatenateP } from "./shape_ops.ts";
import { full, instantiate, zerosLikeAval } from "./zeros.ts";

function checkStarts(name: string, operand: ShapedArray, starts: ShapedArray[]): void {
  if (starts.length !== operand.ndim) {
    throw new JaxTypeError(
      `${name} requires one start index per operand dimension: got ${starts.length} start indices for operand of shape ` +
        `${shapeStr(operand.shape)}`,
    );
  }
  for (const s of starts) {
    if (s.ndim !== 0 || !isInteger(s.dtype)) throw new JaxTypeError(`${name} start indices must be integer scalars, got ${s.str()}`);
  }
}

export type DynamicSliceParams = { slice_sizes: number[] };
export const dynamicSliceP: Primitive<DynamicSliceParams> = new Primitive("dynamic_slice", {
  abstractEval([a, ...starts], params) {
    checkStarts("dynamic_slice", a, starts);
    const sizes = checkShape(params.slice_sizes, "dynamic_slice slice_sizes");
    if (sizes.length !== a.ndim || sizes.some((s, i) => s > a.shape[i])) {
      throw new JaxTypeError(
        `dynamic_slice slice_sizes ${shapeStr(sizes)} must be non-negative and fit in operand of shape ${shapeStr(a.shape)}`,
      );
    }
    return [new ShapedArray(sizes, a.dtype, a.weakType)];
  },
  jvp([x, ...starts], [t], params) {
    const ans = bind1(dynamicSliceP, [x, ...starts], params);
    return [[ans], [t instanceof Zero ? new Zero(ans.aval.strongType()) : bind1(dynamicSliceP, [t, ...starts], params)]];
  },
  transpose([ct], [x, ...starts]) {
    const aval = (x as UndefinedPrimal).aval;
    if (ct instanceof Zero) return [new Zero(aval), ...starts.map(() => null)];
    const z = zerosLikeAval(aval.strongType());
    return [bind1(dynamicUpdateSliceP, [z, ct, ...(starts as NDArray[])], {}), ...starts.map(() => null)];
  },
  batch(args, dims, params) {
    const [x, ...starts] = args;
    if (dims.slice(1).some((d) => d !== null)) return batchDynamicSlice(args, dims, params);
    const d = dims[0]!;
    const zero = full([], 0, starts.length ? starts[0].dtype : "int32");
    const st = [...starts];
    st.splice(d, 0, zero);
    const sizes = [...params.slice_sizes];
    sizes.splice(d, 0, x.shape[d]);
    return [[bind1(dynamicSliceP, [x, ...st], { slice_sizes: sizes })], [d]];
  },
  printParams: (p) => `slice_sizes=${tuple(p.slice_sizes)}`,
});

export const dynamicUpdateSliceP: Primitive<NoParams> = new Primitive("dynamic_update_slice", {
  abstractEval([a, u, ...starts]) {
    checkStarts("dynamic_update_slice", a, starts);
    if (u.dtype !== a.dtype) throw new JaxTypeError(`dynamic_update_slice update dtype ${u.dtype} must match operand dtype ${a.dtype}`);
    if (u.ndim !== a.ndim || u.shape.some((s, i) => s > a.shape[i])) {
      throw new JaxTypeError(
        `dynamic_update_slice update shape ${shapeStr(u.shape)} must have the operand's rank and fit in operand shape ` +
          `${shapeStr(a.shape)}`,
      );
    }
    return [a.withWeak(a.weakType && u.weakType)];
  },
  jvp([x, u, ...starts], [tx, tu], params) {
    const ans = bind1(dynamicUpdateSliceP, [x, u, ...starts], params);
    if (tx instanceof Zero && tu instanceof Zero) return [[ans], [new Zero(ans.aval.strongType())]];
    return [[ans], [bind1(dynamicUpdateSliceP, [instantiate(tx), instantiate(tu), ...starts], params)]];
  },
  transpose([ct], [x, u, ...starts]) {
    const uAval = u instanceof UndefinedPrimal ? u.aval : (u as NDArray).aval;
    if (ct instanceof Zero) return [null, null, ...starts.map(() => null)];
    const st = starts as NDArray[];
    const tOp = x instanceof UndefinedPrimal ? bind1(dynamicUpdateSliceP, [ct, zerosLikeAval(uAval.strongType()), ...st], {}) : null;
    const tU = u instanceof UndefinedPrimal ? bind1(dynamicSliceP, [ct, ...st], { slice_sizes: [...uAval.shape] }) : null;
    return [tOp, tU, ...starts.map(() => null)];
  },
  batch(args, dims) {
    const [x, u, ...starts] = args;
    if (dims.slice(2).some((d) => d !== null)) return batchDynamicUpdateSlice(args, dims);
    const size = batchSize(args, dims);
    const xm = matchBatch(x, dims[0], size, 0);
    const um = matchBatch(u, dims[1], size, 0);
    const zero = full([], 0, starts.length ? starts[0].dtype : "int32");
    return [[bind1(dynamicUpdateSliceP, [xm, um, zero, ...starts], {})], [0]];
  },
});

// ---------- batched start indices ----------

/** Scalar start indices (some batched) → one (size, n) int32 index array with its batch dim. */
function batchStartIndices(starts: NDArray[], dims: BatchDim[]): [NDArray, BatchDim] {
  if (starts.length === 0) return [full([0], 0, "int32"), null];
  const k = dims.findIndex((d) => d !== null);
  if (k < 0) {
    const cols = starts.map((s) => bind1(reshapeP, [convert(s, "int32")], { new_sizes: [1], dimensions: null }));
    return [bind1(concatenateP, cols, { dimension: 0 }), null];
  }
  const size = starts[k].shape[dims[k]!];
  const cols = starts.map((s, i) =>
    bind1(broadcastInDimP, [convert(s, "int32")], { shape: [size, 1], broadcast_dimensions: dims[i] !== null ? [0] : [] }),
  );
  return [bind1(concatenateP, cols, { dimension: 1 }), 0];
}

/** dynamic_slice with batched start indices: a clipped gather (JAX's rule). */
function batchDynamicSlice(args: NDArray[], dims: BatchDim[], params: DynamicSliceParams): [NDArray[], BatchDim[]] {
  const [operand, ...starts] = args;
  const [obd, ...sbds] = dims;
  const all = range(operand.ndim - (obd === null ? 0 : 1));
  const dn: GatherDimensionNumbers = {
    offset_dims: all,
    collapsed_slice_dims: [],
    start_index_map: all,
    operand_batching_dims: [],
    start_indices_batching_dims: [],
  };
  const [index, ibd] = batchStartIndices(starts, sbds);
  const p: GatherParams = {
    dimension_numbers: dn,
    slice_sizes: [...params.slice_sizes],
    indices_are_sorted: true,
    unique_indices: true,
    mode: "clip",
    fill_value: null,
  };
  return gatherBatch(gatherP, [operand, index], [obd, ibd], p);
}

/** dynamic_update_slice with batched start indices: a clipped scatter (JAX's rule). */
function batchDynamicUpdateSlice(args: NDArray[], dims: BatchDim[]): [NDArray[], BatchDim[]] {
  const [operand, update, ...starts] = args;
  const [obd, ubd, ...sbds] = dims;
  const all = range(update.ndim - (ubd === null ? 0 : 1));
  const dn: ScatterDimensionNumbers = {
    update_window_dims: all,
    inserted_window_dims: [],
    scatter_dims_to_operand_dims: all,
    operand_batching_dims: [],
    scatter_indices_batching_dims: [],
  };
  const [index, ibd] = batchStartIndices(starts, sbds);
  const p: ScatterParams = { dimension_numbers: dn, indices_are_sorted: true, unique_indices: true, mode: "clip" };
  return scatterBatch(scatterP, [operand, index, update], [obd, ibd, ubd], p);
}
