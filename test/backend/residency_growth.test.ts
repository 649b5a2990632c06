// The wasm heap's default budget adapts: when the engine's own collections
// give dropped arrays back, but a little later than the soft limit allows,
// the limit grows instead of the memory manager collecting again and again.
// Here the "engine's own collections" are full collections the program
// requests itself (as V8 runs them when its heap or external memory grows):
// one every 96 MiB of dropped 1 MiB outputs, more than the 64 MiB soft limit
// the heap starts with. Each step also does half a millisecond of other work,
// so that our collections (a few ms each) stay cheap next to the program's
// time and the limit has no other reason to grow.
import { test } from "node:test";
import assert from "node:assert/strict";
import v8 from "node:v8";
import vm from "node:vm";
import { jit, jnp, memoryStats, type NDArray } from "../../src/index.ts";

const MiB = 2 ** 20;

test("collections the engine runs on its own let the soft limit grow instead of ours", { skip: memoryStats() === null }, () => {
  v8.setFlagsFromString("--expose-gc");
  const engineCollects = vm.runInNewContext("gc") as () => void;
  const step = jit((v: NDArray) => v.mul(0.5).add(1));
  let x = jnp.ones([MiB / 4]); // 1 MiB of float32
  const start = memoryStats()!;
  assert.equal(start.bytesLimit, 96 * MiB, "the default budget: a 64 MiB soft limit, 96 MiB hard");
  for (let i = 1; i <= 1000; i++) {
    x = step(x);
    const until = performance.now() + 0.5;
    while (performance.now() < until);
    if (i % 96 === 0) engineCollects();
  }
  const end = memoryStats()!;
  // One collection of ours before the engine's first (nothing says yet that it collects), then none.
  assert.ok(end.collections - start.collections <= 2, `${end.collections - start.collections} collections of ours`);
  assert.equal(end.bytesLimit, 192 * MiB, "the soft limit doubled once, to 128 MiB (192 MiB hard)");
  assert.equal(end.evictions, 0);
  assert.ok(end.bytesInUse <= end.bytesLimit);
  assert.ok(Math.abs((x.get(0).item() as number) - 2) < 1e-6);
});
