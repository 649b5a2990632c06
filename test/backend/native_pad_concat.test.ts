// pad and concatenate as moves inside the wasm memory (runtime/native_pad_concat.ts)
// against the js reference backend: negative, interior and mixed padding,
// several ranks and dtypes, and concatenation along every axis.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBackend, jnp, lax } from "../../src/index.ts";
import { wasmBackend } from "../../src/backend/wasm/backend.ts";
import { PAD_CONFIGS } from "../helpers/pad_configs.ts";
import { onWasmAndReference } from "../helpers/backends.ts";

test("pad on wasm equals the reference kernel: negative, interior and mixed configurations, several dtypes", {
  skip: defaultBackend() !== "wasm",
}, () => {
  for (const cfg of PAD_CONFIGS)
    for (const dtype of ["float32", "int32", "bool", "uint8", "float16", "float64"] as const) {
      const shape = cfg.map((_, i) => 3 + i);
      const size = shape.reduce((a, b) => a * b, 1);
      const [w, j] = onWasmAndReference(() => lax.pad(jnp.arange(size).reshape(shape).astype(dtype), dtype === "bool" ? true : 7, cfg));
      assert.deepEqual(w, j, `pad ${JSON.stringify(cfg)} ${dtype}`);
    }
});

test("pad without interior padding equals the reference kernel: long fills, crops, unpadded trailing axes, thin rows", {
  skip: defaultBackend() !== "wasm",
}, () => {
  // Shapes and pads large enough that fills pass 64 elements (the heap's fill, by byte pattern or by doubling).
  const cases: Array<[number[], [number, number, number][]]> = [
    [
      [40, 50],
      [
        [8, 8, 0],
        [8, 8, 0],
      ],
    ],
    [
      [6, 9, 10, 3],
      [
        [0, 0, 0],
        [2, 3, 0],
        [1, 4, 0],
        [0, 0, 0],
      ],
    ],
    [
      [6, 9, 10, 3],
      [
        [70, 1, 0],
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
    ],
    [
      [30, 40],
      [
        [-5, 9, 0],
        [-3, -4, 0],
      ],
    ],
    [
      [30, 40],
      [
        [2, 2, 0],
        [-41, 100, 0],
      ],
    ],
    [[200], [[150, -20, 0]]],
    [
      [5, 300],
      [
        [1, 1, 0],
        [0, 0, 0],
      ],
    ],
    // Thin rows: the operand's part of each output row is one or two elements.
    [
      [3000, 1],
      [
        [0, 0, 0],
        [1, 2, 0],
      ],
    ],
    [
      [2000, 2],
      [
        [-3, 5, 0],
        [2, 0, 0],
      ],
    ],
  ];
  for (const [shape, cfg] of cases)
    for (const dtype of ["float32", "int32", "bool", "uint8", "float16", "float64"] as const)
      for (const value of dtype === "bool" ? [true, false] : [0, 7.5, dtype === "uint8" ? 200 : -1]) {
        const size = shape.reduce((a, b) => a * b, 1);
        const [w, j] = onWasmAndReference(() => lax.pad(jnp.arange(size).reshape(shape).astype(dtype), value, cfg));
        assert.deepEqual(w, j, `pad ${JSON.stringify(shape)} ${JSON.stringify(cfg)} ${dtype} value ${value}`);
      }
});

test("concatenate on wasm equals the reference kernel along every axis", { skip: defaultBackend() !== "wasm" }, () => {
  for (const dim of [0, 1, 2])
    for (const dtype of ["float32", "int8", "bool", "int32"] as const) {
      const bs = dim === 0 ? [1, 3, 4] : dim === 1 ? [2, 2, 4] : [2, 3, 1];
      const [w, j] = onWasmAndReference(() => {
        const a = jnp.arange(24).reshape([2, 3, 4]).astype(dtype);
        const b = jnp
          .arange(bs[0] * bs[1] * bs[2])
          .reshape(bs)
          .astype(dtype);
        return jnp.concatenate([a, b, jnp.zeros(dim === 0 ? [0, 3, 4] : dim === 1 ? [2, 0, 4] : [2, 3, 0], { dtype }), a], dim);
      });
      assert.deepEqual(w, j, `concatenate axis ${dim} ${dtype}`);
    }
});

test("pad and concatenate run as moves in the wasm memory, not on the reference kernels", {
  skip: defaultBackend() !== "wasm" || !wasmBackend,
}, () => {
  const backend = wasmBackend!;
  const fellBack: string[] = [];
  const original = backend.runReference;
  backend.runReference = function (this: typeof backend, prim, ...rest) {
    fellBack.push(prim.name);
    return original.call(this, prim, ...rest);
  };
  try {
    const x = jnp.arange(12).reshape([3, 4]);
    lax
      .pad(x, 0, [
        [1, -1, 1],
        [0, 2, 0],
      ])
      .dataSync();
    jnp.concatenate([x, x], 1).dataSync();
  } finally {
    backend.runReference = original;
  }
  assert.deepEqual(
    fellBack.filter((p) => p === "pad" || p === "concatenate"),
    [],
  );
});
