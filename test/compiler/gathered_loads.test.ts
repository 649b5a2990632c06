// Gathers (single elements and windows) fused into kernels as gathered loads
// (compiler/fusion.ts fuseGather, kernel.ts LoadNode.index, the wasm
// emitter's lane-by-lane loads and unrolled chains). Results are compared
// with the js reference backend, element for element (NaN fills included),
// over modes, dtypes, operand ranks, computed and viewed indices, lengths
// around the unrolled loop's 32 elements, vmap and grad.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBackend, grad, jit, jnp, lax, makeJaxpr, type NDArray, vmap } from "../../src/index.ts";
import { fuse } from "../../src/compiler/fusion.ts";
import { NodeBuilder, printKernel, topoOrder } from "../../src/compiler/kernel.ts";
import { kernelProblems } from "../../src/compiler/check_kernel.ts";
import { wasmTarget } from "../../src/backend/wasm/target.ts";
import { PAD_CONFIGS } from "../helpers/pad_configs.ts";
import { onWasmAndReference } from "../helpers/backends.ts";

const onWasm = defaultBackend() === "wasm";

/** An operand with distinct values: 0, step, 2 step, ... less `offset`, laid out as `shape`. */
const ramp = (shape: number[], step: number, offset: number): NDArray =>
  jnp
    .arange(
      shape.reduce((a, b) => a * b, 1),
      { dtype: "float32" },
    )
    .reshape(shape)
    .mul(step)
    .sub(offset);

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
  // Windows of more than one element (rows here) are gathered loads too.
  const rows = makeJaxpr((e: NDArray, i: NDArray) => jnp.take(e, i, 0))(jnp.ones([10, 4]), jnp.zeros([3], { dtype: "int32" })).jaxpr;
  assert.ok(!fuse(rows, wasmTarget).steps.some((s) => s.kind === "prim" && s.prim.name === "gather"));
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
        const [w, j] = onWasmAndReference(() => f(jnp.arange(50).astype(dtype), jnp.arange(n).astype("int32").sub(3)));
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
    const [w, j] = onWasmAndReference(() =>
      jit((a: NDArray, p: NDArray) => lax.gather(a, p, single2, [1, 1], { mode, fillValue: mode === "fill" ? -7.5 : null }))(x(), pairs()),
    );
    assert.deepEqual(w, j, `pairs ${mode}`);
  }
  // The index array transposed and broadcast before the gather: views pushed into the index expression.
  const [w, j] = onWasmAndReference(() =>
    jit((a: NDArray, i: NDArray) => jnp.take(a.reshape([-1]), i.T.add(jnp.zeros([1, 1], { dtype: "int32" })), 0, { mode: "clip" }).mul(3))(
      x(),
      jnp.arange(24, { dtype: "int32" }).reshape([4, 6]).mul(3).sub(20),
    ),
  );
  assert.deepEqual(w, j, "viewed indices");
  // NaN fill (the default for floats) and int32's default fill.
  for (const dtype of ["float32", "int32"] as const) {
    const [wf, jf] = onWasmAndReference(() =>
      jit((a: NDArray, i: NDArray) => jnp.take(a, i))(jnp.arange(9).astype(dtype), jnp.array([0, 8, 9, -10, 100, 3], { dtype: "int32" })),
    );
    assert.deepEqual(wf, jf, `default fill ${dtype}`);
  }
});

