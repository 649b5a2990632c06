// npm run soak: long synchronous runs of eager ops, jitted calls, scans and
// the 1 MB training-style loop, with nothing disposed, must keep the
// process RSS, the JS heap and the wasm heap flat. Samples are taken between
// chunks without yielding, so finalizers between tasks cannot help: what is
// measured is what a synchronous loop gets.
import { jit, jnp, lax, memoryStats, type NDArray } from "../src/index.ts";

interface Sample {
  rss: number;
  heap: number;
  live: number;
}
function sample(): Sample {
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, live: memoryStats()?.bytesInUse ?? 0 };
}

const MiB = 2 ** 20;
let failed = false;
function phase(name: string, total: number, step: (i: number) => void): void {
  const chunk = total / 10;
  const samples: Sample[] = [];
  const t0 = performance.now();
  for (let c = 0; c < 10; c++) {
    for (let i = 0; i < chunk; i++) step(c * chunk + i);
    samples.push(sample());
  }
  const us = ((performance.now() - t0) * 1000) / total;
  // Memory saws up and down between collections: compare the peaks of the last
  // half with those of the warmed-up start (chunks 3-5). Rising peaks mean a leak.
  const peak = (from: number, to: number, k: keyof Sample) => Math.max(...samples.slice(from, to).map((s) => s[k]));
  const growth = (k: keyof Sample) => (peak(5, 10, k) - peak(2, 5, k)) / MiB;
  const d = { rss: growth("rss"), heap: growth("heap"), live: growth("live") };
  const last = samples[9];
  const limit = (memoryStats()?.bytesLimit ?? 0) / MiB;
  const ok = d.rss < 64 && d.heap < 16 && last.live / MiB <= limit + 8;
  if (!ok) failed = true;
  console.log(
    `${ok ? "ok  " : "FAIL"} ${name}: ${total} iterations, ${us.toFixed(1)} us each; peak growth after warm-up: RSS ${d.rss.toFixed(1)} MiB, ` +
      `JS heap ${d.heap.toFixed(1)} MiB, wasm in use ${d.live.toFixed(1)} MiB (now ${(last.live / MiB).toFixed(1)} of a ${limit.toFixed(0)} MiB limit)`,
  );
}

const x = jnp.ones([256]);
phase("eager ops", 500_000, () => {
  x.mul(2).add(1);
});
const f = jit((v: NDArray) => jnp.tanh(v.mul(2)).sum());
phase("jitted calls", 500_000, () => {
  f(x);
});
const xs = jnp.ones([100, 8]);
const g = jit((v: NDArray) => lax.scan((c: NDArray, r: NDArray) => [c.add(r), c.mul(r)], jnp.zeros([8]), v));
phase("scans", 20_000, () => {
  g(xs);
});
let big = jnp.ones([250_000]);
const stepBig = jit((v: NDArray) => v.mul(1.0001).add(1e-6));
phase("x = step(x), 1 MB arrays", 6_000, () => {
  big = stepBig(big);
});
// The same loop eagerly: on wasm each step is deferred (chains of up to 32 operations run fused), its value read now and then.
let bigEager = jnp.ones([250_000]);
phase("x = x * a + b eagerly, 1 MB arrays", 6_000, (i) => {
  bigEager = bigEager.mul(1.0001).add(1e-6);
  if (i % 100 === 99) bigEager.get(0).item();
});
const s = memoryStats();
if (s)
  console.log(
    `wasm heap: ${s.collections} collections (${s.collectionMs.toFixed(0)} ms), ${s.evictions} evictions, peak ${(s.peakBytesInUse / MiB).toFixed(0)} MiB`,
  );
if (failed) {
  console.log("soak: memory grew");
  process.exit(1);
}
console.log("soak: memory stays flat");
