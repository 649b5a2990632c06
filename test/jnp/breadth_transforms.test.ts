// The breadth functions under grad (against finite differences), vmap
// (against a loop) and jit, where they are differentiable or batchable.
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad, jit, jnp, vmap, type NDArray } from "../../src/index.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";
import { rand } from "../helpers/backends.ts";

test("grad through the new elementwise functions matches finite differences", () => {
  const x = [0.3, -1.2, 2.5, 0.7];
  checkGrads((a: NDArray) => jnp.sum(jnp.sinc(a)), [x]);
  checkGrads((a: NDArray) => jnp.sum(jnp.i0(a)), [x]);
  checkGrads((a: NDArray, b: NDArray) => jnp.sum(jnp.logaddexp2(a, b)), [x, [1.0, 0.5, -2.0, 0.1]]);
  checkGrads((a: NDArray, b: NDArray) => jnp.sum(jnp.copysign(a, b)), [x, [1.0, -0.5, -2.0, 0.1]]);
  checkGrads((a: NDArray, b: NDArray) => jnp.sum(jnp.fmax(a, b)), [x, [1.0, -0.5, -2.0, 0.1]]);
  checkGrads((a: NDArray) => jnp.sum(jnp.ldexp(a, jnp.array([1, -2, 3, 0], { dtype: "int32" }))), [x]);
  checkGrads((a: NDArray) => jnp.sum(jnp.floatPower(a, 3)), [x]);
  checkGrads((a: NDArray) => jnp.sum(jnp.nanToNum(jnp.log(a))), [[0.5, 1.5, 2.5]]);
  checkGrads((a: NDArray) => jnp.sum(jnp.modf(a)[0]), [[0.3, -1.2, 2.5]]);
  // sinc is smooth at 0 with derivative 0.
  assertClose(grad((a: NDArray) => jnp.sinc(a))(0), 0);
});

test("grad through diagonals, einsum repeats, shapes and selections", () => {
  const m = rand([3, 3], 1).toArray() as number[][];
  checkGrads((a: NDArray) => jnp.einsum("ii->", a), [m]);
  checkGrads((a: NDArray) => jnp.sum(jnp.einsum("ii->i", a)), [m]);
  checkGrads((a: NDArray, b: NDArray) => jnp.sum(jnp.einsum("ij,jj->i", a, b)), [m, m]);
  checkGrads((a: NDArray) => jnp.trace(a, { offset: 1 }), [m]);
  checkGrads((a: NDArray) => jnp.sum(jnp.diagonal(a, { offset: -1 })), [m]);
  checkGrads((a: NDArray) => jnp.sum(jnp.multiply(jnp.diag(a.get(0)), m)), [m]);
  checkGrads((a: NDArray) => jnp.sum(jnp.multiply(jnp.rot90(a), m)), [m]);
  checkGrads((a: NDArray) => jnp.sum(jnp.multiply(jnp.insert(a, 1, 2.0, 0), jnp.arange(12).reshape([4, 3]))), [m]);
  checkGrads((a: NDArray) => jnp.sum(jnp.delete(a, [0, 2], 1)), [m]);
  checkGrads((a: NDArray) => jnp.sum(jnp.select([jnp.greater(a, 0), jnp.less(a, -1)], [jnp.square(a), jnp.sin(a)], { default: 0.5 })), [m]);
  checkGrads(
    (a: NDArray) => jnp.sum(jnp.piecewise(a, [jnp.greater(a, 0)], [(v: NDArray) => jnp.square(v), (v: NDArray) => jnp.sin(v)])),
    [m],
  );
  checkGrads((a: NDArray, b: NDArray) => jnp.sum(jnp.choose(jnp.array([[0, 1, 0]], { dtype: "int32" }), [a, b])), [m, m]);
  checkGrads((a: NDArray) => jnp.sum(jnp.compress([true, false, true], a, 0, { size: 2 })), [m]);
  checkGrads((a: NDArray) => jnp.sum(jnp.putAlongAxis(a, jnp.array([[1], [0], [2]], { dtype: "int32" }), 0, 1, { inplace: false })), [m]);
  checkGrads((a: NDArray, v: NDArray) => jnp.sum(jnp.matvec(a, v)), [m, [1.0, 2.0, -1.0]]);
  checkGrads((a: NDArray, v: NDArray) => jnp.sum(jnp.vecdot(a, v)), [m, [1.0, 2.0, -1.0]]);
  checkGrads((a: NDArray) => jnp.sum(jnp.applyAlongAxis((r: NDArray) => jnp.multiply(r, jnp.sum(r)), 1, a)), [m]);
  checkGrads((a: NDArray) => jnp.sum(jnp.logspace(a.get(0), 1, 4)), [m]);
  checkGrads((a: NDArray) => jnp.sum(jnp.vectorize((r: NDArray) => jnp.prod(r), { signature: "(n)->()" })(a)), [m]);
});

