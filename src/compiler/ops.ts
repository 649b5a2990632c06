// The kernel IR's operations, in one table: arity, which operand types the
// IR allows, the result type rule, and a cost class. `KernelOp` is the union
// of its keys, so every switch over an op (each emitter's) is checked for
// exhaustiveness by the compiler: a new op is a compile-time checklist.
// Whether a target *implements* an op for given types is the target's
// business (Target.supportsOp); this table is what is meaningful at all.
import type { KType } from "./ktype.ts";

/** Which operand types an op is defined on. */
export type OperandRule =
  | "any"
  /** Not bool. */
  | "numeric"
  | "float"
  /** int32, uint32, int64 or uint64. */
  | "int"
  /** Integers or bool (bitwise ops). */
  | "bits";

/** The result type: as the operands, bool (comparisons and predicates), or the node's own (conversions). */
export type ResultRule = "same" | "bool" | "given";

/** cheap: a few instructions; division: a divide or square root; transcendental: a polynomial routine. */
export type CostClass = "cheap" | "division" | "transcendental";

export interface OpInfo {
  /** Operand count (the least, for variadic ops). */
  readonly arity: number;
  readonly variadic?: boolean;
  readonly operands: OperandRule;
  readonly result: ResultRule;
  readonly cost: CostClass;
}

const un = (operands: OperandRule, cost: CostClass = "cheap", result: ResultRule = "same"): OpInfo => ({
  arity: 1,
  operands,
  result,
  cost,
});
const bin = (operands: OperandRule, cost: CostClass = "cheap", result: ResultRule = "same"): OpInfo => ({
  arity: 2,
  operands,
  result,
  cost,
});

export const OPS = {
  add: bin("numeric"),
  sub: bin("numeric"),
  mul: bin("numeric"),
  div: bin("numeric", "division"),
  rem: bin("numeric", "division"),
  max: bin("any"),
  min: bin("any"),
  neg: un("numeric"),
  abs: un("numeric"),
  square: un("numeric"),
  sign: un("numeric"),
  sqrt: un("float", "division"),
  rsqrt: un("float", "division"),
  floor: un("float"),
  ceil: un("float"),
  trunc: un("float"),
  /** param: the rounding method (0 away from zero, 1 to nearest even). */
  round: un("float"),
  exp: un("float", "transcendental"),
  log: un("float", "transcendental"),
  log1p: un("float", "transcendental"),
  expm1: un("float", "transcendental"),
  tanh: un("float", "transcendental"),
  logistic: un("float", "transcendental"),
  sin: un("float", "transcendental"),
  cos: un("float", "transcendental"),
  erf: un("float", "transcendental"),
  erf_inv: un("float", "transcendental"),
  /** x^y (C99's pow: pow(x, 0) = pow(1, y) = 1, a negative base needs an integer exponent). */
  pow: bin("float", "transcendental"),
  /** atan2(y, x): the angle of (x, y), C99's signs of zero and infinities. */
  atan2: bin("float", "transcendental"),
  is_finite: un("float", "cheap", "bool"),
  /** param: the exponent. */
  integer_pow: un("numeric"),
  and: bin("bits"),
  or: bin("bits"),
  xor: bin("bits"),
  not: un("bits"),
  shl: bin("int"),
  shr_l: bin("int"),
  shr_a: bin("int"),
  eq: bin("any", "cheap", "bool"),
  ne: bin("any", "cheap", "bool"),
  lt: bin("any", "cheap", "bool"),
  le: bin("any", "cheap", "bool"),
  gt: bin("any", "cheap", "bool"),
  ge: bin("any", "cheap", "bool"),
  /** (which, case 0, case 1, ...): `which` is bool (two cases) or an int32 case index. */
  select: { arity: 3, variadic: true, operands: "any", result: "same", cost: "cheap" },
  /** (lo, x, hi). */
  clamp: { arity: 3, operands: "any", result: "same", cost: "cheap" },
  convert: un("any", "cheap", "given"),
  /** Reinterprets the bits: operand and result of the same width. */
  bitcast: un("any", "cheap", "given"),
} as const satisfies Record<string, OpInfo>;

export type KernelOp = keyof typeof OPS;

/** Whether an operand type satisfies a rule. */
export function operandAllowed(rule: OperandRule, t: KType): boolean {
  switch (rule) {
    case "any":
      return true;
    case "numeric":
      return t !== "bool";
    case "float":
      return t === "f32" || t === "f64" || t === "f16" || t === "bf16";
    case "int":
      return t === "i32" || t === "u32" || t === "i64" || t === "u64";
    case "bits":
      return t !== "f32" && t !== "f64" && t !== "f16" && t !== "bf16";
  }
}

/** For a switch that must cover every case: a compile error when one is missing, an internal error if reached. */
export function unreachable(x: never, what: string): never {
  throw new Error(`internal: unhandled ${what} ${String(x)}`);
}
