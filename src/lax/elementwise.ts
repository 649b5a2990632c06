// Elementwise primitives: unary and binary math, comparisons, bitwise ops,
// select_n, clamp, conversions. Each is declared once with all its rules.
import { ShapedArray } from "../core/aval.ts";
import { type DType, dtypeInfo, isComplex, isFloat, isInexact, isInteger, realDType } from "../core/dtypes.ts";
import { JaxTypeError, NotImplementedError } from "../core/errors.ts";
import { isLowp, isLowpInt, lowpBitWidth } from "../core/lowp.ts";
import type { NDArray } from "../core/ndarray.ts";
import {
  type BatchDim,
  getPrimitive,
  type NoParams,
  type Params,
  Primitive,
  type PrimitiveRules,
  type Tangent,
  UndefinedPrimal,
  Zero,
} from "../core/primitive.ts";
import { shapeEqual, shapeStr } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import { batchSize, matchBatch } from "./batching.ts";
import { broadcastInDimP } from "./broadcast.ts";
import { moveaxis } from "./layout.ts";
import { zeroJvp } from "./rule_pieces.ts";
import { allZero, constLike, instantiate } from "./zeros.ts";

// ---------- shared rule pieces ----------

/** Operands of one shape and one dtype, as lax's elementwise ops require (JAX's messages). */
export function sameShapeDtype(name: string, avals: ShapedArray[]): void {
  const a0 = avals[0];
  for (const a of avals) {
    if (!shapeEqual(a.shape, a0.shape)) {
      throw new JaxTypeError(`${name} got incompatible shapes for broadcasting: ${avals.map((x) => shapeStr(x.shape)).join(", ")}.`);
    }
    if (a.dtype !== a0.dtype) {
      throw new JaxTypeError(`${name} requires arguments to have the same dtypes, got ${avals.map((x) => x.dtype).join(", ")}.`);
    }
  }
}

/** Batch an elementwise primitive: line all batch dims up at 0. */
export function batchElementwise<P extends Params>(prim: Primitive<P>) {
  return (args: NDArray[], dims: BatchDim[], params: P): [NDArray[], BatchDim[]] => {
    const size = batchSize(args, dims);
    // If every batched operand already has its batch dim at the same place, keep it there.
    const first = dims.find((d) => d !== null)!;
    const target = dims.every((d) => d === null || d === first) ? first : 0;
    const moved = args.map((a, i) => matchBatch(a, dims[i], size, target));
    return [[bind1(prim, moved, params)], [target]];
  };
}

/** "inexact": float or complex; "real": any but complex (ordered comparisons, rem). */
type Kind = "float" | "inexact" | "real" | "int" | "any" | "bool" | "intOrBool";
function checkKind(name: string, a: ShapedArray, kind: Kind): void {
  const ok =
    kind === "any" ||
    (kind === "float" && isFloat(a.dtype)) ||
    (kind === "inexact" && isInexact(a.dtype)) ||
    (kind === "real" && !isComplex(a.dtype)) ||
    (kind === "int" && isInteger(a.dtype)) ||
    (kind === "bool" && a.dtype === "bool") ||
    (kind === "intOrBool" && (isInteger(a.dtype) || a.dtype === "bool"));
  if (!ok) {
    const want =
      kind === "float"
        ? "floating-point"
        : kind === "inexact"
          ? "floating-point or complex"
          : kind === "real"
            ? "integer, floating-point or boolean"
            : kind === "int"
              ? "integer"
              : kind === "intOrBool"
                ? "integer or boolean"
                : kind;
    throw new JaxTypeError(`${name} does not accept dtype ${a.dtype}. Accepted dtypes are subtypes of ${want}.`);
  }
}

interface UnaryOpts<P extends Params> {
  kind?: Kind;
  /** Output dtype if different (e.g. is_finite → bool). */
  outDtype?: DType;
  /** A complex operand gives its real dtype (abs). */
  realOut?: boolean;
  /** Tangent out given x, ans and the (nonzero) tangent. Omit for non-differentiable ops (zero tangent). */
  jvp?: (x: NDArray, ans: NDArray, t: NDArray, params: P) => NDArray;
  linear?: boolean;
  /** Refuses the sub-byte integers (int4, uint2, ...), as JAX's abs does. */
  noNarrowInts?: boolean;
}

