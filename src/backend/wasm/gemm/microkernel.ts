// The register-tiled inner kernel: one MR×NR tile of C.
import type { FunctionBuilder, ModuleBuilder } from "../emitter/module.ts";
import { advance, incr, mulAdd, whileLoop } from "./emit.ts";
import { MR, NR } from "./params.ts";

const NV = NR / 4; // f32x4 vectors per tile row

/**
 * Adds `micro(a, b, bStride, kc, c, ldcBytes, accumulate)`: for p < kc,
 * acc[i][j] += a[p·MR + i] · B_p[j] with row B_p of NR floats at b + p·bStride
 * (a packed panel: bStride = 4·NR; or B itself), then C = acc, or C += acc when
 * `accumulate` ≠ 0; C row i starts at c + i·ldcBytes. `a` is a packed A
 * micro-panel (pack.ts). One k step per iteration: see params.ts on unrolling.
 */
export function emitMicroKernel(mb: ModuleBuilder, fma: boolean): FunctionBuilder {
  const f = mb.addFunction(`sgemm.micro${fma ? "_fma" : ""}`, Array(7).fill("i32"), []);
  const [a, b, bStride, kc, c, ldcBytes, accumulate] = [0, 1, 2, 3, 4, 5, 6];
  const acc = Array.from({ length: MR }, () => Array.from({ length: NV }, () => f.addLocal("v128")));
  const bv = Array.from({ length: NV }, () => f.addLocal("v128"));
  const av = f.addLocal("v128");

  whileLoop(
    f,
    () => f.local_get(kc),
    () => {
      for (let v = 0; v < NV; v++)
        f.local_get(b)
          .v128.load({ offset: 16 * v, align: 4 })
          .local_set(bv[v]);
      for (let i = 0; i < MR; i++) {
        f.local_get(a)
          .v128.load32_splat({ offset: 4 * i })
          .local_set(av);
        for (let v = 0; v < NV; v++) mulAdd(f, fma, acc[i][v], av, bv[v]);
      }
      incr(f, a, 4 * MR);
      advance(f, b, bStride);
      incr(f, kc, -1);
    },
  );

  for (let i = 0; i < MR; i++) {
    for (let v = 0; v < NV; v++) {
      // select(acc + C, acc, accumulate): branch-free; C is read even when overwritten, but never used then.
      f.local_get(c)
        .local_get(acc[i][v])
        .local_get(c)
        .v128.load({ offset: 16 * v, align: 4 })
        .f32x4.add();
      f.local_get(acc[i][v]).local_get(accumulate).select("v128");
      f.v128.store({ offset: 16 * v, align: 4 });
    }
    if (i < MR - 1) advance(f, c, ldcBytes);
  }
  return f;
}
