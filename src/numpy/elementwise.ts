// jnp elementwise functions: promotion + broadcasting, then lax primitives.
import { shapeEqual } from "../core/shape.ts";
import { compiledElementwise } from "../transforms/eager_compiled.ts";
import { customJvp } from "../transforms/custom_jvp.ts";
import { freeTemps } from "../core/array_impl.ts";
import {
  type DTypeLike,
  canonicalize,
  defaultInt,
  isComplex,
  isFloat,
  isInteger,
  isUnsigned,
  parseDType,
  realDType,
} from "../core/dtypes.ts";
import { complexP, imagP, realP } from "../lax/complex.ts";
import { warn } from "../core/warn.ts";
import { describe } from "../core/describe.ts";
import { JaxTypeError, NotImplementedError, ValueError } from "../core/errors.ts";
import { checkInt } from "../core/scalar_args.ts";
import { checkOptions, isPlainObject } from "../core/options.ts";
import { type ArrayLike, NDArray } from "../core/ndarray.ts";
import type { Primitive } from "../core/primitive.ts";
import { bind1 } from "../core/trace.ts";
import { rejectBool } from "../lax/api_args.ts";
import * as E from "../lax/elementwise.ts";
import { full } from "../lax/helpers.ts";
import { asArray, broadcastShapesNamed, broadcastTo, promoteArgs, promoteToFloat } from "./util.ts";

const b1 = (p: Primitive, ...xs: NDArray[]) => bind1(p, xs, {});

/** op(a, b) on promoted operands, freeing the promoted copies once it ran (eagerly). */
function consume(x: ArrayLike, y: ArrayLike, a: NDArray, b: NDArray, r: NDArray): NDArray {
  freeTemps(r, [a, b], [x, y]);
  return r;
}

/** Operand shapes differ (a JS number is rank 0): eagerly, the broadcast is fused into one compiled kernel. */
function broadcasts(x: ArrayLike, y: ArrayLike): boolean {
  if (!plainOperands(x, y)) return false;
  const [sx, sy] = [x, y].map((v) => (v instanceof NDArray ? v.shape : []));
  return !shapeEqual(sx, sy);
}

/** Operands a jitted composite can take as they are: arrays and finite JS numbers. */
function plainOperands(...xs: unknown[]): boolean {
  return xs.every((v) => v instanceof NDArray || (typeof v === "number" && Number.isFinite(v)));
}

type Binary = (x: ArrayLike, y: ArrayLike) => NDArray;

/** A jnp binary function: promotion and broadcasting, then the primitive (see eager_compiled.ts); ufuncs.ts adds JAX's ufunc methods. */
function ufunc(body: Binary): Binary {
  return compiledElementwise(body, [], broadcasts, "large");
}

function binary(name: string, p: Primitive): Binary {
  return ufunc((x: ArrayLike, y: ArrayLike): NDArray => {
    const [a, b] = promoteArgs(name, x, y);
    return consume(x, y, a, b, b1(p, a, b));
  });
}
function floatUnary(name: string, p: Primitive) {
  return (x: ArrayLike): NDArray => b1(p, promoteToFloat(name, x)[0]);
}
function anyUnary(name: string, p: Primitive) {
  return (x: ArrayLike): NDArray => b1(p, asArray(x, `${name} argument`));
}

export const add = ufunc((x: ArrayLike, y: ArrayLike): NDArray => {
  const [a, b] = promoteArgs("add", x, y);
  return consume(x, y, a, b, a.dtype === "bool" ? b1(E.orP, a, b) : b1(E.addP, a, b));
});
export const subtract = ufunc((x: ArrayLike, y: ArrayLike): NDArray => {
  const [a, b] = promoteArgs("subtract", x, y);
  return consume(x, y, a, b, b1(E.subP, rejectBool("sub", a), b));
});
export const multiply = ufunc((x: ArrayLike, y: ArrayLike): NDArray => {
  const [a, b] = promoteArgs("multiply", x, y);
  return consume(x, y, a, b, a.dtype === "bool" ? b1(E.andP, a, b) : b1(E.mulP, a, b));
});
export const trueDivide = ufunc((x: ArrayLike, y: ArrayLike): NDArray => {
  const [a, b] = promoteToFloat("true_divide", x, y);
  return consume(x, y, a, b, b1(E.divP, a, b));
});
export const divide = trueDivide;

