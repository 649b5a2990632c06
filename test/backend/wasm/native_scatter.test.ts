// The scatter family as a wasm loop over the updates (runtime/native_scatter.ts):
// x.at[idx].set/add/mul/min/max on float32, int32 and uint32 (and set on
// 1-byte dtypes), in drop and clip modes with indices out of range on both
// sides and repeated (updates combine in order), row windows (embedding
// gradients), NaNs in min/max, and forms the loop leaves to the reference
// kernel. Each agrees with the js reference backend, eager and jitted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBackend, grad, jnp, type NDArray } from "../../../src/index.ts";
import { NATIVE_MOVES } from "../../../src/backend/wasm/runtime/native_moves.ts";
import { agree, rand, randInt } from "../../helpers/backends.ts";

const skip = defaultBackend() !== "wasm";
const OPS = ["set", "add", "mul", "min", "max"] as const;

/** x.at(i).op(v) with the given mode. */
const update = (op: (typeof OPS)[number], mode: "fill" | "clip") => (x: NDArray, i: NDArray, v: NDArray) => x.at(i)[op](v, { mode });

test("every op on float32, int32 and uint32, dropped or clamped, with repeated indices", { skip }, () => {
  // Indices in [-14, 14) for 10 elements: negatives wrap once (JAX's indexing), then some are out of range both ways.
  const idx = randInt([40], 1, -14, 14);
  const base = randInt([10], 2, -50, 50);
  const vals = randInt([40], 3, -50, 50);
  const cases: Array<[string, NDArray, NDArray]> = [
    ["float32", rand([10], 4), rand([40], 5)],
    ["int32", base, vals],
    ["uint32", base.add(50).astype("uint32"), vals.add(50).astype("uint32")],
  ];
  for (const [dtype, x, v] of cases)
    for (const op of OPS)
      for (const mode of ["fill", "clip"] as const) agree(`${op} ${dtype} ${mode}`, update(op, mode), [x, idx, v], 0, 0, true);
});

test("set on 1-byte dtypes, and ops the loop leaves to the reference kernel", { skip }, () => {
  const idx = jnp.array(Int32Array.from([4, 0, -2, 7, 3, 11, 4]));
  const base = randInt([8], 6, -100, 100);
  const v = randInt([7], 7, -100, 100);
  for (const dtype of ["bool", "int8", "uint8"] as const) {
    for (const op of OPS) agree(`${op} ${dtype}`, update(op, "fill"), [base.astype(dtype), idx, v.astype(dtype)], 0, 0, true);
  }
  // float16 and two-entry index vectors take the reference kernel: the same results either way.
  agree("add float16", update("add", "fill"), [base.astype("float16"), idx, v.astype("float16")], 0, 0, true);
  const table = rand([6, 5], 8);
  agree(
    "x.at[i, j].add",
    (t, i, j, u) => t.at(i, j).add(u),
    [table, randInt([9], 9, -8, 8), randInt([9], 10, -7, 7), rand([9], 11)],
    0,
    0,
    true,
  );
});

test("row windows: embedding updates and the gradient of a lookup", { skip }, () => {
  const table = rand([50, 16], 12);
  const ids = randInt([8, 3], 13, -60, 60);
  const rows = rand([8, 3, 16], 14);
  for (const op of OPS)
    for (const mode of ["fill", "clip"] as const) agree(`rows ${op} ${mode}`, update(op, mode), [table, ids, rows], 0, 0, true);
  const lookupLoss = (t: NDArray, i: NDArray) => jnp.sum(jnp.tanh(t.at(i).get()));
  agree("grad of an embedding lookup", (t, i) => grad(lookupLoss)(t, i) as NDArray, [table, randInt([30], 15, 0, 50)], 1e-6, 1e-6, true);
});

test("min and max propagate NaN from either side", { skip }, () => {
  const x = jnp.array(Float32Array.from([1, Number.NaN, 3, -0, 0, 5]));
  const idx = jnp.array(Int32Array.from([0, 1, 2, 3, 4, 5, 0, 2]));
  const v = jnp.array(Float32Array.from([Number.NaN, 2, 1, 0, -0, 7, 4, Number.NaN]));
  for (const op of ["min", "max"] as const) agree(`${op} with NaNs`, update(op, "fill"), [x, idx, v], 0, 0, true);
});

test("the loop runs for the forms it covers", { skip }, () => {
  let native = 0;
  const original = NATIVE_MOVES["scatter-add"];
  NATIVE_MOVES["scatter-add"] = (...args) => {
    const out = original(...args);
    if (out) native++;
    return out;
  };
  try {
    const x = rand([1000], 16);
    x.at(randInt([500], 17, 0, 1000))
      .add(rand([500], 18))
      .dataSync();
    rand([50, 16], 19)
      .at(randInt([7], 20, 0, 50))
      .add(rand([7, 16], 21))
      .dataSync();
  } finally {
    NATIVE_MOVES["scatter-add"] = original;
  }
  assert.equal(native, 2, "a scatter-add of elements and one of rows ran as the wasm loop");
});
