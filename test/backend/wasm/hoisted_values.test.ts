// Values the innermost loop does not change (a row's statistics, arithmetic
// on broadcast operands, a dynamic slice's offset) are computed once before
// it (codegen/emit.ts hoist), as a vector whose lane 0 the scalar tail takes.
// Each case is compared bit for bit with the js reference backend, jitted
// (within a tolerance where rsqrt or exp differ in their last bits),
// at row lengths with and without a scalar tail: float, int and bool values
// hoisted, row-wise where and select, reductions over rows, a gathered load
// at an invariant index, kernels split among threads and narrow kernels.
import { test } from "node:test";
import { jit, jnp, lax, nn, type NDArray } from "../../../src/index.ts";
import { agree, assertSameAsReference, rand, randInt } from "../../helpers/backends.ts";

test("row-invariant values computed once per row agree with the reference", () => {
  for (const [r, c] of [
    [3, 4],
    [5, 7],
    [9, 33],
    [2, 2],
    [17, 1],
  ]) {
    const x = rand([r, c], r * c);
    const s = rand([r, 1], r + c);
    assertSameAsReference(`row scale and shift ${r}x${c}`, () =>
      jit((a: NDArray, b: NDArray) => a.sub(b.mul(3).add(1)).div(jnp.sqrt(b.mul(b).add(2))))(x, s),
    );
    // rsqrt and exp differ from the reference's in the last bits: compared within a tolerance.
    agree(`standardize ${r}x${c}`, (a) => nn.standardize(a, 1), [x], 1e-5, 1e-5);
    assertSameAsReference(`row-wise where ${r}x${c}`, () => jit((a: NDArray, b: NDArray) => jnp.where(b.gt(0), a.mul(2), a.neg()))(x, s));
    const i = randInt([r, c], r, -50, 50);
    const k = randInt([r, 1], c, 1, 9);
    assertSameAsReference(`int row arithmetic ${r}x${c}`, () =>
      jit((a: NDArray, b: NDArray) => a.mul(b.mul(b).add(1)).add(b.mod(4)))(i, k),
    );
    agree(`a sum of rows times a row statistic ${r}x${c}`, (a, b) => jnp.sum(a.mul(jnp.exp(b)), 1), [x, s], 1e-5, 1e-5);
    assertSameAsReference(`a column broadcast along rows ${r}x${c}`, () =>
      jit((a: NDArray, v: NDArray) => a.mul(v.mul(2).sub(1)))(x, rand([c], r)),
    );
    // The slice's start is the same for every point: one gathered address per row.
    assertSameAsReference(`dynamic slice at a computed start ${r}x${c}`, () =>
      jit((a: NDArray, t: NDArray) => lax.dynamicSlice(a, [t.astype("int32").mul(0).add(1), 0], [Math.max(1, r - 1), c]).add(1))(
        x,
        jnp.array(2),
      ),
    );
  }
  // A kernel split among threads, and a narrow one (rows of two) whose tail rows run scalar.
  const big = rand([600, 1000], 1);
  agree("standardize 600x1000", (a) => nn.standardize(a, 1), [big], 1e-5, 1e-5);
  const pairs = rand([7, 2], 3);
  assertSameAsReference("rows of two scaled by their norm", () =>
    jit((a: NDArray) => a.div(jnp.sqrt(jnp.sum(a.mul(a), 1, { keepdims: true }).add(1))))(pairs),
  );
});

test("max and min against loop-invariant bounds: unswitched on NaN and zero bounds, every case bit for bit", () => {
  const special = [0, -0, 1, -1, 0.5, -0.5, 3, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-40, -1e-40];
  const x = jnp.array(Float32Array.from({ length: 37 }, (_, i) => special[i % special.length] * (i % 5 === 4 ? 2 : 1)));
  for (const lo of [-0.25, 0, -0, Number.NaN, Number.NEGATIVE_INFINITY, 1])
    for (const hi of [0.25, 0, -0, Number.NaN, Number.POSITIVE_INFINITY]) {
      const [l, h] = [jnp.array(lo), jnp.array(hi)];
      assertSameAsReference(`clip to [${lo}, ${hi}], bounds traced`, () =>
        jit((a: NDArray, p: NDArray, q: NDArray) => jnp.clip(a, p, q))(x, l, h),
      );
      assertSameAsReference(`maximum with ${lo} then minimum with ${hi}, eager`, () => jnp.minimum(jnp.maximum(x, l), h));
    }
  // Row-wise bounds: one per row, checked before each row's loop.
  const m = rand([6, 37], 3);
  const rowBounds = jnp.array([0.1, 0, Number.NaN, -0, -0.3, 2]).reshape([6, 1]);
  assertSameAsReference("maximum with a bound per row", () => jit((a: NDArray, b: NDArray) => jnp.maximum(a, b))(m, rowBounds));
});
