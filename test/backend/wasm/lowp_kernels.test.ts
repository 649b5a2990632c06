// float16 and bfloat16 in wasm kernels (compiler/lowp_widen.ts: f32 values,
// each result rounded on its bits) against the js reference kernels, bit for
// bit: every float16 value through each operation the kernels compute,
// casts at the rounding boundaries (ties, subnormals, overflow, NaN, -0),
// bfloat16 alike, eagerly and under jit; and the operations left to the
// reference path (transcendentals, sums) still give its bits inside fused
// programs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBackend, jit, jnp, lax, type NDArray, setDefaultBackend } from "../../../src/index.ts";
import { rand } from "../../helpers/backends.ts";
import { FLOAT16_BOUNDARIES, allFloat16Values } from "../../helpers/float16_values.ts";
import { makeJaxpr } from "../../../src/index.ts";
import { ArrayImpl } from "../../../src/core/array_impl.ts";
import { fuse } from "../../../src/compiler/fusion.ts";
import { wasmTarget } from "../../../src/backend/wasm/target.ts";

const skip = defaultBackend() !== "wasm";

type Fn = (...xs: NDArray[]) => NDArray[];

/** f's outputs on wasm (eagerly and jitted) and on the js reference: the same dtypes and storage values, bit for bit. */
function sameBits(name: string, f: Fn, make: () => NDArray[]): void {
  const run = (backend: "wasm" | "js", jitted: boolean) => {
    setDefaultBackend(backend);
    const args = make();
    const outs = jitted ? (jit(f)(...args) as NDArray[]) : f(...args);
    return outs.map((o) => ({ dtype: o.dtype, values: Array.from(o.dataSync() as ArrayLike<number>) }));
  };
  try {
    const want = run("js", false);
    for (const jitted of [false, true]) {
      const got = run("wasm", jitted);
      got.forEach((g, i) => {
        assert.equal(g.dtype, want[i].dtype, `${name} output ${i} dtype`);
        const bad = g.values.findIndex((v, j) => !Object.is(v, want[i].values[j]));
        assert.equal(bad, -1, `${name} output ${i} (${jitted ? "jit" : "eager"}): at ${bad} ${g.values[bad]} vs ${want[i].values[bad]}`);
      });
    }
  } finally {
    setDefaultBackend("wasm");
  }
}

test("float16 kernels: every float16 value through the arithmetic kernels, bit for bit with the reference", { skip }, () => {
  const every = () => [jnp.array(allFloat16Values()).astype("float16")];
  sameBits(
    "every float16",
    (x) => [
      jnp.square(x),
      x.mul(x).add(x).sub(0.3),
      x.div(3),
      jnp.reciprocal(x),
      jnp.sqrt(x),
      jnp.round(x.mul(7)),
      jnp.floor(x.mul(0.1)),
      jnp.abs(x).neg(),
      jnp.maximum(x, 0.5),
      jnp.clip(x, -2, 3),
      jnp.sign(x),
      jnp.where(x.gt(1), x, x.mul(2)),
      x.astype("int32"),
      x.astype("bool"),
      x.astype("bfloat16"),
      x.astype("float32").mul(1.0009765625).astype("float16"),
      x.add(jnp.flip(x)),
    ],
    every,
  );
  // Operations the kernels leave to the reference (transcendentals) next to ones they compute: still its bits.
  sameBits("mixed", (x) => [jnp.exp(x).mul(2), jnp.tanh(x.mul(3)).add(1)], every);
});

test("float16 and bfloat16 casts round as the reference at the boundaries (ties to even, subnormals, overflow, NaN, -0)", { skip }, () => {
  sameBits(
    "casts",
    (f, i, d) => [
      f.astype("float16"),
      f.astype("bfloat16"),
      i.astype("float16"),
      i.astype("bfloat16"),
      f.astype("float16").astype("bfloat16"),
      f.astype("bfloat16").astype("float16"),
      d.astype("float16"),
      lax.iota("float16", 5000),
      jnp.full([7], 1 / 3, { dtype: "float16" }),
    ],
    () => [
      jnp.array(FLOAT16_BOUNDARIES),
      jnp.array(new Int32Array([65519, 65520, 2049, 2051, -70000, 123456789, 0, -7, 257, 16777217])),
      jnp.array(FLOAT16_BOUNDARIES).add(jnp.array(FLOAT16_BOUNDARIES).mul(2 ** -12)),
    ],
  );
});

test("bfloat16 kernels: arithmetic on random values, bit for bit with the reference", { skip }, () => {
  sameBits(
    "bfloat16",
    (x, y) => [x.add(y), x.mul(y), x.div(y), x.sub(y.mul(3)), jnp.sqrt(jnp.abs(x)), jnp.maximum(x, y), x.astype("float16")],
    () => [rand([5000], 1, 300).astype("bfloat16"), rand([5000], 2, 3).astype("bfloat16")],
  );
});

