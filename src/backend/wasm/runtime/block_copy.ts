// Strided block copies inside the wasm memory: the moves behind static and
// dynamic slices, dynamic updates, concatenations and pads. A block is a
// shape with a byte stride per dim on each side; dims of one element drop
// out and dims contiguous on both sides merge, so what is left is a run of
// contiguous bytes repeated along one strided dim (one wasm call) and
// repeated again along the outer dims (a JS loop). Runs of one element (a
// column, every other element, a complex number's real part) copy in a
// wasm loop of one load and one store per element: a memory.copy per
// element, as before, cost ~17 ns each (1e6 elements: 17 ms against ~1).
import type { WasmHeap } from "../heap.ts";
import type { FunctionBuilder, ModuleBuilder } from "../emitter/index.ts";
import { forLoop } from "../emitter/for_loop.ts";
import { heapModule } from "./heap_module.ts";
import { STRIDED_LANES, pickLanes } from "../codegen/strided_lanes.ts";

/** (to, toStride, from, fromStride, rows): `rows` runs of a fixed width, strides in bytes. */
type RowsFn = (to: number, toStride: number, from: number, fromStride: number, rows: number) => void;
/** As RowsFn, for runs of `runBytes` bytes. */
type RunsFn = (to: number, toStride: number, from: number, fromStride: number, rows: number, runBytes: number) => void;

/** (to, from, rows): `rows` 4-byte elements to contiguous ones, from elements a fixed stride apart. */
type GatherFn = (to: number, from: number, rows: number) => void;

interface BlockFunctions {
  /** By run width: runs of 1, 2, 4, 8 and 16 bytes, one load and one store each. */
  fixed: Map<number, RowsFn>;
  any: RunsFn;
  /** By source stride in bytes: 4-byte elements every second or third, or reversed, four at a time (see GATHERS). */
  gathers: Map<number, GatherFn>;
}

/** Source strides (bytes) of the four-at-a-time copies into contiguous elements (x[::2] of 1e6: 0.24 ms one by one). */
const GATHERS = [8, 12, -4];

const modules = new WeakMap<WasmHeap, BlockFunctions>();
const FIXED: Array<[number, (f: FunctionBuilder) => void, (f: FunctionBuilder) => void]> = [
  [1, (f) => f.i32.load8_u(), (f) => f.i32.store8()],
  [2, (f) => f.i32.load16_u(), (f) => f.i32.store16()],
  [4, (f) => f.i32.load(), (f) => f.i32.store()],
  [8, (f) => f.i64.load(), (f) => f.i64.store()],
  [16, (f) => f.v128.load(), (f) => f.v128.store()],
];
/** Runs at least this long are one memory.copy each. */
const MEMCOPY_RUN = 128;

function functionsOf(heap: WasmHeap): BlockFunctions {
  return heapModule(
    modules,
    heap,
    (mb) => {
      for (const [w, load, store] of FIXED) addRows(mb, `rows${w}`, load, store);
      addRuns(mb);
      for (const stride of GATHERS) addGather(mb, `gather${stride}`, stride);
    },
    (e) => ({
      fixed: new Map(FIXED.map(([w]) => [w, e[`rows${w}`] as RowsFn])),
      any: e.runs as RunsFn,
      gathers: new Map(GATHERS.map((stride) => [stride, e[`gather${stride}`] as GatherFn])),
    }),
  );
}

const [TO, TO_STRIDE, FROM, FROM_STRIDE, ROWS, RUN] = [0, 1, 2, 3, 4, 5];

