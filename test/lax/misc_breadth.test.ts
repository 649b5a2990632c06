// lax.axisIndex/axisSize under vmap({axisName}), tokens, shapeAsValue, stage and
// convGeneralDilatedLocal (goldens from scripts/gen_lax_breadth_goldens.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { grad, jit, jnp, lax, vmap, type NDArray } from "../../src/index.ts";
import { checkGrads } from "../helpers/check_grads.ts";

test("axisIndex / axisSize under named vmap, nested, with jit and grad", () => {
  assert.deepEqual(vmap((x: NDArray) => lax.axisIndex("i").mul(x), { axisName: "i" })(jnp.ones([3])).toArray(), [0, 1, 2]);
  assert.deepEqual(vmap((x: NDArray) => x.mul(lax.axisSize("i")), { axisName: "i" })(jnp.ones([3])).toArray(), [3, 3, 3]);
  const both = vmap(
    vmap((_x: NDArray) => lax.axisIndex(["i", "j"]), { axisName: "j" }),
    { axisName: "i" },
  )(jnp.ones([2, 3]));
  assert.deepEqual(both.toArray(), [
    [0, 1, 2],
    [3, 4, 5],
  ]);
  assert.equal(both.dtype, "int32");
  const outer = vmap(
    vmap((x: NDArray) => lax.axisIndex("i").add(x), { axisName: "j" }),
    { axisName: "i" },
  )(jnp.zeros([2, 3]));
  assert.deepEqual(outer.toArray(), [
    [0, 0, 0],
    [1, 1, 1],
  ]);
  assert.equal(
    vmap(
      vmap((_x: NDArray) => jnp.array(lax.axisSize(["i", "j"])), { axisName: "j" }),
      { axisName: "i" },
    )(jnp.zeros([2, 3]))
      .get(0, 0)
      .item(),
    6,
  );
  assert.deepEqual(
    vmap(
      jit((x: NDArray) => lax.axisIndex("i").add(x)),
      { axisName: "i" },
    )(jnp.zeros([3])).toArray(),
    [0, 1, 2],
  );
  assert.deepEqual(jit(vmap((x: NDArray) => lax.axisIndex("i").add(x), { axisName: "i" }))(jnp.zeros([3])).toArray(), [0, 1, 2]);
  assert.deepEqual(
    vmap(
      grad((x: NDArray) => x.mul(lax.axisIndex("i")).sum()),
      { axisName: "i" },
    )(jnp.zeros([3])).toArray(),
    [0, 1, 2],
  );
  assert.throws(
    () => lax.axisIndex("i"),
    (e: Error) => e.name === "NameError" && /Found an unbound axis name: i/.test(e.message),
  );
  assert.throws(() => vmap((x: NDArray) => lax.axisIndex("k").add(x), { axisName: "i" })(jnp.zeros([3])), /unbound axis name: k/);
  assert.throws(() => vmap((x: NDArray) => x, { axisName: "i", bogus: 1 } as never)(jnp.zeros([3])), TypeError);
});

test("tokens, shapeAsValue, stage", () => {
  const t = lax.createToken();
  assert.ok(t instanceof lax.Token);
  assert.ok(lax.afterAll(t, lax.createToken()) instanceof lax.Token);
  assert.ok(lax.afterAll() instanceof lax.Token);
  assert.throws(
    () => lax.afterAll(jnp.ones([2]) as never),
    (e: Error) => e instanceof TypeError && e.message === "Arguments to after_all must be tokens",
  );
  // A token passes through jit (it has no leaves).
  const [tok, y] = jit((x: NDArray) => [lax.createToken(), x.mul(2)] as const)(jnp.array(1));
  assert.ok(tok instanceof lax.Token);
  assert.equal(y.item(), 2);
  const s = lax.shapeAsValue([2, 3]);
  assert.deepEqual(s.toArray(), [2, 3]);
  assert.equal(s.dtype, "int32");
  const st = lax.stage(3) as NDArray;
  assert.equal(st.item(), 3);
  assert.equal(st.dtype, "int32");
  assert.equal(st.weakType, true);
  assert.ok(lax.optimizationBarrier(jnp.ones([2])) instanceof Object);
});

interface LocalCase {
  lhsShape: number[];
  rhsShape: number[];
  filterShape: number[];
  strides: number[];
  padding: string | Array<[number, number]>;
  dn: [string, string, string] | null;
  lhsDilation: number[] | null;
  rhsDilation: number[] | null;
  shape: number[];
  data: number[];
}
const goldens = JSON.parse(readFileSync(new URL("../goldens/lax_breadth.json", import.meta.url), "utf8")) as { convLocal: LocalCase[] };
const ar = (shape: number[], scale: number) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return jnp.array(Array.from({ length: n }, (_, i) => ((i % 7) - 3) * scale)).reshape(shape);
};