function zerosOf(x: NDArray): NDArray {
  return full(x.shape, 0, x.dtype, x.weakType);
}

export const floorDivide = (x: ArrayLike, y: ArrayLike): NDArray => {
  const [a, b] = promoteArgs("floor_divide", x, y);
  if (isFloat(a.dtype)) return b1(E.floorP, b1(E.divP, a, b));
  if (isUnsigned(a.dtype) || a.dtype === "bool") return b1(E.divP, a, b);
  // Round toward -inf: subtract one where signs differ and the division is inexact (sign, as JAX: x // 0 is -2 for x != 0).
  const q = b1(E.divP, a, b);
  const r = b1(E.remP, a, b);
  const z = zerosOf(a);
  // sign() as JAX compares it: a zero divisor counts as differing from a nonzero dividend.
  const signsDiffer = b1(E.neP, b1(E.signP, a), b1(E.signP, b));
  const inexact = b1(E.neP, r, z);
  return bind1(E.selectNP, [b1(E.andP, signsDiffer, inexact), q, b1(E.subP, q, full(q.shape, 1, q.dtype, q.weakType))], {});
};

export const remainder = (x: ArrayLike, y: ArrayLike): NDArray => {
  const [a, b0] = promoteArgs("remainder", x, y);
  let b = b0;
  const z = zerosOf(a);
  // x % 0 is 0 for integers, as in JAX (which divides by one there).
  if (isInteger(a.dtype)) b = bind1(E.selectNP, [b1(E.eqP, b, z), b, full(b.shape, 1, b.dtype, b.weakType)], {});
  if (isUnsigned(a.dtype)) return b1(E.remP, a, b);
  // Python's modulo: the result takes the sign of the divisor.
  const r = b1(E.remP, a, b);
  const fix = b1(E.andP, b1(E.neP, r, z), b1(E.neP, b1(E.ltP, r, z), b1(E.ltP, b, z)));
  return bind1(E.selectNP, [fix, r, b1(E.addP, r, b)], {});
};
export const mod = remainder;
export const fmod = binary("fmod", E.remP);

/** JAX's numeric promotion of one operand: a bool array computes as the default int (square, power). */
const numericOperand = (a: NDArray): NDArray => (a.dtype === "bool" ? astype(a, defaultInt()) : a);

export const power = (x: ArrayLike, y: ArrayLike): NDArray => {
  // A static integer exponent uses integer_pow (exact, differentiable at 0), as jnp does.
  if (typeof y === "number" && Number.isInteger(y) && Math.abs(y) <= 2 ** 31) {
    const a = numericOperand(asArray(x, "power argument 0"));
    if (isInteger(a.dtype) && y < 0) throw new JaxTypeError("Integers to negative integer powers are not allowed.");
    return bind1(E.integerPowP, [a], { y });
  }
  const [a, b] = promoteArgs("power", x, y).map(numericOperand);
  return b1(E.powP, a, b);
};
export const pow = power;

export const negative = (x: ArrayLike): NDArray => {
  return b1(E.negP, rejectBool("neg", asArray(x, "negative argument")));
};
export const positive = (x: ArrayLike): NDArray => asArray(x);
export const abs = (x: ArrayLike): NDArray => {
  const a = asArray(x, "abs argument");
  return isUnsigned(a.dtype) || a.dtype === "bool" ? a : b1(E.absP, a);
};
export const absolute = abs;
export const sign = (x: ArrayLike): NDArray => b1(E.signP, rejectBool("sign", asArray(x, "sign argument")));

function intPassthrough(name: string, p: Primitive) {
  return (x: ArrayLike): NDArray => {
    const a = asArray(x, `${name} argument`);
    // Complex operands reach the primitive, which rejects them as JAX does.
    return isFloat(a.dtype) || isComplex(a.dtype) ? b1(p, a) : a;
  };
}
export const floor = intPassthrough("floor", E.floorP);
export const ceil = intPassthrough("ceil", E.ceilP);
export const trunc = intPassthrough("trunc", E.truncP);
export const round = (x: ArrayLike, decimals = 0): NDArray => {
  const a = asArray(x, "round argument");
  checkInt(decimals, "round: decimals");
  if (isComplex(a.dtype)) return b1(complexP, round(b1(realP, a), decimals), round(b1(imagP, a), decimals));
  if (a.dtype === "bool")
    throw new ValueError("round: data type bool is not inexact (as JAX's jnp.round, which takes numbers, not booleans)");
  if (!isFloat(a.dtype)) {
    if (decimals < 0) throw new NotImplementedError("integer np.round not implemented for decimals < 0");
    return a;
  }
  if (decimals === 0) return bind1(E.roundP, [a], { rounding_method: 1 });
  const f = full(a.shape, 10 ** decimals, a.dtype);
  return b1(E.divP, bind1(E.roundP, [b1(E.mulP, a, f)], { rounding_method: 1 }), f);
};
export const around = round;
export const rint = (x: ArrayLike): NDArray => round(x);

