// float32 max / min against a constant (codegen/ops.ts floatMinMaxByConstant):
// pmax / pmin where the constant is neither NaN nor zero, four instructions
// for max(x, +0), the general sequence otherwise. Every lane must be what
// IEEE 754-2019 maximum / minimum give (NaN propagated, -0 below +0), as on
// the js reference and in JAX: checked bit for bit over NaNs, signed zeros,
// infinities and values around the constant, with the constant on either
// side, in vector bodies and scalar tails.
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultBackend, jit, jnp, nn, type NDArray } from "../../../src/index.ts";
import { onWasmAndReference } from "../../helpers/backends.ts";

const specials = [
  Number.NaN,
  0,
  -0,
  1,
  -1,
  0.25,
  -0.25,
  0.2500001,
  -0.2499999,
  1e-40,
  -1e-40,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  3.5,
  -7,
];
/** 67 lanes: the specials, then a ramp (the vector loop and its scalar tail). */
const data = Float32Array.from({ length: 67 }, (_, i) => (i < specials.length ? specials[i] : (i - 40) / 16));

/** f's lanes jitted on wasm and on the js reference. */
const bothBackends = (f: (x: NDArray) => NDArray) => onWasmAndReference(() => jit(f)(jnp.array(data))) as [number[], number[]];

test("max and min against constants agree with the reference lane for lane, signed zeros and NaNs included", {
  skip: defaultBackend() !== "wasm",
}, () => {
  for (const c of [0.25, -0.25, 0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-40])
    for (const [name, f] of [
      ["maximum(x, c)", (x: NDArray) => jnp.maximum(x, c)],
      ["maximum(c, x)", (x: NDArray) => jnp.maximum(c, x)],
      ["minimum(x, c)", (x: NDArray) => jnp.minimum(x, c)],
      ["minimum(c, x)", (x: NDArray) => jnp.minimum(c, x)],
    ] as const) {
      const [w, j] = bothBackends(f);
      w.forEach((v, i) =>
        assert.ok(Object.is(v, j[i]), `${name} with c=${Object.is(c, -0) ? "-0" : c} at x=${data[i]}: got ${v}, want ${j[i]}`),
      );
    }
});

test("clip with constant bounds and relu agree with the reference lane for lane", { skip: defaultBackend() !== "wasm" }, () => {
  for (const [name, f] of [
    ["clip(-0.25, 0.25)", (x: NDArray) => jnp.clip(x, -0.25, 0.25)],
    ["clip(0, 1)", (x: NDArray) => jnp.clip(x, 0, 1)],
    ["relu", (x: NDArray) => nn.relu(x)],
    ["relu6", (x: NDArray) => nn.relu6(x)],
  ] as const) {
    const [w, j] = bothBackends(f);
    w.forEach((v, i) => assert.ok(Object.is(v, j[i]), `${name} at x=${data[i]}: got ${v}, want ${j[i]}`));
  }
});
