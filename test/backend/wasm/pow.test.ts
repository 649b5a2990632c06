// pow as a kernel operation (math/pow.ts): a grid of special and ordinary
// bases and exponents (signed zeros, infinities, NaN, ±1, negative bases with
// integer and fractional exponents, overflow and underflow) against C99's pow
// (JAX's: JS's Math.pow, rounded to float32, but pow(1, y) = pow(-1, ±inf) =
// 1), eager, jitted and fused with neighbours, on both backends; random
// operands against the js reference within a few ulp.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jnp, lax } from "../../../src/index.ts";
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
