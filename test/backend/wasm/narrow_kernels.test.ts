// Kernels over an innermost dim of 2 or 3 (complex numbers' parts, stacks on
// the last axis) run SIMD along the dim outside it, their columns interleaved
// by shuffles (codegen/emit.ts narrowWidth); strided operands every second or
// third element, or reversed, load as two vectors and a shuffle. Values are
// compared bit for bit with the js reference backend, at row counts around
// the four-row step, with an outer loop, a split among threads, reversed
// rows and gathered loads; and the kernels are checked to be SIMD.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBackend, jit, jnp, lax, makeJaxpr, type NDArray } from "../../../src/index.ts";
import { ArrayImpl } from "../../../src/core/array_impl.ts";
import { fuse } from "../../../src/compiler/fusion.ts";
import { localize } from "../../../src/compiler/localize.ts";
import { buildKernelModule } from "../../../src/backend/wasm/codegen/emit.ts";
import { wasmTarget } from "../../../src/backend/wasm/target.ts";
import { assertSameAsReference, rand, randInt } from "../../helpers/backends.ts";

const skip = defaultBackend() !== "wasm";

const ROWS = [1, 3, 4, 5, 7, 8, 13, 101];

test("narrow innermost dims: stacks, complex products and concatenations agree with the reference", () => {
  for (const n of ROWS) {
    const a = rand([n], n);
    const b = rand([n], n + 1);
    assertSameAsReference(`stack of two, ${n} rows`, () => jit((x: NDArray, y: NDArray) => jnp.stack([x, y.mul(2).add(1)], -1))(a, b));
    assertSameAsReference(`stack of three, ${n} rows`, () => jit((x: NDArray, y: NDArray) => jnp.stack([x, y, x.mul(y).sub(1)], -1))(a, b));
    assertSameAsReference(`complex product, ${n}`, () =>
      jit((x: NDArray, y: NDArray) => {
        const z = lax.complex(x, y);
        return z.mul(z).add(z);
      })(a, b),
    );
    // A [n, 2] piece and a [n, 1] piece: the wider piece's loads are gathered.
    assertSameAsReference(`concatenate [n,2] and [n,1], ${n}`, () =>
      jit((x: NDArray, y: NDArray) => jnp.concatenate([jnp.stack([x, y], -1), x.reshape([n, 1]).mul(3)], -1))(a, b),
    );
    const i = randInt([n], n, -1000, 1000);
    assertSameAsReference(`int32 stack with an iota, ${n}`, () =>
      jit((x: NDArray) => jnp.stack([x.mul(3), jnp.arange(n, { dtype: "int32" })], -1))(i),
    );
    // Reversed rows: the vectorized level walks its operand backwards.
    assertSameAsReference(`stack of reversed rows, ${n}`, () => jit((x: NDArray, y: NDArray) => jnp.stack([jnp.flip(x), y], -1))(a, b));
  }
  // An outer level around the narrow pair, and enough rows to split among threads.
  // A transposed piece keeps [7, 9, 2] three loop levels (a contiguous one would merge into [63, 2]).
  const m = rand([7, 9], 3);
  const n = rand([9, 7], 4);
  assertSameAsReference("a [7, 9, 2] kernel", () => jit((x: NDArray, y: NDArray) => jnp.stack([x, y.T.mul(2)], -1))(m, n));
  assertSameAsReference("a [400, 700, 2] kernel split among threads", () =>
    jit((x: NDArray, y: NDArray) => jnp.stack([x, y.T.mul(2)], -1))(rand([400, 700], 5), rand([700, 400], 6)),
  );
  // A dynamic slice's start, the same for every lane: one address per row.
  assertSameAsReference("a dynamic slice stacked with a static one", () =>
    jit((a: NDArray, i: NDArray) => jnp.stack([lax.dynamicSlice(a, [i.astype("int32")], [50]), lax.slice(a, [0], [50])], -1))(
      rand([100], 7),
      jnp.array(13),
    ),
  );
  const big = rand([300_001], 4);
  assertSameAsReference("a split [300001, 3] kernel", () => jit((x: NDArray) => jnp.stack([x, x.add(1), jnp.flip(x)], -1))(big));
});

