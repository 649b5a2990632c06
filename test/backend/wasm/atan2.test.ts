// atan2 as a kernel operation (math/atan2.ts): every pair of special operands
// (signed zeros, infinities, NaN, values on both sides of tan(pi/8) and 1)
// equals JS's Math.atan2 (C99's, as JAX's) rounded to float32 within an ulp,
// eager, jitted and fused; random operands against the js reference.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jit, jnp, lax } from "../../../src/index.ts";
import { agree, rand } from "../../helpers/backends.ts";

const SPECIAL = [
  0,
  -0,
  1,
  -1,
  0.3,
  -0.3,
  0.5,
  2.5,
  -2.5,
  1e-30,
  -1e30,
  3.4e38,
  Infinity,
  -Infinity,
  Number.NaN,
  0.41421354,
  0.41421357,
  1.0000001,
];

test("atan2 on a grid of special operands is C99's, within an ulp", () => {
  const ys: number[] = [];
  const xs: number[] = [];
  for (const a of SPECIAL) {
    for (const b of SPECIAL) {
      ys.push(a);
      xs.push(b);
    }
  }
  const y = jnp.array(Float32Array.from(ys));
  const x = jnp.array(Float32Array.from(xs));
  for (const [name, got] of [
    ["eager", lax.atan2(y, x)],
    ["jit", jit((a, b) => lax.atan2(a, b))(y, x)],
    ["fused", jit((a, b) => lax.atan2(a.mul(1), b.mul(1)).mul(1))(y, x)],
  ] as const) {
    const g = got.dataSync() as Float32Array;
    const bad: string[] = [];
    for (let i = 0; i < ys.length; i++) {
      const want = Math.fround(Math.atan2(Math.fround(ys[i]), Math.fround(xs[i])));
      const ok = Object.is(g[i], want) || (Number.isNaN(want) && Number.isNaN(g[i])) || Math.abs(g[i] - want) <= 2 ** -23 * Math.abs(want);
      if (!ok) bad.push(`atan2(${ys[i]}, ${xs[i]}) = ${g[i]}, want ${want}`);
    }
    assert.deepEqual(bad, [], name);
  }
});

test("atan2 of random operands agrees with the reference, eager and jitted", () => {
  agree("atan2 random", (a, b) => lax.atan2(a, b), [rand([4099], 3, 5), rand([4099], 4, 5)], 2e-7, 0, true);
  agree("jnp.arctan2 broadcast", (a) => jnp.arctan2(a, 0.5), [rand([1001], 5, 100)], 2e-7, 0, true);
});