/** A unary elementwise primitive that takes no params. */
function defUnary(name: string, opts: UnaryOpts<NoParams> = {}): Primitive<NoParams> {
  return defUnaryWith<NoParams>(name, opts);
}

/** A unary elementwise primitive with params of type P. */
function defUnaryWith<P extends Params>(name: string, opts: UnaryOpts<P> = {}): Primitive<P> {
  const kind = opts.kind ?? "any";
  const rules: PrimitiveRules<P> = {
    abstractEval([a]) {
      checkKind(name, a, kind);
      if (opts.noNarrowInts && isLowpInt(a.dtype))
        throw new JaxTypeError(
          `${name} does not accept dtype ${a.dtype}. Support for narrow-width integers is platform-dependent and limited to a few specific operations, e.g. basic arithmetic and type casting.`,
        );
      const out = opts.outDtype ?? (opts.realOut ? realDType(a.dtype) : a.dtype);
      return [new ShapedArray(a.shape, out, opts.outDtype ? false : a.weakType)];
    },
    jvp([x], [t], params) {
      const ans = bind1(prim, [x], params);
      if (!opts.jvp || t instanceof Zero) return [[ans], [new Zero(ans.aval.strongType())]];
      return [[ans], [opts.jvp(x, ans, t, params)]];
    },
    batch: (args, dims, params) => [[bind1(prim, args, params)], dims],
  };
  if (opts.linear) {
    rules.transpose = ([ct], _args, params) => [ct instanceof Zero ? ct : bind1(prim, [ct], params)];
  }
  const prim = new Primitive(name, rules);
  return prim;
}

interface BinaryOpts {
  kind?: Kind;
  outDtype?: DType;
  jvp?: (x: NDArray, y: NDArray, ans: NDArray, tx: Tangent, ty: Tangent) => NDArray | Zero;
  transpose?: PrimitiveRules<NoParams>["transpose"];
}

/** A binary elementwise primitive (none takes params). */
function defBinary(name: string, opts: BinaryOpts = {}): Primitive<NoParams> {
  const kind = opts.kind ?? "any";
  const rules: PrimitiveRules<NoParams> = {
    abstractEval(avals) {
      sameShapeDtype(name, avals);
      checkKind(name, avals[0], kind);
      const weak = avals.every((a) => a.weakType);
      return [new ShapedArray(avals[0].shape, opts.outDtype ?? avals[0].dtype, opts.outDtype ? false : weak)];
    },
    jvp([x, y], [tx, ty], params) {
      const ans = bind1(prim, [x, y], params);
      if (!opts.jvp || allZero([tx, ty])) return [[ans], [new Zero(ans.aval.strongType())]];
      return [[ans], [opts.jvp(x, y, ans, tx, ty)]];
    },
    transpose: opts.transpose,
  };
  const prim = new Primitive(name, rules);
  rules.batch = batchElementwise(prim);
  return prim;
}

// ---------- tiny internal wrappers (primitives applied directly) ----------
const b = (p: Primitive, ...xs: NDArray[]): NDArray => bind1(p, xs, {});
export const addI = (x: NDArray, y: NDArray) => b(addP, x, y);
export const subI = (x: NDArray, y: NDArray) => b(subP, x, y);
export const mulI = (x: NDArray, y: NDArray) => b(mulP, x, y);
export const divI = (x: NDArray, y: NDArray) => b(divP, x, y);
export const negI = (x: NDArray) => b(negP, x);
const c = constLike;
/** x * scalar constant, keeping x's dtype. */
const scale = (x: NDArray, k: number) => mulI(x, bcast(c(x, k), x));
/** Broadcast a 0-d constant to x's shape (primitives need equal shapes). */
export function bcast(s: NDArray, like: NDArray): NDArray {
  if (like.ndim === 0) return s;
  return bind1(broadcastInDimP, [s], { shape: [...like.shape], broadcast_dimensions: [] });
}

const one = (x: NDArray) => bcast(c(x, 1), x);

// ---------- arithmetic ----------

export const negP = defUnary("neg", { linear: true, jvp: (_x, _a, t) => negI(t) });

export const addP = defBinary("add", {
  jvp: (_x, _y, _a, tx, ty) => (tx instanceof Zero ? ty : ty instanceof Zero ? tx : addI(tx, ty)),
  transpose: ([ct]) => [ct, ct],
});

