// Ports of the sorting, cumulative, fft, shape, creation, numeric-edge and
// lax programs in scripts/gen_programs_goldens.py.
import { inspect } from "node:util";
import { grad, jit, jnp, lax, type NDArray } from "../../../src/index.ts";
import type { Rec } from "./rec.ts";

const i32 = (x: unknown) => jnp.array(x as number[], { dtype: "int32" });
const J = jnp as any;
const s = jnp.s;

export function sorting(o: Rec): void {
  const x = i32([3, 1, 2, 1, 3, 0, 2]);
  o("sort", jnp.sort(x));
  o("argsort_stable", jnp.argsort(x));
  o("argsort_desc", jnp.argsort(x, -1, { descending: true }));
  o("sort_desc", jnp.sort(x, -1, { descending: true }));
  const f = jnp.array([2.0, NaN, -1.0, Infinity, -0.0, 0.0]);
  o("sort_nan", jnp.sort(f));
  o("argsort_nan", jnp.argsort(f));
  const m = i32([
    [3, 1, 2],
    [0, 5, 4],
  ]);
  o("sort_axis0", jnp.sort(m, 0));
  o("sort_none", jnp.sort(m, null));
  o("unique", jnp.unique(x));
  const [vals, idx, inv, counts] = jnp.unique(x, { returnIndex: true, returnInverse: true, returnCounts: true }) as NDArray[];
  o("unique_all", [vals, idx, inv, counts]);
  o("unique_size", jnp.unique(x, { size: 6, fillValue: -1 }));
  o(
    "unique_2d_axis",
    jnp.unique(
      i32([
        [1, 2],
        [0, 1],
        [1, 2],
      ]),
      { axis: 0 },
    ),
  );
  const sv = jnp.array([1.0, 2.0, 2.0, 3.0, 5.0]);
  o("searchsorted_left", jnp.searchsorted(sv, jnp.array([2.0, 0.0, 6.0, 2.5])));
  o("searchsorted_right", jnp.searchsorted(sv, jnp.array([2.0, 0.0, 6.0, 2.5]), { side: "right" }));
  o("lexsort", jnp.lexsort([i32([1, 0, 1, 0]), i32([2, 2, 1, 1])]));
  o("topk", lax.topK(jnp.array([1.0, 5.0, 3.0, 5.0]), 2));
  o("partition_kth", jnp.sort(jnp.partition(i32([5, 1, 4, 2, 3]), 2).get(s(null, 2))));
  o("argpartition_kth", jnp.argpartition(i32([5, 1, 4, 2, 3]), 2).get(2));
  o("bincount", jnp.bincount(i32([0, 1, 1, 3]), { length: 5 }));
  o("digitize", jnp.digitize(jnp.array([0.5, 1.5, 3.0]), jnp.array([1.0, 2.0, 3.0])));
  o("nonzero", jnp.nonzero(i32([0, 3, 0, 4])));
  o(
    "argwhere",
    jnp.argwhere(
      i32([
        [0, 1],
        [1, 0],
      ]),
    ),
  );
  o("isin", jnp.isin(i32([1, 2, 3]), i32([2, 3, 4])));
  o("setdiff", jnp.setdiff1d(i32([1, 2, 3, 4]), i32([2, 4])));
  o("union", jnp.union1d(i32([3, 1]), i32([2, 1])));
  o("intersect", jnp.intersect1d(i32([3, 1, 2]), i32([2, 1, 5])));
}

