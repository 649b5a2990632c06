// The f32x4 / i32x4 counterpart of ./dsl.ts: SSA-style helpers for straight
// line SIMD code, each result stored in a fresh v128 local (V8's register
// allocator sees through the locals). Numeric operands are splatted f32 (or
// i32, for the integer ops) constants. With `fma`, `madd` (used for polynomial
// steps only) becomes relaxed SIMD's f32x4.relaxed_madd, which engines may or
// may not fuse; everything else stays deterministic.
import type { FunctionBuilder } from "../emitter/module.ts";
import { Val, plainConstant } from "./dsl.ts";

export { Val };
export type F = Val | number;

const f32buf = new Float32Array(4);
const i32buf = new Int32Array(4);

export class Dsl32 {
  constructor(
    readonly fb: FunctionBuilder,
    readonly fma = false,
  ) {}

  tmp(): Val {
    return new Val(this.fb.addLocal("v128"));
  }
  ref(local: number): Val {
    return new Val(local);
  }
  get(v: Val): FunctionBuilder {
    return this.fb.local_get(v.local);
  }
  let(emit: () => void): Val {
    emit();
    const t = this.tmp();
    this.fb.local_set(t.local);
    return t;
  }
  pushF(a: F): void {
    if (a instanceof Val) this.get(a);
    else {
      f32buf.fill(a);
      this.fb.v128.const(f32buf);
    }
  }
  pushI(a: F): void {
    if (a instanceof Val) this.get(a);
    else {
      i32buf.fill(a | 0);
      this.fb.v128.const(i32buf);
    }
  }
  /** A splatted f32 constant as a value. */
  constF(a: number): Val {
    return this.let(() => this.pushF(a));
  }

  // ---- f32x4 ----
  private f2(a: F, b: F, op: () => void): Val {
    return this.let(() => {
      this.pushF(a);
      this.pushF(b);
      op();
    });
  }
  private f1(a: F, op: () => void): Val {
    return this.let(() => {
      this.pushF(a);
      op();
    });
  }
  add(a: F, b: F): Val {
    return this.f2(a, b, () => this.fb.f32x4.add());
  }
  sub(a: F, b: F): Val {
    return this.f2(a, b, () => this.fb.f32x4.sub());
  }
  mul(a: F, b: F): Val {
    return this.f2(a, b, () => this.fb.f32x4.mul());
  }
  div(a: F, b: F): Val {
    return this.f2(a, b, () => this.fb.f32x4.div());
  }
  /** NaN-propagating min/max (eight instructions each on x64; one against a plain constant: see Dsl.min). */
  min(a: F, b: F): Val {
    if (plain32(b) && typeof a !== "number") return this.pmin(a, b);
    if (plain32(a) && typeof b !== "number") return this.pmin(b, a);
    return this.f2(a, b, () => this.fb.f32x4.min());
  }
  max(a: F, b: F): Val {
    if (plain32(b) && typeof a !== "number") return this.pmax(a, b);
    if (plain32(a) && typeof b !== "number") return this.pmax(b, a);
    return this.f2(a, b, () => this.fb.f32x4.max());
  }
  /** Pseudo-min b < a ? b : a (one minps on x64): a NaN in `a` propagates. */
  pmin(a: F, b: F): Val {
    return this.f2(a, b, () => this.fb.f32x4.pmin());
  }
  /** Pseudo-max a < b ? b : a: a NaN in `a` propagates. */
  pmax(a: F, b: F): Val {
    return this.f2(a, b, () => this.fb.f32x4.pmax());
  }
  abs(a: F): Val {
    return this.f1(a, () => this.fb.f32x4.abs());
  }
  sqrt(a: F): Val {
    return this.f1(a, () => this.fb.f32x4.sqrt());
  }
  neg(a: F): Val {
    return this.f1(a, () => this.fb.f32x4.neg());
  }
  lt(a: F, b: F): Val {
    return this.f2(a, b, () => this.fb.f32x4.lt());
  }
  le(a: F, b: F): Val {
    return this.f2(a, b, () => this.fb.f32x4.le());
  }
  gt(a: F, b: F): Val {
    return this.f2(a, b, () => this.fb.f32x4.gt());
  }
  ge(a: F, b: F): Val {
    return this.f2(a, b, () => this.fb.f32x4.ge());
  }
  eq(a: F, b: F): Val {
    return this.f2(a, b, () => this.fb.f32x4.eq());
  }
  ne(a: F, b: F): Val {
    return this.f2(a, b, () => this.fb.f32x4.ne());
  }
  /** a*b + c: two roundings, or relaxed_madd (possibly fused) with `fma`. */
  madd(a: F, b: F, c: F): Val {
    if (!this.fma) return this.add(this.mul(a, b), c);
    return this.let(() => {
      this.pushF(a);
      this.pushF(b);
      this.pushF(c);
      this.fb.f32x4.relaxed_madd();
    });
  }
  /** Horner: coefs[0]*x^n + ... + coefs[n] (highest degree first). */
  horner(x: Val, coefs: readonly number[]): Val {
    let p: F = coefs[0];
    for (let i = 1; i < coefs.length; i++) p = this.madd(p, x, coefs[i]);
    return p instanceof Val ? p : this.constF(p);
  }
  /** i32 lanes -> f32 lanes. */
  convert(a: Val): Val {
    return this.let(() => {
      this.get(a);
      this.fb.f32x4.convert_i32x4_s();
    });
  }

