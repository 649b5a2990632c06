// Sorts along the last axis on the engine's typed-array sorts. One operand
// (jnp.sort): each row of a copy in the wasm memory sorted in place; JAX's
// order differs from the typed arrays' only where values compare equal but
// differ in bits (stably kept in input order): -0.0 and 0.0, and NaNs (last,
// all equal), whose runs are rewritten in input order. Several operands
// sorted by the first (argsort, random.permutation's key-value sorts): each
// row's keys as order-preserving uint32 codes, joined with their index into
// one float64 (code · 2^b + index, exact while a row has at most 2^21
// elements), sorted numerically, which breaks ties by index (stable); every
// operand is then gathered by the indices. The reference kernel's comparator
// sort took ~2 ms for 10^4 keys. Other axes, key dtypes and several keys
// are left to the reference kernel (null).
import { storageBytes } from "../../../core/dtypes.ts";
import { paramsOf } from "../../../core/primitive.ts";
import { sortP } from "../../../lax/sort.ts";
import type { Move } from "./native_moves.ts";

/** Rows longer than this do not fit code · 2^b + index in a float64's 53 bits. */
const MAX_KEYED_ROW = 2 ** 21;

export const sort: Move = (b, prim, ins, avals, params, outs) => {
  const o = outs[0];
  const p = paramsOf(sortP, prim, params);
  const [a] = avals;
  if (p.num_keys !== 1 || p.dimension !== a.ndim - 1 || a.size === 0) return null;
  if (a.dtype !== "float32" && a.dtype !== "int32" && a.dtype !== "uint32") return null;
  if (ins.length > 1) return keyedSort(b, ins, avals, outs);
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

/** Several operands sorted by the first (see the header): null where a row is too long. */
function keyedSort(
  b: Parameters<Move>[0],
  ins: Parameters<Move>[2],
  avals: Parameters<Move>[3],
  outAvals: Parameters<Move>[5],
): ReturnType<Move> {
  const [a] = avals;
  const n = a.shape[a.ndim - 1];
  if (n > MAX_KEYED_ROW || outAvals.some((o) => ![1, 2, 4, 8].includes(storageBytes(o.dtype)))) return null;
  const outs = outAvals.map((o) => b.alloc(o));
  const mem = b.heap.memory.buffer;
  const bits = Math.max(1, Math.ceil(Math.log2(n)));
  const scale = 2 ** bits;
  const keys = new Uint32Array(mem, ins[0].ptr, a.size);
  const codes = keyCodes(a.dtype);
  const row = new Float64Array(n);
  const order = new Int32Array(n);
  const views = (buf: { ptr: number }, bytes: number, size: number) =>
    bytes === 8
      ? new BigUint64Array(mem, buf.ptr, size) // as integers: a float64 view could change a NaN's payload
      : bytes === 4
        ? new Uint32Array(mem, buf.ptr, size)
        : bytes === 2
          ? new Uint16Array(mem, buf.ptr, size)
          : new Uint8Array(mem, buf.ptr, size);
  const pairs = ins.map((x, q) => {
    const bytes = storageBytes(avals[q].dtype);
    return [views(x, bytes, a.size), views(outs[q], bytes, a.size)] as const;
  });
  for (let at = 0; at < a.size; at += n) {
    for (let i = 0; i < n; i++) row[i] = codes(keys[at + i]) * scale + i;
    row.sort();
    for (let i = 0; i < n; i++) order[i] = row[i] % scale;
    for (const [src, dst] of pairs) for (let i = 0; i < n; i++) dst[at + i] = src[at + order[i]];
  }
  return outs;
}

/**
 * A key's bits (as uint32) to a uint32 code in JAX's order: int32 offset by
 * 2^31; float32 with -0.0 as 0.0 and every NaN as one NaN past +inf (all
 * equal, last), negatives' bits inverted, positives' sign bit set.
 */
function keyCodes(dtype: string): (bits: number) => number {
  if (dtype === "uint32") return (k) => k;
  if (dtype === "int32") return (k) => (k ^ 0x80000000) >>> 0;
  return (k) => {
    if (k === 0x80000000)
      k = 0; // -0.0
    else if ((k & 0x7fffffff) > 0x7f800000) k = 0x7fc00000; // NaN
    return (k & 0x80000000 ? ~k : k | 0x80000000) >>> 0;
  };
}
