// jax.nn activations and helpers, built from jnp/lax.
import { defaultFloat, isFloat } from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { normalizeAxes } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import * as E from "../lax/elementwise.ts";
import { stopGradientArray } from "../lax/stop_gradient.ts";
import * as jnp from "../numpy/index.ts";
import { asArray, promoteToFloat } from "../numpy/util.ts";

const f = (x: ArrayLike, name: string) => promoteToFloat(name, x)[0];

export function relu(x: ArrayLike): NDArray { return jnp.maximum(asArray(x), 0); }
export function relu6(x: ArrayLike): NDArray { return jnp.minimum(jnp.maximum(asArray(x), 0), 6); }
export function sigmoid(x: ArrayLike): NDArray { return bind1(E.logisticP, [f(x, "sigmoid")], {}); }
export function softplus(x: ArrayLike): NDArray { return jnp.logaddexp(f(x, "softplus"), 0); }
export function silu(x: ArrayLike): NDArray { const a = f(x, "silu"); return jnp.multiply(a, sigmoid(a)); }
export const swish = silu;
export function logSigmoid(x: ArrayLike): NDArray { return jnp.negative(softplus(jnp.negative(f(x, "log_sigmoid")))); }
export function elu(x: ArrayLike, alpha = 1.0): NDArray {
  const a = f(x, "elu");
  const safe = jnp.where(jnp.greater(a, 0), 0, a);
  return jnp.where(jnp.greater(a, 0), a, jnp.multiply(alpha, jnp.expm1(safe)));
}
export function selu(x: ArrayLike): NDArray {
  const alpha = 1.6732632423543772848170429916717;
  const scale = 1.0507009873554804934193349852946;
  return jnp.multiply(scale, elu(x, alpha));
}
export function gelu(x: ArrayLike, approximate = true): NDArray {
  const a = f(x, "gelu");
  if (approximate) {
    const c = Math.sqrt(2 / Math.PI);
    const inner = jnp.multiply(c, jnp.add(a, jnp.multiply(0.044715, jnp.power(a, 3))));
    return jnp.multiply(jnp.multiply(0.5, a), jnp.add(1, jnp.tanh(inner)));
  }
  return jnp.multiply(jnp.multiply(0.5, a), jnp.add(1, bind1(E.erfP, [jnp.multiply(a, Math.SQRT1_2)], {})));
}
export function leakyRelu(x: ArrayLike, negativeSlope = 0.01): NDArray {
  const a = asArray(x);
  return jnp.where(jnp.greaterEqual(a, 0), a, jnp.multiply(negativeSlope, a));
}

export function logsumexp(x: ArrayLike, axis?: number | number[] | null, opts: { keepdims?: boolean } = {}): NDArray {
  const a = f(x, "logsumexp");
  const axes = normalizeAxes(axis ?? null, a.ndim, "logsumexp axis");
  const m = stopGradientArray(jnp.max(a, axes, { keepdims: true }));
  const safeM = jnp.where(jnp.isfinite(m), m, 0);
  const s = jnp.sum(jnp.exp(jnp.subtract(a, safeM)), axes, { keepdims: true });
  const r = jnp.add(jnp.log(s), safeM);
  return opts.keepdims ? r : jnp.squeeze(r, axes);
}

export function softmax(x: ArrayLike, axis: number | number[] = -1): NDArray {
  const a = f(x, "softmax");
  const m = stopGradientArray(jnp.max(a, axis, { keepdims: true }));
  const e = jnp.exp(jnp.subtract(a, m));
  return jnp.divide(e, jnp.sum(e, axis, { keepdims: true }));
}

export function logSoftmax(x: ArrayLike, axis: number | number[] = -1): NDArray {
  const a = f(x, "log_softmax");
  const m = stopGradientArray(jnp.max(a, axis, { keepdims: true }));
  const shifted = jnp.subtract(a, m);
  return jnp.subtract(shifted, jnp.log(jnp.sum(jnp.exp(shifted), axis, { keepdims: true })));
}

export function oneHot(x: ArrayLike, numClasses: number, opts: { dtype?: jnp.DType; axis?: number } = {}): NDArray {
  if (!Number.isInteger(numClasses) || numClasses < 0) throw new ValueError(`oneHot: numClasses must be a non-negative integer, got ${numClasses}`);
  const a = asArray(x, "one_hot argument");
  const dtype = opts.dtype ?? defaultFloat();
  const axis = opts.axis ?? -1;
  const expanded = jnp.expandDims(a, axis);
  const shape = [...expanded.shape];
  const ax = axis < 0 ? axis + shape.length : axis;
  shape[ax] = numClasses;
  const classes = jnp.reshape(jnp.arange(numClasses), shape.map((d, i) => (i === ax ? numClasses : 1)));
  return jnp.astype(jnp.equal(expanded, classes), dtype);
}

export function standardize(x: ArrayLike, axis: number | number[] = -1, eps = 1e-5): NDArray {
  const a = f(x, "standardize");
  const m = jnp.mean(a, axis, { keepdims: true });
  const v = jnp.var(a, axis, { keepdims: true });
  return jnp.divide(jnp.subtract(a, m), jnp.sqrt(jnp.add(v, eps)));
}
export { isFloat };
