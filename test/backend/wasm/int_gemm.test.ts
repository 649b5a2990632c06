// int32/uint32 dot_general on the wasm heap (runtime/int_gemm.ts): wrapping
// products and sums, bit for bit with the js reference, for matmul, a
// transposed (strided) right operand, contraction on other dims, batches,
// uint32, overflowing values, zero rows, sizes with a vector part and a
// tail, eager and jitted.
import { test } from "node:test";
import { defaultBackend, jnp, lax, type NDArray } from "../../../src/index.ts";
import { agree } from "../../helpers/backends.ts";

const skip = defaultBackend() !== "wasm";

/** Deterministic int32 values of magnitude up to `scale`, with some zero rows. */
function ints(shape: number[], seed: number, scale = 1000): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  let s = seed >>> 0;
  const data = Int32Array.from({ length: n }, (_, i) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return i % 97 < 5 ? 0 : Math.floor((s / 2 ** 32 - 0.5) * 2 * scale);
  });
  return jnp.array(data).reshape(shape);
}

test("int32 matmul layouts: plain, transposed right operand, other contracting dims, batched", { skip }, () => {
  const a = ints([37, 53], 1);
  const b = ints([53, 29], 2);
  agree("matmul 37x53x29", (x, y) => jnp.matmul(x, y), [a, b], 0, 0, true);
  agree("matmul by a transposed view", (x, y) => jnp.matmul(x, jnp.transpose(y)), [a, ints([29, 53], 3)], 0, 0, true);
  agree(
    "contract dim 0 of both",
    (x, y) =>
      lax.dotGeneral(x, y, [
        [[0], [0]],
        [[], []],
      ]),
    [ints([53, 37], 4), b],
    0,
    0,
    true,
  );
  agree("batched", (x, y) => jnp.matmul(x, y), [ints([3, 17, 9], 5), ints([3, 9, 11], 6)], 0, 0, true);
  agree("matvec", (x, y) => jnp.matmul(x, y), [a, ints([53], 7)], 0, 0, true);
});

test("int32 products and sums wrap as XLA's; uint32 alike", { skip }, () => {
  const big = ints([64, 64], 8, 2 ** 30);
  agree("wrapping 64x64x64", (x, y) => jnp.matmul(x, y), [big, ints([64, 64], 9, 2 ** 30)], 0, 0, true);
  agree(
    "uint32",
    (x, y) => jnp.matmul(x, y),
    [ints([20, 33], 10, 2 ** 30).astype("uint32"), ints([33, 6], 11, 2 ** 30).astype("uint32")],
    0,
    0,
    true,
  );
});
