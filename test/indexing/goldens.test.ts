// NumPy goldens (scripts/gen_indexing_goldens.py → test/goldens/indexing.json)
// for x.get / x.at[...] / take / takeAlongAxis, compared exactly, eagerly and
// under jit.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { type DType, type Index, type NDArray, jit, jnp } from "../../src/index.ts";

type Enc = number | null | string | { slice: Array<number | null> } | { arr: unknown } | { bool: unknown } | { list: unknown };
interface Case {
  name: string;
  shape: number[];
  dtype: DType;
  op: string;
  index: Enc[] | null;
  expected: unknown;
  expected_shape: number[];
  value?: unknown;
  alt?: unknown;
  indices?: unknown;
  axis?: number | null;
  mode?: "fill" | "clip" | "wrap" | null;
}

const goldens = JSON.parse(readFileSync(new URL("../goldens/indexing.json", import.meta.url), "utf8")) as { cases: Case[] };

function decode(i: Enc): Index {
  if (i === null || typeof i === "number") return i;
  if (i === "...") return "...";
  if (typeof i === "object" && "slice" in i) return jnp.s(...(i.slice as [number | null, number | null, number | null]));
  if (typeof i === "object" && "arr" in i) return jnp.array(i.arr as number[], { dtype: "int32" });
  if (typeof i === "object" && "bool" in i) return jnp.array(i.bool as boolean[], { dtype: "bool" });
  if (typeof i === "object" && "list" in i) return i.list as number[];
  throw new Error(`bad index encoding ${JSON.stringify(i)}`);
}

function operand(c: Case): NDArray {
  const n = c.shape.reduce((a, b) => a * b, 1);
  return jnp.arange(n).reshape(c.shape).astype(c.dtype);
}

function run(c: Case, x: NDArray): NDArray {
  if (c.op === "take") return jnp.take(x, c.indices as number[], c.axis ?? null, { mode: c.mode ?? undefined });
  if (c.op === "take_along_axis") return jnp.takeAlongAxis(x, c.indices as number[], c.axis ?? null);
  const idx = (c.index ?? []).map(decode);
  if (c.op === "get") return x.get(...idx);
  const at = x.at(...idx);
  const v = c.value as number;
  switch (c.op) {
    case "set":
      return at.set(v);
    case "add":
      return at.add(v);
    case "mul":
      return at.mul(v);
    case "min":
      return at.min(v);
    case "max":
      return at.max(v);
  }
  throw new Error(`unknown op ${c.op}`);
}

const flat = (v: unknown): Array<number | null | boolean> => (Array.isArray(v) ? v.flat(Infinity) : [v]) as Array<number | null | boolean>;
const same = (a: number, e: number | null | boolean): boolean => (e === null ? Number.isNaN(a) : Number(e) === a);

function check(c: Case, got: NDArray, how: string): void {
  const what = `${c.name} (${how})`;
  assert.deepEqual(got.shape, c.expected_shape, `${what}: shape`);
  assert.equal(got.dtype, c.dtype, `${what}: dtype`);
  const a = Array.from(got.dataSync() as ArrayLike<number>, Number);
  const e = flat(c.expected);
  const alt = c.alt === undefined ? null : flat(c.alt);
  assert.equal(a.length, e.length, `${what}: size`);
  for (let i = 0; i < a.length; i++) {
    const ok = same(a[i], e[i]) || (alt !== null && same(a[i], alt[i]));
    assert.ok(ok, `${what}: element ${i}: got ${a[i]}, expected ${e[i]}${alt ? ` or ${alt[i]}` : ""}`);
  }
}

test("indexing goldens: eager", () => {
  assert.ok(goldens.cases.length > 80);
  for (const c of goldens.cases) check(c, run(c, operand(c)), "eager");
});

test("x.at(...idx).get() equals x.get(...idx) on every read case", () => {
  for (const c of goldens.cases.filter((k) => k.op === "get")) {
    const idx = (c.index ?? []).map(decode);
    check(
      c,
      operand(c)
        .at(...idx)
        .get(),
      "at().get()",
    );
  }
});

test("indexing goldens: under jit (operand traced, indices constant)", () => {
  for (const c of goldens.cases) check(c, jit((x: NDArray) => run(c, x))(operand(c)), "jit");
});

test("at-set duplicates: jit and eager agree on a winner", () => {
  const x = jnp.zeros([4]);
  const f = (v: NDArray) => v.at([1, 1, 2, 1]).set(jnp.array([5, 6, 7, 8]));
  const e = f(x).toArray() as number[],
    j = jit(f)(x).toArray() as number[];
  assert.ok([5, 6, 8].includes(e[1]));
  assert.deepEqual([e[0], e[2], e[3]], [0, 7, 0]);
  assert.deepEqual(j, e);
});

test("eager single-element get and at[].set agree with the general path (dtypes, negative indices, weak types)", () => {
  const general = (f: () => NDArray) => jit(f)(); // traced: never the eager fast path
  for (const dtype of ["float32", "int32", "uint32", "bool", "float16"] as const) {
    const x = jnp.arange(24).reshape([2, 3, 4]).astype(dtype);
    for (const idx of [
      [0, 0, 0],
      [1, 2, 3],
      [-1, -2, -3],
      [1, 0, -1],
    ]) {
      const fast = x.get(...idx),
        slow = general(() => x.get(...idx));
      assert.equal(fast.dtype, slow.dtype);
      assert.deepEqual(fast.toArray(), slow.toArray(), `${dtype} get ${idx}`);
      for (const v of [7, 0, 1, -2, 2.5]) {
        const outcome = (f: () => NDArray) => {
          try {
            const r = f();
            return { dtype: r.dtype, value: r.toArray() };
          } catch (e) {
            return { error: (e as Error).message };
          }
        };
        assert.deepEqual(
          outcome(() => x.at(...idx).set(v)),
          outcome(() => general(() => x.at(...idx).set(v))),
          `${dtype} set ${idx} = ${v}`,
        );
      }
    }
    assert.deepEqual(x.toArray(), jnp.arange(24).reshape([2, 3, 4]).astype(dtype).toArray(), "the original is unchanged");
  }
  const w = jnp.asarray(3.5).reshape([1]);
  assert.equal(w.get(0).weakType, w.weakType);
  // Out of range: reads clamp, updates drop (the general path, as JAX).
  const v = jnp.array([1, 2, 3]);
  assert.equal(v.get(5).item(), 3);
  assert.deepEqual(v.at(5).set(9).toArray(), [1, 2, 3]);
});
