// xlogy, xlog1py and xlogx (entr) compile to kernel operations on float32
// (compiler/lower.ts COMPOSITE): x·log(y), 0 where x is 0 unless y is NaN.
// Special values agree exactly with the reference kernels, others within the
// kernels' log error; jitted programs hold no reference step.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBackend, jnp, makeJaxpr, type NDArray, scipy } from "../../src/index.ts";
import { fuse } from "../../src/compiler/fusion.ts";
import { wasmTarget } from "../../src/backend/wasm/target.ts";
import { webgpuTarget } from "../../src/backend/webgpu/target.ts";
import { agree, rand } from "../helpers/backends.ts";

const { xlogy, xlog1py, entr } = scipy.special;
const onWasm = defaultBackend() === "wasm";

test("xlogy, xlog1py and entr: special values exactly, the rest within the log's error, eager and jitted", () => {
  const xs = jnp.array([0, 0, 0, 0, 0, -0, 1, 2, -3, Number.NaN, 0.5, 1e-30, Number.POSITIVE_INFINITY, 2]);
  const ys = jnp.array([0, Number.NaN, Number.POSITIVE_INFINITY, -1, 3, 0, 0, -1, 2, 1, Number.NaN, 1e-30, 2, Number.POSITIVE_INFINITY]);
  agree("xlogy special values", (x, y) => xlogy(x, y), [xs, ys], 0, 0, true);
  agree("xlog1py special values", (x, y) => xlog1py(x, y), [xs, ys.sub(1)], 0, 0, true);
  agree("entr special values", (x) => entr(x), [jnp.array([0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e-30])], 0, 0, true);
  const x = rand([1037], 1, 3);
  const y = jnp.abs(rand([1037], 2, 5)).add(1e-3);
  agree("xlogy", (a, b) => xlogy(a, b), [x, y], 3e-7, 1e-7, true);
  agree("xlog1py", (a, b) => xlog1py(a, b), [x, y.sub(0.5)], 3e-7, 1e-7, true);
  agree("entr", (a) => entr(a), [y], 3e-7, 1e-7, true);
});

test("jitted xlogy and xlog1py on float32 are kernels only", { skip: !onWasm }, () => {
  const kinds = (f: (a: NDArray, b: NDArray) => NDArray) =>
    fuse(makeJaxpr(f)(jnp.ones([64]), jnp.ones([64])).jaxpr, wasmTarget).steps.map((s) => (s.kind === "prim" ? s.prim.name : s.kind));
  assert.deepEqual(kinds(xlogy), ["kernel"]);
  assert.deepEqual(kinds(xlog1py), ["kernel"]);
});

test("on WebGPU too (its kernels have xlogy's log, if not the special functions' pow and atan2)", () => {
  const kinds = (f: (a: NDArray, b: NDArray) => NDArray) =>
    fuse(makeJaxpr(f)(jnp.ones([64]), jnp.ones([64])).jaxpr, webgpuTarget(8)).steps.map((s) => (s.kind === "prim" ? s.prim.name : s.kind));
  assert.deepEqual(kinds(xlogy), ["kernel"]);
  assert.deepEqual(kinds(xlog1py), ["kernel"]);
});
