// top_k's selection of float32 rows in wasm, for k small against the row:
// each value's XLA total-order key (a positive NaN largest, a negative one
// smallest, +0 above -0: the float's bits, sign-folded to an unsigned
// integer) and a sorted list of the k best keys, ties to the lower index.
// Vectors of four keys none of which beats the worst of the list are
// skipped whole; in random data about k·ln(n/k) of the n values enter. The
// JS heap this replaces paid a closure call per candidate (256 rows of 512,
// k = 8: 1.05 ms, 4 µs a row).
import { type FunctionBuilder, type ModuleBuilder, forLoop } from "../emitter/index.ts";
import type { WasmHeap } from "../heap.ts";
import type { PoolFunction, ThreadPool } from "../threads/pool.ts";
import { heapModule } from "./heap_module.ts";

/**
 * (x, rows, n, k, vals, idx, list): for each of `rows` rows of n float32 at x,
 * its k largest in XLA's order to vals (float32) and their positions to idx
 * (int32), k per row; `list` is 8·k bytes of scratch. Pointers in bytes.
 */
export type TopKRowsFn = (x: number, rows: number, n: number, k: number, vals: number, idx: number, list: number) => void;

export interface TopKFunctions {
  rows: TopKRowsFn;
  pooled: PoolFunction | null;
}

const modules = new WeakMap<WasmHeap, TopKFunctions>();

export function topKFunctions(heap: WasmHeap, pool: ThreadPool | null): TopKFunctions {
  return heapModule(modules, heap, addTopKRows, (e, module) => ({
    rows: e.topk as TopKRowsFn,
    pooled: pool?.register(module, "topk", e.topk as (...a: number[]) => void) ?? null,
  }));
}

/** Pushes the total-order key of the i32 (or i32x4) on the stack: bits ^ ((bits >> 31) | 0x80000000). */
function orderKey(f: FunctionBuilder, bits: number, vector: boolean): void {
  f.local_get(bits).local_get(bits);
  if (vector)
    f.i32
      .const(31)
      .i32x4.shr_s()
      .v128.const(new Int32Array([-0x80000000, -0x80000000, -0x80000000, -0x80000000]))
      .v128.or()
      .v128.xor();
  else f.i32.const(31).i32.shr_s().i32.const(-0x80000000).i32.or().i32.xor();
}