export const exp = floatUnary("exp", E.expP);
export const exp2 = floatUnary("exp2", E.exp2P);
export const expm1 = floatUnary("expm1", E.expm1P);
export const log = floatUnary("log", E.logP);
export const log1p = floatUnary("log1p", E.log1pP);
export const log2 = (x: ArrayLike): NDArray => {
  const a = promoteToFloat("log2", x)[0];
  return b1(E.divP, b1(E.logP, a), full(a.shape, Math.LN2, a.dtype));
};
export const log10 = (x: ArrayLike): NDArray => {
  const a = promoteToFloat("log10", x)[0];
  return b1(E.divP, b1(E.logP, a), full(a.shape, Math.LN10, a.dtype));
};
export const sqrt = floatUnary("sqrt", E.sqrtP);
export const rsqrt = floatUnary("rsqrt", E.rsqrtP);
export const cbrt = floatUnary("cbrt", E.cbrtP);
export const square = (x: ArrayLike): NDArray => bind1(E.integerPowP, [numericOperand(asArray(x, "square argument"))], { y: 2 });
export const reciprocal = (x: ArrayLike): NDArray => {
  const a = promoteToFloat("reciprocal", x)[0];
  return b1(E.divP, full(a.shape, 1, a.dtype, a.weakType), a);
};
export const sin = floatUnary("sin", E.sinP);
export const cos = floatUnary("cos", E.cosP);
export const tan = floatUnary("tan", E.tanP);
export const arcsin = floatUnary("arcsin", E.asinP);
export const arccos = floatUnary("arccos", E.acosP);
export const arctan = floatUnary("arctan", E.atanP);
export const sinh = floatUnary("sinh", E.sinhP);
export const cosh = floatUnary("cosh", E.coshP);
export const tanh = floatUnary("tanh", E.tanhP);
export const arcsinh = floatUnary("arcsinh", E.asinhP);
export const arccosh = floatUnary("arccosh", E.acoshP);
export const arctanh = floatUnary("arctanh", E.atanhP);
export const arctan2 = (x: ArrayLike, y: ArrayLike): NDArray => {
  const [a, b] = promoteToFloat("arctan2", x, y);
  return b1(E.atan2P, a, b);
};

export const maximum = binary("maximum", E.maxP);
export const minimum = binary("minimum", E.minP);

export const equal = binary("equal", E.eqP);
export const notEqual = binary("not_equal", E.neP);
export const greater = binary("greater", E.gtP);
export const greaterEqual = binary("greater_equal", E.geP);
export const less = binary("less", E.ltP);
export const lessEqual = binary("less_equal", E.leP);

function toBool(x: ArrayLike, name: string): NDArray {
  const a = asArray(x, `${name} argument`);
  return a.dtype === "bool" ? a : b1(E.neP, a, full(a.shape, 0, a.dtype));
}
function logical(name: string, p: Primitive) {
  return (x: ArrayLike, y: ArrayLike): NDArray => {
    const [a, b] = promoteArgs(name, toBool(x, name), toBool(y, name));
    return b1(p, a, b);
  };
}
export const logicalAnd = logical("logical_and", E.andP);
export const logicalOr = logical("logical_or", E.orP);
export const logicalXor = logical("logical_xor", E.xorP);
export const logicalNot = (x: ArrayLike): NDArray => b1(E.notP, toBool(x, "logical_not"));

function bitwise(name: string, p: Primitive) {
  return (x: ArrayLike, y: ArrayLike): NDArray => {
    const [a, b] = promoteArgs(name, x, y);
    return b1(p, a, b);
  };
}
export const bitwiseAnd = bitwise("bitwise_and", E.andP);
export const bitwiseOr = bitwise("bitwise_or", E.orP);
export const bitwiseXor = bitwise("bitwise_xor", E.xorP);
export const bitwiseNot = anyUnary("bitwise_not", E.notP);
export const invert = bitwiseNot;

