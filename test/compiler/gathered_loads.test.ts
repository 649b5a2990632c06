// Gathers of single elements fused into kernels as gathered loads
// (compiler/fusion.ts fuseGather, kernel.ts LoadNode.index, the wasm
// emitter's lane-by-lane loads and unrolled chains). Results are compared
// with the js reference backend, element for element (NaN fills included),
// over modes, dtypes, operand ranks, computed and viewed indices, lengths
// around the unrolled loop's 32 elements, vmap and grad.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBackend, grad, jit, jnp, lax, makeJaxpr, type NDArray, setDefaultBackend, vmap } from "../../src/index.ts";
import { fuse } from "../../src/compiler/fusion.ts";
import { NodeBuilder, printKernel, topoOrder } from "../../src/compiler/kernel.ts";
import { kernelProblems } from "../../src/compiler/check_kernel.ts";
import { wasmTarget } from "../../src/backend/wasm/target.ts";

const onWasm = defaultBackend() === "wasm";

/** `make()`'s values on wasm and on the js reference backend. */
function onBoth(make: () => NDArray): [unknown[], unknown[]] {
  const prev = defaultBackend();
  try {
    setDefaultBackend("wasm");
    const w = Array.from(make().dataSync() as ArrayLike<unknown>);
    setDefaultBackend("js");
    const j = Array.from(make().dataSync() as ArrayLike<unknown>);
    return [w, j];
  } finally {
    setDefaultBackend(prev);
  }
}

const single = { offsetDims: [], collapsedSliceDims: [0], startIndexMap: [0] };
const single2 = { offsetDims: [], collapsedSliceDims: [0, 1], startIndexMap: [0, 1] };

test("a single-element gather becomes a gathered load: searchsorted is kernels only", () => {
  const jaxpr = makeJaxpr((a: NDArray, q: NDArray) => jnp.searchsorted(a, q))(
    jnp.arange(1024, { dtype: "float32" }),
    jnp.ones([512]),
  ).jaxpr;
  const program = fuse(jaxpr, wasmTarget);
  assert.deepEqual(
    program.steps.filter((s) => s.kind !== "kernel").map((s) => s.kind),
    [],
  );
  const gathered = program.steps.flatMap((s) =>
    s.kind === "kernel" ? topoOrder(s.kernel.outputs.map((o) => o.node)).filter((n) => n.kind === "load" && n.index) : [],
  );
  assert.equal(gathered.length, 11, "one probe per level of the search");
  // Windows of more than one element stay gathers (runtime/native_gather.ts).
  const rows = makeJaxpr((e: NDArray, i: NDArray) => jnp.take(e, i, 0))(jnp.ones([10, 4]), jnp.zeros([3], { dtype: "int32" })).jaxpr;
  assert.ok(fuse(rows, wasmTarget).steps.some((s) => s.kind === "prim" && s.prim.name === "gather"));
});

test("a gathered load prints its index and is checked to be an int32 of its shape", () => {
  const b = new NodeBuilder();
  const idx = b.load(1, "i32", [8], { strides: [1], offset: 0 });
  const g = b.load(0, "f32", [8], { strides: [0], offset: 0 }, idx);
  const kernel = {
    shape: [8],
    reduced: [false],
    inputs: [{ type: "f32" as const }, { type: "i32" as const }],
    outputs: [{ node: g, reduce: null, type: "f32" as const }],
  };
  assert.match(printKernel(kernel), /load in0\[0; 0\] \+ %0/);
  assert.deepEqual(kernelProblems(kernel), []);
  const f = b.load(2, "f32", [8], { strides: [1], offset: 0 });
  const bad = {
    ...kernel,
    inputs: [...kernel.inputs, { type: "f32" as const }],
    outputs: [{ node: b.load(0, "f32", [8], { strides: [0], offset: 0 }, f), reduce: null, type: "f32" as const }],
  };
  assert.ok(kernelProblems(bad).some((p) => p.includes("gathered at an index of type f32")));
});

