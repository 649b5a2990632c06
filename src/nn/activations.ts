// The rest of jax.nn's activations (celu, glu, hard_*, mish, squareplus, ...),
// each composed from jnp/lax as JAX composes it, so that dtypes and weak
// types follow from the same promotions.
import { scalarArray } from "../core/convert.ts";
import { defaultFloat } from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import { NDArray, type ArrayLike } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { normalizeAxis } from "../core/shape.ts";
import { bind1 } from "../core/trace.ts";
import * as E from "../lax/elementwise.ts";
import { stopGradientArray } from "../lax/stop_gradient.ts";
import * as jnp from "../numpy/index.ts";
import { asArray, promoteToFloat } from "../numpy/util.ts";
import { compiledEager, compiledElementwise } from "../transforms/eager_compiled.ts";

/** A Python float literal: a weakly typed scalar of the default float dtype. */
export const weakFloat = (v: number): NDArray => scalarArray(v, defaultFloat(), true);

/**
 * The options object of an activation whose one optional parameter may also
 * be given positionally (`elu(x, 0.5)` as well as `elu(x, {alpha: 0.5})`).
 */
export function optionArg<K extends string, V>(arg: V | Partial<Record<K, V>> | undefined, what: string, key: K): Partial<Record<K, V>> {
  if (arg === undefined || arg === null) return {};
  if (typeof arg === "object" && !(arg instanceof NDArray) && !Array.isArray(arg) && !ArrayBuffer.isView(arg)) {
    return checkOptions(arg as Partial<Record<K, V>>, what, [key]);
  }
  return { [key]: arg } as Partial<Record<K, V>>;
}

const sigmoidOf = (a: NDArray) => bind1(E.logisticP, [a], {});
const softplusOf = (a: NDArray) => jnp.logaddexp(a, 0);

export function identity(x: ArrayLike): NDArray {
  return asArray(x, "identity argument");
}

// JAX gives relu a custom JVP that passes the tangent where x > 0 only (0 at x = 0).
const reluC = compiledElementwise((a: NDArray) => jnp.where(jnp.greater(a, 0), a, stopGradientArray(jnp.maximum(a, 0))), []);
// relu6 likewise passes it on 0 < x < 6 only; 6. is a Python float, so integer inputs give floats.
const relu6C = compiledElementwise((a: NDArray) => {
  const inside = jnp.logicalAnd(jnp.greater(a, 0), jnp.less(a, 6));
  return jnp.where(inside, a, stopGradientArray(jnp.minimum(jnp.maximum(a, 0), weakFloat(6))));
}, []);
export function relu(x: ArrayLike): NDArray {
  return reluC(asArray(x, "relu argument"));
}
export function relu6(x: ArrayLike): NDArray {
  return relu6C(asArray(x, "relu6 argument"));
}

const squareplusC = compiledElementwise((a: NDArray, b: NDArray) => jnp.divide(jnp.add(a, jnp.sqrt(jnp.add(jnp.square(a), b))), 2), []);
/** squareplus(x, {b = 4}) = (x + sqrt(x² + b)) / 2. */
export function squareplus(x: ArrayLike, opts?: ArrayLike | { b?: ArrayLike }): NDArray {
  const o = optionArg<"b", ArrayLike>(opts, "squareplus", "b");
  return squareplusC(asArray(x, "squareplus argument"), asArray(o.b ?? 4, "squareplus b"));
}

const sparsePlusC = compiledElementwise((a: NDArray) => {
  const quad = jnp.divide(jnp.square(jnp.add(a, weakFloat(1))), weakFloat(4));
  return jnp.where(jnp.lessEqual(a, weakFloat(-1)), weakFloat(0), jnp.where(jnp.greaterEqual(a, weakFloat(1)), a, quad));
}, []);
export function sparsePlus(x: ArrayLike): NDArray {
  return sparsePlusC(asArray(x, "sparse_plus argument"));
}

const softSignC = compiledElementwise((a: NDArray) => jnp.divide(a, jnp.add(jnp.abs(a), 1)), []);
export function softSign(x: ArrayLike): NDArray {
  return softSignC(asArray(x, "soft_sign argument"));
}

