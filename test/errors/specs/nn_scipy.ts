// jax.nn activations and helpers, and jax.scipy.special.
import { jnp, nn, scipy, type NDArray } from "../../../src/index.ts";
import { type FnSpec, fn } from "../battery/spec.ts";

const m23 = jnp.array([
  [0.5, -1, 2],
  [3, 0, -0.25],
]);
const x = { kind: "array", valid: m23 } as const;
const axis = { kind: "axes", valid: -1, ndim: 2, optional: true } as const;

const unary = (name: string, f: (v: NDArray) => NDArray, aliases: string[] = []): FnSpec =>
  fn(`nn.${name}`, { x }, (a) => f(a.x), { aliases });

export const nnSpecs: FnSpec[] = [
  unary("relu", nn.relu),
  unary("gelu", (v) => nn.gelu(v)),
  unary("sigmoid", nn.sigmoid),
  unary("softplus", nn.softplus),
  unary("silu", nn.silu),
  unary("selu", nn.selu, ["elu"]),
  unary("logSigmoid", nn.logSigmoid),
  fn("nn.elu", { x, alpha: { kind: "number", valid: 0.5, optional: true } }, (a) =>
    nn.elu(a.x, a.alpha === undefined ? undefined : { alpha: a.alpha }),
  ),
  fn("nn.softmax", { x, axis }, (a) => nn.softmax(a.x, a.axis)),
  fn("nn.logSoftmax", { x, axis }, (a) => nn.logSoftmax(a.x, a.axis)),
  fn("nn.logsumexp", { x, axis }, (a) => nn.logsumexp(a.x, a.axis)),
  fn(
    "nn.oneHot",
    {
      x: { kind: "intArray", valid: jnp.array([0, 2], { dtype: "int32" }), skip: ["float array"] }, // JAX one_hot compares floats too
      numClasses: { kind: "count", valid: 3 },
      dtype: { kind: "dtype", valid: "float32", optional: true },
      axis: { kind: "axis", valid: -1, ndim: 2, optional: true },
    },
    (a) => nn.oneHot(a.x, a.numClasses, { dtype: a.dtype, axis: a.axis }),
    {
      aliases: ["one_hot"],
      extra: [{ label: "too large to allocate", call: () => nn.oneHot(jnp.zeros([100000], { dtype: "int32" }), 1e6), problem: /allocat/ }],
    },
  ),
  fn("scipy.special.erf", { x }, (a) => scipy.special.erf(a.x)),
  fn("scipy.special.erfinv", { x }, (a) => scipy.special.erfinv(a.x)),
  fn("scipy.special.logsumexp", { x, axis }, (a) => scipy.special.logsumexp(a.x, a.axis)),
];
