// Evenly spaced values bit for bit as JAX's (test/goldens/spacing.json,
// scripts/gen_spacing_goldens.py): arange with float arguments (float32
// steps, each rounded; float16 ranges through float32) and linspace between
// array bounds (XLA's reassociated, fused form), eager and under jit.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jit, jnp, lax, type NDArray } from "../../src/index.ts";
import { loadGoldens } from "../helpers/goldens.ts";

interface SpacingGoldens {
  arange: Array<{ start: number; stop: number; step: number; dtype: "float32" | "float16"; bits: number[] }>;
  linspace: Array<{ start: number; stop: number; num: number; bits: number[] }>;
  linspace_numbers: Array<{ start: number; stop: number; num: number; bits: number[] }>;
}
const G = loadGoldens<SpacingGoldens>("spacing.json");
const f32 = (u32: number) => new Float32Array(new Uint32Array([u32]).buffer)[0];
const bitsOf = (a: NDArray): number[] =>
  a.dtype === "float16"
    ? Array.from(lax.bitcastConvertType(a, "uint16").dataSync(), Number)
    : Array.from(new Uint32Array(new Float32Array(a.dataSync() as Float32Array).buffer));

test("arange with float arguments rounds as JAX's", () => {
  for (const c of G.arange) {
    const got = jnp.arange(c.start, c.stop, c.step, { dtype: c.dtype });
    assert.deepEqual(bitsOf(got), c.bits, `arange(${c.start}, ${c.stop}, ${c.step}, ${c.dtype})`);
  }
});

test("linspace between array bounds rounds as XLA computes JAX's formula: eager and jit", () => {
  const lin = jit((a: NDArray, b: NDArray, n: number) => jnp.linspace(a, b, n), { staticArgnums: 2 });
  for (const c of G.linspace) {
    const [a, b] = [jnp.array(f32(c.start)), jnp.array(f32(c.stop))];
    assert.deepEqual(bitsOf(jnp.linspace(a, b, c.num)), c.bits, `linspace(${f32(c.start)}, ${f32(c.stop)}, ${c.num})`);
    assert.deepEqual(bitsOf(lin(a, b, c.num)), c.bits, `jit linspace(${f32(c.start)}, ${f32(c.stop)}, ${c.num})`);
  }
});

test("bitcast_convert_type between float16/bfloat16 and 16-bit integers gives IEEE bits (as JAX's)", () => {
  const x = jnp.array([1, -2.5, 0, -0, 65504, 6e-8, 1e-5, Infinity, Number.NaN, 0.1], { dtype: "float16" });
  const bits = lax.bitcastConvertType(x, "uint16");
  // JAX 0.10.2: lax.bitcast_convert_type(x, jnp.uint16) of the same values.
  assert.deepEqual(Array.from(bits.dataSync(), Number), [0x3c00, 0xc100, 0, 0x8000, 0x7bff, 1, 0xa8, 0x7c00, 0x7e00, 0x2e66]);
  assert.deepEqual(Array.from(lax.bitcastConvertType(x, "int16").dataSync(), Number).slice(0, 4), [15360, -16128, 0, -32768]);
  const back = lax.bitcastConvertType(bits, "float16");
  assert.deepEqual(Array.from(back.dataSync(), Number).slice(0, 8), Array.from(x.dataSync(), Number).slice(0, 8));
  const y = jnp.array([1, -2.5, 0.1, 3e38], { dtype: "bfloat16" });
  assert.deepEqual(Array.from(lax.bitcastConvertType(y, "uint16").dataSync(), Number), [0x3f80, 0xc020, 0x3dcd, 0x7f62]);
});

test("linspace between JS numbers (computed on the host) rounds as JAX's", () => {
  for (const c of G.linspace_numbers) {
    assert.deepEqual(bitsOf(jnp.linspace(c.start, c.stop, c.num)), c.bits, `linspace(${c.start}, ${c.stop}, ${c.num})`);
  }
});