test("convGeneralDilatedLocal matches JAX; jit agrees; gradients check", () => {
  for (const c of goldens.convLocal) {
    const lhs = ar(c.lhsShape, 0.5);
    const rhs = ar(c.rhsShape, 0.25);
    const opts = { lhsDilation: c.lhsDilation, rhsDilation: c.rhsDilation, dimensionNumbers: c.dn };
    const out = lax.convGeneralDilatedLocal(lhs, rhs, c.strides, c.padding, c.filterShape, opts);
    assert.deepEqual(out.shape, c.shape);
    const got = Array.from(out.dataSync() as Float32Array);
    got.forEach((v, i) =>
      assert.ok(Math.abs(v - c.data[i]!) <= 1e-4 * (1 + Math.abs(c.data[i]!)), `${JSON.stringify(c.lhsShape)} [${i}] ${v} vs ${c.data[i]}`),
    );
    const j = jit((a: NDArray, b: NDArray) => lax.convGeneralDilatedLocal(a, b, c.strides, c.padding, c.filterShape, opts))(lhs, rhs);
    assert.deepEqual(
      Array.from(j.dataSync() as Float32Array).map((v) => Math.round(v * 1e3)),
      got.map((v) => Math.round(v * 1e3)),
    );
  }
  const c = goldens.convLocal[0]!;
  checkGrads(
    (a: NDArray, b: NDArray) => lax.convGeneralDilatedLocal(a, b, c.strides, c.padding, c.filterShape),
    [ar(c.lhsShape, 0.5), ar(c.rhsShape, 0.25)],
  );
  assert.throws(
    () =>
      lax.convGeneralDilatedLocal(ar(c.lhsShape, 1), ar(c.rhsShape, 1), c.strides, c.padding, c.filterShape, { precision: "F32_F32_F32" }),
    /Unsupported precision/,
  );
});

interface RaggedCase {
  lhsShape: number[];
  rhsShape: number[];
  groupSizes: number[] | number[][];
  dims: [[number[], number[]], [number[], number[]]];
  lhsRagged: number[];
  rhsGroup: number[];
  shape: number[];
  data: number[];
}

test("raggedDotGeneral matches JAX in its three modes; jit, vmap-free grad", () => {
  const cases = (
    JSON.parse(readFileSync(new URL("../goldens/lax_breadth.json", import.meta.url), "utf8")) as { raggedDotGeneral: RaggedCase[] }
  ).raggedDotGeneral;
  assert.equal(cases.length, 5);
  for (const c of cases) {
    const lhs = ar(c.lhsShape, 0.5);
    const rhs = ar(c.rhsShape, 0.25);
    const gs = jnp.array(c.groupSizes, { dtype: "int32" });
    const dn = new lax.RaggedDotDimensionNumbers(c.dims, c.lhsRagged, c.rhsGroup);
    const out = lax.raggedDotGeneral(lhs, rhs, gs, dn);
    assert.deepEqual(out.shape, c.shape, JSON.stringify(c.lhsShape));
    const got = Array.from(out.dataSync() as Float32Array);
    got.forEach((v, i) => assert.ok(Math.abs(v - c.data[i]!) <= 1e-4 * (1 + Math.abs(c.data[i]!)), `${JSON.stringify(c.lhsShape)} [${i}]`));
    const j = jit((a: NDArray, b: NDArray, g: NDArray) => lax.raggedDotGeneral(a, b, g, dn))(lhs, rhs, gs);
    assert.deepEqual(
      Array.from(j.dataSync() as Float32Array).map((v) => Math.round(v * 1e3)),
      got.map((v) => Math.round(v * 1e3)),
    );
  }
  const c = cases[0]!;
  const dn = new lax.RaggedDotDimensionNumbers(c.dims, c.lhsRagged, c.rhsGroup);
  const gs = jnp.array(c.groupSizes, { dtype: "int32" });
  checkGrads((a: NDArray, b: NDArray) => lax.raggedDotGeneral(a, b, gs, dn), [ar(c.lhsShape, 0.5), ar(c.rhsShape, 0.25)]);
  // Same as lax.raggedDot in the plain case.
  assert.deepEqual(
    lax.raggedDotGeneral(ar(c.lhsShape, 0.5), ar(c.rhsShape, 0.25), gs, dn).toArray(),
    lax.raggedDot(ar(c.lhsShape, 0.5), ar(c.rhsShape, 0.25), gs).toArray(),
  );
  assert.throws(() => lax.raggedDotGeneral(ar(c.lhsShape, 1), ar(c.rhsShape, 1), jnp.array([2, 3]), dn), /group_sizes.dtype/);
  assert.throws(() => lax.raggedDotGeneral(ar(c.lhsShape, 1), ar(c.rhsShape, 1), gs, dn, { groupOffset: jnp.array([0]) }), /group_offset/);
});
