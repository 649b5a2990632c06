// jnp ufuncs (jnp.add.reduce, .accumulate, .at, .reduceat, .outer; frompyfunc)
// against JAX (scripts/gen_ufunc_goldens.py → test/goldens/ufunc.json),
// eagerly and under jit, and their gradients.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { grad, jit, jnp, type NDArray } from "../../src/index.ts";

type Enc = { dtype: string; shape: number[]; value: unknown };
const G = JSON.parse(readFileSync(new URL("../goldens/ufunc.json", import.meta.url), "utf8")) as {
  identities: Record<string, number | boolean | null>;
  cases: Record<string, Enc>;
};
const flat = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);

function check(name: string, got: NDArray): void {
  const w = G.cases[name];
  assert.ok(w, `no golden ${name}`);
  assert.equal(got.dtype, w.dtype, `${name}: dtype`);
  assert.deepEqual(got.shape, w.shape, `${name}: shape`);
  const g = flat(got.toArray());
  flat(w.value).forEach((e, k) => {
    if (typeof e === "number") assert.ok(Math.abs((g[k] as number) - e) <= 1e-5 * (1 + Math.abs(e)), `${name}[${k}]: ${g[k]} vs ${e}`);
    else assert.equal(g[k], e, `${name}[${k}]`);
  });
}

const x = jnp.arange(6, { dtype: "float32" }).reshape([2, 3]);
const i = jnp.arange(6).reshape([2, 3]);
const b = jnp.array([
  [true, false, true],
  [true, true, false],
]);
const v = jnp.array([3, -1, 4, 1, -5]);
const f = jnp.frompyfunc((a: NDArray, c: NDArray) => a.mul(c).add(1), 2, 1);
const g = jnp.frompyfunc((a: NDArray, c: NDArray) => jnp.maximum(a, c).sub(1), 2, 1, { identity: -100 });
const idx = (xs: number[]) => jnp.array(xs, { dtype: "int32" });
const inplace = { inplace: false } as const;

const CASES: Record<string, () => NDArray> = {
  add_reduce: () => jnp.add.reduce(x),
  add_reduce_axis1_keep: () => jnp.add.reduce(x, { axis: 1, keepdims: true }),
  add_reduce_none: () => jnp.add.reduce(i, { axis: null }),
  add_reduce_tuple: () => jnp.add.reduce(x, { axis: [0, 1] }),
  add_reduce_where_initial: () => jnp.add.reduce(x, { axis: 1, where: x.gt(1), initial: 10 }),
  add_reduce_dtype: () => jnp.add.reduce(i, { dtype: "float32" }),
  multiply_reduce: () => jnp.multiply.reduce(x.add(1), { axis: 1 }),
  maximum_reduce_initial: () => jnp.maximum.reduce(v, { initial: 10 }),
  minimum_reduce_where: () => jnp.minimum.reduce(v, { where: v.gt(0), initial: 100 }),
  subtract_reduce: () => jnp.subtract.reduce(v),
  subtract_reduce_axis1: () => jnp.subtract.reduce(x, { axis: 1 }),
  logical_and_reduce: () => jnp.logicalAnd.reduce(b, { axis: 1 }),
  logical_or_reduce: () => jnp.logicalOr.reduce(b),
  logical_xor_reduce: () => jnp.logicalXor.reduce(b, { axis: 1 }),
  bitwise_and_reduce: () => jnp.bitwiseAnd.reduce(i.add(7), { axis: 1 }),
  bitwise_or_reduce: () => jnp.bitwiseOr.reduce(i, { axis: 0 }),
  bitwise_xor_reduce: () => jnp.bitwiseXor.reduce(i, { axis: 1 }),
  logaddexp_reduce: () => jnp.logaddexp.reduce(v),
  logaddexp2_reduce: () => jnp.logaddexp2.reduce(x, { axis: 1 }),
  add_accumulate: () => jnp.add.accumulate(x, { axis: 1 }),
  multiply_accumulate: () => jnp.multiply.accumulate(v),
  maximum_accumulate: () => jnp.maximum.accumulate(v),
  minimum_accumulate_axis0: () => jnp.minimum.accumulate(jnp.flip(x, 0), { axis: 0 }),
  subtract_accumulate: () => jnp.subtract.accumulate(v),
  logaddexp_accumulate: () => jnp.logaddexp.accumulate(v),
  add_at: () => jnp.add.at(jnp.zeros([5]), idx([0, 0, 3, 4, 4, 4]), 1, inplace),
  add_at_values: () => jnp.add.at(jnp.ones([5]), idx([1, 3, 1]), jnp.array([10, 20, 30]), inplace),
  add_at_bool: () => jnp.add.at(jnp.array([false, false, true]), idx([0, 0]), true, inplace),
  multiply_at: () => jnp.multiply.at(v, idx([0, 0, 2]), 2, inplace),
  subtract_at: () => jnp.subtract.at(v, idx([1, 1]), 1, inplace),
  maximum_at: () => jnp.maximum.at(v, idx([1, 4]), 0, inplace),
  minimum_at_2d: () => jnp.minimum.at(x, [idx([0, 1]), idx([2, 0])], 0.5, inplace),
  negative_at: () => jnp.negative.at(v, idx([0, 2, 2]), inplace),
  add_reduceat: () => jnp.add.reduceat(jnp.arange(8), idx([0, 4, 1, 5])),
  maximum_reduceat_axis1: () =>
    jnp.maximum.reduceat(jnp.remainder(jnp.arange(12, { dtype: "float32" }).reshape([3, 4]), 5), idx([0, 2]), { axis: 1 }),
  add_outer: () => jnp.add.outer(jnp.arange(3), jnp.arange(2)),
  multiply_outer_2d: () => jnp.multiply.outer(x, jnp.array([1, -1])),
  frompyfunc_call: () => f(jnp.arange(3, { dtype: "float32" }), 2),
  frompyfunc_reduce: () => f.reduce(jnp.arange(1, 4, 1, { dtype: "float32" })),
  frompyfunc_reduce_axis1: () => f.reduce(x, { axis: 1 }),
  frompyfunc_accumulate: () => f.accumulate(jnp.arange(1, 4, 1, { dtype: "float32" })),
  frompyfunc_at: () => f.at(jnp.ones([4]), [1, 1, 3], 2, inplace),
  frompyfunc_outer: () => f.outer(jnp.arange(2, { dtype: "float32" }), jnp.arange(3, { dtype: "float32" })),
  frompyfunc_reduceat: () => f.reduceat(jnp.arange(1, 7, 1, { dtype: "float32" }), idx([0, 3])),
  identity_reduce_where: () => g.reduce(v, { where: v.gt(0) }),
  identity_reduce_empty: () => g.reduce(jnp.zeros([0])),
};

