// vmap of indexing vs a loop over the batch: operand batched, indices
// batched, both; scatters; dynamic_slice / dynamic_update_slice with batched
// starts; nested vmap (batching dims stacking up); vmap of grad.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type NDArray, grad, jit, jnp, lax, vmap } from "../../src/index.ts";

function unstack(x: NDArray, axis = 0): NDArray[] {
  return Array.from({ length: x.shape[axis] }, (_, i) => x.get(...Array(axis).fill(jnp.s()), i));
}

/** vmap(f) over the leading axis (per inAxes) equals stacking f on each slice. */
function assertVmapMatchesLoop(name: string, f: (...a: NDArray[]) => NDArray, args: NDArray[], inAxes: Array<number | null>): void {
  const n = args.find((_, i) => inAxes[i] !== null)!.shape[inAxes.find((a) => a !== null)!];
  const got = vmap(f, { inAxes })(...args) as NDArray;
  const rows = Array.from({ length: n }, (_, b) => f(...args.map((a, i) => (inAxes[i] === null ? a : unstack(a, inAxes[i]!)[b]))));
  const want = jnp.stack(rows);
  assert.deepEqual(got.shape, want.shape, `${name}: shape`);
  assert.deepEqual(got.toArray(), want.toArray(), `${name}: values`);
}

const xs = jnp
  .arange(2 * 3 * 4 * 5)
  .reshape([2, 3, 4, 5])
  .astype("float32");
const ints = (v: unknown) => jnp.array(v as number[], { dtype: "int32" });

test("vmap of get: operand batched, indices batched, both", () => {
  const get = (x: NDArray, i: NDArray) => x.get(jnp.s(), i, jnp.s(1, 3));
  assertVmapMatchesLoop("operand batched", (x) => x.get([2, 0], jnp.s(), 1), [xs], [0]);
  assertVmapMatchesLoop("operand batched axis 2", (x) => x.get(1, [3, 3, 0]), [xs], [2]);
  assertVmapMatchesLoop(
    "indices batched",
    (i) => xs.get(1, i),
    [
      ints([
        [0, 2],
        [1, 1],
        [2, 0],
      ]),
    ],
    [0],
  );
  assertVmapMatchesLoop(
    "both batched",
    get,
    [
      xs,
      ints([
        [0, 3, 1],
        [2, 2, 0],
      ]),
    ],
    [0, 0],
  );
  assertVmapMatchesLoop(
    "both, indices batch axis 1",
    get,
    [
      xs,
      ints([
        [0, 2],
        [3, 2],
        [1, 0],
      ]),
    ],
    [0, 1],
  );
  assertVmapMatchesLoop(
    "separated advanced",
    (x, i) => x.get(i, jnp.s(), i),
    [
      xs,
      ints([
        [0, 1],
        [1, 1],
        [1, 0],
      ]),
    ],
    [1, 0],
  );
  assertVmapMatchesLoop("scalar dynamic index", (x, i) => x.get(jnp.s(), i), [xs.get(0), ints([3, -1, 0])], [null, 0]);
});

test("vmap of at-updates (scatter batching)", () => {
  const x = xs.get(0, 0);
  assertVmapMatchesLoop("set, operand batched", (v) => v.at([1, 1, 3]).set(7), [xs.get(0)], [0]);
  assertVmapMatchesLoop("add, updates batched", (u) => x.at([0, 0, 2]).add(u), [jnp.arange(30).reshape([2, 3, 5]).astype("float32")], [0]);
  assertVmapMatchesLoop(
    "add, indices batched",
    (i) => x.at(i).add(1),
    [
      ints([
        [0, 0],
        [3, 1],
        [2, 3],
      ]),
    ],
    [0],
  );
  assertVmapMatchesLoop(
    "max, all batched",
    (v, i, u) => v.at(jnp.s(), i).max(u),
    [
      xs.get(0),
      ints([
        [1, 1],
        [0, 4],
        [3, 2],
      ]),
      jnp.arange(24).reshape([3, 4, 2]).astype("float32").mul(3),
    ],
    [0, 0, 0],
  );
  assertVmapMatchesLoop(
    "mul strided, both",
    (v, u) => v.at(jnp.s(null, null, -2)).mul(u),
    [xs.get(0, 0), jnp.arange(12).reshape([3, 4]).astype("float32")],
    [0, 1],
  );
});

