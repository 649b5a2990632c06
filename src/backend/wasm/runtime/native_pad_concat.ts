// pad and concatenate as moves inside the wasm memory: concatenate copies
// each operand as a block into its place (runtime/block_copy.ts), pad fills
// the output with the padding value and copies the operand into it, its
// elements spread by the interior padding. The
// reference kernels did this element by element in host memory, then copied
// the result in: associativeScan (a pad and a concatenate per level) spent
// most of its time there.
import type { ShapedArray } from "../../../core/aval.ts";
import { storageBytes } from "../../../core/dtypes.ts";
import { type Params, type Primitive, paramsOf } from "../../../core/primitive.ts";
import { stridesOf } from "../../../core/shape.ts";
import { concatenateP, padP } from "../../../lax/shape_ops.ts";
import type { WasmBackend } from "../backend.ts";
import { type WasmBuffer, viewOf } from "../buffer.ts";
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
  [a, pa]: ShapedArray[],
  params: Params,
  [o]: ShapedArray[],
): WasmBuffer[] {
  const cfg = paramsOf(padP, prim, params).padding_config;
  // The operands are resident for this operation (execute took their addresses), so the views
  // taken after this allocation stay valid.
  const out = b.alloc(o);
  const ov = viewOf(b.heap, out, o);
  const value = viewOf(b.heap, pv, pa)[0];
  if (a.ndim > 0 && a.size > 0 && o.size > 0 && cfg.every(([, , interior]) => interior === 0)) {
    padByRows(b, x, a, out, o, ov, value, cfg);
    return [out];
  }
  if (o.size === 0) return [out];
  const bytes = storageBytes(o.dtype);
  ov[0] = value as never;
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

/** Fills below this many elements are element stores; longer ones go through the heap's fill. */
const SHORT_FILL = 64;

/**
 * A pad without interior padding, row by row: the operand's part of each
 * output row is one memory.copy and the padding around it a fill, where
 * adjacent fills (a row's tail and the next row's head, whole rows of
 * padding) are one. Unpadded trailing axes join the rows, so an image padded
 * in height and width moves whole pixels. Negative padding crops.
 */
function padByRows(
  b: WasmBackend,
  x: WasmBuffer,
  a: ShapedArray,
  out: WasmBuffer,
  o: ShapedArray,
  ov: ReturnType<typeof viewOf>,
  value: number | bigint,
  cfg: readonly (readonly number[])[],
): void {
  const heap = b.heap;
  const bytes = storageBytes(o.dtype);
  let k = a.ndim - 1;
  while (k > 0 && cfg[k][0] === 0 && cfg[k][1] === 0) k--;
  const inner = a.shape.slice(k + 1).reduce((s, v) => s * v, 1);
  const rowIn = a.shape[k] * inner;
  const row = o.shape[k] * inner;
  const lo = cfg[k][0] * inner;
  // The operand's elements that land in a row, and where.
  const from = Math.max(0, -lo);
  const to = Math.min(rowIn, row - lo);
  const at = lo + from;
  let fillStart = 0;
  let fillEnd = 0;
  const flush = (): void => {
    const count = fillEnd - fillStart;
    if (count <= 0) return;
    if (count < SHORT_FILL) for (let i = fillStart; i < fillEnd; i++) ov[i] = value as never;
    else {
      ov[fillStart] = value as never;
      heap.fillWith(out.ptr + fillStart * bytes, bytes, count * bytes);
    }
  };
  const fill = (start: number, count: number): void => {
    if (count <= 0) return;
    if (start !== fillEnd) {
      flush();
      fillStart = start;
    }
    fillEnd = start + count;
  };
  const xs = stridesOf(a.shape);
  const pos = new Array<number>(k).fill(0);
  const rows = o.shape.slice(0, k).reduce((s, v) => s * v, 1);
  for (let r = 0, rowStart = 0; r < rows; r++, rowStart += row) {
    let xb = 0;
    let inside = to > from;
    for (let d = 0; d < k && inside; d++) {
      const i = pos[d] - cfg[d][0];
      inside = i >= 0 && i < a.shape[d];
      xb += i * xs[d];
    }
    if (!inside) fill(rowStart, row);
    else {
      fill(rowStart, at);
      heap.copy(out.ptr + (rowStart + at) * bytes, x.ptr + (xb + from) * bytes, (to - from) * bytes);
      fill(rowStart + at + to - from, row - at - (to - from));
    }
    for (let d = k - 1; d >= 0; d--) {
      if (++pos[d] < o.shape[d]) break;
      pos[d] = 0;
    }
  }
  flush();
}
