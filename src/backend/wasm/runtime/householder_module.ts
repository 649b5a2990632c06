// Unblocked Householder QR (LAPACK's sgeqr2) on float32 in wasm, for the
// panels of blocked_qr.ts: each reflector as slarfg builds it (the norm's
// sum of squares and the square roots in float64, as the reference kernel
// computes them), applied to the panel's later columns a row at a time
// (four lanes: the rows are contiguous, the columns are not).
import { forLoop, type FunctionBuilder, type ModuleBuilder } from "../emitter/index.ts";
import { heapModule } from "./heap_module.ts";
import type { WasmHeap } from "../heap.ts";

/**
 * (P, ld, m, n, taus, s): QR of the m×n float32 block at P (row stride ld)
 * in place: R on and above the diagonal, reflector j's v below entry (j, j)
 * (v[0] = 1 implicit), tau j at taus + 4 j (float32); s is n float32s of scratch.
 */
export type Geqr2Fn = (P: number, ld: number, m: number, n: number, taus: number, s: number) => void;

const modules = new WeakMap<WasmHeap, Geqr2Fn>();

export function geqr2Function(heap: WasmHeap): Geqr2Fn {
  return heapModule(modules, heap, addGeqr2, (e) => e.geqr2 as Geqr2Fn);
}

/** Pushes the address of float32 element (i, j) of the block at base with row stride ld (all i32 locals). */
function at(f: FunctionBuilder, base: number, i: number, ld: number, j: number): void {
  f.local_get(base).local_get(i).local_get(ld).i32.mul().local_get(j).i32.add().i32.const(2).i32.shl().i32.add();
}

/** dst[from..to) += k · src[from..to) (float32 rows at byte addresses dst, src; k an f32 local): four lanes, then one. */
function emitAddScaled(f: FunctionBuilder, dst: number, src: number, from: number, to: number, k: number): void {
  const [j, a] = [f.addLocal("i32"), f.addLocal("i32")];
  const kv = f.addLocal("v128");
  f.local_get(k).f32x4.splat().local_set(kv);
  const elem = (base: number) => f.local_get(base).local_get(j).i32.const(2).i32.shl().i32.add();
  f.local_get(from).local_set(j);
  const vDone = f.block();
  const vLoop = f.loop();
  f.local_get(j).i32.const(4).i32.add().local_get(to).i32.gt_s().br_if(vDone);
  elem(dst).local_tee(a);
  f.local_get(a).v128.load();
  elem(src).v128.load().local_get(kv).f32x4.mul().f32x4.add().v128.store();
  f.local_get(j).i32.const(4).i32.add().local_set(j).br(vLoop);
  f.end().end();
  const sDone = f.block();
  const sLoop = f.loop();
  f.local_get(j).local_get(to).i32.ge_s().br_if(sDone);
  elem(dst).local_tee(a);
  f.local_get(a).f32.load();
  elem(src).f32.load().local_get(k).f32.mul().f32.add().f32.store();
  f.local_get(j).i32.const(1).i32.add().local_set(j).br(sLoop);
  f.end().end();
}

function addGeqr2(mb: ModuleBuilder): void {
  const [P, LD, M, N, TAUS, S] = [0, 1, 2, 3, 4, 5];
  const f = mb.addFunction("geqr2", ["i32", "i32", "i32", "i32", "i32", "i32"], [], { export: true });
  const [k, j, i, next, row, a] = [0, 0, 0, 0, 0, 0].map(() => f.addLocal("i32"));
  const [alpha, norm2, beta, x] = [0, 0, 0, 0].map(() => f.addLocal("f64"));
  const [tau, vi, scale] = [0, 0, 0].map(() => f.addLocal("f32"));
  const zero = f.addLocal("i32");
  f.local_get(M).local_get(N).local_get(M).local_get(N).i32.lt_s().select().local_set(k);
  forLoop(
    f,
    j,
    () => f.i32.const(0),
    () => f.local_get(k),
    1,
    () => {
      f.local_get(j).i32.const(1).i32.add().local_set(next);
      // slarfg: norm2 = sum of x_i^2 below the diagonal (float64).
      f.f64.const(0).local_set(norm2);
      forLoop(
        f,
        i,
        () => f.local_get(next),
        () => f.local_get(M),
        1,
        () => {
          at(f, P, i, LD, j);
          f.f32.load().f64.promote_f32().local_tee(x).local_get(x).f64.mul().local_get(norm2).f64.add().local_set(norm2);
        },
      );
      f.f32.const(0).local_set(tau);
      f.local_get(norm2).f64.const(0).f64.gt();
      f.if_();
      {
        at(f, P, j, LD, j);
        f.f32.load().f64.promote_f32().local_set(alpha);
        // beta = -sign(alpha) sqrt(alpha^2 + norm2)
        f.local_get(alpha).local_get(alpha).f64.mul().local_get(norm2).f64.add().f64.sqrt().local_set(beta);
        f.local_get(beta).f64.neg().local_get(beta).local_get(alpha).f64.const(0).f64.ge().select().local_set(beta);
        f.local_get(beta).local_get(alpha).f64.sub().local_get(beta).f64.div().f32.demote_f64().local_set(tau);
        f.f64.const(1).local_get(alpha).local_get(beta).f64.sub().f64.div().f32.demote_f64().local_set(scale);
        forLoop(
          f,
          i,
          () => f.local_get(next),
          () => f.local_get(M),
          1,
          () => {
            at(f, P, i, LD, j);
            f.local_tee(a).local_get(a).f32.load().local_get(scale).f32.mul().f32.store();
          },
        );
        at(f, P, j, LD, j);
        f.local_get(beta).f32.demote_f64().f32.store();
        // H = I - tau v v^T on columns j+1..n-1: s = row j + sum_i v_i row i; row j -= tau s; row i -= tau v_i s.
        forLoop(
          f,
          i,
          () => f.local_get(next),
          () => f.local_get(N),
          1,
          () => {
            f.local_get(S).local_get(i).i32.const(2).i32.shl().i32.add();
            at(f, P, j, LD, i);
            f.f32.load().f32.store();
          },
        );
        // s holds columns next..n-1 at s + 4 (next..n-1): rows are addressed from column 0.
        forLoop(
          f,
          i,
          () => f.local_get(next),
          () => f.local_get(M),
          1,
          () => {
            at(f, P, i, LD, j);
            f.f32.load().local_set(vi);
            at(f, P, i, LD, zero);
            f.local_set(row);
            emitAddScaled(f, S, row, next, N, vi);
          },
        );
        forLoop(
          f,
          i,
          () => f.local_get(next),
          () => f.local_get(N),
          1,
          () => {
            f.local_get(S).local_get(i).i32.const(2).i32.shl().i32.add();
            f.local_tee(a).local_get(a).f32.load().local_get(tau).f32.mul().f32.store();
          },
        );
        at(f, P, j, LD, zero);
        f.local_set(row);
        f.f32.const(-1).local_set(vi);
        emitAddScaled(f, row, S, next, N, vi);
        forLoop(
          f,
          i,
          () => f.local_get(next),
          () => f.local_get(M),
          1,
          () => {
            at(f, P, i, LD, j);
            f.f32.load().f32.neg().local_set(vi);
            at(f, P, i, LD, zero);
            f.local_set(row);
            emitAddScaled(f, row, S, next, N, vi);
          },
        );
      }
      f.end();
      f.local_get(TAUS).local_get(j).i32.const(2).i32.shl().i32.add().local_get(tau).f32.store();
    },
  );
}
