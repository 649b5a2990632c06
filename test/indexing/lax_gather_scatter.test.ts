// lax.gather / lax.scatter* with explicit dimension numbers: XLA semantics of
// windows, out-of-bounds modes, batching dims, and JAX's shape errors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TypeError as JaxTypeError, type NDArray, ValueError, jit, jnp, lax, makeJaxpr } from "../../src/index.ts";

const ints = (v: unknown) => jnp.array(v as number[], { dtype: "int32" });
const x = jnp.arange(20).reshape([4, 5]).astype("float32");
const r = jnp.arange(5).astype("float32");
const winDn = { offsetDims: [1], collapsedSliceDims: [], startIndexMap: [0] };
const nan = (a: NDArray) => (a.toArray() as unknown[]).flat(3).map((v) => (Number.isNaN(v) ? "nan" : v));

test("gather windows: 2x2 windows at (row, col) starts; offset dims anywhere", () => {
  const dn = { offsetDims: [1, 2], collapsedSliceDims: [], startIndexMap: [0, 1] };
  assert.deepEqual(
    lax
      .gather(
        x,
        ints([
          [0, 0],
          [2, 3],
        ]),
        dn,
        [2, 2],
      )
      .toArray(),
    [
      [
        [0, 1],
        [5, 6],
      ],
      [
        [13, 14],
        [18, 19],
      ],
    ],
  );
  const cols = lax.gather(x, ints([[1], [3]]), { offsetDims: [0], collapsedSliceDims: [1], startIndexMap: [1] }, [4, 1]);
  assert.deepEqual(cols.toArray(), [
    [1, 3],
    [6, 8],
    [11, 13],
    [16, 18],
  ]);
  // indices with several batch dims
  const g = lax.gather(
    r,
    ints([
      [[4], [0]],
      [[2], [2]],
      [[1], [3]],
    ]),
    { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0] },
    [1],
  );
  assert.deepEqual(g.toArray(), [
    [4, 0],
    [2, 2],
    [1, 3],
  ]);
});

test("gather modes: clip and promise_in_bounds clamp the window start; fill fills the whole window", () => {
  const idx = ints([[4], [-1], [2]]);
  assert.deepEqual(lax.gather(r, idx, winDn, [2], { mode: "clip" }).toArray(), [
    [3, 4],
    [0, 1],
    [2, 3],
  ]);
  assert.deepEqual(lax.gather(r, idx, winDn, [2]).toArray(), [
    [3, 4],
    [0, 1],
    [2, 3],
  ]);
  assert.deepEqual(nan(lax.gather(r, idx, winDn, [2], { mode: "fill" })), ["nan", "nan", "nan", "nan", 2, 3]);
  assert.deepEqual(lax.gather(r, idx, winDn, [2], { mode: "fill", fillValue: -1 }).toArray(), [
    [-1, -1],
    [-1, -1],
    [2, 3],
  ]);
  const ri = jnp.arange(5, undefined, undefined, { dtype: "int32" });
  assert.deepEqual(lax.gather(ri, ints([[5]]), winDn, [1], { mode: "fill" }).toArray(), [[-2147483648]]);
  const ru = ri.astype("uint32");
  assert.deepEqual(lax.gather(ru, ints([[5]]), winDn, [1], { mode: "fill" }).toArray(), [[4294967295]]);
  assert.deepEqual(lax.gather(ri.gt(2), ints([[7], [0]]), winDn, [1], { mode: "fill" }).toArray(), [[true], [false]]);
});

test("gather with operand / indices batching dims (per-row lookups)", () => {
  const dn = { offsetDims: [], collapsedSliceDims: [1], startIndexMap: [1], operandBatchingDims: [0], startIndicesBatchingDims: [0] };
  const out = lax.gather(
    x,
    ints([
      [[4], [0]],
      [[1], [1]],
      [[0], [2]],
      [[3], [4]],
    ]),
    dn,
    [1, 1],
  );
  assert.deepEqual(out.toArray(), [
    [4, 0],
    [6, 6],
    [10, 12],
    [18, 19],
  ]);
  // batching dim of the indices in second place
  const dn2 = { ...dn, startIndicesBatchingDims: [1] };
  const out2 = lax.gather(x, ints([[[4], [1], [0], [3]]]), dn2, [1, 1]);
  assert.deepEqual(out2.toArray(), [[4, 6, 10, 18]]);
});

