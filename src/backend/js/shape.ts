// Reference kernels for shape primitives.
import { stridesOf } from "../../core/shape.ts";
import type { TypedArray } from "../../core/dtypes.ts";
import { dynamicSliceP } from "../../lax/dynamic_slice.ts";
import { broadcastInDimP, concatenateP, iotaP, padP, revP, sliceP, transposeP } from "../../lax/shape_ops.ts";
import { alloc, defKernel } from "./kernel.ts";

/** Calls f(outFlatIndex, multiIndex) over a shape in row-major order. */
export function forEachIndex(shape: readonly number[], f: (flat: number, idx: number[]) => void): void {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n === 0) return;
  const idx = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    f(flat, idx);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
}

/**
 * out[i] = x[offset + sum_d idx_d * strides[d]] over `shape` in row-major order.
 * The innermost dimension runs as a tight loop (no per-element callbacks).
 */
export function stridedCopy(x: TypedArray, out: TypedArray, shape: readonly number[], strides: readonly number[], offset = 0): void {
  const nd = shape.length;
  if (nd === 0) {
    out[0] = x[offset];
    return;
  }
  const n = out.length;
  if (n === 0) return;
  const inner = shape[nd - 1];
  const st = strides[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let base = offset;
  for (let w = 0; w < n; w += inner) {
    if (st === 1) out.set(x.subarray(base, base + inner), w);
    else if (st === 0) out.fill(x[base] as never, w, w + inner);
    else for (let k = 0, o = base; k < inner; k++, o += st) out[w + k] = x[o];
    // Advance the odometer over the outer dimensions.
    for (let d = nd - 2; d >= 0; d--) {
      base += strides[d];
      if (++idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

defKernel(broadcastInDimP, ([x], [a], p, [o]) => {
  const out = alloc(o);
  const bd = p.broadcast_dimensions;
  const inStrides = stridesOf(a.shape);
  // Stride of each output dim into the input (0 where broadcast).
  const st = new Array<number>(o.ndim).fill(0);
  bd.forEach((d, i) => {
    if (a.shape[i] !== 1) st[d] = inStrides[i];
  });
  stridedCopy(x, out, o.shape, st);
  return [out];
});

const copy = ([x]: TypedArray[]): TypedArray[] => [x.slice()];
defKernel("reshape", copy);
defKernel("squeeze", copy);

defKernel(transposeP, ([x], [a], p, [o]) => {
  const out = alloc(o);
  const perm = p.permutation;
  const inStrides = stridesOf(a.shape);
  stridedCopy(
    x,
    out,
    o.shape,
    perm.map((q) => inStrides[q]),
  );
  return [out];
});

defKernel(revP, ([x], [a], p, [o]) => {
  const out = alloc(o);
  const dims = p.dimensions;
  const strides = stridesOf(a.shape);
  // Reversed dims start at the far end and walk backwards.
  const st = strides.map((v, d) => (dims.includes(d) ? -v : v));
  const off = dims.reduce((s, d) => s + (a.shape[d] - 1) * strides[d], 0);
  if (o.size > 0) stridedCopy(x, out, o.shape, st, off);
  return [out];
});

defKernel(sliceP, ([x], [a], p, [o]) => {
  const out = alloc(o);
  const st = p.start_indices;
  const sd = p.strides ?? st.map(() => 1);
  const strides = stridesOf(a.shape);
  const off = st.reduce((s, v, d) => s + v * strides[d], 0);
  if (o.size > 0)
    stridedCopy(
      x,
      out,
      o.shape,
      strides.map((v, d) => v * sd[d]),
      off,
    );
  return [out];
});

defKernel(padP, ([x, pv], [a], p, [o]) => {
  const out = alloc(o);
  out.fill(pv[0] as never);
  const cfg = p.padding_config;
  const outStrides = stridesOf(o.shape);
  forEachIndex(a.shape, (flat, idx) => {
    let off = 0;
    for (let d = 0; d < idx.length; d++) {
      const pos = cfg[d][0] + idx[d] * (cfg[d][2] + 1);
      if (pos < 0 || pos >= o.shape[d]) return;
      off += pos * outStrides[d];
    }
    out[off] = x[flat];
  });
  return [out];
});

defKernel(concatenateP, (xs, avals, p, [o]) => {
  const out = alloc(o);
  const dim = p.dimension;
  const outer = o.shape.slice(0, dim).reduce((s, v) => s * v, 1);
  const inner = o.shape.slice(dim + 1).reduce((s, v) => s * v, 1);
  let pos = 0;
  const rowOut = o.shape[dim] * inner;
  xs.forEach((x, k) => {
    const w = avals[k].shape[dim] * inner;
    for (let i = 0; i < outer; i++) out.set(x.subarray(i * w, (i + 1) * w), i * rowOut + pos);
    pos += w;
  });
  return [out];
});

defKernel(iotaP, (_x, _a, p, [o]) => {
  const out = alloc(o);
  const dim = p.dimension;
  forEachIndex(o.shape, (flat, idx) => {
    out[flat] = idx[dim];
  });
  return [out];
});

/** Start indices clamped so the window fits, as XLA does. */
function clampStarts(starts: TypedArray[], shape: readonly number[], sizes: readonly number[]): number[] {
  return starts.map((s, i) => Math.min(Math.max(Number(s[0]), 0), shape[i] - sizes[i]));
}

defKernel(dynamicSliceP, ([x, ...starts], [a], p, [o]) => {
  const out = alloc(o);
  const st = clampStarts(starts, a.shape, p.slice_sizes);
  const strides = stridesOf(a.shape);
  if (o.size > 0)
    stridedCopy(
      x,
      out,
      o.shape,
      strides,
      st.reduce((s, v, d) => s + v * strides[d], 0),
    );
  return [out];
});

defKernel("dynamic_update_slice", ([x, u, ...starts], [a, ua]) => {
  const out = x.slice();
  const st = clampStarts(starts, a.shape, ua.shape);
  const strides = stridesOf(a.shape);
  forEachIndex(ua.shape, (flat, idx) => {
    let off = 0;
    for (let d = 0; d < idx.length; d++) off += (st[d] + idx[d]) * strides[d];
    out[off] = u[flat];
  });
  return [out];
});
