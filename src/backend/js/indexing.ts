// Reference kernels for gather and the scatter family (XLA semantics).
//
// Both walk a table of window starts, one per position of the indices' batch
// shape (every dim but the trailing index vector): the start of the window in
// the operand, or -1 when the window is out of bounds in "fill" mode (gather
// fills it, scatter drops it). "clip" clamps each start so the window fits;
// gather's "promise_in_bounds" clamps too and scatter's drops, as XLA does.
import type { ShapedArray } from "../../core/aval.ts";
import { type DType, type TypedArray, castScalar } from "../../core/dtypes.ts";
import type { Primitive } from "../../core/primitive.ts";
import { gatherP, scatterAddP, scatterMaxP, scatterMinP, scatterMulP, scatterP } from "../../lax/gather_scatter.ts";
import type { ScatterParams } from "../../lax/gather_scatter_params.ts";
import { prod, stridesOf } from "../../core/shape.ts";
import { alloc, defKernel } from "./kernel.ts";

interface WindowSpec {
  /** Operand dims the index vector addresses (start_index_map / scatter_dims_to_operand_dims). */
  indexedDims: number[];
  operandBatchingDims: number[];
  indicesBatchingDims: number[];
  /** Window extent per operand dim. */
  windowSizes: number[];
  /** true: clamp starts into range; false: mark out-of-range windows with -1. */
  clamp: boolean;
}

/** Flat operand offset of each window start, in row-major order of the indices' batch shape. */
function windowStarts(
  indices: TypedArray,
  indicesShape: readonly number[],
  operandShape: readonly number[],
  spec: WindowSpec,
): Int32Array | Float64Array {
  const batchShape = indicesShape.slice(0, -1);
  const nVec = indicesShape[indicesShape.length - 1];
  const nPos = prod(batchShape);
  const opStrides = stridesOf(operandShape);
  const out = prod(operandShape) < 2 ** 31 ? new Int32Array(nPos) : new Float64Array(nPos);
  const coord = new Array<number>(batchShape.length).fill(0);
  for (let b = 0; b < nPos; b++) {
    let off = 0;
    let inBounds = true;
    for (let k = 0; k < nVec; k++) {
      const d = spec.indexedDims[k];
      const hi = operandShape[d] - spec.windowSizes[d];
      let s = Number(indices[b * nVec + k]);
      if (spec.clamp) s = s < 0 ? 0 : s > hi ? hi : s;
      else if (s < 0 || s > hi) {
        inBounds = false;
        break;
      }
      off += s * opStrides[d];
    }
    for (let i = 0; i < spec.operandBatchingDims.length; i++) {
      off += coord[spec.indicesBatchingDims[i]] * opStrides[spec.operandBatchingDims[i]];
    }
    out[b] = inBounds ? off : -1;
    for (let d = batchShape.length - 1; d >= 0; d--) {
      if (++coord[d] < batchShape[d]) break;
      coord[d] = 0;
    }
  }
  return out;
}

/**
 * Walks `shape` (of the gather output / scatter updates) in row-major order,
 * calling f(flat, windowIndex, offsetInWindow). Each dim either steps through
 * the window (operand stride) or through the batch positions (batch stride).
 */
function walk(
  shape: readonly number[],
  windowDims: number[],
  windowOperandDims: number[],
  opStrides: number[],
  batchStrides: number[],
  f: (flat: number, pos: number, off: number) => void,
): void {
  const n = prod(shape);
  if (n === 0) return;
  const rank = shape.length;
  const posStep = new Array<number>(rank).fill(0);
  const offStep = new Array<number>(rank).fill(0);
  let b = 0;
  for (let d = 0; d < rank; d++) {
    const w = windowDims.indexOf(d);
    if (w >= 0) offStep[d] = opStrides[windowOperandDims[w]];
    else posStep[d] = batchStrides[b++];
  }
  const coord = new Array<number>(rank).fill(0);
  let pos = 0,
    off = 0;
  for (let i = 0; i < n; i++) {
    f(i, pos, off);
    for (let d = rank - 1; d >= 0; d--) {
      pos += posStep[d];
      off += offStep[d];
      if (++coord[d] < shape[d]) break;
      pos -= posStep[d] * shape[d];
      off -= offStep[d] * shape[d];
      coord[d] = 0;
    }
  }
}

