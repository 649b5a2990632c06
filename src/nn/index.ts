// jax.nn activations and helpers, built from jnp/lax.
import { type DTypeLike, defaultFloat, isComplex, isFloat, parseDType } from "../core/dtypes.ts";
import { checkOptions } from "../core/options.ts";
import { checkInt } from "../core/scalar_args.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkShape, normalizeAxes, normalizeAxis } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import * as E from "../lax/elementwise.ts";
import * as SP from "../lax/special.ts";
import { stopGradientArray } from "../lax/stop_gradient.ts";
import * as jnp from "../numpy/index.ts";
import { asArray, promoteToFloat } from "../numpy/util.ts";
import { compiledEager, compiledElementwise } from "../transforms/eager_compiled.ts";
import { optionArg, weakFloat } from "./activations.ts";
import { type LogsumexpOptions, logsumexp as logsumexpFull, strong } from "./logsumexp.ts";

const f = (x: ArrayLike, name: string) => promoteToFloat(name, x)[0];

export function sigmoid(x: ArrayLike): NDArray {
  // lax.logistic: integer inputs raise, as in JAX.
  return bind1(E.logisticP, [asArray(x, "sigmoid argument")], {});
}

// Composite functions: a body on validated arrays, compiled for eager calls (see compiled.ts).
const softplusBody = (a: NDArray) => jnp.logaddexp(a, 0);
const siluBody = (a: NDArray) => jnp.multiply(a, bind1(E.logisticP, [a], {}));
const logSigmoidBody = (a: NDArray) => jnp.negative(softplusBody(jnp.negative(a)));
function eluBody(a: NDArray, alpha: NDArray): NDArray {
  // 0. is a Python float in JAX: integer inputs give weakly typed floats.
  const safe = jnp.where(jnp.greater(a, 0), weakFloat(0), a);
  return jnp.where(jnp.greater(a, 0), a, jnp.multiply(alpha, jnp.expm1(safe)));
}
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const seluBody = (a: NDArray) => jnp.multiply(SELU_SCALE, eluBody(a, weakFloat(SELU_ALPHA)));
function geluBody(a: NDArray, approximate: boolean): NDArray {
  if (approximate) {
    const c = Math.sqrt(2 / Math.PI);
    const inner = jnp.multiply(c, jnp.add(a, jnp.multiply(0.044715, jnp.power(a, 3))));
    return jnp.multiply(jnp.multiply(0.5, a), jnp.add(1, jnp.tanh(inner)));
  }
  // JAX: 0.5 x erfc(-x / sqrt 2), accurate in the lower tail where 1 + erf(x / sqrt 2) cancels.
  return jnp.multiply(jnp.multiply(0.5, a), bind1(SP.erfcP, [jnp.multiply(jnp.negative(a), Math.SQRT1_2)], {}));
}
const leakyReluBody = (a: NDArray, slope: NDArray) => jnp.where(jnp.greaterEqual(a, 0), a, jnp.multiply(slope, a));

const softplusC = compiledElementwise(softplusBody, []);
const siluC = compiledElementwise(siluBody, []);
const logSigmoidC = compiledElementwise(logSigmoidBody, []);
const eluC = compiledElementwise(eluBody, []);
const seluC = compiledElementwise(seluBody, []);
const geluC = compiledElementwise(geluBody, [1]);
const leakyReluC = compiledElementwise(leakyReluBody, []);

