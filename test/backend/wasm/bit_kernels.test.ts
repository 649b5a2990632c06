// population_count and clz of 32-bit integers, and float32's nextafter and
// reduce_precision, compiled to integer kernel operations
// (compiler/bit_lowering.ts): bit for bit the reference kernels' values over
// special values and random bit patterns, eager and jitted, each one kernel.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBackend, jit, jnp, lax, type NDArray } from "../../../src/index.ts";
import { assertSameAsReference } from "../../helpers/backends.ts";

const skip = defaultBackend() !== "wasm";
const SPECIALS = [0, -0, 1, -1, 1.5, 3.4028234663852886e38, -3.4028234663852886e38, Infinity, -Infinity, Number.NaN];
const MORE = [1e-45, -1e-45, 1.1754943508222875e-38, 65504, 65520, 1e-8, 6e-8, 0.1, 2.5, 3.5];

/** Special values, then float32s of random bit patterns (subnormals, NaNs and infinities among them). */
function floats(n: number): Float32Array {
  const bits = new Uint32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    bits[i] = s;
  }
  const f = new Float32Array(bits.buffer);
  f.set([...SPECIALS, ...MORE]);
  return f;
}

test("bit-level primitives compile to kernels and equal the reference bit for bit", { skip }, () => {
  const f = floats(4099);
  const x = () => jnp.array(f);
  const y = () => jnp.array(f.slice().reverse());
  const ints = () => jnp.array(new Int32Array(f.buffer));
  const cases: [string, (...a: NDArray[]) => NDArray, () => NDArray[]][] = [
    ["population_count int32", (v) => lax.populationCount(v), () => [ints()]],
    ["population_count uint32", (v) => lax.populationCount(v.astype("uint32")), () => [ints()]],
    ["clz int32", (v) => lax.clz(v), () => [ints()]],
    ["clz uint32", (v) => lax.clz(v.astype("uint32")), () => [ints()]],
    ["nextafter", (a, b) => jnp.nextafter(a, b), () => [x(), y()]],
    ["nextafter toward a scalar", (a) => jnp.nextafter(a, 0), () => [x()]],
    ...[
      [5, 10],
      [8, 7],
      [4, 3],
      [1, 0],
      [8, 23],
      [11, 52],
      [2, 22],
    ].map(([e, m]): [string, (...a: NDArray[]) => NDArray, () => NDArray[]] => [
      `reduce_precision(${e}, ${m})`,
      (a) => lax.reducePrecision(a, e, m),
      () => [x()],
    ]),
  ];
  for (const [name, fn, args] of cases) {
    assertSameAsReference(`${name} (eager)`, () => fn(...args()));
    assertSameAsReference(`${name} (jit)`, () => jit(fn)(...args()));
    const compiled = jit(fn)
      .lower(...args())
      .compile();
    assert.equal(compiled.kernelCount(), 1, `${name}: one kernel\n${compiled.asText()}`);
  }
});
