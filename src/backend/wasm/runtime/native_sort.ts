// A one-operand sort along the last axis (jnp.sort) as the engine's typed-
// array sort on each row of a copy in the wasm memory. JAX's order differs
// from the typed arrays' only where values compare equal but differ in bits
// (stably kept in input order): -0.0 and 0.0, and NaNs (last, all equal).
// Those runs are rewritten with the row's zeros and NaNs in input order.
// Argsort (two operands), other axes and other dtypes are left to the
// reference kernel (null).
import { storageBytes } from "../../../core/dtypes.ts";
import { paramsOf } from "../../../core/primitive.ts";
import { sortP } from "../../../lax/sort.ts";
import type { Move } from "./native_moves.ts";

export const sort: Move = (b, prim, ins, avals, params, [o]) => {
  const p = paramsOf(sortP, prim, params);
  const [a] = avals;
  if (ins.length !== 1 || p.num_keys !== 1 || p.dimension !== a.ndim - 1 || a.size === 0) return null;
  if (a.dtype !== "float32" && a.dtype !== "int32" && a.dtype !== "uint32") return null;
  const out = b.alloc(o);
  b.heap.copy(out.ptr, ins[0].ptr, a.size * storageBytes(a.dtype));
  const n = a.shape[a.ndim - 1];
  const mem = b.heap.memory.buffer;
  if (a.dtype === "float32") {
    const src = new Float32Array(mem, ins[0].ptr, a.size);
    const dst = new Float32Array(mem, out.ptr, a.size);
    for (let at = 0; at < a.size; at += n) sortFloatRow(src.subarray(at, at + n), dst.subarray(at, at + n));
  } else {
    const dst = a.dtype === "int32" ? new Int32Array(mem, out.ptr, a.size) : new Uint32Array(mem, out.ptr, a.size);
    for (let at = 0; at < a.size; at += n) dst.subarray(at, at + n).sort();
  }
  return [out];
};

/** Sorts `dst` (a copy of `src`); equal zeros and NaNs come back in src's order. */
function sortFloatRow(src: Float32Array, dst: Float32Array): void {
  dst.sort();
  let zeros = 0;
  let nans = 0;
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (v === 0) zeros++;
    else if (v !== v) nans++;
  }
  if (zeros > 1) {
    // The zeros' run starts after the negatives.
    let at = 0;
    while (dst[at] < 0) at++;
    for (let i = 0; i < src.length; i++) if (src[i] === 0) dst[at++] = src[i];
  }
  if (nans > 1) {
    let at = src.length - nans;
    for (let i = 0; i < src.length; i++) if (src[i] !== src[i]) dst[at++] = src[i];
  }
}
