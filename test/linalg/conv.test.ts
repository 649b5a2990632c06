import assert from "node:assert/strict";
import { test } from "node:test";
import { TypeError as JaxTypeError, ValueError, defaultBackend, grad, jit, jnp, lax, vjp, vmap, type NDArray } from "../../src/index.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";
import { agree, rand } from "../helpers/backends.ts";
import { dec, goldens } from "./goldens.ts";

type Pads = Array<[number, number]>;
interface ConvCase {
  lhsShape: number[];
  rhsShape: number[];
  strides: number[];
  padding: "SAME" | "VALID" | Pads;
  lhsDilation?: number[];
  rhsDilation?: number[];
  dn?: [string, string, string] | null;
  fgc?: number;
  bgc?: number;
}

function randArr(shape: number[], seed: number): number[] {
  let s = seed;
  return Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return ((s >>> 8) / (1 << 24)) * 2 - 1;
  });
}

function convOf(c: ConvCase) {
  return (l: NDArray, r: NDArray) =>
    lax.convGeneralDilated(l, r, c.strides, c.padding, {
      lhsDilation: c.lhsDilation,
      rhsDilation: c.rhsDilation,
      dimensionNumbers: c.dn ?? null,
      featureGroupCount: c.fgc ?? 1,
      batchGroupCount: c.bgc ?? 1,
    });
}

test("conv_general_dilated matches the NumPy reference (strides, padding, dilation, groups, layouts)", () => {
  for (const g of goldens.conv) {
    const lhs = jnp.array(dec(g.lhs)).reshape(g.lhs_shape);
    const rhs = jnp.array(dec(g.rhs)).reshape(g.rhs_shape);
    const out = lax.convGeneralDilated(lhs, rhs, g.window_strides, g.padding, {
      lhsDilation: g.lhs_dilation,
      rhsDilation: g.rhs_dilation,
      dimensionNumbers: g.dimension_numbers,
      featureGroupCount: g.feature_group_count,
      batchGroupCount: g.batch_group_count,
    });
    assert.deepEqual(out.shape, g.out_shape, `${g.name}: shape`);
    assertClose(out, dec(g.out), 1e-4, 1e-4, g.name);
  }
});

test("SAME padding follows padtype_to_pads; lax.conv defaults to NCHW/OIHW", () => {
  assert.deepEqual(lax.padtypeToPads([7, 6], [3, 3], [2, 2], "SAME"), [
    [1, 1],
    [0, 1],
  ]);
  assert.deepEqual(lax.padtypeToPads([5], [4], [1], "SAME"), [[1, 2]]);
  assert.deepEqual(lax.padtypeToPads([5], [4], [1], "SAME_LOWER"), [[2, 1]]);
  assert.deepEqual(lax.padtypeToPads([5, 5], [3, 3], [1, 1], "VALID"), [
    [0, 0],
    [0, 0],
  ]);
  const x = jnp.ones([1, 1, 4, 4]);
  const w = jnp.ones([1, 1, 3, 3]);
  assert.deepEqual(lax.conv(x, w, [1, 1], "SAME").toArray(), [
    [
      [
        [4, 6, 6, 4],
        [6, 9, 9, 6],
        [6, 9, 9, 6],
        [4, 6, 6, 4],
      ],
    ],
  ]);
  assert.deepEqual(lax.conv(x, w, [1, 1], "VALID").shape, [1, 1, 2, 2]);
  const dn = lax.convDimensionNumbers([1, 5, 5, 3], [3, 3, 3, 8], ["NHWC", "HWIO", "NHWC"]);
  assert.deepEqual(dn, { lhs_spec: [0, 3, 1, 2], rhs_spec: [3, 2, 0, 1], out_spec: [0, 3, 1, 2] });
});

