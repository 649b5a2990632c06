// The entry point: batch loop, and the choice between the packed (blocked)
// path and the matrix-vector paths.
import type { FunctionBuilder, ModuleBuilder } from "../emitter/module.ts";
import { emitBlocked, type BlockedKernels } from "./blocked.ts";
import { countUp } from "./emit.ts";
import { emitGemvAxpy, emitGemvDot } from "./gemv.ts";
import { emitMacroKernel } from "./macrokernel.ts";
import { emitMicroKernel } from "./microkernel.ts";
import { emitPack } from "./pack.ts";
import { MR, NR } from "./params.ts";

export interface GemmOptions {
  /**
   * Use f32x4.relaxed_madd (fused or not, the engine's choice). Default: no.
   * V8 11.3 on this project's machine runs the sgemm 2-7% slower with it and
   * the GEMVs 10-16% slower (scripts/bench_gemm.ts), and without it every
   * engine rounds the products the same way.
   */
  fma?: boolean;
  /**
   * Index of a function (cBlock, ldc, batchIndex, row0, col0, rows, cols) -> ()
   * in the same module, called once per finished block of C (see README.md).
   */
  epilogue?: number;
}

/** The sgemm function's parameters, all i32 (strides in elements, pointers in bytes). */
export const SGEMM_PARAMS = [
  "aPtr",
  "aBatchStride",
  "aRowStride",
  "aColStride",
  "bPtr",
  "bBatchStride",
  "bRowStride",
  "bColStride",
  "cPtr",
  "cBatchStride",
  "ldc",
  "batch",
  "m",
  "n",
  "k",
  "workPtr",
] as const;

interface Kernels extends BlockedKernels {
  axpy: FunctionBuilder;
  dot: FunctionBuilder;
}

/** Helpers are added once per module and FMA mode, and shared by every sgemm in it. */
const kernelCache = new WeakMap<ModuleBuilder, Map<boolean, Kernels>>();

function kernels(mb: ModuleBuilder, fma: boolean): Kernels {
  let byMode = kernelCache.get(mb);
  if (!byMode) kernelCache.set(mb, (byMode = new Map()));
  let kern = byMode.get(fma);
  if (!kern) {
    const other = byMode.get(!fma); // packing does no arithmetic: share it
    kern = {
      macro: emitMacroKernel(mb, emitMicroKernel(mb, fma)),
      packA: other?.packA ?? emitPack(mb, MR),
      packB: other?.packB ?? emitPack(mb, NR),
      axpy: emitGemvAxpy(mb, fma),
      dot: emitGemvDot(mb, fma),
    };
    byMode.set(fma, kern);
  }
  return kern;
}

/**
 * Adds function `name` (parameters SGEMM_PARAMS, no result): for b < batch,
 * C_b = A_b · B_b in float32 (see README.md). It is not exported: call it
 * from wasm, or `mb.exportFunction(name, fn)`.
 */
export function emitSgemm(mb: ModuleBuilder, name: string, opts: GemmOptions = {}): FunctionBuilder {
  const kern = kernels(mb, opts.fma ?? false);
  const blocked = emitBlocked(mb, name, kern, opts.epilogue);
  const f = mb.addFunction(name, Array(SGEMM_PARAMS.length).fill("i32"), []);
  const [aPtr, aBS, aRS, aCS, bPtr, bBS, bRS, bCS, cPtr, cBS, ldc, batch, m, n, k, work] = SGEMM_PARAMS.map((_, i) => i);
  const local = () => f.addLocal("i32");
  const bi = local(),
    rowVec = local(),
    mode = local(),
    aB = local(),
    bB = local(),
    cB = local(),
    x = local(),
    M = local();
  const xs = local(),
    mp = local(),
    mt = local(),
    ys = local(),
    T = local();
  const BLOCKED = 0,
    AXPY = 1,
    DOT = 2;
  /** out = cond ? ifTrue : ifFalse, for locals or ({ c }) a constant. */
  const choose = (out: number, cond: number, ifTrue: number | { c: number }, ifFalse: number) => {
    if (typeof ifTrue === "number") f.local_get(ifTrue);
    else f.i32.const(ifTrue.c);
    f.local_get(ifFalse).local_get(cond).select().local_set(out);
  };

  f.local_get(m).i32.const(1).i32.lt_s().local_get(n).i32.const(1).i32.lt_s().i32.or().br_if(f.funcLabel);
  // Matrix-vector roles. m = 1: y = x·B with x = A's row. n = 1: y = A·x, i.e. M[p, t] = A[t, p], x = B's column.
  f.local_get(m).i32.const(1).i32.eq().local_set(rowVec);
  choose(xs, rowVec, aCS, bRS);
  choose(mp, rowVec, bRS, aCS);
  choose(mt, rowVec, bCS, aRS);
  choose(ys, rowVec, { c: 1 }, ldc);
  choose(T, rowVec, n, m);
  // mode: AXPY if M's rows are contiguous, else DOT if x and M's columns are, else BLOCKED (always when m, n > 1).
  f.i32
    .const(DOT)
    .i32.const(BLOCKED)
    .local_get(mp)
    .i32.const(1)
    .i32.eq()
    .local_get(xs)
    .i32.const(1)
    .i32.eq()
    .i32.and()
    .select()
    .local_set(mode);
  f.i32.const(AXPY).local_get(mode).local_get(mt).i32.const(1).i32.eq().select().local_set(mode);
  f.local_get(mode).i32.const(BLOCKED).local_get(rowVec).local_get(n).i32.const(1).i32.eq().i32.or().select().local_set(mode);

  countUp(f, bi, batch, 1, () => {
    for (const [out, ptr, stride] of [
      [aB, aPtr, aBS],
      [bB, bPtr, bBS],
      [cB, cPtr, cBS],
    ]) {
      f.local_get(ptr).local_get(bi).local_get(stride).i32.mul().i32.const(4).i32.mul().i32.add().local_set(out);
    }
    choose(x, rowVec, aB, bB);
    choose(M, rowVec, bB, aB);
    const cases = f.block();
    const blockedCase = f.block();
    const dotCase = f.block();
    const axpyCase = f.block();
    f.local_get(mode).br_table([blockedCase, axpyCase, dotCase], blockedCase);
    f.end();
    f.local_get(x).local_get(xs).local_get(M).local_get(mp).local_get(cB).local_get(ys).local_get(T).local_get(k).call(kern.axpy);
    f.br(cases);
    f.end();
    f.local_get(x).local_get(M).local_get(mt).local_get(cB).local_get(ys).local_get(T).local_get(k).call(kern.dot);
    f.br(cases);
    f.end();
    f.local_get(aB).local_get(aRS).local_get(aCS).local_get(bB).local_get(bRS).local_get(bCS).local_get(cB).local_get(ldc);
    f.local_get(m).local_get(n).local_get(k).local_get(work).local_get(bi).call(blocked);
    f.end();
    if (opts.epilogue !== undefined) {
      // The matrix-vector paths finish a whole C (one row or one column) at once.
      f.local_get(mode).i32.const(BLOCKED).i32.ne();
      f.if_();
      f.local_get(cB).local_get(ldc).local_get(bi).i32.const(0).i32.const(0).local_get(m).local_get(n).call(opts.epilogue);
      f.end();
    }
  });
  return f;
}
