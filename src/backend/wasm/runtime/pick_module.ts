// dst[q] = src[indices[q] * step] in wasm, for gathers of single 4-byte or
// 1-byte elements (take, x[idx], embedding lookups of scalars): the same loop
// in JS cost ~2.9 ns an element (typed-array checks on a shared memory), in
// wasm ~1. An index past [0, hi] is clamped, or gives `fill` (XLA's two
// modes); either way only in-range elements are read. Windows of several
// elements at given starts are one memory.copy each, in one wasm loop (a
// JS call per window cost ~20 ns: lu_solve's 3-element rows).
import type { ModuleBuilder } from "../emitter/index.ts";
import { heapModule } from "./heap_module.ts";
import type { PoolFunction, ThreadPool } from "../threads/pool.ts";
import type { WasmHeap } from "../heap.ts";

/** (src, dst, indices, n, hi, step, clamp, fill): pointers in bytes, `step` in elements, `clamp` 0 or 1, `fill` the bits to write. */
export type PickFn = (src: number, dst: number, indices: number, n: number, hi: number, step: number, clamp: number, fill: number) => void;

/**
 * (src, dst, starts, n, run, bytes): window q (int32 start at `starts`, in
 * elements of `bytes` bytes) of `run` bytes to dst + q · run; a negative
 * start (out of bounds in fill mode) is skipped. Pointers in bytes.
 */
export type WindowsFn = (src: number, dst: number, starts: number, n: number, run: number, bytes: number) => void;

/** The functions, and as the thread pool knows them (null when single-threaded). */
export interface PickFunctions {
  pick32: PickFn;
  pick8: PickFn;
  windows: WindowsFn;
  pooled32: PoolFunction | null;
  pooled8: PoolFunction | null;
}

const picks = new WeakMap<WasmHeap, PickFunctions>();

/** The heap's pick functions for 4-byte and 1-byte elements (one module, built on first use). */
export function pickFunctions(heap: WasmHeap, pool: ThreadPool | null): PickFunctions {
  return heapModule(
    picks,
    heap,
    (mb) => {
      addPick(mb, "pick32", 4);
      addPick(mb, "pick8", 1);
      addWindows(mb);
    },
    (exports, module) => {
      const [pick32, pick8] = [exports.pick32 as PickFn, exports.pick8 as PickFn];
      return {
        pick32,
        pick8,
        windows: exports.windows as WindowsFn,
        pooled32: pool?.register(module, "pick32", pick32 as (...a: number[]) => void) ?? null,
        pooled8: pool?.register(module, "pick8", pick8 as (...a: number[]) => void) ?? null,
      };
    },
  );
}

function addPick(mb: ModuleBuilder, name: string, bytes: 4 | 1): void {
  const [SRC, DST, IDX, N, HI, STEP, CLAMP, FILL] = [0, 1, 2, 3, 4, 5, 6, 7];
  const f = mb.addFunction(name, ["i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const end = f.addLocal("i32"); // indices + 4n
  const s = f.addLocal("i32");
  const ok = f.addLocal("i32");
  f.local_get(IDX).local_get(N).i32.const(2).i32.shl().i32.add().local_set(end);
  const out = f.block();
  const lp = f.loop();
  f.local_get(IDX).local_get(end).i32.ge_u().br_if(out);
  f.local_get(IDX).i32.load().local_set(s);
  // In range as unsigned: a negative index is out of range too.
  f.local_get(s).local_get(HI).i32.le_u().local_set(ok);
  // The index read: itself in range, else 0 below and hi above (clamp mode's index; in fill mode only a safe address).
  f.local_get(s);
  f.i32.const(0).local_get(HI).local_get(s).i32.const(0).i32.lt_s().select();
  f.local_get(ok).select().local_set(s);
  // dst <- ok or clamp ? src[s * step] : fill
  f.local_get(DST);
  f.local_get(SRC).local_get(s).local_get(STEP).i32.mul();
  if (bytes === 4) f.i32.const(2).i32.shl();
  f.i32.add();
  if (bytes === 4) f.i32.load();
  else f.i32.load8_u();
  f.local_get(FILL);
  f.local_get(ok).local_get(CLAMP).i32.or().select();
  if (bytes === 4) f.i32.store();
  else f.i32.store8();
  f.local_get(IDX).i32.const(4).i32.add().local_set(IDX);
  f.local_get(DST).i32.const(bytes).i32.add().local_set(DST);
  f.br(lp);
  f.end().end();
}

function addWindows(mb: ModuleBuilder): void {
  const [SRC, DST, STARTS, N, RUN, BYTES] = [0, 1, 2, 3, 4, 5];
  const f = mb.addFunction("windows", ["i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const end = f.addLocal("i32");
  const s = f.addLocal("i32");
  f.local_get(STARTS).local_get(N).i32.const(2).i32.shl().i32.add().local_set(end);
  const out = f.block();
  const lp = f.loop();
  f.local_get(STARTS).local_get(end).i32.ge_u().br_if(out);
  f.local_get(STARTS).i32.load().local_tee(s).i32.const(0).i32.ge_s();
  f.if_();
  f.local_get(DST);
  f.local_get(SRC).local_get(s).local_get(BYTES).i32.mul().i32.add();
  f.local_get(RUN).memory_copy();
  f.end();
  f.local_get(STARTS).i32.const(4).i32.add().local_set(STARTS);
  f.local_get(DST).local_get(RUN).i32.add().local_set(DST);
  f.br(lp);
  f.end().end();
}
