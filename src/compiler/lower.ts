// How each primitive enters a kernel: elementwise primitives become IR
// operations, movement primitives become views, reductions become kernel
// outputs. Everything else is its own step (reference or native kernel).
import type { ShapedArray } from "../core/aval.ts";
import { type Application, type Params, type Primitive, isPrim } from "../core/primitive.ts";
import { integerPowP, roundP } from "../lax/elementwise.ts";
import { reduceAndP, reduceMaxP, reduceMinP, reduceOrP, reduceProdP, reduceSumP } from "../lax/reduce.ts";
import type { AxesParams } from "../lax/reduce_def.ts";
import type { LogNdtrParams } from "../lax/special.ts";
import type { ReducePrecisionParams } from "../lax/reduce_precision.ts";
import { type KType, type Node, type NodeBuilder, type ReduceOp } from "./kernel.ts";
import { is64Int, isLowpFloatK, isNarrowIntK, ktypeFor } from "./ktype.ts";
import { type KernelOp, OPS } from "./ops.ts";
import type { Target } from "./target.ts";
import { besselI0eOf, besselI1eOf } from "./bessel_lowering.ts";
import { acosOf, acoshOf, asinOf, asinhOf, atanOf, atanhOf, cbrtOf, coshOf, exp2Of, sinhOf, tanOf } from "./elementary_lowering.ts";
import { dawsnOf, erfcOf, erfcxOf, logNdtrOf, ndtriOf } from "./erf_lowering.ts";
import { digammaOf, lgammaOf } from "./special_lowering.ts";
import { spenceOf } from "./spence_lowering.ts";
import { polygammaOf, zetaOf } from "./zeta_lowering.ts";
import { clzOf, nextafterOf, popcountOf, reducePrecisionOf } from "./bit_lowering.ts";

const ELEMENTWISE: Record<string, KernelOp> = {
  neg: "neg",
  abs: "abs",
  sqrt: "sqrt",
  rsqrt: "rsqrt",
  floor: "floor",
  ceil: "ceil",
  trunc: "trunc",
  round: "round",
  sign: "sign",
  exp: "exp",
  log: "log",
  log1p: "log1p",
  expm1: "expm1",
  tanh: "tanh",
  logistic: "logistic",
  sin: "sin",
  cos: "cos",
  erf: "erf",
  erf_inv: "erf_inv",
  square: "square",
  integer_pow: "integer_pow",
  pow: "pow",
  atan2: "atan2",
  is_finite: "is_finite",
  not: "not",
  add: "add",
  sub: "sub",
  mul: "mul",
  div: "div",
  rem: "rem",
  max: "max",
  min: "min",
  eq: "eq",
  ne: "ne",
  lt: "lt",
  le: "le",
  gt: "gt",
  ge: "ge",
  and: "and",
  or: "or",
  xor: "xor",
  shift_left: "shl",
  shift_right_logical: "shr_l",
  shift_right_arithmetic: "shr_a",
  select_n: "select",
  clamp: "clamp",
  convert_element_type: "convert",
  bitcast_convert_type: "bitcast",
};

export const VIEW_PRIMS = new Set(["broadcast_in_dim", "reshape", "squeeze", "transpose", "rev", "slice"]);

/** The reductions a kernel may compute, with their kernel reduction. */
const REDUCE_OPS: Array<[Primitive<AxesParams>, ReduceOp]> = [
  [reduceSumP, "sum"],
  [reduceMaxP, "max"],
  [reduceMinP, "min"],
  [reduceProdP, "prod"],
  [reduceAndP, "and"],
  [reduceOrP, "or"],
];
const REDUCE: Record<string, ReduceOp> = Object.fromEntries(REDUCE_OPS.map(([p, op]) => [p.name, op]));
/** The reduction primitives (they share AxesParams): `isPrim(e, REDUCTIONS)` narrows an equation's params. */
export const REDUCTIONS: readonly Primitive<AxesParams>[] = REDUCE_OPS.map(([p]) => p);

/** Identities at run time (stop_gradient only matters to autodiff). */
const IDENTITY = new Set(["copy", "stop_gradient", "random_gamma"]);

type Composite = (b: NodeBuilder, args: Node[], params: Params) => Node;

