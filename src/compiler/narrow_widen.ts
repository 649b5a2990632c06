// Narrow formats for targets that compute them in wider values (the wasm
// backend): the kernel is rewritten so that every float16/bfloat16 value is
// an f32 value and every int8/uint8/int16/uint16 value an i32 value, and
// every result that may leave its format is brought back into it.
//
// float16 and bfloat16 are rounded on their bits, round to nearest even, in
// the kernel IR's own integer operations. Storage is already f32
// (core/dtypes.ts storageCtor), so loads and stores are unchanged.
// The reference kernels compute in float64, store the result as float32,
// then round that to the narrow format. For +, −, ×, ÷ and √ the float32
// result of the float32 operation is the float64 result rounded to float32
// (53 ≥ 2·24 + 2: double rounding through float64 is innocuous), so one
// more rounding gives the reference's bits; casts round as the reference
// does (to float32 first, then to the format). Transcendental functions do
// not have that property (a float32 result one ulp off lands on the other
// side of a float16 midpoint about once in 4096 values), so `LOWP_OPS`
// leaves them, and sums and products over reduced dims (the reference
// accumulates in float64), to the reference path.
//
// The 8- and 16-bit integers are stored in their own width: their loads
// stay loads of the narrow type (the emitter widens them, signed or not)
// followed by a conversion to i32, and their outputs stay narrow stores of
// i32 values already in range. Integer arithmetic wraps, so an i32 result
// wrapped into the format (sign-extended from, or masked to, its width) is
// the narrow operation's result: sums, differences, products and powers
// agree modulo 2^8 or 2^16, and quotients and remainders of values in
// range are in range or wrap as the format's do (-128 / -1, x / 0 = -1).
// Float operands convert saturating, as XLA's (and the reference's) float →
// int casts do: to i32, then clamped into the format. `NARROW_INT_OPS`
// lists what they may compute; shifts (whose counts and logical shifts
// depend on the width) stay on the reference path.
import { roundToBfloat16, roundToFloat16 } from "../core/dtypes.ts";
import { type Kernel, type KType, type Node, NodeBuilder, topoOrder } from "./kernel.ts";
import { type LowpFloatKType, type NarrowIntKType, isLowpFloatK, isNarrowIntK } from "./ktype.ts";
import type { KernelOp } from "./ops.ts";

/** Operations whose result is always representable in its operands' format: no rounding after them. */
const STAYS_IN_FORMAT: ReadonlySet<KernelOp> = new Set<KernelOp>([
  "neg",
  "abs",
  "max",
  "min",
  "sign",
  "floor",
  "ceil",
  "trunc",
  "round",
  "select",
  "clamp",
]);

/** Operations whose float32 evaluation, rounded once to the narrow format, gives the reference's bits. */
export const LOWP_OPS: ReadonlySet<KernelOp> = new Set<KernelOp>([
  ...STAYS_IN_FORMAT,
  ...(["add", "sub", "mul", "div", "sqrt", "square", "is_finite", "convert", "eq", "ne", "lt", "le", "gt", "ge"] as const),
]);

/** Operations an 8- or 16-bit integer kernel value may come from (each wrapped back into its format, convert saturating from floats). */
export const NARROW_INT_OPS: ReadonlySet<KernelOp> = new Set<KernelOp>([
  ...(["add", "sub", "mul", "div", "rem", "neg", "abs", "max", "min", "sign", "square", "integer_pow"] as const),
  ...(["and", "or", "xor", "not", "eq", "ne", "lt", "le", "gt", "ge", "select", "clamp", "convert"] as const),
]);

/** Integer operations whose result, from operands in the format, is in it (no wrap after them). */
const INT_STAYS_IN_FORMAT: ReadonlySet<KernelOp> = new Set<KernelOp>(["max", "min", "sign", "select", "clamp", "and", "or", "xor"]);

/** The type a value of type t is computed in. */
export const widenedType = (t: KType): KType => (isLowpFloatK(t) ? "f32" : isNarrowIntK(t) ? "i32" : t);

const isNarrow = (t: KType): boolean => isLowpFloatK(t) || isNarrowIntK(t);

/** Whether a narrow value is computed anywhere in these expressions (an output's or input's type is some node's). */
function computesNarrow(roots: readonly Node[]): boolean {
  return topoOrder(roots).some((n) => isNarrow(n.type));
}

/**
 * The kernel with its narrow values computed in wider ones (the same kernel
 * when it has none). 8- and 16-bit integer inputs and outputs keep their
 * types: the emitter loads and stores them in their width.
 */
export function widenNarrowKernel(k: Kernel): Kernel {
  if (!computesNarrow(k.outputs.map((o) => o.node))) return k;
  const widen = narrowWidener(new NodeBuilder());
  const memoryType = (t: KType) => (isNarrowIntK(t) ? t : widenedType(t));
  return {
    shape: k.shape,
    reduced: k.reduced,
    inputs: k.inputs.map((i) => ({ type: memoryType(i.type) })),
    outputs: k.outputs.map((o) => ({ node: widen(o.node), reduce: o.reduce, type: memoryType(o.type) })),
  };
}

/** An expression with its narrow values computed in wider ones (itself when it has none). */
export function widenNarrowNode(root: Node): Node {
  return computesNarrow([root]) ? narrowWidener(new NodeBuilder())(root) : root;
}

