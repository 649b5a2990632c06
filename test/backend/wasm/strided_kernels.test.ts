// Kernels whose inner loop reads an operand with a stride (a transposed or
// reversed view, a stepped slice) gather those lanes one by one and stay
// vectorized: sums with transposes, reversals (negative strides), stepped
// slices, int32 and float32, sizes with scalar tails and inner reductions,
// against the js reference, jitted (fused) and eager.
import { test } from "node:test";
import { jnp, lax } from "../../../src/index.ts";
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