/**
 * Elementwise primitives computed as several kernel operations, float32 only
 * (other dtypes stay on the reference path), on every target: JAX's xlogy,
 * xlog1py and xlogx (0 where x is 0 unless the log's argument is NaN).
 */
const COMPOSITE: Record<string, Composite> = {
  xlogy: (b, [x, y]) => xlogOf(b, x, y, b.op("log", "f32", [y])),
  xlog1py: (b, [x, y]) => xlogOf(b, x, y, b.op("log1p", "f32", [y])),
  xlogx: (b, [x]) => xlogOf(b, x, x, b.op("log", "f32", [x])),
};

/**
 * The elementwise primitives outside the kernel IR, as kernel operations
 * in the float32 algorithms JAX compiles, on targets with specialKernels
 * (WebGPU keeps its WGSL kernels): exp2, tan, the inverse trigonometric and
 * (inverse) hyperbolic functions and cbrt (elementary_lowering.ts), lgamma
 * and digamma (special_lowering.ts), zeta and polygamma (zeta_lowering.ts),
 * erfc, erfcx, ndtri, dawsn, log_ndtr (erf_lowering.ts), i0e and i1e
 * (bessel_lowering.ts), spence (spence_lowering.ts). On the reference kernels, xlogy of 1e5 took 2.7 ms,
 * lgamma 3.0, erfc 33, zeta 45; exp2 of 1e6 40, sinh 15.
 */
const SPECIAL_COMPOSITE: Record<string, Composite> = {
  exp2: (b, [x]) => exp2Of(b, x),
  tan: (b, [x]) => tanOf(b, x),
  asin: (b, [x]) => asinOf(b, x),
  acos: (b, [x]) => acosOf(b, x),
  atan: (b, [x]) => atanOf(b, x),
  sinh: (b, [x]) => sinhOf(b, x),
  cosh: (b, [x]) => coshOf(b, x),
  asinh: (b, [x]) => asinhOf(b, x),
  acosh: (b, [x]) => acoshOf(b, x),
  atanh: (b, [x]) => atanhOf(b, x),
  cbrt: (b, [x]) => cbrtOf(b, x),
  lgamma: (b, [x]) => lgammaOf(b, x),
  digamma: (b, [x]) => digammaOf(b, x),
  zeta: (b, [x, q]) => zetaOf(b, x, q),
  polygamma: (b, [n, x]) => polygammaOf(b, n, x),
  erfc: (b, [x]) => erfcOf(b, x),
  erfcx: (b, [x]) => erfcxOf(b, x),
  ndtri: (b, [p]) => ndtriOf(b, p),
  dawsn: (b, [x]) => dawsnOf(b, x),
  log_ndtr: (b, [x], params) => logNdtrOf(b, x, (params as LogNdtrParams).seriesOrder),
  bessel_i0e: (b, [x]) => besselI0eOf(b, x),
  bessel_i1e: (b, [x]) => besselI1eOf(b, x),
  spence: (b, [x]) => spenceOf(b, x),
};
/**
 * Bit-level primitives as integer kernel operations (bit_lowering.ts), on
 * targets with specialKernels, for the kernel types each lists:
 * population_count and clz of 32-bit integers, float32's nextafter and
 * reduce_precision.
 */
const BIT_COMPOSITE: Record<string, { types: readonly KType[]; build: Composite }> = {
  population_count: { types: ["i32", "u32"], build: (b, [x]) => popcountOf(b, x) },
  clz: { types: ["i32", "u32"], build: (b, [x]) => clzOf(b, x) },
  nextafter: { types: ["f32"], build: (b, [x, y]) => nextafterOf(b, x, y) },
  reduce_precision: {
    types: ["f32"],
    build: (b, [x], p) => reducePrecisionOf(b, x, (p as ReducePrecisionParams).exponent_bits, (p as ReducePrecisionParams).mantissa_bits),
  },
};
/** The kernel operations each table's composites use, which a target must have for float32. */
const XLOG_OPS: KernelOp[] = ["log", "log1p"];
const SPECIAL_OPS: KernelOp[] = [
  ...XLOG_OPS,
  "exp",
  "erf",
  "max",
  "min",
  "sin",
  "cos",
  "floor",
  "trunc",
  "expm1",
  "atan2",
  "pow",
  "is_finite",
  "div",
  "sqrt",
  "abs",
  "sign",
  "square",
];

