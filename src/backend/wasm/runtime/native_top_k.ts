// top_k of float32 rows (the last axis) in the wasm memory, in XLA's order
// (js/top_k_select.ts): for k small against the row, a wasm selection of
// each row's k best keys (top_k_module.ts), rows split among the threads;
// for k a large fraction of the row, the rows sorted by their keys.
import { sortsForTopK, topKBySort } from "../../js/top_k_select.ts";
import { paramsOf } from "../../../core/primitive.ts";
import { topKP } from "../../../lax/top_k.ts";
import type { Move } from "./native_moves.ts";
import { withScratch } from "./heap_scratch.ts";
import { topKFunctions } from "./top_k_module.ts";

/** Elements from which the rows are split among the threads. */
const PARALLEL_ELEMENTS = 1 << 15;

export const topK: Move = (b, prim, [x], [xa], params, [ov, oi]) => {
  const { k, axis } = paramsOf(topKP, prim, params);
  if (xa.dtype !== "float32" || axis !== xa.ndim - 1) return null;
  const n = xa.shape[axis];
  const rows = n === 0 ? 0 : xa.size / n;
  const vals = b.alloc(ov);
  const idx = b.alloc(oi);
  if (rows === 0 || k === 0) return [vals, idx];
  if (!sortsForTopK(n, k)) {
    const { rows: select, pooled } = topKFunctions(b.heap, b.pool);
    withScratch(b.heap, (s) => {
      const parts = pooled && rows * n >= PARALLEL_ELEMENTS ? Math.min(b.pool!.threads, rows) : 1;
      const per = Math.ceil(rows / parts);
      const args: number[] = [];
      for (let r0 = 0; r0 < rows; r0 += per) {
        const nr = Math.min(per, rows - r0);
        args.push(x.ptr + 4 * r0 * n, nr, n, k, vals.ptr + 4 * r0 * k, idx.ptr + 4 * r0 * k, s.take(8 * k));
      }
      if (args.length > 7) b.pool!.parallel(pooled!, 7, args);
      else select(...(args as Parameters<typeof select>));
    });
    return [vals, idx];
  }
  const heap = b.heap;
  const f32 = heap.f32;
  const i32 = heap.i32;
  const scratch = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    const base = (x.ptr >> 2) + r * n;
    const best = topKBySort((j) => i32[base + j], n, k, scratch);
    for (let j = 0; j < k; j++) {
      f32[(vals.ptr >> 2) + r * k + j] = f32[base + best[j]];
      i32[(idx.ptr >> 2) + r * k + j] = best[j];
    }
  }
  return [vals, idx];
};