export function softplus(x: ArrayLike): NDArray {
  return softplusC(f(x, "softplus"));
}
export function silu(x: ArrayLike): NDArray {
  return siluC(asArray(x, "silu argument"));
}
export const swish = silu;
export function logSigmoid(x: ArrayLike): NDArray {
  return logSigmoidC(f(x, "log_sigmoid"));
}
/** elu(x, {alpha = 1}); alpha may also be given positionally. */
export function elu(x: ArrayLike, opts?: ArrayLike | { alpha?: ArrayLike }): NDArray {
  const o = optionArg<"alpha", ArrayLike>(opts, "elu", "alpha");
  return eluC(asArray(x, "elu argument"), o.alpha === undefined ? weakFloat(1) : asArray(o.alpha, "elu alpha"));
}
export function selu(x: ArrayLike): NDArray {
  return seluC(asArray(x, "selu argument"));
}
/** gelu(x, {approximate = true}); approximate may also be given positionally. */
export function gelu(x: ArrayLike, opts?: boolean | { approximate?: boolean }): NDArray {
  const o = optionArg<"approximate", boolean>(opts, "gelu", "approximate");
  return geluC(f(x, "gelu"), o.approximate ?? true);
}
/** leakyRelu(x, {negativeSlope = 0.01}); the slope may also be given positionally. */
export function leakyRelu(x: ArrayLike, opts?: ArrayLike | { negativeSlope?: ArrayLike }): NDArray {
  const o = optionArg<"negativeSlope", ArrayLike>(opts, "leaky_relu", "negativeSlope");
  return leakyReluC(asArray(x, "leaky_relu argument"), asArray(o.negativeSlope ?? 0.01, "leaky_relu negative_slope"));
}

/** JAX's max(..., initial=-inf, keepdims=True): an empty axis gives -inf instead of raising. */
function maxKeepdims(a: NDArray, axis: number | number[] | null, name: string): NDArray {
  const axes = normalizeAxes(axis, a.ndim, `${name} axis`);
  if (axes.some((ax) => a.shape[ax] === 0))
    return jnp.full(
      a.shape.map((d, i) => (axes.includes(i) ? 1 : d)),
      -Infinity,
      { dtype: a.dtype },
    );
  return jnp.max(a, axes, { keepdims: true });
}

const logsumexpC = compiledEager(
  (a: NDArray, axis: number | number[] | null, keepdims: boolean) => {
    const axes = normalizeAxes(axis, a.ndim, "logsumexp axis");
    const m = stopGradientArray(maxKeepdims(a, axes, "logsumexp"));
    const safeM = jnp.where(jnp.isfinite(m), m, 0);
    const s = jnp.sum(jnp.exp(jnp.subtract(a, safeM)), axes, { keepdims: true });
    const r = jnp.add(jnp.log(s), safeM);
    return keepdims ? r : jnp.squeeze(r, axes);
  },
  [1, 2],
);

/**
 * jax.nn.logsumexp (jax.scipy.special.logsumexp): log(sum(b * exp(x))) over
 * `axis`, with `where`, and with returnSign [log|sum|, sign(sum)]. The plain
 * call runs one compiled program when eager.
 */
export function logsumexp(
  x: ArrayLike,
  axis: number | number[] | null | undefined,
  opts: LogsumexpOptions & { returnSign: true },
): [NDArray, NDArray];
export function logsumexp(x: ArrayLike, axis?: number | number[] | null, opts?: LogsumexpOptions & { returnSign?: false }): NDArray;
export function logsumexp(x: ArrayLike, axis?: number | number[] | null, opts: LogsumexpOptions = {}): NDArray | [NDArray, NDArray] {
  const o = checkOptions(opts, "logsumexp", ["b", "keepdims", "returnSign", "where"]);
  const a = f(x, "logsumexp");
  if ((o.b ?? null) !== null || (o.where ?? null) !== null || o.returnSign || isComplex(a.dtype)) return logsumexpFull(a, axis ?? null, o);
  return strong(logsumexpC(a, axis ?? null, o.keepdims ?? false));
}

const softmaxC = compiledEager(
  (a: NDArray, axis: number | number[]) => {
    const m = stopGradientArray(maxKeepdims(a, axis, "softmax"));
    const e = jnp.exp(jnp.subtract(a, m));
    return jnp.divide(e, jnp.sum(e, axis, { keepdims: true }));
  },
  [1],
);