/** x · l, or 0 where x is 0 and y is not NaN. */
function xlogOf(b: NodeBuilder, x: Node, y: Node, l: Node): Node {
  const zero = b.const("f32", x.shape, 0);
  const atZero = b.op("and", "bool", [b.op("eq", "bool", [x, zero]), b.op("eq", "bool", [y, y])]);
  return b.op("select", "f32", [atZero, b.op("mul", "f32", [x, l]), zero]);
}

export function isElementwise(name: string): boolean {
  return name in ELEMENTWISE || name in COMPOSITE || name in SPECIAL_COMPOSITE || name in BIT_COMPOSITE || IDENTITY.has(name);
}

/** The kernel op for an elementwise equation, or null when these dtypes stay on the reference path. */
export function lowerElementwise(
  target: Target,
  b: NodeBuilder,
  e: Application,
  args: Node[],
  inAvals: ShapedArray[],
  out: ShapedArray,
): Node | null {
  const name = e.primitive.name;
  const outType = ktypeFor(target, out.dtype);
  if (outType === null || inAvals.some((a) => ktypeFor(target, a.dtype) === null)) return null;
  if (IDENTITY.has(name)) return args[0];
  const bits = target.specialKernels ? BIT_COMPOSITE[name] : undefined;
  if (bits) return [outType, ...args.map((a) => a.type)].every((t) => bits.types.includes(t)) ? bits.build(b, args, e.params) : null;
  const special = COMPOSITE[name] ? null : target.specialKernels ? SPECIAL_COMPOSITE[name] : undefined;
  const composite = COMPOSITE[name] ?? special;
  if (composite) {
    if (outType !== "f32" || args.some((a) => a.type !== "f32")) return null;
    // Each table needs only its own operations (WebGPU's kernels have no pow or atan2 but do have xlogy's log).
    const ops = special ? SPECIAL_OPS : XLOG_OPS;
    if (!ops.every((op) => target.supportsOp(op, OPS[op].arity === 2 ? ["f32", "f32"] : ["f32"], "f32"))) return null;
    return composite(b, args, e.params);
  }
  const op = ELEMENTWISE[name];
  if (!op) return null;
  const types = args.map((a) => a.type);
  if (!target.supportsOp(op, types, outType)) return null;
  if (op === "convert" && types[0] === outType) return args[0];
  let param = 0;
  if (isPrim(e, integerPowP)) {
    param = e.params.y;
    if (outType !== "f32" && !isLowpFloatK(outType) && param < 0) return null;
  }
  if (isPrim(e, roundP)) param = e.params.rounding_method ?? 0;
  // Kernels index cases by an i32/u32: a 64-bit index (argmax's under x64) wraps to 32 bits (out of range either way).
  if (op === "select" && is64Int(types[0])) {
    if (!target.supportsOp("convert", [types[0]], "i32")) return null;
    args = [b.op("convert", "i32", [args[0]], 0, args[0].shape), ...args.slice(1)];
  }
  return b.op(op, outType, args, param, out.shape);
}

/** The reduction of a reduce equation over these dtypes, or null. */
/** Whether the primitive is a reduction a kernel may compute (for some dtypes: see reduceOpOf). */
export function isReduction(name: string): boolean {
  return name in REDUCE;
}

export function reduceOpOf(name: string, dtype: ShapedArray["dtype"], target: Target): { op: ReduceOp; type: KType } | null {
  const t = ktypeFor(target, dtype);
  let op = REDUCE[name];
  // 8- and 16-bit integer reductions stay their own steps (their accumulators would need the format's wrap).
  if (!op || t === null || isNarrowIntK(t)) return null;
  // Boolean max/min are or/and; boolean sums and products are not kernel reductions.
  if (t === "bool") {
    if (op === "max") op = "or";
    else if (op === "min") op = "and";
    else if (op !== "and" && op !== "or") return null;
  } else if (op === "and" || op === "or") return null;
  if (isLowpFloatK(t) && (op === "sum" || op === "prod") && !target.lowpFloatSums) return null;
  return { op, type: t };
}