export const subP = defBinary("sub", {
  jvp: (_x, _y, _a, tx, ty) => (ty instanceof Zero ? tx : tx instanceof Zero ? negI(ty) : subI(tx, ty)),
  transpose: ([ct]) => [ct, ct instanceof Zero ? ct : negI(ct)],
});

export const mulP = defBinary("mul", {
  jvp: (x, y, _a, tx, ty) => {
    const l = tx instanceof Zero ? null : mulI(tx, y);
    const r = ty instanceof Zero ? null : mulI(x, ty);
    return l && r ? addI(l, r) : (l ?? r)!;
  },
  transpose: ([ct], [x, y]) => {
    if (ct instanceof Zero) return [null, null];
    if (x instanceof UndefinedPrimal && y instanceof UndefinedPrimal) {
      throw new Error("mul transpose: both operands linear (not a linear function)");
    }
    return x instanceof UndefinedPrimal ? [mulI(ct, y as NDArray), null] : [null, mulI(x as NDArray, ct)];
  },
});

export const divP = defBinary("div", {
  jvp: (x, y, ans, tx, ty) => {
    // JAX's: tx / y and (-ty · x) · y⁻² (its operations, so gradients round as JAX's do).
    const l = tx instanceof Zero ? null : divI(tx, y);
    const r = ty instanceof Zero ? null : mulI(mulI(negI(ty), x), bind1(integerPowP, [y], { y: -2 }));
    return l && r ? addI(l, r) : (l ?? r)!;
  },
  transpose: ([ct], [x, y]) => {
    if (y instanceof UndefinedPrimal) throw new Error("div transpose: denominator is linear (not a linear function)");
    void x;
    return [ct instanceof Zero ? ct : divI(ct, y), null];
  },
});

export const remP = defBinary("rem", {
  kind: "real",
  jvp: (x, y, _a, tx, ty) => {
    const l = tx instanceof Zero ? null : tx;
    const q = b(truncP, divI(x, y));
    const r = ty instanceof Zero ? null : negI(mulI(ty, q));
    return l && r ? addI(l, r) : (l ?? r)!;
  },
});

export const powP = defBinary("pow", {
  kind: "any",
  jvp: (x, y, ans, tx, ty) => {
    let l: NDArray | null = null;
    let r: NDArray | null = null;
    if (!(tx instanceof Zero)) {
      // y * x^(y-1); an integer y == 0 gives 0 there (JAX's convention), a float one does not (0^-1 → nan at x = 0).
      const ym1 = subI(y, one(y));
      const d = mulI(y, b(powP, x, ym1));
      if (isInexact(y.dtype)) l = mulI(tx, d);
      else {
        const yz = bind1(eqP, [y, bcast(c(y, 0), y)], {});
        l = mulI(tx, bind1(selectNP, [yz, d, bcast(c(d, 0), d)], {}));
      }
    }
    if (!(ty instanceof Zero)) {
      // log(x) * ans, with 0 where x == 0.
      const xz = bind1(eqP, [x, bcast(c(x, 0), x)], {});
      const safeX = bind1(selectNP, [xz, x, one(x)], {});
      r = mulI(ty, mulI(b(logP, safeX), ans));
    }
    return l && r ? addI(l, r) : (l ?? r)!;
  },
});

/**
 * JAX's max/min JVP: each tangent weighted by _balanced_eq (1 where its
 * operand is the answer, halved where the other one is too), the two
 * products summed.
 */
function minmaxJvp(x: NDArray, y: NDArray, ans: NDArray, tx: Tangent, ty: Tangent): NDArray {
  const weight = (a: NDArray, other: NDArray) => {
    const hit = bind1(selectNP, [bind1(eqP, [a, ans], {}), bcast(c(ans, 0), ans), bcast(c(ans, 1), ans)], {});
    return divI(hit, bind1(selectNP, [bind1(eqP, [other, ans], {}), bcast(c(ans, 1), ans), bcast(c(ans, 2), ans)], {}));
  };
  const l = tx instanceof Zero ? null : mulI(tx, weight(x, y));
  const r = ty instanceof Zero ? null : mulI(ty, weight(y, x));
  return l && r ? addI(l, r) : (l ?? r)!;
}
export const maxP = defBinary("max", { jvp: (...a) => minmaxJvp(...a) });
export const minP = defBinary("min", { jvp: (...a) => minmaxJvp(...a) });

