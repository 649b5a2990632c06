// float16 and bfloat16 kernels for targets that compute them as float32
// (the wasm backend): the kernel is rewritten so that every f16/bf16 value is
// an f32 value and every result that may leave the narrow format is rounded
// to it on its bits, round to nearest even, in the kernel IR's own integer
// operations. Storage is already f32 (core/dtypes.ts storageCtor), so loads
// and stores are unchanged; the rewritten kernel holds only f32, u32 and
// bool nodes, which every emitter has.
//
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
import { roundToBfloat16, roundToFloat16 } from "../core/dtypes.ts";
import { type Kernel, type KType, type Node, NodeBuilder, topoOrder } from "./kernel.ts";
import { type LowpFloatKType, isLowpFloatK } from "./ktype.ts";
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

/** The type a value of type t is computed in. */
export const widenedType = (t: KType): KType => (isLowpFloatK(t) ? "f32" : t);

/** Whether an f16/bf16 value is computed anywhere in these expressions (an output's or input's type is some node's). */
function computesLowp(roots: readonly Node[]): boolean {
  return topoOrder(roots).some((n) => isLowpFloatK(n.type));
}

/** The kernel with its f16/bf16 values computed as rounded f32 values (the same kernel when it has none). */
export function widenLowpKernel(k: Kernel): Kernel {
  if (!computesLowp(k.outputs.map((o) => o.node))) return k;
  const widen = lowpWidener(new NodeBuilder());
  return {
    shape: k.shape,
    reduced: k.reduced,
    inputs: k.inputs.map((i) => ({ type: widenedType(i.type) })),
    outputs: k.outputs.map((o) => ({ node: widen(o.node), reduce: o.reduce, type: widenedType(o.type) })),
  };
}

/** An expression with its f16/bf16 values computed as rounded f32 values (itself when it has none). */
export function widenLowpNode(root: Node): Node {
  return computesLowp([root]) ? lowpWidener(new NodeBuilder())(root) : root;
}

/** A function rewriting expressions into builder `b` (memoised: shared subexpressions stay shared). */
function lowpWidener(b: NodeBuilder): (n: Node) => Node {
  const memo = new Map<number, Node>();
  const rec = (n: Node): Node => {
    const hit = memo.get(n.id);
    if (hit) return hit;
    const t = widenedType(n.type);
    let r: Node;
    if (n.kind === "load") r = b.load(n.input, t, n.shape, n.view, n.index && rec(n.index));
    else if (n.kind === "const") r = b.const(t, n.shape, isLowpFloatK(n.type) ? roundValue(n.value as number, n.type) : n.value);
    else if (n.kind === "iota") {
      r = b.iota(t, n.shape, n.view);
      if (isLowpFloatK(n.type)) r = roundTo(b, r, n.type);
    } else {
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
