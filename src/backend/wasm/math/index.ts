// Vectorised float32 math for the Wasm backend. Each function is added to a
// module on demand as
//   vec:    (v128 f32x4) -> v128 f32x4
//   scalar: (f32) -> f32              (same computation, for loop tails)
// Both widen to f64 lanes, evaluate, and round once (erfInv, xlaLog and
// xlaLog1p instead emulate XLA's float32 computation exactly).
// fastVec / fastScalar are pure-f32x4 versions (<= 2 ulp, ./fast.ts). See ../README.md.
import { fusedMadd, hasRelaxedSimd } from "../emitter/features.ts";
import type { FunctionBuilder, ModuleBuilder } from "../emitter/module.ts";
import { PIO2_HI, PIO2_LO, TWO_OVER_PI_CHUNKS } from "./constants.ts";
import { erf64, exp64, expm1_64, log1p64, log64, sincos64, tanh64 } from "./core.ts";
import { pow64 } from "./pow.ts";
import { atan2_64 } from "./atan2.ts";
import { fmod64 } from "./fmod.ts";
import { Dsl, type Val } from "./dsl.ts";
import { Dsl32 } from "./dsl32.ts";
import { type Fma32, erfInv64, fastFma32, xlaLog, xlaLog1p } from "./erfinv.ts";
import { fastMath, type FastMathFn } from "./fast.ts";
import { xlaErfInv32, xlaLog1p32, xlaLog32 } from "./xla_f32.ts";

export const MATH_FUNCTIONS = ["exp", "log", "tanh", "sin", "cos", "erf", "erfInv", "log1p", "expm1"] as const;
export type MathFn = (typeof MATH_FUNCTIONS)[number];
/** Two-operand functions: x^y (C99's pow), atan2(y, x) and fmod(x, y) (C's, exact). */
export type BinaryMathFn = "pow" | "atan2" | "fmod";
/** XLA-exact float32 log / log1p (bit-identical to xlaLogF32 / xlaLog1pF32). */
export const XLA_MATH_FUNCTIONS = ["xlaLog", "xlaLog1p"] as const;
export type XlaMathFn = (typeof XLA_MATH_FUNCTIONS)[number];
/** Everything vec / scalar accept. */
export type AccurateMathFn = MathFn | XlaMathFn;

export { FAST_MATH_FUNCTIONS, type FastMathFn } from "./fast.ts";
export { erfInvF32, fma32, xlaLog1pF32, xlaLogF32 } from "./erfinv_ref.ts";

export interface FastMathOptions {
  /**
   * Use relaxed SIMD's f32x4.relaxed_madd in the polynomial steps (fused or
   * not at the engine's choice: still <= 2 ulp, but no longer bit-reproducible
   * across engines). Requires hasRelaxedSimd().
   */
  fma?: boolean;
}

/** Adds math helper functions to a module lazily; returns function indices. */
export class WasmMath {
  private readonly cores = new Map<AccurateMathFn, number>();
  private readonly vecs = new Map<AccurateMathFn, number>();
  private readonly scalars = new Map<AccurateMathFn, number>();
  private readonly fastVecs = new Map<string, number>();
  private readonly fastScalars = new Map<string, number>();
  private readonly xlaExact = new Map<XlaMathFn | "erfInv", number>();
  private bigReduce: number | undefined;

  constructor(
    readonly mb: ModuleBuilder,
    readonly prefix = "math.",
    /** XLA's float32 log / log1p natively (f32x4 with fused relaxed_madd, emitNativeXla) rather than emulated on f64x2 lanes. */
    readonly nativeXla = fusedMadd(),
  ) {}

  /** f64x2 -> f64x2 core (lanes hold float32 values; results not yet rounded to f32). */
  core(fn: AccurateMathFn): number {
    let idx = this.cores.get(fn);
    if (idx !== undefined) return idx;
    const needsReduce = fn === "sin" || fn === "cos";
    const reduce = needsReduce ? this.reduceBig() : -1;
    const fb = this.mb.addFunction(`${this.prefix}${fn}_f64x2`, ["v128"], ["v128"]);
    const d = new Dsl(fb);
    const x = d.ref(0);
    let r: Val;
    switch (fn) {
      case "exp":
        r = exp64(d, x);
        break;
      case "log":
        r = log64(d, x);
        break;
      case "log1p":
        r = log1p64(d, x);
        break;
      case "expm1":
        r = expm1_64(d, x);
        break;
      case "tanh":
        r = tanh64(d, x);
        break;
      case "erf":
        r = erf64(d, x);
        break;
      case "erfInv":
        r = this.xlaFastCore(d, fn, x);
        break;
      case "sin":
        r = sincos64(d, x, false, reduce);
        break;
      case "cos":
        r = sincos64(d, x, true, reduce);
        break;
      case "xlaLog":
      case "xlaLog1p":
        r = this.xlaFastCore(d, fn, x);
        break;
    }
    d.get(r);
    idx = fb.index;
    this.cores.set(fn, idx);
    return idx;
  }

