// Wasm code for int64/uint64 kernel values (kernel types i64/u64), scalar
// only. Storage holds the exact 64-bit integers (docs/design.md, "int64
// storage"): kernels load and store them with i64.load / i64.store, and
// compute in 64-bit two's-complement arithmetic, wrapping as XLA's does.
import type { FunctionBuilder } from "../emitter/index.ts";
import type { KType, OpNode } from "../../../compiler/kernel.ts";
import { is64Int } from "../../../compiler/ktype.ts";
import { unreachable } from "../../../compiler/ops.ts";
import { emitIntDiv } from "./int_div.ts";

type Get = (i: number) => void;
interface Ctx {
  f: FunctionBuilder;
  tmp: (t: "i32" | "i64") => number;
}

const ns = (f: FunctionBuilder, name: string): Record<string, (...a: unknown[]) => FunctionBuilder> =>
  (f as unknown as Record<string, Record<string, (...a: unknown[]) => FunctionBuilder>>)[name];

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

/** The i64 constant for a JS number of type t: truncated and saturated to t's range (NaN → 0), as a load would give. */
export function i64Const(v: number, t: KType): bigint {
  if (Number.isNaN(v)) return 0n;
  const lo = t === "u64" ? 0n : I64_MIN;
  const hi = t === "u64" ? U64_MAX : I64_MAX;
  if (v === Infinity) return BigInt.asIntN(64, hi);
  if (v === -Infinity) return BigInt.asIntN(64, lo);
  const x = BigInt(Math.trunc(v));
  return BigInt.asIntN(64, x < lo ? lo : x > hi ? hi : x);
}

/** Whether an op node computes on or produces 64-bit integers (emitOp64 emits it). */
export function touches64(n: OpNode): boolean {
  return is64Int(n.type) || n.args.some((a) => is64Int(a.type));
}

/** Pushes the result of an op whose operands or result are i64/u64 (scalar mode). */
export function emitOp64(c: Ctx, n: OpNode, get: Get): void {
  const { f } = c;
  // The data operands' type (select's predicate and convert's target aside).
  const t = n.op === "select" ? n.args[1].type : n.args[0].type;
  const u = t === "u64";
  const sfx = u ? "_u" : "_s";
  const i64 = ns(f, "i64");
  const bin = (name: string): void => {
    get(0);
    get(1);
    i64[name]();
  };
  switch (n.op) {
    case "add":
    case "sub":
    case "mul":
    case "and":
    case "or":
    case "xor":
      return bin(n.op);
    case "square":
      get(0);
      get(0);
      f.i64.mul();
      return;
    case "div":
    case "rem":
      return emitIntDiv(c.f, c.tmp, get, "i64", u, n.op === "rem");
    case "max":
    case "min":
      get(0);
      get(1);
      get(0);
      get(1);
      i64[(n.op === "max" ? "gt" : "lt") + sfx]();
      f.select();
      return;
    case "neg":
      f.i64.const(0);
      get(0);
      f.i64.sub();
      return;
    case "abs":
      if (u) return get(0);
      f.i64.const(0);
      get(0);
      f.i64.sub();
      get(0);
      get(0);
      f.i64.const(0);
      f.i64.lt_s();
      f.select();
      return;
    case "sign":
      if (u) {
        get(0);
        f.i64.const(0).i64.ne().i64.extend_i32_u();
        return;
      }
      // (x > 0) - (x < 0)
      get(0);
      f.i64.const(0).i64.gt_s().i64.extend_i32_u();
      get(0);
      f.i64.const(0).i64.lt_s().i64.extend_i32_u();
      f.i64.sub();
      return;
    case "integer_pow":
      return integerPow64(c, get, n.param);
    case "not":
      get(0);
      f.i64.const(-1).i64.xor();
      return;
    case "shl":
    case "shr_l":
    case "shr_a":
      return shift64(c, n.op, get);
    case "eq":
    case "ne":
      return bin(n.op);
    case "lt":
    case "le":
    case "gt":
    case "ge":
      return bin(n.op + sfx);
    case "select":
      return select64(c, n, get);
    case "clamp":
      return clamp64(c, get, u);
    case "convert":
      return convert64(f, get, n.args[0].type, n.type);
    case "bitcast":
      // Only between i64 and u64 (opSupported): the same bits.
      return get(0);
    case "sqrt":
    case "rsqrt":
    case "floor":
    case "ceil":
    case "trunc":
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
      throw new Error(`internal: ${n.op} on ${t} is not a kernel op`);
    default:
      return unreachable(n.op, "kernel op");
  }
}