function addRows(mb: ModuleBuilder, name: string, load: (f: FunctionBuilder) => void, store: (f: FunctionBuilder) => void): void {
  const f = mb.addFunction(name, ["i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const r = f.addLocal("i32");
  forLoop(
    f,
    r,
    () => f.i32.const(0),
    () => f.local_get(ROWS),
    1,
    () => {
      f.local_get(TO).local_get(FROM);
      load(f);
      store(f);
      advance(f);
    },
  );
}

/** (to, from, rows) for a source stride of STRIDED_LANES: two loads and a shuffle per four elements, then one by one. */
function addGather(mb: ModuleBuilder, name: string, stride: number): void {
  const { loads, lanes } = STRIDED_LANES.get(stride)!;
  const [to, from, rows] = [0, 1, 2];
  const f = mb.addFunction(name, ["i32", "i32", "i32"], [], { export: true });
  const r = f.addLocal("i32");
  const at = (ptr: number, bytes: number) => {
    f.local_get(ptr);
    if (bytes !== 0) f.i32.const(bytes).i32.add();
  };
  f.i32.const(0).local_set(r);
  const vectors = f.block();
  const vl = f.loop();
  f.local_get(r).i32.const(4).i32.add().local_get(rows).i32.gt_u().br_if(vectors);
  f.local_get(to);
  for (const offset of loads) {
    at(from, offset);
    f.v128.load({ align: 4 });
  }
  f.i8x16.shuffle(pickLanes(lanes));
  f.v128.store({ align: 4 });
  f.local_get(to).i32.const(16).i32.add().local_set(to);
  at(from, 4 * stride);
  f.local_set(from);
  f.local_get(r).i32.const(4).i32.add().local_set(r).br(vl);
  f.end().end();
  forLoop(
    f,
    r,
    () => f.local_get(r),
    () => f.local_get(rows),
    1,
    () => {
      f.local_get(to).local_get(from).i32.load().i32.store();
      f.local_get(to).i32.const(4).i32.add().local_set(to);
      at(from, stride);
      f.local_set(from);
    },
  );
}

/** to += toStride; from += fromStride. */
function advance(f: FunctionBuilder): void {
  f.local_get(TO).local_get(TO_STRIDE).i32.add().local_set(TO);
  f.local_get(FROM).local_get(FROM_STRIDE).i32.add().local_set(FROM);
}

/** Runs of any width: 16-byte words, then bytes; long runs by memory.copy. */
function addRuns(mb: ModuleBuilder): void {
  const f = mb.addFunction("runs", ["i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const [r, k, words] = [f.addLocal("i32"), f.addLocal("i32"), f.addLocal("i32")];
  const at = (base: number) => f.local_get(base).local_get(k).i32.add();
  f.local_get(RUN).i32.const(-16).i32.and().local_set(words); // bytes in whole 16-byte words
  forLoop(
    f,
    r,
    () => f.i32.const(0),
    () => f.local_get(ROWS),
    1,
    () => {
      f.local_get(RUN).i32.const(MEMCOPY_RUN).i32.ge_u().if_();
      f.local_get(TO).local_get(FROM).local_get(RUN).memory_copy();
      f.else_();
      forLoop(
        f,
        k,
        () => f.i32.const(0),
        () => f.local_get(words),
        16,
        () => {
          at(TO);
          at(FROM).v128.load();
          f.v128.store();
        },
      );
      forLoop(
        f,
        k,
        () => f.local_get(words),
        () => f.local_get(RUN),
        1,
        () => {
          at(TO);
          at(FROM).i32.load8_u();
          f.i32.store8();
        },
      );
      f.end();
      advance(f);
    },
  );
}

/**
 * Copies a block of `shape` elements of `bytes` bytes each from `from` to
 * `to`, element (i0, i1, ...) at `from + Σ id·fromStrides[d]·bytes` to
 * `to + Σ id·toStrides[d]·bytes` (strides in elements). The two blocks must
 * not overlap.
 */
export function copyBlock(
  heap: WasmHeap,
  to: number,
  toStrides: readonly number[],
  from: number,
  fromStrides: readonly number[],
  shape: readonly number[],
  bytes: number,
): void {
  if (shape.some((n) => n === 0)) return;
  // Dims of one element drop out; an outer dim that continues the next one on both sides merges into it.
  const dims: Array<[number, number, number]> = [];
  shape.forEach((n, d) => {
    if (n !== 1) dims.push([n, toStrides[d] * bytes, fromStrides[d] * bytes]);
  });
  const merged: Array<[number, number, number]> = [];
  for (let d = dims.length - 1; d >= 0; d--) {
    const [n, ts, fs] = dims[d];
    const inner = merged[0];
    if (inner && ts === inner[0] * inner[1] && fs === inner[0] * inner[2]) merged[0] = [n * inner[0], inner[1], inner[2]];
    else merged.unshift([n, ts, fs]);
  }
  // The run: the innermost dim when it is contiguous on both sides, else one element.
  let run = bytes;
  const innermost = merged[merged.length - 1];
  if (innermost && innermost[1] === bytes && innermost[2] === bytes) {
    run = innermost[0] * bytes;
    merged.pop();
  }
  const rows = merged.pop() ?? ([1, 0, 0] as [number, number, number]);
  const fns = functionsOf(heap);
  const fixed = fns.fixed.get(run);
  const gather = run === 4 && rows[1] === 4 ? fns.gathers.get(rows[2]) : undefined;
  const copyRows = (t: number, f: number): void => {
    if (gather) gather(t, f, rows[0]);
    else if (fixed) fixed(t, rows[1], f, rows[2], rows[0]);
    else fns.any(t, rows[1], f, rows[2], rows[0], run);
  };
  // The outer dims, odometer order.
  const idx = new Array<number>(merged.length).fill(0);
  let [t, f] = [to, from];
  for (;;) {
    copyRows(t, f);
    let d = merged.length - 1;
    for (; d >= 0; d--) {
      t += merged[d][1];
      f += merged[d][2];
      if (++idx[d] < merged[d][0]) break;
      t -= merged[d][0] * merged[d][1];
      f -= merged[d][0] * merged[d][2];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}
