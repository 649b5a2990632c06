// The macro-kernel: a packed MC×KC block of A times a KC×NC panel of B, one
// micro-tile at a time; edge tiles go through a scratch tile.
import type { FunctionBuilder, ModuleBuilder } from "../emitter/module.ts";
import { advance, clampTo, countUp, incr, toBytes } from "./emit.ts";
import { MR, NR } from "./params.ts";

/**
 * Adds `macro(aBlock, b, bStride, bStep, kc, mc, nc, c, ldc, accumulate, tile)`:
 * C[0:mc, 0:nc] (row stride ldc elements) = or += A·B, where A is packed and
 * B's NR-column micro-panel j starts at b + j·bStep with rows bStride bytes
 * apart (see microkernel.ts). Columns outermost, so one B micro-panel stays
 * in L1 while the A micro-panels stream past it from L2.
 */
export function emitMacroKernel(mb: ModuleBuilder, micro: FunctionBuilder): FunctionBuilder {
  const f = mb.addFunction(`${micro.name}.macro`, Array(11).fill("i32"), []);
  const [aBlock, b, bStride, bStep, kc, mc, nc, c, ldc, accumulate, tile] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const local = () => f.addLocal("i32");
  const jr = local(),
    ir = local(),
    mr = local(),
    nr = local(),
    aStep = local(),
    cStep = local();
  const aPanel = local(),
    cTile = local(),
    r = local(),
    col = local(),
    dst = local();
  toBytes(f, ldc);
  f.local_get(kc)
    .i32.const(4 * MR)
    .i32.mul()
    .local_set(aStep);
  f.local_get(ldc).i32.const(MR).i32.mul().local_set(cStep);

  countUp(f, jr, nc, NR, () => {
    f.local_get(nc).local_get(jr).i32.sub().local_set(nr);
    clampTo(f, nr, NR);
    f.local_get(aBlock).local_set(aPanel);
    f.local_get(c).local_set(cTile);
    countUp(f, ir, mc, MR, () => {
      f.local_get(mc).local_get(ir).i32.sub().local_set(mr);
      clampTo(f, mr, MR);
      f.local_get(mr).i32.const(MR).i32.eq().local_get(nr).i32.const(NR).i32.eq().i32.and();
      f.if_();
      f.local_get(aPanel).local_get(b).local_get(bStride).local_get(kc).local_get(cTile).local_get(ldc).local_get(accumulate).call(micro);
      f.else_();
      // Edge tile: the whole tile into scratch, then its valid part into C.
      f.local_get(aPanel)
        .local_get(b)
        .local_get(bStride)
        .local_get(kc)
        .local_get(tile)
        .i32.const(4 * NR)
        .i32.const(0)
        .call(micro);
      countUp(f, r, mr, 1, () => {
        countUp(f, col, nr, 1, () => {
          f.local_get(cTile).local_get(r).local_get(ldc).i32.mul().i32.add().local_get(col).i32.const(4).i32.mul().i32.add().local_tee(dst);
          f.local_get(tile).local_get(r).i32.const(NR).i32.mul().local_get(col).i32.add().i32.const(4).i32.mul().i32.add().f32.load();
          f.local_get(dst).f32.load().f32.const(0).local_get(accumulate).select().f32.add();
          f.f32.store();
        });
      });
      f.end();
      advance(f, aPanel, aStep);
      advance(f, cTile, cStep);
    });
    advance(f, b, bStep);
    incr(f, c, 4 * NR);
  });
  return f;
}