export const isfinite = (x: ArrayLike): NDArray => {
  const a = asArray(x, "isfinite argument");
  if (isComplex(a.dtype)) return b1(E.andP, b1(E.isFiniteP, b1(realP, a)), b1(E.isFiniteP, b1(imagP, a)));
  return isFloat(a.dtype) ? b1(E.isFiniteP, a) : full(a.shape, 1, "bool");
};
export const isnan = (x: ArrayLike): NDArray => {
  const a = asArray(x, "isnan argument");
  return isFloat(a.dtype) || isComplex(a.dtype) ? b1(E.neP, a, a) : full(a.shape, 0, "bool");
};
export const isinf = (x: ArrayLike): NDArray => {
  const a = asArray(x, "isinf argument");
  if (isComplex(a.dtype)) return b1(E.eqP, b1(E.absP, a), full(a.shape, Infinity, realDType(a.dtype)));
  if (!isFloat(a.dtype)) return full(a.shape, 0, "bool");
  return b1(E.eqP, b1(E.absP, a), full(a.shape, Infinity, a.dtype));
};

/** The one-argument where (nonzero), set by searching.ts (which imports this file). */
export const whereHooks: { nonzero?: (cond: ArrayLike, opts: { size?: number; fillValue?: ArrayLike | ArrayLike[] }) => NDArray[] } = {};

/** jnp.where(cond, x, y); `where(cond, {size, fillValue})` is nonzero(cond, ...). */
export function where(cond: ArrayLike, opts?: { size?: number; fillValue?: ArrayLike | ArrayLike[] }): NDArray[];
export function where(cond: ArrayLike, x: ArrayLike, y: ArrayLike): NDArray;
export function where(
  cond: ArrayLike,
  x?: ArrayLike | { size?: number; fillValue?: ArrayLike | ArrayLike[] },
  y?: ArrayLike,
): NDArray | NDArray[] {
  const isOpts = isPlainObject(x);
  if ((x === undefined || isOpts) && y === undefined && whereHooks.nonzero) {
    const o = checkOptions((x ?? {}) as { size?: number; fillValue?: ArrayLike | ArrayLike[] }, "where", ["size", "fillValue"]);
    return whereHooks.nonzero(cond, o);
  }
  if (x === undefined && y === undefined) {
    throw new JaxTypeError("where requires three arguments (condition, x, y), or the condition alone.");
  }
  if (x === undefined || y === undefined) {
    throw new ValueError(
      `Either both or neither of the x and y arguments should be provided to jax.numpy.where, got ${describe(x)} and ${describe(y)}.`,
    );
  }
  const c = toBool(cond, "where condition");
  const [a, b] = promoteArgs("where", x as ArrayLike, y);
  const shape = broadcastShapesNamed("where", [c.shape, a.shape, b.shape]);
  return bind1(E.selectNP, [broadcastTo(c, shape), broadcastTo(b, shape), broadcastTo(a, shape)], {});
}

export const clip = (x: ArrayLike, min?: ArrayLike | null, max?: ArrayLike | null): NDArray => {
  let r = asArray(x, "clip argument");
  const lo = min === undefined || min === null ? null : asArray(min, "clip min");
  const hi = max === undefined || max === null ? null : asArray(max, "clip max");
  broadcastShapesNamed(
    "clip",
    [r, lo, hi].filter((v) => v !== null).map((v) => v.shape),
  );
  if ([r, lo, hi].some((v) => v !== null && isComplex(v.dtype))) {
    throw new ValueError(
      "Clip received a complex value either through the input or the min/max keywords. Complex values have no ordering and cannot be clipped. Please convert to a real value or array by taking the real or imaginary components via jax.numpy.real/imag respectively.",
    );
  }
  if (lo) r = maximum(r, lo);
  if (hi) r = minimum(r, hi);
  return r;
};

export const astype = (x: ArrayLike, dtype: DTypeLike): NDArray => {
  const a = asArray(x, "astype argument");
  dtype = canonicalize(parseDType(dtype, "astype dtype"));
  if (a.dtype === dtype && !a.weakType) return a;
  if (isComplex(a.dtype) && !isComplex(dtype)) warn("ComplexWarning: Casting complex values to real discards the imaginary part");
  return bind1(E.convertElementTypeP, [a], { new_dtype: dtype, weak_type: false });
};

