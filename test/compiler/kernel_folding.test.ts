// Nodes fold as they are built (compiler/kernel.ts foldOp): index arithmetic,
// comparisons decided by constants or an iota's range, selects on a known
// condition, float arithmetic on constants, and the identities that hold
// bit for bit (x·1, x/1, x − (+0), x + (−0), x^1), never x + 0 (−0 + 0 is
// +0) or x − (−0). Checked on the nodes, and on values through jit against
// the js reference backend with signed zeros, NaNs and infinities.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jit, jnp, lax, type NDArray } from "../../src/index.ts";
import { NodeBuilder, type Node } from "../../src/compiler/kernel.ts";
import { assertSameAsReference } from "../helpers/backends.ts";

const shape = [10];

test("the builder folds what every target computes the same, and nothing else", () => {
  const b = new NodeBuilder();
  const x = b.load(0, "f32", shape, { strides: [1], offset: 0 });
  const f = (v: number) => b.const("f32", shape, v);
  const i = (v: number) => b.const("i32", shape, v);
  const constValue = (n: Node) => (n.kind === "const" ? n.value : undefined);
  assert.equal(b.op("mul", "f32", [x, f(1)]), x);
  assert.equal(b.op("mul", "f32", [f(1), x]), x);
  assert.equal(b.op("div", "f32", [x, f(1)]), x);
  assert.equal(b.op("sub", "f32", [x, f(0)]), x);
  assert.equal(b.op("add", "f32", [x, f(-0)]), x);
  assert.equal(b.op("integer_pow", "f32", [x], 1), x);
  // Not identities: −0 + 0 = +0, −0 − (−0) = +0.
  assert.notEqual(b.op("add", "f32", [x, f(0)]), x);
  assert.notEqual(b.op("sub", "f32", [x, f(-0)]), x);
  assert.notEqual(b.op("mul", "f32", [x, f(2)]), x);
  // Constants.
  assert.equal(constValue(b.op("div", "f32", [f(-1), f(1024)])), -1 / 1024);
  assert.equal(constValue(b.op("div", "f32", [f(1), f(3)])), Math.fround(1 / 3));
  assert.equal(constValue(b.op("add", "i32", [i(2 ** 31 - 1), i(1)])), -(2 ** 31));
  assert.equal(constValue(b.op("mul", "i32", [i(65536), i(65536)])), 0);
  assert.equal(constValue(b.op("clamp", "i32", [i(0), i(12), i(9)])), 9);
  // An iota's range decides a comparison, or does not.
  const iota = b.iota("i32", shape, { strides: [1], offset: 0 });
  assert.equal(constValue(b.op("lt", "bool", [iota, i(10)])), 1);
  assert.equal(constValue(b.op("lt", "bool", [iota, i(0)])), 0);
  assert.equal(constValue(b.op("ge", "bool", [iota, i(0)])), 1);
  assert.equal(b.op("lt", "bool", [iota, i(5)]).kind, "op");
  const row = b.iota("i32", shape, { strides: [0], offset: 3 });
  assert.equal(constValue(row), 3, "an iota with no stride is its offset");
  // Clamped and normalised indices have ranges too.
  const k = b.load(2, "i32", shape, { strides: [1], offset: 0 });
  assert.equal(constValue(b.op("lt", "bool", [b.op("max", "i32", [k, i(0)]), i(0)])), 0, "max(k, 0) < 0");
  assert.equal(constValue(b.op("ge", "bool", [b.op("min", "i32", [k, i(5)]), i(6)])), 0, "min(k, 5) >= 6");
  assert.equal(constValue(b.op("lt", "bool", [b.op("clamp", "i32", [i(0), k, i(9)]), i(10)])), 1, "clamp(0, k, 9) < 10");
  assert.equal(b.op("lt", "bool", [b.op("max", "i32", [k, i(0)]), i(3)]).kind, "op", "max(k, 0) < 3 is unknown");
  assert.equal(b.op("lt", "bool", [k, i(0)]).kind, "op");
  // Selects and logic on known conditions.
  const y = b.load(1, "f32", shape, { strides: [1], offset: 0 });
  const cond = b.op("lt", "bool", [iota, i(5)]);
  assert.equal(b.op("select", "f32", [b.op("lt", "bool", [iota, i(10)]), x, y]), y);
  assert.equal(b.op("select", "f32", [b.op("lt", "bool", [iota, i(0)]), x, y]), x);
  assert.equal(b.op("select", "f32", [cond, x, x]), x);
  assert.equal(b.op("and", "bool", [cond, b.const("bool", shape, 1)]), cond);
  assert.equal(constValue(b.op("and", "bool", [cond, b.const("bool", shape, 0)])), 0);
  assert.equal(constValue(b.op("or", "bool", [cond, b.const("bool", shape, 1)])), 1);
  assert.equal(b.op("select", "f32", [cond, x, y]).kind, "op");
});

test("folded programs keep signed zeros, NaNs and infinities bit for bit", () => {
  const x = jnp.array([0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-40, -3.5, 2 ** 100]);
  const cases: [string, (v: NDArray) => NDArray][] = [
    ["x·1", (v) => v.mul(1)],
    ["1·x", (v) => jnp.multiply(1, v)],
    ["x/1", (v) => v.div(1)],
    ["x − 0", (v) => v.sub(0)],
    ["x + (−0)", (v) => v.add(jnp.array(-0))],
    ["x + 0", (v) => v.add(0)],
    ["x − (−0)", (v) => v.sub(jnp.array(-0))],
    ["x^1", (v) => lax.integerPow(v, 1)],
    [
      "a row of a stack",
      (v) =>
        jnp
          .stack([v.mul(2), v.add(0), v.neg()])
          .at(1)
          .get(),
    ],
    ["where on an arange against its length", (v) => jnp.where(jnp.arange(10).lt(10), v.add(0), v.mul(3))],
  ];
  for (const [name, f] of cases) assertSameAsReference(name, () => jit(f)(x));
});
