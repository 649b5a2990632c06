// jnp shape functions: reshape/transpose/axes moves, joins and splits, tiling, padding, take, sort.
import { jnp } from "../../../src/index.ts";
import { type FnSpec, fn } from "../battery/spec.ts";

const m23 = jnp.array([
  [1, 2, 3],
  [4, 5, 6],
]);
const x = { kind: "array", valid: m23 } as const;
const axis2 = { kind: "axis", valid: 1, ndim: 2, optional: true } as const;
const axes2 = { kind: "axes", valid: 1, ndim: 2, optional: true } as const;
const idx = jnp.array([2, 0], { dtype: "int32" });
const pair = { kind: "arrays", valid: [m23, m23] } as const;

export const shapeSpecs: FnSpec[] = [
  // -1 is reshape's "infer this dimension", and a huge shape fails as a size mismatch first.
  fn(
    "jnp.reshape",
    {
      x,
      shape: {
        kind: "shape",
        valid: [3, -1],
        skip: ["negative entry", "too large to allocate"],
        bad: [
          { label: "entry below -1", value: [-2, 3], problem: /-2/ },
          { label: "two -1 entries", value: [-1, -1], problem: /one unknown dimension/ },
        ],
      },
    },
    (a) => jnp.reshape(a.x, a.shape),
    {
      extra: [
        { label: "size mismatch", call: () => jnp.reshape(m23, [4, 2]), problem: /cannot reshape array of shape \(2, 3\) \(size 6\)/ },
      ],
    },
  ),
  fn("jnp.transpose", { x, axes: { kind: "axes", valid: [1, 0], ndim: 2, optional: true } }, (a) => jnp.transpose(a.x, a.axes), {
    extra: [{ label: "not a permutation", call: () => jnp.transpose(m23, [0]), problem: /don't match array of shape \(2, 3\)/ }],
  }),
  fn("jnp.swapaxes", { x, axis1: { kind: "axis", valid: 0, ndim: 2 }, axis2: { kind: "axis", valid: 1, ndim: 2 } }, (a) =>
    jnp.swapaxes(a.x, a.axis1, a.axis2),
  ),
  fn(
    "jnp.moveaxis",
    { x, source: { kind: "axes", valid: 0, ndim: 2 }, destination: { kind: "axes", valid: 1, ndim: 2 } },
    (a) => jnp.moveaxis(a.x, a.source, a.destination),
    {
      extra: [
        { label: "source and destination lengths differ", call: () => jnp.moveaxis(m23, [0, 1], [0]), problem: /same number of elements/ },
      ],
    },
  ),
  fn("jnp.expandDims", { x, axis: { kind: "axes", valid: 0, ndim: 3 } }, (a) => jnp.expandDims(a.x, a.axis)),
  fn(
    "jnp.squeeze",
    { x: { kind: "array", valid: jnp.ones([1, 3, 1]) }, axis: { kind: "axes", valid: 0, ndim: 3, optional: true } },
    (a) => jnp.squeeze(a.x, a.axis),
    {
      extra: [{ label: "non-unit axis", call: () => jnp.squeeze(m23, 0), problem: /size not equal to one/ }],
    },
  ),
  fn("jnp.concatenate", { xs: pair, axis: axis2 }, (a) => jnp.concatenate(a.xs, a.axis), {
    extra: [
      {
        label: "shapes differ off the axis",
        call: () => jnp.concatenate([m23, jnp.ones([3, 3])], 1),
        problem: /shapes \(2, 3\), \(3, 3\)/,
      },
      {
        label: "0-d arrays",
        call: () => jnp.concatenate([jnp.array(1), jnp.array(2)]),
        problem: /Zero-dimensional arrays cannot be concatenated/,
      },
    ],
  }),
  fn("jnp.stack", { xs: pair, axis: { kind: "axis", valid: 2, ndim: 3, optional: true } }, (a) => jnp.stack(a.xs, a.axis), {
    extra: [{ label: "different shapes", call: () => jnp.stack([m23, jnp.ones([3])]), problem: /same shape/ }],
  }),
  fn("jnp.hstack", { xs: pair }, (a) => jnp.hstack(a.xs), {
    extra: [{ label: "rows differ", call: () => jnp.hstack([m23, jnp.ones([3, 1])]), problem: /\(2, 3\), \(3, 1\)/ }],
  }),
  fn("jnp.vstack", { xs: pair }, (a) => jnp.vstack(a.xs), {
    extra: [{ label: "columns differ", call: () => jnp.vstack([m23, jnp.ones([4])]), problem: /\(2, 3\), \(1, 4\)/ }],
  }),
  fn(
    "jnp.split",
    {
      x,
      sections: {
        kind: "count",
        valid: 3,
        skip: ["negative"],
        bad: [{ label: "zero sections", value: 0, problem: /0 sections|positive/ }],
      },
      axis: axis2,
    },
    (a) => jnp.split(a.x, a.sections, a.axis),
    {
      extra: [{ label: "uneven split", call: () => jnp.split(m23, 2, 1), problem: /axis of size 3 into 2 sections/ }],
    },
  ),
  fn(
    "jnp.broadcastTo",
    {
      x: { kind: "array", valid: jnp.ones([3]) },
      // The generic huge shape does not broadcast with (3,); this one does.
      shape: {
        kind: "shape",
        valid: [2, 3],
        skip: ["too large to allocate"],
        bad: [{ label: "too large to allocate", value: [1e10, 3], problem: /allocat/ }],
      },
    },
    (a) => jnp.broadcastTo(a.x, a.shape),
    {
      extra: [
        {
          label: "incompatible",
          call: () => jnp.broadcastTo(jnp.ones([3]), [2, 4]),
          problem: /Incompatible shapes for broadcasting: \(3,\)/,
        },
      ],
    },
  ),
  fn("jnp.broadcastArrays", { x, y: { kind: "array", valid: [1, 2, 3] } }, (a) => jnp.broadcastArrays(a.x, a.y), {
    extra: [
      {
        label: "incompatible",
        call: () => jnp.broadcastArrays(m23, jnp.ones([4])),
        problem: /Incompatible shapes for broadcasting: \(2, 3\), \(4,\)/,
      },
    ],
  }),
  fn("jnp.tile", { x, reps: { kind: "shape", valid: [2, 1] } }, (a) => jnp.tile(a.x, a.reps)),
  fn("jnp.repeat", { x, repeats: { kind: "count", valid: 2 }, axis: axis2 }, (a) => jnp.repeat(a.x, a.repeats, a.axis), {
    extra: [{ label: "too large to allocate", call: () => jnp.repeat(m23, 1e9, 0), problem: /allocat/ }],
  }),
  fn("jnp.flip", { x, axis: axes2 }, (a) => jnp.flip(a.x, a.axis)),
  // Rolling along a repeated axis rolls it twice, in NumPy and JAX alike.
  fn(
    "jnp.roll",
    { x, shift: { kind: "int", valid: 1 }, axis: { ...axes2, skip: ["repeated axis"] } },
    (a) => jnp.roll(a.x, a.shift, a.axis),
    {
      extra: [{ label: "shift and axis lengths differ", call: () => jnp.roll(m23, [1, 2], [0]), problem: /same length/ }],
    },
  ),
  fn(
    "jnp.pad",
    {
      x,
      padWidth: {
        kind: "count",
        valid: 1,
        bad: [
          {
            label: "one pair per axis too many",
            value: [
              [1, 1],
              [1, 1],
              [1, 1],
            ],
            problem: /3 entries for an array of rank 2/,
          },
          {
            label: "negative in a pair",
            value: [
              [0, -1],
              [1, 1],
            ],
            problem: /non-negative/,
          },
        ],
      },
    },
    (a) => jnp.pad(a.x, a.padWidth),
    {
      extra: [
        {
          label: "unsupported mode",
          call: () => jnp.pad(m23, 1, { mode: "bogus" as never }),
          problem: /Unimplemented padding mode 'bogus'/,
        },
        {
          label: "an option of another mode",
          call: () => jnp.pad(m23, 1, { mode: "edge", statLength: 2 }),
          problem: /pad: unsupported keyword arguments for mode 'edge': \{'statLength'\}/,
        },
      ],
    },
  ),
  fn("jnp.take", { x, indices: { kind: "intArray", valid: idx }, axis: axis2 }, (a) => jnp.take(a.x, a.indices, a.axis)),
  fn(
    "jnp.takeAlongAxis",
    { x, indices: { kind: "intArray", valid: jnp.array([[0], [2]], { dtype: "int32" }) }, axis: axis2 },
    (a) => jnp.takeAlongAxis(a.x, a.indices, a.axis),
    {
      aliases: ["take_along_axis"],
      extra: [{ label: "rank mismatch", call: () => jnp.takeAlongAxis(m23, idx, 1), problem: /same number of dimensions/ }],
    },
  ),
  fn("jnp.sort", { x, axis: axis2 }, (a) => jnp.sort(a.x, a.axis), {
    extra: [{ label: "0-d array", call: () => jnp.sort(jnp.array(1), 0), problem: /out of bounds|rank/ }],
  }),
  fn("jnp.argsort", { x, axis: axis2 }, (a) => jnp.argsort(a.x, a.axis)),
];
