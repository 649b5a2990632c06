// Wasm code for each kernel-IR operation, in two modes: scalar (f32 / i32
// values, bools as 0/1) and SIMD (v128: f32x4 / i32x4, bools as lane masks
// 0 / -1). Operands are already in locals; each emitter pushes one result.
import type { FunctionBuilder } from "../emitter/index.ts";
import type { KType, Node, OpNode } from "../../../compiler/kernel.ts";
import { type KernelOp, unreachable } from "../../../compiler/ops.ts";
import type { MathLib } from "./math.ts";
import { is64Int, isNarrowIntK } from "../../../compiler/ktype.ts";
import { emitConst64, emitOp64, touches64 } from "./int64.ts";
import { emitIntDiv, emitIntDivSimd } from "./int_div.ts";
import { plainConstant } from "../math/dsl.ts";

export type Mode = "scalar" | "simd";
export type LocalType = "f32" | "f64" | "i32" | "i64" | "v128";

type Get = (i: number) => void;
interface Ctx {
  f: FunctionBuilder;
  mode: Mode;
  math: MathLib;
  tmp: (t: LocalType) => number;
  /**
   * Whether an operand is known, for this loop, to be neither NaN nor zero
   * (a loop-invariant bound checked before the loop: codegen/emit.ts
   * unswitches on it), so max / min against it is pmax / pmin.
   */
  plainBound?: (n: Node) => boolean;
}

/** The wasm local type holding a scalar of kernel type t (32-bit ints and bools in i32, 64-bit ints in i64). */
export function scalarLocal(t: KType): "f32" | "f64" | "i32" | "i64" {
  return t === "f32" || t === "f64" ? t : is64Int(t) ? "i64" : "i32";
}
/** Loads a scalar of kernel type t from the address on the stack (`offset` bytes further). */
export function emitScalarLoad(f: FunctionBuilder, t: KType, offset = 0): void {
  const m = { offset };
  if (t === "f32") f.f32.load(m);
  else if (t === "f64") f.f64.load(m);
  else if (is64Int(t)) f.i64.load(m);
  else if (t === "bool" || t === "u8") f.i32.load8_u(m);
  else if (t === "i8") f.i32.load8_s(m);
  else if (t === "i16") f.i32.load16_s(m);
  else if (t === "u16") f.i32.load16_u(m);
  else f.i32.load(m);
}

/** Stores the scalar of kernel type t on the stack at the address below it. */
export function emitScalarStore(f: FunctionBuilder, t: KType): void {
  if (t === "f32") f.f32.store();
  else if (t === "f64") f.f64.store();
  else if (is64Int(t)) f.i64.store();
  else if (t === "bool" || t === "i8" || t === "u8") f.i32.store8();
  else if (t === "i16" || t === "u16") f.i32.store16();
  else f.i32.store();
}

/** The scalar instruction namespace of type t, or its SIMD one (f64 has none: its kernels are scalar). */
const scalarNs = (t: KType): string => scalarLocal(t);
const isFloat = (t: KType): boolean => t === "f32" || t === "f64";

const F32_SIGN = 0x80000000 | 0;
const F32_ONE_BITS = 0x3f800000;

const ns = (f: FunctionBuilder, name: string): Record<string, (...a: unknown[]) => FunctionBuilder> =>
  (f as unknown as Record<string, Record<string, (...a: unknown[]) => FunctionBuilder>>)[name];

/** Integer kernel types (8- and 16-bit ones occur only as loads' and converts' operand types: their values are i32). */
const isInt = (t: KType): boolean => t === "i32" || t === "u32" || is64Int(t) || isNarrowIntK(t);

/**
 * k when `n` is an int32/uint32 div or rem by the constant 2^k (k <= 30):
 * shifts and masks do it, vectorised (a binary search's midpoint, x // 2).
 */
