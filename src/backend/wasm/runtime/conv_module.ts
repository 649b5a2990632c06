// im2col in wasm (the same copies as a JS typed-array loop took ~3 ns a
// float). `patches`, for inputs whose channels are innermost (NHWC and its
// kin): the patch row of an output position is, tap by tap, the position's
// `cg` contiguous channels at that tap's input position (zeros where the tap
// lands in padding), v128 by v128. `patchRows`, for the others (NCHW): one
// row per (channel, tap), over the output positions.
import { forLoop, type ModuleBuilder } from "../emitter/index.ts";
import { heapModule } from "./heap_module.ts";
import type { PoolFunction, ThreadPool } from "../threads/pool.ts";
import type { WasmHeap } from "../heap.ts";

/**
 * (dst, src, taps, positions, kS, cg): for each of `positions` output
 * positions and each of its kS taps (int32 element offsets from `src` at
 * `taps`, -1 for padding), cg floats to dst, which advances by cg floats.
 * Pointers in bytes.
 */
export type PatchesFn = (dst: number, src: number, taps: number, positions: number, kS: number, cg: number) => void;

/**
 * (dst, src, taps, positions, kS, cg, cStride): for each channel c < cg
 * (at src + c * cStride floats) and each tap t, the row over the output
 * positions s of src[taps[s * kS + t]] (0 where that is -1).
 */
export type PatchRowsFn = (dst: number, src: number, taps: number, positions: number, kS: number, cg: number, cStride: number) => void;

/** The functions, and `patches` as the thread pool knows it (null when single-threaded). */
export interface PatchFunctions {
  patches: PatchesFn;
  pooledPatches: PoolFunction | null;
  patchRows: PatchRowsFn;
  pooledPatchRows: PoolFunction | null;
}

const modules = new WeakMap<WasmHeap, PatchFunctions>();

export function patchFunctions(heap: WasmHeap, pool: ThreadPool | null): PatchFunctions {
  return heapModule(
    modules,
    heap,
    (mb) => {
      addPatches(mb);
      addPatchRows(mb);
    },
    (exports, module) => {
      const patches = exports.patches as PatchesFn;
      const patchRows = exports.patchRows as PatchRowsFn;
      return {
        patches,
        pooledPatches: pool?.register(module, "patches", patches as (...a: number[]) => void) ?? null,
        patchRows,
        pooledPatchRows: pool?.register(module, "patchRows", patchRows as (...a: number[]) => void) ?? null,
      };
    },
  );
}

function addPatchRows(mb: ModuleBuilder): void {
  const [DST, SRC, TAPS, POSITIONS, KS, CG, CSTRIDE] = [0, 1, 2, 3, 4, 5, 6];
  const f = mb.addFunction("patchRows", ["i32", "i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const [c, t, tp, tpEnd, l, step] = [0, 1, 2, 3, 4, 5].map(() => f.addLocal("i32"));
  f.local_get(KS).i32.const(2).i32.shl().local_set(step);
  forLoop(
    f,
    c,
    () => f.i32.const(0),
    () => f.local_get(CG),
    1,
    () => {
      forLoop(
        f,
        t,
        () => f.i32.const(0),
        () => f.local_get(KS),
        1,
        () => {
          // Over the positions: tp walks the taps of tap t, kS entries apart.
          f.local_get(TAPS).local_get(t).i32.const(2).i32.shl().i32.add().local_set(tp);
          f.local_get(tp).local_get(POSITIONS).local_get(step).i32.mul().i32.add().local_set(tpEnd);
          const sDone = f.block();
          const sLp = f.loop();
          f.local_get(tp).local_get(tpEnd).i32.ge_u().br_if(sDone);
          f.local_get(tp).i32.load().local_set(l);
          // dst <- l < 0 ? 0 : src[l] (a padding tap reads src[0], a safe address, and is replaced by 0)
          f.local_get(DST);
          f.local_get(SRC)
            .local_get(l)
            .local_get(l)
            .i32.const(31)
            .i32.shr_s()
            .i32.const(-1)
            .i32.xor()
            .i32.and()
            .i32.const(2)
            .i32.shl()
            .i32.add();
          f.f32.load();
          f.f32.const(0);
          f.local_get(l).i32.const(0).i32.ge_s().select();
          f.f32.store();
          f.local_get(DST).i32.const(4).i32.add().local_set(DST);
          f.local_get(tp).local_get(step).i32.add().local_set(tp);
          f.br(sLp);
          f.end().end();
        },
      );
      f.local_get(SRC).local_get(CSTRIDE).i32.const(2).i32.shl().i32.add().local_set(SRC);
    },
  );
}

function addPatches(mb: ModuleBuilder): void {
  const [DST, SRC, TAPS, POSITIONS, KS, CG] = [0, 1, 2, 3, 4, 5];
  const f = mb.addFunction("patches", ["i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const end = f.addLocal("i32"); // TAPS + 4 * positions * kS
  const from = f.addLocal("i32");
  const bytes = f.addLocal("i32"); // cg * 4
  const vecBytes = f.addLocal("i32"); // (cg & ~3) * 4
  const i = f.addLocal("i32");
  f.local_get(TAPS).local_get(POSITIONS).local_get(KS).i32.mul().i32.const(2).i32.shl().i32.add().local_set(end);
  f.local_get(CG).i32.const(2).i32.shl().local_set(bytes);
  f.local_get(bytes).i32.const(-16).i32.and().local_set(vecBytes);
  const out = f.block();
  const lp = f.loop();
  f.local_get(TAPS).local_get(end).i32.ge_u().br_if(out);
  f.local_get(TAPS).i32.load().local_set(from);
  f.local_get(from).i32.const(0).i32.lt_s();
  f.if_();
  // Padding: zeros.
  f.local_get(DST).i32.const(0).local_get(bytes).memory_fill();
  f.else_();
  f.local_get(SRC).local_get(from).i32.const(2).i32.shl().i32.add().local_set(from);
  // v128 by v128, then the last 0-3 channels one by one (i continues where the vectors stopped).
  forLoop(
    f,
    i,
    () => f.i32.const(0),
    () => f.local_get(vecBytes),
    16,
    () => {
      f.local_get(DST).local_get(i).i32.add();
      f.local_get(from).local_get(i).i32.add().v128.load();
      f.v128.store();
    },
  );
  forLoop(
    f,
    i,
    () => f.local_get(i),
    () => f.local_get(bytes),
    4,
    () => {
      f.local_get(DST).local_get(i).i32.add();
      f.local_get(from).local_get(i).i32.add().f32.load();
      f.f32.store();
    },
  );
  f.end();
  f.local_get(DST).local_get(bytes).i32.add().local_set(DST);
  f.local_get(TAPS).i32.const(4).i32.add().local_set(TAPS);
  f.br(lp);
  f.end().end();
}