  // ---- bitwise (operands: values or splatted i32 constants) ----
  and(a: Val, b: F): Val {
    return this.let(() => {
      this.get(a);
      this.pushI(b);
      this.fb.v128.and();
    });
  }
  or(a: Val, b: F): Val {
    return this.let(() => {
      this.get(a);
      this.pushI(b);
      this.fb.v128.or();
    });
  }
  xor(a: Val, b: F): Val {
    return this.let(() => {
      this.get(a);
      this.pushI(b);
      this.fb.v128.xor();
    });
  }
  /** a & ~b */
  andnot(a: Val, b: F): Val {
    return this.let(() => {
      this.get(a);
      this.pushI(b);
      this.fb.v128.andnot();
    });
  }
  not(a: Val): Val {
    return this.let(() => {
      this.get(a);
      this.fb.v128.not();
    });
  }
  /** mask ? a : b (f32 operands). */
  sel(mask: Val, a: F, b: F): Val {
    return this.let(() => {
      this.pushF(a);
      this.pushF(b);
      this.get(mask);
      this.fb.v128.bitselect();
    });
  }
  /** mask ? a : b (i32 operands). */
  selI(mask: Val, a: F, b: F): Val {
    return this.let(() => {
      this.pushI(a);
      this.pushI(b);
      this.get(mask);
      this.fb.v128.bitselect();
    });
  }
  /** Pushes an i32: whether any lane of the mask is set. */
  anyTrue(mask: Val): void {
    this.get(mask);
    this.fb.v128.any_true();
  }
  /** Pushes an i32: whether every i32 lane of the mask is nonzero. */
  allTrue(mask: Val): void {
    this.get(mask);
    this.fb.i32x4.all_true();
  }
  /** Overwrites `dst` with `src` (to update a value inside a conditional block). */
  assign(dst: Val, src: Val): void {
    this.get(src);
    this.fb.local_set(dst.local);
  }

  // ---- i32x4 ----
  iadd(a: F, b: F): Val {
    return this.let(() => {
      this.pushI(a);
      this.pushI(b);
      this.fb.i32x4.add();
    });
  }
  isub(a: F, b: F): Val {
    return this.let(() => {
      this.pushI(a);
      this.pushI(b);
      this.fb.i32x4.sub();
    });
  }
  ishl(a: Val, n: number): Val {
    return this.let(() => {
      this.get(a);
      this.fb.i32.const(n);
      this.fb.i32x4.shl();
    });
  }
  ishrS(a: Val, n: number): Val {
    return this.let(() => {
      this.get(a);
      this.fb.i32.const(n);
      this.fb.i32x4.shr_s();
    });
  }
  ishrU(a: Val, n: number): Val {
    return this.let(() => {
      this.get(a);
      this.fb.i32.const(n);
      this.fb.i32x4.shr_u();
    });
  }
  ieq(a: F, b: F): Val {
    return this.let(() => {
      this.pushI(a);
      this.pushI(b);
      this.fb.i32x4.eq();
    });
  }
  ine(a: F, b: F): Val {
    return this.let(() => {
      this.pushI(a);
      this.pushI(b);
      this.fb.i32x4.ne();
    });
  }
}

/** A plain constant (see plainConstant) once rounded to float32. */
const plain32 = (v: F): boolean => typeof v === "number" && plainConstant(Math.fround(v));