/** x's max over axis (keepdims) among the elements where `w` holds (-inf where none does), without a gradient. */
function maskedMax(a: NDArray, axis: number | number[], w: NDArray): NDArray {
  return stopGradientArray(maxKeepdims(jnp.where(w, a, -Infinity), axis, "softmax"));
}
const softmaxWhereC = compiledEager(
  (a: NDArray, axis: number | number[], w: NDArray) => {
    const e = jnp.exp(jnp.subtract(jnp.where(w, a, -Infinity), maskedMax(a, axis, w)));
    const r = jnp.divide(e, jnp.sum(jnp.where(w, e, 0), axis, { keepdims: true }));
    return jnp.where(w, r, 0);
  },
  [1],
);
const logSoftmaxWhereC = compiledEager(
  (a: NDArray, axis: number | number[], w: NDArray) => {
    const shifted = jnp.subtract(jnp.where(w, a, -Infinity), maskedMax(a, axis, w));
    const lse = jnp.log(jnp.sum(jnp.where(w, jnp.exp(shifted), 0), axis, { keepdims: true }));
    return jnp.where(w, jnp.subtract(shifted, lse), -Infinity);
  },
  [1],
);
type WhereOpts = { where?: ArrayLike | null };
const whereOf = (opts: WhereOpts, what: string): NDArray | null => {
  const o = checkOptions(opts, what, ["where"]);
  return o.where === undefined || o.where === null ? null : asArray(o.where, `${what} where`);
};

/** softmax(x, axis = -1, {where}): where given, only those elements take part (the others give 0). */
export function softmax(x: ArrayLike, axis: number | number[] = -1, opts: WhereOpts = {}): NDArray {
  const w = whereOf(opts, "softmax");
  const a = f(x, "softmax");
  return w ? softmaxWhereC(a, axis, jnp.broadcastTo(w, a.shape)) : softmaxC(a, axis);
}

const logSoftmaxC = compiledEager(
  (a: NDArray, axis: number | number[]) => {
    const m = stopGradientArray(maxKeepdims(a, axis, "log_softmax"));
    const shifted = jnp.subtract(a, m);
    return jnp.subtract(shifted, jnp.log(jnp.sum(jnp.exp(shifted), axis, { keepdims: true })));
  },
  [1],
);

/** logSoftmax(x, axis = -1, {where}): where given, only those elements take part (the others give -inf). */
export function logSoftmax(x: ArrayLike, axis: number | number[] = -1, opts: WhereOpts = {}): NDArray {
  const w = whereOf(opts, "log_softmax");
  const a = f(x, "log_softmax");
  return w ? logSoftmaxWhereC(a, axis, jnp.broadcastTo(w, a.shape)) : logSoftmaxC(a, axis);
}

export function oneHot(x: ArrayLike, numClasses: number, opts: { dtype?: DTypeLike; axis?: number } = {}): NDArray {
  checkInt(numClasses, "oneHot: numClasses", 0);
  checkOptions(opts, "one_hot", ["dtype", "axis"]);
  return oneHotC(asArray(x, "one_hot argument"), numClasses, opts);
}

/** Compiled when eager, as JAX jits one_hot (the class iota, the compare and the cast one kernel). */
const oneHotC = compiledEager(oneHotBody, [1, 2]);

function oneHotBody(a: NDArray, numClasses: number, opts: { dtype?: DTypeLike; axis?: number }): NDArray {
  const dtype = parseDType(opts.dtype ?? defaultFloat(), "one_hot dtype");
  const ax = normalizeAxis(opts.axis ?? -1, a.ndim + 1, "one_hot axis");
  const expanded = jnp.expandDims(a, ax);
  const shape = [...expanded.shape];
  shape[ax] = numClasses;
  checkShape(shape, "one_hot result shape");
  const classes = jnp.reshape(
    jnp.arange(numClasses),
    shape.map((d, i) => (i === ax ? numClasses : 1)),
  );
  return jnp.astype(jnp.equal(expanded, classes), dtype);
}

export { isFloat };
export * from "./activations.ts";
export { standardize, logmeanexp } from "./normalize.ts";
export { dotProductAttention } from "./attention.ts";
export * as initializers from "./initializers.ts";
export {
  getScaledDotGeneralConfig,
  scaledMatmul,
  scaledDotGeneral,
  type BlockScaleConfig,
  type ScaledDotGeneralOptions,
} from "./scaled_matmul.ts";
