// The transcendental functions a kernel module calls, added to it once each.
// float32 kernels use the pure-f32x4 routines (<= 2 ulp); log and log1p use
// XLA's float32 algorithms bit for bit (random's samplers depend on them, and
// the js backend computes them the same way), erf_inv likewise.
import { type FunctionBuilder, hasRelaxedSimd, type ModuleBuilder } from "../emitter/index.ts";
import { type BinaryMathFn, type FastMathFn, type FastMathOptions, WasmMath } from "../math/index.ts";
import type { Mode } from "./ops.ts";

const XLA_EXACT: Record<string, "xlaLog" | "xlaLog1p" | "erfInv"> = { log: "xlaLog", log1p: "xlaLog1p", erfInv: "erfInv" };

export class MathLib {
  private readonly math: WasmMath;
  /** Fused multiply-adds in the polynomials where the engine has relaxed SIMD (the same results in every kernel of this engine). */
  private readonly fast: FastMathOptions = { fma: hasRelaxedSimd() };
  constructor(mb: ModuleBuilder) {
    this.math = new WasmMath(mb);
  }

  /** Function index of `name` for the mode: (v128) -> v128 or (f32) -> f32. */
  fn(name: string, mode: Mode): number {
    const exact = XLA_EXACT[name];
    if (exact) return mode === "simd" ? this.math.vec(exact) : this.math.scalar(exact);
    const fast = name as FastMathFn;
    return mode === "simd" ? this.math.fastVec(fast, this.fast) : this.math.fastScalar(fast, this.fast);
  }

  /** A two-operand function: (v128, v128) -> v128 or (f32, f32) -> f32. */
  binary(name: BinaryMathFn, mode: Mode): number {
    return mode === "simd" ? this.math.binaryVec(name) : this.math.binaryScalar(name);
  }

  /** b^y for a constant base b > 0, b ≠ 1, finite: (v128) -> v128 or (f32) -> f32 of y alone. */
  powOfBase(base: number, mode: Mode): number {
    return this.math.powOfBase(base, mode !== "simd");
  }

  /**
   * SIMD only: emits `name` inline on the v128 local x (no call per vector)
   * and returns the result's local, or null where the function is called instead.
   */
  inline(f: FunctionBuilder, name: string, x: number): number | null {
    const exact = XLA_EXACT[name];
    if (exact) return this.math.nativeXla ? this.math.emitNativeXla(f, exact, x) : null;
    return this.math.emitFast(f, name as FastMathFn, x, this.fast);
  }
}