test("scatter family: set / add / mul / min / max, with repeated indices", () => {
  const z = jnp.ones([5]);
  const dn = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
  const idx = ints([[1], [3], [1]]);
  const u = jnp.array([2, 5, 4]);
  assert.deepEqual(lax.scatterAdd(z, idx, u, dn).toArray(), [1, 7, 1, 6, 1]);
  assert.deepEqual(lax.scatterMul(z, idx, u, dn).toArray(), [1, 8, 1, 5, 1]);
  assert.deepEqual(lax.scatterMin(z, idx, u, dn).toArray(), [1, 1, 1, 1, 1]);
  assert.deepEqual(lax.scatterMax(z, idx, u, dn).toArray(), [1, 4, 1, 5, 1]);
  const s = lax.scatter(z, idx, u, dn).toArray() as number[];
  assert.ok(s[1] === 2 || s[1] === 4);
  assert.deepEqual([s[0], s[2], s[3], s[4]], [1, 1, 5, 1]);
  // integer wrap-around and boolean logic
  const big = jnp.array([2147483647], { dtype: "int32" });
  assert.deepEqual(lax.scatterAdd(big, ints([[0]]), jnp.array([1], { dtype: "int32" }), dn).toArray(), [-2147483648]);
  const b = jnp.array([false, true]);
  assert.deepEqual(lax.scatterAdd(b, ints([[0], [1]]), jnp.array([true, false]), dn).toArray(), [true, true]);
  assert.deepEqual(lax.scatterMul(b, ints([[1]]), jnp.array([false]), dn).toArray(), [false, false]);
  // NaN propagates through min / max, as XLA
  assert.ok(
    Number.isNaN(
      Number(
        lax
          .scatterMax(z, ints([[0]]), jnp.array([NaN]), dn)
          .get(0)
          .item(),
      ),
    ),
  );
});

test("scatter windows and modes: fill drops a partly out-of-bounds window, clip clamps it", () => {
  const z = jnp.zeros([5]);
  const dn = { updateWindowDims: [1], insertedWindowDims: [], scatterDimsToOperandDims: [0] };
  const u = jnp.array([
    [1, 2],
    [3, 4],
  ]);
  const idx = ints([[4], [1]]);
  assert.deepEqual(lax.scatterAdd(z, idx, u, dn).toArray(), [0, 3, 4, 0, 0]);
  assert.deepEqual(lax.scatterAdd(z, idx, u, dn, { mode: "promise_in_bounds" }).toArray(), [0, 3, 4, 0, 0]);
  assert.deepEqual(lax.scatterAdd(z, idx, u, dn, { mode: "clip" }).toArray(), [0, 3, 4, 1, 2]);
  assert.deepEqual(lax.scatter(z, ints([[-1], [0]]), u, dn, { mode: "clip" }).toArray(), [3, 4, 0, 0, 0]);
});

test("scatter with batching dims updates one row per batch", () => {
  const dn = {
    updateWindowDims: [],
    insertedWindowDims: [1],
    scatterDimsToOperandDims: [1],
    operandBatchingDims: [0],
    scatterIndicesBatchingDims: [0],
  };
  const out = lax.scatterAdd(
    jnp.zeros([3, 4]),
    ints([
      [[0], [0]],
      [[3], [1]],
      [[2], [9]],
    ]),
    jnp.array([
      [1, 2],
      [3, 4],
      [5, 6],
    ]),
    dn,
  );
  assert.deepEqual(out.toArray(), [
    [3, 0, 0, 0],
    [0, 4, 0, 3],
    [0, 0, 5, 0],
  ]);
});