function powerOfTwoDivisor(n: OpNode): number | null {
  if (n.op !== "div" && n.op !== "rem") return null;
  const [x, d] = n.args;
  if ((x.type !== "i32" && x.type !== "u32") || d.kind !== "const" || typeof d.value !== "number") return null;
  const v = d.value;
  return Number.isInteger(v) && v >= 1 && v <= 2 ** 30 && (v & (v - 1)) === 0 ? Math.log2(v) : null;
}

/** A float32 pow's base where it is a constant that exp(y log b) computes exactly as pow: positive, finite, not 1. */
function constantBase(n: OpNode): number | null {
  const b = n.args[0];
  if (b.kind !== "const" || typeof b.value !== "number" || n.type !== "f32") return null;
  const v = b.value;
  return v > 0 && v < Number.POSITIVE_INFINITY && v !== 1 ? v : null;
}

/** The divisor of an int32/uint32 div or rem as the int32 its lanes hold, where it is a constant. */
function constantDivisor(n: OpNode): number | null {
  const d = n.args[1];
  return d.kind === "const" && typeof d.value === "number" ? d.value | 0 : null;
}

/** Whether `op` on these operand types has a SIMD form. */
export function simdSupported(n: OpNode): boolean {
  const t = n.args[0]?.type ?? n.type;
  switch (n.op) {
    case "div":
    case "rem":
      return t === "f32" || t === "i32" || t === "u32";
    case "shl":
    case "shr_l":
    case "shr_a":
      return n.args[1].kind === "const";
    case "lt":
    case "le":
    case "gt":
    case "ge":
      return t !== "bool";
    case "max":
    case "min":
      return t !== "bool";
    default:
      return true;
  }
}

/** Whether the op is defined for these types at all (else the equation is not lowered). */
export function opSupported(op: KernelOp, argTypes: readonly KType[], out: KType): boolean {
  const t = argTypes[0] ?? out;
  switch (op) {
    case "add":
    case "sub":
    case "mul":
    case "max":
    case "min":
    case "neg":
    case "abs":
    case "square":
      return t !== "bool";
    case "div":
      return t !== "bool";
    case "rem":
      // float32: C's fmod, exactly (math/fmod.ts); float64 stays on the reference path.
      return isInt(t) || t === "f32";
    case "sqrt":
    case "floor":
    case "ceil":
    case "trunc":
      return isFloat(t);
    case "rsqrt":
    case "round":
    case "exp":
    case "log":
    case "log1p":
    case "expm1":
    case "tanh":
    case "logistic":
    case "sin":
    case "cos":
    case "erf":
    case "erf_inv":
    case "is_finite":
    case "pow":
    case "atan2":
      return t === "f32";
    case "sign":
    case "integer_pow":
      return t !== "bool";
    case "and":
    case "or":
    case "xor":
    case "not":
      return !isFloat(t);
    case "shl":
    case "shr_l":
    case "shr_a":
      return isInt(t);
    case "eq":
    case "ne":
    case "lt":
    case "le":
    case "gt":
    case "ge":
    case "select":
    case "clamp":
    case "convert":
      return true;
    case "bitcast":
      if (is64Int(t) || is64Int(out)) return is64Int(t) && is64Int(out);
      return t !== "bool" && out !== "bool" && t !== "f64" && out !== "f64";
    default:
      return unreachable(op, "kernel op");
  }
}

const MATH_OPS: Record<"exp" | "log" | "log1p" | "expm1" | "tanh" | "logistic" | "sin" | "cos" | "erf" | "erf_inv", string> = {
  exp: "exp",
  log: "log",
  log1p: "log1p",
  expm1: "expm1",
  tanh: "tanh",
  logistic: "logistic",
  sin: "sin",
  cos: "cos",
  erf: "erf",
  erf_inv: "erfInv",
};