  /**
   * XLA's log / log1p with fused multiply-adds emulated as round32(round64(a*b + c))
   * (about half the cost of fma32); the rare vectors where that double rounding
   * could differ from XLA's single rounding (an f64 sum exactly halfway between
   * floats, or log1p of |x| < 2^-40 where results may be subnormal) are redone
   * by the exact version (fma32 with round-to-odd).
   */
  private xlaFastCore(d: Dsl, fn: XlaMathFn | "erfInv", x: Val): Val {
    const algorithm = (dsl: Dsl, v: Val, fma?: Fma32): Val =>
      fn === "xlaLog" ? xlaLog(dsl, v, fma) : fn === "xlaLog1p" ? xlaLog1p(dsl, v, fma) : erfInv64(dsl, v, fma);
    let exact = this.xlaExact.get(fn);
    if (exact === undefined) {
      const fb = this.mb.addFunction(`${this.prefix}${fn}_exact_f64x2`, ["v128"], ["v128"]);
      const e = new Dsl(fb);
      e.get(algorithm(e, e.ref(0)));
      exact = fb.index;
      this.xlaExact.set(fn, exact);
    }
    const flags = d.let(() => d.pushI64(0));
    const r = algorithm(d, x, fastFma32(flags));
    // log1p of a tiny argument may be subnormal (erf_inv takes log1p(-x^2)).
    if (fn === "xlaLog1p") d.assign(flags, d.or(flags, d.lt(d.abs(x), 2 ** -40)));
    if (fn === "erfInv") d.assign(flags, d.or(flags, d.lt(d.abs(x), 2 ** -20)));
    d.anyTrue(flags);
    d.fb.if_();
    d.get(x).call(exact).local_set(r.local);
    d.fb.end();
    return r;
  }

  /** (v128 f32x4) -> v128 f32x4. */
  vec(fn: AccurateMathFn): number {
    let idx = this.vecs.get(fn);
    if (idx !== undefined) return idx;
    if ((fn === "xlaLog" || fn === "xlaLog1p" || fn === "erfInv") && this.nativeXla) {
      const fb = this.mb.addFunction(`${this.prefix}${fn}_f32x4`, ["v128"], ["v128"]);
      fb.local_get(this.emitNativeXla(fb, fn, 0));
      this.vecs.set(fn, fb.index);
      return fb.index;
    }
    idx = this.f32x4ThroughF64(`${fn}_f32x4`, 1, this.core(fn));
    this.vecs.set(fn, idx);
    return idx;
  }

  /**
   * A function of `arity` f32x4 operands: each pair of lanes widened to
   * f64x2, passed through `core` ((v128 f64x2)^arity -> v128), rounded back.
   */
  private f32x4ThroughF64(name: string, arity: number, core: number): number {
    const fb = this.mb.addFunction(`${this.prefix}${name}`, Array(arity).fill("v128"), ["v128"]);
    const hiToLo = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
    for (let k = 0; k < arity; k++) fb.local_get(k).f64x2.promote_low_f32x4();
    fb.call(core).f32x4.demote_f64x2_zero();
    for (let k = 0; k < arity; k++) fb.local_get(k).local_get(k).i8x16.shuffle(hiToLo).f64x2.promote_low_f32x4();
    fb.call(core).f32x4.demote_f64x2_zero();
    fb.i8x16.shuffle([0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]);
    return fb.index;
  }

  /** The scalar form of f32x4ThroughF64: (f32)^arity -> f32, bit-identical to one lane. */
  private f32ThroughF64(name: string, arity: number, core: number): number {
    const fb = this.mb.addFunction(`${this.prefix}${name}`, Array(arity).fill("f32"), ["f32"]);
    for (let k = 0; k < arity; k++) fb.local_get(k).f64.promote_f32().f64x2.splat();
    fb.call(core).f64x2.extract_lane(0).f32.demote_f64();
    return fb.index;
  }

