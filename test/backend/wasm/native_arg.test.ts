// argmax / argmin as loops on the wasm memory (runtime/native_arg.ts): along
// the last axis and across earlier ones, ties (the first index wins), NaNs
// (the first NaN wins), infinities, every operand dtype it takes and those it
// leaves to the reference kernel, against the js backend, eager and jitted.
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultBackend, jit, jnp, type NDArray } from "../../../src/index.ts";
import { agree, rand, randInt } from "../../helpers/backends.ts";

test("argmax and argmin along each axis agree with the reference", () => {
  for (const shape of [[7], [1000], [4, 9], [3, 5, 6], [2, 1, 8]]) {
    const x = rand(shape, shape.length * 17 + shape[0]);
    for (let axis = -1; axis < shape.length; axis++) {
      agree(`argmax ${shape} axis ${axis}`, (a) => jnp.argmax(a, axis), [x], 0, 0, true);
      agree(`argmin ${shape} axis ${axis}`, (a) => jnp.argmin(a, axis), [x], 0, 0, true);
    }
    agree(`argmax ${shape} flat`, (a) => jnp.argmax(a), [x], 0, 0, true);
  }
});

test("ties take the first index; a NaN wins from where it first appears", () => {
  const ties = jnp.array(Float32Array.from([1, 3, 3, 0, 3, -2]));
  assert.equal(jnp.argmax(ties).item(), 1);
  assert.equal(jnp.argmin(jnp.array(Float32Array.from([2, -1, 5, -1]))).item(), 1);
  const withNaN = Float32Array.from([0, 9, Number.NaN, 100, Number.NaN]);
  assert.equal(jnp.argmax(jnp.array(withNaN)).item(), 2);
  assert.equal(jnp.argmin(jnp.array(withNaN)).item(), 2);
  assert.equal(jnp.argmax(jnp.array(Float32Array.from([Number.NaN, 1]))).item(), 0);
  const cols = jnp.array(Float32Array.from([1, Number.NaN, 3, 5, 2, Number.NaN, 5, 0, 1])).reshape([3, 3]);
  assert.deepEqual(jnp.argmax(cols, 0).toArray(), [1, 0, 1]);
  assert.deepEqual(jnp.argmin(cols, 0).toArray(), [0, 0, 1]);
  const inf = jnp.array(Float32Array.from([-Infinity, -Infinity, Infinity, Infinity]));
  assert.equal(jnp.argmax(inf).item(), 2);
  assert.equal(jnp.argmin(inf).item(), 0);
  agree("NaN rows", (a) => [jnp.argmax(a, 1), jnp.argmin(a, 0)], [cols], 0, 0, true);
});

test("every operand dtype", () => {
  const base = randInt([6, 11], 3, -9, 9);
  const arrays: NDArray[] = [
    base.astype("float32"),
    base.astype("int32"),
    base.astype("uint32"),
    base.astype("int8"),
    base.astype("uint8"),
    base.gt(0),
    base.astype("float16"),
    base.astype("bfloat16"),
  ];
  for (const a of arrays) {
    agree(`argmax ${a.dtype}`, (v) => [jnp.argmax(v, 1), jnp.argmax(v, 0), jnp.argmin(v, 1)], [a], 0, 0, true);
  }
});

test("in jitted programs argmax and argmin are kernel reductions (lax/arg_reductions.ts) with the same ties, NaNs and signed zeros", () => {
  const special = [0, -0, 3, -1, Number.NaN, 3, Number.POSITIVE_INFINITY, -1, Number.NaN, Number.NEGATIVE_INFINITY, 2, -0];
  const rows = jnp
    .array(Float32Array.from({ length: 60 }, (_, i) => special[(i * 7) % special.length] * (i % 3 === 0 ? 1 : 2)))
    .reshape([5, 12]);
  const allNaN = jnp.full([3, 4], Number.NaN);
  const ints = randInt([9, 40], 5, -3, 3);
  const uints = randInt([9, 40], 6, 0, 5).astype("uint32");
  for (const [name, x] of [
    ["special values", rows],
    ["all NaN", allNaN],
    ["int32 ties", ints],
    ["uint32 ties", uints],
  ] as const)
    for (const axis of [0, 1])
      agree(`${name} axis ${axis}`, (a) => [jnp.argmax(a, axis), jnp.argmin(a, axis), jnp.argmin(a.mul(2), axis)], [x], 0, 0);
  if (defaultBackend() !== "wasm") return;
  const text = jit((a: NDArray) => jnp.argmin(jnp.square(a.sub(1)), 1))
    .lower(rand([100, 64], 1))
    .compile()
    .asText();
  assert.doesNotMatch(text, /argmin/, text);
});
