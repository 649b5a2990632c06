// pad and concatenate as moves inside the wasm memory: concatenate copies
// each operand's rows (memmove), pad fills the output with the padding value
// and writes the operand with strided loops over its innermost axis. The
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
  const outer = o.shape.slice(0, dim).reduce((s, v) => s * v, 1);
  const inner = o.shape.slice(dim + 1).reduce((s, v) => s * v, 1);
  const out = b.alloc(o);
  const rowOut = o.shape[dim] * inner * bytes;
  const heap = b.heap;
  let pos = 0;
  xs.forEach((x, k) => {
    const w = avals[k].shape[dim] * inner * bytes;
    const from = x.ptr;
    for (let i = 0; i < outer; i++) heap.copy(out.ptr + i * rowOut + pos, from + i * w, w);
    pos += w;
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
  ov.fill(viewOf(b.heap, pv, pa)[0] as never);
  if (a.size === 0 || o.size === 0) return [out];
  const xv = viewOf(b.heap, x, a);
  const nd = a.ndim;
  if (nd === 0) {
    ov[0] = xv[0];
    return [out];
  }
  const os = stridesOf(o.shape);
  const xs = stridesOf(a.shape);
  const last = nd - 1;
  const [lo, , interior] = cfg[last];
  const step = interior + 1;
  const n = a.shape[last];
  // Input positions along the last axis that land inside the output.
  const first = lo >= 0 ? 0 : Math.ceil(-lo / step);
  const end = Math.min(n, Math.floor((o.shape[last] - 1 - lo) / step) + 1);
  if (first >= end) return [out];
  const idx = new Array<number>(Math.max(nd - 1, 0)).fill(0);
  const outerCount = a.size / n;
  for (let r = 0; r < outerCount; r++) {
    let ob = 0;
    let xb = 0;
    let inside = true;
    for (let d = 0; d < nd - 1; d++) {
      const posD = cfg[d][0] + idx[d] * (cfg[d][2] + 1);
      if (posD < 0 || posD >= o.shape[d]) {
        inside = false;
        break;
      }
      ob += posD * os[d];
      xb += idx[d] * xs[d];
    }
    if (inside) {
      let at = ob + lo + first * step;
      for (let i = first; i < end; i++, at += step) ov[at] = xv[xb + i];
    }
    for (let d = nd - 2; d >= 0; d--) {
      if (++idx[d] < a.shape[d]) break;
      idx[d] = 0;
    }
  }
  return [out];
}