export const signbit = (x: ArrayLike): NDArray => {
  const a = asArray(x);
  if (a.dtype === "bool") return full(a.shape, 0, "bool");
  if (isComplex(a.dtype)) throw new ValueError(`jax.numpy.signbit is not well defined for ${a.dtype}`);
  const neg = b1(E.ltP, a, full(a.shape, 0, a.dtype));
  if (!isFloat(a.dtype)) return neg;
  // The sign bit itself, so -0.0 (and -nan) count as negative.
  if (a.dtype === "float32") {
    const bits = bind1(E.bitcastConvertTypeP, [a], { new_dtype: "int32" });
    return b1(E.ltP, bits, full(a.shape, 0, "int32"));
  }
  const zero = b1(E.eqP, a, full(a.shape, 0, a.dtype));
  const negZero = b1(E.andP, zero, b1(E.ltP, b1(E.divP, full(a.shape, 1, a.dtype), a), full(a.shape, 0, a.dtype)));
  return b1(E.orP, neg, negZero);
};
export const deg2rad = (x: ArrayLike): NDArray => multiply(promoteToFloat("deg2rad", x)[0], Math.PI / 180);
export const rad2deg = (x: ArrayLike): NDArray => multiply(promoteToFloat("rad2deg", x)[0], 180 / Math.PI);
export const hypot = compiledElementwise(
  (x: ArrayLike, y: ArrayLike): NDArray => {
    const [a0, b0] = promoteToFloat("hypot", x, y);
    // Scaled as JAX's: big * sqrt(1 + (small/big)^2) neither overflows nor underflows.
    const [p, q] = [absolute(a0), absolute(b0)];
    const big = maximum(p, q);
    const small = minimum(p, q);
    const zero = equal(big, 0);
    const r = where(zero, big, multiply(big, sqrt(add(1, square(divide(small, where(zero, 1, big)))))));
    return where(logicalOr(isinf(p), isinf(q)), Infinity, r);
  },
  [],
  plainOperands,
);
/**
 * The complex branch of JAX's logaddexp and logaddexp2: amax + scale *
 * log1p(pow(x1 + x2 - 2 amax)), amax the lexicographic maximum, the phase
 * wrapped into [-period, period) as JAX's _wrap_between.
 */
export function complexLogAddExp(a: NDArray, b: NDArray, pow: (x: NDArray) => NDArray, scale: number, period: number): NDArray {
  const amax = maximum(a, b);
  const out = add(amax, multiply(scale, log1p(pow(subtract(add(a, b), multiply(amax, 2))))));
  const phase = bind1(imagP, [out], {});
  const half = full(phase.shape, period, phase.dtype);
  const twice = full(phase.shape, 2 * period, phase.dtype);
  let rem = bind1(E.remP, [add(phase, half), twice], {});
  rem = where(less(rem, 0), add(rem, twice), rem);
  return bind1(complexP, [bind1(realP, [out], {}), subtract(rem, half)], {});
}

/** v with +inf read as 0 (JAX's _replace_inf: the real part compared, for complex v). */
export function replaceInf(v: NDArray): NDArray {
  const re = isComplex(v.dtype) ? bind1(realP, [v], {}) : v;
  return where(equal(re, Infinity), full(v.shape, 0, v.dtype), v);
}

// JAX's logaddexp: a custom_jvp whose tangent weights are exp(x - out) with
// +inf read as 0, so the gradient at (inf, inf) is (1, 1).
const logaddexpCustom = customJvp(function logaddexp(a: NDArray, b: NDArray): NDArray {
  if (isComplex(a.dtype)) return complexLogAddExp(a, b, exp, 1, Math.PI);
  const delta = subtract(a, b);
  return where(isnan(delta), add(a, b), add(maximum(a, b), log1p(exp(negative(absolute(delta))))));
});
logaddexpCustom.defjvp(function _logaddexp_jvp([a, b]: NDArray[], [ta, tb]: NDArray[]) {
  const out = logaddexpCustom(a, b);
  const noPosInf = replaceInf;
  const w = (v: NDArray) => exp(subtract(noPosInf(v), noPosInf(out)));
  return [out, add(multiply(ta, w(a)), multiply(tb, w(b)))];
});
export const logaddexp = compiledElementwise(
  (x: ArrayLike, y: ArrayLike): NDArray => {
    const [a, b] = promoteToFloat("logaddexp", x, y);
    return logaddexpCustom(a, b);
  },
  [],
  plainOperands,
);
