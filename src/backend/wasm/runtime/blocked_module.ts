// The data movement of blocked_linalg.ts in wasm: a product subtracted from a
// block, row swaps, and float32 <-> float64 block copies. The same loops in
// JS over the shared heap's views ran at 1.5-6 ns an element and took half
// of a 512×512 LU (measured 2026-12-07); here they run at memory speed.
import { forLanes, forLoop, type FunctionBuilder, type ModuleBuilder } from "../emitter/index.ts";
import { heapModule } from "./heap_module.ts";
import { transpose4 } from "../gemm/emit.ts";
import type { WasmHeap } from "../heap.ts";

export interface BlockedHelpers {
  /** (c, ldc, t, m, n): C[i][j] -= T[i·n + j] for the m×n float32 block at c (row stride ldc elements) and the contiguous T at t. */
  subtract(c: number, ldc: number, t: number, m: number, n: number): void;
  /** (src, lds, dst, ldd, rows, cols): copies a rows×cols float32 block (row strides lds, ldd elements). */
  copy(src: number, lds: number, dst: number, ldd: number, rows: number, cols: number): void;
  /** (src, lds, dst, ldd, rows, cols): the transpose of a rows×cols float32 block (dst is cols×rows). */
  transpose(src: number, lds: number, dst: number, ldd: number, rows: number, cols: number): void;
  /** (a, b, count): swaps `count` float32s at a with those at b. */
  swap(a: number, b: number, count: number): void;
  /** (src, ld, rows, cols, dst, transpose): the rows×cols float32 block at src (row stride ld) as contiguous float64s at dst, or its transpose (cols×rows). */
  widen(src: number, ld: number, rows: number, cols: number, dst: number, transpose: number): void;
  /** (src, rows, cols, dst, ld, transpose): the contiguous rows×cols float64s at src (read as a cols×rows transpose when `transpose`) into the float32 block at dst. */
  narrow(src: number, rows: number, cols: number, dst: number, ld: number, transpose: number): void;
}

const modules = new WeakMap<WasmHeap, BlockedHelpers>();

export function blockedHelpers(heap: WasmHeap): BlockedHelpers {
  return heapModule(
    modules,
    heap,
    (mb) => {
      addCopy(mb);
      addTranspose(mb);
      addRowPairs(mb, "subtract");
      addRowPairs(mb, "swap");
      addConvert(mb, "widen");
      addConvert(mb, "narrow");
    },
    (e) => ({
      copy: e.copy as BlockedHelpers["copy"],
      transpose: e.transpose as BlockedHelpers["transpose"],
      subtract: e.subtract as BlockedHelpers["subtract"],
      swap: e.swap as BlockedHelpers["swap"],
      widen: e.widen as BlockedHelpers["widen"],
      narrow: e.narrow as BlockedHelpers["narrow"],
    }),
  );
}

/** Pushes base + 4·index (an address of float32 element `index`), or of row `index` with row stride `ld`. */
function at32(f: FunctionBuilder, base: number, index: number, ld?: number): void {
  f.local_get(base).local_get(index);
  if (ld !== undefined) f.local_get(ld).i32.mul();
  f.i32.const(2).i32.shl().i32.add();
}

