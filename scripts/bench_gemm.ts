// Benchmarks the emitted sgemm (src/backend/wasm/gemm) single-threaded:
// median GFLOP/s (2·m·n·k flops per product) of ≥ 10 timed runs per shape.
// Run: npx tsx scripts/bench_gemm.ts
import { setFlagsFromString } from "node:v8";
import { hasRelaxedSimd, ModuleBuilder, wasmApi } from "../src/backend/wasm/emitter/index.ts";
import { emitSgemm, sgemmWorkspaceBytes } from "../src/backend/wasm/gemm/index.ts";

// Node 20's V8 has relaxed SIMD behind a flag (on by default from Node 22). The
// feature probe is lazy, so enabling it here lets the FMA variant be measured too.
setFlagsFromString("--experimental-wasm-relaxed-simd");

type Sgemm = (...args: number[]) => void;
interface Shape {
  label: string;
  m: number;
  k: number;
  n: number;
}

const SHAPES: Shape[] = [
  { label: "256³", m: 256, k: 256, n: 256 },
  { label: "512³", m: 512, k: 512, n: 512 },
  { label: "1024³", m: 1024, k: 1024, n: 1024 },
  { label: "128×784 · 784×512", m: 128, k: 784, n: 512 },
  { label: "1×256 · 256×256", m: 1, k: 256, n: 256 },
  { label: "256×256 · 256×1", m: 256, k: 256, n: 1 },
  { label: "4×256 · 256×1024", m: 4, k: 256, n: 1024 },
  { label: "128×512 · 512×10", m: 128, k: 512, n: 10 },
];
const RUNS = 15;
const MIN_RUN_MS = 20; // each timed run repeats the product until it lasts about this long

const W = wasmApi();
const maxFloats = Math.max(...SHAPES.map((s) => s.m * s.k + s.k * s.n + s.m * s.n));
const maxWork = Math.max(...SHAPES.map((s) => sgemmWorkspaceBytes(s.m, s.n, s.k)));
const pages = Math.ceil((4 * maxFloats + maxWork + 64) / 65536);
const memory = new W.Memory({ initial: pages });

function build(fma: boolean): Sgemm {
  const mb = new ModuleBuilder();
  mb.importMemory({ min: pages });
  mb.exportFunction("sgemm", emitSgemm(mb, "sgemm", { fma }));
  return mb.instantiate({ env: { memory } }).exports.sgemm as Sgemm;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function bench(sgemm: Sgemm, { m, k, n }: Shape): number {
  const heap = new Float32Array(memory.buffer);
  const a = 0,
    b = 4 * m * k,
    c = b + 4 * k * n,
    work = Math.ceil((c + 4 * m * n) / 64) * 64;
  for (let i = 0; i < m * k + k * n; i++) heap[i] = Math.random() - 0.5;
  const call = () => sgemm(a, 0, k, 1, b, 0, n, 1, c, 0, n, 1, m, n, k, work);
  // Warm up past V8's tier-up from Liftoff to TurboFan, and size the repeat count.
  for (let t0 = performance.now(); performance.now() - t0 < 300; ) call();
  const t0 = performance.now();
  call();
  const reps = Math.max(1, Math.ceil(MIN_RUN_MS / Math.max(performance.now() - t0, 1e-3)));
  const gflops: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) call();
    gflops.push((2 * m * n * k * reps) / ((performance.now() - t) * 1e6));
  }
  return median(gflops);
}

const variants: [string, boolean][] = [["mul+add", false]];
if (hasRelaxedSimd()) variants.push(["relaxed_madd", true]);
const fns = variants.map(([, fma]) => build(fma));
console.log(`sgemm, single thread, median of ${RUNS} runs (GFLOP/s)`);
console.log(["shape (m×k · k×n)".padEnd(20), ...variants.map(([v]) => v.padStart(13))].join(""));
for (const shape of SHAPES) {
  console.log([shape.label.padEnd(20), ...fns.map((f) => bench(f, shape).toFixed(1).padStart(13))].join(""));
}
