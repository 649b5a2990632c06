// The GotoBLAS loop nest for one matrix of the batch: pack a KC×NC panel of
// B, then for each MC row block pack A and run the macro-kernel; once a
// block has had its last K panel, hand it to the epilogue while it is in cache.
import type { FunctionBuilder, ModuleBuilder } from "../emitter/module.ts";
import { clampTo, countUp } from "./emit.ts";
import { IN_PLACE_B_MAX_M, IN_PLACE_B_MAX_M_SPREAD, KC, MC, MR, NC, NR, TILE_BYTES } from "./params.ts";

export interface BlockedKernels {
  macro: FunctionBuilder;
  packA: FunctionBuilder;
  packB: FunctionBuilder;
}

/**
 * Adds `blocked(a, aRowStride, aColStride, b, bRowStride, bColStride, c, ldc,
 * m, n, k, work, batchIndex)`: C = A·B for one matrix (strides in elements,
 * m, n ≥ 1, k ≥ 0), calling `epilogue(cBlock, ldc, batchIndex, row0, col0,
 * rows, cols)` once per finished MC×NC block when given.
 */
export function emitBlocked(mb: ModuleBuilder, name: string, kern: BlockedKernels, epilogue?: number): FunctionBuilder {
  const f = mb.addFunction(`${name}.blocked`, Array(13).fill("i32"), []);
  const [a, aRS, aCS, b, bRS, bCS, c, ldc, m, n, k, work, batchIndex] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const local = () => f.addLocal("i32");
  const jc = local(),
    nc = local(),
    pc = local(),
    kc = local(),
    ic = local(),
    mc = local();
  const tile = local(),
    aBlock = local(),
    bPanel = local(),
    cBlock = local(),
    inPlace = local(),
    packed = local();
  /** Pushes base + 4·(i·si + j·sj). */
  const elem = (base: number, i: number, si: number, j: number, sj: number) =>
    f.local_get(base).local_get(i).local_get(si).i32.mul().local_get(j).local_get(sj).i32.mul().i32.add().i32.const(4).i32.mul().i32.add();
  /** out = min(count − start, max). */
  const remaining = (count: number, start: number | null, max: number, out: number) => {
    f.local_get(count);
    if (start !== null) f.local_get(start).i32.sub();
    f.local_set(out);
    clampTo(f, out, max);
  };

  // Workspace layout, as sgemmWorkspaceBytes in params.ts: [tile | A block | B panel].
  f.local_get(work).local_set(tile);
  f.local_get(work).i32.const(TILE_BYTES).i32.add().local_set(aBlock);
  remaining(k, null, KC, kc);
  remaining(m, null, MC, mc);
  f.local_get(mc)
    .i32.const(MR - 1)
    .i32.add()
    .i32.const(MR)
    .i32.div_u()
    .i32.const(MR)
    .i32.mul();
  f.local_get(kc).i32.mul().i32.const(4).i32.mul().i32.const(63).i32.add().i32.const(-64).i32.and();
  f.local_get(aBlock).i32.add().local_set(bPanel);

  countUp(f, jc, n, NC, () => {
    remaining(n, jc, NC, nc);
    // Columns [0, inPlace) of the panel are read from B itself, [inPlace, nc) packed (see params.ts).
    f.local_get(nc).local_get(nc).i32.const(NR).i32.rem_s().i32.sub().i32.const(0);
    f.local_get(m).i32.const(IN_PLACE_B_MAX_M).i32.le_s();
    f.local_get(m).i32.const(IN_PLACE_B_MAX_M_SPREAD).i32.le_s().local_get(bRS).i32.const(63).i32.and().i32.const(0).i32.ne().i32.and();
    f.i32.or().local_get(bCS).i32.const(1).i32.eq().i32.and().select().local_set(inPlace);
    f.local_get(nc).local_get(inPlace).i32.sub().local_set(packed);
    // K panels: at least one, so that k = 0 still stores C = 0 and runs the epilogue.
    f.i32.const(0).local_set(pc);
    const kLoop = f.loop();
    remaining(k, pc, KC, kc);
    f.local_get(packed);
    f.if_();
    elem(b, pc, bRS, jc, bCS).local_get(inPlace).local_get(bCS).i32.mul().i32.const(4).i32.mul().i32.add();
    f.local_get(bCS).local_get(bRS).local_get(packed).local_get(kc).local_get(bPanel).call(kern.packB);
    f.end();
    countUp(f, ic, m, MC, () => {
      remaining(m, ic, MC, mc);
      elem(a, ic, aRS, pc, aCS).local_get(aRS).local_get(aCS).local_get(mc).local_get(kc).local_get(aBlock).call(kern.packA);
      f.local_get(c).local_get(ic).local_get(ldc).i32.mul().local_get(jc).i32.add().i32.const(4).i32.mul().i32.add().local_set(cBlock);
      // macro(aBlock, b, bStride, bStep, kc, mc, cols, cBlock + col0·4, ldc, accumulate, tile) if cols > 0.
      const macro = (cols: number, pushB: () => void, col0: number | null) => {
        f.local_get(cols);
        f.if_();
        f.local_get(aBlock);
        pushB();
        f.local_get(kc).local_get(mc).local_get(cols).local_get(cBlock);
        if (col0 !== null) f.local_get(col0).i32.const(4).i32.mul().i32.add();
        f.local_get(ldc).local_get(pc).i32.const(0).i32.ne().local_get(tile).call(kern.macro);
        f.end();
      };
      macro(
        inPlace,
        () =>
          elem(b, pc, bRS, jc, bCS)
            .local_get(bRS)
            .i32.const(4)
            .i32.mul()
            .i32.const(4 * NR),
        null,
      );
      macro(
        packed,
        () =>
          f
            .local_get(bPanel)
            .i32.const(4 * NR)
            .local_get(kc)
            .i32.const(4 * NR)
            .i32.mul(),
        inPlace,
      );
      if (epilogue !== undefined) {
        f.local_get(pc).local_get(kc).i32.add().local_get(k).i32.ge_s();
        f.if_();
        f.local_get(cBlock).local_get(ldc).local_get(batchIndex).local_get(ic).local_get(jc).local_get(mc).local_get(nc).call(epilogue);
        f.end();
      }
    });
    f.local_get(pc).local_get(kc).i32.add().local_tee(pc).local_get(k).i32.lt_s().br_if(kLoop);
    f.end();
  });
  return f;
}
