// The scatter family's update loop in wasm, for updates whose windows are
// contiguous runs of the operand addressed by one index each (x.at[idx].add,
// segment sums, the gradient of take and of embedding lookups): each window
// is combined into the output (already a copy of the operand) at its index,
// clamped or dropped when out of range. The combiners are the reference
// backend's (backend/js/indexing.ts): integer arithmetic wraps, float min and
// max propagate NaN and otherwise pick by `<` / `>`.
import type { FunctionBuilder, ModuleBuilder } from "../emitter/index.ts";
import { heapModule } from "./heap_module.ts";
import type { WasmHeap } from "../heap.ts";

/** (dst, updates, indices, n, hi, step, clamp, win): pointers in bytes; `step` (the indexed dim's stride) and `win` in elements. */
export type ScatterFn = (
  dst: number,
  upd: number,
  indices: number,
  n: number,
  hi: number,
  step: number,
  clamp: number,
  win: number,
) => void;

export type ScatterOp = "set" | "add" | "mul" | "min" | "max";
/** Element kinds with a native loop: 4-byte floats, 4-byte ints (signed / unsigned) and, for "set", any 1-byte storage. */
export type ScatterElem = "f32" | "i32" | "u32" | "byte";

/** One module per (op, element kind), each built once per heap. */
const modules = new Map<string, WeakMap<WasmHeap, ScatterFn>>();

/** The loop for `op` on `elem` (null: no native loop for that pair), built on first use. */
export function scatterFunction(heap: WasmHeap, op: ScatterOp, elem: ScatterElem): ScatterFn | null {
  if (elem === "byte" && op !== "set") return null;
  const key = `${op}_${elem}`;
  let cache = modules.get(key);
  if (!cache) modules.set(key, (cache = new WeakMap()));
  return heapModule(
    cache,
    heap,
    (mb) => addScatter(mb, op, elem),
    (exports) => exports.scatter as ScatterFn,
  );
}

function addScatter(mb: ModuleBuilder, op: ScatterOp, elem: ScatterElem): void {
  const [DST, UPD, IDX, N, HI, STEP, CLAMP, WIN] = [0, 1, 2, 3, 4, 5, 6, 7];
  const f = mb.addFunction("scatter", ["i32", "i32", "i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const bytes = elem === "byte" ? 1 : 4;
  const shift = elem === "byte" ? 0 : 2;
  const end = f.addLocal("i32");
  const s = f.addLocal("i32");
  const base = f.addLocal("i32");
  const stop = f.addLocal("i32");
  const val = elem === "f32" ? "f32" : "i32";
  const a = f.addLocal(val);
  const b = f.addLocal(val);
  const r = f.addLocal(val);
  f.local_get(IDX).local_get(N).i32.const(2).i32.shl().i32.add().local_set(end);
  const out = f.block();
  const lp = f.loop();
  f.local_get(IDX).local_get(end).i32.ge_u().br_if(out);
  f.local_get(IDX).i32.load().local_set(s);
  const skip = f.block();
  // Out of range (as unsigned, so negatives too): clamped, or the window is dropped.
  f.local_get(s).local_get(HI).i32.gt_u();
  f.if_();
  f.local_get(CLAMP).i32.eqz().br_if(skip);
  f.i32.const(0).local_get(HI).local_get(s).i32.const(0).i32.lt_s().select().local_set(s);
  f.end();
  f.local_get(DST).local_get(s).local_get(STEP).i32.mul().i32.const(shift).i32.shl().i32.add().local_set(base);
  if (op === "set") {
    // One element: a load and a store; a longer window: memory.copy.
    f.local_get(WIN).i32.const(1).i32.eq();
    f.if_();
    f.local_get(base);
    load(f, elem, UPD);
    store(f, elem);
    f.else_();
    f.local_get(base).local_get(UPD).local_get(WIN).i32.const(shift).i32.shl().memory_copy();
    f.end();
  } else {
    // One element (a segment sum, bincount, a take's gradient): no window loop.
    // base ← combine(base, UPD): one element.
    const combineAt = (): void => {
      f.local_get(base);
      load(f, elem, base);
      f.local_set(a);
      load(f, elem, UPD);
      f.local_set(b);
      combine(f, op, elem, a, b, r);
      store(f, elem);
    };
    f.local_get(WIN).i32.const(1).i32.eq();
    f.if_();
    combineAt();
    f.local_get(UPD).i32.const(bytes).i32.add().local_set(UPD);
    f.local_get(IDX).i32.const(4).i32.add().local_set(IDX);
    f.br(lp);
    f.end();
    // base .. stop: the window's elements; UPD walks alongside.
    f.local_get(base).local_get(WIN).i32.const(shift).i32.shl().i32.add().local_set(stop);
    const inner = f.block();
    const ilp = f.loop();
    f.local_get(base).local_get(stop).i32.ge_u().br_if(inner);
    combineAt();
    f.local_get(base).i32.const(bytes).i32.add().local_set(base);
    f.local_get(UPD).i32.const(bytes).i32.add().local_set(UPD);
    f.br(ilp);
    f.end().end();
    // UPD is at the next window already.
    f.local_get(IDX).i32.const(4).i32.add().local_set(IDX);
    f.br(lp);
  }
  f.end(); // skip: a dropped window, or a "set" one, moves UPD past itself here
  f.local_get(UPD).local_get(WIN).i32.const(shift).i32.shl().i32.add().local_set(UPD);
  f.local_get(IDX).i32.const(4).i32.add().local_set(IDX);
  f.br(lp);
  f.end().end();
}

function load(f: FunctionBuilder, elem: ScatterElem, ptr: number): void {
  f.local_get(ptr);
  if (elem === "f32") f.f32.load();
  else if (elem === "byte") f.i32.load8_u();
  else f.i32.load();
}

function store(f: FunctionBuilder, elem: ScatterElem): void {
  if (elem === "f32") f.f32.store();
  else if (elem === "byte") f.i32.store8();
  else f.i32.store();
}

/** Pushes combine(a, b) for a non-"set" op (`r` a scratch local of the value type). */
function combine(f: FunctionBuilder, op: Exclude<ScatterOp, "set">, elem: ScatterElem, a: number, b: number, r: number): void {
  if (op === "add" || op === "mul") {
    f.local_get(a).local_get(b);
    if (elem === "f32") op === "add" ? f.f32.add() : f.f32.mul();
    else op === "add" ? f.i32.add() : f.i32.mul();
    return;
  }
  // min / max: a if it wins, else b ...
  f.local_get(a).local_get(b).local_get(a).local_get(b);
  if (elem === "i32") op === "min" ? f.i32.lt_s() : f.i32.gt_s();
  else if (elem === "u32") op === "min" ? f.i32.lt_u() : f.i32.gt_u();
  else op === "min" ? f.f32.lt() : f.f32.gt();
  f.select();
  if (elem !== "f32") return;
  // ... and a float NaN on either side wins.
  f.local_set(r);
  f.local_get(b).local_get(r).local_get(b).local_get(b).f32.ne().select().local_set(r);
  f.local_get(a).local_get(r).local_get(a).local_get(a).f32.ne().select();
}
