// gather as copies inside the wasm memory (runtime/native_gather.ts): jnp.take
// along each axis, fill / clip / wrap modes with indices out of range on both
// sides, index arrays of any rank, x[i, j] with two-entry index vectors, row
// windows (embedding lookups), and dtypes of every storage width (those the
// copy path leaves to the reference kernel too). Each agrees with the js
// reference backend, eager and jitted.
import { test } from "node:test";
import { jnp, lax, type NDArray } from "../../../src/index.ts";
import { agree, rand, randInt } from "../../helpers/backends.ts";

test("take along every axis, in every mode, with indices out of range", () => {
  const x = rand([6, 7, 5], 1);
  const idx = jnp.array(Int32Array.from([0, 3, -1, -7, 6, 9, 2]));
  for (const mode of ["fill", "clip", "wrap"] as const) {
    for (const axis of [0, 1, 2, -1, null]) {
      agree(`take ${mode} axis ${axis}`, (a, i) => jnp.take(a, i, axis, { mode }), [x, idx], 0, 0, true);
    }
  }
  agree("take fill value", (a, i) => jnp.take(a, i, 0, { mode: "fill", fillValue: -5 }), [x, idx], 0, 0, true);
  agree("take with 2-D indices", (a, i) => jnp.take(a, i, 1), [x, randInt([3, 4], 2, -8, 8)], 0, 0, true);
  for (const mode of ["fill", "clip", "wrap"] as const) {
    agree(
      `take ${mode} from a vector`,
      (a, i) => jnp.take(a, i, 0, { mode }),
      [rand([1000], 3), randInt([500], 4, -1200, 1200)],
      0,
      0,
      true,
    );
  }
});

test("indexing: rows, elements by two indices, embedding lookups", () => {
  const table = rand([50, 16], 5);
  const ids = randInt([8, 3], 6, 0, 50);
  agree("embedding rows", (t, i) => t.at(i).get(), [table, ids], 0, 0, true);
  agree("x[i, j]", (t, i, j) => t.at(i, j).get(), [table, randInt([20], 7, -50, 50), randInt([20], 8, -16, 16)], 0, 0, true);
  agree("x[:, j]", (t, j) => t.at(jnp.arange(50), j).get(), [table, randInt([50], 9, 0, 16)], 0, 0, true);
});

test("gathers of every storage width", () => {
  const ids = jnp.array(Int32Array.from([4, 0, -2, 7, 3, 11]));
  const base = randInt([8, 3], 10, -100, 100);
  const arrays: NDArray[] = [
    base.astype("float32"),
    base.astype("int32"),
    base.gt(0),
    base.astype("int8"),
    base.astype("uint8"),
    base.astype("float16"),
    base.astype("bfloat16"),
    lax.complex(base.astype("float32"), base.astype("float32").mul(-1)),
  ];
  for (const a of arrays) {
    for (const mode of ["fill", "clip"] as const) {
      agree(`take ${a.dtype} ${mode}`, (v, i) => jnp.take(v, i, 0, { mode }), [a, ids], 0, 0, true);
      agree(`take flat ${a.dtype} ${mode}`, (v, i) => jnp.take(v, i, null, { mode }), [a, ids], 0, 0, true);
    }
  }
});

test("long gathers split over the threads agree too", () => {
  // 40000 single-element picks: two parts of at least 2^14 on two threads.
  const idx = randInt([40_000], 21, -1200, 1200);
  for (const mode of ["fill", "clip"] as const) {
    agree(`take ${mode}, 40000 of a float vector`, (a, i) => jnp.take(a, i, 0, { mode }), [rand([1000], 22), idx], 0, 0, true);
    agree(`take ${mode}, 40000 of a bool vector`, (a, i) => jnp.take(a, i, 0, { mode }), [rand([1000], 23).gt(0), idx], 0, 0, true);
  }
});

test("batched gathers (operand and index batching dims) copy windows natively: lu_solve's row permutations, take_along_axis under vmap", () => {
  const rows = rand([40, 5, 3], 11);
  const perm = jnp.argsort(rand([40, 5], 12), -1).astype("int32");
  // out[b, i, :] = a[b, p[b, i], :]
  const byRows =
    (mode: "promise_in_bounds" | "fill" | "clip") =>
    (a: NDArray, p: NDArray): NDArray =>
      lax.gather(
        a,
        p.reshape([40, 5, 1]),
        { offsetDims: [2], collapsedSliceDims: [1], startIndexMap: [1], operandBatchingDims: [0], startIndicesBatchingDims: [0] },
        [1, 1, 3],
        { mode, fillValue: -1 },
      );
  agree("rows permuted per batch element", byRows("promise_in_bounds"), [rows, perm], 0, 0, true);
  const outOfRange = perm.add(
    jnp.array(Int32Array.from({ length: 200 }, (_, i) => (i % 7 === 0 ? 9 : i % 11 === 0 ? -9 : 0))).reshape([40, 5]),
  );
  for (const mode of ["fill", "clip"] as const)
    agree(`rows permuted per batch element, ${mode} out of range`, byRows(mode), [rows, outOfRange], 0, 0, true);
  agree("inverse of 300 3x3 matrices", (a) => jnp.linalg.inv(a), [rand([300, 3, 3], 13).add(jnp.eye(3).mul(3))], 1e-5, 1e-5, true);
});
