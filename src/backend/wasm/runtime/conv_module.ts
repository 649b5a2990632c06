// im2col for inputs whose channels are innermost (NHWC and its kin): the
// patch row of an output position is, tap by tap, the position's `cg`
// contiguous channels at that tap's input position (zeros where the tap
// lands in padding). In wasm, v128 by v128: the same copies as a JS
// typed-array loop took ~3 ns a float.
import { ModuleBuilder } from "../emitter/index.ts";
import type { WasmHeap } from "../heap.ts";

/**
 * (dst, src, taps, positions, kS, cg): for each of `positions` output
 * positions and each of its kS taps (int32 element offsets from `src` at
 * `taps`, -1 for padding), cg floats to dst, which advances by cg floats.
 * Pointers in bytes.
 */
export type PatchesFn = (dst: number, src: number, taps: number, positions: number, kS: number, cg: number) => void;

const modules = new WeakMap<WasmHeap, PatchesFn>();

export function patchesFunction(heap: WasmHeap): PatchesFn {
  let fn = modules.get(heap);
  if (!fn) {
    const mb = new ModuleBuilder();
    mb.names = false;
    mb.importMemory(heap.memoryImport());
    addPatches(mb);
    fn = mb.instantiate({ env: { memory: heap.memory } }).exports.patches as PatchesFn;
    modules.set(heap, fn);
  }
  return fn;
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
  f.i32.const(0).local_set(i);
  const vdone = f.block();
  const vlp = f.loop();
  f.local_get(i).local_get(vecBytes).i32.ge_u().br_if(vdone);
  f.local_get(DST).local_get(i).i32.add();
  f.local_get(from).local_get(i).i32.add().v128.load();
  f.v128.store();
  f.local_get(i).i32.const(16).i32.add().local_set(i);
  f.br(vlp);
  f.end().end();
  const sdone = f.block();
  const slp = f.loop();
  f.local_get(i).local_get(bytes).i32.ge_u().br_if(sdone);
  f.local_get(DST).local_get(i).i32.add();
  f.local_get(from).local_get(i).i32.add().f32.load();
  f.f32.store();
  f.local_get(i).i32.const(4).i32.add().local_set(i);
  f.br(slp);
  f.end().end();
  f.end();
  f.local_get(DST).local_get(bytes).i32.add().local_set(DST);
  f.local_get(TAPS).i32.const(4).i32.add().local_set(TAPS);
  f.br(lp);
  f.end().end();
}
