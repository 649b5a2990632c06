// lax.rngBitGenerator against JAX 0.10.2's CPU output (scripts/gen_lax_breadth_goldens.py):
// THREE_FRY and PHILOX (= RNG_DEFAULT) bit-exact, new keys included; jit and vmap agree.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { config, jit, jnp, lax, vmap, type NDArray } from "../../src/index.ts";

interface Case {
  key: number[];
  shape: number[];
  dtype: "uint32" | "uint8" | "uint16" | "uint64";
  algorithm: lax.RandomAlgorithm;
  newKey: number[];
  bits: Array<number | string>;
}
const goldens = JSON.parse(readFileSync(new URL("../goldens/lax_breadth.json", import.meta.url), "utf8")) as { rng: Case[]; rng64: Case[] };

const flat = (x: NDArray) => Array.from(x.dataSync() as ArrayLike<number | bigint>, (v) => (typeof v === "bigint" ? v.toString() : v));

test("rngBitGenerator matches JAX bit for bit (uint32/uint16/uint8, all algorithms)", () => {
  for (const c of goldens.rng) {
    const [nk, bits] = lax.rngBitGenerator(jnp.array(c.key, { dtype: "uint32" }), c.shape, c.dtype, c.algorithm);
    const what = JSON.stringify([c.key, c.shape, c.dtype, c.algorithm]);
    assert.deepEqual(bits.shape, c.shape, what);
    assert.equal(bits.dtype, c.dtype, what);
    assert.deepEqual(flat(nk), c.newKey, what);
    assert.deepEqual(flat(bits), c.bits, what);
  }
});

test("rngBitGenerator uint64 under x64 (new keys exact; bits to float64 precision)", () => {
  config.update("enableX64", true);
  try {
    for (const c of goldens.rng64) {
      const [nk, bits] = lax.rngBitGenerator(jnp.array(c.key, { dtype: "uint32" }), c.shape, "uint64", c.algorithm);
      const what = JSON.stringify([c.key, c.shape, c.algorithm]);
      assert.equal(bits.dtype, "uint64", what);
      assert.deepEqual(flat(nk), c.newKey, what);
      // uint64 arrays are held as float64 here (exact to 2**53): compare to that precision.
      const got = flat(bits).map(Number);
      c.bits.forEach((e, i) => assert.ok(Math.abs(got[i]! - Number(e)) <= Number(e) * 2 ** -52, `${what}: ${got[i]} vs ${e}`));
    }
  } finally {
    config.update("enableX64", false);
  }
});

test("rngBitGenerator under jit and vmap, enum values and errors", () => {
  const key = jnp.array([1, 2, 3, 4], { dtype: "uint32" });
  const eager = lax.rngBitGenerator(key, [2, 3], "uint32", lax.RandomAlgorithm.RNG_THREE_FRY);
  const jitted = jit((k: NDArray) => lax.rngBitGenerator(k, [2, 3], "uint32", 1))(key);
  assert.deepEqual(flat(jitted[1]), flat(eager[1]));
  assert.deepEqual(flat(jitted[0]), flat(eager[0]));
  const keys = jnp.array(
    [
      [1, 2, 3, 4],
      [0, 0, 0, 0],
    ],
    { dtype: "uint32" },
  );
  const [nks, bs] = vmap((k: NDArray) => lax.rngBitGenerator(k, [5]))(keys) as unknown as [NDArray, NDArray];
  for (let i = 0; i < 2; i++) {
    const [nk, b] = lax.rngBitGenerator(keys.get(i), [5]);
    assert.deepEqual(flat(bs.get(i)), flat(b));
    assert.deepEqual(flat(nks.get(i)), flat(nk));
  }
  assert.throws(() => lax.rngBitGenerator(jnp.array([1, 2], { dtype: "uint32" }), [3]), TypeError);
  assert.throws(() => lax.rngBitGenerator(jnp.array([1, 2, 3, 4], { dtype: "int32" }), [3]), TypeError);
  assert.throws(() => lax.rngBitGenerator(key, [3], "int32"), /unsupported dtype int32/);
  assert.throws(() => lax.rngBitGenerator(key, [3], "uint32", "NOPE" as never), /unknown algorithm/);
});
