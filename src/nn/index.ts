// jax.nn activations and helpers, built from jnp/lax.
import { type DTypeLike, defaultFloat, isFloat, parseDType } from "../core/dtypes.ts";
import { checkOptions } from "../core/options.ts";
import { checkInt } from "../core/scalar_args.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkShape, normalizeAxes, normalizeAxis } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import * as E from "../lax/elementwise.ts";
import { stopGradientArray } from "../lax/stop_gradient.ts";
import * as jnp from "../numpy/index.ts";
import { asArray, promoteToFloat } from "../numpy/util.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";
import { customJvp } from "../transforms/custom_jvp.ts";

const f = (x: ArrayLike, name: string) => promoteToFloat(name, x)[0];

// As JAX: custom_jvp rules so the derivative at the kinks (0, and 6 for relu6) is 0.
const reluCustom = customJvp(function relu(a: NDArray): NDArray {
  return jnp.maximum(a, 0);
});
reluCustom.defjvps((g: NDArray, _ans: NDArray, a: NDArray) => jnp.where(jnp.greater(a, 0), g, jnp.zerosLike(g)));
export function relu(x: ArrayLike): NDArray {
  return reluCustom(asArray(x, "relu argument"));
}
export function sigmoid(x: ArrayLike): NDArray {
  return bind1(E.logisticP, [f(x, "sigmoid")], {});
}

// Composite functions: a body on validated arrays, compiled for eager calls (see compiled.ts).
const relu6Body = (a: NDArray) => jnp.minimum(jnp.maximum(a, 0), 6);
const softplusBody = (a: NDArray) => jnp.logaddexp(a, 0);
const siluBody = (a: NDArray) => jnp.multiply(a, bind1(E.logisticP, [a], {}));
const logSigmoidBody = (a: NDArray) => jnp.negative(softplusBody(jnp.negative(a)));
function eluBody(a: NDArray, alpha: NDArray): NDArray {
  const safe = jnp.where(jnp.greater(a, 0), 0, a);
  return jnp.where(jnp.greater(a, 0), a, jnp.multiply(alpha, jnp.expm1(safe)));
}
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const seluBody = (a: NDArray) => jnp.multiply(SELU_SCALE, eluBody(a, asArray(SELU_ALPHA)));
function geluBody(a: NDArray, approximate: boolean): NDArray {
  if (approximate) {
    const c = Math.sqrt(2 / Math.PI);
    const inner = jnp.multiply(c, jnp.add(a, jnp.multiply(0.044715, jnp.power(a, 3))));
    return jnp.multiply(jnp.multiply(0.5, a), jnp.add(1, jnp.tanh(inner)));
  }
  return jnp.multiply(jnp.multiply(0.5, a), jnp.add(1, bind1(E.erfP, [jnp.multiply(a, Math.SQRT1_2)], {})));
}
const leakyReluBody = (a: NDArray, slope: NDArray) => jnp.where(jnp.greaterEqual(a, 0), a, jnp.multiply(slope, a));

const relu6C = compiledEager(relu6Body, []);
const softplusC = compiledEager(softplusBody, []);
const siluC = compiledEager(siluBody, []);
const logSigmoidC = compiledEager(logSigmoidBody, []);
const eluC = compiledEager(eluBody, []);
const seluC = compiledEager(seluBody, []);
const geluC = compiledEager(geluBody, [1]);
const leakyReluC = compiledEager(leakyReluBody, []);

const relu6Custom = customJvp(function relu6(a: NDArray): NDArray {
  return relu6C(a);
});
relu6Custom.defjvps((g: NDArray, _ans: NDArray, a: NDArray) =>
  jnp.where(jnp.logicalAnd(jnp.greater(a, 0), jnp.less(a, 6)), g, jnp.zerosLike(g)),
);
export function relu6(x: ArrayLike): NDArray {
  return relu6Custom(asArray(x, "relu6 argument"));
}
export function softplus(x: ArrayLike): NDArray {
  return softplusC(f(x, "softplus"));
}
export function silu(x: ArrayLike): NDArray {
  return siluC(f(x, "silu"));
}
export const swish = silu;
export function logSigmoid(x: ArrayLike): NDArray {
  return logSigmoidC(f(x, "log_sigmoid"));
}
export function elu(x: ArrayLike, alpha: ArrayLike = 1.0): NDArray {
  return eluC(f(x, "elu"), asArray(alpha, "elu alpha"));
}
export function selu(x: ArrayLike): NDArray {
  return seluC(f(x, "selu"));
}
export function gelu(x: ArrayLike, approximate = true): NDArray {
  return geluC(f(x, "gelu"), approximate);
}
export function leakyRelu(x: ArrayLike, negativeSlope = 0.01): NDArray {
  return leakyReluC(asArray(x, "leaky_relu argument"), asArray(negativeSlope, "leaky_relu negative_slope"));
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

export function logsumexp(x: ArrayLike, axis?: number | number[] | null, opts: { keepdims?: boolean } = {}): NDArray {
  return logsumexpC(f(x, "logsumexp"), axis ?? null, checkOptions(opts, "logsumexp", ["keepdims"]).keepdims ?? false);
}

const softmaxC = compiledEager(
  (a: NDArray, axis: number | number[]) => {
    const m = stopGradientArray(maxKeepdims(a, axis, "softmax"));
    const e = jnp.exp(jnp.subtract(a, m));
    return jnp.divide(e, jnp.sum(e, axis, { keepdims: true }));
  },
  [1],
);

export function softmax(x: ArrayLike, axis: number | number[] = -1): NDArray {
  return softmaxC(f(x, "softmax"), axis);
}

const logSoftmaxC = compiledEager(
  (a: NDArray, axis: number | number[]) => {
    const m = stopGradientArray(maxKeepdims(a, axis, "log_softmax"));
    const shifted = jnp.subtract(a, m);
    return jnp.subtract(shifted, jnp.log(jnp.sum(jnp.exp(shifted), axis, { keepdims: true })));
  },
  [1],
);

export function logSoftmax(x: ArrayLike, axis: number | number[] = -1): NDArray {
  return logSoftmaxC(f(x, "log_softmax"), axis);
}

export function oneHot(x: ArrayLike, numClasses: number, opts: { dtype?: DTypeLike; axis?: number } = {}): NDArray {
  checkInt(numClasses, "oneHot: numClasses", 0);
  checkOptions(opts, "one_hot", ["dtype", "axis"]);
  const a = asArray(x, "one_hot argument");
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

const standardizeC = compiledEager(
  (a: NDArray, axis: number | number[], eps: number) => {
    const m = jnp.mean(a, axis, { keepdims: true });
    const v = jnp.var(a, axis, { keepdims: true });
    return jnp.divide(jnp.subtract(a, m), jnp.sqrt(jnp.add(v, eps)));
  },
  [1, 2],
);

export function standardize(x: ArrayLike, axis: number | number[] = -1, eps = 1e-5): NDArray {
  return standardizeC(f(x, "standardize"), axis, eps);
}
export { isFloat };
