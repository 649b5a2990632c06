// A tiny SSA-style helper for emitting straight-line SIMD math: every
// operation is emitted immediately and its result stored in a fresh v128
// local, so values can be reused freely. Numeric operands are splatted
// constants of the namespace's lane type (no caching, so values stay valid
// across structured control flow).
import type { FunctionBuilder } from "../emitter/module.ts";

/** A v128 value held in a local of the function being built. */
export class Val {
  constructor(readonly local: number) {}
}

export type F = Val | number;
export type L = Val | bigint | number;

const f64buf = new Float64Array(2);
const f32buf = new Float32Array(4);
const i64buf = new BigInt64Array(2);
const i32buf = new Int32Array(4);

export class Dsl {
  constructor(readonly fb: FunctionBuilder) {}

  /** A fresh v128 local. */
  tmp(): Val {
    return new Val(this.fb.addLocal("v128"));
  }
  /** Wraps a v128 param/local index. */
  ref(local: number): Val {
    return new Val(local);
  }
  get(v: Val): FunctionBuilder {
    return this.fb.local_get(v.local);
  }
  /** Runs `emit` (which leaves one v128 on the stack) and stores it into a fresh local. */
  let(emit: () => void): Val {
    emit();
    const t = this.tmp();
    this.fb.local_set(t.local);
    return t;
  }
  /** Overwrites `dst` with the value of `src`. */
  assign(dst: Val, src: Val): void {
    this.fb.local_get(src.local).local_set(dst.local);
  }

  // ---- operand pushing ----
  pushF64(a: F): void {
    if (a instanceof Val) this.get(a);
    else {
      f64buf[0] = a;
      f64buf[1] = a;
      this.fb.v128.const(f64buf);
    }
  }
  pushF32(a: F): void {
    if (a instanceof Val) this.get(a);
    else {
      f32buf.fill(a);
      this.fb.v128.const(f32buf);
    }
  }
  pushI64(a: L): void {
    if (a instanceof Val) this.get(a);
    else {
      const b = BigInt.asIntN(64, BigInt(a));
      i64buf[0] = b;
      i64buf[1] = b;
      this.fb.v128.const(i64buf);
    }
  }
  pushI32(a: L): void {
    if (a instanceof Val) this.get(a);
    else {
      i32buf.fill(Number(a) | 0);
      this.fb.v128.const(i32buf);
    }
  }

  // ---- f64x2 ----
  private d2(a: F, b: F, op: () => void): Val {
    return this.let(() => {
      this.pushF64(a);
      this.pushF64(b);
      op();
    });
  }
  private d1(a: F, op: () => void): Val {
    return this.let(() => {
      this.pushF64(a);
      op();
    });
  }
  add(a: F, b: F): Val {
    return this.d2(a, b, () => this.fb.f64x2.add());
  }
  sub(a: F, b: F): Val {
    return this.d2(a, b, () => this.fb.f64x2.sub());
  }
  mul(a: F, b: F): Val {
    return this.d2(a, b, () => this.fb.f64x2.mul());
  }
  div(a: F, b: F): Val {
    return this.d2(a, b, () => this.fb.f64x2.div());
  }
  /**
   * NaN-propagating min/max (-0 below +0). Against a constant that is
   * neither NaN nor zero, the pseudo form with the variable first gives the
   * same lanes in one x64 instruction instead of eight (no zero tie can
   * occur, and a NaN fails the comparison and is kept).
   */
  min(a: F, b: F): Val {
    if (plainConstant(b) && typeof a !== "number") return this.d2(a, b, () => this.fb.f64x2.pmin());
    if (plainConstant(a) && typeof b !== "number") return this.d2(b, a, () => this.fb.f64x2.pmin());
    return this.d2(a, b, () => this.fb.f64x2.min());
  }
  max(a: F, b: F): Val {
    if (plainConstant(b) && typeof a !== "number") return this.d2(a, b, () => this.fb.f64x2.pmax());
    if (plainConstant(a) && typeof b !== "number") return this.d2(b, a, () => this.fb.f64x2.pmax());
    return this.d2(a, b, () => this.fb.f64x2.max());
  }
  sqrt(a: F): Val {
    return this.d1(a, () => this.fb.f64x2.sqrt());
  }
  abs(a: F): Val {
    return this.d1(a, () => this.fb.f64x2.abs());
  }
  neg(a: F): Val {
    return this.d1(a, () => this.fb.f64x2.neg());
  }
  floor(a: F): Val {
    return this.d1(a, () => this.fb.f64x2.floor());
  }
  nearest(a: F): Val {
    return this.d1(a, () => this.fb.f64x2.nearest());
  }
  trunc(a: F): Val {
    return this.d1(a, () => this.fb.f64x2.trunc());
  }
  lt(a: F, b: F): Val {
    return this.d2(a, b, () => this.fb.f64x2.lt());
  }
  le(a: F, b: F): Val {
    return this.d2(a, b, () => this.fb.f64x2.le());
  }
  gt(a: F, b: F): Val {
    return this.d2(a, b, () => this.fb.f64x2.gt());
  }
  ge(a: F, b: F): Val {
    return this.d2(a, b, () => this.fb.f64x2.ge());
  }
  eq(a: F, b: F): Val {
    return this.d2(a, b, () => this.fb.f64x2.eq());
  }
  ne(a: F, b: F): Val {
    return this.d2(a, b, () => this.fb.f64x2.ne());
  }
  /** a*b + c, two roundings. */
  madd(a: F, b: F, c: F): Val {
    return this.add(this.mul(a, b), c);
  }
  /** Horner: coefs[0]*x^n + ... + coefs[n] (highest degree first). */
  horner(x: Val, coefs: readonly number[]): Val {
    let p: F = coefs[0];
    for (let i = 1; i < coefs.length; i++) p = this.madd(p, x, coefs[i]);
    return p instanceof Val ? p : this.let(() => this.pushF64(p));
  }
  /** Rounds each f64 lane to the nearest f32 (lanes stay f64). */
  round32(a: F): Val {
    return this.d1(a, () => {
      this.fb.f32x4.demote_f64x2_zero();
      this.fb.f64x2.promote_low_f32x4();
    });
  }

