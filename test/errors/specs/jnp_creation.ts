// jnp array creation: array/asarray, zeros/ones/full/empty(+Like), arange, linspace, eye, tri.
import { jnp } from "../../../src/index.ts";
import { type FnSpec, fn } from "../battery/spec.ts";

const m23 = jnp.ones([2, 3]);
const dtype = { kind: "dtype", valid: "int32", optional: true } as const;
const shape = { kind: "shape", valid: [2, 3] } as const;

export const creationSpecs: FnSpec[] = [
  fn(
    "jnp.array",
    {
      data: {
        kind: "array",
        valid: [
          [1, 2],
          [3, 4],
        ],
      },
      dtype,
    },
    (a) => jnp.array(a.data, { dtype: a.dtype }),
  ),
  fn("jnp.asarray", { data: { kind: "array", valid: [1, 2] }, dtype }, (a) => jnp.asarray(a.data, { dtype: a.dtype })),
  fn("jnp.zeros", { shape, dtype }, (a) => jnp.zeros(a.shape, { dtype: a.dtype })),
  fn("jnp.ones", { shape, dtype }, (a) => jnp.ones(a.shape, { dtype: a.dtype })),
  fn("jnp.empty", { shape, dtype }, (a) => jnp.empty(a.shape, { dtype: a.dtype }), { aliases: ["zeros"] }),
  fn("jnp.full", { shape, fillValue: { kind: "array", valid: 2 }, dtype }, (a) => jnp.full(a.shape, a.fillValue, { dtype: a.dtype }), {
    extra: [{ label: "fill value does not broadcast", call: () => jnp.full([2, 3], [1, 2]), problem: /broadcast/ }],
  }),
  fn("jnp.zerosLike", { x: { kind: "array", valid: m23 }, dtype }, (a) => jnp.zerosLike(a.x, { dtype: a.dtype })),
  fn("jnp.onesLike", { x: { kind: "array", valid: m23 }, dtype }, (a) => jnp.onesLike(a.x, { dtype: a.dtype })),
  fn("jnp.fullLike", { x: { kind: "array", valid: m23 }, fillValue: { kind: "array", valid: 7 }, dtype }, (a) =>
    jnp.fullLike(a.x, a.fillValue, { dtype: a.dtype }),
  ),
  fn(
    "jnp.arange",
    {
      start: { kind: "number", valid: 1 },
      // An object in stop's or step's place is the options object of arange(stop, {dtype}).
      stop: { kind: "number", valid: 7, optional: true, skip: ["plain object"], bad: [{ label: "NaN stop", value: NaN, problem: /NaN/ }] },
      step: { kind: "number", valid: 2, optional: true, skip: ["plain object"], bad: [{ label: "zero step", value: 0, problem: /step/ }] },
      dtype,
    },
    (a) => jnp.arange(a.start, a.stop, a.step, { dtype: a.dtype }),
    {
      extra: [{ label: "too long to allocate", call: () => jnp.arange(0, 1e12), problem: /allocat/ }],
    },
  ),
  fn(
    "jnp.linspace",
    {
      start: { kind: "number", valid: 0 },
      stop: { kind: "number", valid: 1 },
      num: { kind: "count", valid: 5, optional: true },
      dtype: { kind: "dtype", valid: "float32", optional: true },
    },
    (a) => jnp.linspace(a.start, a.stop, a.num, { dtype: a.dtype }),
    {
      extra: [{ label: "too long to allocate", call: () => jnp.linspace(0, 1, 1e12), problem: /allocat/ }],
    },
  ),
  fn(
    "jnp.eye",
    {
      n: { kind: "count", valid: 3 },
      m: { kind: "count", valid: 4, optional: true },
      k: { kind: "int", valid: 1, optional: true },
      dtype,
    },
    (a) => jnp.eye(a.n, a.m, a.k, { dtype: a.dtype }),
  ),
  fn("jnp.identity", { n: { kind: "count", valid: 3 }, dtype }, (a) => jnp.identity(a.n, { dtype: a.dtype })),
  fn(
    "jnp.tri",
    {
      n: { kind: "count", valid: 3 },
      m: { kind: "count", valid: 2, optional: true },
      k: { kind: "int", valid: 0, optional: true },
      dtype,
    },
    (a) => jnp.tri(a.n, a.m, a.k, { dtype: a.dtype }),
  ),
  fn("jnp.tril", { x: { kind: "array", valid: m23 }, k: { kind: "int", valid: 0, optional: true } }, (a) => jnp.tril(a.x, a.k), {
    extra: [{ label: "1-d array", call: () => jnp.tril(jnp.ones([3])), problem: /at least 2 dimensions/ }],
  }),
  fn("jnp.triu", { x: { kind: "array", valid: m23 }, k: { kind: "int", valid: 0, optional: true } }, (a) => jnp.triu(a.x, a.k), {
    extra: [{ label: "0-d array", call: () => jnp.triu(jnp.array(1)), problem: /at least 2 dimensions/ }],
  }),
];
