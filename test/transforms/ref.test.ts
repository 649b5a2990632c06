// jax.new_ref / Ref / freeze / empty_ref / free_ref (printed forms from JAX 0.10.2).
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { test } from "node:test";
import * as jax from "../../src/index.ts";

const { jnp, jit, vmap, grad } = jax;

test("Ref eagerly: set, add, indexed updates, freeze", () => {
  const r = jax.newRef(jnp.zeros([3]));
  r.at(1).set(5);
  assert.equal(inspect(r), "Ref([0., 5., 0.], dtype=float32)");
  r.add(1);
  assert.deepEqual(r.get().toArray(), [1, 6, 1]);
  assert.equal(r.get(1).item(), 6);
  r.at(jnp.s(0, 2)).add(jnp.array([10, 20]));
  assert.deepEqual(jax.freeze(r).toArray(), [11, 26, 1]);
  r.set(2);
  assert.deepEqual(r.get().toArray(), [2, 2, 2]);
  assert.deepEqual([r.shape, r.dtype, r.ndim, r.size], [[3], "float32", 1, 3]);
  const i = jax.newRef(jnp.arange(5));
  i.at(3).set(100);
  assert.equal(inspect(i), "Ref([  0,   1,   2, 100,   4], dtype=int32)");
  assert.deepEqual(jax.freeRef(i), []);
  const e = jax.emptyRef(jax.typeof(jnp.zeros([2], { dtype: "int32" })));
  assert.deepEqual([e.shape, e.dtype], [[2], "int32"]);
  assert.deepEqual(jax.emptyRef(new jax.ShapeDtypeStruct([2, 2], "float32")).shape, [2, 2]);
  assert.throws(() => jax.freeze(jnp.ones([2]) as never), TypeError);
  assert.throws(() => jax.newRef(jnp.ones([2]), { bogus: 1 } as never), TypeError);
});

test("a Ref made inside jit, vmap and grad", () => {
  const f = (x: jax.NDArray) => {
    const r = jax.newRef(jnp.zeros([3]));
    r.add(x);
    r.at(0).set(7);
    return r.get();
  };
  assert.deepEqual(jit(f)(jnp.ones([3])).toArray(), [7, 1, 1]);
  assert.deepEqual(vmap(f)(jnp.ones([2, 3])).toArray(), [
    [7, 1, 1],
    [7, 1, 1],
  ]);
  assert.deepEqual(grad((x: jax.NDArray) => f(x).sum())(jnp.ones([3])).toArray(), [0, 1, 1]);
  // A Ref from outside may be read inside, not mutated.
  const outside = jax.newRef(jnp.ones([3]));
  assert.deepEqual(jit((x: jax.NDArray) => x.add(outside.get()))(jnp.ones([3])).toArray(), [2, 2, 2]);
  assert.throws(
    () =>
      jit((x: jax.NDArray) => {
        outside.add(x);
        return x;
      })(jnp.ones([3])),
    /a Ref created outside jit\/grad\/vmap was mutated inside it/,
  );
  assert.deepEqual(outside.get().toArray(), [1, 1, 1]);
});
