// More of jnp's elementwise math: the array-API aliases (acos, atan2, ...),
// sign and exponent surgery (copysign, frexp, ldexp, modf, spacing,
// nextafter), integer helpers (gcd, lcm, shifts, bit counts), and NaN
// handling (fmax, fmin, nanToNum), each with JAX's promotion rules.
import { compiledElementwise } from "../transforms/eager_compiled.ts";
import { customJvp } from "../transforms/custom_jvp.ts";
import { jvp } from "../transforms/autodiff.ts";
import { isComplex, isFloat, isInteger, isUnsigned, type DType } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { checkOptions } from "../core/options.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { bind1 } from "../core/trace.ts";
import * as E from "../lax/elementwise.ts";
import { full } from "../lax/helpers.ts";
import { whileLoop } from "../lax/control/index.ts";
import * as el from "./elementwise.ts";
import { I0E_A, I0E_B } from "../core/cephes_tables.ts";
import { any as anyR, cumsum, cumprod } from "./reductions.ts";
import { broadcastArrays, concatenate } from "./shape.ts";
import { asArray, promoteArgs, promoteToFloat } from "./util.ts";
import { finfo } from "./dtype_info.ts";

const b1 = (p: Parameters<typeof bind1>[0], ...xs: NDArray[]) => bind1(p, xs, {});
/** JAX's _const(x, v): v in x's dtype, weakly typed only where x is a weakly typed scalar (a larger weak array gets a strong constant). */
const like = (x: NDArray, v: number): NDArray => full(x.shape, v, x.dtype, x.weakType && x.ndim === 0);

// ---- aliases (NumPy 2 / array API names) ----
export const acos = el.arccos;
export const acosh = el.arccosh;
export const asin = el.arcsin;
export const asinh = el.arcsinh;
export const atan = el.arctan;
export const atanh = el.arctanh;
export const atan2 = el.arctan2;
export const degrees = el.rad2deg;
export const radians = el.deg2rad;
export const bitwiseInvert = el.bitwiseNot;

/** jnp.fabs: abs after promotion to an inexact dtype. */
export const fabs = (x: ArrayLike): NDArray => el.abs(promoteToFloat("fabs", x)[0]);

/** jnp.float_power: power in an inexact dtype. */
export const floatPower = (x: ArrayLike, y: ArrayLike): NDArray => {
  const [a, b] = promoteToFloat("float_power", x, y);
  return b1(E.powP, a, b);
};

/** jnp.copysign(x1, x2): |x1| with the sign bit of x2. */
export const copysign = (x1: ArrayLike, x2: ArrayLike): NDArray => {
  const [a, b] = promoteToFloat("copysign", x1, x2);
  const m = el.abs(a);
  return el.where(el.signbit(b), el.negative(m), m);
};

/** jnp.heaviside(x1, x2): 0 below zero, 1 above, x2 at zero (NaN stays NaN). */
export const heaviside = (x1: ArrayLike, x2: ArrayLike): NDArray => {
  const [a, b] = promoteToFloat("heaviside", x1, x2);
  const z = like(a, 0);
  return el.where(el.less(a, z), z, el.where(el.greater(a, z), like(a, 1), el.where(el.isnan(a), a, b)));
};

/** jnp.sinc: sin(πx)/(πx), 1 at 0. */
export const sinc = (x: ArrayLike): NDArray => {
  const a = promoteToFloat("sinc", x)[0];
  const isZero = el.equal(a, like(a, 0));
  const pix = el.multiply(like(a, Math.PI), a);
  const safe = el.where(isZero, like(a, 1), pix);
  return el.where(isZero, el.add(el.multiply(pix, like(a, 0)), like(a, 1)), el.divide(el.sin(safe), safe));
};

/** jnp.fmax: maximum that ignores NaNs (NaN only where both are NaN). */
export const fmax = (x1: ArrayLike, x2: ArrayLike): NDArray => {
  const [a, b] = promoteArgs("fmax", x1, x2);
  return el.where(el.logicalOr(el.less(a, b), el.isnan(a)), b, a);
};
/** jnp.fmin: minimum that ignores NaNs. */
export const fmin = (x1: ArrayLike, x2: ArrayLike): NDArray => {
  const [a, b] = promoteArgs("fmin", x1, x2);
  return el.where(el.logicalOr(el.greater(a, b), el.isnan(a)), b, a);
};

