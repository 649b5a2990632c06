// pow as a kernel operation (math/pow.ts): a grid of special and ordinary
// bases and exponents (signed zeros, infinities, NaN, ±1, negative bases with
// integer and fractional exponents, overflow and underflow) against C99's pow
// (JAX's: JS's Math.pow, rounded to float32, but pow(1, y) = pow(-1, ±inf) =
// 1), eager, jitted and fused with neighbours, on both backends; random
// operands against the js reference within a few ulp.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jit, jnp, lax } from "../../../src/index.ts";
import { agree, rand } from "../../helpers/backends.ts";

const SPECIAL = [
  0,
  -0,
  1,
  -1,
  2,
  -2,
  0.5,
  -0.5,
  3,
  -3,
  1 / 3,
  2.5,
  -2.5,
  10,
  100,
  -100,
  1e-20,
  1e20,
  Infinity,
  -Infinity,
  Number.NaN,
  1.0000001,
  0.9999999,
];

test("pow on a grid of special bases and exponents is C99's, as JAX's", () => {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const a of SPECIAL) {
    for (const b of SPECIAL) {
      xs.push(a);
      ys.push(b);
    }
  }
  const x = jnp.array(Float32Array.from(xs));
  const y = jnp.array(Float32Array.from(ys));
  for (const [name, got] of [
    ["eager", lax.pow(x, y)],
    ["jit", jit((a, b) => lax.pow(a, b))(x, y)],
    ["fused", jit((a, b) => lax.pow(a.mul(1), b.add(0)).mul(1))(x, y)],
  ] as const) {
    const g = got.dataSync() as Float32Array;
    const bad: string[] = [];
    for (let i = 0; i < xs.length; i++) {
      const [a, b] = [Math.fround(xs[i]), Math.fround(ys[i])];
      const want = a === 1 || (a === -1 && Math.abs(b) === Infinity) ? 1 : Math.fround(Math.pow(a, b));
      const ok = Object.is(g[i], want) || (Number.isNaN(want) && Number.isNaN(g[i])) || Math.abs(g[i] - want) <= 2 ** -22 * Math.abs(want);
      if (!ok) bad.push(`pow(${xs[i]}, ${ys[i]}) = ${g[i]}, want ${want}`);
    }
    assert.deepEqual(bad, [], name);
  }
});

test("pow of random operands agrees with the reference, eager and jitted", () => {
  const x = rand([4099], 1, 4).abs().add(0.01);
  const y = rand([4099], 2, 8);
  agree("pow random", (a, b) => lax.pow(a, b), [x, y], 1e-6, 0, true);
  agree("jnp.power negative bases, integer exponents", (a, b) => jnp.power(a.neg(), jnp.round(b)), [x, y], 1e-6, 0, true);
  agree("x ** 1.5 broadcast", (a) => jnp.power(a, 1.5), [x], 1e-6, 0, true);
});
