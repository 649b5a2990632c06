// Indexing with ds(start, size, stride) (JAX's jax.ds) against JAX's results
// (scripts/gen_ds_goldens.py → test/goldens/ds.json): eagerly with static
// starts, under jit with traced starts, and under vmap against a loop.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { ds, grad, jit, jnp, vmap, type NDArray } from "../../src/index.ts";
import type { Index } from "../../src/core/ndarray.ts";

type Entry = number | null | "..." | { slice: (number | null)[] } | { arr: number[] } | { ds: [number, number, number] };
interface Case {
  shape: number[];
  index: Entry[];
  op: "get" | "set" | "add" | "mul" | "min" | "max";
  v?: number;
  want: unknown;
  wantShape: number[];
}
const goldens = JSON.parse(readFileSync(new URL("../goldens/ds.json", import.meta.url), "utf8")) as { cases: Case[] };

function indexOf(c: Case, starts: (number | NDArray)[]): Index[] {
  const st = [...starts];
  return c.index.map((e): Index => {
    if (e === null || e === "..." || typeof e === "number") return e;
    if ("slice" in e) return jnp.s(...(e.slice as [number | null, number | null, number | null]));
    if ("arr" in e) return jnp.array(e.arr, { dtype: "int32" });
    return ds(st.shift()!, e.ds[1], e.ds[2]);
  });
}

function apply(c: Case, x: NDArray, starts: (number | NDArray)[]): NDArray {
  const idx = indexOf(c, starts);
  return c.op === "get" ? x.get(...idx) : x.at(...idx)[c.op](c.v!);
}

const startsOf = (c: Case) => c.index.flatMap((e) => (e !== null && typeof e === "object" && "ds" in e ? [e.ds[0]] : []));
const operand = (c: Case) =>
  jnp
    .arange(
      c.shape.reduce((a, b) => a * b, 1),
      { dtype: "int32" },
    )
    .reshape(c.shape);
const label = (c: Case) => `${c.op} ${JSON.stringify(c.index)} on [${c.shape}]`;

test("ds indexing matches JAX, eager (static starts)", () => {
  assert.ok(goldens.cases.length >= 25);
  for (const c of goldens.cases) {
    const r = apply(c, operand(c), startsOf(c));
    assert.deepEqual(r.shape, c.wantShape, label(c));
    assert.deepEqual(r.toArray(), c.want, label(c));
  }
});

test("ds indexing matches JAX under jit (traced starts)", () => {
  for (const c of goldens.cases) {
    const f = jit((x: NDArray, ...st: NDArray[]) => apply(c, x, st));
    const r = f(operand(c), ...startsOf(c).map((s) => jnp.array(s, { dtype: "int32" })));
    assert.deepEqual(r.shape, c.wantShape, label(c));
    assert.deepEqual(r.toArray(), c.want, label(c));
  }
});

test("ds under vmap over starts agrees with a loop", () => {
  const x = jnp.arange(12, { dtype: "float32" });
  const starts = jnp.array([-2, 0, 5, 9, 11], { dtype: "int32" });
  const read = vmap((i: NDArray) => x.get(ds(i, 3)));
  const write = vmap((i: NDArray) => x.at(ds(i, 3)).add(100));
  for (let k = 0; k < 5; k++) {
    const i = starts.get(k);
    assert.deepEqual(read(starts).get(k).toArray(), x.get(ds(i, 3)).toArray());
    assert.deepEqual(write(starts).get(k).toArray(), x.at(ds(i, 3)).add(100).toArray());
  }
});

test("grad through a ds read and a ds write", () => {
  const f = (x: NDArray, i: NDArray) => jnp.sum(x.get(ds(i, 2)).mul(x.at(ds(i, 3)).set(0).get(ds(0, 2))));
  const x = jnp.arange(6, { dtype: "float32" }).add(1);
  const g = grad(f)(x, jnp.array(1, { dtype: "int32" }));
  // f = x1·x0 + x2·0: d/dx0 = x1, d/dx1 = x0, the rest 0.
  assert.deepEqual(g.toArray(), [2, 1, 0, 0, 0, 0]);
});

test("ds: forms and errors as JAX", () => {
  assert.equal(String(ds(2, 3)), "Slice(start=2, size=3, stride=1)");
  assert.equal(String(ds(3)), "Slice(start=0, size=3, stride=1)");
  assert.deepEqual(jnp.arange(5).get(ds(null)).toArray(), [0, 1, 2, 3, 4]);
  assert.throws(() => ds(1, 2, -1), /`stride` must be >= 0/);
  assert.throws(() => ds(1.5, 2), /dynamic_slice must be integers/);
  assert.throws(() => ds(jnp.array(1.5), 2), /integer scalars, got: float32/);
  assert.throws(() => jit((x: NDArray, n: NDArray) => x.get(ds(0, n)))(jnp.arange(4), jnp.array(2)), /must be static/);
  assert.throws(() => jnp.arange(4).get(ds(0, 5)), /must fit in the axis/);
});
