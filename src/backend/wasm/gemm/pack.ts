// Packing: copies a strided block of A or B into the contiguous micro-panel
// layout that the micro-kernel streams through.
import type { FunctionBuilder, ModuleBuilder } from "../emitter/module.ts";
import { advance, clampTo, incr, toBytes, transpose4, whileLoop, ZIP_HI, ZIP_LO } from "./emit.ts";

/**
 * Adds `pack(src, strideL, strideP, lanes, kc, dst)` for panels `w` lanes wide
 * (w = MR for A, NR for B). Element (l, p), l < lanes, p < kc, is read at
 * src + 4·(l·strideL + p·strideP) and written to panel ⌊l/w⌋ at
 * dst + 4·(⌊l/w⌋·w·kc + p·w + l mod w). A is packed with (l, p) = (row, k),
 * B with (l, p) = (column, k). The last panel is zero-padded to w lanes: their
 * products are never stored, but zeros keep stale (maybe subnormal) workspace
 * bytes out of the arithmetic. Unit lane stride is a straight vector copy,
 * unit p stride a 4×4 (or 2×4) transpose in registers; other strides, and the
 * padded panel, are scalar.
 */
export function emitPack(mb: ModuleBuilder, w: number): FunctionBuilder {
  if (w !== 2 && w % 4 !== 0) throw new Error(`pack: panel width ${w} must be 2 or a multiple of 4`);
  const f = mb.addFunction(`sgemm.pack${w}`, Array(6).fill("i32"), []);
  const [src, strideL, strideP, lanes, kc, dst] = [0, 1, 2, 3, 4, 5];
  const local = () => f.addLocal("i32");
  const l0 = local(),
    valid = local(),
    p = local(),
    s = local(),
    d = local(),
    q = local(),
    l = local(),
    full = local();
  const rows = Array.from({ length: Math.min(w, 4) }, () => f.addLocal("v128"));
  const tmp = Array.from({ length: 4 }, () => f.addLocal("v128"));
  toBytes(f, strideL);
  toBytes(f, strideP);
  const unit = (stride: number) => f.local_get(full).local_get(stride).i32.const(4).i32.eq().i32.and();
  // One k step of the scalar and copy paths: s → next source row, d → next panel row.
  const nextP = () => {
    advance(f, s, strideP);
    incr(f, d, 4 * w);
    incr(f, p, 1);
  };

  whileLoop(
    f,
    () => f.local_get(l0).local_get(lanes).i32.lt_s(),
    () => {
      f.local_get(lanes).local_get(l0).i32.sub().local_set(valid);
      clampTo(f, valid, w);
      f.local_get(valid).i32.const(w).i32.eq().local_set(full);
      f.local_get(src).local_set(s);
      f.local_get(dst).local_set(d);
      f.i32.const(0).local_set(p);

      unit(strideL);
      f.if_();
      // Lanes contiguous: each k step is one copy of w floats.
      whileLoop(
        f,
        () => f.local_get(p).local_get(kc).i32.lt_s(),
        () => {
          if (w === 2) f.local_get(d).local_get(s).i64.load({ align: 4 }).i64.store({ align: 4 });
          else
            for (let o = 0; o < 4 * w; o += 16)
              f.local_get(d).local_get(s).v128.load({ offset: o, align: 4 }).v128.store({ offset: o, align: 4 });
          nextP();
        },
      );
      f.else_();
      unit(strideP);
      f.if_();
      // k contiguous: transpose 4 k steps at a time; the k tail is left to the scalar loop.
      whileLoop(
        f,
        () => f.local_get(p).i32.const(4).i32.add().local_get(kc).i32.le_s(),
        () => {
          f.local_get(s).local_set(q);
          for (let g = 0; g < w; g += rows.length) {
            for (const r of rows) {
              f.local_get(q).v128.load({ align: 4 }).local_set(r);
              advance(f, q, strideL);
            }
            if (rows.length === 2) {
              f.local_get(d).local_get(rows[0]).local_get(rows[1]).i8x16.shuffle(ZIP_LO).v128.store({ align: 4 });
              f.local_get(d).local_get(rows[0]).local_get(rows[1]).i8x16.shuffle(ZIP_HI).v128.store({ offset: 16, align: 4 });
            } else {
              transpose4(f, rows, tmp);
              rows.forEach((r, k) =>
                f
                  .local_get(d)
                  .local_get(r)
                  .v128.store({ offset: 4 * (k * w + g), align: 4 }),
              );
            }
          }
          incr(f, s, 16);
          incr(f, d, 16 * w);
          incr(f, p, 4);
        },
      );
      f.end();
      f.end();

      // Scalar: the k steps no fast path took, zero past `valid`.
      whileLoop(
        f,
        () => f.local_get(p).local_get(kc).i32.lt_s(),
        () => {
          f.local_get(s).local_set(q);
          f.i32.const(0).local_set(l);
          whileLoop(
            f,
            () => f.local_get(l).local_get(valid).i32.lt_s(),
            () => {
              f.local_get(d).local_get(l).i32.const(4).i32.mul().i32.add().local_get(q).f32.load().f32.store();
              advance(f, q, strideL);
              incr(f, l, 1);
            },
          );
          whileLoop(
            f,
            () => f.local_get(l).i32.const(w).i32.lt_s(),
            () => {
              f.local_get(d).local_get(l).i32.const(4).i32.mul().i32.add().f32.const(0).f32.store();
              incr(f, l, 1);
            },
          );
          nextP();
        },
      );

      f.local_get(src).local_get(strideL).i32.const(w).i32.mul().i32.add().local_set(src);
      f.local_get(dst)
        .local_get(kc)
        .i32.const(4 * w)
        .i32.mul()
        .i32.add()
        .local_set(dst);
      incr(f, l0, w);
    },
  );
  return f;
}
