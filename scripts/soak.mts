// npm run soak: long runs of eager ops, jitted calls and scans must keep the
// JS heap, the wasm heap's live bytes and the process RSS flat. Runs with
// --expose-gc so each checkpoint measures what is really retained.
import { jit, jnp, lax, type NDArray } from "../src/index.ts";
import { wasmBackend } from "../src/backend/wasm/backend.ts";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc (npm run soak does)");

async function settle(): Promise<void> {
  // Finalizers run between tasks: collect, yield, collect again.
  for (let i = 0; i < 3; i++) { gc!(); await new Promise((r) => setImmediate(r)); }
}

interface Sample { rss: number; heap: number; live: number }
async function sample(): Promise<Sample> {
  await settle();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, live: wasmBackend?.heap.liveBytes ?? 0 };
}

const MiB = 2 ** 20;
let failed = false;
async function phase(name: string, total: number, step: (i: number) => void): Promise<void> {
  const chunk = total / 10;
  const samples: Sample[] = [];
  for (let c = 0; c < 10; c++) {
    for (let i = 0; i < chunk; i++) step(c * chunk + i);
    samples.push(await sample());
  }
  // Compare the second half with the first: growth means a leak.
  const first = samples[2], last = samples[9];
  const d = { rss: (last.rss - first.rss) / MiB, heap: (last.heap - first.heap) / MiB, live: (last.live - first.live) / MiB };
  const ok = d.rss < 32 && d.heap < 8 && d.live < 1;
  if (!ok) failed = true;
  console.log(`${ok ? "ok  " : "FAIL"} ${name}: ${total} iterations; growth after warm-up: RSS ${d.rss.toFixed(1)} MiB, JS heap ${d.heap.toFixed(1)} MiB, wasm live ${d.live.toFixed(2)} MiB`);
}

const x = jnp.ones([256]);
await phase("eager ops", 100_000, () => { x.mul(2).add(1); });
const f = jit((v: NDArray) => jnp.tanh(v.mul(2)).sum());
await phase("jitted calls", 100_000, () => { f(x); });
const xs = jnp.ones([100, 8]);
const g = jit((v: NDArray) => lax.scan((c: NDArray, r: NDArray) => [c.add(r), c.mul(r)], jnp.zeros([8]), v));
await phase("scans", 10_000, () => { g(xs); });
if (failed) { console.log("soak: memory grew"); process.exit(1); }
console.log("soak: memory stays flat");
