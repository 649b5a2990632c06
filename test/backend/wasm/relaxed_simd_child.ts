// Child of relaxed_simd.test.ts: computes a few fast-math kernels and a GEMM
// on the wasm backend and prints the feature state and the results' bits.
import { jnp, jit, lax, setDefaultBackend } from "../../../src/index.ts";
import { hasRelaxedSimd } from "../../../src/backend/wasm/emitter/index.ts";

setDefaultBackend("wasm");
const x = jnp.linspace(-6, 6, 1003);
const a = jnp.linspace(-1, 1, 64 * 48).reshape([64, 48]);
const b = jnp.linspace(-2, 1, 48 * 40).reshape([48, 40]);
const math = jit((v: jnp.NDArray) => [jnp.exp(v), jnp.tanh(v), jnp.sin(v), jnp.log(jnp.abs(v).add(1)), lax.erf(v)]);
const bits = (v: jnp.NDArray) => Array.from(new Uint32Array((v.dataSync() as Float32Array).buffer));
const outs = [...math(x), jnp.matmul(a, b)].map(bits);
process.stdout.write(`${JSON.stringify({ relaxed: hasRelaxedSimd(), outs })}\n`);