/** Pushes `splat(c)` or the scalar constant `c` of type t. */
export function emitConst(c: Ctx, t: KType, value: number | bigint): void {
  const { f, mode } = c;
  if (is64Int(t)) return emitConst64(f, t, value);
  const v = Number(value); // a bigint only for i64/u64
  if (mode === "scalar") {
    if (t === "f32") f.f32.const(v);
    else if (t === "f64") f.f64.const(v);
    else f.i32.const(t === "bool" ? (v ? 1 : 0) : v | 0);
  } else if (t === "f32") f.f32x4.const([v, v, v, v]);
  else {
    const x = t === "bool" ? (v ? -1 : 0) : v | 0;
    f.i32x4.const([x, x, x, x]);
  }
}

/** x / 2^k or x % 2^k, truncating toward zero as XLA's integer division does (int32), or unsigned. */
function emitDivByPowerOfTwo(c: Ctx, get: Get, k: number, unsigned: boolean, rem: boolean): void {
  const { f } = c;
  const simd = c.mode === "simd";
  const V = ns(f, simd ? "i32x4" : "i32");
  const shift = (name: string, by: number): void => {
    f.i32.const(by);
    V[name]();
  };
  if (unsigned) {
    get(0);
    if (!rem) return shift("shr_u", k);
    f.i32.const(2 ** k - 1);
    if (!simd) return void f.i32.and();
    f.i32x4.splat();
    f.v128.and();
    return;
  }
  const x = c.tmp(simd ? "v128" : "i32");
  get(0);
  f.local_set(x);
  // q = (x + (x < 0 ? 2^k - 1 : 0)) >> k: the bias makes the arithmetic shift truncate toward zero.
  f.local_get(x);
  if (k > 0) {
    f.local_get(x);
    shift("shr_s", 31);
    shift("shr_u", 32 - k);
    V.add();
    shift("shr_s", k);
  }
  if (!rem) return;
  // x - (q << k)
  const q = c.tmp(simd ? "v128" : "i32");
  f.local_set(q);
  f.local_get(x);
  f.local_get(q);
  shift("shl", k);
  V.sub();
}

/**
 * f32x4 max / min against a constant, where a cheaper sequence gives the
 * same lanes (NaN propagated, -0 below +0, as f32x4.max / min, which V8
 * lowers to eight instructions on x64 to get both). Against a constant c that
 * is neither NaN nor zero, pmax(x, c) = x < c ? c : x is max(x, c) exactly
 * (no tie between zeros can occur; a NaN x fails the comparison and is
 * kept), and pmin likewise: jnp.clip with constant bounds. max(x, +0) (relu)
 * is x where x > 0 or x is NaN, else +0: four instructions. Returns false
 * where neither applies.
 */
function floatMinMaxByConstant(c: Ctx, n: OpNode, get: Get): boolean {
  const k = n.args.findIndex((a) => a.kind === "const");
  if (k < 0 || n.args[1 - k].kind === "const") return false;
  const value = Number((n.args[k] as Extract<Node, { kind: "const" }>).value);
  const x = 1 - k;
  const { f } = c;
  if (plainConstant(Math.fround(value))) {
    get(x);
    get(k);
    if (n.op === "max") f.f32x4.pmax();
    else f.f32x4.pmin();
    return true;
  }
  if (n.op === "max" && Object.is(value, 0)) {
    get(x);
    get(x);
    f.f32x4.const([0, 0, 0, 0]).f32x4.gt();
    get(x);
    get(x);
    f.f32x4.ne().v128.or().v128.and();
    return true;
  }
  return false;
}

/** f32x4 max / min against an operand known neither NaN nor zero in this loop: pmax / pmin, as for such a constant. */
function floatMinMaxByPlainBound(c: Ctx, n: OpNode, get: Get): boolean {
  const k = n.args.findIndex((a) => c.plainBound?.(a) === true);
  if (k < 0) return false;
  get(1 - k);
  get(k);
  if (n.op === "max") c.f.f32x4.pmax();
  else c.f.f32x4.pmin();
  return true;
}