test("gathered loads under vmap and grad agree with the reference and with eager", { skip: !onWasm }, () => {
  const table = () => jnp.sin(jnp.arange(64, { dtype: "float32" }).mul(0.25));
  const idx = () => jnp.arange(48, { dtype: "int32" }).mul(5).reshape([6, 8]).sub(7);
  const picks = (t: NDArray, i: NDArray) => jnp.take(t, i, 0, { mode: "clip" }).mul(t.sum());
  const [wv, jv] = onWasmAndReference(() => jit(vmap(picks, { inAxes: [null, 0] }))(table(), idx()));
  assert.deepEqual(wv, jv, "vmap over the indices");
  const [wb, jb] = onWasmAndReference(() =>
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
  const [wg, jg] = onWasmAndReference(() => jit(grad(loss))(table()));
  assert.deepEqual(wg, jg, "grad (the transpose scatter-adds)");
  assert.deepEqual(jit(grad(loss))(table()).toArray(), grad(loss)(table()).toArray(), "jit vs eager");
});

test("searchsorted through gathered loads equals the reference on both sides, NaNs and duplicates included", { skip: !onWasm }, () => {
  for (const n of [1, 2, 7, 100, 1025])
    for (const side of ["left", "right"] as const) {
      const sorted = () => jnp.sort(jnp.round(jnp.sin(jnp.arange(n, { dtype: "float32" }).mul(0.37)), 1));
      const queries = () => jnp.concatenate([jnp.linspace(-1.2, 1.2, 77), jnp.array([Number.NaN, Number.POSITIVE_INFINITY, -0, 0])]);
      const [w, j] = onWasmAndReference(() => jnp.searchsorted(sorted(), queries(), { side }));
      assert.deepEqual(w, j, `n=${n} side=${side}`);
    }
});

test("gathered values feeding a GEMM, a reduction and a loop body: wasm equals the reference", { skip: !onWasm }, () => {
  const a = () => jnp.arange(49, { dtype: "float32" }).reshape([7, 7]).mul(0.5).sub(3);
  const b = () => jnp.arange(7, { dtype: "float32" }).add(1);
  // einsum's diagonal is a gather of index pairs, then a dot: the GEMM must not read the gather's operand as a view.
  const diag = (x: NDArray, y: NDArray) => jnp.einsum("ii,i->i", x, y);
  const [wd, jd] = onWasmAndReference(() => jit(diag)(a(), b()));
  assert.deepEqual(wd, jd, "einsum ii,i->i");
  assert.deepEqual(jit(diag)(a(), b()).toArray(), diag(a(), b()).toArray(), "einsum jit vs eager");
  const idx = () => jnp.arange(100, { dtype: "int32" }).mul(13).sub(40);
  const [ws, js] = onWasmAndReference(() =>
    jit((t: NDArray, i: NDArray) => jnp.sum(jnp.take(t.reshape([-1]), i, 0, { mode: "clip" }).mul(lax.slice(t.reshape([-1]), [3], [4]))))(
      a(),
      idx(),
    ),
  );
  assert.deepEqual(ws, js, "sum of gathered values");
  const [wm, jm] = onWasmAndReference(() =>
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
  const [wl, jl] = onWasmAndReference(() => jit(loop)(a()));
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
  const x = () => ramp([3, 5, 37], 0.1, 4);
  for (const axis of [0, 1, 2]) {
    const shape = [3, 5, 37].map((d, i) => (i === axis ? 6 : d));
    const size = shape.reduce((a, b) => a * b, 1);
    const idx = () => jnp.remainder(jnp.arange(size, { dtype: "int32" }).mul(7).reshape(shape).sub(9), 40).sub(3);
    for (const mode of ["fill", "clip"] as const) {
      const [w, j] = onWasmAndReference(() => jit((a: NDArray, i: NDArray) => jnp.takeAlongAxis(a, i, axis, { mode }).add(1))(x(), idx()));
      assert.deepEqual(w, j, `axis ${axis} ${mode}`);
    }
  }
});

test("gathers of windows (rows, columns, blocks picked by index arrays) are gathered loads: wasm equals the reference", {
  skip: !onWasm,
}, () => {
  const jaxpr = makeJaxpr((a: NDArray, i: NDArray) => jnp.take(a, i, 1).mul(2))(jnp.ones([6, 9]), jnp.zeros([4], { dtype: "int32" })).jaxpr;
  assert.deepEqual(
    fuse(jaxpr, wasmTarget).steps.map((s) => s.kind),
    ["kernel"],
    "columns picked and doubled: one kernel",
  );
  const x = () => ramp([7, 9, 11], 0.25, 3);
  const idx = (n: number, hi: number) => jnp.remainder(jnp.arange(n, { dtype: "int32" }).mul(5), hi + 6).sub(3);
  const cases: [string, (a: NDArray, i: NDArray) => NDArray, number][] = [
    ["rows (axis 0)", (a, i) => jnp.take(a, i, 0, { mode: "clip" }), 7],
    ["columns (axis 1)", (a, i) => jnp.take(a, i, 1, { mode: "fill", fillValue: -1 }), 9],
    ["innermost (axis 2)", (a, i) => jnp.take(a, i, 2, { mode: "clip" }), 11],
    ["x[:, idx] with a slice after", (a, i) => a.get(jnp.s(1, 6), jnp.clip(i, 0, 8), jnp.s(2, null)), 9],
    ["x[idx, :, idx] (two index arrays around a slice)", (a, i) => a.get(jnp.clip(i, 0, 6), jnp.s(null), jnp.clip(i, 0, 10)), 7],
  ];
  for (const [name, f, hi] of cases) {
    for (const n of [1, 5, 33]) {
      const [w, j] = onWasmAndReference(() => jit((a: NDArray, i: NDArray) => f(a, i).add(1))(x(), idx(n, hi)));
      assert.deepEqual(w, j, `${name}, ${n} indices (jit)`);
      const [we, je] = onWasmAndReference(() => f(x(), idx(n, hi)).add(1));
      assert.deepEqual(we, je, `${name}, ${n} indices (eager)`);
    }
  }
  // 2 × 3 blocks at (row, col) starts, clamped or filled where a block would leave the operand.
  const dn = { offsetDims: [1, 2], collapsedSliceDims: [], startIndexMap: [0, 1] };
  const starts = () => jnp.array(Int32Array.from([0, 0, 5, 7, 6, 10, -2, 3, 3, 4])).reshape([5, 2]);
  for (const mode of ["clip", "fill", "promise_in_bounds"] as const) {
    const [w, j] = onWasmAndReference(() =>
      jit((a: NDArray, s: NDArray) => lax.gather(a, s, dn, [2, 3], { mode, fillValue: Number.NaN }))(
        x().reshape([63, 11]).get(jnp.s(0, 7)),
        starts(),
      ),
    );
    assert.deepEqual(w, j, `blocks, ${mode}`);
  }
});

test("dynamic_slice is a gathered load: a loop that indexes by its counter compiles whole", () => {
  const body = (x: NDArray) =>
    lax.foriLoop(0, 50, (i: NDArray, acc: NDArray) => acc.add(x.get(i).mul(x.get(i.add(1)))), jnp.zeros([], { dtype: "float32" }));
  const program = fuse(makeJaxpr(body)(jnp.arange(64, { dtype: "float32" })).jaxpr, wasmTarget);
  assert.deepEqual(
    program.steps.map((s) => s.kind),
    ["loop"],
  );
});

test("dynamic_slice fused: clamped starts, windows along every axis, strided and broadcast reads, loops: wasm equals the reference", {
  skip: !onWasm,
}, () => {
  const x = () => ramp([6, 7, 9], 0.5, 20);
  const int = (v: number) => jnp.array(v, { dtype: "int32" });
  for (const [s0, s1, s2] of [
    [0, 0, 0],
    [2, 3, 4],
    [-3, 9, 100],
    [5, -1, 8],
  ])
    for (const sizes of [
      [1, 1, 1],
      [2, 7, 9],
      [6, 3, 5],
      [3, 4, 1],
    ]) {
      const f = (a: NDArray, i: NDArray, j: NDArray, k: NDArray) => lax.dynamicSlice(a, [i, j, k], sizes).mul(3).add(1);
      const [w, j] = onWasmAndReference(() => jit(f)(x(), int(s0), int(s1), int(s2)));
      assert.deepEqual(w, j, `starts ${[s0, s1, s2]} sizes ${sizes}`);
    }
  // Through a transpose (the window's inner stride is not 1) and broadcast afterwards (stride 0).
  const [wt, jt] = onWasmAndReference(() =>
    jit((a: NDArray, i: NDArray) => lax.dynamicSlice(a.transpose([2, 0, 1]), [i, int(1), int(0)], [4, 5, 7]).add(jnp.zeros([3, 4, 5, 7])))(
      x(),
      int(2),
    ),
  );
  assert.deepEqual(wt, jt, "transposed operand, broadcast window");
  for (const dtype of ["int32", "uint32", "bool", "float16"] as const) {
    const [wd, jd] = onWasmAndReference(() =>
      jit((a: NDArray, i: NDArray) => lax.dynamicSlice(a, [i, int(2), int(3)], [3, 4, 5]))(x().astype(dtype), int(2)),
    );
    assert.deepEqual(wd, jd, dtype);
  }
  // Loops that index by the counter (fori_loop, scan over an index range), forwards and backwards.
  const series = () => jnp.arange(100, { dtype: "float32" }).mul(0.37).sub(18);
  const dot = (v: NDArray) =>
    lax.foriLoop(0, 99, (i: NDArray, acc: NDArray) => acc.add(v.get(i).mul(v.get(i.add(1)))), jnp.zeros([], { dtype: "float32" }));
  const [wl, jl] = onWasmAndReference(() => jit(dot)(series()));
  assert.deepEqual(wl, jl, "fori_loop dot of neighbours");
  const backwards = (v: NDArray) =>
    lax.scan(
      (c: NDArray, i: NDArray) => [c.mul(0.5).add(v.get(i.neg().add(99))), c] as [NDArray, NDArray],
      jnp.zeros([], { dtype: "float32" }),
      jnp.arange(100, { dtype: "int32" }),
    );
  const [ws, js] = onWasmAndReference(() => jnp.concatenate(jit(backwards)(series()).map((a) => a.reshape([-1]))));
  assert.deepEqual(ws, js, "scan reading backwards");
  // grad (dynamic_update_slice transposes it) and vmap (a batched start becomes a gather).
  const [wg, jg] = onWasmAndReference(() => jit(grad((v: NDArray) => dot(v)))(series()));
  assert.deepEqual(wg, jg, "grad through the loop");
  const [wv, jv] = onWasmAndReference(() =>
    jit(vmap((i: NDArray) => lax.dynamicSlice(series(), [i], [5])))(jnp.array([0, 17, 95, -4], { dtype: "int32" })),
  );
  assert.deepEqual(wv, jv, "vmap over the start");
});

test("single-index scatters (x.at[i].set, .add) and dynamic_update_slice fuse: loops that write their carry compile whole", () => {
  const bodies: Array<(i: NDArray, acc: NDArray) => NDArray> = [
    (i, acc) => acc.at(i).set(acc.get(i.sub(1)).add(i.astype("float32"))),
    (i, acc) => acc.at(i).add(acc.get(i.sub(1))),
    (i, acc) => lax.dynamicUpdateSlice(acc, acc.get(i.sub(1)).mul(2).reshape([1]), [i]),
  ];
  for (const body of bodies) {
    const program = fuse(makeJaxpr((x: NDArray) => lax.foriLoop(1, 20, body, x))(jnp.zeros([20], { dtype: "float32" })).jaxpr, wasmTarget);
    assert.deepEqual(
      program.steps.map((s) => s.kind),
      ["loop"],
    );
  }
});

test("single-index scatters fused: set and add, rows and elements, out-of-bounds windows dropped or clipped: wasm equals the reference", {
  skip: !onWasm,
}, () => {
  const m = () => ramp([6, 8], 0.75, 4);
  const int = (v: number) => jnp.array(v, { dtype: "int32" });
  for (const i of [0, 3, 5, 6, 40, -2])
    for (const mode of ["drop", "clip"] as const) {
      const cases: Array<[string, (a: NDArray, k: NDArray) => NDArray]> = [
        ["row set", (a, k) => a.at(k).set(jnp.arange(8, { dtype: "float32" }).neg(), { mode })],
        ["row add", (a, k) => a.at(k).add(jnp.arange(8, { dtype: "float32" }), { mode })],
        ["element set", (a, k) => a.at(k, 2).set(99, { mode })],
        ["element add of a computed value", (a, k) => a.at(k.sub(1), k).add(a.get(0, 0).mul(3), { mode })],
        ["column set", (a, k) => a.at(jnp.s(null, null), k).set(jnp.ones([6], { dtype: "float32" }), { mode })],
      ];
      for (const [name, f] of cases) {
        const [w, j] = onWasmAndReference(() => jit((a: NDArray, k: NDArray) => f(a.mul(2), k).add(1))(m(), int(i)));
        assert.deepEqual(w, j, `${name} at ${i}, ${mode}`);
      }
    }
  for (const dtype of ["int32", "uint32", "bool"] as const) {
    const [w, j] = onWasmAndReference(() =>
      jit((a: NDArray, k: NDArray) => a.at(k).set(jnp.ones([8], { dtype })))(m().astype(dtype), int(2)),
    );
    assert.deepEqual(w, j, dtype);
  }
  // Windows of three that overlap the end: dropped whole (fill, promise_in_bounds) or moved inside (clip).
  const dn = { updateWindowDims: [0], insertedWindowDims: [], scatterDimsToOperandDims: [0] };
  for (const start of [0, 5, 6, 7, 9, -1])
    for (const mode of ["fill", "clip", "promise_in_bounds"] as const)
      for (const [name, op] of [
        ["scatter", lax.scatter],
        ["scatter_add", lax.scatterAdd],
      ] as const) {
        const [w, j] = onWasmAndReference(() =>
          jit((a: NDArray, k: NDArray) => op(a, k.reshape([1]), jnp.array([10, 20, 30], { dtype: "float32" }), dn, { mode }).mul(2))(
            jnp.arange(8, { dtype: "float32" }),
            int(start),
          ),
        );
        assert.deepEqual(w, j, `${name} of three at ${start}, ${mode}`);
      }
});

test("dynamic_update_slice fused: clamped starts, partial and whole dims, one-element updates, loops and grad: wasm equals the reference", {
  skip: !onWasm,
}, () => {
  const x = () => ramp([5, 6, 7], 0.25, 0);
  const int = (v: number) => jnp.array(v, { dtype: "int32" });
  for (const starts of [
    [0, 0, 0],
    [1, 2, 3],
    [-4, 7, 100],
    [4, -2, 6],
  ])
    for (const sizes of [
      [1, 1, 1],
      [2, 6, 7],
      [5, 3, 2],
      [3, 1, 7],
    ]) {
      const u = () =>
        jnp
          .arange(sizes[0] * sizes[1] * sizes[2], { dtype: "float32" })
          .reshape(sizes)
          .neg()
          .sub(1);
      const f = (a: NDArray, v: NDArray, i: NDArray, j: NDArray, k: NDArray) =>
        lax.dynamicUpdateSlice(a.mul(2), v.add(0.5), [i, j, k]).sub(3);
      const [w, j] = onWasmAndReference(() => jit(f)(x(), u(), int(starts[0]), int(starts[1]), int(starts[2])));
      assert.deepEqual(w, j, `starts ${starts} sizes ${sizes}`);
    }
  for (const dtype of ["int32", "uint32", "bool", "float16"] as const) {
    const [wd, jd] = onWasmAndReference(() =>
      jit((a: NDArray, v: NDArray, i: NDArray) => lax.dynamicUpdateSlice(a, v, [i, int(1), int(2)]))(
        x().astype(dtype),
        jnp.ones([2, 3, 4], { dtype }),
        int(3),
      ),
    );
    assert.deepEqual(wd, jd, dtype);
  }
  // A prefix sum written element by element into the carry, and rows of a matrix by a scan.
  const prefix = (v: NDArray) => lax.foriLoop(1, 64, (i: NDArray, acc: NDArray) => acc.at(i).set(acc.get(i.sub(1)).add(v.get(i))), v);
  const series = () => jnp.arange(64, { dtype: "float32" }).mul(0.37).sub(9);
  const [wp, jp] = onWasmAndReference(() => jit(prefix)(series()));
  assert.deepEqual(wp, jp, "prefix sum in a fori_loop");
  const rows = (m: NDArray) =>
    lax.scan(
      (acc: NDArray, i: NDArray) =>
        [
          acc.at(i).set(
            acc
              .get(i)
              .mul(2)
              .add(acc.get(i.sub(1))),
          ),
          null,
        ] as [NDArray, null],
      m,
      jnp.arange(1, 8, 1, { dtype: "int32" }),
    )[0];
  const [wr, jr] = onWasmAndReference(() => jit(rows)(x().reshape([5, 42]).get(jnp.s(0, 5)).reshape([7, 30])));
  assert.deepEqual(wr, jr, "rows by a scan");
  // grad with respect to both the operand and the update.
  const loss = (a: NDArray, v: NDArray) => jnp.sum(jnp.square(lax.dynamicUpdateSlice(a, v.mul(3), [int(1), int(2), int(-1)])));
  const [wg, jg] = onWasmAndReference(() => {
    const [ga, gv] = jit(grad(loss, { argnums: [0, 1] }))(x(), jnp.ones([2, 2, 3])) as NDArray[];
    return jnp.concatenate([ga.reshape([-1]), gv.reshape([-1])]);
  });
  assert.deepEqual(wg, jg, "grad of both operands");
});

test("concatenate fuses (clamped gathered loads per piece): in loop bodies always, elsewhere unless a large innermost one", () => {
  const cell = (h: NDArray, x: NDArray) => {
    const hn = jnp.tanh(jnp.concatenate([h, x], 1).sum(1, { keepdims: true }).add(h));
    return [hn, hn] as [NDArray, NDArray];
  };
  const loop = fuse(makeJaxpr((xs: NDArray) => lax.scan(cell, jnp.zeros([4, 3]), xs)[0])(jnp.ones([10, 4, 5])).jaxpr, wasmTarget);
  const kindsOfLoop = loop.steps.map((s) => s.kind);
  assert.ok(kindsOfLoop.includes("loop") && !kindsOfLoop.includes("prim"), `the scan compiles whole: ${kindsOfLoop}`);
  const kinds = (shape: number[], axis: number) =>
    fuse(makeJaxpr((a: NDArray) => jnp.concatenate([a, a.mul(2)], axis))(jnp.ones(shape)).jaxpr, wasmTarget).steps.map((s) =>
      s.kind === "prim" ? s.prim.name : s.kind,
    );
  assert.deepEqual(kinds([300, 300], 0), ["kernel"], "along an outer axis: fused");
  assert.deepEqual(kinds([30, 30], 1), ["kernel"], "small: fused");
  assert.ok(kinds([300, 300], 1).includes("concatenate"), "large and innermost: row copies");
});

test("fused concatenate: pieces that are views, iotas, constants, expressions and gathers, along every axis: wasm equals the reference", {
  skip: !onWasm,
}, () => {
  const x = () => ramp([4, 5, 6], 0.5, 7);
  for (const axis of [0, 1, 2]) {
    const f = (a: NDArray, i: NDArray) => {
      const other = a.shape.map((d, k) => (k === axis ? 2 : d));
      return jnp
        .concatenate(
          [
            jnp.flip(a, axis),
            lax.broadcastedIota("float32", other, axis),
            jnp.full(
              other.map((d, k) => (k === axis ? 1 : d)),
              3.5,
            ),
            a.mul(a).sub(3),
            jnp.take(a.reshape([-1]), i, 0, { mode: "clip" }).reshape(a.shape.map((d, k) => (k === axis ? d : d))),
            jnp.zeros(a.shape.map((d, k) => (k === axis ? 0 : d))),
          ],
          axis,
        )
        .mul(2);
    };
    const idx = () => jnp.arange(120, { dtype: "int32" }).mul(7).sub(30);
    const [w, j] = onWasmAndReference(() => jit(f)(x(), idx()));
    assert.deepEqual(w, j, `axis ${axis}`);
  }
  for (const dtype of ["int32", "uint32", "bool"] as const) {
    const [w, j] = onWasmAndReference(() => jit((a: NDArray) => jnp.concatenate([a, jnp.flip(a, 0)], 0))(x().astype(dtype)));
    assert.deepEqual(w, j, dtype);
  }
  for (const mode of ["reflect", "edge", "wrap", "symmetric"] as const) {
    const [w, j] = onWasmAndReference(() =>
      jnp.pad(
        x().reshape([20, 6]),
        [
          [3, 4],
          [2, 5],
        ],
        { mode },
      ),
    );
    assert.deepEqual(w, j, `pad ${mode}`);
  }
  // An RNN cell that concatenates [h, x] in a scan body (the loop compiles whole).
  const cell = (h: NDArray, xt: NDArray) => {
    const hn = jnp.tanh(jnp.matmul(jnp.concatenate([h, xt], 1), ramp([11, 6], 0.01, 0)));
    return [hn, hn] as [NDArray, NDArray];
  };
  const [wr, jr] = onWasmAndReference(() => jit((xs: NDArray) => lax.scan(cell, jnp.zeros([3, 6]), xs)[1])(ramp([7, 3, 5], 0.05, 0)));
  assert.ok(
    wr.every((v, k) => Math.abs((v as number) - (jr[k] as number)) <= 1e-6),
    "rnn with concatenation",
  );
});

test("fused pad: interior, negative and mixed padding, several dtypes and values, associative scans: wasm equals the reference", {
  skip: !onWasm,
}, () => {
  for (const cfg of PAD_CONFIGS)
    for (const dtype of ["float32", "int32", "uint32", "bool"] as const) {
      const shape = cfg.map((_, i) => 5 + i);
      const size = shape.reduce((a, b) => a * b, 1);
      const value = dtype === "bool" ? true : 7;
      const [w, j] = onWasmAndReference(() =>
        jit((a: NDArray) => lax.pad(a.astype(dtype), value, cfg))(
          jnp
            .arange(size, { dtype: "float32" })
            .reshape(shape)
            .mul(dtype === "bool" ? 1 : 0.5),
        ),
      );
      assert.deepEqual(w, j, `pad ${JSON.stringify(cfg)} ${dtype}`);
    }
  // A padding value computed in the program, a pad of a computed operand, and the scans built on interleaving pads.
  const [wv, jv] = onWasmAndReference(() =>
    jit((a: NDArray) =>
      lax
        .pad(a.mul(2), a.sum(), [
          [1, 2, 1],
          [0, 0, 2],
        ])
        .add(1),
    )(jnp.arange(12, { dtype: "float32" }).reshape([3, 4])),
  );
  assert.deepEqual(wv, jv, "computed value and operand");
  for (const n of [1, 2, 7, 64, 1000, 4099]) {
    const [ws, js] = onWasmAndReference(() =>
      jit((a: NDArray) => lax.associativeScan(lax.add, a))(jnp.arange(n, { dtype: "float32" }).mul(0.25)),
    );
    assert.deepEqual(ws, js, `associativeScan of ${n}`);
    const [wm, jm] = onWasmAndReference(() =>
      jit((a: NDArray) => lax.associativeScan(lax.max, a, { reverse: true }))(
        jnp.remainder(jnp.arange(n, { dtype: "float32" }).mul(7), 13),
      ),
    );
    assert.deepEqual(wm, jm, `reverse max scan of ${n}`);
  }
});

test("in loop bodies, bool arrays move fused too: a loop that marks and reads flags by its counter compiles whole and equals the reference", () => {
  const marks = (flags: NDArray) =>
    lax.foriLoop(
      0,
      12,
      (i: NDArray, f: NDArray) => {
        // Mark i, and i + 1 where i − 1 was marked before: reads and writes of a bool carry at computed offsets.
        const marked = f.at(i).set(true);
        return lax.dynamicUpdateSlice(marked, jnp.logicalOr(marked.get(i.add(1)), marked.get(i.sub(1))).reshape([1]), [i.add(1)]);
      },
      flags,
    );
  const start = () =>
    jnp.array([false, true, false, false, true, false, false, false, false, false, false, false, false, false, false, false]);
  const program = fuse(makeJaxpr(marks)(start()).jaxpr, wasmTarget);
  const kinds = program.steps.map((s) => s.kind);
  assert.ok(kinds.includes("loop") && !kinds.includes("prim"), `the loop compiles whole: ${kinds}`);
  if (!onWasm) return;
  const [w, j] = onWasmAndReference(() => jit(marks)(start()));
  assert.deepEqual(w, j, "flags");
  const rows = (m: NDArray) =>
    lax.scan(
      (c: NDArray, i: NDArray) => {
        const row = lax.dynamicSlice(c, [i, jnp.array(0, { dtype: "int32" })], [1, 6]);
        const shifted = jnp.concatenate([lax.slice(row, [0, 1], [1, 6]), jnp.logicalNot(lax.slice(row, [0, 0], [1, 1]))], 1);
        return [
          lax.dynamicUpdateSlice(
            c,
            lax.pad(lax.slice(shifted, [0, 0], [1, 4]), false, [
              [0, 0, 0],
              [1, 1, 0],
            ]),
            [i.add(1), jnp.array(0, { dtype: "int32" })],
          ),
          null,
        ] as [NDArray, null];
      },
      m,
      jnp.arange(4, { dtype: "int32" }),
    )[0];
  const grid = () =>
    jnp
      .remainder(jnp.arange(30, { dtype: "int32" }), 3)
      .eq(0)
      .reshape([5, 6]);
  const [wr, jr] = onWasmAndReference(() => jit(rows)(grid()));
  assert.deepEqual(wr, jr, "bool rows: dynamic slices, concatenations, pads and updates in a scan");
  const rowKinds = fuse(makeJaxpr(rows)(grid()).jaxpr, wasmTarget).steps.map((s) => s.kind);
  assert.ok(rowKinds.includes("loop") && !rowKinds.includes("prim"), `the scan compiles whole: ${rowKinds}`);
});

test("a gather from a view that is its buffer whole (take's ravel of a vector) reads the buffer, not a copy", () => {
  const jaxpr = makeJaxpr((a: NDArray, i: NDArray) => jnp.take(a, i))(jnp.ones([5000]), jnp.zeros([300], { dtype: "int32" })).jaxpr;
  const steps = fuse(jaxpr, wasmTarget).steps;
  assert.deepEqual(
    steps.map((s) => s.kind),
    ["kernel"],
    "one kernel: the indices' arithmetic and the gathered load",
  );
  const [w, j] = onWasmAndReference(() =>
    jit((a: NDArray, i: NDArray) => jnp.take(a, i))(
      jnp.arange(5000, { dtype: "float32" }),
      jnp.array(Int32Array.from([3, -1, 4999, 7000, -5001])),
    ),
  );
  assert.deepEqual(w, j);
});