/** Operand dims that are window dims (neither collapsed/inserted nor batching), in order. */
function windowOperandDims(rank: number, dropped: number[], batching: number[]): number[] {
  return Array.from({ length: rank }, (_, i) => i).filter((i) => !dropped.includes(i) && !batching.includes(i));
}

defKernel(gatherP, ([x, idx], [xa, ia], p, [o]) => {
  const dn = p.dimension_numbers;
  const sizes = p.slice_sizes;
  const out = alloc(o);
  if (o.size === 0) return [out];
  const starts = windowStarts(idx, ia.shape, xa.shape, {
    indexedDims: dn.start_index_map,
    operandBatchingDims: dn.operand_batching_dims,
    indicesBatchingDims: dn.start_indices_batching_dims,
    windowSizes: sizes,
    clamp: p.mode !== "fill",
  });
  const fill = p.mode === "fill" ? castScalar(p.fill_value ?? 0, o.dtype) : 0;
  const winDims = windowOperandDims(xa.ndim, dn.collapsed_slice_dims, dn.operand_batching_dims);
  walk(o.shape, dn.offset_dims, winDims, stridesOf(xa.shape), stridesOf(ia.shape.slice(0, -1)), (i, pos, off) => {
    const s = starts[pos];
    out[i] = s < 0 ? fill : x[s + off];
  });
  return [out];
});

type Combine = (a: number, b: number) => number;

/** The scatter combiner for a dtype: integer ops wrap, bools use logic ops, float min/max propagate NaN. */
function combiner(op: string, dtype: DType): Combine {
  const isBool = dtype === "bool";
  const i32 = dtype === "int32",
    u32 = dtype === "uint32";
  switch (op) {
    case "scatter":
      return (_a, b) => b;
    case "scatter-add":
      return isBool ? (a, b) => a | b : (a, b) => a + b; // typed-array stores wrap ints
    case "scatter-mul":
      if (isBool) return (a, b) => a & b;
      if (i32) return (a, b) => Math.imul(a, b);
      if (u32) return (a, b) => Math.imul(a, b) >>> 0;
      return (a, b) => a * b;
    case "scatter-min":
      return isBool ? (a, b) => a & b : (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a < b ? a : b);
    case "scatter-max":
      return isBool ? (a, b) => a | b : (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a > b ? a : b);
  }
  throw new Error(`unknown scatter kind ${op}`);
}

function defScatterKernel(prim: Primitive<ScatterParams>): void {
  defKernel(prim, ([x, idx, upd], avals: ShapedArray[], p) => [scatterWith(x, idx, upd, avals, p, combiner(prim.name, avals[0].dtype))]);
}

/**
 * A copy of x with each update combined into its element by f (indices as
 * numbers). Generic over the element type: the 64-bit kernels pass
 * BigInt64Arrays and a combiner on bigints.
 */
export function scatterWith<A extends { slice(): A; [i: number]: E }, E>(
  x: A,
  idx: TypedArray,
  upd: { [i: number]: E },
  [xa, ia, ua]: ShapedArray[],
  p: ScatterParams,
  f: (a: E, b: E) => E,
): A {
  const dn = p.dimension_numbers;
  const out = x.slice();
  if (ua.size === 0) return out;
  const winDims = windowOperandDims(xa.ndim, dn.inserted_window_dims, dn.operand_batching_dims);
  const windowSizes = xa.shape.map(() => 1);
  winDims.forEach((d, k) => {
    windowSizes[d] = ua.shape[dn.update_window_dims[k]];
  });
  const starts = windowStarts(idx, ia.shape, xa.shape, {
    indexedDims: dn.scatter_dims_to_operand_dims,
    operandBatchingDims: dn.operand_batching_dims,
    indicesBatchingDims: dn.scatter_indices_batching_dims,
    windowSizes,
    clamp: p.mode === "clip",
  });
  walk(ua.shape, dn.update_window_dims, winDims, stridesOf(xa.shape), stridesOf(ia.shape.slice(0, -1)), (i, pos, off) => {
    const s = starts[pos];
    if (s < 0) return;
    const k = s + off;
    out[k] = f(out[k], upd[i]);
  });
  return out;
}

for (const prim of [scatterP, scatterAddP, scatterMulP, scatterMinP, scatterMaxP]) defScatterKernel(prim);