test("take in every mode, computed and out-of-range indices, several dtypes and lengths: wasm (fused) equals the reference", {
  skip: !onWasm,
}, () => {
  for (const n of [1, 3, 17, 31, 32, 33, 100, 1000])
    for (const dtype of ["float32", "int32", "uint32", "bool", "float16"] as const)
      for (const mode of ["fill", "clip", "promise_in_bounds"] as const) {
        const f = jit((x: NDArray, i: NDArray) => {
          // Indices computed in the kernel (some negative or past the end), values used by the next operations.
          const idx = i.mul(7).sub(5).astype("int32");
          const picked = lax.gather(x, idx.reshape([n, 1]), single, [1], { mode });
          return dtype === "bool" ? picked : picked.astype("float32").mul(2).add(1);
        });
        const [w, j] = onBoth(() => f(jnp.arange(50).astype(dtype), jnp.arange(n).astype("int32").sub(3)));
        assert.deepEqual(w, j, `n=${n} ${dtype} ${mode}`);
      }
});

test("two-dimensional operands by index pairs, fill values, indices through views: wasm equals the reference", { skip: !onWasm }, () => {
  const x = () => jnp.arange(35, { dtype: "float32" }).reshape([5, 7]).sub(10);
  const pairs = () =>
    jnp.array(
      [
        [0, 0],
        [4, 6],
        [5, 0],
        [-1, 3],
        [2, 7],
        [3, 2],
        [1, 5],
        [4, 4],
        [2, 2],
      ],
      { dtype: "int32" },
    );
  for (const mode of ["fill", "clip"] as const) {
    const [w, j] = onBoth(() =>
      jit((a: NDArray, p: NDArray) => lax.gather(a, p, single2, [1, 1], { mode, fillValue: mode === "fill" ? -7.5 : null }))(x(), pairs()),
    );
    assert.deepEqual(w, j, `pairs ${mode}`);
  }
  // The index array transposed and broadcast before the gather: views pushed into the index expression.
  const [w, j] = onBoth(() =>
    jit((a: NDArray, i: NDArray) => jnp.take(a.reshape([-1]), i.T.add(jnp.zeros([1, 1], { dtype: "int32" })), 0, { mode: "clip" }).mul(3))(
      x(),
      jnp.arange(24, { dtype: "int32" }).reshape([4, 6]).mul(3).sub(20),
    ),
  );
  assert.deepEqual(w, j, "viewed indices");
  // NaN fill (the default for floats) and int32's default fill.
  for (const dtype of ["float32", "int32"] as const) {
    const [wf, jf] = onBoth(() =>
      jit((a: NDArray, i: NDArray) => jnp.take(a, i))(jnp.arange(9).astype(dtype), jnp.array([0, 8, 9, -10, 100, 3], { dtype: "int32" })),
    );
    assert.deepEqual(wf, jf, `default fill ${dtype}`);
  }
});

test("gathered loads under vmap and grad agree with the reference and with eager", { skip: !onWasm }, () => {
  const table = () => jnp.sin(jnp.arange(64, { dtype: "float32" }).mul(0.25));
  const idx = () => jnp.arange(48, { dtype: "int32" }).mul(5).reshape([6, 8]).sub(7);
  const picks = (t: NDArray, i: NDArray) => jnp.take(t, i, 0, { mode: "clip" }).mul(t.sum());
  const [wv, jv] = onBoth(() => jit(vmap(picks, { inAxes: [null, 0] }))(table(), idx()));
  assert.deepEqual(wv, jv, "vmap over the indices");
  const [wb, jb] = onBoth(() =>
    jit(vmap(picks))(
      table()
        .reshape([8, 8])
        .add(jnp.zeros([6, 1, 1]))
        .reshape([6, 64]),
      idx(),
    ),
  );
  assert.deepEqual(wb, jb, "vmap over both (a batched gather)");
  const loss = (t: NDArray) => jnp.sum(jnp.square(jnp.take(t, idx().reshape([-1]), 0, { mode: "clip" })));
  const [wg, jg] = onBoth(() => jit(grad(loss))(table()));
  assert.deepEqual(wg, jg, "grad (the transpose scatter-adds)");
  assert.deepEqual(jit(grad(loss))(table()).toArray(), grad(loss)(table()).toArray(), "jit vs eager");
});

