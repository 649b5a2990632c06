// int32/uint32 dot_general on the wasm heap: C = A · B with wrapping
// multiplies and adds (XLA's integer dot, bit for bit; signedness does not
// change the low 32 bits), row by row, four columns of C a vector: for each
// k, C[i, :] += A[i, k] · B[k, :]. B's rows must be contiguous (a strided B
// is copied first); A may be any strided view. The reference kernel, in JS
// per element, took 36 ms for 256³; this takes a few.
import { paramsOf } from "../../../core/primitive.ts";
import { planDot } from "../../../compiler/gemm_plan.ts";
import { dotGeneralP } from "../../../lax/dot.ts";
import type { ModuleBuilder } from "../emitter/index.ts";
import type { WasmHeap } from "../heap.ts";
import { countUp, incr, whileLoop } from "../gemm/emit.ts";
import { heapModule } from "./heap_module.ts";
import type { Move } from "./native_moves.ts";
import { withScratch } from "./heap_scratch.ts";

/** (a, b, c, m, n, k, aRowStride, aColStride, bRowStride): C (m × n, contiguous) = A (m × k, strided) · B (k × n, rows contiguous); strides in elements. */
type IntGemm = (a: number, b: number, c: number, m: number, n: number, k: number, ars: number, acs: number, brs: number) => void;

const modules = new WeakMap<WasmHeap, IntGemm>();

export const intDot: Move = (backend, prim, [x, y], inAvals, params, [out]) => {
  const dt = out.dtype;
  if ((dt !== "int32" && dt !== "uint32") || inAvals.some((a) => a.dtype !== dt)) return null;
  const plan = planDot(inAvals[0], inAvals[1], out, paramsOf(dotGeneralP, prim, params));
  if (!plan) return null;
  const gemm = heapModule(modules, backend.heap, addIntGemm, (e) => e.igemm as IntGemm);
  const c = backend.alloc(out);
  const { batch, m, n, k, a, b } = plan;
  withScratch(backend.heap, (s) => {
    // B's rows contiguous (its column stride 1): copy a strided B into a [k, n] block per batch entry.
    const contiguous = b.cs === 1 || n <= 1;
    const bb = contiguous ? 0 : s.take(4 * k * n);
    for (let t = 0; t < batch; t++) {
      const i32 = backend.heap.i32;
      let bPtr = y.ptr + 4 * (b.offset + t * b.bs);
      let brs = b.rs;
      if (!contiguous) {
        const base = (y.ptr >> 2) + b.offset + t * b.bs;
        for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) i32[(bb >> 2) + p * n + j] = i32[base + p * b.rs + j * b.cs];
        bPtr = bb;
        brs = n;
      }
      gemm(x.ptr + 4 * (a.offset + t * a.bs), bPtr, c.ptr + 4 * t * m * n, m, n, k, a.rs, a.cs, brs);
    }
  });
  return [c];
};

function addIntGemm(mb: ModuleBuilder): void {
  const [A, B, C, M, N, K, ARS, ACS, BRS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const f = mb.addFunction("igemm", Array(9).fill("i32"), [], { export: true });
  const [i, p, j, crow, brow, av, at, n4] = [0, 0, 0, 0, 0, 0, 0, 0].map(() => f.addLocal("i32"));
  const avv = f.addLocal("v128");
  const elem = (base: number) => f.local_get(base).local_get(j).i32.const(2).i32.shl().i32.add(); // base + 4 j
  f.local_get(N).i32.const(-4).i32.and().local_set(n4); // N rounded down to a multiple of 4
  countUp(f, i, M, 1, () => {
    // crow = C + 4 i N, zeroed.
    f.local_get(C).local_get(i).local_get(N).i32.mul().i32.const(2).i32.shl().i32.add().local_set(crow);
    countUp(f, j, N, 1, () => elem(crow).i32.const(0).i32.store({ align: 4 }));
    countUp(f, p, K, 1, () => {
      // av = A[i ars + p acs]; zero entries of A add nothing.
      f.local_get(A).local_get(i).local_get(ARS).i32.mul().local_get(p).local_get(ACS).i32.mul().i32.add().i32.const(2).i32.shl().i32.add();
      f.i32.load({ align: 4 }).local_set(av);
      f.local_get(av).if_();
      f.local_get(av).i32x4.splat().local_set(avv);
      f.local_get(B).local_get(p).local_get(BRS).i32.mul().i32.const(2).i32.shl().i32.add().local_set(brow);
      // C[i, j..j+3] += av · B[p, j..j+3], then the tail one column at a time (j runs on from n4).
      countUp(f, j, n4, 4, () => {
        elem(crow).local_tee(at);
        f.local_get(at).v128.load({ align: 4 });
        elem(brow).v128.load({ align: 4 });
        f.local_get(avv).i32x4.mul().i32x4.add().v128.store({ align: 4 });
      });
      whileLoop(
        f,
        () => f.local_get(j).local_get(N).i32.lt_s(),
        () => {
          elem(crow).local_tee(at);
          f.local_get(at).i32.load({ align: 4 });
          elem(brow).i32.load({ align: 4 });
          f.local_get(av).i32.mul().i32.add().i32.store({ align: 4 });
          incr(f, j, 1);
        },
      );
      f.end();
    });
  });
}