// JAX's logaddexp2: a custom_jvp whose tangent weights are 2**(x - out) with
// +inf read as 0 (equal arguments get half each, as logaddexp's).
const logaddexp2Custom = customJvp(function logaddexp2(a: NDArray, b: NDArray): NDArray {
  if (isComplex(a.dtype)) return el.complexLogAddExp(a, b, el.exp2, 1 / Math.LN2, Math.PI / Math.LN2);
  const amax = el.maximum(a, b);
  const delta = el.subtract(a, b);
  const tail = el.multiply(like(amax, 1 / Math.LN2), el.log1p(el.exp2(el.negative(el.abs(delta)))));
  return el.where(el.isnan(delta), el.add(a, b), el.add(amax, tail));
});
logaddexp2Custom.defjvp(function _logaddexp2_jvp([a, b]: NDArray[], [ta, tb]: NDArray[]) {
  const out = logaddexp2Custom(a, b);
  const noPosInf = el.replaceInf;
  const w = (v: NDArray) => el.exp2(el.subtract(noPosInf(v), noPosInf(out)));
  return [out, el.add(el.multiply(ta, w(a)), el.multiply(tb, w(b)))];
});

/** jnp.logaddexp2: log2(2**x1 + 2**x2) without overflow. */
export const logaddexp2 = compiledElementwise(
  (x1: ArrayLike, x2: ArrayLike): NDArray => {
    const [a, b] = promoteToFloat("logaddexp2", x1, x2);
    return logaddexp2Custom(a, b);
  },
  [],
  () => true,
);

function isneginfOrPos(x: ArrayLike, sign: number, name: string): NDArray {
  const a = asArray(x, `${name} argument`);
  if (!isFloat(a.dtype)) return full(a.shape, 0, "bool");
  return el.equal(a, like(a, sign * Infinity));
}
export const isposinf = (x: ArrayLike): NDArray => isneginfOrPos(x, 1, "isposinf");
export const isneginf = (x: ArrayLike): NDArray => isneginfOrPos(x, -1, "isneginf");

export interface NanToNumOpts {
  copy?: boolean;
  nan?: number;
  posinf?: number | null;
  neginf?: number | null;
}
/** jnp.nan_to_num(x, {nan = 0, posinf = finfo.max, neginf = finfo.min}). */
export function nanToNum(x: ArrayLike, opts: NanToNumOpts = {}): NDArray {
  checkOptions(opts, "nan_to_num", ["copy", "nan", "posinf", "neginf"]);
  const a = asArray(x, "nan_to_num argument");
  if (!isFloat(a.dtype)) return a;
  const info = finfo(a.dtype);
  // JAX's replacements are asarray(v, dtype): strongly typed, so the result is too.
  const c = (v: number) => full(a.shape, v, a.dtype, false);
  let out = el.where(el.isnan(a), c(opts.nan ?? 0), a);
  out = el.where(isposinf(out), c(opts.posinf ?? info.max), out);
  return el.where(isneginf(out), c(opts.neginf ?? info.min), out);
}

/** jnp.nextafter(x1, x2): the next representable value after x1 towards x2. */
export const nextafter = (x1: ArrayLike, x2: ArrayLike): NDArray => {
  const [a, b] = promoteToFloat("nextafter", x1, x2);
  return b1(E.nextafterP, a, b);
};

/** jnp.spacing(x): the distance from x to the next representable value away from zero. */
export const spacing = (x: ArrayLike): NDArray => {
  const a = promoteToFloat("spacing", x)[0];
  const inf = like(a, Infinity);
  if (a.dtype === "float16") return el.subtract(b1(E.nextafterP, a, inf), a);
  const r = el.subtract(b1(E.nextafterP, a, copysign(inf, a)), a);
  return el.where(el.equal(r, like(r, 0)), copysign(like(a, finfo(a.dtype).smallestSubnormal), a), r);
};

/** jnp.modf(x) → [fractional part, integral part], both with x's sign. */
export function modf(x: ArrayLike): [NDArray, NDArray] {
  const a = promoteToFloat("modf", x)[0];
  const whole = el.where(el.greaterEqual(a, like(a, 0)), el.floor(a), el.ceil(a));
  return [el.subtract(a, whole), whole];
}

