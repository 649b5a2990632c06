// The wasm heap as a bounded cache: past its hard limit, least recently used
// buffers move to host memory and come back when used, with their values;
// buffers of the running operation are never moved. Also what browsers do
// (no collection on demand): a synchronous loop stays bounded by eviction alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ValueError, config, defaultBackend, jit, jnp, memoryStats, type NDArray } from "../../src/index.ts";
import { wasmBackend } from "../../src/backend/wasm/backend.ts";

const onWasm = defaultBackend() === "wasm" && wasmBackend !== null;
const MiB = 2 ** 20;
if (onWasm) config.update("wasmMemoryBudget", 8 * MiB);
// Each operation here runs when called, so its output is in memory at once (deferred, a `full` would hold nothing).
config.update("eagerFusion", false);

/** n arrays of 1 MiB, each filled with its index. */
const filled = (n: number): NDArray[] => Array.from({ length: n }, (_, i) => jnp.full([MiB / 4], i));

test("live arrays beyond the limit are evicted, read back and computed with correctly", { skip: !onWasm }, () => {
  const before = memoryStats()!;
  const xs = filled(40); // 40 MiB live against a 12 MiB hard limit
  const mid = memoryStats()!;
  assert.ok(mid.evictions > before.evictions, "some were evicted");
  assert.ok(mid.bytesInUse <= mid.bytesLimit + MiB);
  // Reads of evicted arrays come from their host copies.
  xs.forEach((x, i) => assert.equal(x.get(1000).item(), i));
  // Computing reloads them.
  const total = xs.reduce((acc, x) => acc.add(x.sum()), jnp.array(0));
  assert.equal(total.item(), ((MiB / 4) * (39 * 40)) / 2);
  assert.ok(memoryStats()!.reloads > mid.reloads, "evicted arrays came back");
  const sq = jit((a: NDArray) => a.mul(a));
  xs.forEach((x, i) => assert.equal(sq(x).get(5).item(), i * i));
});

test("one operation whose operands exceed the limit keeps all of them resident", { skip: !onWasm }, () => {
  const xs = filled(20);
  const f = jit((...as: NDArray[]) => as.reduce((a, b) => a.add(b)));
  const out = f(...xs);
  assert.equal(out.get(123).item(), (19 * 20) / 2);
});

test("deferred operands are computed before the operation that reads them begins", { skip: !onWasm }, () => {
  // Computed mid-operation, each would start an operation of its own, and the memory manager could move the operands placed before it.
  config.update("eagerFusion", true);
  try {
    const xs = filled(20);
    const f = jit((...as: NDArray[]) => as.reduce((a, b) => a.add(b)));
    assert.equal(
      f(...xs)
        .get(123)
        .item(),
      (19 * 20) / 2,
    );
  } finally {
    config.update("eagerFusion", false);
  }
});

test("dispose and donation of an evicted array", { skip: !onWasm }, () => {
  const xs = filled(30);
  const first = xs[0];
  assert.equal(wasmBackend!.residency.residentBuffers < 30, true);
  first.dispose();
  assert.throws(
    () => first.add(1),
    (e: Error) => e instanceof ValueError && /disposed/.test(e.message),
  );
  const g = jit((a: NDArray) => a.add(1), { donateArgnums: 0 });
  const y = g(xs[1]);
  assert.equal(y.get(0).item(), 2);
  assert.throws(() => xs[1].add(1), /donated/);
});

test("without collection on demand (as in browsers), a synchronous loop is bounded by eviction", { skip: !onWasm }, () => {
  const r = wasmBackend!.residency;
  r.collects = false;
  try {
    const step = jit((v: NDArray) => v.mul(2).add(1));
    let x = jnp.zeros([MiB / 4]);
    const e0 = memoryStats()!.evictions;
    for (let i = 0; i < 100; i++) {
      x = step(x);
      const s = memoryStats()!;
      assert.ok(s.bytesInUse <= s.bytesLimit + 2 * MiB, `step ${i}: ${s.bytesInUse} bytes in use`);
    }
    assert.ok(memoryStats()!.evictions > e0);
    assert.equal(x.get(0).item(), 2 ** 100 - 1);
  } finally {
    r.collects = true;
  }
});

test("memoryStats: the wasm heap's figures; null for the js backend; bad names throw", () => {
  if (onWasm) {
    const s = memoryStats("wasm")!;
    for (const k of [
      "bytesInUse",
      "peakBytesInUse",
      "bytesLimit",
      "bytesReserved",
      "numAllocs",
      "largestAllocSize",
      "residentBuffers",
      "evictions",
      "reloads",
      "collections",
      "collectedBuffers",
    ] as const) {
      assert.equal(typeof s[k], "number", k);
    }
    assert.ok(s.peakBytesInUse >= s.bytesInUse && s.bytesReserved >= s.bytesInUse);
    const x = jnp.ones([1000]);
    const held = memoryStats()!.bytesInUse;
    x.dispose();
    assert.equal(held - memoryStats()!.bytesInUse, 4096, "a 4000-byte buffer takes a 4 KiB size class");
  }
  assert.equal(memoryStats("js"), null);
  assert.throws(() => memoryStats("tpu"), /not available|Unknown/);
  assert.throws(() => memoryStats(3 as unknown as string), /memoryStats expects a backend name/);
  assert.throws(() => config.update("wasmMemoryBudget", -1), /positive number of bytes/);
});

test("small arrays live in host memory between operations and keep their values", { skip: !onWasm }, () => {
  const kept = Array.from({ length: 300 }, (_, i) => jnp.arange(8).mul(i)); // 32-byte results, all alive
  // Hundreds of operations later their buffers have left the heap; reads and computations still see the values.
  const before = memoryStats()!.bytesInUse;
  for (let i = 0; i < 200; i++) jnp.ones([4]).add(i);
  assert.ok(memoryStats()!.bytesInUse <= before + 64 * 4096, "small buffers do not pile up in the heap");
  kept.forEach((k, i) => assert.equal(k.get(7).item(), 7 * i));
  const total = kept.reduce((acc, k) => acc.add(k), jnp.zeros([8]));
  assert.equal(total.get(1).item(), (299 * 300) / 2);
  const f = jit((a: NDArray, b: NDArray) => a.mul(b).sum());
  assert.equal(f(kept[3], kept[5]).item(), 15 * (0 + 1 + 4 + 9 + 16 + 25 + 36 + 49));
});