test("jnp ufunc methods match JAX", () => {
  assert.equal(Object.keys(CASES).length, Object.keys(G.cases).length);
  for (const [name, run] of Object.entries(CASES)) check(name, run());
});

test("jnp ufunc methods under jit match JAX", () => {
  for (const [name, run] of Object.entries(CASES)) check(name, jit(run)());
});

test("ufunc attributes as JAX's", () => {
  const u = {
    add: jnp.add,
    multiply: jnp.multiply,
    maximum: jnp.maximum,
    logical_and: jnp.logicalAnd,
    logical_or: jnp.logicalOr,
    bitwise_and: jnp.bitwiseAnd,
    bitwise_or: jnp.bitwiseOr,
    subtract: jnp.subtract,
  };
  for (const [name, fn] of Object.entries(u)) assert.equal(fn.identity, G.identities[name], name);
  assert.deepEqual([jnp.add.nin, jnp.add.nout, jnp.add.nargs, jnp.negative.nin], [2, 1, 2, 1]);
  assert.equal(String(jnp.add), "<jnp.ufunc 'add'>");
  assert.equal(jnp.logicalAnd.name, "logical_and");
  const h = new jnp.ufunc((a: NDArray, c: NDArray) => a.add(c), 2, 1, { name: "plus", identity: 0 });
  assert.equal(String(h), "<jnp.ufunc 'plus'>");
  assert.deepEqual(h.reduce(jnp.arange(4)).toArray(), 6);
});

test("ufunc gradients and errors", () => {
  const gr = grad((a: NDArray) => jnp.add.reduce(jnp.multiply.outer(a, a), { axis: null }))(jnp.array([1, 2, 3]));
  assert.deepEqual(gr.toArray(), [12, 12, 12]);
  const gf = grad((a: NDArray) => f.reduce(a))(jnp.array([1, 2, 3]));
  // f.reduce([a, b, c]) = (a·b + 1)·c + 1: d/da = b·c, d/db = a·c, d/dc = a·b + 1.
  assert.deepEqual(gf.toArray(), [6, 3, 3]);
  assert.throws(() => jnp.add.at(jnp.zeros([3]), 0, 1, {} as never), /cannot be performed in-place/);
  assert.throws(() => jnp.negative.reduce(v), /reduce only supported for binary ufuncs/);
  assert.throws(() => jnp.maximum.reduce(v, { where: v.gt(0) }), /does not have an identity/);
  assert.throws(() => jnp.maximum.reduce(jnp.zeros([0])), /zero-size array/);
  assert.throws(() => f.reduce(x, { axis: [0, 1] }), /tuple of axes/);
});