const gradCases: Array<[string, ConvCase]> = [
  ["1d stride+pad", { lhsShape: [2, 2, 7], rhsShape: [3, 2, 3], strides: [2], padding: [[1, 2]] }],
  ["2d SAME NHWC", { lhsShape: [1, 5, 4, 2], rhsShape: [3, 2, 2, 3], strides: [2, 1], padding: "SAME", dn: ["NHWC", "HWIO", "NHWC"] }],
  [
    "2d dilations",
    {
      lhsShape: [1, 2, 5, 5],
      rhsShape: [2, 2, 2, 3],
      strides: [1, 2],
      padding: [
        [1, 0],
        [2, 1],
      ],
      lhsDilation: [2, 1],
      rhsDilation: [1, 2],
    },
  ],
  [
    "2d feature groups",
    {
      lhsShape: [2, 4, 4, 3],
      rhsShape: [6, 2, 2, 2],
      strides: [1, 1],
      padding: [
        [0, 1],
        [1, 0],
      ],
      fgc: 2,
    },
  ],
  ["2d depthwise", { lhsShape: [1, 3, 4, 4], rhsShape: [3, 1, 3, 3], strides: [1, 1], padding: "SAME", fgc: 3 }],
  ["2d batch groups", { lhsShape: [4, 2, 4, 4], rhsShape: [4, 2, 2, 2], strides: [1, 1], padding: "VALID", bgc: 2 }],
  [
    "2d negative pad",
    {
      lhsShape: [1, 1, 6, 5],
      rhsShape: [2, 1, 2, 2],
      strides: [2, 1],
      padding: [
        [-1, 0],
        [1, -1],
      ],
    },
  ],
];

