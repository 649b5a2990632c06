// argmax / argmin over one axis as typed-array loops on the wasm memory
// (the kernel IR has no reduction that carries an index): the operand seen
// as [outer, axis, inner], each output the first index of the best value,
// the first NaN winning, as NumPy and JAX do. int32 indices over float32,
// float64, 32-bit and 8-bit integer and bool operands; anything else is
// left to the reference kernel (null).
import type { DType } from "../../../core/dtypes.ts";
import { paramsOf } from "../../../core/primitive.ts";
import { argmaxP, argminP } from "../../../lax/reduce.ts";
import type { Move } from "./native_moves.ts";

type Numbers = Float32Array | Float64Array | Int32Array | Uint32Array | Int8Array | Uint8Array;
const VIEWS: Partial<Record<DType, new (b: ArrayBufferLike, at: number, n: number) => Numbers>> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int8: Int8Array,
  uint8: Uint8Array,
  bool: Uint8Array,
};

export const argReduce: Move = (b, prim, [x], [xa], params, [o]) => {
  const p = paramsOf([argmaxP, argminP], prim, params);
  const View = VIEWS[xa.dtype];
  if (!View || o.dtype !== "int32" || p.axes.length !== 1 || xa.size === 0) return null;
  const axis = p.axes[0];
  const len = xa.shape[axis];
  const inner = xa.shape.slice(axis + 1).reduce((a, s) => a * s, 1);
  const outer = xa.size / (len * inner);
  const out = b.alloc(o);
  const mem = b.heap.memory.buffer;
  const src = new View(mem, x.ptr, xa.size);
  const dst = new Int32Array(mem, out.ptr, o.size);
  const max = prim === argmaxP;
  if (inner === 1) alongRows(src, dst, outer, len, max);
  else acrossColumns(src, dst, outer, len, inner, max);
  return [out];
};

/** The axis is innermost: one contiguous row per output. */
function alongRows(src: Numbers, dst: Int32Array, rows: number, len: number, max: boolean): void {
  for (let r = 0; r < rows; r++) {
    const base = r * len;
    let best = src[base];
    let at = 0;
    if (best === best) {
      for (let j = 1; j < len; j++) {
        const v = src[base + j];
        if (v !== v) {
          at = j; // the first NaN wins
          break;
        }
        if (max ? v > best : v < best) {
          best = v;
          at = j;
        }
      }
    }
    dst[r] = at;
  }
}

/** The axis has `inner` elements after it: every output of a block advances together. */
function acrossColumns(src: Numbers, dst: Int32Array, outer: number, len: number, inner: number, max: boolean): void {
  const best = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner;
    const row = dst.subarray(o * inner, (o + 1) * inner);
    for (let i = 0; i < inner; i++) {
      best[i] = src[base + i];
      row[i] = 0;
    }
    for (let j = 1; j < len; j++) {
      const at = base + j * inner;
      for (let i = 0; i < inner; i++) {
        const b = best[i];
        if (b !== b) continue; // a NaN already won
        const v = src[at + i];
        if (v !== v || (max ? v > b : v < b)) {
          best[i] = v;
          row[i] = j;
        }
      }
    }
  }
}
