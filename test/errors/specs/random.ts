// jaxts.random: keys, seeds, shapes, dtypes and distribution parameters.
import { jnp, random } from "../../../src/index.ts";
import { type Arg, type FnSpec, fn } from "../battery/spec.ts";

const key: Arg = { kind: "key", valid: random.PRNGKey(0) };
const shape: Arg = { kind: "shape", valid: [2, 3], optional: true };
const floatDtype: Arg = {
  kind: "dtype",
  valid: "float32",
  optional: true,
  bad: [{ label: "integer dtype", value: "int32", problem: /float dtype|float or complex dtype|floating/ }],
};
const seed: Arg = {
  kind: "int",
  valid: 42,
  bad: [
    { label: "float array seed", value: jnp.array(1.5), problem: /integer/ },
    { label: "vector seed", value: jnp.array([1, 2], { dtype: "int32" }), problem: /scalar seed/ },
    { label: "a key as seed", value: random.key(0), problem: /scalar seed, but was given a PRNG key/ },
  ],
};
const shapeBroadcast = (name: string, call: () => unknown) => ({
  label: "parameter shape does not broadcast to shape",
  call,
  problem: new RegExp(`${name} parameter shapes must be broadcast-compatible`),
});

export const randomSpecs: FnSpec[] = [
  fn("random.key", { seed }, (a) => random.key(a.seed)),
  fn("random.PRNGKey", { seed }, (a) => random.PRNGKey(a.seed), { aliases: ["PRNG key"] }),
  fn("random.split", { key, num: { kind: "shape", valid: 3, optional: true } }, (a) => random.split(a.key, a.num)),
  fn(
    "random.foldIn",
    { key, data: { kind: "int", valid: 7, bad: [{ label: "vector data", value: jnp.array([1, 2]), problem: /scalar/ }] } },
    (a) => random.foldIn(a.key, a.data),
    { aliases: ["fold_in"] },
  ),
  fn(
    "random.bits",
    {
      key,
      shape,
      dtype: { kind: "dtype", valid: "uint32", optional: true, bad: [{ label: "signed dtype", value: "int32", problem: /unsigned/ }] },
    },
    (a) => random.bits(a.key, a.shape, { dtype: a.dtype }),
  ),
  fn(
    "random.uniform",
    {
      key,
      shape,
      dtype: floatDtype,
      minval: { kind: "array", valid: 0, optional: true },
      maxval: { kind: "array", valid: jnp.ones([3]).mul(2), optional: true },
    },
    (a) => random.uniform(a.key, a.shape, { dtype: a.dtype, minval: a.minval, maxval: a.maxval }),
    {
      extra: [shapeBroadcast("uniform", () => random.uniform(random.PRNGKey(0), [2, 3], { maxval: jnp.ones([4]) }))],
    },
  ),
  fn("random.normal", { key, shape, dtype: floatDtype }, (a) => random.normal(a.key, a.shape, { dtype: a.dtype })),
  fn(
    "random.truncatedNormal",
    {
      key,
      lower: { kind: "array", valid: -1 },
      upper: { kind: "array", valid: jnp.ones([3]) },
      shape,
    },
    (a) => random.truncatedNormal(a.key, a.lower, a.upper, a.shape),
    {
      aliases: ["truncated_normal"],
      extra: [shapeBroadcast("truncated_normal", () => random.truncatedNormal(random.PRNGKey(0), -1, jnp.ones([4]), [2, 3]))],
    },
  ),
  fn("random.bernoulli", { key, p: { kind: "array", valid: 0.3, optional: true }, shape }, (a) => random.bernoulli(a.key, a.p, a.shape), {
    extra: [
      shapeBroadcast("bernoulli", () => random.bernoulli(random.PRNGKey(0), jnp.ones([4]).mul(0.5), [2, 3])),
      {
        label: "integer p array",
        call: () => random.bernoulli(random.PRNGKey(0), jnp.array([0, 1], { dtype: "int32" })),
        problem: /floating dtype/,
      },
    ],
  }),
  fn(
    "random.randint",
    {
      key,
      shape: { kind: "shape", valid: [2, 3] },
      minval: { kind: "array", valid: 0 },
      maxval: { kind: "array", valid: 10 },
      dtype: {
        kind: "dtype",
        valid: "int32",
        optional: true,
        bad: [{ label: "float dtype", value: "float32", problem: /integer dtypes/ }],
      },
    },
    (a) => random.randint(a.key, a.shape, a.minval, a.maxval, { dtype: a.dtype }),
  ),
  fn(
    "random.choice",
    {
      key,
      a: { kind: "array", valid: jnp.arange(5), bad: [{ label: "zero population", value: 0, problem: /greater than 0/ }] },
      shape: { kind: "shape", valid: [3], optional: true },
      p: {
        kind: "array",
        valid: jnp.ones([5]).div(5),
        optional: true,
        bad: [{ label: "wrong length", value: jnp.ones([4]), problem: /p must be None or a 1D vector/ }],
      },
    },
    (a) => random.choice(a.key, a.a, a.shape, { p: a.p }),
    {
      extra: [
        {
          label: "sample larger than population",
          call: () => random.choice(random.PRNGKey(0), 3, [5], { replace: false }),
          problem: /Cannot take a larger sample/,
        },
        {
          label: "axis out of range",
          call: () => random.choice(random.PRNGKey(0), jnp.ones([3]), [2], { axis: 1 }),
          problem: /out of bounds/,
        },
      ],
    },
  ),
  fn(
    "random.permutation",
    { key, x: { kind: "array", valid: jnp.arange(6).reshape([2, 3]) }, axis: { kind: "axis", valid: 1, ndim: 2, optional: true } },
    (a) => random.permutation(a.key, a.x, { axis: a.axis }),
  ),
  fn(
    "random.categorical",
    { key, logits: { kind: "array", valid: jnp.zeros([2, 3]) }, axis: { kind: "axis", valid: -1, ndim: 2, optional: true } },
    (a) => random.categorical(a.key, a.logits, { axis: a.axis }),
  ),
  fn("random.gumbel", { key, shape, dtype: floatDtype }, (a) => random.gumbel(a.key, a.shape, { dtype: a.dtype })),
  fn("random.exponential", { key, shape, dtype: floatDtype }, (a) => random.exponential(a.key, a.shape, { dtype: a.dtype })),
  fn("random.laplace", { key, shape, dtype: floatDtype }, (a) => random.laplace(a.key, a.shape, { dtype: a.dtype })),
  // key_data reads key arrays of any shape, so batched keys are valid there.
  fn("random.keyData", { keys: { ...key, skip: ["batched keys"] } }, (a) => random.keyData(a.keys), { aliases: ["key_data"] }),
];