const sparseSigmoidC = compiledElementwise(
  (a: NDArray) => jnp.multiply(weakFloat(0.5), jnp.clip(jnp.add(a, weakFloat(1)), weakFloat(0), weakFloat(2))),
  [],
);
export function sparseSigmoid(x: ArrayLike): NDArray {
  return sparseSigmoidC(asArray(x, "sparse_sigmoid argument"));
}

const mishC = compiledElementwise((a: NDArray) => jnp.multiply(a, jnp.tanh(softplusOf(a))), []);
export function mish(x: ArrayLike): NDArray {
  return mishC(asArray(x, "mish argument"));
}

const hardTanhC = compiledElementwise((a: NDArray) => jnp.where(jnp.greater(a, 1), 1, jnp.where(jnp.less(a, -1), -1, a)), []);
export function hardTanh(x: ArrayLike): NDArray {
  return hardTanhC(asArray(x, "hard_tanh argument"));
}

const celuC = compiledElementwise(
  (a: NDArray, alpha: NDArray) =>
    jnp.add(jnp.maximum(a, weakFloat(0)), jnp.multiply(alpha, jnp.expm1(jnp.divide(jnp.minimum(a, weakFloat(0)), alpha)))),
  [],
);
/** celu(x, {alpha = 1}) = max(x, 0) + alpha · expm1(min(x, 0) / alpha). */
export function celu(x: ArrayLike, opts?: ArrayLike | { alpha?: ArrayLike }): NDArray {
  const o = optionArg<"alpha", ArrayLike>(opts, "celu", "alpha");
  return celuC(asArray(x, "celu argument"), o.alpha === undefined ? weakFloat(1) : asArray(o.alpha, "celu alpha"));
}

const hardSigmoidOf = (a: NDArray) => jnp.divide(relu6C(jnp.add(a, weakFloat(3))), weakFloat(6));
const hardSigmoidC = compiledElementwise(hardSigmoidOf, []);
const hardSiluC = compiledElementwise((a: NDArray) => jnp.multiply(a, hardSigmoidOf(a)), []);
export function hardSigmoid(x: ArrayLike): NDArray {
  return hardSigmoidC(asArray(x, "hard_sigmoid argument"));
}
export function hardSilu(x: ArrayLike): NDArray {
  return hardSiluC(asArray(x, "hard_silu argument"));
}
export const hardSwish = hardSilu;

export function tanh(x: ArrayLike): NDArray {
  return jnp.tanh(x);
}

const gluC = compiledEager(
  (a: NDArray, axis: number) => {
    const [x1, x2] = jnp.split(a, 2, axis);
    return jnp.multiply(x1, sigmoidOf(x2));
  },
  [1],
);
/** glu(x, axis = -1): the first half along axis gated by the sigmoid of the second. */
export function glu(x: ArrayLike, axis = -1): NDArray {
  const a = asArray(x, "glu argument");
  const ax = normalizeAxis(axis, a.ndim, "glu axis");
  if (a.shape[ax] % 2 !== 0)
    throw new ValueError(`glu: axis size must be divisible by 2, got ${a.shape[ax]} (shape ${JSON.stringify(a.shape)}, axis ${axis})`);
  return gluC(a, ax);
}

// log(1 - exp(-x)); the where picks the accurate form on each side of log 2 (Mächler).
const log1mexpC = compiledElementwise((a: NDArray) => {
  const small = jnp.less(a, Math.LN2);
  // Each branch sees a safe argument, so the unselected branch adds no NaN to the gradient.
  const lo = jnp.where(small, a, 1);
  const hi = jnp.where(small, 1, a);
  return jnp.where(small, jnp.log(jnp.negative(jnp.expm1(jnp.negative(lo)))), jnp.log1p(jnp.negative(jnp.exp(jnp.negative(hi)))));
}, []);
export function log1mexp(x: ArrayLike): NDArray {
  return log1mexpC(promoteToFloat("log1mexp", x)[0]);
}