/** copy(src, lds, dst, ldd, rows, cols): a memory.copy per row. */
function addCopy(mb: ModuleBuilder): void {
  const [SRC, LDS, DST, LDD, ROWS, COLS] = [0, 1, 2, 3, 4, 5];
  const f = mb.addFunction("copy", ["i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const i = f.addLocal("i32");
  forLoop(
    f,
    i,
    () => f.i32.const(0),
    () => f.local_get(ROWS),
    1,
    () => {
      at32(f, DST, i, LDD);
      at32(f, SRC, i, LDS);
      f.local_get(COLS).i32.const(2).i32.shl().memory_copy();
    },
  );
}

/**
 * transpose(src, lds, dst, ldd, rows, cols): dst[j][i] = src[i][j], by 4×4
 * tiles (four row loads, shuffled, four row stores: one element at a time
 * with a stride ran at 5 ns an element), then the edges one by one.
 */
function addTranspose(mb: ModuleBuilder): void {
  const [SRC, LDS, DST, LDD, ROWS, COLS] = [0, 1, 2, 3, 4, 5];
  const f = mb.addFunction("transpose", ["i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const [i, j, rows4, cols4] = [0, 0, 0, 0].map(() => f.addLocal("i32"));
  const r = [0, 0, 0, 0].map(() => f.addLocal("v128"));
  const t = [0, 0, 0, 0].map(() => f.addLocal("v128"));
  /** Pushes the address of element (row, col) of the matrix at base with row stride ld (row, col: emitters of i32 values). */
  const addr = (base: number, ld: number, row: () => void, col: () => void) => {
    f.local_get(base);
    row();
    f.local_get(ld).i32.mul();
    col();
    f.i32.add().i32.const(2).i32.shl().i32.add();
  };
  const plus = (x: number, q: number) => () => f.local_get(x).i32.const(q).i32.add();
  /** dst[col][row] = src[row][col], one element. */
  const one = (row: () => void, col: () => void) => {
    addr(DST, LDD, col, row);
    addr(SRC, LDS, row, col);
    f.f32.load().f32.store();
  };
  f.local_get(ROWS).i32.const(-4).i32.and().local_set(rows4);
  f.local_get(COLS).i32.const(-4).i32.and().local_set(cols4);
  // Destination rows outermost: each group of four is written whole before the next.
  forLoop(
    f,
    j,
    () => f.i32.const(0),
    () => f.local_get(cols4),
    4,
    () => {
      forLoop(
        f,
        i,
        () => f.i32.const(0),
        () => f.local_get(rows4),
        4,
        () => {
          for (let q = 0; q < 4; q++) {
            addr(SRC, LDS, plus(i, q), () => f.local_get(j));
            f.v128.load().local_set(r[q]);
          }
          transpose4(f, r, t);
          for (let q = 0; q < 4; q++) {
            addr(DST, LDD, plus(j, q), () => f.local_get(i));
            f.local_get(r[q]).v128.store();
          }
        },
      );
      forLoop(
        f,
        i,
        () => f.local_get(rows4),
        () => f.local_get(ROWS),
        1,
        () => {
          for (let q = 0; q < 4; q++) one(() => f.local_get(i), plus(j, q));
        },
      );
    },
  );
  forLoop(
    f,
    j,
    () => f.local_get(cols4),
    () => f.local_get(COLS),
    1,
    () => {
      forLoop(
        f,
        i,
        () => f.i32.const(0),
        () => f.local_get(ROWS),
        1,
        () =>
          one(
            () => f.local_get(i),
            () => f.local_get(j),
          ),
      );
    },
  );
}

/**
 * subtract(c, ldc, t, m, n): row by row, C -= T; swap(a, b, count): one
 * "row" of `count` elements, exchanged. Both four lanes at a time, then one.
 */
function addRowPairs(mb: ModuleBuilder, name: "subtract" | "swap"): void {
  const params: "i32"[] = name === "subtract" ? ["i32", "i32", "i32", "i32", "i32"] : ["i32", "i32", "i32"];
  const f = mb.addFunction(name, params, [], { export: true });
  const [i, j, rowA, rowB, rows, cols, addr] = [0, 0, 0, 0, 0, 0, 0].map(() => f.addLocal("i32"));
  const [va, vb] = [0, 0].map(() => f.addLocal("v128"));
  const [sa, sb] = [0, 0].map(() => f.addLocal("f32"));
  if (name === "subtract") {
    f.local_get(3).local_set(rows);
    f.local_get(4).local_set(cols);
  } else {
    f.i32.const(1).local_set(rows);
    f.local_get(2).local_set(cols);
  }
  forLoop(
    f,
    i,
    () => f.i32.const(0),
    () => f.local_get(rows),
    1,
    () => {
      if (name === "subtract") {
        // rowA = c + 4 i ldc, rowB = t + 4 i n
        f.local_get(0).local_get(i).local_get(1).i32.mul().i32.const(2).i32.shl().i32.add().local_set(rowA);
        f.local_get(2).local_get(i).local_get(cols).i32.mul().i32.const(2).i32.shl().i32.add().local_set(rowB);
      } else {
        f.local_get(0).local_set(rowA);
        f.local_get(1).local_set(rowB);
      }
      const step = (vector: boolean) => {
        const load = () => (vector ? f.v128.load() : f.f32.load());
        const store = () => (vector ? f.v128.store() : f.f32.store());
        const [x, y] = vector ? [va, vb] : [sa, sb];
        at32(f, rowA, j);
        f.local_set(addr);
        if (name === "subtract") {
          f.local_get(addr).local_get(addr);
          load();
          at32(f, rowB, j);
          load();
          if (vector) f.f32x4.sub();
          else f.f32.sub();
          store();
          return;
        }
        f.local_get(addr);
        load();
        f.local_set(x);
        at32(f, rowB, j);
        load();
        f.local_set(y);
        f.local_get(addr).local_get(y);
        store();
        at32(f, rowB, j);
        f.local_get(x);
        store();
      };
      forLanes(
        f,
        j,
        () => f.i32.const(0),
        () => f.local_get(cols),
        4,
        step,
      );
    },
  );
}

/**
 * widen(src, ld, rows, cols, dst, transpose) and narrow(src, rows, cols,
 * dst, ld, transpose): element (i, j) of the float32 block is at
 * base32 + 4 (i·ld + j), its float64 at base64 + 8 (transpose ? j·rows + i : i·cols + j).
 */
function addConvert(mb: ModuleBuilder, name: "widen" | "narrow"): void {
  const f = mb.addFunction(name, ["i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const [b32, ld, rows, cols, b64] = name === "widen" ? [0, 1, 2, 3, 4] : [3, 4, 1, 2, 0];
  const TRANSPOSE = 5;
  const [i, j, a32, a64] = [0, 0, 0, 0].map(() => f.addLocal("i32"));
  forLoop(
    f,
    i,
    () => f.i32.const(0),
    () => f.local_get(rows),
    1,
    () => {
      forLoop(
        f,
        j,
        () => f.i32.const(0),
        () => f.local_get(cols),
        1,
        () => {
          f.local_get(b32).local_get(i).local_get(ld).i32.mul().local_get(j).i32.add().i32.const(2).i32.shl().i32.add().local_set(a32);
          f.local_get(j).local_get(rows).i32.mul().local_get(i).i32.add();
          f.local_get(i).local_get(cols).i32.mul().local_get(j).i32.add();
          f.local_get(TRANSPOSE).select();
          f.i32.const(3).i32.shl().local_get(b64).i32.add().local_set(a64);
          if (name === "widen") {
            f.local_get(a64).local_get(a32).f32.load().f64.promote_f32().f64.store();
          } else {
            f.local_get(a32).local_get(a64).f64.load().f32.demote_f64().f32.store();
          }
        },
      );
    },
  );
}
