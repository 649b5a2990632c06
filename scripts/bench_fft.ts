// Benchmarks lax.fft on the wasm backend (the wasm kernel, runtime/fft.ts)
// against the float64 reference kernel (the js backend: what the wasm
// backend ran before). Median ms of RUNS timed calls after a warm-up, under
// jit (--eager: eager calls, jitted inside by compiledEager), output disposed
// each time (not read back). JAX's times for the same cases:
// scripts/bench_fft_jax.py. Run: npx tsx scripts/bench_fft.ts [--no-ref] [--eager]
import { cpus, loadavg } from "node:os";
import { config, jit, jnp, lax, type NDArray, setDefaultBackend } from "../src/index.ts";

config.update("enableX64", true);

interface Case {
  label: string;
  t: "FFT" | "IFFT" | "RFFT" | "IRFFT";
  shape: number[];
  lengths: number[];
  dtype: "complex64" | "complex128" | "float32";
}
export const CASES: Case[] = [
  { label: "c64 fft 1024 ×256 rows", t: "FFT", shape: [256, 1024], lengths: [1024], dtype: "complex64" },
  { label: "c64 fft 2^16", t: "FFT", shape: [1 << 16], lengths: [1 << 16], dtype: "complex64" },
  { label: "c64 fft 2^20", t: "FFT", shape: [1 << 20], lengths: [1 << 20], dtype: "complex64" },
  { label: "c128 fft 2^20", t: "FFT", shape: [1 << 20], lengths: [1 << 20], dtype: "complex128" },
  { label: "c64 ifft 2^18", t: "IFFT", shape: [1 << 18], lengths: [1 << 18], dtype: "complex64" },
  { label: "c64 fft 1000 ×64 rows", t: "FFT", shape: [64, 1000], lengths: [1000], dtype: "complex64" },
  { label: "c64 fft2 512×512", t: "FFT", shape: [512, 512], lengths: [512, 512], dtype: "complex64" },
  { label: "f32 rfft 2^20", t: "RFFT", shape: [1 << 20], lengths: [1 << 20], dtype: "float32" },
];
const RUNS = 11;

function make(c: Case): NDArray {
  const size = c.shape.reduce((a, b) => a * b, 1);
  const real = c.dtype === "complex128" ? "float64" : "float32";
  const part = (k: number) =>
    jnp
      .array(
        Float64Array.from({ length: size }, (_, i) => Math.sin(i * (0.37 + k))),
        { dtype: real },
      )
      .reshape(c.shape);
  return c.dtype === "float32" ? part(0) : lax.complex(part(0), part(1));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function time(c: Case, backend: "wasm" | "js"): number {
  setDefaultBackend(backend);
  const x = make(c);
  const f = jit((v: NDArray) => lax.fft(v, c.t, c.lengths));
  const run = () => {
    const t0 = performance.now();
    // Computation is synchronous: the result is ready when the call returns (no read-back timed).
    const y = (useJit ? f(x) : lax.fft(x, c.t, c.lengths)) as NDArray;
    const dt = performance.now() - t0;
    y.dispose();
    return dt;
  };
  run();
  const ts = Array.from({ length: backend === "js" ? 3 : RUNS }, run);
  x.dispose();
  return median(ts);
}

const withRef = !process.argv.includes("--no-ref");
const useJit = !process.argv.includes("--eager");
console.log(
  `# ${cpus()[0]?.model ?? "?"} ×${cpus().length}, load average ${loadavg()
    .map((v) => v.toFixed(1))
    .join(" ")}`,
);
console.log("| case | wasm kernel (ms) | reference kernel (ms) |");
console.log("| --- | --- | --- |");
for (const c of CASES) {
  const w = time(c, "wasm");
  const r = withRef ? time(c, "js").toFixed(1) : "–";
  console.log(`| ${c.label} | ${w.toFixed(2)} | ${r} |`);
}
console.log(
  `# load average after: ${loadavg()
    .map((v) => v.toFixed(1))
    .join(" ")}`,
);