test("jit matches eager for gather / scatter", () => {
  const dn = { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] };
  const f = (v: NDArray, i: NDArray) =>
    lax.scatterAdd(v, i, lax.gather(v, i, dn, [1, 5], { mode: "fill", fillValue: 0 }).mul(2), {
      updateWindowDims: [1],
      insertedWindowDims: [0],
      scatterDimsToOperandDims: [0],
    });
  const i = ints([[3], [0], [3], [8]]);
  assert.deepEqual(jit(f)(x, i).toArray(), f(x, i).toArray());
});

test("jaxprs print JAX's gather / scatter params", () => {
  const text = makeJaxpr((v: NDArray) => v.get([0, 2]))(r).toString();
  assert.match(
    text,
    /gather\[dimension_numbers=GatherDimensionNumbers\(offset_dims=\(\), collapsed_slice_dims=\(0,\), start_index_map=\(0,\), operand_batching_dims=\(\), start_indices_batching_dims=\(\)\) fill_value=None indices_are_sorted=False mode=GatherScatterMode.PROMISE_IN_BOUNDS slice_sizes=\(1,\) unique_indices=False\]/,
  );
  const t2 = makeJaxpr((v: NDArray) => v.at([0, 2]).add(1))(r).toString();
  assert.match(
    t2,
    /scatter-add\[dimension_numbers=ScatterDimensionNumbers\(update_window_dims=\(\), inserted_window_dims=\(0,\), scatter_dims_to_operand_dims=\(0,\), operand_batching_dims=\(\), scatter_indices_batching_dims=\(\)\) indices_are_sorted=False mode=GatherScatterMode.FILL_OR_DROP unique_indices=False/,
  );
  const t3 = makeJaxpr((v: NDArray, i: NDArray) => v.get(i))(r, jnp.array(2, { dtype: "int32" })).toString();
  assert.match(t3, /dynamic_slice\[slice_sizes=\(1,\)\]/);
});

test("shape and dtype errors, worded as JAX's", () => {
  const dn = { offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0] };
  assert.throws(
    () => lax.gather(x, jnp.array([[0.5]]), dn, [1, 5]),
    (e: Error) => e instanceof ValueError && /indices must have an integer type/.test(e.message),
  );
  assert.throws(
    () => lax.gather(x, ints([[0, 1]]), dn, [1, 5]),
    (e: Error) =>
      e instanceof JaxTypeError &&
      /1 elements in start_index_map and the bound of dimension index_vector_dim=1 of indices is 2/.test(e.message),
  );
  assert.throws(() => lax.gather(x, ints([[0]]), dn, [2, 5]), /can only collapse slice dims with bound 1, but bound is 2/);
  assert.throws(
    () => lax.gather(x, ints([[0]]), dn, [1, 6]),
    /Slice size at index 1 in gather op is out of range, must be within \[0, 5 \+ 1\), got 6/,
  );
  assert.throws(
    () => lax.gather(x, ints([[0]]), { ...dn, offsetDims: [] }, [1, 5]),
    /All components of the offset index in a gather op must either be a offset dimension or explicitly collapsed/,
  );
  assert.throws(() => lax.gather(x, ints([[0]]), dn, [1, 5], { mode: "bogus" as never }), /Unknown gather mode "bogus"/);
  const sdn = { updateWindowDims: [], insertedWindowDims: [0], scatterDimsToOperandDims: [0] };
  assert.throws(
    () => lax.scatterAdd(r, ints([[0], [1]]), jnp.ones([3]), sdn),
    /Bounds of the scatter dimensions of updates must be the same as the bounds of the corresponding dimensions of scatter indices/,
  );
  assert.throws(() => lax.scatterAdd(r, ints([[0]]), jnp.ones([1, 1]), sdn), /Updates tensor must be of rank 1; got 2/);
  assert.throws(
    () => lax.scatter(r, ints([[0]]), jnp.array([1], { dtype: "int32" }).astype("int32"), sdn),
    /requires arguments to have the same dtypes, got float32, int32/,
  );
  assert.throws(() => lax.gather(x, ints([[0]]), { offsetDims: [0] } as never, [1, 5]), /missing field collapsedSliceDims/);
});