export function cumulative(o: Rec): void {
  const x = jnp.arange(1, 7).reshape([2, 3]);
  o("cumsum_flat", jnp.cumsum(x));
  o("cumsum_ax1", jnp.cumsum(x, 1));
  o("cumprod_ax0", jnp.cumprod(x, 0));
  o("cumsum_bool", jnp.cumsum(jnp.array([true, true, false])));
  o("cumsum_i8", jnp.cumsum(jnp.array([100, 100], { dtype: "int8" })));
  o("cumsum_dtype", J.cumsum(x, undefined, { dtype: jnp.float32 }));
  o("cummax", lax.cummax(jnp.array([1.0, 3.0, 2.0, 5.0, 4.0])));
  o("cummin_rev", lax.cummin(jnp.array([3.0, 1.0, 2.0]), 0, { reverse: true }));
  o("cumlogsumexp", lax.cumlogsumexp(jnp.array([0.0, 1.0, 2.0])));
  o("nancumsum", jnp.nancumsum(jnp.array([1.0, NaN, 2.0])));
  o("cumulative_sum_init", jnp.cumulativeSum(i32([1, 2, 3]), { includeInitial: true }));
  o("diff", jnp.diff(i32([1, 4, 9, 16])));
  o("diff_n2", jnp.diff(jnp.array([1.0, 4.0, 9.0, 16.0]), { n: 2 }));
  o("ediff1d", jnp.ediff1d(i32([1, 3, 6]), { toBegin: 0 }));
  o("trapezoid", jnp.trapezoid(jnp.array([1.0, 2.0, 3.0]), { dx: 0.5 }));
  o("grad_cumsum", grad((v: NDArray) => jnp.sum(jnp.cumsum(v).pow(2)))(jnp.array([1.0, 2.0, 3.0])));
  o("grad_cumprod", grad((v: NDArray) => jnp.sum(jnp.cumprod(v)))(jnp.array([1.0, 2.0, 3.0])));
  o("assoc_scan", lax.associativeScan(jnp.add, jnp.arange(1, 6, { dtype: "float32" })));
  o(
    "assoc_scan_tree",
    lax.associativeScan((a: NDArray[], b: NDArray[]) => [a[0].mul(b[0]), a[1].add(b[1])], [jnp.array([1.0, 2.0, 3.0]), i32([1, 1, 1])]),
  );
}

export function fft(o: Rec): void {
  const x = jnp.array([1.0, 2.0, 0.0, -1.0, 3.0, 0.5]);
  const X = jnp.fft.fft(x);
  o("fft", X);
  o("ifft_roundtrip", jnp.real(jnp.fft.ifft(X)));
  o("rfft", jnp.fft.rfft(x));
  o("irfft", jnp.fft.irfft(jnp.fft.rfft(x), { n: 6 }));
  o("fft_n", jnp.fft.fft(x, { n: 8 }));
  o("fft_ortho", jnp.fft.fft(x, { norm: "ortho" }));
  const m = jnp.arange(12, { dtype: "float32" }).reshape([3, 4]);
  o("fft2", jnp.fft.fft2(m));
  o("rfft2_shape", jnp.fft.rfft2(m).shape);
  o("fftfreq", jnp.fft.fftfreq(6, { d: 0.5 }));
  o("rfftfreq", jnp.fft.rfftfreq(6));
  o("fftshift", jnp.fft.fftshift(jnp.arange(6)));
  o("ifftshift", jnp.fft.ifftshift(jnp.arange(5)));
  o(
    "power",
    jnp
      .abs(
        jnp.fft.rfft(
          jnp.sin(
            jnp
              .arange(8)
              .mul(2 * Math.PI)
              .div(8),
          ),
        ),
      )
      .pow(2),
    1e-4,
  );
  o("grad_fft", grad((v: NDArray) => jnp.sum(jnp.abs(jnp.fft.fft(v)).pow(2)))(x));
  o("complex_repr", inspect(lax.complex(jnp.array([1, 0]), jnp.array([2, -0.5]))));
  o("complex_ops", [
    jnp.abs(lax.complex(jnp.array([3]), jnp.array([4]))),
    jnp.angle(lax.complex(jnp.array([0]), jnp.array([1]))),
    jnp.conj(lax.complex(jnp.array([1]), jnp.array([1]))),
  ]);
}

