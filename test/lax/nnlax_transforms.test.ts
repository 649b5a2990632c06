// The nn/lax additions under the transformations: JVP against finite
// differences and VJP against JVP (checkGrads, float64), vmap against a loop
// over the batch, jit on the default backend against the js reference
// backend (agree). Values against JAX are in test/nn/goldens.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jit, jnp, jvp, lax, type NDArray, nn, vmap } from "../../src/index.ts";
import { agree, rand } from "../helpers/backends.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";

type A = NDArray;
const maxPool = (a: A) => lax.reduceWindow(a, -Infinity, lax.max, [1, 2, 2, 1], [1, 2, 2, 1], "SAME");
const avgPool = (a: A) => lax.reduceWindow(a, 0, lax.add, [1, 3, 3, 1], [1, 1, 1, 1], "SAME", { windowDilation: [1, 1, 2, 1] });
const lseReduce = (a: A) => lax.reduce(a, -Infinity, (u: A, v: A) => jnp.logaddexp(u, v), [1]);
const attention = (q: A, k: A, v: A) => nn.dotProductAttention(q, k, v, { isCausal: true, bias: jnp.multiply(0.1, jnp.arange(4)) });

test("gradients against finite differences", () => {
  const x = rand([1, 4, 5, 2], 3);
  checkGrads(maxPool, [x]);
  checkGrads(avgPool, [x]);
  checkGrads(lseReduce, [rand([3, 70], 5)]);
  checkGrads((a: A) => lax.reduce(a, 1, lax.mul, [0]), [rand([3, 4], 6)]);
  checkGrads((a: A) => lax.topK(a, 2, { axis: 0 })[0], [rand([4, 3], 7)]);
  checkGrads(lax.erfc, [rand([6], 8, 3)]);
  checkGrads(attention, [rand([2, 3, 4, 5], 9, 1), rand([2, 4, 2, 5], 10, 1), rand([2, 4, 2, 5], 11, 1)]);
  for (const f of [nn.celu, nn.mish, nn.softSign, nn.squareplus, nn.hardSilu, (a: A) => nn.glu(a, 0), (a: A) => nn.standardize(a)]) {
    checkGrads(f as (a: A) => A, [rand([4, 3], 12, 2)]);
  }
  checkGrads((a: A) => nn.logmeanexp(a, 1), [rand([2, 5], 13)]);
  checkGrads(nn.log1mexp, [jnp.add(jnp.abs(rand([5], 14)), 0.05)]);
});

test("reducePrecision is linear: its tangent is the rounded tangent", () => {
  const x = rand([6], 15);
  const t = rand([6], 16);
  const [, tOut] = jvp((a: A) => lax.reducePrecision(a, 5, 4), [x], [t]) as unknown as [A, A];
  assertClose(tOut, lax.reducePrecision(t, 5, 4), 0, 0);
});

test("vmap equals a loop over the batch", () => {
  const cases: Array<[string, (a: A) => A | A[], A]> = [
    ["maxPool", (a) => maxPool(jnp.expandDims(a, 0)), rand([3, 4, 5, 2], 20)],
    ["avgPool", (a) => avgPool(jnp.expandDims(a, 0)), rand([3, 4, 5, 2], 21)],
    ["reduce", lseReduce, rand([2, 3, 6], 22)],
    ["topK", (a) => lax.topK(a, 2), rand([3, 4, 5], 23)],
    ["topK axis 0", (a) => lax.topK(a, 2, { axis: 0 }), rand([3, 4, 5], 24)],
    ["erfc", lax.erfc, rand([3, 4], 25)],
    ["attention", (q) => nn.dotProductAttention(q, q, q, { isCausal: true }), rand([2, 1, 3, 2, 4], 26)],
    ["reducePrecision", (a) => lax.reducePrecision(a, 4, 3), rand([3, 5], 27)],
    ["mulhi", (a) => lax.mulhi(a, jnp.array(123456789, { dtype: "int32" })), jnp.arange(-6, 6).reshape([3, 4])],
  ];
  for (const [name, f, x] of cases) {
    const got = [vmap(f)(x)].flat() as A[];
    const rows = Array.from({ length: x.shape[0] }, (_, i) => [f(x.get(i))].flat() as A[]);
    got.forEach((g, j) => assertClose(g, jnp.stack(rows.map((r) => r[j])), 1e-6, 1e-6, name));
  }
});

test("jit on the default backend agrees with the js reference backend", () => {
  agree("maxPool", maxPool, [rand([2, 6, 5, 3], 30)], 1e-6, 1e-6, true);
  agree("avgPool", avgPool, [rand([2, 6, 5, 3], 31)], 1e-5, 1e-5, true);
  agree("reduce", lseReduce, [rand([3, 70], 32)], 1e-5, 1e-5, true);
  agree("topK", (a) => lax.topK(a, 3), [rand([4, 9], 33)], 0, 0, true);
  agree("erfc", lax.erfc, [rand([20], 34, 4)], 1e-6, 1e-6, true);
  agree("attention", attention, [rand([2, 3, 4, 5], 35, 1), rand([2, 4, 2, 5], 36, 1), rand([2, 4, 2, 5], 37, 1)], 1e-5, 1e-5, true);
  agree("clz", lax.clz, [jnp.arange(-5, 40, 3)], 0, 0, true);
  agree("reducePrecision", (a) => lax.reducePrecision(a, 5, 10), [rand([30], 38, 1e5)], 0, 0, true);
});

test("lax binary ops broadcast scalars and size-1 axes, and raise on rank mismatch, as JAX's", () => {
  const u = jnp.array([1, 2, 3], { dtype: "uint32" });
  assert.deepEqual(lax.bitwiseAnd(u, jnp.array(5, { dtype: "uint32" })).toArray(), [1, 0, 1]);
  assert.deepEqual(jit((a: A) => lax.add(a, jnp.ones([1, 3])))(jnp.ones([2, 3])).shape, [2, 3]);
  assert.throws(() => lax.add(jnp.ones([2, 3]), jnp.ones([3])), /same number of dimensions/);
  assert.throws(() => lax.add(jnp.ones([2], { dtype: "int32" }), 2.5), /same dtypes/);
});