/** jnp.divmod(x1, x2) → [floor_divide, remainder], computed together as JAX does. */
export function divmod(x1: ArrayLike, x2: ArrayLike): [NDArray, NDArray] {
  const [a, b] = promoteArgs("divmod", x1, x2);
  if (!isFloat(a.dtype)) return [el.floorDivide(a, b), el.remainder(a, b)];
  let mod = b1(E.remP, a, b);
  let div = el.divide(el.subtract(a, mod), b);
  const fix = el.logicalAnd(el.notEqual(mod, like(mod, 0)), el.notEqual(el.sign(b), el.sign(mod)));
  mod = el.where(fix, el.add(mod, b), mod);
  div = el.where(fix, el.subtract(div, like(div, 1)), div);
  return [bind1(E.roundP, [div], { rounding_method: 0 }), mod];
}

/** Mantissa in [0.5, 1) and exponent of a float32 array, by its bits (subnormals scaled up first). */
function frexp32(x: NDArray): [NDArray, NDArray] {
  const tiny = el.less(el.abs(x), like(x, 2 ** -126));
  const xs = el.where(tiny, el.multiply(x, like(x, 2 ** 23)), x);
  let e = el.where(tiny, full(x.shape, -23, "int32"), full(x.shape, 0, "int32"));
  let bits = bind1(E.bitcastConvertTypeP, [xs], { new_dtype: "int32" });
  const biased = b1(E.andP, b1(E.shiftRightLogicalP, bits, full(x.shape, 23, "int32")), full(x.shape, 0xff, "int32"));
  e = el.add(e, el.subtract(biased, full(x.shape, 126, "int32")));
  bits = b1(E.andP, bits, full(x.shape, ~(0xff << 23), "int32"));
  bits = b1(E.orP, bits, full(x.shape, 126 << 23, "int32"));
  const m = bind1(E.bitcastConvertTypeP, [bits], { new_dtype: "float32" });
  const special = el.logicalOr(el.logicalOr(el.isinf(x), el.isnan(x)), el.equal(x, like(x, 0)));
  return [el.where(special, x, m), el.where(special, full(x.shape, 0, "int32"), e)];
}

/** jnp.frexp(x) → [mantissa, exponent] with x = mantissa * 2**exponent, |mantissa| in [0.5, 1). */
export function frexp(x: ArrayLike): [NDArray, NDArray] {
  const a = promoteToFloat("frexp", x)[0];
  const [, e] = frexpParts(a);
  return [frexpMantissa(a), e];
}

// JAX's frexp is a custom_jvp: the mantissa's tangent is t * 2**-e (its bits
// have no derivative), so ldexp, built on it, differentiates as x1 * 2**x2.
const frexpMantissa = customJvp(function _frexp(a: NDArray): NDArray {
  return frexpParts(a)[0];
});
frexpMantissa.defjvp(function _frexp_jvp([a]: NDArray[], [t]: NDArray[]) {
  const [m, e] = frexpParts(a);
  return [m, el.multiply(t, el.exp2(el.negative(el.astype(e, t.dtype))))];
});

function frexpParts(a: NDArray): [NDArray, NDArray] {
  if (a.dtype === "float32") return frexp32(a);
  if (a.dtype === "float16") {
    const [m, e] = frexp32(el.astype(a, "float32"));
    return [el.astype(m, "float16"), e];
  }
  // float64 (x64): exponent from log2, mantissa by exact scaling with powers of two.
  const special = el.logicalOr(el.logicalOr(el.isinf(a), el.isnan(a)), el.equal(a, like(a, 0)));
  const safe = el.where(special, like(a, 1), el.abs(a));
  let e = el.add(el.floor(el.log2(safe)), like(a, 1));
  let m = el.divide(a, el.exp2(e));
  const big = el.greaterEqual(el.abs(m), like(m, 1));
  m = el.where(big, el.divide(m, like(m, 2)), m);
  e = el.where(big, el.add(e, like(e, 1)), e);
  const small = el.less(el.abs(m), like(m, 0.5));
  m = el.where(small, el.multiply(m, like(m, 2)), m);
  e = el.where(small, el.subtract(e, like(e, 1)), e);
  return [el.where(special, a, m), el.astype(el.where(special, like(e, 0), e), "int32")];
}

/** jnp.ldexp(x1, x2): x1 * 2**x2 for an integer x2. */
export function ldexp(x1: ArrayLike, x2: ArrayLike): NDArray {
  const a0 = asArray(x1, "ldexp argument 0");
  const b0 = asArray(x2, "ldexp argument 1");
  if (isFloat(b0.dtype)) throw new ValueError(`ldexp not supported for input types (${a0.dtype}, ${b0.dtype})`);
  const [a, bb] = broadcastArrays(promoteToFloat("ldexp", x1)[0], b0);
  return ldexpCompiled(a, bb);
}