export const atan2P = defBinary("atan2", {
  kind: "float",
  jvp: (x, y, _a, tx, ty) => {
    const denom = addI(mulI(x, x), mulI(y, y));
    const l = tx instanceof Zero ? null : mulI(tx, divI(y, denom));
    const r = ty instanceof Zero ? null : negI(mulI(ty, divI(x, denom)));
    return l && r ? addI(l, r) : (l ?? r)!;
  },
});

// JAX defines no derivative of nextafter: differentiating through it raises.
export const nextafterP = defBinary("nextafter", {
  kind: "float",
  jvp: () => {
    throw new NotImplementedError("Differentiation rule for 'nextafter' not implemented");
  },
});

// ---------- unary math ----------

export const signP = defUnary("sign");
export const floorP = defUnary("floor", { kind: "float" });
export const ceilP = defUnary("ceil", { kind: "float" });
/** rounding_method 0: away from zero; 1: to nearest even. */
export type RoundParams = { rounding_method: number };
export const roundP = defUnaryWith<RoundParams>("round", { kind: "float" });
export const truncP = defUnary("trunc", { kind: "float" });
export const isFiniteP = defUnary("is_finite", { kind: "float", outDtype: "bool" });
export const expP = defUnary("exp", { kind: "inexact", jvp: (_x, ans, t) => mulI(t, ans) });
export const exp2P = defUnary("exp2", { kind: "inexact", jvp: (_x, ans, t) => scale(mulI(t, ans), Math.LN2) });
export const logP = defUnary("log", { kind: "inexact", jvp: (x, _a, t) => divI(t, x) });
export const log1pP = defUnary("log1p", { kind: "inexact", jvp: (x, _a, t) => divI(t, addI(x, one(x))) });
export const expm1P = defUnary("expm1", { kind: "inexact", jvp: (_x, ans, t) => mulI(t, addI(ans, one(ans))) });
// The JVP rules below compute JAX's expressions in JAX's order, so that
// gradients round as JAX's do (cancellation can magnify one rounding).
// tanh's is the exception: JAX's (t + t·ans)·(1 - ans) keeps two residuals
// (ans and 1 - ans) where t·((1 - ans)(1 + ans)) keeps one, equally accurate
// near ±1 (1 - ans² was not); ans itself is not XLA's bits anyway.
export const tanhP = defUnary("tanh", {
  kind: "inexact",
  jvp: (_x, ans, t) => mulI(t, mulI(subI(one(ans), ans), addI(one(ans), ans))),
});
export const logisticP = defUnary("logistic", {
  kind: "inexact",
  jvp: (_x, ans, t) => mulI(t, mulI(ans, subI(one(ans), ans))),
});
export const sinP = defUnary("sin", { kind: "inexact", jvp: (x, _a, t) => mulI(t, b(cosP, x)) });
export const cosP = defUnary("cos", { kind: "inexact", jvp: (x, _a, t) => negI(mulI(t, b(sinP, x))) });
export const tanP = defUnary("tan", { kind: "inexact", jvp: (_x, ans, t) => mulI(t, addI(one(ans), mulI(ans, ans))) });
export const asinP = defUnary("asin", { kind: "inexact", jvp: (x, _a, t) => mulI(t, b(rsqrtP, subI(one(x), mulI(x, x)))) });
export const acosP = defUnary("acos", { kind: "inexact", jvp: (x, _a, t) => negI(mulI(t, b(rsqrtP, subI(one(x), mulI(x, x))))) });
export const atanP = defUnary("atan", { kind: "inexact", jvp: (x, _a, t) => divI(t, addI(one(x), mulI(x, x))) });
export const sinhP = defUnary("sinh", { kind: "inexact", jvp: (x, _a, t) => mulI(t, b(coshP, x)) });
export const coshP = defUnary("cosh", { kind: "inexact", jvp: (x, _a, t) => mulI(t, b(sinhP, x)) });
export const asinhP = defUnary("asinh", { kind: "inexact", jvp: (x, _a, t) => mulI(t, b(rsqrtP, addI(mulI(x, x), one(x)))) });
export const acoshP = defUnary("acosh", {
  kind: "inexact",
  jvp: (x, _a, t) => mulI(t, b(rsqrtP, subI(mulI(x, x), one(x)))),
});
export const atanhP = defUnary("atanh", {
  kind: "inexact",
  jvp: (x, _a, t) => mulI(divI(one(x), addI(one(x), x)), divI(t, subI(one(x), x))),
});
export const sqrtP = defUnary("sqrt", { kind: "inexact", jvp: (_x, ans, t) => mulI(t, divI(bcast(c(ans, 0.5), ans), ans)) });
export const rsqrtP = defUnary("rsqrt", { kind: "inexact", jvp: (x, ans, t) => mulI(t, scale(divI(ans, x), -0.5)) });
export const cbrtP = defUnary("cbrt", {
  kind: "float",
  jvp: (_x, ans, t) => mulI(t, mulI(bcast(c(ans, 1 / 3), ans), bind1(integerPowP, [ans], { y: -2 }))),
});
// JAX's complex abs jvp: real(t · conj(x) / |x|), |x| = 0 replaced by 1. real/conj are declared in complex.ts (which imports this module).
function complexAbsJvp(x: NDArray, ans: NDArray, t: NDArray): NDArray {
  const prim = (n: string) => getPrimitive(n)!;
  const zero = bind1(eqP, [ans, bcast(c(ans, 0), ans)], {});
  const safe = bind1(selectNP, [zero, ans, one(ans)], {});
  const safeC = bind1(convertElementTypeP, [safe], { new_dtype: x.dtype, weak_type: false });
  const conj = bind1(prim("conj"), [x], { input_dtype: x.dtype });
  return bind1(prim("real"), [mulI(t, divI(conj, safeC))], {});
}
// Real x as JAX: select(x >= 0, t, -t), so the derivative at 0 is 1.
export const absP = defUnary("abs", {
  realOut: true,
  noNarrowInts: true,
  jvp: (x, ans, t) => (isComplex(x.dtype) ? complexAbsJvp(x, ans, t) : b(selectNP, b(geP, x, bcast(c(x, 0), x)), negI(t), t)),
});
export const erfP = defUnary("erf", {
  kind: "float",
  jvp: (x, _a, t) => mulI(t, scale(b(expP, negI(mulI(x, x))), 2 / Math.sqrt(Math.PI))),
});
export const erfInvP = defUnary("erf_inv", {
  kind: "float",
  jvp: (_x, ans, t) => mulI(t, scale(b(expP, mulI(ans, ans)), Math.sqrt(Math.PI) / 2)),
});
export const lgammaP = defUnary("lgamma", { kind: "float", jvp: (x, _a, t) => mulI(t, b(digammaP, x)) });
// digamma' = polygamma(1, x); polygamma is declared in special.ts, which builds on this module, so look it up by name.
export const digammaP = defUnary("digamma", {
  kind: "float",
  jvp: (x, _a, t) => mulI(t, b(getPrimitive("polygamma")!, one(x), x)),
});
export const squareP = defUnary("square", { jvp: (x, _a, t) => mulI(t, scale(x, 2)) });
export const notP = defUnary("not", { kind: "intOrBool" });
export const copyP = defUnary("copy", { linear: true, jvp: (_x, _a, t) => b(copyP, t) });
export const populationCountP = defUnary("population_count", { kind: "int" });
export const clzP = defUnary("clz", { kind: "int" });