test("vmap of the new functions matches a loop", () => {
  const xs = rand([4, 6], 3);
  const loop = (f: (x: NDArray) => NDArray) => jnp.stack([...xs].map(f));
  const cases: Array<[string, (x: NDArray) => NDArray]> = [
    ["flatnonzero", (x) => jnp.flatnonzero(jnp.greater(x, 0), { size: 4, fillValue: -1 })],
    ["extract", (x) => jnp.extract(jnp.greater(x, 0), x, { size: 3 })],
    ["diagonal", (x) => jnp.diagonal(x.reshape([2, 3]), { offset: 1 })],
    ["trace", (x) => jnp.trace(x.reshape([3, 2]))],
    ["insert", (x) => jnp.insert(x, jnp.array([1, 4], { dtype: "int32" }), 9)],
    ["select", (x) => jnp.select([jnp.greater(x, 1), jnp.less(x, -1)], [x, jnp.negative(x)])],
    ["frexp", (x) => jnp.frexp(x)[0]],
    ["copysign", (x) => jnp.copysign(3, x)],
    ["put", (x) => jnp.put(x, [0, 5], [1, 2], { inplace: false })],
    ["einsum ii->i", (x) => jnp.einsum("ii->i", jnp.outer(x, x))],
    ["rot90", (x) => jnp.rot90(x.reshape([2, 3]))],
    ["vectorize", (x) => jnp.vectorize((a: NDArray, b: NDArray) => jnp.add(a, b))(x, 1)],
  ];
  for (const [name, f] of cases) assertClose(vmap(f)(xs), loop(f), 1e-6, 1e-6, `vmap ${name}`);
  const gi = jnp.array(
    [
      [12, 18],
      [7, 21],
      [0, 5],
    ],
    { dtype: "int32" },
  );
  assert.deepEqual(vmap((r: NDArray) => jnp.gcd(r.get(0), r.get(1)))(gi).toArray(), [6, 7, 5]);
});

test("size-less nonzero-like functions refuse to trace, as in JAX", () => {
  const x = jnp.array([0, 1, 2]);
  assert.throws(() => jit((a: NDArray) => jnp.flatnonzero(a))(x), /concrete|size/i);
  assert.throws(() => jit((a: NDArray) => jnp.extract(jnp.greater(a, 0), a))(x), /concrete|size/i);
  assert.deepEqual(jit((a: NDArray) => jnp.flatnonzero(a, { size: 2 }))(x).toArray(), [1, 2]);
});

test("frombuffer, fromstring and fromiter", () => {
  const buf = new Float32Array([1.5, -2, 3]).buffer;
  assert.deepEqual(jnp.frombuffer(buf, { dtype: "float32" }).toArray(), [1.5, -2, 3]);
  assert.deepEqual(jnp.frombuffer(new Int32Array([4, 5, 6, 7]), { dtype: "int32", count: 2, offset: 4 }).toArray(), [5, 6]);
  assert.equal(jnp.frombuffer(new Float64Array([0.25]).buffer).dtype, "float32");
  assert.throws(() => jnp.frombuffer(new Uint8Array([1, 2, 3]).buffer, { dtype: "int32" }), /multiple of element size/);
  const s = jnp.fromstring("1 2  3.5", { sep: " " });
  assert.deepEqual([s.dtype, s.toArray()], ["float32", [1, 2, 3.5]]);
  assert.deepEqual(jnp.fromstring("1,2,3", { sep: ",", dtype: "int32", count: 2 }).toArray(), [1, 2]);
  assert.throws(() => jnp.fromiter([1, 2]), /not implemented/);
});