export function shape_ops(o: Rec): void {
  const a = jnp.arange(6).reshape([2, 3]);
  o("concat_ax1", jnp.concatenate([a, a], 1));
  o("stack_ax_neg", jnp.stack([a, a], -1).shape);
  o("split", jnp.split(jnp.arange(6), [1, 4]));
  o("array_split", jnp.arraySplit(jnp.arange(7), 3));
  o(
    "pad_const",
    jnp.pad(
      a,
      [
        [1, 0],
        [0, 2],
      ],
      { constantValues: -1 },
    ),
  );
  o("pad_edge", jnp.pad(i32([1, 2, 3]), 2, { mode: "edge" }));
  o("pad_reflect", jnp.pad(i32([1, 2, 3]), 2, { mode: "reflect" }));
  o("pad_wrap", jnp.pad(i32([1, 2, 3]), [1, 2], { mode: "wrap" }));
  o("tile", jnp.tile(i32([1, 2]), [2, 2]));
  o("repeat", jnp.repeat(a, 2, 0));
  o("repeat_arr", J.repeat(i32([1, 2, 3]), i32([0, 1, 2]), undefined, { totalRepeatLength: 3 }));
  o("roll", jnp.roll(a, 1));
  o("roll_ax", jnp.roll(a, -1, 1));
  o("flip", jnp.flip(a));
  o("moveaxis", jnp.moveaxis(jnp.zeros([2, 3, 4]), 0, -1).shape);
  o("swapaxes", jnp.swapaxes(a, 0, 1));
  o("expand", jnp.expandDims(a, [0, 3]).shape);
  o("squeeze", jnp.squeeze(jnp.zeros([1, 3, 1])).shape);
  o("reshape_neg", a.reshape([-1, 2]));
  o("ravel_F", jnp.ravel(a, { order: "F" }));
  o(
    "pad_symmetric_2d",
    jnp.pad(
      jnp.arange(6, { dtype: "float32" }).reshape([2, 3]),
      [
        [1, 1],
        [2, 0],
      ],
      { mode: "symmetric" },
    ),
  );
  o("pad_grad", grad((v: NDArray) => jnp.sum(jnp.pad(v, 2, { mode: "reflect" }).pow(2)))(jnp.array([1.0, 2.0, 3.0])));
  // Pads wider than the axis (several reflections or wraps), on both axes, and their gradients.
  const padModes = ["edge", "wrap", "reflect", "symmetric"] as const;
  o(
    "pad_modes_wide",
    padModes.map((mode) =>
      jnp.pad(
        jnp.arange(12, { dtype: "float32" }).reshape([3, 4]),
        [
          [4, 5],
          [7, 2],
        ],
        { mode },
      ),
    ),
  );
  o(
    "pad_modes_grad",
    padModes.map((mode) =>
      grad((v: NDArray) => jnp.sum(jnp.pad(v, [5, 4], { mode }).mul(jnp.arange(13, { dtype: "float32" }))))(
        jnp.array([1.0, 2.0, 3.0, 4.0]),
      ),
    ),
  );
  o("pad_reflect_one", jnp.pad(i32([5]), [2, 3], { mode: "reflect" }));
  o("where_3", jnp.where(a.gt(2), a, a.neg()));
  o("where_1", J.where(a.gt(2)));
  o("take_along", jnp.takeAlongAxis(a, jnp.argsort(a.neg(), 1), 1));
  o("meshgrid", jnp.meshgrid(jnp.arange(2), jnp.arange(3)));
  o("meshgrid_ij", jnp.meshgrid(jnp.arange(2), jnp.arange(3), { indexing: "ij" })[0]);
  o(
    "broadcast_arrays",
    jnp.broadcastArrays(jnp.ones([3, 1]), jnp.ones([4])).map((x) => x.shape),
  );
  o("atleast_2d", (jnp.atleast2d(jnp.array(1.0)) as NDArray).shape);
  o("tril", jnp.tril(jnp.ones([3, 3]), -1));
  o("diag", jnp.diag(i32([1, 2])));
  o("diagonal", jnp.diagonal(jnp.arange(9).reshape([3, 3]), { offset: 1 }));
  o("trace", jnp.trace(jnp.arange(9).reshape([3, 3])));
  o("rot90", jnp.rot90(a));
  o("clip", jnp.clip(jnp.arange(5), 1, 3));
  o("clip_float", jnp.clip(jnp.arange(5), 0.5, 3));
  o.raises("reshape_bad", () => a.reshape([4, 2]));
  o.raises("concat_bad", () => jnp.concatenate([a, jnp.ones([3])]));
  o.raises("add_bad", () => a.add(jnp.ones([4])));
}