  /**
   * Where the engine fuses relaxed_madd (nativeXlaLog): emits XLA's float32
   * log / log1p inline into `fb` on the v128 local `x`, four lanes at a time,
   * as XLA runs it; returns the result's local. Same bits as vec(fn).
   */
  emitNativeXla(fb: FunctionBuilder, fn: "xlaLog" | "xlaLog1p" | "erfInv", x: number): number {
    if (!this.nativeXla) throw new Error("internal: XLA's log runs natively only where relaxed_madd is fused");
    const d = new Dsl32(fb, true);
    const v = d.ref(x);
    return (fn === "xlaLog" ? xlaLog32(d, v) : fn === "xlaLog1p" ? xlaLog1p32(d, v) : xlaErfInv32(d, v)).local;
  }

  /** Two-operand functions added so far, by name (`pow_f32x4`, `atan2_f64x2`, ...). */
  private readonly binaryFns = new Map<string, number>();

  /** The function `key` of binaryFns, added by `add` the first time. */
  private binaryFn(key: string, add: () => number): number {
    let idx = this.binaryFns.get(key);
    if (idx === undefined) {
      idx = add();
      this.binaryFns.set(key, idx);
    }
    return idx;
  }

  /** fn(a, b) on float32 values in f64x2 lanes, rounded once: (v128 f32x4, v128 f32x4) -> v128 f32x4. */
  binaryVec(fn: BinaryMathFn): number {
    return this.binaryFn(`${fn}_f32x4`, () => this.f32x4ThroughF64(`${fn}_f32x4`, 2, this.binaryCore(fn)));
  }

  /** (f32, f32) -> f32, bit-identical to one lane of binaryVec(fn). */
  binaryScalar(fn: BinaryMathFn): number {
    return this.binaryFn(`${fn}_f32`, () => this.f32ThroughF64(`${fn}_f32`, 2, this.binaryCore(fn)));
  }

  private binaryCore(fn: BinaryMathFn): number {
    return this.binaryFn(`${fn}_f64x2`, () => {
      const fb = this.mb.addFunction(`${this.prefix}${fn}_f64x2`, ["v128", "v128"], ["v128"]);
      const d = new Dsl(fb);
      const [a, b] = [d.ref(0), d.ref(1)];
      d.get(fn === "pow" ? pow64(d, a, b) : fn === "atan2" ? atan2_64(d, a, b) : fmod64(d, a, b));
      return fb.index;
    });
  }

  /**
   * b^y for a constant positive finite base b ≠ 1, as exp(y log b) with
   * log b computed here once (pow's log on a constant lane was most of
   * its work): (v128 f32x4) -> v128, or (f32) -> f32 for `scalar`. C99's
   * cases need nothing more: y = ±inf meets exp's clamps (0 or inf after
   * rounding), NaN propagates, y = 0 gives exp(0) = 1.
   */
  powOfBase(base: number, scalar: boolean): number {
    const key = `pow_base_${base}_${scalar ? "f32" : "f32x4"}`;
    return this.binaryFn(key, () => {
      const core = this.binaryFn(`pow_base_${base}_f64x2`, () => {
        const fb = this.mb.addFunction(`${this.prefix}pow_base_${this.binaryFns.size}_f64x2`, ["v128"], ["v128"]);
        const d = new Dsl(fb);
        d.get(exp64(d, d.mul(d.ref(0), Math.log(Math.fround(base))), 10));
        return fb.index;
      });
      return scalar ? this.f32ThroughF64(key, 1, core) : this.f32x4ThroughF64(key, 1, core);
    });
  }

  /** (f32) -> f32, bit-identical to one lane of vec(fn). */
  scalar(fn: AccurateMathFn): number {
    let idx = this.scalars.get(fn);
    if (idx !== undefined) return idx;
    if ((fn === "xlaLog" || fn === "xlaLog1p" || fn === "erfInv") && this.nativeXla) {
      const vec = this.vec(fn);
      const fb = this.mb.addFunction(`${this.prefix}${fn}_f32`, ["f32"], ["f32"]);
      fb.local_get(0).f32x4.splat().call(vec).f32x4.extract_lane(0);
      this.scalars.set(fn, fb.index);
      return fb.index;
    }
    idx = this.f32ThroughF64(`${fn}_f32`, 1, this.core(fn));
    this.scalars.set(fn, idx);
    return idx;
  }