/** A function rewriting expressions into builder `b` (memoised: shared subexpressions stay shared). */
function narrowWidener(b: NodeBuilder): (n: Node) => Node {
  const memo = new Map<number, Node>();
  const rec = (n: Node): Node => {
    const hit = memo.get(n.id);
    if (hit) return hit;
    const t = widenedType(n.type);
    let r: Node;
    if (n.kind === "load") {
      r = b.load(n.input, isNarrowIntK(n.type) ? n.type : t, n.shape, n.view, n.index && rec(n.index));
      if (isNarrowIntK(n.type)) r = b.op("convert", "i32", [r], 0, n.shape);
    } else if (n.kind === "const") r = b.const(t, n.shape, isLowpFloatK(n.type) ? roundValue(n.value as number, n.type) : n.value);
    else if (n.kind === "iota") {
      r = b.iota(t, n.shape, n.view);
      if (isLowpFloatK(n.type)) r = roundTo(b, r, n.type);
      if (isNarrowIntK(n.type)) r = wrapInt(b, r, n.type);
    } else if (isNarrowIntK(n.type)) r = narrowIntOp(b, n, n.args.map(rec), n.type);
    else {
      r = b.op(n.op, t, n.args.map(rec), n.param, n.shape);
      const from = n.args[0]?.type;
      const exact = STAYS_IN_FORMAT.has(n.op) || (n.op === "convert" && from === n.type);
      if (isLowpFloatK(n.type) && !exact) r = roundTo(b, r, n.type);
    }
    memo.set(n.id, r);
    return r;
  };
  return rec;
}

/** An operation giving an 8- or 16-bit integer, on widened operands: computed in i32, brought back into the format. */
function narrowIntOp(b: NodeBuilder, n: Node & { kind: "op" }, args: Node[], t: NarrowIntKType): Node {
  const from = n.args[0]?.type;
  if (n.op === "convert" && from !== undefined && (from === "f32" || from === "f64" || isLowpFloatK(from))) {
    // Saturating: to i32 (NaN to 0), then clamped into the format.
    const { bits, signed } = formatOf(t);
    const [lo, hi] = signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
    const k = (v: number) => b.const("i32", n.shape, v);
    return b.op("clamp", "i32", [k(lo), b.op("convert", "i32", args, 0, n.shape), k(hi)], 0, n.shape);
  }
  const r = b.op(n.op, "i32", args, n.param, n.shape);
  return INT_STAYS_IN_FORMAT.has(n.op) ? r : wrapInt(b, r, t);
}

const formatOf = (t: NarrowIntKType) => ({ bits: t === "i8" || t === "u8" ? 8 : 16, signed: t === "i8" || t === "i16" });

/** An i32 value wrapped into an 8- or 16-bit format: sign-extended from its width, or masked to it. */
function wrapInt(b: NodeBuilder, x: Node, t: NarrowIntKType): Node {
  const { bits, signed } = formatOf(t);
  const k = (v: number) => b.const("i32", x.shape, v);
  if (!signed) return b.op("and", "i32", [x, k(2 ** bits - 1)], 0, x.shape);
  return b.op("shr_a", "i32", [b.op("shl", "i32", [x, k(32 - bits)], 0, x.shape), k(32 - bits)], 0, x.shape);
}

function roundValue(v: number, t: LowpFloatKType): number {
  return t === "f16" ? roundToFloat16(Math.fround(v)) : roundToBfloat16(v);
}

/** x (f32) rounded to float16 or bfloat16, to nearest even, as an f32 value. */
function roundTo(b: NodeBuilder, x: Node, t: LowpFloatKType): Node {
  const s = x.shape;
  const u = (v: number) => b.const("u32", s, v >>> 0);
  const f = (v: number) => b.const("f32", s, v);
  const op = (o: KernelOp, type: KType, ...args: Node[]) => b.op(o, type, args, 0, s);
  const bits = op("bitcast", "u32", x);
  if (t === "bf16") {
    // Keep 7 of the 23 mantissa bits, ties to even (a carry into the exponent gives the next binade or infinity); NaN stays NaN.
    const lsb = op("and", "u32", op("shr_l", "u32", bits, u(16)), u(1));
    const rounded = op("and", "u32", op("add", "u32", op("add", "u32", bits, u(0x7fff)), lsb), u(0xffff0000));
    return op("select", "f32", op("ne", "bool", x, x), op("bitcast", "f32", rounded), x);
  }
  const sign = op("and", "u32", bits, u(0x80000000));
  const a = op("and", "u32", bits, u(0x7fffffff));
  // Normal results (|x| ≥ 2^-14): keep 10 mantissa bits, ties to even.
  const lsb = op("and", "u32", op("shr_l", "u32", a, u(13)), u(1));
  const normal = op("and", "u32", op("add", "u32", op("add", "u32", a, u(0xfff)), lsb), u(0xffffe000));
  // Subnormal results: a multiple of 2^-24, |x|·2^24 rounded to an integer by adding and taking away 2^23 (exact scalings).
  const scaled = op("mul", "f32", op("abs", "f32", x), f(2 ** 24));
  const whole = op("sub", "f32", op("add", "f32", scaled, f(2 ** 23)), f(2 ** 23));
  const subnormal = op("bitcast", "u32", op("mul", "f32", whole, f(2 ** -24)));
  // NaN and infinity as they are; from 65520 (65504 and half its ulp) up, infinity.
  const pick = (cond: Node, no: Node, yes: Node) => op("select", "u32", cond, no, yes);
  const magnitude = pick(
    op("ge", "bool", a, u(0x7f800000)),
    pick(op("ge", "bool", a, u(0x477ff000)), pick(op("ge", "bool", a, u(0x38800000)), subnormal, normal), u(0x7f800000)),
    a,
  );
  return op("bitcast", "f32", op("or", "u32", magnitude, sign));
}