export function creation(o: Rec): void {
  o("arange_f", jnp.arange(0, 1, 0.25));
  o("arange_i", jnp.arange(5));
  o("arange_neg", jnp.arange(5, 0, -2));
  o("arange_mixed", jnp.arange(1, 3.5));
  o("linspace", jnp.linspace(0, 1, 5));
  o("linspace_noend", jnp.linspace(0, 1, 4, { endpoint: false }));
  o("linspace_int", jnp.linspace(0, 10, 4, { dtype: jnp.int32 }));
  // Array and traced bounds: samples along a new axis; differentiable in the bounds.
  o(
    "linspace_arrays",
    jnp.linspace(
      jnp.array([0.0, 1.0]),
      jnp.array([
        [1.0, 2.0],
        [3.0, 5.0],
      ]),
      3,
      { axis: 1 },
    ),
  );
  o("linspace_int_bounds", jnp.linspace(jnp.array([1, 2], { dtype: "int32" }), 3, 3, { axis: -1 }));
  o("linspace_jit_grad", jit(grad((t: NDArray) => jnp.sum(jnp.linspace(0.0, t, 5).pow(2))))(2.0));
  o("logspace", jnp.logspace(0, 2, 3));
  o("eye_k", jnp.eye(3, 4, 1));
  o("identity_i", jnp.identity(2, { dtype: jnp.int32 }));
  o("full_int", jnp.full([2], 3, { dtype: "int32" }));
  o("full_float", jnp.full([2], 3.0));
  o("full_like", jnp.fullLike(i32([1, 2]), 2.7));
  o("zeros_like_dt", jnp.zerosLike(jnp.ones([2]), { dtype: jnp.int8 }));
  o("ones_default", jnp.ones([3]));
  o("array_scalar", jnp.array(3, { dtype: "int32" }));
  o("array_float_scalar", jnp.array(3.0));
  o("asarray_bool", jnp.asarray([true, false]));
  o(
    "array_nested",
    jnp.array(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: jnp.float16 },
    ),
  );
  o("tri", jnp.tri(3, 4, 1));
  o("empty_shape", jnp.zeros([0, 2]));
  o("float32_cast", jnp.float32(3));
  o("int32_cast", jnp.int32(3.7));
  o("uint8_arr", jnp.uint8(jnp.array([1.9, 250.0])));
  o("finfo", [jnp.finfo(jnp.float32).eps, jnp.finfo(jnp.float16).max, jnp.finfo(jnp.float32).tiny]);
  o("iinfo", [jnp.iinfo(jnp.int8).min, jnp.iinfo(jnp.uint16).max]);
  o("geomspace", jnp.geomspace(1, 1000, 4));
  o("frombuffer_like", jnp.arange(6, { dtype: "float32" }).reshape([2, 3]).T.copy());
  // Float ranges as JAX computes them: start + step * iota in float32, each operation rounded.
  o("arange_float", [
    jnp.arange(0, 1, 0.1),
    jnp.arange(4.5, -10, -1.91),
    jnp.arange(0.3, 100.0, 7.7),
    jnp.arange(-16.38, -30, -0.3),
    jnp.arange(0, 3, 0.25, { dtype: "float16" }),
  ]);
  o("like_shape", [
    jnp.onesLike(jnp.arange(6, { dtype: "float32" }), { shape: [2, 3] }),
    jnp.zerosLike(jnp.arange(3), { shape: 4 }),
    jnp.fullLike(jnp.arange(2, { dtype: "float32" }), 7.0, { shape: [1, 2] }),
  ]);
  o("array_ndmin", jnp.array([1.0, 2.0], { ndmin: 3 }));
}

export function numeric_edge(o: Rec): void {
  o("div_zero", jnp.array([1.0, -1.0, 0.0]).div(0.0));
  o("int_div_zero", i32([7, -7]).floorDiv(0));
  o("int_mod_zero", i32([7, -7]).mod(0));
  o("sqrt_neg", jnp.sqrt(jnp.array([-1.0])));
  o("log0", jnp.log(jnp.array([0.0, -1.0])));
  o("arctan2", jnp.arctan2(jnp.array([0.0, -0.0, 1.0]), jnp.array([-1.0, -1.0, 0.0])));
  o("maximum_nan", jnp.maximum(jnp.array([NaN, 1.0]), jnp.array([0.0, NaN])));
  o("fmax", jnp.fmax(jnp.array([NaN, 1.0]), jnp.array([0.0, NaN])));
  o("sign", jnp.sign(jnp.array([-2.0, -0.0, 0.0, 3.0, NaN])));
  o("int_overflow", i32([2147483647]).add(1));
  o("abs_intmin", jnp.abs(i32([-2147483648])));
  o("nan_to_num", jnp.nanToNum(jnp.array([NaN, Infinity, -Infinity])));
  o("isclose", jnp.isclose(jnp.array([1.0, NaN]), jnp.array([1.0 + 1e-9, NaN]), { equalNan: true }));
  o("allclose", jnp.allclose(jnp.array([1.0]), jnp.array([1.0001])));
  o("array_equal", jnp.arrayEqual(i32([1, 2]), jnp.array([1.0, 2.0])));
  o("exp_overflow", jnp.exp(jnp.array([100.0])));
  o("expm1_small", jnp.expm1(jnp.array([1e-10])));
  o("log1p_small", jnp.log1p(jnp.array([1e-10])));
  o("logaddexp", jnp.logaddexp(jnp.array([-Infinity, 1000.0]), jnp.array([-Infinity, 1000.0])));
  o("hypot", jnp.hypot(jnp.array([3e30]), jnp.array([4e30])));
  o("float16_overflow", jnp.array([60000.0], { dtype: "float16" }).mul(2));
  o("heaviside", jnp.heaviside(jnp.array([-1.0, 0.0, 1.0]), 0.5));
  o("copysign", jnp.copysign(jnp.array([1.0, 2.0]), jnp.array([-0.0, 1.0])));
  o("divmod", jnp.divmod(i32([-7, 7]), 3));
  o("gcd_lcm", [jnp.gcd(i32([12, 18]), 8), jnp.lcm(i32([4, 6]), 10)]);
  o("float_power", jnp.floatPower(i32([2, 3]), 2));
}