/** [address, element index] on the stack → address + index · bytes (a gathered load's address). */
export function addScaledIndex(f: FunctionBuilder, bytes: number): void {
  const shift = Math.log2(bytes);
  if (shift > 0) f.i32.const(shift).i32.shl();
  f.i32.add();
}

export function emitOp(c: Ctx, n: OpNode, get: Get): void {
  if (touches64(n)) return emitOp64(c, n, get);
  const { f, mode } = c;
  const simd = mode === "simd";
  const t = n.args[0]?.type ?? n.type;
  const V = simd ? (t === "f32" ? "f32x4" : "i32x4") : scalarNs(t);
  const bin = (name: string): void => {
    get(0);
    get(1);
    ns(f, V)[name]();
  };
  const un = (name: string): void => {
    get(0);
    ns(f, V)[name]();
  };
  const sgn = t === "u32" ? "_u" : "_s";
  switch (n.op) {
    case "add":
    case "sub":
    case "mul":
      return bin(n.op);
    case "div":
    case "rem": {
      if (n.op === "div" && isFloat(t)) return bin("div");
      if (t === "f32") {
        get(0);
        get(1);
        f.call(c.math.binary("fmod", mode));
        return;
      }
      const k = powerOfTwoDivisor(n);
      if (k !== null) return emitDivByPowerOfTwo(c, get, k, t === "u32", n.op === "rem");
      if (simd) return emitIntDivSimd(c.f, c.tmp, get, t === "u32", n.op === "rem", constantDivisor(n));
      return emitIntDiv(c.f, c.tmp, get, "i32", t === "u32", n.op === "rem");
    }
    case "max":
    case "min":
      if (simd && t === "f32" && (floatMinMaxByConstant(c, n, get) || floatMinMaxByPlainBound(c, n, get))) return;
      if (isFloat(t)) return bin(n.op);
      if (simd) return bin(n.op + sgn);
      get(0);
      get(1);
      get(0);
      get(1);
      ns(f, "i32")[(n.op === "max" ? "gt" : "lt") + sgn]();
      f.select();
      return;
    case "neg":
      if (isFloat(t)) return un("neg");
      if (simd) return un("neg");
      f.i32.const(0);
      get(0);
      f.i32.sub();
      return;
    case "abs":
      if (isFloat(t)) return un("abs");
      if (t === "u32") {
        get(0);
        return;
      }
      if (simd) return un("abs");
      f.i32.const(0);
      get(0);
      f.i32.sub();
      get(0);
      get(0);
      f.i32.const(0);
      f.i32.lt_s();
      f.select();
      return;
    case "square":
      get(0);
      get(0);
      ns(f, V).mul();
      return;
    case "sqrt":
    case "floor":
    case "ceil":
    case "trunc":
      return un(n.op);
    case "rsqrt":
      emitConst(c, "f32", 1);
      get(0);
      ns(f, V).sqrt();
      ns(f, V).div();
      return;
    case "round":
      return n.param === 1 ? un("nearest") : roundAway(c, get);
    case "sign":
      return sign(c, get, t);
    case "is_finite":
      get(0);
      ns(f, V).abs();
      emitConst(c, "f32", Infinity);
      ns(f, V).lt();
      return;
    case "integer_pow":
      return integerPow(c, get, t, n.param);
    case "pow":
    case "atan2": {
      const base = n.op === "pow" ? constantBase(n) : null;
      if (base !== null) {
        get(1);
        f.call(c.math.powOfBase(base, mode));
        return;
      }
      get(0);
      get(1);
      f.call(c.math.binary(n.op, mode));
      return;
    }
    case "and":
    case "or":
    case "xor":
      get(0);
      get(1);
      if (simd) ns(f, "v128")[n.op]();
      else ns(f, "i32")[n.op]();
      return;
    case "not":
      get(0);
      if (simd) f.v128.not();
      else if (t === "bool") f.i32.eqz();
      else {
        f.i32.const(-1);
        f.i32.xor();
      }
      return;
    case "shl":
    case "shr_l":
    case "shr_a":
      return shift(c, n, get);
    case "eq":
    case "ne":
      return bin(n.op);
    case "lt":
    case "le":
    case "gt":
    case "ge":
      if (isFloat(t)) return bin(n.op);
      // bools compare as unsigned 0/1 (scalar mode only, see simdSupported)
      return bin(n.op + (t === "i32" ? "_s" : "_u"));
    case "exp":
    case "log":
    case "log1p":
    case "expm1":
    case "tanh":
    case "logistic":
    case "sin":
    case "cos":
    case "erf":
    case "erf_inv":
      return emitMath(c, MATH_OPS[n.op], get);
    case "select":
      return select(c, n, get);
    case "clamp":
      return clamp(c, n, get, t);
    case "convert":
      return convert(c, get, t, n.type);
    case "bitcast":
      // Same-width reinterpretation: nothing to do on v128 lanes or between int types.
      get(0);
      if (!simd && t === "f32" && n.type !== "f32") f.i32.reinterpret_f32();
      else if (!simd && t !== "f32" && n.type === "f32") f.f32.reinterpret_i32();
      return;
    default:
      return unreachable(n.op, "kernel op");
  }
}

