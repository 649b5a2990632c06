// jnp products (dot, matmul, ..., einsum), jnp.linalg and the testing helpers.
import { jnp } from "../../../src/index.ts";
import { type FnSpec, fn } from "../battery/spec.ts";

const m23 = jnp.array([
  [1, 2, 3],
  [4, 5, 6],
]);
const m32 = jnp.array([
  [1, 0],
  [0, 1],
  [1, 1],
]);
const sq = jnp.array([
  [4, 1],
  [1, 3],
]);
const v3 = jnp.array([1, 2, 3]);
const arr = (valid: unknown) => ({ kind: "array", valid }) as const;
const ints = { kind: "intArray", valid: jnp.arange(6).reshape([2, 3]) } as const;

export const linalgSpecs: FnSpec[] = [
  fn("jnp.dot", { a: arr(m23), b: arr(m32) }, (a) => jnp.dot(a.a, a.b), {
    extra: [{ label: "not aligned", call: () => jnp.dot(m23, m23), problem: /shapes \(2, 3\) and \(2, 3\) are not aligned/ }],
  }),
  fn("jnp.matmul", { a: arr(m23), b: arr(m32) }, (a) => jnp.matmul(a.a, a.b), {
    extra: [
      { label: "core dims", call: () => jnp.matmul(m23, m23), problem: /size 2 is different from 3/ },
      { label: "0-d operand", call: () => jnp.matmul(jnp.array(2), m23), problem: /at least 1-dimensional/ },
      {
        label: "batch dims do not broadcast",
        call: () => jnp.matmul(jnp.ones([2, 2, 3]), jnp.ones([3, 3, 2])),
        problem: /Incompatible shapes/,
      },
    ],
  }),
  fn("jnp.vdot", { a: arr(m23), b: arr(m23) }, (a) => jnp.vdot(a.a, a.b), {
    extra: [{ label: "sizes differ", call: () => jnp.vdot(m23, v3), problem: /\(6,\) and \(3,\)/ }],
  }),
  fn("jnp.inner", { a: arr(m23), b: arr(m23) }, (a) => jnp.inner(a.a, a.b), {
    extra: [{ label: "last dims differ", call: () => jnp.inner(m23, m32), problem: /\(2, 3\).*\(3, 2\)/ }],
  }),
  fn("jnp.outer", { a: arr(v3), b: arr(v3) }, (a) => jnp.outer(a.a, a.b)),
  fn(
    "jnp.tensordot",
    {
      a: arr(m23),
      b: arr(m32),
      axes: { kind: "count", valid: 1, optional: true, bad: [{ label: "more axes than dims", value: 3, problem: /axes|out of bounds/ }] },
    },
    (a) => jnp.tensordot(a.a, a.b, a.axes),
    {
      extra: [
        { label: "axis pair out of range", call: () => jnp.tensordot(m23, m32, [[5], [0]]), problem: /out of bounds|out of range/ },
        { label: "contracted sizes differ", call: () => jnp.tensordot(m23, m32, [[0], [0]]), problem: /\(2,\) and \(3,\)|same shape/ },
      ],
    },
  ),
  fn(
    "jnp.einsum",
    {
      subscripts: {
        kind: "other",
        valid: "ij,jk->ik",
        bad: [
          { label: "undefined", value: undefined, problem: /subscripts must be a string/ },
          { label: "number", value: 3, problem: /subscripts must be a string/ },
          { label: "unknown output label", value: "ij,jk->iz", problem: /Output character 'z' did not appear in the input/ },
          { label: "too few subscripts", value: "ij->ij", problem: /1 operand subscripts for 2 operands/ },
        ],
      },
      a: arr(m23),
      b: arr(m32),
    },
    (a) => jnp.einsum(a.subscripts, a.a, a.b),
    {
      extra: [
        { label: "too few operands", call: () => jnp.einsum("ij,jk->ik", m23), problem: /2 operand subscripts for 1 operands/ },
        { label: "label sizes differ", call: () => jnp.einsum("ij,jk->ik", m23, m23), problem: /label 'j'/ },
      ],
    },
  ),
  fn(
    "jnp.linalg.norm",
    {
      x: arr(m23),
      ord: {
        kind: "number",
        valid: 2,
        optional: true,
        skip: ["plain object"],
        bad: [{ label: "unknown order", value: "max", problem: /max/ }],
      },
      axis: { kind: "axes", valid: 1, ndim: 2, optional: true },
    },
    (a) => jnp.linalg.norm(a.x, { ord: a.ord, axis: a.axis }),
  ),
  fn("jnp.linalg.inv", { a: arr(sq) }, (a) => jnp.linalg.inv(a.a), {
    extra: [{ label: "not square", call: () => jnp.linalg.inv(m23), problem: /\[\.\.\., n, n\], got \(2, 3\)/ }],
  }),
  fn("jnp.linalg.solve", { a: arr(sq), b: arr([1, 2]) }, (a) => jnp.linalg.solve(a.a, a.b), {
    extra: [
      { label: "b does not match", call: () => jnp.linalg.solve(sq, v3), problem: /a=\(2, 2\) and b=\(3,\)/ },
      { label: "1-d a", call: () => jnp.linalg.solve(v3, v3), problem: /at least two dimensional/ },
    ],
  }),
  // JAX's message names its helper _det.
  fn("jnp.linalg.det", { a: arr(sq) }, (a) => jnp.linalg.det(a.a), {
    aliases: ["_det"],
    extra: [{ label: "not square", call: () => jnp.linalg.det(m23), problem: /\(2, 3\)/ }],
  }),
  fn("jnp.linalg.cholesky", { a: arr(sq) }, (a) => jnp.linalg.cholesky(a.a), {
    extra: [{ label: "not square", call: () => jnp.linalg.cholesky(m23), problem: /\(2, 3\)/ }],
  }),
  fn(
    "jnp.allclose",
    { a: arr(m23), b: arr(m23), rtol: { kind: "number", valid: 1e-3, optional: true } },
    (a) => jnp.allclose(a.a, a.b, { rtol: a.rtol }),
    {
      extra: [{ label: "shapes do not broadcast", call: () => jnp.allclose(m23, m32), problem: /Incompatible shapes/ }],
    },
  ),
  fn(
    "jnp.isclose",
    { a: arr(m23), b: arr(v3), atol: { kind: "number", valid: 1e-3, optional: true } },
    (a) => jnp.isclose(a.a, a.b, { atol: a.atol }),
    {
      extra: [{ label: "shapes do not broadcast", call: () => jnp.isclose(m23, m32), problem: /Incompatible shapes/ }],
    },
  ),
  fn("jnp.arrayEqual", { a: arr(m23), b: arr(ints.valid) }, (a) => jnp.arrayEqual(a.a, a.b), { aliases: ["array_equal"] }),
];
