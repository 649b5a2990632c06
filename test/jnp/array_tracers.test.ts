// jnp.array / asarray of nested lists holding traced values, under every
// transformation; positional dtypes; dtype objects (jnp.float32 as a dtype and as a cast).
import { test } from "node:test";
import assert from "node:assert/strict";
import { grad, jit, jnp, vmap, jvp, lax, makeJaxpr, TypeError as JaxTypeError, type NDArray } from "../../src/index.ts";

const vals = (x: NDArray) => x.toArray();

test("jnp.array of a list of tracers under jit, vmap, grad and jvp", () => {
  const pair = (x: NDArray, y: NDArray) => jnp.array([x, y]);
  assert.deepEqual(vals(jit(pair)(jnp.array(1), jnp.array(2))), [1, 2]);
  assert.deepEqual(vals(jit((x: NDArray) => jnp.asarray([x, 2]))(jnp.array(3))), [3, 2]);
  assert.deepEqual(
    vals(
      jit((x: NDArray) =>
        jnp.array([
          [x, 1],
          [2, x.mul(2)],
        ]),
      )(jnp.array(3)),
    ),
    [
      [3, 1],
      [2, 6],
    ],
  );
  assert.deepEqual(vals(vmap((x: NDArray) => jnp.array([x, x.mul(2)]))(jnp.array([1, 2, 3]))), [
    [1, 2],
    [2, 4],
    [3, 6],
  ]);
  // d/dx sum([x, x²]) = 1 + 2x.
  assert.equal(grad((x: NDArray) => jnp.sum(jnp.array([x, x.mul(x)])))(3).item(), 7);
  const [, t] = jvp((x: NDArray) => jnp.array([x, 1]), [2], [1]);
  assert.deepEqual(vals(t), [1, 0]);
  // Rows that are arrays stack on a new first axis.
  assert.deepEqual(vals(jit((r: NDArray) => jnp.array([r, r.mul(10)]))(jnp.array([1, 2]))), [
    [1, 2],
    [10, 20],
  ]);
  // Inside lax control flow the operands are tracers too.
  assert.deepEqual(vals(lax.foriLoop(0, 3, (i, acc: NDArray) => acc.add(jnp.array([i, 1])), jnp.zeros([2]))), [3, 3]);
  assert.match(makeJaxpr(pair)(1, 2).toString(), /concatenate|broadcast_in_dim|reshape/);
});

test("a JS list passed where a function takes an array: each element is a leaf (grad gives a list)", () => {
  const g = grad((x: NDArray) => jnp.sum(jnp.sin(x)))([1, 2, 3] as unknown as NDArray) as unknown as NDArray[];
  assert.equal(g.length, 3);
  g.forEach((gi, i) => assert.ok(Math.abs(gi.item() - Math.cos(i + 1)) < 1e-6));
});

test("dtypes of nested lists: JS numbers float32; with a strongly typed array, JAX's promotion", () => {
  assert.equal(jnp.array([1, 2]).dtype, "float32");
  assert.equal(jnp.array([true, false]).dtype, "bool");
  assert.equal(jnp.array([jnp.array(1, "int32"), 2]).dtype, "int32"); // JAX: int32
  assert.equal(jnp.array([jnp.array(1, "int32"), 2.5]).dtype, "float32"); // JAX: float32
  assert.equal(jit((x: NDArray) => jnp.array([x, 2]))(jnp.array(1, "int32")).dtype, "int32");
  assert.equal(jit((x: NDArray, y: NDArray) => jnp.array([x, y]))(1, 2).dtype, "float32"); // weak scalars: as eagerly
  assert.equal(jit((x: NDArray) => jnp.array([x, 2], { dtype: "int32" }))(jnp.array(1.5)).dtype, "int32");
  assert.equal(jnp.array(jnp.array(2)).weakType, false);
  // A ragged list is an error naming the problem, with tracers too.
  assert.throws(() => jit((x: NDArray) => jnp.array([x, [1, 2]]))(jnp.array(1)), /inhomogeneous/);
});

test("a dtype given positionally is used, as JAX's jnp.array(x, dtype)", () => {
  assert.equal(jnp.array([1, 2], "int32").dtype, "int32");
  assert.deepEqual(jnp.array([1.7, -2.5], "int32").toArray(), [1, -2]);
  assert.equal(jnp.asarray([1, 2], "bool").dtype, "bool");
  assert.equal(jnp.zeros([2], "int32").dtype, "int32");
  assert.equal(jnp.ones([2], jnp.uint32).dtype, "uint32");
  assert.equal(jnp.full([2], 3, "int32").dtype, "int32");
  assert.equal(jnp.zerosLike(jnp.ones([2]), "bool").dtype, "bool");
  assert.equal(jnp.eye(2, null, 0, "int32").dtype, "int32");
  assert.throws(
    () => jnp.array([1, 2], "int3" as never),
    (e: unknown) => e instanceof JaxTypeError && /dtype must be one of/.test((e as Error).message),
  );
});

test("unknown options of creation functions throw", () => {
  assert.throws(() => jnp.array([1], { dtpe: "int32" } as never), /array\(\) got an unexpected option 'dtpe'/);
  assert.throws(() => jnp.zeros([2], { dtype: "int32", fill: 1 } as never), /zeros\(\) got an unexpected option 'fill'/);
  assert.throws(() => jnp.linspace(0, 1, 5, { end_point: false } as never), /did you mean 'endpoint'/);
  assert.throws(() => jnp.linspace(0, 1, 5, { endpoint: "no" } as never), /endpoint must be a boolean/);
  assert.throws(() => jnp.arange(0, 5, 1, { dtype: "int32", step: 2 } as never), /unexpected option 'step'/);
  assert.throws(() => jnp.array([1], null as never), /options argument must be/);
  assert.equal(jnp.array([1], { copy: false }).dtype, "float32");
});

test("dtype objects: a dtype argument, a cast, and their name", () => {
  assert.equal(String(jnp.float32), "float32");
  assert.equal(`${jnp.int32}`, "int32");
  assert.equal(jnp.float32.dtype, "float32");
  assert.equal(jnp.bool.name, "bool");
  assert.equal(jnp.bool_, jnp.bool);
  const c = jnp.float32(3);
  assert.equal(c.dtype, "float32");
  assert.equal(c.weakType, false);
  assert.deepEqual(jnp.int32([1.7, -2.5]).toArray(), [1, -2]);
  assert.equal(jnp.ones([2]).astype(jnp.int32).dtype, "int32");
  assert.equal(jnp.astype([1, 2], jnp.bool).dtype, "bool");
  assert.equal(jnp.zeros([2], { dtype: jnp.bool }).dtype, "bool");
  assert.equal(jnp.arange(3, { dtype: jnp.float32 }).dtype, "float32");
  assert.equal(lax.convertElementType(jnp.ones([2]), jnp.int32 as never).dtype, "int32");
  // As a cast under jit.
  assert.equal(jit((x: NDArray) => jnp.float32(x))(jnp.array([1, 2], "int32")).dtype, "float32");
  assert.equal(jnp.ones([2]).dtype === jnp.float32.dtype, true);
});
