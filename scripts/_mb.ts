import { buildFftModule } from "../src/backend/wasm/codegen/fft.ts";
const N = 1 << 20;
const mem = new WebAssembly.Memory({ initial: (N * 4 * 4 * 2 + 4 * N * 2) / 65536 + 2 });
const inst = new WebAssembly.Instance(new WebAssembly.Module(buildFftModule("f32", { min: 1 })), { env: { memory: mem } });
const { radix4 } = inst.exports as any;
const xr = 64, xi = xr + 4 * N, yr = xi + 4 * N, yi = yr + 4 * N, tw = yi + 4 * N, twi = tw + 4 * N;
const med = (f: () => void) => { const ts = []; for (let i = 0; i < 9; i++) { const t0 = performance.now(); f(); ts.push(performance.now() - t0); } ts.sort((a, b) => a - b); return ts[4].toFixed(2); };
let s = 1;
for (let n = N; n >= 4; n >>= 2) { const ss = s; console.log(n, ss, med(() => radix4(xr, xi, yr, yi, n, ss, 0, n >> 2, 1, N, tw, twi))); s *= 4; }