test("searchsorted through gathered loads equals the reference on both sides, NaNs and duplicates included", { skip: !onWasm }, () => {
  for (const n of [1, 2, 7, 100, 1025])
    for (const side of ["left", "right"] as const) {
      const sorted = () => jnp.sort(jnp.round(jnp.sin(jnp.arange(n, { dtype: "float32" }).mul(0.37)), 1));
      const queries = () => jnp.concatenate([jnp.linspace(-1.2, 1.2, 77), jnp.array([Number.NaN, Number.POSITIVE_INFINITY, -0, 0])]);
      const [w, j] = onBoth(() => jnp.searchsorted(sorted(), queries(), { side }));
      assert.deepEqual(w, j, `n=${n} side=${side}`);
    }
});

test("gathered values feeding a GEMM, a reduction and a loop body: wasm equals the reference", { skip: !onWasm }, () => {
  const a = () => jnp.arange(49, { dtype: "float32" }).reshape([7, 7]).mul(0.5).sub(3);
  const b = () => jnp.arange(7, { dtype: "float32" }).add(1);
  // einsum's diagonal is a gather of index pairs, then a dot: the GEMM must not read the gather's operand as a view.
  const diag = (x: NDArray, y: NDArray) => jnp.einsum("ii,i->i", x, y);
  const [wd, jd] = onBoth(() => jit(diag)(a(), b()));
  assert.deepEqual(wd, jd, "einsum ii,i->i");
  assert.deepEqual(jit(diag)(a(), b()).toArray(), diag(a(), b()).toArray(), "einsum jit vs eager");
  const idx = () => jnp.arange(100, { dtype: "int32" }).mul(13).sub(40);
  const [ws, js] = onBoth(() =>
    jit((t: NDArray, i: NDArray) => jnp.sum(jnp.take(t.reshape([-1]), i, 0, { mode: "clip" }).mul(lax.slice(t.reshape([-1]), [3], [4]))))(
      a(),
      idx(),
    ),
  );
  assert.deepEqual(ws, js, "sum of gathered values");
  const [wm, jm] = onBoth(() =>
    jit((t: NDArray, i: NDArray) =>
      jnp.matmul(
        jnp.take(t.reshape([-1]), i, 0, { mode: "clip" }).reshape([10, 10]),
        lax.slice(t.reshape([-1]), [0], [40]).reshape([10, 4]),
      ),
    )(a(), idx()),
  );
  assert.deepEqual(wm, jm, "gathered values as a GEMM operand");
  const loop = (t: NDArray) =>
    lax.foriLoop(
      0,
      12,
      (i: NDArray, acc: NDArray) => acc.add(jnp.take(t.reshape([-1]), i.mul(5).sub(3), 0, { mode: "clip" })),
      jnp.zeros([], { dtype: "float32" }),
    );
  const [wl, jl] = onBoth(() => jit(loop)(a()));
  assert.deepEqual(wl, jl, "a gather in a loop body");
});

test("take_along_axis (batching dims as the load's affine part): fused, and equal to the reference on every axis", {
  skip: !onWasm,
}, () => {
  const jaxpr = makeJaxpr((l: NDArray, y: NDArray) => jnp.takeAlongAxis(l, y.reshape([-1, 1]), 1))(
    jnp.ones([4, 10]),
    jnp.zeros([4], { dtype: "int32" }),
  ).jaxpr;
  assert.deepEqual(
    fuse(jaxpr, wasmTarget).steps.map((s) => s.kind),
    ["kernel"],
  );
  const x = () =>
    jnp
      .arange(3 * 5 * 37, { dtype: "float32" })
      .reshape([3, 5, 37])
      .mul(0.1)
      .sub(4);
  for (const axis of [0, 1, 2]) {
    const shape = [3, 5, 37].map((d, i) => (i === axis ? 6 : d));
    const size = shape.reduce((a, b) => a * b, 1);
    const idx = () => jnp.remainder(jnp.arange(size, { dtype: "int32" }).mul(7).reshape(shape).sub(9), 40).sub(3);
    for (const mode of ["fill", "clip"] as const) {
      const [w, j] = onBoth(() => jit((a: NDArray, i: NDArray) => jnp.takeAlongAxis(a, i, axis, { mode }).add(1))(x(), idx()));
      assert.deepEqual(w, j, `axis ${axis} ${mode}`);
    }
  }
});
