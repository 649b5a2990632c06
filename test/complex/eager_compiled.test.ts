// Eager complex operations on a backend that compiles run as one compiled
// program per (operation, avals, params) (lax/complex_eval.ts); the js
// reference backend splits the parts and runs the rule op by op. Both must
// give the same values (bit for bit where the arithmetic is exact), dtypes
// and weak types, and agree with the same operation under jit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clearCaches, defaultBackend, jit, jnp, lax, type NDArray } from "../../src/index.ts";
import { onWasmAndReference, rand } from "../helpers/backends.ts";

const wasm = defaultBackend() === "wasm";
const z = (n: number, seed: number) => lax.complex(rand([n], seed), rand([n], seed + 1));

/** Exact operations: the compiled program and the split rule compute the same IEEE operations. */
const EXACT: Array<[string, () => NDArray]> = [
  ["complex", () => lax.complex(rand([3000], 1), rand([3000], 2))],
  ["real", () => jnp.real(z(3000, 3))],
  ["imag", () => jnp.imag(z(3000, 5))],
  ["conj", () => jnp.conj(z(3000, 7))],
  ["neg", () => z(3000, 9).neg()],
  ["add", () => z(3000, 11).add(z(3000, 13))],
  ["mul", () => z(3000, 15).mul(z(3000, 17))],
  ["mul by a real", () => z(3000, 19).mul(rand([3000], 21))],
  ["weak scalar", () => z(3000, 23).mul(2)],
  ["2-D slice", () => lax.slice(z(3000, 25).reshape([60, 50]), [3, 1], [50, 40], [2, 3])],
  ["transpose", () => z(3000, 27).reshape([60, 50]).T],
  ["concatenate", () => jnp.concatenate([z(30, 29).reshape([5, 6]), z(20, 31).reshape([5, 4])], 1)],
  ["select", () => jnp.where(rand([3000], 33).gt(0), z(3000, 35), z(3000, 37))],
];

test("eager complex operations: compiled programs (wasm) equal the reference's split rules bit for bit", { skip: !wasm }, () => {
  for (const [name, make] of EXACT) {
    const [w, j] = onWasmAndReference(make);
    assert.deepEqual(w, j, name);
  }
});

test("eager complex operations keep dtypes and weak types, and agree with jit", { skip: !wasm }, () => {
  const x = z(500, 41);
  const cases: Array<[string, (v: NDArray) => NDArray]> = [
    ["exp", (v) => jnp.exp(v)],
    ["abs", (v) => jnp.abs(v)],
    ["angle", (v) => jnp.angle(v)],
    ["sqrt", (v) => jnp.sqrt(v)],
    ["div", (v) => v.div(v.add(1))],
    ["sum", (v) => jnp.sum(v.reshape([20, 25]), 1)],
    ["mul weak", (v) => v.mul(2)],
  ];
  for (const [name, f] of cases) {
    const e = f(x);
    const j = jit(f)(x) as NDArray;
    assert.equal(e.dtype, j.dtype, name);
    assert.equal(e.weakType, j.weakType, name);
    assert.deepEqual(e.shape, j.shape, name);
    assert.deepEqual(Array.from(e.dataSync() as ArrayLike<number>), Array.from(j.dataSync() as ArrayLike<number>), name);
  }
  // A weakly typed complex result stays weak eagerly, as under jit.
  const w = lax.complex(jnp.array(1.5), jnp.array(2.5));
  assert.equal(w.weakType, (jit(() => lax.complex(jnp.array(1.5), jnp.array(2.5)))() as NDArray).weakType);
});

test("eager complex results are the same after clearCaches, and the operand survives the call", { skip: !wasm }, () => {
  const x = z(4000, 51);
  const realOf = (v: NDArray) => Array.from(jnp.real(v).dataSync() as ArrayLike<number>);
  const before = realOf(x);
  clearCaches();
  assert.deepEqual(realOf(x), before);
  // The operand is still usable (the program reads it through a view, it does not take it).
  assert.equal(x.isDeleted(), false);
  assert.deepEqual(realOf(x.mul(1)), before);
});
