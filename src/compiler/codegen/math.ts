// The transcendental functions a kernel module calls, added to it once each.
import type { ModuleBuilder } from "../../backend/wasm/emitter/index.ts";
import { WasmMath, type MathFn } from "../../backend/wasm/math/index.ts";
import type { Mode } from "./ops.ts";

export class MathLib {
  private readonly math: WasmMath;
  private readonly derived = new Map<string, number>();
  constructor(private readonly mb: ModuleBuilder) { this.math = new WasmMath(mb); }

  /** Function index of `name` for the mode: (v128) -> v128 or (f32) -> f32. */
  fn(name: string, mode: Mode): number {
    if (name === "logistic") return this.logistic(mode);
    const fn = name as MathFn;
    return mode === "simd" ? this.math.vec(fn) : this.math.scalar(fn);
  }

  /** logistic(x) = 1 / (1 + exp(-x)): exp(-x) overflows to inf for very negative x, giving 0. */
  private logistic(mode: Mode): number {
    const key = `logistic.${mode}`;
    const hit = this.derived.get(key);
    if (hit !== undefined) return hit;
    const simd = mode === "simd";
    const t = simd ? "v128" : "f32";
    const f = this.mb.addFunction(`logistic_${simd ? "f32x4" : "f32"}`, [t], [t]);
    const exp = this.fn("exp", mode);
    if (simd) {
      f.f32x4.const([1, 1, 1, 1]);
      f.f32x4.const([1, 1, 1, 1]).local_get(0).f32x4.neg().call(exp).f32x4.add();
      f.f32x4.div();
    } else {
      f.f32.const(1);
      f.f32.const(1).local_get(0).f32.neg().call(exp).f32.add();
      f.f32.div();
    }
    this.derived.set(key, f.index);
    return f.index;
  }
}
