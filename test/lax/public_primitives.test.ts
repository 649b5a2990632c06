// lax.*P primitive objects: bind like JAX's prim.bind(*args, **params) (expected values from JAX 0.10.2).
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad, jit, jnp, lax, vmap, type NDArray } from "../../src/index.ts";

const x = jnp.array([0, 1, 2]);
const arr = (v: unknown) => (v as NDArray).toArray();

test("bind without and with params, eagerly", () => {
  assert.deepEqual(arr(lax.addP.bind(x, x)), [0, 2, 4]);
  assert.deepEqual(arr(lax.addP.bind(x, 1)), [1, 2, 3]);
  assert.deepEqual(arr(lax.integerPowP.bind(x, { y: 2 })), [0, 1, 4]);
  assert.equal((lax.reduceSumP.bind(x, { axes: [0], outSharding: null }) as NDArray).item(), 3);
  assert.equal((lax.reduceSumP.bind(x, { axes: [0], out_sharding: null }) as NDArray).item(), 3);
  const c = lax.convertElementTypeP.bind(x, { newDtype: "int32", weakType: false, sharding: null }) as NDArray;
  assert.equal(c.dtype, "int32");
  assert.deepEqual(arr(lax.iotaP.bind({ dtype: "int32", shape: [3], dimension: 0, sharding: null })), [0, 1, 2]);
  const sorted = lax.sortP.bind(jnp.array([2, 0, 1]), { dimension: 0, isStable: true, numKeys: 1 });
  assert.ok(Array.isArray(sorted));
  assert.deepEqual(arr(sorted[0]), [0, 1, 2]);
  assert.deepEqual(arr(lax.expP.bind(jnp.array([0]), { accuracy: null })), [1]);
  assert.deepEqual(arr(lax.cumsumP.bind(x, { axis: 0, reverse: false })), [0, 1, 3]);
  assert.deepEqual(arr(lax.broadcastInDimP.bind(x, { shape: [2, 3], broadcastDimensions: [1], sharding: null })), [
    [0, 1, 2],
    [0, 1, 2],
  ]);
});

test("names, multipleResults, and use under jit / grad / vmap", () => {
  assert.equal(lax.addP.name, "add");
  assert.equal(String(lax.reduceSumP), "reduce_sum");
  assert.equal(lax.scatterAddP.name, "scatter-add");
  assert.equal(lax.sortP.multipleResults, true);
  assert.equal(lax.addP.multipleResults, false);
  assert.deepEqual(arr(jit((a: NDArray) => lax.mulP.bind(a, a) as NDArray)(x)), [0, 1, 4]);
  const g = grad((a: NDArray) => (lax.sinP.bind(a) as NDArray).sum())(x);
  assert.ok(jnp.allclose(g, jnp.cos(x)).item());
  assert.deepEqual(arr(vmap((a: NDArray) => lax.negP.bind(a) as NDArray)(x)), [-0, -1, -2]);
  assert.throws(() => lax.addP.bind(x, jnp.array([1], { dtype: "int32" })), TypeError);
});

test("primitives jaxts composes (split, tile, stack, unstack, optimization_barrier, rng_bit_generator, reduce_window_*)", () => {
  const m = jnp.arange(6).reshape([2, 3]);
  const parts = lax.splitP.bind(m, { sizes: [1, 2], axis: 1 }) as NDArray[];
  assert.deepEqual(
    parts.map((p) => p.toArray()),
    [
      [[0], [3]],
      [
        [1, 2],
        [4, 5],
      ],
    ],
  );
  assert.deepEqual((lax.tileP.bind(m, { reps: [2, 1] }) as NDArray).shape, [4, 3]);
  assert.deepEqual((lax.stackP.bind(m, m, { axis: 0 }) as NDArray).shape, [2, 2, 3]);
  assert.deepEqual(
    (lax.unstackP.bind(m, { axis: 0 }) as NDArray[]).map((p) => p.toArray()),
    [
      [0, 1, 2],
      [3, 4, 5],
    ],
  );
  assert.equal((lax.optimizationBarrierP.bind(m, m) as NDArray[]).length, 2);
  const [, bits] = lax.rngBitGeneratorP.bind(jnp.array([1, 2, 3, 4], { dtype: "uint32" }), {
    shape: [3],
    dtype: "uint32",
    algorithm: "RNG_DEFAULT",
    outSharding: null,
  }) as NDArray[];
  assert.deepEqual(bits!.toArray(), [512747620, 1298009047, 1267190206]);
  const w = lax.reduceWindowSumP.bind(jnp.arange(5).astype("float32"), {
    windowDimensions: [2],
    windowStrides: [1],
    padding: [[0, 0]],
    baseDilation: [1],
    windowDilation: [1],
  });
  assert.deepEqual((w as NDArray).toArray(), [1, 3, 5, 7]);
  assert.deepEqual(
    (
      lax.reduceWindowMaxP.bind(jnp.array([3, 1, 4, 1, 5]), { windowDimensions: [3], windowStrides: [2], padding: [[0, 0]] }) as NDArray
    ).toArray(),
    [4, 5],
  );
  assert.deepEqual(
    (vmap((x: NDArray) => lax.axisIndexP.bind({ axisName: "i" }) as NDArray, { axisName: "i" })(jnp.zeros([3])) as NDArray).toArray(),
    [0, 1, 2],
  );
  assert.equal(lax.splitP.multipleResults, true);
  assert.throws(() => lax.tileP.bind(m), /missing the parameter reps/);
});
