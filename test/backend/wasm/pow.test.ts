// pow as a kernel operation (math/pow.ts): a grid of special and ordinary
// bases and exponents (signed zeros, infinities, NaN, ±1, negative bases with
// integer and fractional exponents, overflow and underflow) against C99's pow
// (JAX's: JS's Math.pow, rounded to float32, but pow(1, y) = pow(-1, ±inf) =
// 1), eager, jitted and fused with neighbours, on both backends; random
// operands against the js reference within a few ulp.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jit, jnp, lax, type NDArray } from "../../../src/index.ts";
import { agree, rand } from "../../helpers/backends.ts";
import { gridMismatches } from "./harness.ts";

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
  const c99 = (a: number, b: number) => (a === 1 || (a === -1 && Math.abs(b) === Infinity) ? 1 : Math.pow(a, b));
  assert.deepEqual(gridMismatches("pow", lax.pow, SPECIAL, c99, 2 ** -22), []);
});

test("pow of random operands agrees with the reference, eager and jitted", () => {
  const x = rand([4099], 1, 4).abs().add(0.01);
  const y = rand([4099], 2, 8);
  agree("pow random", (a, b) => lax.pow(a, b), [x, y], 1e-6, 0, true);
  agree("jnp.power negative bases, integer exponents", (a, b) => jnp.power(a.neg(), jnp.round(b)), [x, y], 1e-6, 0, true);
  agree("x ** 1.5 broadcast", (a) => jnp.power(a, 1.5), [x], 1e-6, 0, true);
});

test("pow of a constant positive base (exp(y log b), the log taken once) is C99's, jitted and eager", () => {
  // Exponents across the range, the exact powers of two included (2^k must come out exact), and the specials.
  const ys = [...SPECIAL, 127, 128, -126, -149, 200, -200, 0.1, -0.3, 23.5, -7.25].filter((y) => y !== -150);
  for (const base of [2, 10, 0.5, Math.fround(Math.E), 3.7, 1e-3, 65504]) {
    const y = jnp.array(ys);
    const want = ys.map((v) => Math.fround(Math.pow(Math.fround(base), Math.fround(v))));
    for (const [mode, got] of [
      ["jit", jit((e: NDArray) => lax.pow(jnp.full([ys.length], base), e))(y)],
      ["eager", jnp.power(base, y)],
    ] as const) {
      const g = got.dataSync() as Float32Array;
      ys.forEach((v, i) => {
        const w = want[i];
        const close = Object.is(g[i], w) || (Number.isNaN(g[i]) && Number.isNaN(w)) || Math.abs(g[i] - w) <= 2 ** -22 * Math.abs(w);
        assert.ok(close, `${mode}: ${base} ** ${v} = ${g[i]}, C ${w}`);
      });
    }
  }
  // Integer exponents of 2 are exact.
  const k = jnp.arange(-126, 128).astype("float32");
  const twos = jit((e: NDArray) => lax.pow(jnp.full([254], 2), e))(k).dataSync() as Float32Array;
  twos.forEach((v, i) => assert.equal(v, 2 ** (i - 126), `2 ** ${i - 126}`));
});