/** x**y (y >= 0) by repeated squaring, wrapping, as XLA's integer_pow. */
function integerPow64(c: Ctx, get: Get, y: number): void {
  const { f } = c;
  if (y <= 0) {
    f.i64.const(1);
    return;
  }
  const base = c.tmp("i64");
  get(0);
  f.local_set(base);
  let n = y;
  let acc: number | null = null;
  while (n > 0) {
    if (n & 1) {
      if (acc === null) {
        acc = c.tmp("i64");
        f.local_get(base).local_set(acc);
      } else f.local_get(acc).local_get(base).i64.mul().local_set(acc);
    }
    n >>= 1;
    if (n > 0) f.local_get(base).local_get(base).i64.mul().local_set(base);
  }
  f.local_get(acc!);
}

// Shift counts are read as unsigned: 64 or more gives 0 (left, logical) or the sign fill (arithmetic), as XLA.
function shift64(c: Ctx, op: "shl" | "shr_l" | "shr_a", get: Get): void {
  const { f } = c;
  const y = c.tmp("i64");
  get(1);
  f.local_set(y);
  if (op === "shr_a") {
    get(0);
    f.local_get(y).i64.const(63).local_get(y).i64.const(63).i64.lt_u().select();
    f.i64.shr_s();
    return;
  }
  get(0);
  f.local_get(y);
  if (op === "shl") f.i64.shl();
  else f.i64.shr_u();
  f.i64.const(0);
  f.local_get(y).i64.const(64).i64.lt_u();
  f.select();
}

/** select_n over i64 cases: a bool predicate picks case 1 when true; an int32 one indexes the cases. */
function select64(c: Ctx, n: OpNode, get: Get): void {
  const { f } = c;
  const ncases = n.args.length - 1;
  if (n.args[0].type === "bool") {
    get(2);
    get(1);
    get(0);
    f.select();
    return;
  }
  get(1);
  for (let k = 1; k < ncases; k++) {
    const r = c.tmp("i64");
    f.local_set(r);
    get(k + 1);
    f.local_get(r);
    get(0);
    f.i32.const(k).i32.eq();
    f.select();
  }
}

/** clamp(lo, x, hi): lo where x < lo, hi where x > hi, else x. */
function clamp64(c: Ctx, get: Get, unsigned: boolean): void {
  const { f } = c;
  const i64 = ns(f, "i64");
  const r = c.tmp("i64");
  get(0);
  get(1);
  get(1);
  get(0);
  i64[unsigned ? "lt_u" : "lt_s"]();
  f.select();
  f.local_set(r);
  get(2);
  f.local_get(r);
  get(1);
  get(2);
  i64[unsigned ? "gt_u" : "gt_s"]();
  f.select();
}

/** Conversions to and from i64/u64: int → int wraps (two's complement), float → int saturates with NaN → 0, as XLA. */
function convert64(f: FunctionBuilder, get: Get, from: KType, to: KType): void {
  get(0);
  if (is64Int(from) && is64Int(to)) return;
  if (is64Int(to)) {
    switch (from) {
      case "i32":
        f.i64.extend_i32_s();
        return;
      case "u32":
      case "bool":
        f.i64.extend_i32_u();
        return;
      case "f32":
        if (to === "u64") f.i64.trunc_sat_f32_u();
        else f.i64.trunc_sat_f32_s();
        return;
      case "f64":
        if (to === "u64") f.i64.trunc_sat_f64_u();
        else f.i64.trunc_sat_f64_s();
        return;
    }
    throw new Error(`internal: convert ${from} → ${to}`);
  }
  const u = from === "u64";
  switch (to) {
    case "i32":
    case "u32":
      f.i32.wrap_i64();
      return;
    case "bool":
      f.i64.const(0).i64.ne();
      return;
    case "f32":
      if (u) f.f32.convert_i64_u();
      else f.f32.convert_i64_s();
      return;
    case "f64":
      if (u) f.f64.convert_i64_u();
      else f.f64.convert_i64_s();
      return;
  }
  throw new Error(`internal: convert ${from} → ${to}`);
}

/** A constant node's value as pushed by emitConst for i64/u64 (a bigint holds the exact bits). */
export function emitConst64(f: FunctionBuilder, t: KType, v: number | bigint): void {
  f.i64.const(typeof v === "bigint" ? BigInt.asIntN(64, v) : i64Const(v, t));
}
