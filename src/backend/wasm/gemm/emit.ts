// Small emit helpers shared by the GEMM generators. Locals are i32 unless noted.
import type { FunctionBuilder } from "../emitter/module.ts";

/** while (cond) body(); `cond` pushes an i32 (non-zero: run body). */
export function whileLoop(f: FunctionBuilder, cond: () => void, body: () => void): void {
  const done = f.block();
  const loop = f.loop();
  cond();
  f.i32.eqz().br_if(done);
  body();
  f.br(loop);
  f.end().end();
}

/** for (i = 0; i < end; i += step) body(); `end` is a local, compared signed. */
export function countUp(f: FunctionBuilder, i: number, end: number, step: number, body: () => void): void {
  f.i32.const(0).local_set(i);
  whileLoop(
    f,
    () => f.local_get(i).local_get(end).i32.lt_s(),
    () => {
      body();
      incr(f, i, step);
    },
  );
}

/** x += c for a constant c. */
export function incr(f: FunctionBuilder, x: number, c: number): void {
  f.local_get(x).i32.const(c).i32.add().local_set(x);
}

/** x += y for a local y. */
export function advance(f: FunctionBuilder, x: number, y: number): void {
  f.local_get(x).local_get(y).i32.add().local_set(x);
}

/** x = min(x, c) (signed) for a constant c. */
export function clampTo(f: FunctionBuilder, x: number, c: number): void {
  f.local_get(x).i32.const(c).local_get(x).i32.const(c).i32.lt_s().select().local_set(x);
}

/** acc = acc + x·y on v128 locals: relaxed_madd when fma (fused or not, the engine's choice), else mul + add. */
export function mulAdd(f: FunctionBuilder, fma: boolean, acc: number, x: number, y: number): void {
  if (fma) f.local_get(x).local_get(y).local_get(acc).f32x4.relaxed_madd();
  else f.local_get(acc).local_get(x).local_get(y).f32x4.mul().f32x4.add();
  f.local_set(acc);
}

/** i8x16.shuffle bytes for a shuffle of 32-bit lanes (0–3 first operand, 4–7 second). */
const lanes32 = (l: readonly number[]) => l.flatMap((x) => [4 * x, 4 * x + 1, 4 * x + 2, 4 * x + 3]);
/** [a0 b0 a1 b1] */
export const ZIP_LO = lanes32([0, 4, 1, 5]);
/** [a2 b2 a3 b3] */
export const ZIP_HI = lanes32([2, 6, 3, 7]);
/** [a0 a1 b0 b1] */
export const CAT_LO = lanes32([0, 1, 4, 5]);
/** [a2 a3 b2 b3] */
export const CAT_HI = lanes32([2, 3, 6, 7]);

/** out = shuffle(a, b) for v128 locals. */
export function shuffle(f: FunctionBuilder, a: number, b: number, lanes: readonly number[], out: number): void {
  f.local_get(a).local_get(b).i8x16.shuffle(lanes).local_set(out);
}

/** x = x·4: element counts and strides to bytes. */
export function toBytes(f: FunctionBuilder, x: number): void {
  f.local_get(x).i32.const(2).i32.shl().local_set(x);
}

/** Transposes the 4×4 matrix held in locals r (one row each) in place; t is scratch. */
export function transpose4(f: FunctionBuilder, r: readonly number[], t: readonly number[]): void {
  shuffle(f, r[0], r[1], ZIP_LO, t[0]);
  shuffle(f, r[0], r[1], ZIP_HI, t[1]);
  shuffle(f, r[2], r[3], ZIP_LO, t[2]);
  shuffle(f, r[2], r[3], ZIP_HI, t[3]);
  shuffle(f, t[0], t[2], CAT_LO, r[0]);
  shuffle(f, t[0], t[2], CAT_HI, r[1]);
  shuffle(f, t[1], t[3], CAT_LO, r[2]);
  shuffle(f, t[1], t[3], CAT_HI, r[3]);
}
