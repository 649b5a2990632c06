// pad and concatenate as moves inside the wasm memory: concatenate copies
// each operand as a block into its place (runtime/block_copy.ts); pad fills
// the whole output with the padding value (memory.fill or doubling copies)
// and copies the part of the operand that lands inside as one block, its
// elements spread by the interior padding. Filling only the padding, row by
// row, was slower (1000² padded by 8: 0.26 ms against 0.15) and a JS call
// per row for thin rows (1e6 rows of 1 padded to 3: 25 ms against 0.7).
// The reference kernels did this element by element in host memory, then
// copied the result in: associativeScan (a pad and a concatenate per level)
// spent most of its time there.
import type { ShapedArray } from "../../../core/aval.ts";
import { storageBytes } from "../../../core/dtypes.ts";
import { type Params, type Primitive, paramsOf } from "../../../core/primitive.ts";
import { stridesOf } from "../../../core/shape.ts";
import { concatenateP, padP } from "../../../lax/shape_ops.ts";
import type { WasmBackend } from "../backend.ts";
import type { WasmBuffer } from "../buffer.ts";
import { copyBlock } from "./block_copy.ts";

export function concatenate(
  b: WasmBackend,
  prim: Primitive,
  xs: WasmBuffer[],
  avals: ShapedArray[],
  params: Params,
  [o]: ShapedArray[],
): WasmBuffer[] {
  const dim = paramsOf(concatenateP, prim, params).dimension;
  const bytes = storageBytes(o.dtype);
  const out = b.alloc(o);
  const os = stridesOf(o.shape);
  let at = 0;
  xs.forEach((x, k) => {
    const shape = avals[k].shape;
    copyBlock(b.heap, out.ptr + at * bytes, os, x.ptr, stridesOf(shape), shape, bytes);
    at += shape[dim] * os[dim];
  });
  return [out];
}

export function pad(
  b: WasmBackend,
  prim: Primitive,
  [x, pv]: WasmBuffer[],
  [a]: ShapedArray[],
  params: Params,
  [o]: ShapedArray[],
): WasmBuffer[] {
  const cfg = paramsOf(padP, prim, params).padding_config;
  const out = b.alloc(o);
  if (o.size === 0) return [out];
  const bytes = storageBytes(o.dtype);
  b.heap.copy(out.ptr, pv.ptr, bytes);
  b.heap.fillWith(out.ptr, bytes, o.size * bytes);
  if (a.size === 0) return [out];
  // The operand's elements that land inside the output, along each dim, and where they land.
  const os = stridesOf(o.shape);
  const xs = stridesOf(a.shape);
  let to = 0;
  let from = 0;
  const shape: number[] = [];
  for (let d = 0; d < a.ndim; d++) {
    const [lo, , interior] = cfg[d];
    const step = interior + 1;
    const first = lo >= 0 ? 0 : Math.ceil(-lo / step);
    const end = Math.min(a.shape[d], Math.floor((o.shape[d] - 1 - lo) / step) + 1);
    if (first >= end) return [out];
    to += (lo + first * step) * os[d];
    from += first * xs[d];
    shape.push(end - first);
  }
  const toStrides = os.map((s, d) => s * (cfg[d][2] + 1));
  copyBlock(b.heap, out.ptr + to * bytes, toStrides, x.ptr + from * bytes, xs, shape, bytes);
  return [out];
}
