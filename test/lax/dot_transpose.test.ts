// dot_general's transpose rule is the adjoint of its linear maps: for every
// layout of dimension numbers (batch dims anywhere, several contracting dims,
// operands with or without free dims), <ct, dot(t, r)> = <vjp_l(ct), t> and
// likewise for the rhs. The rule picks the operand order whose product is
// already in the operand's layout, so each layout below takes one of its paths
// (other operand first, ct first, ct first then a transpose); jit and eager agree.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jit, jnp, lax, random, vjp, type NDArray } from "../../src/index.ts";

type Dims = [[number[], number[]], [number[], number[]]];
const CASES: Array<{ name: string; l: number[]; r: number[]; dims: Dims }> = [
  {
    name: "matmul",
    l: [5, 4],
    r: [4, 3],
    dims: [
      [[1], [0]],
      [[], []],
    ],
  },
  {
    name: "x^T y",
    l: [4, 5],
    r: [4, 3],
    dims: [
      [[0], [0]],
      [[], []],
    ],
  },
  {
    name: "x y^T",
    l: [5, 4],
    r: [3, 4],
    dims: [
      [[1], [1]],
      [[], []],
    ],
  },
  {
    name: "x^T y^T",
    l: [4, 5],
    r: [3, 4],
    dims: [
      [[0], [1]],
      [[], []],
    ],
  },
  {
    name: "batched matmul",
    l: [2, 5, 4],
    r: [2, 4, 3],
    dims: [
      [[2], [1]],
      [[0], [0]],
    ],
  },
  {
    name: "batch dims last",
    l: [5, 4, 2],
    r: [4, 3, 2],
    dims: [
      [[1], [0]],
      [[2], [2]],
    ],
  },
  {
    name: "two contracting dims, crossed",
    l: [3, 4, 5],
    r: [5, 2, 3],
    dims: [
      [
        [0, 2],
        [2, 0],
      ],
      [[], []],
    ],
  },
  {
    name: "two batch dims, swapped",
    l: [2, 3, 4],
    r: [3, 2, 4, 5],
    dims: [
      [[2], [2]],
      [
        [0, 1],
        [1, 0],
      ],
    ],
  },
  {
    name: "vector · matrix",
    l: [4],
    r: [4, 3],
    dims: [
      [[0], [0]],
      [[], []],
    ],
  },
  {
    name: "matrix · vector",
    l: [3, 4],
    r: [4],
    dims: [
      [[1], [0]],
      [[], []],
    ],
  },
  {
    name: "inner product",
    l: [6],
    r: [6],
    dims: [
      [[0], [0]],
      [[], []],
    ],
  },
  {
    name: "outer product",
    l: [3],
    r: [4],
    dims: [
      [[], []],
      [[], []],
    ],
  },
];

const vdot = (a: NDArray, b: NDArray) => jnp.sum(a.astype("float64").mul(b.astype("float64"))).item() as number;

for (const { name, l: lShape, r: rShape, dims } of CASES) {
  test(`dot_general transpose is the adjoint of its linear maps: ${name}`, () => {
    const ks = [0, 1, 2, 3, 4].map((i) => random.key(10 * i + lShape.length * 3 + rShape.length));
    const l = random.normal(ks[0], lShape);
    const r = random.normal(ks[1], rShape);
    const tl = random.normal(ks[2], lShape);
    const tr = random.normal(ks[3], rShape);
    const dot = (a: NDArray, b: NDArray) => lax.dotGeneral(a, b, dims);
    const out = dot(l, r);
    const ct = random.normal(ks[4], out.shape);
    for (const f of [dot, jit(dot)]) {
      const [, pullback] = vjp(f, l, r);
      const [gl, gr] = pullback(ct) as NDArray[];
      assert.deepEqual(gl.shape, lShape);
      assert.deepEqual(gr.shape, rShape);
      const scale = Math.sqrt(out.size * lShape.concat(rShape).reduce((a, b) => a * b, 1));
      assert.ok(Math.abs(vdot(ct, dot(tl, r)) - vdot(gl, tl)) < 1e-4 * scale, `${name}: lhs`);
      assert.ok(Math.abs(vdot(ct, dot(l, tr)) - vdot(gr, tr)) < 1e-4 * scale, `${name}: rhs`);
    }
  });
}