test("conv gradients wrt lhs and rhs match finite differences (first and second order)", () => {
  gradCases.forEach(([name, c], i) => {
    const l = jnp.array(randArr(c.lhsShape, 11 + i)).reshape(c.lhsShape);
    const r = jnp.array(randArr(c.rhsShape, 101 + i)).reshape(c.rhsShape);
    try {
      checkGrads(convOf(c), [l.toArray(), r.toArray()], { order: i < 3 || name.includes("groups") ? 2 : 1 });
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
  });
});

test("conv_transpose with transposeKernel equals the gradient of conv (as in JAX's tests)", () => {
  for (const padding of ["SAME", "VALID"] as const) {
    for (const strides of [
      [1, 1],
      [2, 2],
      [2, 1],
    ]) {
      // Input sizes for which the transposed convolution has exactly the input's size.
      const xShape = padding === "SAME" ? [2, 8, 6, 3] : [2, 7, 6, 3];
      const x = jnp.array(randArr(xShape, 7)).reshape(xShape);
      const w = jnp.array(randArr([3, 2, 3, 4], 8)).reshape([3, 2, 3, 4]);
      const dn: [string, string, string] = ["NHWC", "HWIO", "NHWC"];
      const f = (a: NDArray) => lax.convGeneralDilated(a, w, strides, padding, { dimensionNumbers: dn });
      const y = f(x);
      const ct = jnp.array(randArr(y.shape, 9)).reshape(y.shape);
      const viaGrad = (vjp(f, x) as unknown as [NDArray, (c: NDArray) => NDArray[]])[1](ct)[0];
      const viaT = lax.convTranspose(ct, w, strides, padding, { dimensionNumbers: dn, transposeKernel: true });
      assert.deepEqual(viaT.shape, x.shape);
      assertClose(viaT, viaGrad, 1e-4, 1e-5, `padding=${padding} strides=${strides}`);
    }
  }
});

/** Stack f applied to each slice along a mapped axis (the reference vmap must match). */
function loop(f: (l: NDArray, r: NDArray) => NDArray, l: NDArray, r: NDArray, la: number | null, ra: number | null, n: number): NDArray {
  const at = (x: NDArray, ax: number | null, i: number) =>
    ax === null ? x : jnp.take(x, jnp.array([i], { dtype: "int32" }), ax).squeeze(ax);
  return jnp.stack([...Array(n).keys()].map((i) => f(at(l, la, i), at(r, ra, i))));
}

test("vmap of conv matches a loop (lhs, rhs or both batched; with feature and batch groups)", () => {
  const cases: Array<[string, ConvCase]> = [gradCases[0], gradCases[1], gradCases[3], gradCases[5], gradCases[4]];
  const B = 3;
  cases.forEach(([name, c], i) => {
    const f = convOf(c);
    for (const [la, ra] of [
      [0, null],
      [null, 0],
      [1, 2],
      [2, 1],
    ] as Array<[number | null, number | null]>) {
      const lShape = [...c.lhsShape];
      const rShape = [...c.rhsShape];
      if (la !== null) lShape.splice(la, 0, B);
      if (ra !== null) rShape.splice(ra, 0, B);
      const l = jnp.array(randArr(lShape, 21 + i)).reshape(lShape);
      const r = jnp.array(randArr(rShape, 31 + i)).reshape(rShape);
      const v = vmap(f, { inAxes: [la, ra] })(l, r) as NDArray;
      assertClose(v, loop(f, l, r, la, ra, B), 1e-5, 1e-5, `${name} inAxes=[${la}, ${ra}]`);
    }
  });
});

test("jit and eager agree, including grads of conv", () => {
  const c = gradCases[3][1];
  const f = convOf(c);
  const l = jnp.array(randArr(c.lhsShape, 3)).reshape(c.lhsShape);
  const r = jnp.array(randArr(c.rhsShape, 4)).reshape(c.rhsShape);
  assertClose(jit(f)(l, r), f(l, r), 1e-6, 1e-6, "forward");
  const loss = (a: NDArray, b: NDArray) => jnp.sum(jnp.square(f(a, b)));
  const [ga, gb] = jit((a: NDArray, b: NDArray) => (vjp(loss, a, b) as unknown as [NDArray, (c: NDArray) => NDArray[]])[1](jnp.array(1)))(
    l,
    r,
  ) as NDArray[];
  const [ea, eb] = (vjp(loss, l, r) as unknown as [NDArray, (c: NDArray) => NDArray[]])[1](jnp.array(1));
  assertClose(ga, ea, 1e-5, 1e-5, "grad lhs");
  assertClose(gb, eb, 1e-5, 1e-5, "grad rhs");
});

test("conv errors follow JAX's shape rule", () => {
  const x = jnp.ones([1, 4, 5, 5]);
  assert.throws(
    () => lax.convGeneralDilated(x, jnp.ones([2, 3, 3, 3]), [1, 1], "VALID", { featureGroupCount: 3 }),
    /feature_group_count must divide lhs feature dimension size, but 3 does not divide 4/,
  );
  assert.throws(
    () => lax.convGeneralDilated(x, jnp.ones([2, 3, 3, 3]), [1, 1], "VALID"),
    /lhs feature dimension size divided by feature_group_count must equal the rhs input feature dimension size, but 4 \/\/ 1 != 3/,
  );
  assert.throws(() => lax.convGeneralDilated(x, jnp.ones([2, 4, 3]), [1, 1], "VALID"), JaxTypeError);
  assert.throws(
    () => lax.convGeneralDilated(x, jnp.ones([2, 4, 3, 3]), [1], "VALID"),
    /window and window_strides must have the same number of dimensions, but got 2 and 1/,
  );
  assert.throws(
    () => lax.convGeneralDilated(x, jnp.ones([2, 4, 3, 3]), [1, 1], "VALID", { dimensionNumbers: ["NCHW", "OIHW", "NCXW"] }),
    /same set of spatial characters/,
  );
  assert.throws(
    () => lax.convGeneralDilated(x, jnp.ones([2, 4, 3, 3]), [1, 1], "VALID", { dimensionNumbers: ["NCHW", "OOHW", "NCHW"] }),
    /must contain the characters 'O' and 'I' exactly once/,
  );
  assert.throws(
    () => lax.convGeneralDilated(x, jnp.ones([2, 4, 3, 3], { dtype: "int32" }), [1, 1], "VALID"),
    /requires arguments to have the same dtypes, got float32, int32/,
  );
  assert.throws(() => lax.convGeneralDilated(x, jnp.ones([2, 4, 3, 3]), [1, 1], "FULL"), ValueError);
  assert.throws(
    () => lax.convGeneralDilated(x, jnp.ones([2, 4, 3, 3]), [1, 1], "SAME", { lhsDilation: [2, 1] }),
    /String padding is not implemented for transposed convolution/,
  );
  assert.throws(
    () => lax.convGeneralDilated(jnp.ones([3, 2, 4]), jnp.ones([4, 2, 2]), [1], "VALID", { batchGroupCount: 2 }),
    /batch_group_count must divide lhs batch dimension size, but 2 does not divide 3/,
  );
});

test("integer convolution is exact", () => {
  const x = jnp.array([[[1, 2, 3, 4, 5]]], { dtype: "int32" });
  const w = jnp.array([[[1, 0, -1]]], { dtype: "int32" });
  const y = lax.convGeneralDilated(x, w, [1], [[1, 1]]);
  assert.equal(y.dtype, "int32");
  assert.deepEqual(y.toArray(), [[[-2, -2, -2, -2, 4]]]);
});

test("float32 conv on the wasm GEMM (im2col) equals the js reference kernel", () => {
  const conv =
    (opts: Parameters<typeof lax.convGeneralDilated>[4], strides: number[], padding: Parameters<typeof lax.convGeneralDilated>[3]) =>
    (x: NDArray, w: NDArray) =>
      lax.convGeneralDilated(x, w, strides, padding, opts);
  // Several chunks of the batch (a 300x300 image's patches exceed one chunk).
  agree("batch chunks", conv({}, [1, 1], "SAME"), [rand([7, 1, 300, 300], 1), rand([2, 1, 3, 3], 2)], 1e-5, 1e-5, true);
  agree(
    "NHWC, strides, rhs dilation",
    conv(
      { dimensionNumbers: ["NHWC", "HWIO", "NHWC"], rhsDilation: [2, 1] },
      [2, 1],
      [
        [1, 2],
        [0, 1],
      ],
    ),
    [rand([2, 9, 8, 3], 3), rand([3, 2, 3, 5], 4)],
    1e-5,
    1e-5,
    true,
  );
  agree(
    "feature groups, negative padding, lhs dilation",
    conv({ featureGroupCount: 2, lhsDilation: [2] }, [1], [[-1, 2]]),
    [rand([3, 4, 11], 5), rand([6, 2, 3], 6)],
    1e-5,
    1e-5,
    true,
  );
  // Channels innermost in the input: patches copied channel runs at a time (a vector part and a tail).
  agree(
    "NHWC, feature groups of five channels",
    conv({ dimensionNumbers: ["NHWC", "HWIO", "NHWC"], featureGroupCount: 2 }, [1, 1], "SAME"),
    [rand([2, 7, 6, 10], 9), rand([3, 3, 5, 8], 10)],
    1e-5,
    1e-5,
    true,
  );
  agree(
    "NHWC in, NCHW out, lhs dilation and padding",
    conv(
      { dimensionNumbers: ["NHWC", "OIHW", "NCHW"], lhsDilation: [2, 1] },
      [1, 2],
      [
        [1, 1],
        [2, 0],
      ],
    ),
    [rand([3, 5, 9, 8], 11), rand([6, 8, 2, 3], 12)],
    1e-5,
    1e-5,
    true,
  );
  agree(
    "NHWC written in place, several batch chunks",
    conv({ dimensionNumbers: ["NHWC", "HWIO", "NHWC"] }, [1, 1], "SAME"),
    [rand([5, 120, 120, 8], 13), rand([3, 3, 8, 8], 14)],
    1e-5,
    1e-5,
    true,
  );
  agree(
    "3-D, channels last in the filter",
    conv({ dimensionNumbers: ["NCDHW", "DHWIO", "NDHWC"] }, [1, 2, 1], "VALID"),
    [rand([2, 2, 5, 6, 4], 7), rand([2, 3, 2, 2, 3], 8)],
    1e-5,
    1e-5,
    true,
  );
});

test("NHWC convs of few output channels (run transposed) and weight gradients (window-led) equal the js reference kernel", () => {
  const nhwc = { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] as [string, string, string] };
  const tol = [1e-5, 1e-5, true] as const;
  for (const o of [1, 3, 7, 8])
    agree(
      `${o} output channels`,
      (x, w) => lax.convGeneralDilated(x, w, [1, 1], "SAME", nhwc),
      [rand([3, 9, 11, 5], o), rand([3, 3, 5, o], o + 1)],
      ...tol,
    );
  agree(
    "3 output channels per group of two, NCHW out",
    (x, w) => lax.convGeneralDilated(x, w, [2, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NCHW"], featureGroupCount: 2 }),
    [rand([2, 12, 10, 4], 3), rand([3, 3, 2, 6], 4)],
    ...tol,
  );
  // Gradients wrt the filter: the window (the image) is larger than the output (the taps).
  const filterGrad = (strides: number[], padding: Parameters<typeof lax.convGeneralDilated>[3], rhsDilation?: number[]) =>
    grad((w: NDArray, x: NDArray) => jnp.sum(jnp.square(lax.convGeneralDilated(x, w, strides, padding, { ...nhwc, rhsDilation }))));
  const filterCases: [string, ReturnType<typeof filterGrad>, NDArray[], number, boolean][] = [
    ["SAME", filterGrad([1, 1], "SAME"), [rand([3, 3, 3, 8], 5), rand([4, 16, 16, 3], 6)], 1e-4, true],
    ["VALID, stride 2", filterGrad([2, 2], "VALID"), [rand([5, 5, 2, 4], 7), rand([2, 20, 18, 2], 8)], 1e-4, true],
    ["dilated", filterGrad([1, 1], "SAME", [2, 2]), [rand([3, 3, 4, 3], 9), rand([2, 14, 14, 4], 10)], 1e-4, true],
    // Nine images' patches exceed the patch limit: chunks of five, their products summed.
    ["images in chunks", filterGrad([1, 1], "SAME"), [rand([3, 3, 16, 2], 11), rand([9, 72, 72, 16], 12)], 1e-3, false],
  ];
  for (const [name, f, args, t, eager] of filterCases) agree(`filter gradient, ${name}`, f, args, t, t, eager);
  const conv1 = grad((w: NDArray, x: NDArray) =>
    jnp.sum(lax.convGeneralDilated(x, w, [1], "SAME", { dimensionNumbers: ["NWC", "WIO", "NWC"] }).mul(x.sum())),
  );
  agree("1-D filter gradient", conv1, [rand([5, 3, 2], 13), rand([4, 100, 3], 14)], 1e-4, 1e-4, true);
});

test("lhs-dilated convs run as one conv per output phase (conv_transpose, strided convs' input gradients) and equal the js reference kernel", () => {
  const dilated =
    (lhsDilation: number[], padding: [number, number][], opts: Parameters<typeof lax.convGeneralDilated>[4] = {}) =>
    (x: NDArray, w: NDArray) =>
      lax.convGeneralDilated(
        x,
        w,
        lhsDilation.map(() => 1),
        padding,
        { ...opts, lhsDilation },
      );
  const nhwc = { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] as [string, string, string] };
  const tol = [1e-5, 1e-5, true] as const;
  agree(
    "conv_transpose, stride 2, SAME",
    (x, w) => lax.convTranspose(x, w, [2, 2], "SAME"),
    [rand([2, 7, 6, 3], 1), rand([3, 3, 3, 4], 2)],
    ...tol,
  );
  agree(
    "conv_transpose, stride 2, VALID",
    (x, w) => lax.convTranspose(x, w, [2, 2], "VALID"),
    [rand([2, 7, 6, 3], 1), rand([3, 3, 3, 4], 2)],
    ...tol,
  );
  agree("stride 3, kernel 4", (x, w) => lax.convTranspose(x, w, [3, 3], "SAME"), [rand([1, 5, 5, 2], 3), rand([4, 4, 2, 3], 4)], ...tol);
  agree("1-D, kernel 5", (x, w) => lax.convTranspose(x, w, [2], "SAME"), [rand([2, 9, 3], 5), rand([5, 3, 2], 6)], ...tol);
  agree(
    "strides 2 and 3, explicit padding",
    dilated(
      [2, 3],
      [
        [1, 2],
        [0, 3],
      ],
      nhwc,
    ),
    [rand([1, 6, 5, 2], 7), rand([3, 2, 2, 3], 8)],
    ...tol,
  );
  agree(
    "negative padding (phases with no outputs or taps)",
    dilated(
      [2, 2],
      [
        [-1, 2],
        [0, 0],
      ],
    ),
    [rand([1, 2, 8, 8], 9), rand([3, 2, 3, 3], 10)],
    ...tol,
  );
  agree(
    "feature groups",
    dilated(
      [2, 2],
      [
        [2, 2],
        [1, 1],
      ],
      { featureGroupCount: 2 },
    ),
    [rand([1, 4, 6, 6], 11), rand([6, 2, 3, 3], 12)],
    ...tol,
  );
  agree(
    "a 1 × 1 kernel (phases without taps are zeros)",
    dilated(
      [2, 2],
      [
        [0, 0],
        [0, 0],
      ],
    ),
    [rand([1, 2, 5, 5], 13), rand([3, 2, 1, 1], 14)],
    ...tol,
  );
  agree(
    "mixed layouts",
    dilated(
      [2, 1],
      [
        [1, 1],
        [2, 0],
      ],
      { dimensionNumbers: ["NHWC", "OIHW", "NCHW"] },
    ),
    [rand([3, 5, 9, 8], 15), rand([6, 8, 2, 3], 16)],
    ...tol,
  );
  agree(
    "input gradient of a strided conv",
    (x, w) => vjp((a: NDArray) => lax.convGeneralDilated(a, w, [2, 2], "SAME"), x)[1](jnp.ones([2, 4, 5, 5]))[0],
    [rand([2, 3, 9, 9], 17), rand([4, 3, 3, 3], 18)],
    ...tol,
  );
  // A stride-2 conv_transpose in 2-D is four convolutions of the undilated input, a quarter of the work each.
  const program = jit((x: NDArray, w: NDArray) => lax.convTranspose(x, w, [2, 2], "SAME"))
    .lower(rand([1, 6, 6, 2], 19), rand([3, 3, 2, 2], 20))
    .compile()
    .asText();
  if (defaultBackend() === "wasm") {
    assert.equal(program.match(/conv_general_dilated/g)?.length, 4, program);
    // Kernels: the four strided slices of the filter, and the interleave, which stores the output itself (its reshape is no copy).
    assert.equal(program.match(/kernel\[/g)?.length, 5, program);
  }
});

test("1-D float32 convs of one or two output channels per group, computed directly, equal the js reference kernel", () => {
  const conv =
    (opts: Parameters<typeof lax.convGeneralDilated>[4], padding: Parameters<typeof lax.convGeneralDilated>[3]) =>
    (x: NDArray, w: NDArray) =>
      lax.convGeneralDilated(x, w, [1], padding, opts);
  // Output lengths around the 16- and 4-output blocks and the scalar tail.
  for (const n of [1, 3, 4, 15, 16, 17, 37, 1000]) {
    agree(`convolve full, ${n} points`, (x, k) => jnp.convolve(x, k), [rand([n], n), rand([5], n + 1)], 1e-5, 1e-5, true);
    agree(`correlate valid, ${n + 30} points`, (x, k) => jnp.correlate(x, k), [rand([n + 30], n), rand([31], n + 2)], 1e-5, 1e-5, true);
  }
  agree(
    "batch, channels summed, two outputs, rhs dilation",
    conv({ rhsDilation: [3] }, [[2, 4]]),
    [rand([3, 4, 50], 1), rand([2, 4, 5], 2)],
    1e-5,
    1e-5,
    true,
  );
  agree("negative and large padding", conv({}, [[-3, 9]]), [rand([2, 1, 40], 3), rand([1, 1, 7], 4)], 1e-5, 1e-5, true);
  agree("padding past the input", conv({}, [[60, -50]]), [rand([1, 1, 40], 3), rand([1, 1, 7], 4)], 1e-5, 1e-5, true);
  agree(
    "feature groups of two outputs, channels innermost in the input",
    conv({ featureGroupCount: 3, dimensionNumbers: ["NWC", "OIW", "NCW"] }, "SAME"),
    [rand([2, 33, 6], 5), rand([6, 2, 4], 6)],
    1e-5,
    1e-5,
    true,
  );
});