export type IntegerPowParams = { y: number };
export const integerPowP: Primitive<IntegerPowParams> = new Primitive("integer_pow", {
  abstractEval([a]) {
    return [a];
  },
  jvp([x], [t], params) {
    const ans = bind1(integerPowP, [x], params);
    if (t instanceof Zero) return [[ans], [new Zero(ans.aval.strongType())]];
    const y = params.y;
    const d: NDArray = y === 0 ? bcast(c(x, 0), x) : y === 1 ? one(x) : scale(bind1(integerPowP, [x], { y: y - 1 }), y);
    return [[ans], [mulI(t, d)]];
  },
  batch: (args, dims, params) => [[bind1(integerPowP, args, params)], dims],
});

// ---------- comparisons, logic, bits ----------

export const eqP = defBinary("eq", { outDtype: "bool" });
export const neP = defBinary("ne", { outDtype: "bool" });
export const ltP = defBinary("lt", { kind: "real", outDtype: "bool" });
export const leP = defBinary("le", { kind: "real", outDtype: "bool" });
export const gtP = defBinary("gt", { kind: "real", outDtype: "bool" });
export const geP = defBinary("ge", { kind: "real", outDtype: "bool" });
export const andP = defBinary("and", { kind: "intOrBool" });
export const orP = defBinary("or", { kind: "intOrBool" });
export const xorP = defBinary("xor", { kind: "intOrBool" });
export const shiftLeftP = defBinary("shift_left", { kind: "int" });
export const shiftRightLogicalP = defBinary("shift_right_logical", { kind: "int" });
export const shiftRightArithmeticP = defBinary("shift_right_arithmetic", { kind: "int" });
export const mulhiP = defBinary("mulhi", { kind: "int" });