test("float16 reductions and cumulative sums give the reference's bits", { skip }, () => {
  sameBits(
    "reductions",
    (x) => [
      jnp.max(x, 1),
      jnp.min(x, 0),
      jnp.sum(x, 1),
      jnp.mean(x.mul(x), 1),
      jnp.prod(x.mul(0.01).add(1), 1),
      jnp.cumsum(x, 1),
      jnp.sum(x.astype("bfloat16"), 1),
    ],
    () => [rand([3, 700], 3, 100).astype("float16")],
  );
});

test("float16 kernels are fused: an eager float16 chain is deferred into one program, its values the reference's", { skip }, () => {
  setDefaultBackend("wasm");
  const x = rand([20000], 4, 10).astype("float16");
  x.blockUntilReady();
  const y = x.mul(1.5).add(0.25).astype("float32");
  assert.equal(y.dtype, "float32");
  assert.notEqual((y as ArrayImpl).deferred, null, "the float16 chain waits to be computed as one program");
  const program = fuse(makeJaxpr((v: NDArray) => v.mul(1.5).add(0.25).astype("float32"))(x).jaxpr, wasmTarget);
  assert.deepEqual(
    program.steps.map((s) => s.kind),
    ["kernel"],
  );
  sameBits(
    "chain",
    (v) => [v.mul(1.5).add(0.25).astype("float32")],
    () => [rand([20000], 4, 10).astype("float16")],
  );
});

test("float16 reductions: max and min are kernel reductions, sums reference steps", { skip }, () => {
  const x = rand([3, 700], 3, 100).astype("float16");
  const kinds = (f: (v: NDArray) => NDArray) => fuse(makeJaxpr(f)(x).jaxpr, wasmTarget).steps.map((s) => s.kind);
  assert.deepEqual(
    kinds((v) => jnp.max(v.mul(2), 1)),
    ["kernel"],
  );
  assert.deepEqual(
    kinds((v) => jnp.min(v, 0)),
    ["kernel"],
  );
  assert.ok(kinds((v) => jnp.sum(v, 1)).includes("prim"), "a float16 sum is left to the reference (float64 accumulation)");
});

test("float16 loops compile whole and give the reference's bits: scalar and vector foriLoop carries, scan", { skip }, () => {
  const loops: Fn = (v, s) => [
    lax.foriLoop(0, 50, (_i: NDArray, c: NDArray) => c.mul(1.01).add(0.001), v) as NDArray,
    lax.foriLoop(0, 100, (_i: NDArray, c: NDArray) => c.mul(1.003).add(0.01), s) as NDArray,
    ...(lax.scan((c: NDArray, r: NDArray) => [c.add(r).mul(0.5), c.mul(r)], v.mul(0), jnp.stack([v, v.mul(0.37), v.neg()])) as NDArray[]),
  ];
  const make = () => [rand([40], 5, 4).astype("float16"), jnp.array(0.3).astype("float16")];
  sameBits("loops", loops, make);
  const [v, s] = make();
  const steps = fuse(makeJaxpr((a: NDArray, b: NDArray) => loops(a, b))(v, s).jaxpr, wasmTarget).steps.map((st) => st.kind);
  assert.ok(
    steps.every((k) => k === "loop" || k === "kernel"),
    `no reference steps: ${steps}`,
  );
});

test("float16 data movement fuses as float32 lanes (take, dynamic slices, one-window updates, pads, concatenations): the reference's bits", {
  skip,
}, () => {
  const moves: Fn = (x, i) => [
    jnp.take(x, jnp.array(new Int32Array([5, 0, 399, 7, 7]))).mul(3),
    lax.dynamicSlice(x, [i], [9]).add(1),
    x.at(i).set(x.get(3).mul(2.5)),
    x.at(i).add(x.get(11)),
    lax.pad(x.mul(1.25), x.get(0), [[2, 3, 1]]),
    jnp.concatenate([x, x.mul(0.1)]).sub(0.3),
  ];
  sameBits("moves", moves, () => [rand([400], 6, 50).astype("float16"), jnp.array(17, { dtype: "int32" })]);
  const [x, i] = [rand([400], 6, 50).astype("float16"), jnp.array(17, { dtype: "int32" })];
  const kinds = fuse(makeJaxpr((a: NDArray, b: NDArray) => moves(a, b))(x, i).jaxpr, wasmTarget).steps.map((s) => s.kind);
  assert.ok(!kinds.includes("prim"), `every move fused: ${kinds}`);
});
