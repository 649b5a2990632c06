// A float32 linspace of 4096 values or more computes on the backend (one
// compiled program: the float32 steps and the last sum in float64, as the
// fused multiply-add XLA makes of JAX's formula). Its values must be the
// host formula's bit for bit (the formula itself is checked against JAX's
// goldens at smaller lengths), with and without the endpoint, eager and
// under jit, on either backend.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jit, jnp } from "../../src/index.ts";

/** JAX's float32 linspace as XLA computes it: start (1 - i/div) + i (stop/div), the last sum rounded once. */
function formula(start: number, stop: number, num: number, endpoint: boolean): Float32Array {
  const [a, b] = [Math.fround(start), Math.fround(stop)];
  const div = endpoint ? num - 1 : num;
  const inv = div > 0 ? Math.fround(1 / div) : 0;
  const bStep = Math.fround(b * inv);
  const out = new Float32Array(num);
  for (let i = 0; i < num; i++) out[i] = Math.fround(a * Math.fround(1 - Math.fround(i * inv))) + i * bStep;
  if (endpoint && num > 1) out[num - 1] = b;
  return out;
}

test("large float32 linspaces are the formula's values bit for bit, eager and jitted", () => {
  const cases: Array<[number, number, number, boolean]> = [
    [0, 1, 100_000, true],
    [-3.7, 12.25, 5000, true],
    [1e-3, 7e5, 100_003, false],
    [5, -2, 65_536, true],
    [0, 0, 4096, true],
    [2.5, 2.5, 8191, false],
    [-1e30, 1e30, 10_000, true],
  ];
  for (const [a, b, n, endpoint] of cases) {
    const want = formula(a, b, n, endpoint);
    const eager = jnp.linspace(a, b, n, { endpoint }).dataSync() as Float32Array;
    const jitted = jit(() => jnp.linspace(a, b, n, { endpoint }))().dataSync() as Float32Array;
    for (const [mode, got] of [
      ["eager", eager],
      ["jit", jitted],
    ] as const) {
      const bad = got.findIndex((v, i) => !Object.is(v, want[i]));
      assert.equal(bad, -1, `linspace(${a}, ${b}, ${n}, endpoint ${endpoint}) ${mode} [${bad}]: ${got[bad]}, want ${want[bad]}`);
    }
  }
});
