// float32 remainder (lax.rem, jnp.fmod, jnp.mod / remainder) in kernels:
// C's fmod, exactly (math/fmod.ts: one float64 step while the quotient is
// below 2^29, a reduction loop beyond it), vectorised with a scalar tail.
// Bit for bit with JS's % on the float32 values (exact in double precision),
// over random magnitudes from 1e-38 to 1e38, subnormals, signed zeros,
// infinities and NaN, jitted and eager; jitted programs are kernels only.
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultBackend, jit, jnp, lax, makeJaxpr, type NDArray } from "../../../src/index.ts";
import { fuse } from "../../../src/compiler/fusion.ts";
import { wasmTarget } from "../../../src/backend/wasm/target.ts";

const skip = defaultBackend() !== "wasm";
const EDGES: Array<[number, number]> = [
  [5.5, 2],
  [-5.5, 2],
  [5.5, -2],
  [-0, 3],
  [0, -3],
  [1e30, 7],
  [-3.4e38, 1e-30],
  [3.4e38, 1.4e-45],
  [1e-40, 3e-41],
  [7, 0],
  [7, Number.POSITIVE_INFINITY],
  [-7, Number.NEGATIVE_INFINITY],
  [Number.POSITIVE_INFINITY, 2],
  [Number.NaN, 2],
  [2, Number.NaN],
  [16777217, 3],
  [0.1, 0.01],
  [6, 3],
  [-6, 3],
];

/** Deterministic float32 values spread over magnitudes 1e-38..1e38 with random signs. */
function spread(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return Float32Array.from({ length: n }, () => (next() < 0.5 ? -1 : 1) * 10 ** (next() * 76 - 38));
}

function expectFmod(x: Float32Array, y: Float32Array, got: Float32Array, what: string): void {
  for (let i = 0; i < x.length; i++) {
    const want = Math.fround(x[i] % y[i]);
    assert.ok(
      Object.is(got[i], want) || (Number.isNaN(got[i]) && Number.isNaN(want)),
      `${what}: fmod(${x[i]}, ${y[i]}) = ${got[i]}, want ${want}`,
    );
  }
}

test("float32 rem is C's fmod, exactly, at every magnitude and edge", { skip }, () => {
  // 4003: a vector part and a scalar tail.
  const x = Float32Array.from([...EDGES.map(([a]) => a), ...spread(4003, 1)]);
  const y = Float32Array.from([...EDGES.map(([, b]) => b), ...spread(4003, 2)]);
  const rem = (a: NDArray, b: NDArray) => lax.rem(a, b);
  expectFmod(x, y, jit(rem)(jnp.array(x), jnp.array(y)).dataSync() as Float32Array, "jit");
  expectFmod(x, y, rem(jnp.array(x), jnp.array(y)).dataSync() as Float32Array, "eager");
  expectFmod(x, y, jnp.fmod(jnp.array(x), jnp.array(y)).dataSync() as Float32Array, "jnp.fmod");
});

test("jnp.mod of floats: the remainder with the divisor's sign, by a constant", { skip }, () => {
  const x = spread(1001, 3).map((v) => v % 1e4);
  const got = jit((a: NDArray) => jnp.mod(a, 2.5))(jnp.array(x)).dataSync() as Float32Array;
  x.forEach((v, i) => {
    const r = Math.fround(v % 2.5);
    const want = r !== 0 && r < 0 ? Math.fround(r + 2.5) : r === 0 ? 0 : r;
    assert.ok(Object.is(got[i], want) || (want === 0 && got[i] === 0), `mod(${v}, 2.5) = ${got[i]}, want ${want}`);
  });
});

test("jitted float32 rem is one kernel (no reference step)", { skip }, () => {
  const steps = fuse(makeJaxpr((a: NDArray, b: NDArray) => jnp.mod(a, b))(jnp.ones([64]), jnp.ones([64])).jaxpr, wasmTarget).steps;
  assert.deepEqual(
    steps.map((s) => s.kind),
    ["kernel"],
  );
});
