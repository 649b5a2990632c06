// Data movement that needs no kernel: dynamic_update_slice as block copies
// inside the wasm memory (memmove by rows), with XLA's clamped start indices.
import type { ShapedArray } from "../core/aval.ts";
import type { Params } from "../core/primitive.ts";
import { stridesOf } from "../core/shape.ts";
import type { WasmBackend } from "../backend/wasm/backend.ts";
import { type WasmBuffer, storageBytes } from "../backend/wasm/buffer.ts";

type Move = (b: WasmBackend, ins: WasmBuffer[], inAvals: ShapedArray[], params: Params, outAvals: ShapedArray[]) => WasmBuffer[] | null;

function dynamicUpdateSlice(b: WasmBackend, [x, u, ...starts]: WasmBuffer[], [a, ua, ...sa]: ShapedArray[], _p: Params, [o]: ShapedArray[]): WasmBuffer[] | null {
  if (sa.some((s) => s.dtype !== "int32" && s.dtype !== "uint32")) return null;
  const bytes = storageBytes(a.dtype);
  const out = b.alloc(o);
  const heap = b.heap;
  heap.u8.copyWithin(out.ptr, x.ptr, x.ptr + a.size * bytes);
  if (ua.size === 0) return [out];
  const st = starts.map((s, d) => Math.min(Math.max(heap.i32[s.ptr >> 2], 0), a.shape[d] - ua.shape[d]));
  const strides = stridesOf(a.shape);
  const nd = a.ndim;
  if (nd === 0) { heap.u8.copyWithin(out.ptr, u.ptr, u.ptr + bytes); return [out]; }
  const row = ua.shape[nd - 1] * bytes;
  const rows = ua.size / ua.shape[nd - 1];
  const idx = new Array<number>(nd - 1).fill(0);
  for (let r = 0; r < rows; r++) {
    let off = st[nd - 1];
    for (let d = 0; d < nd - 1; d++) off += (st[d] + idx[d]) * strides[d];
    heap.u8.copyWithin(out.ptr + off * bytes, u.ptr + r * row, u.ptr + (r + 1) * row);
    for (let d = nd - 2; d >= 0; d--) { if (++idx[d] < ua.shape[d]) break; idx[d] = 0; }
  }
  return [out];
}

export const NATIVE_MOVES: Record<string, Move> = { dynamic_update_slice: dynamicUpdateSlice };