test("narrow kernels compile to SIMD, and a large stack on the last axis is one kernel, eager too", { skip }, () => {
  const x = jnp.ones([100_000]);
  for (const f of [(a: NDArray) => jnp.stack([a, a.mul(2)], -1), (a: NDArray) => jnp.stack([a, a, a], -1)]) {
    const program = fuse(makeJaxpr(f)(x).jaxpr, wasmTarget);
    assert.deepEqual(
      program.steps.map((s) => s.kind),
      ["kernel"],
    );
    const step = program.steps[0];
    assert.ok(step.kind === "kernel");
    const mod = buildKernelModule(localize(step.kernel).kernel, { min: 1 });
    assert.ok(mod.simd, "the narrow kernel runs SIMD");
  }
  const s = jnp.stack([x, x.mul(2)], -1);
  assert.ok((s as ArrayImpl).deferred !== null, "an eager stack on the last axis is deferred");
  assert.deepEqual(Array.from((s.dataSync() as Float32Array).slice(0, 4)), [1, 2, 1, 2]);
});

test("operands every second or third element, and reversed, load as vectors", () => {
  for (const n of [4, 7, 9, 16, 33, 1001]) {
    const a = rand([n], n + 7);
    for (const [start, step] of [
      [0, 2],
      [1, 2],
      [0, 3],
      [2, 3],
      [0, 4],
    ])
      assertSameAsReference(`x[${start}::${step}], ${n}`, () => jit((x: NDArray) => lax.slice(x, [start], [n], [step]).add(1))(a));
    assertSameAsReference(`x[::-1], ${n}`, () => jit((x: NDArray) => jnp.flip(x).add(1))(a));
    assertSameAsReference(`x[::-2], ${n}`, () => jit((x: NDArray) => lax.slice(jnp.flip(x), [0], [n], [2]).add(1))(a));
    const i = randInt([n], n, -99, 99);
    assertSameAsReference(`int32 x[1::2], ${n}`, () => jit((x: NDArray) => lax.slice(x, [1], [n], [2]).mul(3))(i));
    assertSameAsReference(`int32 x[::-1], ${n}`, () => jit((x: NDArray) => jnp.flip(x).mul(3))(i));
    const m = rand([n, 5], n);
    assertSameAsReference(`rows reversed, ${n}x5`, () => jit((x: NDArray) => jnp.flip(x, 1).add(1))(m));
  }
});

test("associative_scan's interleave (two interior pads added) is one narrow kernel, bit for bit", () => {
  for (const n of [2, 3, 8, 13, 64, 1000]) {
    // Negative zeros: the pads' sum turns -0 into +0, and so must the interleave.
    const x = jnp.array(Float32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? -0 : Math.sin(i) * 3)));
    assertSameAsReference(`cumulative sum of ${n}`, () =>
      jit((a: NDArray) => lax.associativeScan((p: NDArray, q: NDArray) => p.add(q), a))(x),
    );
    assertSameAsReference(`cumulative max of ${n}`, () =>
      jit((a: NDArray) => lax.associativeScan((p: NDArray, q: NDArray) => jnp.maximum(p, q), a))(x),
    );
    const m = rand([3, n], n);
    assertSameAsReference(`cumulative sum along the last axis of [3, ${n}]`, () =>
      jit((a: NDArray) => lax.associativeScan((p: NDArray, q: NDArray) => p.add(q), a, { axis: 1 }))(m),
    );
    assertSameAsReference(`cumulative or of ${n} bools`, () =>
      jit((a: NDArray) => lax.associativeScan((p: NDArray, q: NDArray) => jnp.logicalOr(p, q), a))(x.gt(1)),
    );
  }
  if (skip) return;
  const interleave = (a: NDArray, b: NDArray) => lax.pad(a, 0, [[0, 1, 1]]).add(lax.pad(b, 0, [[1, 0, 1]]));
  const steps = fuse(makeJaxpr(interleave)(jnp.ones([500]), jnp.ones([500])).jaxpr, wasmTarget).steps;
  assert.equal(steps.length, 1);
  const step = steps[0];
  assert.ok(step.kind === "kernel");
  assert.deepEqual(step.kernel.shape, [500, 2], "a kernel over [n, 2]");
  assert.ok(buildKernelModule(localize(step.kernel).kernel, { min: 1 }).simd);
});