/** A routine of the vectorised math library: inlined in SIMD mode where it has an inline form, else called. */
function emitMath(c: Ctx, math: string, get: Get): void {
  const { f, mode } = c;
  if (mode === "simd") {
    const x = c.tmp("v128");
    get(0);
    f.local_set(x);
    const r = c.math.inline(f, math, x);
    if (r !== null) {
      f.local_get(r);
      return;
    }
    f.local_get(x);
  } else get(0);
  f.call(c.math.fn(math, mode));
}

/** Round half away from zero: t = trunc(x); t + (|x - t| >= 0.5 ? copysign(1, x) : 0). */
function roundAway(c: Ctx, get: Get): void {
  const { f, mode } = c;
  if (mode === "scalar") {
    const t = c.tmp("f32");
    get(0);
    f.f32.trunc().local_set(t);
    f.local_get(t);
    f.f32.const(1);
    get(0);
    f.f32.copysign();
    f.f32.const(0);
    get(0);
    f.local_get(t).f32.sub().f32.abs().f32.const(0.5).f32.ge();
    f.select();
    f.f32.add();
    return;
  }
  const t = c.tmp("v128");
  get(0);
  f.f32x4.trunc().local_set(t);
  f.local_get(t);
  get(0);
  f.i32x4.const([F32_SIGN, F32_SIGN, F32_SIGN, F32_SIGN]).v128.and();
  f.i32x4.const([F32_ONE_BITS, F32_ONE_BITS, F32_ONE_BITS, F32_ONE_BITS]).v128.or();
  get(0);
  f.local_get(t).f32x4.sub().f32x4.abs().f32x4.const([0.5, 0.5, 0.5, 0.5]).f32x4.ge();
  f.v128.and();
  f.f32x4.add();
}

