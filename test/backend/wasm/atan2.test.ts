// atan2 as a kernel operation (math/atan2.ts): every pair of special operands
// (signed zeros, infinities, NaN, values on both sides of tan(pi/8) and 1)
// equals JS's Math.atan2 (C99's, as JAX's) rounded to float32 within an ulp,
// eager, jitted and fused; random operands against the js reference.
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
  assert.deepEqual(gridMismatches("atan2", lax.atan2, SPECIAL, Math.atan2, 2 ** -23), []);
});

test("atan2 of random operands agrees with the reference, eager and jitted", () => {
  agree("atan2 random", (a, b) => lax.atan2(a, b), [rand([4099], 3, 5), rand([4099], 4, 5)], 2e-7, 0, true);
  agree("jnp.arctan2 broadcast", (a) => jnp.arctan2(a, 0.5), [rand([1001], 5, 100)], 2e-7, 0, true);
});
