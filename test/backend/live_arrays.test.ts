// liveArrays (jax.live_arrays): arrays not deleted, newest first, the very
// objects the program holds; dropped ones are not listed, nothing is recorded
// per array (a synchronous loop still runs in flat memory), both backends.
import assert from "node:assert/strict";
import { test } from "node:test";
import { config, defaultBackend, devicePut, devices, jit, jnp, liveArrays, type NDArray } from "../../src/index.ts";

const MiB = 2 ** 20;
const fresh = (before: Set<NDArray>) => liveArrays().filter((a) => !before.has(a));

test("liveArrays lists the arrays the program holds, newest first, with shape and dtype; dispose through the list deletes them", () => {
  const before = new Set(liveArrays());
  const a = jnp.ones([3]);
  const b = jnp.zeros([2, 2], { dtype: "int32" });
  const l = fresh(before);
  assert.equal(l.length, 2, l.map((a) => `${a.shape} ${String(a)}`).join("; "));
  assert.ok(l[0] === b && l[1] === a, "the same objects, newest first");
  assert.deepEqual(
    l.map((x) => [x.shape, x.dtype]),
    [
      [[2, 2], "int32"],
      [[3], "float32"],
    ],
  );
  l[0].dispose();
  assert.ok(b.isDeleted());
  assert.deepEqual(fresh(before), [a]);
});

test("liveArrays: dropped arrays and constants made by tracing are not listed; arrays a jitted function closes over are", async () => {
  const before = new Set(liveArrays());
  (() => {
    for (let i = 0; i < 20; i++) jnp.sin(jnp.full([4], i));
  })();
  assert.equal(fresh(before).length, 0, "arrays no longer reachable are not live");
  const w = jnp.array([2, 3, 4, 5]);
  const step = jit((v: NDArray) =>
    v
      .mul(1.0001)
      .add(w)
      .add(jnp.array([1, 2, 3, 4])),
  );
  const x = step(jnp.ones([4]));
  // (Tracing keeps weak references to its tracers, and V8 keeps their targets to the end of the job.)
  await new Promise((r) => setTimeout(r, 0));
  const l = fresh(before);
  assert.equal(l.length, 2, l.map((a) => `${a.shape} ${String(a)}`).join("; "));
  assert.ok(l.includes(w) && l.includes(x));
});

test("liveArrays: intermediates of a deferred eager chain the program dropped are not listed", () => {
  const before = new Set(liveArrays());
  const x = jnp.array(Float32Array.from({ length: 10_000 }, (_, i) => Math.sin(i)));
  // On wasm the chain is deferred: out holds exp(x), exp(x) - 1 and the broadcasts until it is computed.
  // (Made in a function of its own: the caller's frame keeps no intermediate in a register.)
  const out = ((v: NDArray) => jnp.exp(v).sub(1).mul(2))(x);
  const l = fresh(before);
  assert.equal(l.length, 2, l.map((a) => `${a.shape} ${a.dtype}`).join("; "));
  assert.ok(l[0] === out && l[1] === x, "the same objects, newest first");
  assert.ok(!out.isDeleted());
});

test("liveArrays(platform): the named backend's arrays; errors as JAX's", () => {
  const other = devices().find((d) => d !== defaultBackend());
  if (other !== undefined) {
    const y = devicePut(jnp.arange(3), other);
    assert.ok(liveArrays(other).includes(y));
    assert.ok(!liveArrays().includes(y));
  }
  assert.throws(() => liveArrays("gpu"), /Backend 'gpu' is not available/);
  assert.throws(() => liveArrays(3 as never), /liveArrays expects a backend name/);
});

test("liveArrays records nothing per array: x = step(x) on 1 MB arrays stays in flat memory after a call", () => {
  config.update("wasmMemoryBudget", 16 * MiB);
  let x = jnp.ones([250_000]);
  const step = jit((v: NDArray) => v.mul(1.0001).add(1e-6));
  for (let i = 0; i < 100; i++) x = step(x);
  const before = new Set(liveArrays());
  const r0 = process.memoryUsage().rss;
  let peak = r0;
  const n = defaultBackend() === "js" ? 200 : 600;
  for (let i = 0; i < n; i++) {
    x = step(x);
    if (i % 16 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const grew = peak - r0;
  assert.ok(grew < 64 * MiB, `RSS grew ${(grew / MiB).toFixed(1)} MiB over ${n} steps (1 MB dropped each)`);
  assert.deepEqual(fresh(before), [x]);
});