/** sign: 1 for x > 0, -1 for x < 0, x itself otherwise (±0, NaN). */
function sign(c: Ctx, get: Get, t: KType): void {
  const { f, mode } = c;
  if (t === "u32") {
    get(0);
    if (mode === "simd") {
      f.i32x4.const([0, 0, 0, 0]).i32x4.ne();
      f.i32x4.const([1, 1, 1, 1]).v128.and();
    } else {
      f.i32.const(0).i32.ne();
    }
    return;
  }
  const V = mode === "simd" ? (t === "f32" ? "f32x4" : "i32x4") : scalarNs(t);
  const gt = isFloat(t) ? "gt" : "gt_s";
  const lt = isFloat(t) ? "lt" : "lt_s";
  if (mode === "simd") {
    emitConst(c, t, 1);
    get(0);
    emitConst(c, t, 0);
    ns(f, V)[gt](); // mask x > 0
    const r = c.tmp("v128");
    // bitselect(a, b, m) = m ? a : b
    const m = c.tmp("v128");
    f.local_set(m);
    get(0);
    f.local_get(m);
    f.v128.bitselect();
    f.local_set(r);
    emitConst(c, t, -1);
    f.local_get(r);
    get(0);
    emitConst(c, t, 0);
    ns(f, V)[lt]();
    f.v128.bitselect();
    return;
  }
  emitConst(c, t, 1);
  emitConst(c, t, -1);
  get(0);
  get(0);
  emitConst(c, t, 0);
  ns(f, V)[lt]();
  f.select();
  get(0);
  emitConst(c, t, 0);
  ns(f, V)[gt]();
  f.select();
}

/** x**y by repeated squaring in the operand's precision, then its reciprocal for a negative y, as XLA computes integer_pow. */
function integerPow(c: Ctx, get: Get, t: KType, y: number): void {
  const { f, mode } = c;
  const lt = mode === "simd" ? "v128" : scalarLocal(t);
  const V = mode === "simd" ? (t === "f32" ? "f32x4" : "i32x4") : scalarNs(t);
  if (y === 0) {
    emitConst(c, t, 1);
    return;
  }
  const base = c.tmp(lt);
  get(0);
  f.local_set(base);
  let n = Math.abs(y);
  let acc: number | null = null;
  while (n > 0) {
    if (n & 1) {
      if (acc === null) {
        acc = c.tmp(lt);
        f.local_get(base).local_set(acc);
      } else {
        f.local_get(acc).local_get(base);
        ns(f, V).mul();
        f.local_set(acc);
      }
    }
    n >>= 1;
    if (n > 0) {
      f.local_get(base).local_get(base);
      ns(f, V).mul();
      f.local_set(base);
    }
  }
  // A negative exponent is the reciprocal of the power (JAX's _integer_pow: 1 / (x·x), not (1/x)·(1/x)).
  if (y < 0) emitConst(c, t, 1);
  f.local_get(acc!);
  if (y < 0) ns(f, V).div();
}

// Shifts by 32 or more give 0 (logical) or the sign fill (arithmetic), as XLA.
function shift(c: Ctx, n: OpNode, get: Get): void {
  const { f, mode } = c;
  const op = n.op === "shl" ? "shl" : n.op === "shr_l" ? "shr_u" : "shr_s";
  if (mode === "simd") {
    const amount = Number((n.args[1] as Extract<Node, { kind: "const" }>).value) >>> 0;
    if (amount >= 32 && op !== "shr_s") {
      f.i32x4.const([0, 0, 0, 0]);
      return;
    }
    get(0);
    f.i32.const(Math.min(amount, 31));
    ns(f, "i32x4")[op]();
    return;
  }
  const y = c.tmp("i32");
  get(1);
  f.local_set(y);
  if (op === "shr_s") {
    get(0);
    f.local_get(y).i32.const(31).local_get(y).i32.const(31).i32.lt_u().select();
    f.i32.shr_s();
    return;
  }
  get(0);
  f.local_get(y);
  ns(f, "i32")[op]();
  f.i32.const(0);
  f.local_get(y).i32.const(32).i32.lt_u();
  f.select();
}

/** select_n(pred, case0, case1, ...): a bool predicate picks case1 when true; an int32 one indexes the cases. */
function select(c: Ctx, n: OpNode, get: Get): void {
  const { f, mode } = c;
  const pt = n.args[0].type;
  const ncases = n.args.length - 1;
  if (pt === "bool") {
    if (mode === "simd") {
      get(2);
      get(1);
      get(0);
      f.v128.bitselect();
    } else {
      get(2);
      get(1);
      get(0);
      f.select();
    }
    return;
  }
  // Integer predicate: later cases override earlier ones where pred == k.
  get(1);
  for (let k = 1; k < ncases; k++) {
    const r = c.tmp(mode === "simd" ? "v128" : scalarLocal(n.type));
    f.local_set(r);
    get(k + 1);
    f.local_get(r);
    get(0);
    if (mode === "simd") {
      f.i32x4.const([k, k, k, k]).i32x4.eq();
      f.v128.bitselect();
    } else {
      f.i32.const(k).i32.eq();
      f.select();
    }
  }
}