function addTopKRows(mb: ModuleBuilder): void {
  const [X, ROWS, N, K, VALS, IDX, LIST] = [0, 1, 2, 3, 4, 5, 6];
  const f = mb.addFunction("topk", ["i32", "i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const [r, j, cnt, worst, key, bits, pos, row, keys] = Array.from({ length: 9 }, () => f.addLocal("i32"));
  const [v, worst4] = [f.addLocal("v128"), f.addLocal("v128")];
  // keys[i] at LIST + 4i, positions at keys + 4k.
  const keyAt = (p: () => void): void => {
    f.local_get(LIST);
    p();
    f.i32.const(2).i32.shl().i32.add();
  };
  const posAt = (p: () => void): void => {
    f.local_get(keys);
    p();
    f.i32.const(2).i32.shl().i32.add();
  };
  /** Inserts (key, j) into the sorted list, dropping its last entry when full; then updates worst. */
  const insert = (): void => {
    // pos = cnt < k ? cnt++ : k - 1
    f.local_get(cnt).local_get(K).i32.lt_u();
    f.if_();
    f.local_get(cnt).local_set(pos);
    f.local_get(cnt).i32.const(1).i32.add().local_set(cnt);
    f.else_();
    f.local_get(K).i32.const(1).i32.sub().local_set(pos);
    f.end();
    // Shift the entries whose key is smaller (equal keys keep their place: the lower position first).
    const done = f.block();
    const shift = f.loop();
    f.local_get(pos).i32.eqz().br_if(done);
    keyAt(() => f.local_get(pos).i32.const(1).i32.sub());
    f.i32.load().local_get(key).i32.ge_u().br_if(done);
    keyAt(() => f.local_get(pos));
    keyAt(() => f.local_get(pos).i32.const(1).i32.sub());
    f.i32.load().i32.store();
    posAt(() => f.local_get(pos));
    posAt(() => f.local_get(pos).i32.const(1).i32.sub());
    f.i32.load().i32.store();
    f.local_get(pos).i32.const(1).i32.sub().local_set(pos);
    f.br(shift);
    f.end().end();
    keyAt(() => f.local_get(pos));
    f.local_get(key).i32.store();
    posAt(() => f.local_get(pos));
    f.local_get(j).i32.store();
    // The worst kept key, once the list is full (until then everything enters: worst = 0 and >= below).
    f.local_get(cnt).local_get(K).i32.eq();
    f.if_();
    keyAt(() => f.local_get(K).i32.const(1).i32.sub());
    f.i32.load().local_tee(worst).i32x4.splat().local_set(worst4);
    f.end();
  };
  f.local_get(LIST).local_get(K).i32.const(2).i32.shl().i32.add().local_set(keys);
  forLoop(
    f,
    r,
    () => f.i32.const(0),
    () => f.local_get(ROWS),
    1,
    () => {
      f.local_get(X).local_get(r).local_get(N).i32.mul().i32.const(2).i32.shl().i32.add().local_set(row);
      f.i32.const(0).local_set(cnt);
      f.i32.const(0).local_set(worst);
      f.v128.const(new Int32Array(4)).local_set(worst4);
      f.i32.const(0).local_set(j);
      const rowDone = f.block();
      const scan = f.loop();
      f.local_get(j).local_get(N).i32.ge_u().br_if(rowDone);
      // Full list: skip four at a time while no key beats the worst.
      f.local_get(cnt).local_get(K).i32.eq();
      f.if_();
      const skipped = f.block();
      const skip = f.loop();
      f.local_get(j).i32.const(4).i32.add().local_get(N).i32.gt_u().br_if(skipped);
      f.local_get(row).local_get(j).i32.const(2).i32.shl().i32.add().v128.load({ align: 4 }).local_set(v);
      orderKey(f, v, true);
      f.local_get(worst4).i32x4.gt_u().v128.any_true().br_if(skipped);
      f.local_get(j).i32.const(4).i32.add().local_set(j);
      f.br(skip);
      f.end().end();
      f.local_get(j).local_get(N).i32.ge_u().br_if(rowDone);
      f.end();
      f.local_get(row).local_get(j).i32.const(2).i32.shl().i32.add().i32.load().local_set(bits);
      // A NaN ranks by its sign alone (its payload does not order it): the canonical one's key.
      f.local_get(bits).i32.const(0x7fffffff).i32.and().i32.const(0x7f800000).i32.gt_u();
      f.if_();
      f.local_get(bits).i32.const(-0x80000000).i32.and().i32.const(0x7fc00000).i32.or().local_set(bits);
      f.end();
      orderKey(f, bits, false);
      f.local_set(key);
      // Enters while the list fills, or when it beats the worst.
      f.local_get(cnt).local_get(K).i32.lt_u().local_get(key).local_get(worst).i32.gt_u().i32.or();
      f.if_();
      insert();
      f.end();
      f.local_get(j).i32.const(1).i32.add().local_set(j);
      f.br(scan);
      f.end().end();
      // The row's k: values and positions.
      forLoop(
        f,
        pos,
        () => f.i32.const(0),
        () => f.local_get(K),
        1,
        () => {
          posAt(() => f.local_get(pos));
          f.i32.load().local_set(j);
          f.local_get(VALS).local_get(r).local_get(K).i32.mul().local_get(pos).i32.add().i32.const(2).i32.shl().i32.add();
          f.local_get(row).local_get(j).i32.const(2).i32.shl().i32.add().i32.load().i32.store();
          f.local_get(IDX).local_get(r).local_get(K).i32.mul().local_get(pos).i32.add().i32.const(2).i32.shl().i32.add();
          f.local_get(j).i32.store();
        },
      );
    },
  );
}