  // ---- bitwise (any lane type) ----
  and(a: Val, b: L): Val {
    return this.let(() => {
      this.get(a);
      this.pushI64(b);
      this.fb.v128.and();
    });
  }
  or(a: Val, b: L): Val {
    return this.let(() => {
      this.get(a);
      this.pushI64(b);
      this.fb.v128.or();
    });
  }
  xor(a: Val, b: L): Val {
    return this.let(() => {
      this.get(a);
      this.pushI64(b);
      this.fb.v128.xor();
    });
  }
  /** a & ~b */
  andnot(a: Val, b: L): Val {
    return this.let(() => {
      this.get(a);
      this.pushI64(b);
      this.fb.v128.andnot();
    });
  }
  not(a: Val): Val {
    return this.let(() => {
      this.get(a);
      this.fb.v128.not();
    });
  }
  /** mask ? a : b (bitwise; mask lanes all-ones or all-zeros). a/b as f64 operands. */
  sel(mask: Val, a: F, b: F): Val {
    return this.let(() => {
      this.pushF64(a);
      this.pushF64(b);
      this.get(mask);
      this.fb.v128.bitselect();
    });
  }
  /** mask ? a : b with i64 constant operands. */
  selL(mask: Val, a: L, b: L): Val {
    return this.let(() => {
      this.pushI64(a);
      this.pushI64(b);
      this.get(mask);
      this.fb.v128.bitselect();
    });
  }

  // ---- i64x2 ----
  ladd(a: L, b: L): Val {
    return this.let(() => {
      this.pushI64(a);
      this.pushI64(b);
      this.fb.i64x2.add();
    });
  }
  lsub(a: L, b: L): Val {
    return this.let(() => {
      this.pushI64(a);
      this.pushI64(b);
      this.fb.i64x2.sub();
    });
  }
  lshl(a: Val, n: number): Val {
    return this.let(() => {
      this.get(a);
      this.fb.i32.const(n);
      this.fb.i64x2.shl();
    });
  }
  lshrU(a: Val, n: number): Val {
    return this.let(() => {
      this.get(a);
      this.fb.i32.const(n);
      this.fb.i64x2.shr_u();
    });
  }
  lshrS(a: Val, n: number): Val {
    return this.let(() => {
      this.get(a);
      this.fb.i32.const(n);
      this.fb.i64x2.shr_s();
    });
  }
  leq(a: L, b: L): Val {
    return this.let(() => {
      this.pushI64(a);
      this.pushI64(b);
      this.fb.i64x2.eq();
    });
  }
  lltS(a: L, b: L): Val {
    return this.let(() => {
      this.pushI64(a);
      this.pushI64(b);
      this.fb.i64x2.lt_s();
    });
  }
  /** Integer-valued f64 lanes (|v| < 2^31) -> i64 lanes. */
  toI64(a: Val): Val {
    return this.let(() => {
      this.get(a);
      this.fb.i32x4.trunc_sat_f64x2_s_zero();
      this.fb.i64x2.extend_low_i32x4_s();
    });
  }
  /** Any lane of a mask set? (pushes an i32 on the stack, no local) */
  anyTrue(mask: Val): void {
    this.get(mask);
    this.fb.v128.any_true();
  }
}

/** A constant operand that min/max may meet with a pseudo-min/max: not NaN, not a zero of either sign. */
export function plainConstant(v: unknown): boolean {
  return typeof v === "number" && v !== 0 && !Number.isNaN(v);
}
