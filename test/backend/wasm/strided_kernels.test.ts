// Kernels whose inner loop reads an operand with a stride (a transposed or
// reversed view, a stepped slice) gather those lanes one by one and stay
// vectorized: sums with transposes, reversals (negative strides), stepped
// slices, int32 and float32, sizes with scalar tails and inner reductions,
// against the js reference, jitted (fused) and eager.
import { test } from "node:test";
import assert from "node:assert/strict";
import { config, jnp, lax } from "../../../src/index.ts";
import { NodeBuilder } from "../../../src/compiler/kernel.ts";
import { planLoops } from "../../../src/backend/wasm/codegen/loops.ts";
import { agree, rand, randInt } from "../../helpers/backends.ts";

test("transposed, reversed and stepped operands in fused kernels", () => {
  for (const [r, c] of [
    [4, 4],
    [7, 5],
    [33, 65],
    [128, 3],
  ]) {
    const a = rand([r, c], r * 3 + c);
    const b = rand([c, r], r + c * 5);
    agree(`a + b.T ${r}x${c}`, (x, y) => jnp.exp(x.add(y.T)).mul(2), [a, b], 1e-6, 1e-6, true);
    agree(`rev ${r}x${c}`, (x) => lax.rev(x, [1]).mul(x), [a], 1e-6, 1e-6, true);
    agree(`rows of a transpose, summed ${r}x${c}`, (y) => jnp.sum(jnp.tanh(y.T), 1), [b], 1e-5, 1e-6, true);
    agree(`stepped slice ${r}x${c}`, (x) => lax.slice(x, [0, 0], [r, c], [1, 2]).add(1), [a], 1e-6, 1e-6, true);
    const n = randInt([c, r], r * c, -50, 50);
    agree(`int32 transpose ${r}x${c}`, (x, y) => x.add(y.T.mul(3)), [randInt([r, c], r + c, -50, 50), n], 0, 0, true);
  }
});

test("transposing kernels walk tiles: 16 × 16 blocks where the sizes allow, any dtype, threads included", () => {
  // The nest of out = x.T for x [48, 64] (read 64 elements apart per output step): [3, 4, 16, 16].
  const b = new NodeBuilder();
  const load = b.load(0, "f32", [64, 48], { strides: [1, 64], offset: 0 });
  const nest = planLoops({
    shape: [64, 48],
    reduced: [false, false],
    outputs: [{ node: load, reduce: null, type: "f32", slot: 1 }],
  } as never);
  assert.deepEqual(nest.sizes, [4, 3, 16, 16]);
  assert.deepEqual(nest.accesses.find((a) => a.kind === "load")!.strides, [16, 1024, 1, 64]);
  assert.deepEqual(nest.accesses.find((a) => a.kind === "store")!.strides, [768, 16, 48, 1]);
  // Values: tiles of 16, 8 and 4, sizes with no tile, 3-D permutations, 1-, 4- and 8-byte dtypes, and a size split among threads.
  for (const [shape, perm] of [
    [
      [48, 64],
      [1, 0],
    ],
    [
      [40, 24],
      [1, 0],
    ],
    [
      [12, 20],
      [1, 0],
    ],
    [
      [33, 65],
      [1, 0],
    ],
    [
      [16, 24, 32],
      [2, 0, 1],
    ],
    [
      [8, 32, 16],
      [0, 2, 1],
    ],
    [
      [1024, 512],
      [1, 0],
    ],
  ] as [number[], number[]][]) {
    const x = rand(shape, shape[0] + shape[1]);
    agree(`transpose ${shape} by ${perm}`, (v) => jnp.transpose(v, perm).mul(2), [x], 0, 0, true);
    agree(`int8 transpose ${shape} by ${perm}`, (v) => jnp.transpose(v.astype("int8"), perm), [x.mul(60)], 0, 0, true);
    agree(`bool transpose ${shape} by ${perm}`, (v) => jnp.transpose(v.gt(0), perm), [x], 0, 0, true);
  }
  // A transposed bool operand is read four bytes a vector (lane by lane), sizes with scalar tails included.
  for (const [r, c] of [
    [64, 64],
    [33, 65],
  ]) {
    const m = rand([r, c], r + 1).gt(0);
    agree(`where over a transposed bool operand ${r}x${c}`, (p, v) => jnp.where(p.T, v, v.mul(0.5)), [m, rand([c, r], c)], 0, 0, true);
    agree(
      `sum over a transposed bool operand ${r}x${c}`,
      (p, v) => jnp.sum(jnp.where(p.T, v, 0), 1),
      [m, rand([c, r], c)],
      1e-6,
      1e-6,
      true,
    );
  }
  const prev = config.enableX64;
  config.update("enableX64", true);
  try {
    agree("float64 transpose (scalar kernels)", (v) => jnp.transpose(v.astype("float64"), [1, 0]).mul(3), [rand([64, 80], 9)], 0, 0, true);
  } finally {
    config.update("enableX64", prev);
  }
});
