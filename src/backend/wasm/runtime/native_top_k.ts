// top_k of float32 rows (the last axis) in the wasm memory: the reference's
// selection (js/top_k_select.ts: XLA's order, a heap of the k best), with
// the values that cannot enter skipped by a wasm scan four lanes at a time.
// Once the heap is full, only values at least its worst (or NaN) stop the
// scan; in random data that is about k·ln(n/k) of the n, so the row is read
// at memory speed instead of element by element in JS.
import { sortsForTopK, topKBySort, topKIndices } from "../../js/top_k_select.ts";
import { paramsOf } from "../../../core/primitive.ts";
import { topKP } from "../../../lax/top_k.ts";
import type { ModuleBuilder } from "../emitter/index.ts";
import type { WasmHeap } from "../heap.ts";
import { heapModule } from "./heap_module.ts";
import type { Move } from "./native_moves.ts";

/** (ptr, from, n, t) -> the first i in [from, n) with f32 element i at ptr ≥ t or NaN; n if none. */
type CandidateFn = (ptr: number, from: number, n: number, t: number) => number;

const scans = new WeakMap<WasmHeap, CandidateFn>();
/** Elements checked in JS before the wasm scan is called. */
const JS_LOOKAHEAD = 8;

export const topK: Move = (b, prim, [x], [xa], params, [ov, oi]) => {
  const { k, axis } = paramsOf(topKP, prim, params);
  if (xa.dtype !== "float32" || axis !== xa.ndim - 1) return null;
  const n = xa.shape[axis];
  const rows = n === 0 ? 0 : xa.size / n;
  const vals = b.alloc(ov);
  const idx = b.alloc(oi);
  const next = heapModule(scans, b.heap, addCandidateScan, (e) => e.next as CandidateFn);
  const heap = b.heap;
  const f32 = heap.f32;
  const i32 = heap.i32;
  const scratch = sortsForTopK(n, k) ? new Float64Array(n) : null;
  for (let r = 0; r < rows; r++) {
    const base = (x.ptr >> 2) + r * n;
    const ptr = 4 * base;
    const value = (j: number): number => f32[base + j];
    // A few elements in JS first: where candidates come one after another (ascending data), a call per element would cost more.
    const candidate = (from: number, t: number): number => {
      const end = Math.min(from + JS_LOOKAHEAD, n);
      for (let j = from; j < end; j++) {
        const v = f32[base + j];
        if (v >= t || v !== v) return j;
      }
      return end === n ? n : next(ptr, end, n, t);
    };
    const bits = (j: number): number => i32[base + j];
    const negative = (j: number): boolean => i32[base + j] < 0;
    const best = scratch ? topKBySort(bits, n, k, scratch) : topKIndices(value, n, k, candidate, negative);
    for (let j = 0; j < k; j++) {
      f32[(vals.ptr >> 2) + r * k + j] = f32[base + best[j]];
      i32[(idx.ptr >> 2) + r * k + j] = best[j];
    }
  }
  return [vals, idx];
};

function addCandidateScan(mb: ModuleBuilder): void {
  const [PTR, FROM, N, T] = [0, 1, 2, 3];
  const f = mb.addFunction("next", ["i32", "i32", "i32", "f32"], ["i32"], { export: true });
  const at = f.addLocal("i32");
  const t4 = f.addLocal("v128");
  const v = f.addLocal("v128");
  const e = f.addLocal("f32");
  f.local_get(T).f32x4.splat().local_set(t4);
  f.local_get(PTR).local_get(FROM).i32.const(2).i32.shl().i32.add().local_set(at);
  // Four lanes at a time while four remain; a vector with a candidate leaves them to the element loop.
  const vectors = f.block();
  const vloop = f.loop();
  f.local_get(FROM).i32.const(4).i32.add().local_get(N).i32.gt_s().br_if(vectors);
  f.local_get(at).v128.load({ align: 4 }).local_set(v);
  f.local_get(v).local_get(t4).f32x4.ge();
  f.local_get(v).local_get(v).f32x4.ne();
  f.v128.or().v128.any_true().br_if(vectors);
  f.local_get(FROM).i32.const(4).i32.add().local_set(FROM);
  f.local_get(at).i32.const(16).i32.add().local_set(at);
  f.br(vloop);
  f.end().end();
  const elements = f.block();
  const eloop = f.loop();
  f.local_get(FROM).local_get(N).i32.ge_s().br_if(elements);
  f.local_get(at).f32.load({ align: 4 }).local_set(e);
  f.local_get(e).local_get(T).f32.ge();
  f.local_get(e).local_get(e).f32.ne();
  f.i32.or().br_if(elements);
  f.local_get(FROM).i32.const(1).i32.add().local_set(FROM);
  f.local_get(at).i32.const(4).i32.add().local_set(at);
  f.br(eloop);
  f.end().end();
  f.local_get(FROM);
}