/** clamp(lo, x, hi): lo where x < lo, hi where x > hi, else x (NaN stays NaN). */
function clamp(c: Ctx, n: OpNode, get: Get, _t: KType): void {
  const { f, mode } = c;
  const t = n.args[1].type;
  const V = mode === "simd" ? (t === "f32" ? "f32x4" : "i32x4") : scalarNs(t);
  const lt = isFloat(t) ? "lt" : t === "u32" ? "lt_u" : "lt_s";
  const gt = isFloat(t) ? "gt" : t === "u32" ? "gt_u" : "gt_s";
  const r = c.tmp(mode === "simd" ? "v128" : scalarLocal(t));
  // r = x < lo ? lo : x
  get(0);
  get(1);
  get(1);
  get(0);
  ns(f, V)[lt]();
  if (mode === "simd") f.v128.bitselect();
  else f.select();
  f.local_set(r);
  get(2);
  f.local_get(r);
  get(1);
  get(2);
  ns(f, V)[gt]();
  if (mode === "simd") f.v128.bitselect();
  else f.select();
}

function convert(c: Ctx, get: Get, from: KType, to: KType): void {
  const { f, mode } = c;
  get(0);
  if (from === to || (isInt(from) && isInt(to))) return;
  const simd = mode === "simd";
  if (from === "f64" || to === "f64") return convertF64(c, from, to);
  if (to === "bool") {
    if (from === "f32") {
      emitConst(c, "f32", 0);
      simd ? f.f32x4.ne() : f.f32.ne();
    } else {
      emitConst(c, from, 0);
      simd ? f.i32x4.ne() : f.i32.ne();
    }
    return;
  }
  if (from === "bool") {
    if (!simd) {
      if (to === "f32") f.f32.convert_i32_u();
      return;
    }
    if (to === "f32") f.i32x4.const([F32_ONE_BITS, F32_ONE_BITS, F32_ONE_BITS, F32_ONE_BITS]);
    else f.i32x4.const([1, 1, 1, 1]);
    f.v128.and();
    return;
  }
  if (from === "f32") {
    // Saturating, NaN -> 0, as XLA converts float to int.
    if (simd) ns(f, "i32x4")[to === "u32" ? "trunc_sat_f32x4_u" : "trunc_sat_f32x4_s"]();
    else ns(f, "i32")[to === "u32" ? "trunc_sat_f32_u" : "trunc_sat_f32_s"]();
    return;
  }
  // int -> f32
  if (simd) ns(f, "f32x4")[from === "u32" ? "convert_i32x4_u" : "convert_i32x4_s"]();
  else ns(f, "f32")[from === "u32" ? "convert_i32_u" : "convert_i32_s"]();
}

/** Scalar conversions to and from float64 (f64 kernels have no SIMD form). */
function convertF64(c: Ctx, from: KType, to: KType): void {
  const { f } = c;
  if (from === "f64") {
    if (to === "f32") f.f32.demote_f64();
    else if (to === "bool") {
      f.f64.const(0);
      f.f64.ne();
    }
    // Saturating, NaN -> 0, as XLA converts float to int.
    else ns(f, "i32")[to === "u32" ? "trunc_sat_f64_u" : "trunc_sat_f64_s"]();
    return;
  }
  if (from === "f32") f.f64.promote_f32();
  else ns(f, "f64")[from === "i32" ? "convert_i32_s" : "convert_i32_u"]();
}
