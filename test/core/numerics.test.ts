// Numerics as JAX defines them, on whichever backend runs the suite: NaN and
// Inf propagation, XLA's integer division by zero, float16 rounding, and
// debugNans naming the primitive that produced a NaN (eagerly and under jit).
import { test } from "node:test";
import assert from "node:assert/strict";
import { config, FloatingPointError, jit, jnp, lax } from "../../src/index.ts";

const vals = (x: { dataSync(): ArrayLike<number | bigint> }) => Array.from(x.dataSync() as ArrayLike<number>, Number);
const same = (a: number[], b: number[]) =>
  assert.deepEqual(
    a.map((v) => (Number.isNaN(v) ? "nan" : v)),
    b.map((v) => (Number.isNaN(v) ? "nan" : v)),
  );

test("NaN propagates through max/min reductions, maximum/minimum, and sorts last; argmax finds it", () => {
  const x = jnp.array([1, NaN, 3, 2]);
  for (const f of [(v: typeof x) => v, jit((v: typeof x) => v)]) {
    const y = f(x);
    same(vals(jnp.max(y)), [NaN]);
    same(vals(jnp.min(y)), [NaN]);
    same(vals(jnp.maximum(y, 2)), [2, NaN, 3, 2]);
    same(vals(jnp.minimum(y, 2)), [1, NaN, 2, 2]);
    same(vals(jnp.sort(y)), [1, 2, 3, NaN]);
    assert.equal(Number(jnp.argmax(y).item()), 1);
    assert.equal(Number(jnp.argmin(y).item()), 1);
  }
});

test("IEEE specials: 0*inf, log(0), log(-1), exp overflow, division by zero", () => {
  const f = jit((z: ReturnType<typeof jnp.array>) =>
    jnp.stack([z.mul(Infinity), jnp.log(z), jnp.log(z.sub(1)), jnp.exp(z.add(100)), jnp.divide(1, z)]),
  );
  same(vals(f(jnp.array([0]))), [NaN, -Infinity, NaN, Infinity, Infinity]);
  same(vals(jnp.divide(jnp.array([-1, 0]), 0)), [-Infinity, NaN]);
});

test("integer division and remainder by zero follow XLA (x/0 = -1, x%0 = x; INT_MIN/-1 wraps)", () => {
  const a = jnp.array([7, -7, -2147483648], { dtype: "int32" });
  const z = jnp.array([0, 0, -1], { dtype: "int32" });
  for (const div of [lax.div, jit(lax.div)]) same(vals(div(a, z)), [-1, -1, -2147483648]);
  for (const rem of [lax.rem, jit(lax.rem)]) same(vals(rem(a, z)), [7, -7, 0]);
  const u = jnp.array([7], { dtype: "uint32" });
  same(vals(lax.div(u, jnp.array([0], { dtype: "uint32" }))), [4294967295]);
});

test("float16 rounds to nearest even and overflows to inf", () => {
  const h = jnp.array([0.1, 65504, 65520, 2049, 1e-8], { dtype: "float16" });
  same(vals(h), [0.0999755859375, 65504, Infinity, 2048, 0]);
  same(vals(h.get(jnp.s(0, 2)).mul(2)), [0.199951171875, Infinity]);
});

test("debugNans raises at the primitive that made the NaN, eagerly and under jit", () => {
  config.update("debugNans", true);
  try {
    assert.throws(
      () => jnp.log(jnp.array([-1])),
      (e: Error) => e instanceof FloatingPointError && /invalid value \(nan\) encountered in log/.test(e.message),
    );
    const f = jit((v: ReturnType<typeof jnp.array>) => jnp.sqrt(v.sub(2)).add(1));
    assert.throws(() => f(jnp.array([1])), /invalid value \(nan\) encountered in sqrt/);
    same(vals(f(jnp.array([6]))), [3]);
  } finally {
    config.update("debugNans", false);
  }
  // Off again: NaNs flow silently.
  same(vals(jnp.log(jnp.array([-1]))), [NaN]);
});
