// Seeded inputs and the check that a function compiled with jit on the
// default backend agrees with the same function run eagerly on the js
// reference backend (shapes, dtypes, values within tolerance, NaNs alike).
import assert from "node:assert/strict";
import { jit, jnp, setDefaultBackend, defaultBackend, type NDArray } from "../../src/index.ts";

/** Uniform in [-scale, scale), from a fixed LCG (no PRNG of ours involved). */
export function rand(shape: number[], seed: number, scale = 2): NDArray {
  let s = seed >>> 0 || 7;
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 4294967296 - 0.5) * 2 * scale;
  }
  return jnp.array(out).reshape(shape);
}
export function randInt(shape: number[], seed: number, lo: number, hi: number): NDArray {
  return jnp
    .floor(
      rand(shape, seed, 1)
        .add(1)
        .mul((hi - lo) / 2),
    )
    .add(lo)
    .astype("int32");
}

/**
 * make()'s values (storage format, element by element) on the wasm backend
 * and on the js reference backend, for comparisons that must be exact
 * (signed zeros and NaNs included).
 */
export function onWasmAndReference(make: () => NDArray): [unknown[], unknown[]] {
  const prev = defaultBackend();
  try {
    setDefaultBackend("wasm");
    const w = Array.from(make().dataSync() as ArrayLike<unknown>);
    setDefaultBackend("js");
    const j = Array.from(make().dataSync() as ArrayLike<unknown>);
    return [w, j];
  } finally {
    setDefaultBackend(prev);
  }
}

/** Asserts that make()'s values on the wasm backend are the js reference backend's, bit for bit (NaNs and -0 included). */
export function assertSameAsReference(name: string, make: () => NDArray): void {
  const [w, j] = onWasmAndReference(make);
  assert.equal(w.length, j.length, `${name}: length`);
  const i = w.findIndex((v, k) => !Object.is(v, j[k]));
  assert.equal(i, -1, `${name}: element ${i} is ${w[i]}, the reference ${j[i]}`);
}

/**
 * Runs f compiled with jit on the default backend (and, with `eager`, also
 * eagerly there) and interpreted on the js reference backend; compares
 * elementwise.
 */
export function agree(
  name: string,
  f: (...xs: NDArray[]) => NDArray | NDArray[],
  args: NDArray[],
  rtol = 1e-6,
  atol = 1e-6,
  eager = false,
): void {
  const prev = defaultBackend();
  setDefaultBackend("js");
  let want: NDArray[];
  try {
    want = [f(...args)].flat();
  } finally {
    setDefaultBackend(prev);
  }
  compare(`${name} (jit)`, [jit(f)(...args)].flat(), want, rtol, atol);
  if (eager) compare(`${name} (eager)`, [f(...args)].flat(), want, rtol, atol);
}

function compare(name: string, got: NDArray[], want: NDArray[], rtol: number, atol: number): void {
  assert.equal(got.length, want.length, `${name}: number of outputs`);
  got.forEach((g, i) => {
    const w = want[i];
    assert.deepEqual(g.shape, w.shape, `${name}: shape`);
    assert.equal(g.dtype, w.dtype, `${name}: dtype`);
    const a = g.dataSync(),
      b = w.dataSync();
    // int64/uint64 are exact on both backends: compare every bit.
    if (a instanceof BigInt64Array || a instanceof BigUint64Array) {
      assert.deepEqual(Array.from(a, String), Array.from(b as BigInt64Array, String), `${name}: exact 64-bit values`);
      return;
    }
    for (let k = 0; k < a.length; k++) {
      const x = Number(a[k]),
        y = Number(b[k]);
      if (Number.isNaN(y)) {
        assert.ok(Number.isNaN(x), `${name}[${k}]: got ${x}, want NaN`);
        continue;
      }
      assert.ok(x === y || Math.abs(x - y) <= atol + rtol * Math.abs(y), `${name}[${k}]: got ${x}, want ${y}`);
    }
  });
}