// ---------- select_n, clamp ----------

/** select_n(pred, *cases): cases[pred]; pred bool (2 cases) or an integer. */
export const selectNP: Primitive<NoParams> = new Primitive("select_n", {
  abstractEval([p, ...cases]) {
    if (cases.length === 0) throw new JaxTypeError("select_n requires at least one case");
    sameShapeDtype("select_n", cases);
    // Any integer index, as JAX's (jnp.select passes argmax's int64 under x64).
    if (p.dtype !== "bool" && !isInteger(p.dtype))
      throw new JaxTypeError(`select \`which\` must be boolean or integer type, got ${p.dtype}.`);
    if (p.ndim !== 0 && !shapeEqual(p.shape, cases[0].shape)) {
      throw new JaxTypeError(
        `select_n predicate shape must be () or equal to the case shape ${shapeStr(cases[0].shape)}; got ${shapeStr(p.shape)}`,
      );
    }
    return [cases[0].withWeak(cases.every((x) => x.weakType))];
  },
  jvp([p, ...cases], [_tp, ...tcases], params) {
    const ans = bind1(selectNP, [p, ...cases], params);
    if (allZero(tcases)) return [[ans], [new Zero(ans.aval.strongType())]];
    return [[ans], [bind1(selectNP, [p, ...tcases.map(instantiate)], params)]];
  },
  transpose([ct], [p, ...cases], params) {
    if (p instanceof UndefinedPrimal) throw new Error("select_n transpose: predicate cannot be linear");
    if (ct instanceof Zero) return [null, ...cases.map(() => null)];
    const z = bcast(c(ct, 0), ct);
    return [
      null,
      ...cases.map((x, i) => {
        if (!(x instanceof UndefinedPrimal)) return null;
        const branches = cases.map((_, j) => (j === i ? ct : z));
        return bind1(selectNP, [p as NDArray, ...branches], params);
      }),
    ];
  },
  batch(args, dims) {
    const size = batchSize(args, dims);
    const [p, ...cases] = args;
    const [pd, ...cd] = dims;
    const caseShape = unbatchedShape(cases[0], cd[0]);
    // A scalar unbatched predicate can stay scalar.
    if (pd === null && p.ndim === 0) {
      return [[bind1(selectNP, [p, ...cases.map((x, i) => toFullBatched(x, cd[i], size, caseShape))], {})], [0]];
    }
    const moved = [p, ...cases].map((x, i) => toFullBatched(x, dims[i], size, caseShape));
    return [[bind1(selectNP, moved, {})], [0]];
  },
});

function unbatchedShape(x: NDArray, d: BatchDim): number[] {
  return d === null ? [...x.shape] : x.shape.filter((_, k) => k !== d);
}

/** x with its batch dim at 0 and the full (batch, ...shape) shape, broadcasting scalars. */
function toFullBatched(x: NDArray, d: BatchDim, size: number, shape: readonly number[]): NDArray {
  if (d === null) return matchBatch(bcastShape(x, shape), null, size, 0);
  const moved = moveaxis(x, d, 0);
  if (moved.ndim === 1 && shape.length > 0) {
    return bind1(broadcastInDimP, [moved], { shape: [size, ...shape], broadcast_dimensions: [0] });
  }
  return moved;
}