export function lax_ops(o: Rec): void {
  const x = jnp.arange(10, { dtype: "float32" });
  o("dyn_slice_clamp", lax.dynamicSlice(x, [8], [4]));
  o("dyn_update_clamp", lax.dynamicUpdateSlice(x, jnp.array([-1.0, -2.0]), [9]));
  o("dyn_index", lax.dynamicIndexInDim(x.reshape([2, 5]), 1, 0, false));
  o("slice", lax.slice(x, [1], [8], [3]));
  o("pad_interior", lax.pad(jnp.array([1.0, 2.0, 3.0]), 0.0, [[1, 2, 1]]));
  o("pad_negative", lax.pad(jnp.arange(5, { dtype: "float32" }), 0.0, [[-1, 1, 0]]));
  o(
    "dot_general",
    lax.dotGeneral(jnp.ones([2, 3, 4]), jnp.ones([2, 4, 5]), [
      [[2], [1]],
      [[0], [0]],
    ]).shape,
  );
  o("broadcast_in_dim", lax.broadcastInDim(i32([1, 2]), [3, 2], [1]));
  o("iota", lax.iota("int32", 4));
  o("convert", lax.convertElementType(jnp.array([1.7, -1.7]), "int32"));
  o("bitcast", lax.bitcastConvertType(jnp.array([1.0]), "int32"));
  o("shifts", [lax.shiftLeft(i32([1, 3]), 2), lax.shiftRightLogical(i32([-8]), 28), lax.shiftRightArithmetic(i32([-8]), 1)]);
  o("bitwise", [jnp.bitwiseAnd(12, 10), jnp.bitwiseXor(i32([12]), 10), jnp.invert(jnp.array([0], { dtype: "uint8" }))]);
  o("reduce", lax.reduce(jnp.arange(6, { dtype: "float32" }).reshape([2, 3]), 0.0, lax.add, [1]));
  o("reduce_window_sum", lax.reduceWindow(jnp.arange(6, { dtype: "float32" }), 0.0, lax.add, [3], [1], "VALID"));
  o("reduce_window_same", lax.reduceWindow(jnp.arange(5, { dtype: "float32" }), -Infinity, lax.max, [2], [2], "SAME"));
  o("rem", lax.rem(i32([-7, 7]), i32([2, -2])));
  o("integer_pow", lax.integerPow(jnp.array([2.0, -3.0]), 3));
  o("sort_multi", lax.sort([i32([2, 1, 2]), jnp.array([0.0, 1.0, -1.0])], { numKeys: 1 }));
  o("population_count", lax.populationCount(i32([7, 255])));
  o("clz", lax.clz(i32([1, 256])));
  o("nextafter", lax.nextafter(jnp.array([1.0]), jnp.array([2.0])));
  o("round_even", lax.round(jnp.array([0.5, 1.5, 2.5]), lax.RoundingMethod.TO_NEAREST_EVEN));
  o("round_away", lax.round(jnp.array([0.5, 1.5, -2.5])));
  o("jnp_round", jnp.round(jnp.array([0.5, 1.5, 2.5, -0.5])));
  o("round_decimals", jnp.round(jnp.array([1.2345, 2.5551]), 2));
  o(
    "conv_1d",
    lax.convGeneralDilated(jnp.arange(8, { dtype: "float32" }).reshape([1, 1, 8]), jnp.ones([2, 1, 3]), [2], [[1, 1]], {
      rhsDilation: [2],
    }),
  );
  const lhs = jnp.arange(32, { dtype: "float32" }).reshape([1, 4, 4, 2]);
  const rhs = jnp.ones([3, 3, 1, 4]);
  o(
    "conv_nhwc_groups",
    lax.convGeneralDilated(lhs, rhs, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"], featureGroupCount: 2 }),
  );
}