  /**
   * Fast pure-f32x4 version of fn, (v128 f32x4) -> v128 f32x4: <= 2 ulp over
   * the whole float32 domain (sin/cos call vec(fn) for the few lanes that
   * need it: |x| > 16384, or x within 2^-14 of a nonzero multiple of pi/2).
   */
  fastVec(fn: FastMathFn, opts: FastMathOptions = {}): number {
    const key = opts.fma ? `${fn}_fma` : fn;
    let idx = this.fastVecs.get(key);
    if (idx !== undefined) return idx;
    const fb = this.mb.addFunction(`${this.prefix}fast_${key}_f32x4`, ["v128"], ["v128"]);
    fb.local_get(this.emitFast(fb, fn, 0, opts));
    idx = fb.index;
    this.fastVecs.set(key, idx);
    return idx;
  }

  /**
   * Emits fastVec(fn)'s computation inline into `fb` (e.g. inside a fused
   * kernel's loop, saving the call: ~0.2-0.5 ns/element) on the v128 local
   * `x`; returns the v128 local holding the result. Same results as fastVec.
   */
  emitFast(fb: FunctionBuilder, fn: FastMathFn, x: number, opts: FastMathOptions = {}): number {
    if (opts.fma && !hasRelaxedSimd()) throw new Error("fast math: { fma: true } needs relaxed SIMD, which this engine lacks");
    const slow = fn === "sin" || fn === "cos" ? this.vec(fn) : -1;
    const d = new Dsl32(fb, !!opts.fma);
    return fastMath(d, fn, d.ref(x), slow).local;
  }

  /** (f32) -> f32, bit-identical to one lane of fastVec(fn, opts) (it splats and calls it). */
  fastScalar(fn: FastMathFn, opts: FastMathOptions = {}): number {
    const key = opts.fma ? `${fn}_fma` : fn;
    let idx = this.fastScalars.get(key);
    if (idx !== undefined) return idx;
    const vec = this.fastVec(fn, opts);
    const fb = this.mb.addFunction(`${this.prefix}fast_${key}_f32`, ["f32"], ["f32"]);
    fb.local_get(0).f32x4.splat().call(vec).f32x4.extract_lane(0);
    idx = fb.index;
    this.fastScalars.set(key, idx);
    return idx;
  }

  /**
   * (f64 x) -> (f64 r, f64 n): x = n*pi/2 + r, |r| <= ~pi/4, for any finite x
   * with a 24-bit significand. x * c_k is exact for each 24-bit chunk c_k of
   * 2/pi; each product is reduced mod 4 exactly and the sum kept as a
   * double-double, so r has full double precision even for x ~ 1e38.
   */
  reduceBig(): number {
    if (this.bigReduce !== undefined) return this.bigReduce;
    const fb = this.mb.addFunction(`${this.prefix}reduce_pio2_big`, ["f64"], ["f64", "f64"]);
    const a = fb.addLocal("f64"),
      s = fb.addLocal("f64"),
      c = fb.addLocal("f64"),
      t = fb.addLocal("f64");
    const s2 = fb.addLocal("f64"),
      bb = fb.addLocal("f64"),
      n = fb.addLocal("f64"),
      f = fb.addLocal("f64");
    fb.local_get(0).f64.abs().local_set(a);
    TWO_OVER_PI_CHUNKS.forEach((chunk, k) => {
      // t = (a * C_k) mod 4
      fb.local_get(a)
        .f64.const(chunk * 2 ** (-24 * (k + 1)))
        .f64.mul()
        .local_tee(t);
      fb.local_get(t).f64.const(0.25).f64.mul().f64.floor().f64.const(4).f64.mul().f64.sub().local_set(t);
      // (s, e) = TwoSum(s, t); c += e
      fb.local_get(s).local_get(t).f64.add().local_tee(s2);
      fb.local_get(s).f64.sub().local_set(bb);
      fb.local_get(s).local_get(s2).local_get(bb).f64.sub().f64.sub();
      fb.local_get(t).local_get(bb).f64.sub().f64.add();
      fb.local_get(c).f64.add().local_set(c);
      fb.local_get(s2).local_set(s);
    });
    fb.local_get(s).f64.nearest().local_set(n);
    fb.local_get(s).local_get(n).f64.sub().local_get(c).f64.add().local_set(f);
    // r = f * pi/2, sign of x restored
    fb.local_get(f).f64.const(PIO2_HI).f64.mul().local_get(f).f64.const(PIO2_LO).f64.mul().f64.add();
    fb.f64.const(1).local_get(0).f64.copysign().f64.mul();
    fb.local_get(n).local_get(0).f64.copysign();
    this.bigReduce = fb.index;
    return fb.index;
  }
}
