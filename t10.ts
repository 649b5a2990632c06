import { jnp, jit, lax, type NDArray } from "./src/index.ts";
const f = jit((x: NDArray) => jnp.fft.fft(x));
for (const n of [1 << 16, 1 << 20, 100003]) {
  const x = lax.complex(jnp.ones([n]), jnp.zeros([n]));
  f(x).dataSync();
  const t0 = performance.now();
  for (let i = 0; i < 3; i++) f(x).dataSync();
  console.log(n, ((performance.now() - t0) / 3).toFixed(1), "ms");
}
const m = jit((a: NDArray, b: NDArray) => jnp.matmul(a, b));
const a = lax.complex(jnp.ones([256, 256]), jnp.ones([256, 256]));
m(a, a).dataSync();
let t0 = performance.now();
for (let i = 0; i < 5; i++) m(a, a).dataSync();
console.log("c64 matmul 256", ((performance.now() - t0) / 5).toFixed(2), "ms");
const e = jit((a: NDArray) => jnp.exp(a).mul(a));
const big = lax.complex(jnp.ones([1 << 20]), jnp.ones([1 << 20]));
e(big).dataSync();
t0 = performance.now();
for (let i = 0; i < 5; i++) e(big).dataSync();
console.log("c64 exp*x 1M", ((performance.now() - t0) / 5).toFixed(2), "ms");