/** ldexp's computation on promoted, broadcast operands, compiled when eager as JAX jits it (a dozen operations and a pow). */
const ldexpCompiled = compiledElementwise(
  (a: NDArray, bb: NDArray): NDArray => {
    const b = el.astype(bb, a.dtype);
    const [m0, e0] = frexp(a);
    let e = el.astype(el.add(el.astype(e0, b.dtype), b), a.dtype);
    const pos = el.greater(e, like(e, 0));
    const m = el.where(pos, el.multiply(m0, like(m0, 2)), m0);
    e = el.where(pos, el.subtract(e, like(e, 1)), e);
    const r = el.multiply(m, el.power(like(m, 2), e));
    // A weak x1 (a JS number) runs as it is, which keeps the result weak.
    return el.where(el.logicalOr(el.isinf(a), el.equal(a, like(a, 0))), a, r);
  },
  [],
  (a) => !a.weakType,
);

/** Integer operands promoted together, or the ValueError JAX raises for gcd/lcm. */
function intArgs(name: string, x1: ArrayLike, x2: ArrayLike): [NDArray, NDArray] {
  const [a, b] = promoteArgs(name, x1, x2);
  if (!isInteger(a.dtype)) throw new ValueError(`Arguments to jax.numpy.${name} must be integers.`);
  return [a, b];
}

/** jnp.gcd: Euclid's algorithm in a while loop, elementwise. */
export function gcd(x1: ArrayLike, x2: ArrayLike): NDArray {
  const [a, b] = intArgs("gcd", x1, x2);
  return gcdOf(el.abs(a), el.abs(b));
}
function gcdOf(a: NDArray, b: NDArray): NDArray {
  const [g] = whileLoop(
    ([, y]: NDArray[]) => anyR(el.notEqual(y, like(y, 0))),
    ([x, y]: NDArray[]) => {
      const nz = el.notEqual(y, like(y, 0));
      const x2 = el.where(nz, y, x);
      const y2 = el.where(nz, b1(E.remP, x, el.where(nz, y, like(y, 1))), like(y, 0));
      const lt = el.less(x2, y2);
      return [el.where(lt, y2, x2), el.where(lt, x2, y2)];
    },
    [a, b],
  ) as NDArray[];
  return g;
}

/** jnp.lcm: |x1 * x2| / gcd, 0 where either is 0. */
export function lcm(x1: ArrayLike, x2: ArrayLike): NDArray {
  const [a0, b0] = intArgs("lcm", x1, x2);
  const [a, b] = [el.abs(a0), el.abs(b0)];
  const d = gcdOf(a, b);
  const zero = el.equal(d, like(d, 0));
  return el.where(zero, like(d, 0), el.multiply(a, el.floorDivide(b, el.where(zero, like(d, 1), d))));
}

/** Operands of the shift functions: integers promoted together (bool is rejected, as by lax). */
function shiftArgs(name: string, x1: ArrayLike, x2: ArrayLike): [NDArray, NDArray] {
  const [a, b] = promoteArgs(name, x1, x2);
  if (!isInteger(a.dtype)) throw new JaxTypeError(`${name} requires integer arguments, got ${a.dtype}`);
  return [a, b];
}
export const leftShift = (x1: ArrayLike, x2: ArrayLike): NDArray => {
  const [a, b] = shiftArgs("left_shift", x1, x2);
  return b1(E.shiftLeftP, a, b);
};
export const rightShift = (x1: ArrayLike, x2: ArrayLike): NDArray => {
  const [a, b] = shiftArgs("right_shift", x1, x2);
  return b1(isUnsigned(a.dtype) ? E.shiftRightLogicalP : E.shiftRightArithmeticP, a, b);
};
export const bitwiseLeftShift = leftShift;
export const bitwiseRightShift = rightShift;

/** jnp.bitwise_count: the number of set bits in |x|, in uint8. */
export const bitwiseCount = (x: ArrayLike): NDArray => {
  const a = asArray(x, "bitwise_count argument");
  if (!isInteger(a.dtype) && a.dtype !== "bool") throw new JaxTypeError(`bitwise_count requires integer arguments, got ${a.dtype}`);
  const v = a.dtype === "bool" ? el.astype(a, "int32") : a;
  return el.astype(b1(E.populationCountP, el.abs(v)), "uint8");
};