test("vmap of take / takeAlongAxis / lax.gather with batching dims", () => {
  assertVmapMatchesLoop(
    "take",
    (v, i) => jnp.take(v, i, 1),
    [
      xs.get(0),
      ints([
        [0, 9],
        [4, -1],
        [2, 2],
      ]),
    ],
    [0, 0],
  );
  assertVmapMatchesLoop(
    "takeAlongAxis",
    (v, i) => jnp.takeAlongAxis(v, i, 0),
    [
      xs.get(0, 0),
      ints([
        [3, 0, 1],
        [0, 0, 0],
        [3, 3, 2],
        [1, 2, 3],
        [0, 1, 0],
      ]),
    ],
    [1, 0],
  );
  const dn = { offsetDims: [], collapsedSliceDims: [1], startIndexMap: [1], operandBatchingDims: [0], startIndicesBatchingDims: [0] };
  const gi = jnp.arange(30).reshape([5, 3, 2, 1]).mul(7).mod(4).astype("int32");
  assertVmapMatchesLoop("gather with batching dims, both batched", (v, i) => lax.gather(v, i, dn, [1, 1]), [xs.get(0), gi], [2, 0]);
  assertVmapMatchesLoop(
    "gather with batching dims, indices batched",
    (i) => lax.gather(xs.get(0, jnp.s(), jnp.s(), 0), i, dn, [1, 1]),
    [gi],
    [0],
  );
  assertVmapMatchesLoop("gather with batching dims, operand batched", (v) => lax.gather(v, gi.get(0), dn, [1, 1]), [xs.get(0)], [2]);
});

test("nested vmap stacks batching dims", () => {
  const f = (v: NDArray, i: NDArray) => v.get(i);
  const g = vmap(vmap(f));
  const idx = ints([
    [
      [0, 3],
      [1, 1],
      [4, 2],
    ],
    [
      [2, 2],
      [0, 4],
      [3, 0],
    ],
  ]);
  const got = g(xs.get(jnp.s(), jnp.s(), 0), idx) as NDArray;
  const want = jnp.stack([0, 1].map((a) => jnp.stack([0, 1, 2].map((b) => xs.get(a, b, 0).get(idx.get(a, b))))));
  assert.deepEqual(got.toArray(), want.toArray());
  const h = vmap(
    vmap((v: NDArray, i: NDArray) => v.at(i).add(1)),
    { inAxes: [0, null] },
  );
  const got2 = h(xs.get(jnp.s(), jnp.s(), 0), idx.get(0)) as NDArray;
  const want2 = jnp.stack([0, 1].map((a) => jnp.stack([0, 1, 2].map((b) => xs.get(a, b, 0).at(idx.get(0, b)).add(1)))));
  assert.deepEqual(got2.toArray(), want2.toArray());
});

test("dynamic_slice / dynamic_update_slice with batched start indices", () => {
  const x = xs.get(0, jnp.s(), jnp.s(), 0);
  const ds = (i: NDArray, j: NDArray) => lax.dynamicSlice(x, [i, j], [2, 2]);
  assertVmapMatchesLoop("dynamic_slice starts batched (with clamping)", ds, [ints([0, 1, 2, -1]), ints([3, 0, 1, 2])], [0, 0]);
  assertVmapMatchesLoop(
    "dynamic_slice operand and start batched",
    (v, i) => lax.dynamicSlice(v, [i, 1], [2, 3]),
    [xs.get(jnp.s(), 0), ints([1, 5])],
    [0, 0],
  );
  const dus = (u: NDArray, i: NDArray) => lax.dynamicUpdateSlice(x, u, [i, 1]);
  assertVmapMatchesLoop("dynamic_update_slice start batched", (i) => dus(jnp.ones([2, 2]), i), [ints([0, 2, 7])], [0]);
  assertVmapMatchesLoop(
    "dynamic_update_slice all batched",
    (v, u, i) => lax.dynamicUpdateSlice(v, u, [0, i]),
    [xs.get(jnp.s(), 0), jnp.arange(12).reshape([2, 3, 2]).astype("float32").neg(), ints([3, 1])],
    [0, 0, 0],
  );
  // dynamic_index_in_dim under vmap of jit, the common "gather one row per example" pattern
  const rows = vmap(jit((i: NDArray) => x.get(i)))(ints([2, 0, 3])) as NDArray;
  assert.deepEqual(rows.toArray(), [x.get(2).toArray(), x.get(0).toArray(), x.get(3).toArray()]);
});

test("vmap of grad through gather", () => {
  const f = (x: NDArray) => jnp.sum(jnp.square(x.get([0, 0, 2])));
  const xb = jnp.array([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const got = vmap(grad(f))(xb) as NDArray;
  assert.deepEqual(got.toArray(), [
    [4, 0, 6],
    [16, 0, 12],
  ]);
});
