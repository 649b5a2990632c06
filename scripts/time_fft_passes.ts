// Times each radix-4 pass of the wasm FFT kernel (codegen/fft.ts) on one
// thread for a single complex64 transform of 2^20 points: the first pass
// (s = 1, SIMD over butterflies with transposed stores) and the later ones
// (SIMD over the interleaved columns). Median ms of 9 calls.
// Run: npx tsx scripts/time_fft_passes.ts
import { buildFftModule } from "../src/backend/wasm/codegen/fft.ts";
import { wasmApi } from "../src/backend/wasm/emitter/index.ts";

const N = 1 << 20;
const api = wasmApi();
const memory = new api.Memory({ initial: Math.ceil((6 * 4 * N + 64) / 65536) + 1 });
const inst = new api.Instance(new api.Module(buildFftModule("f32", { min: 1 })), { env: { memory } });
const radix4 = inst.exports.radix4 as (...args: number[]) => void;
const [xr, xi, yr, yi, twr, twi] = [0, 1, 2, 3, 4, 5].map((k) => 64 + 4 * N * k);
// Non-zero data (untouched zero pages would flatter the memory traffic).
new Float32Array(memory.buffer, 64, 6 * N).forEach((_, i, a) => {
  a[i] = Math.sin(i);
});
function median(f: () => void): number {
  const ts: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return ts.sort((a, b) => a - b)[4];
}
let s = 1;
let total = 0;
console.log("| pass length n | stride s | ms |\n| --- | --- | --- |");
for (let n = N; n >= 4; n >>= 2) {
  const stride = s;
  const ms = median(() => radix4(xr, xi, yr, yi, n, stride, 0, n >> 2, 1, N, twr, twi));
  total += ms;
  console.log(`| ${n} | ${stride} | ${ms.toFixed(2)} |`);
  s *= 4;
}
console.log(`| all ${Math.log2(N) / 2} passes | | ${total.toFixed(2)} |`);