/** Chebyshev series as Cephes evaluates it. */
function chebyshev(x: NDArray, coeffs: number[]): NDArray {
  let b0 = like(x, coeffs[0]);
  let b1v = like(x, 0);
  let b2 = b1v;
  for (const c of coeffs.slice(1)) {
    b2 = b1v;
    b1v = b0;
    b0 = el.add(el.subtract(el.multiply(x, b1v), b2), like(x, c));
  }
  return el.multiply(like(x, 0.5), el.subtract(b0, b2));
}

/** e^-|x| I0(x) by Cephes' Chebyshev expansions (float32 coefficients; float16 computed in float32). */
function besselI0e(x: NDArray): NDArray {
  const dt: DType = x.dtype;
  const a = el.abs(dt === "float16" ? el.astype(x, "float32") : x);
  const small = el.lessEqual(a, like(a, 8));
  const lo = chebyshev(el.subtract(el.multiply(like(a, 0.5), a), like(a, 2)), I0E_A);
  // The large-argument series on a kept above 8, so the branch not taken has no infinities (nor NaN gradients) at 0.
  const big = el.where(small, like(a, 8), a);
  const hi = el.divide(chebyshev(el.subtract(el.divide(like(big, 32), big), like(big, 2)), I0E_B), el.sqrt(big));
  const r = el.where(small, lo, hi);
  return dt === "float16" ? el.astype(r, dt) : r;
}

/** jnp.i0: the modified Bessel function of the first kind, order 0. */
export function i0(x: ArrayLike): NDArray {
  const a = promoteToFloat("i0", x)[0];
  if (!isFloat(a.dtype)) throw new ValueError(`Unsupported input type to jax.numpy.i0: ${a.dtype}`);
  return i0Custom(a);
}

const i0Plain = (a: NDArray): NDArray => {
  const ax = el.abs(a);
  return el.multiply(el.exp(ax), besselI0e(ax));
};
// JAX's i0 is a custom_jvp whose tangent is exactly 0 at x = 0 (i0 is even).
const i0Custom = customJvp(function i0(a: NDArray): NDArray {
  return i0Plain(a);
});
i0Custom.defjvp(function _i0_jvp([a]: NDArray[], [t]: NDArray[]) {
  const [out, dt] = jvp(i0Plain, [a], [t]) as unknown as [NDArray, NDArray];
  return [out, el.where(el.equal(a, like(a, 0)), like(dt, 0), dt)];
});

export interface CumulativeOpts {
  axis?: number | null;
  dtype?: DType;
  includeInitial?: boolean;
}
function cumulativeWith(name: string, f: typeof cumsum, init: number) {
  return (x: ArrayLike, opts: CumulativeOpts = {}): NDArray => {
    checkOptions(opts, name, ["axis", "dtype", "includeInitial"]);
    let a = asArray(x, `${name} argument`);
    if (opts.axis === undefined || opts.axis === null) {
      if (a.ndim > 1)
        throw new ValueError(`${name}: axis must be specified for arrays with ndim > 1, got shape ${JSON.stringify(a.shape)}`);
      if (a.ndim === 0) throw new ValueError(`${name}: the input must be non-scalar to take a cumulative operation, got a 0-d array`);
    }
    if (a.ndim === 0) throw new ValueError(`${name}: the input must be non-scalar to take a cumulative operation, got a 0-d array`);
    const axis = opts.axis ?? 0;
    if (opts.dtype !== undefined) a = el.astype(a, opts.dtype);
    let r = f(a, axis);
    if (opts.dtype !== undefined) r = el.astype(r, opts.dtype);
    if (!opts.includeInitial) return r;
    const ax = axis < 0 ? axis + r.ndim : axis;
    const shape = r.shape.map((d, i) => (i === ax ? 1 : d));
    return concatenate([full(shape, init, r.dtype), r], ax);
  };
}
/** jnp.cumulative_sum(x, {axis, dtype, includeInitial}): the array API's cumsum. */
export const cumulativeSum = cumulativeWith("cumulative_sum", cumsum, 0);
/** jnp.cumulative_prod(x, {axis, dtype, includeInitial}). */
export const cumulativeProd = cumulativeWith("cumulative_prod", cumprod, 1);