export const clampP: Primitive<NoParams> = new Primitive("clamp", {
  abstractEval([lo, x, hi]) {
    for (const [nm, a] of [
      ["min", lo],
      ["max", hi],
    ] as const) {
      if (a.dtype !== x.dtype) {
        throw new JaxTypeError(`clamp requires ${nm} and operand to have the same dtype, got ${a.dtype} and ${x.dtype}`);
      }
      if (a.ndim !== 0 && !shapeEqual(a.shape, x.shape)) {
        throw new JaxTypeError(
          `clamp requires ${nm} shape to be () or equal to the operand shape; ` +
            `got ${nm} shape ${shapeStr(a.shape)} and operand shape ${shapeStr(x.shape)}`,
        );
      }
    }
    return [x];
  },
  jvp([lo, x, hi], [tlo, tx, thi]) {
    const ans = bind1(clampP, [lo, x, hi], {});
    const full = (v: NDArray) => (v.ndim === 0 && x.ndim > 0 ? bcast(v, x) : v);
    const lob = full(lo);
    const hib = full(hi);
    const z = bcast(c(x, 0), x);
    const below = bind1(ltP, [x, lob], {});
    const above = bind1(gtP, [x, hib], {});
    let t: NDArray = bind1(selectNP, [bind1(orP, [below, above], {}), tx instanceof Zero ? z : tx, z], {});
    if (!(tlo instanceof Zero)) t = addI(t, bind1(selectNP, [below, z, full(tlo)], {}));
    if (!(thi instanceof Zero)) t = addI(t, bind1(selectNP, [above, z, full(thi)], {}));
    return [[ans], [allZero([tlo, tx, thi]) ? new Zero(ans.aval) : t]];
  },
  batch(args, dims) {
    const size = batchSize(args, dims);
    const xShape = unbatchedShape(args[1], dims[1]);
    const prep = (v: NDArray, d: BatchDim) => (d === null && v.ndim === 0 ? v : toFullBatched(v, d, size, xShape));
    return [[bind1(clampP, [prep(args[0], dims[0]), toFullBatched(args[1], dims[1], size, xShape), prep(args[2], dims[2])], {})], [0]];
  },
});

function bcastShape(x: NDArray, shape: readonly number[]): NDArray {
  if (shapeEqual(x.shape, shape)) return x;
  return bind1(broadcastInDimP, [x], { shape: [...shape], broadcast_dimensions: [] });
}

// ---------- conversions ----------

export type ConvertElementTypeParams = { new_dtype: DType; weak_type: boolean };
export const convertElementTypeP: Primitive<ConvertElementTypeParams> = new Primitive("convert_element_type", {
  abstractEval([a], params) {
    return [new ShapedArray(a.shape, params.new_dtype, params.weak_type)];
  },
  jvp([x], [t], params) {
    const ans = bind1(convertElementTypeP, [x], params);
    const nd = params.new_dtype;
    if (t instanceof Zero || !isInexact(nd) || !isInexact(x.dtype)) return [[ans], [new Zero(ans.aval.strongType())]];
    return [[ans], [bind1(convertElementTypeP, [t], { new_dtype: nd, weak_type: false })]];
  },
  transpose([ct], [x], _params) {
    if (ct instanceof Zero) return [null];
    const aval = (x as UndefinedPrimal).aval;
    return [bind1(convertElementTypeP, [ct], { new_dtype: aval.dtype, weak_type: false })];
  },
  batch: (args, dims, params) => [[bind1(convertElementTypeP, args, params)], dims],
  printParams: (p) => `new_dtype=${p.new_dtype} weak_type=${p.weak_type ? "True" : "False"}`,
});

export type BitcastConvertTypeParams = { new_dtype: DType };
export const bitcastConvertTypeP: Primitive<BitcastConvertTypeParams> = new Primitive("bitcast_convert_type", {
  abstractEval([a], params) {
    const nd = params.new_dtype;
    const size = (d: DType) => (isLowp(d) ? lowpBitWidth(d) / 8 : dtypeInfo(d).itemsize);
    if (size(nd) !== size(a.dtype)) {
      throw new JaxTypeError(`bitcast_convert_type between types of different widths (${a.dtype} → ${nd}) is not supported`);
    }
    return [new ShapedArray(a.shape, nd, false)];
  },
  // Reinterpreted bits have no derivative: a zero tangent (JAX's ad.defjvp_zero).
  jvp: (...a) => zeroJvp(bitcastConvertTypeP)(...a),
  batch: (args, dims, params) => [[bind1(bitcastConvertTypeP, args, params)], dims],
});
