// Data movement that needs no kernel, as block copies inside the wasm memory
// (runtime/block_copy.ts) straight into the output buffer: dynamic_update_slice
// and dynamic_slice with XLA's clamped start indices, static slices, and the copies that
// reshape, squeeze and copy are (kernels bake offsets into their code, so a
// kernel per distinct slice start would mean a compile per start).
import type { ShapedArray } from "../../../core/aval.ts";
import { type Params, type Primitive, paramsOf } from "../../../core/primitive.ts";
import { reshapeP } from "../../../lax/layout.ts";
import { type SliceParams, sliceP } from "../../../lax/shape_ops.ts";
import { dynamicSliceP } from "../../../lax/dynamic_slice.ts";
import { stridesOf } from "../../../core/shape.ts";
import type { WasmBackend } from "../backend.ts";
import { storageBytes } from "../../../core/dtypes.ts";
import type { WasmBuffer } from "../buffer.ts";
import { copyBlock } from "./block_copy.ts";
import { concatenate, pad } from "./native_pad_concat.ts";
import { gather } from "./native_gather.ts";
import { scatter } from "./native_scatter.ts";
import { cholesky, lu, qr, triangularSolve } from "./native_linalg.ts";
import { eigh } from "./native_eigh.ts";
import { svd } from "./native_svd.ts";
import { argReduce } from "./native_arg.ts";
import { sort } from "./native_sort.ts";
import { topK } from "./native_top_k.ts";

/** A primitive run as data movement on the heap: its output buffers, or null to leave it to the reference kernel. */
export type Move = (
  b: WasmBackend,
  prim: Primitive,
  ins: WasmBuffer[],
  inAvals: ShapedArray[],
  params: Params,
  outAvals: ShapedArray[],
) => WasmBuffer[] | null;

/** Start indices (int32, uint32 or int64 scalars: see startDtypesOk) clamped so the window fits, as XLA does. */
function clampedStarts(
  b: WasmBackend,
  starts: WasmBuffer[],
  sa: ShapedArray[],
  shape: readonly number[],
  sizes: readonly number[],
): number[] {
  const heap = b.heap;
  // int64 starts (x64): the value of the two words (hi · 2^32 + lo, exact where it matters: it is clamped).
  const startOf = (s: WasmBuffer, d: number): number =>
    sa[d].dtype === "int64" ? heap.i32[(s.ptr >> 2) + 1] * 2 ** 32 + (heap.i32[s.ptr >> 2] >>> 0) : heap.i32[s.ptr >> 2];
  return starts.map((s, d) => Math.min(Math.max(startOf(s, d), 0), shape[d] - sizes[d]));
}
const startDtypesOk = (sa: ShapedArray[]): boolean => sa.every((s) => s.dtype === "int32" || s.dtype === "uint32" || s.dtype === "int64");

function dynamicUpdateSlice(
  b: WasmBackend,
  _prim: Primitive,
  [x, u, ...starts]: WasmBuffer[],
  [a, ua, ...sa]: ShapedArray[],
  _p: Params,
  [o]: ShapedArray[],
): WasmBuffer[] | null {
  if (!startDtypesOk(sa)) return null;
  const bytes = storageBytes(a.dtype);
  const out = b.alloc(o);
  b.heap.copy(out.ptr, x.ptr, a.size * bytes);
  if (ua.size === 0) return [out];
  const st = clampedStarts(b, starts, sa, a.shape, ua.shape);
  const strides = stridesOf(a.shape);
  const at = st.reduce((s, v, d) => s + v * strides[d], 0);
  copyBlock(b.heap, out.ptr + at * bytes, strides, u.ptr, stridesOf(ua.shape), ua.shape, bytes);
  return [out];
}

/** reshape (without dimensions), squeeze, copy: the bytes are already in row-major order. */
function wholeCopy(
  b: WasmBackend,
  prim: Primitive,
  [x]: WasmBuffer[],
  [a]: ShapedArray[],
  p: Params,
  [o]: ShapedArray[],
): WasmBuffer[] | null {
  if (prim === reshapeP && paramsOf(reshapeP, prim, p).dimensions) return null; // reshape with dimensions transposes first
  const out = b.alloc(o);
  b.heap.copy(out.ptr, x.ptr, a.size * storageBytes(a.dtype));
  return [out];
}

/** Static slice: one block copy (contiguous runs of the last dim row by row, strided ones element by element in wasm). */
function slice(b: WasmBackend, prim: Primitive, [x]: WasmBuffer[], [a]: ShapedArray[], params: Params, [o]: ShapedArray[]): WasmBuffer[] {
  const p = paramsOf(sliceP, prim, params);
  const out = b.alloc(o);
  if (o.size === 0) return [out];
  const bytes = storageBytes(a.dtype);
  const steps = p.strides ?? p.start_indices.map(() => 1);
  const strides = stridesOf(a.shape);
  const at = p.start_indices.reduce((s, v, d) => s + v * strides[d], 0);
  const fromStrides = strides.map((s, d) => s * steps[d]);
  copyBlock(b.heap, out.ptr, stridesOf(o.shape), x.ptr + at * bytes, fromStrides, o.shape, bytes);
  return [out];
}

/** dynamic_slice: the static slice at the clamped start indices. */
function dynamicSlice(
  b: WasmBackend,
  prim: Primitive,
  [x, ...starts]: WasmBuffer[],
  [a, ...sa]: ShapedArray[],
  params: Params,
  outAvals: ShapedArray[],
): WasmBuffer[] | null {
  if (!startDtypesOk(sa)) return null;
  const sizes = paramsOf(dynamicSliceP, prim, params).slice_sizes;
  const st = clampedStarts(b, starts, sa, a.shape, sizes);
  const p: SliceParams = { start_indices: st, limit_indices: st.map((s, d) => s + sizes[d]), strides: null };
  return slice(b, sliceP, [x], [a], p, outAvals);
}

export const NATIVE_MOVES: Record<string, Move> = {
  pad,
  concatenate,
  dynamic_slice: dynamicSlice,
  dynamic_update_slice: dynamicUpdateSlice,
  slice,
  reshape: wholeCopy,
  squeeze: wholeCopy,
  copy: wholeCopy,
  gather,
  scatter,
  "scatter-add": scatter,
  "scatter-mul": scatter,
  "scatter-min": scatter,
  "scatter-max": scatter,
  lu,
  triangular_solve: triangularSolve,
  cholesky,
  qr,
  eigh,
  svd,
  argmax: argReduce,
  argmin: argReduce,
  sort,
  top_k: topK,
};
