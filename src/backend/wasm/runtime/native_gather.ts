// gather as copies inside the wasm memory, for the common form: int32
// indices with the index vector last, no batching dims, the output's window
// dims trailing (jnp indexing, take, embedding lookups), and a window that is
// one contiguous run of the operand (whole trailing dims). Each index vector
// gives a window start (clamped, or out of bounds in "fill" mode, as XLA
// does); single elements move in a wasm loop (pick_module.ts), longer
// windows by memory.copy; batching dims (lu_solve's row permutations) add
// their coordinate's offset to each start. Anything else is left to the
// reference kernel (null).
import type { ShapedArray } from "../../../core/aval.ts";
import { castScalar, isComplex, storageBytes, storageCtor } from "../../../core/dtypes.ts";
import { paramsOf } from "../../../core/primitive.ts";
import { stridesOf } from "../../../core/shape.ts";
import { gatherP } from "../../../lax/gather_scatter.ts";
import type { Move } from "./native_moves.ts";
import { pickFunctions } from "./pick_module.ts";
import { withScratch } from "./heap_scratch.ts";

/** Picks per thread below which a gather stays on the calling thread (a job costs a few µs). */
const PARALLEL_PICKS = 1 << 14;

export const gather: Move = (b, prim, [x, idx], [xa, ia], params, [o]) => {
  const p = paramsOf(gatherP, prim, params);
  const dn = p.dimension_numbers;
  const sizes = p.slice_sizes;
  if (ia.dtype !== "int32" || ia.ndim === 0 || ia.shape[ia.ndim - 1] === 0) return null;
  const batched = dn.operand_batching_dims.length > 0;
  // A fill value is written as one element of the output's storage: not for pairs (complex), bigints or 16-bit floats.
  if (p.mode === "fill" && (isComplex(o.dtype) || storageBytes(o.dtype) === 2 || o.dtype === "int64" || o.dtype === "uint64")) return null;
  // The window dims are the output's last ones, in order.
  const nWin = dn.offset_dims.length;
  if (dn.offset_dims.some((d, i) => d !== o.ndim - nWin + i)) return null;
  // The window is one contiguous run: every dim after its first non-unit one is whole.
  const first = sizes.findIndex((s) => s > 1);
  if (first >= 0 && sizes.some((s, d) => d > first && s !== xa.shape[d])) return null;
  const win = sizes.reduce((a, s) => a * s, 1);
  const nVec = ia.shape[ia.ndim - 1];
  const positions = ia.size / nVec;
  const out = b.alloc(o);
  if (o.size === 0) return [out];
  const bytes = storageBytes(o.dtype);
  const strides = stridesOf(xa.shape);
  const heap = b.heap;
  const mem = heap.memory.buffer;
  const map = dn.start_index_map;
  const clamp = p.mode !== "fill";
  // Per index-vector entry: the largest start that fits the window, and the operand stride.
  const his = Int32Array.from(map, (d) => xa.shape[d] - sizes[d]);
  const steps = Int32Array.from(map, (d) => strides[d]);
  const fill = p.mode === "fill" ? fillBytes(o, p.fill_value ?? 0) : null;
  if (win === 1 && nVec === 1 && !batched && (bytes === 4 || bytes === 1)) {
    // Single elements by one index each: one wasm loop (4-byte storage moves as int32 bits), split over the threads when long.
    const fns = pickFunctions(heap, b.pool);
    const [local, pooled] = bytes === 4 ? [fns.pick32, fns.pooled32] : [fns.pick8, fns.pooled8];
    const f = fill ? (bytes === 4 ? new Int32Array(fill.buffer)[0] : fill[0]) : 0;
    const parts = pooled ? Math.min(b.pool!.threads, Math.floor(positions / PARALLEL_PICKS)) : 1;
    if (parts < 2) {
      local(x.ptr, out.ptr, idx.ptr, positions, his[0], steps[0], clamp ? 1 : 0, f);
      return [out];
    }
    const args: number[] = [];
    for (let i = 0; i < parts; i++) {
      const from = Math.floor((i * positions) / parts);
      const to = Math.floor(((i + 1) * positions) / parts);
      args.push(x.ptr, out.ptr + from * bytes, idx.ptr + 4 * from, to - from, his[0], steps[0], clamp ? 1 : 0, f);
    }
    b.pool!.parallel(pooled!, 8, args);
    return [out];
  }
  // Window starts in elements (-1: out of bounds in fill mode).
  const starts = windowStarts(new Int32Array(mem, idx.ptr, ia.size), nVec, his, steps, clamp);
  if (batched)
    addBatchOffsets(
      starts,
      ia.shape.slice(0, -1),
      dn.start_indices_batching_dims,
      dn.operand_batching_dims.map((d) => strides[d]),
    );
  const run = win * bytes;
  withScratch(heap, (scratch) => {
    const at = scratch.take(4 * positions);
    heap.i32.set(starts, at >> 2);
    pickFunctions(heap, b.pool).windows(x.ptr, out.ptr, at, positions, run, bytes);
  });
  // Out-of-bounds windows in fill mode (starts of -1) take the fill value.
  if (fill) {
    const u8 = heap.u8;
    for (let q = 0; q < positions; q++) if (starts[q] < 0) for (let j = 0; j < win; j++) u8.set(fill, out.ptr + q * run + j * bytes);
  }
  return [out];
};

/** Window starts for index vectors of `nVec` entries (entry k: upper bound his[k], stride steps[k]). */
function windowStarts(indices: Int32Array, nVec: number, his: Int32Array, steps: Int32Array, clamp: boolean): Int32Array {
  const positions = indices.length / nVec;
  const starts = new Int32Array(positions);
  for (let q = 0; q < positions; q++) {
    let off = 0;
    for (let k = 0; k < nVec; k++) {
      const hi = his[k];
      let s = indices[q * nVec + k];
      if (clamp) s = s < 0 ? 0 : s > hi ? hi : s;
      else if (s < 0 || s > hi) {
        off = -1;
        break;
      }
      off += s * steps[k];
    }
    starts[q] = off;
  }
  return starts;
}

/**
 * Batched gathers (lu_solve's row permutations, take_along_axis under vmap):
 * position q's coordinate along each indices batching dim picks the same
 * element of the matching operand dim, so its window start moves by that
 * coordinate times the operand dim's stride. Positions are the indices'
 * leading dims, row-major; starts out of bounds (-1) stay so.
 */
function addBatchOffsets(
  starts: Int32Array,
  batchShape: readonly number[],
  indexDims: readonly number[],
  operandStrides: readonly number[],
): void {
  const posStrides = stridesOf(batchShape);
  for (let q = 0; q < starts.length; q++) {
    if (starts[q] < 0) continue;
    let off = 0;
    indexDims.forEach((d, k) => {
      off += (Math.floor(q / posStrides[d]) % batchShape[d]) * operandStrides[k];
    });
    starts[q] += off;
  }
}

/** The fill value's bytes in the output's storage format. */
function fillBytes(o: ShapedArray, value: number): Uint8Array {
  const one = new (storageCtor(o.dtype))(1);
  (one as unknown as number[])[0] = castScalar(value, o.dtype);
  return new Uint8Array(one.buffer);
}
