// Ports of the dtype-promotion, reduction, linalg and product programs in
// scripts/gen_programs_goldens.py.
import { grad, jnp, jvp, scipy, type NDArray } from "../../../src/index.ts";
import type { Rec } from "./rec.ts";

const i32 = (x: unknown) => jnp.array(x as number[], { dtype: "int32" });
const J = jnp as any;

export function promotion(o: Rec): void {
  const i8 = jnp.array([1, -2], { dtype: "int8" });
  const u8 = jnp.array([200, 3], { dtype: "uint8" });
  o("i8_u8", i8.add(u8));
  o("bool_int", jnp.array([true, false]).add(i32([1, 2])));
  o("bool_bool", jnp.array([true, false]).add(jnp.array([true, true])));
  o("f16_i32", jnp.array([1.5], { dtype: "float16" }).mul(i32([3])));
  o("f16_py", jnp.array([1.5], { dtype: "float16" }).mul(2.0));
  o("i32_py_float", i32([1, 2]).mul(2.5));
  o("u8_py_int", u8.add(100));
  o("i8_weak", i8.mul(3));
  o("list_mixed", jnp.array([1, 2.5]));
  o("list_ints", i32([1, 2]));
  o("list_bool", jnp.array([1, 1], { dtype: "int32" }));
  o("py_scalar_arr", jnp.asarray(3.0));
  o("weak_sum", jnp.asarray(3.0).add(1));
  o("u32_i32", jnp.array([1], { dtype: "uint32" }).add(i32([1])));
  o("u32_f16", jnp.array([1], { dtype: "uint32" }).add(jnp.array([1], { dtype: "float16" })));
  o("bf16_f16", jnp.array([1], { dtype: "bfloat16" }).add(jnp.array([1], { dtype: "float16" })));
  o("i8_f16", String(jnp.array([1], { dtype: "int8" }).add(jnp.array([1], { dtype: "float16" })).dtype));
  o("true_div_int", i32([3, 4]).div(i32([2, 2])));
  o("floordiv_neg", i32([-7, 7]).floorDiv(2));
  o("mod_neg", jnp.array([-7.5, 7.5]).mod(2));
  o("int_pow", i32([2, 3]).pow(3));
  o("result_type", String(jnp.resultType(jnp.int8, jnp.uint16)));
  o("promote_types", String(jnp.promoteTypes(jnp.int16, jnp.float16)));
  o("astype_trunc", jnp.array([-1.7, 2.9, 300.0]).astype(jnp.int8));
  o("astype_u8", jnp.array([-1.0, 255.5]).astype(jnp.uint8));
  o.raises("overflow_weak", () => jnp.array([1], { dtype: "int8" }).add(1000));
  // Weak types of results built with JAX's _const (weak only beside a weak scalar) and asarray/convert (strong).
  o("heaviside_int", jnp.heaviside(jnp.array([-1, 0, 2], { dtype: "int32" }), 0.5));
  o("heaviside_scalar", jnp.heaviside(2, 0.5));
  o("angle_scalar", jnp.angle(2.5));
  o("nan_to_num_scalar", jnp.nanToNum(2.5));
  o("gcd_bool", jnp.gcd(jnp.array([true, false]), 2));
  o("bool_div_weak", jnp.array([true, false]).div(2));
  o("bool_arctan2_weak", jnp.arctan2(jnp.array([true, false]), 2));
  o("int8_wrap", jnp.array([1], { dtype: "int8" }).add(1000));
  o("where_weak", jnp.where(jnp.array([true, false]), 1, 2.5));
  o("where_dtype", jnp.where(jnp.array([true, false]), jnp.array([1], { dtype: "int8" }), 0));
  o("sum_i8", jnp.sum(jnp.array([100, 100], { dtype: "int8" })));
  o("sum_bool", jnp.sum(jnp.array([true, true, false])));
  o("mean_int", jnp.mean(i32([1, 2])));
  o("cumsum_u8", jnp.cumsum(jnp.array([200, 100], { dtype: "uint8" })));
  o("float16_vals", jnp.array([0.1, 65504, 70000, 1e-8], { dtype: "float16" }));
}

export function reductions(o: Rec): void {
  const x = jnp.arange(24, { dtype: "float32" }).reshape([2, 3, 4]).sub(10);
  o("sum_axes", jnp.sum(x, [0, 2]));
  o("sum_keep", jnp.sum(x, [0, 2], { keepdims: true }));
  o("sum_where", J.sum(x, null, { where: x.gt(0) }));
  o("sum_where_axis", J.sum(x, 1, { where: x.mod(2).eq(0) }));
  o("mean_where", J.mean(x, -1, { where: x.gt(0) }));
  o("max_initial", J.max(x, 0, { initial: 5.0 }));
  o("max_where", J.max(x, 2, { where: x.lt(0), initial: -100.0 }));
  o("min_neg_axis", jnp.min(x, -2));
  o(
    "prod",
    jnp.prod(
      i32([
        [1, 2],
        [3, 4],
      ]),
      0,
    ),
  );
  o("argmax_keep", jnp.argmax(x, 1, { keepdims: true }));
  o("argmin_flat", jnp.argmin(x));
  o("var_ddof", jnp.var(x, [1, 2], { ddof: 1 }));
  o("std", jnp.std(x));
  o("all_any", [jnp.all(x.gt(-11)), jnp.any(x.gt(13), 0)]);
  o("count_nonzero", jnp.countNonzero(x.gt(0), 2));
  o("nanmean", jnp.nanmean(jnp.array([1.0, NaN, 3.0])));
  o(
    "nanmax",
    jnp.nanmax(
      jnp.array([
        [NaN, 2.0],
        [NaN, NaN],
      ]),
      1,
    ),
  );
  o("max_nan", jnp.max(jnp.array([1.0, NaN, 3.0])));
  o("argmax_nan", jnp.argmax(jnp.array([1.0, NaN, 3.0])));
  o("median", jnp.median(x, 1));
  o("quantile", jnp.quantile(jnp.arange(10, { dtype: "float32" }), jnp.array([0.1, 0.5, 0.95])));
  o("average_w", J.average(x, 2, { weights: jnp.array([1.0, 2.0, 3.0, 4.0]) }));
  o("ptp", jnp.ptp(x, 1));
  o("empty_sum", jnp.sum(jnp.zeros([0, 3]), 0));
  o("empty_mean", jnp.mean(jnp.zeros([0])));
  o.raises("empty_max", () => jnp.max(jnp.zeros([0])));
  o("logsumexp", scipy.special.logsumexp(x, [0, 1]));
  // var/std over masked elements, the array API's correction, and a correction past the count (NaN).
  const v = jnp.array([
    [1.0, 2.0, 4.0, 8.0],
    [3.0, -1.0, 0.5, 2.0],
  ]);
  const mask = jnp.array([
    [true, false, true, true],
    [false, true, true, false],
  ]);
  o("var_where", jnp.var(v, 1, { where: mask }));
  o("std_where_keep", jnp.std(v, 0, { where: mask, keepdims: true }));
  o("var_correction", jnp.var(v, 1, { correction: 1 }));
  o("var_ddof_past_count", jnp.var(v, 1, { ddof: 5 }));
  o.raises("var_ddof_and_correction", () => jnp.var(v, undefined, { ddof: 1, correction: 1 }));
  // The nan reductions take where (and nanmax/nanmin initial, which an all-NaN slice then gives).
  const nx = jnp.array([
    [1.0, NaN, 3.0, 4.0],
    [NaN, NaN, 2.0, -1.0],
  ]);
  const nw = jnp.array([
    [true, true, false, true],
    [true, true, true, false],
  ]);
  o("nansum_where", jnp.nansum(nx, 1, { where: nw }));
  o("nanmean_where", jnp.nanmean(nx, 1, { where: nw }));
  o("nanmax_where_initial", jnp.nanmax(nx, 1, { where: nw, initial: -10.0 }));
  o("nanmin_initial", jnp.nanmin(nx, 0, { initial: 0.0 }));
  o.raises("nanmax_where_no_initial", () => jnp.nanmax(nx, 1, { where: nw }));
}

export function linalg(o: Rec): void {
  const A = jnp.array([
    [4.0, 1.0, 2.0],
    [1.0, 3.0, 0.5],
    [2.0, 0.5, 5.0],
  ]);
  const b = jnp.array([1.0, 2.0, 3.0]);
  const B = jnp.array([
    [1.0, 2.0],
    [0.0, 1.0],
    [3.0, -1.0],
  ]);
  const L = jnp.linalg;
  o("solve", L.solve(A, b));
  o("solve_mat", L.solve(A, B));
  o("inv", L.inv(A));
  o("det", L.det(A));
  const sd = L.slogdet(A.neg());
  o("slogdet.sign", sd.sign);
  o("slogdet.logabsdet", sd.logabsdet);
  o("cholesky", L.cholesky(A));
  const [w, v] = L.eigh(A);
  o("eigh_w", w);
  o("eigh_recon", v.mul(w).matmul(v.T));
  o("eigh_abs_v", jnp.abs(v), 1e-4);
  const [q, r] = L.qr(B) as NDArray[];
  o("qr_shapes", [q.shape, r.shape]);
  o("qr_recon", q.matmul(r));
  o("qr_abs_r", jnp.abs(r));
  o("qr_complete_shape", (L.qr(B, { mode: "complete" }) as NDArray[])[0].shape);
  const sv = L.svd(B, { computeUv: false });
  o("svd_s", sv);
  const [u, s2, vh] = L.svd(B, { fullMatrices: false }) as NDArray[];
  o("svd_recon", u.mul(s2).matmul(vh));
  o(
    "svd_full_shapes",
    (L.svd(B) as NDArray[]).map((a) => a.shape),
  );
  const [x, res, rank, sv2] = L.lstsq(B, jnp.array([1.0, 2.0, 0.0]));
  o("lstsq", [x, res, rank, sv2]);
  o("pinv", L.pinv(B));
  o(
    "matrix_rank",
    L.matrixRank(
      jnp.array([
        [1.0, 2.0],
        [2.0, 4.0],
      ]),
    ),
  );
  const v3 = jnp.array([3.0, -4.0, 0.0]);
  const pyName = (x: unknown) => (x === null ? "None" : x === Infinity ? "inf" : x === -Infinity ? "-inf" : String(x));
  for (const ordv of [null, 0, 1, 2, Infinity, -Infinity, 3, -1]) o(`vnorm_${pyName(ordv)}`, L.norm(v3, { ord: ordv as any }));
  for (const ordm of [null, "fro", "nuc", 1, -1, 2, -2, Infinity, -Infinity]) o(`mnorm_${pyName(ordm)}`, L.norm(B, { ord: ordm as any }));
  o("norm_axis_keep", L.norm(B, { axis: 0, keepdims: true }));
  o("batched_solve", L.solve(jnp.stack([A, A.mul(2)]), jnp.stack([b, b]).get("...", null)));
  o.raises("batched_solve_vec", () => L.solve(jnp.stack([A, A.mul(2)]), jnp.stack([b, b])));
  o(
    "matrix_power",
    L.matrixPower(
      jnp.array([
        [1.0, 1.0],
        [1.0, 0.0],
      ]),
      5,
    ),
  );
  o("grad_logdet", grad((a: NDArray) => L.slogdet(a)[1])(A));
  // slogdet by QR, and slogdet's custom_jvp (d log|det| = tr(a⁻¹ da)) on each path: 2×2 closed form, LU, QR.
  const sq = L.slogdet(A.neg(), { method: "qr" });
  o("slogdet_qr.sign", sq.sign);
  o("slogdet_qr.logabsdet", sq.logabsdet);
  const A2 = jnp.array([
    [2.0, 1.0],
    [3.0, 4.0],
  ]);
  o("grad_logdet_2x2", grad((a: NDArray) => L.slogdet(a)[1])(A2));
  o("grad_logdet_qr", grad((a: NDArray) => L.slogdet(a, { method: "qr" })[1])(A));
  o("jvp_slogdet", (jvp((a: NDArray) => L.slogdet(a)[1], [A], [jnp.onesLike(A)]) as unknown as NDArray[])[1]);
  o.raises("slogdet_bad_method", () => L.slogdet(A, { method: "svd" as "qr" }));
  o("multi_dot", L.multiDot([A, B, B.T]));
}

export function products(o: Rec): void {
  const a = jnp.arange(6, { dtype: "float32" }).reshape([2, 3]);
  const b = jnp.arange(12, { dtype: "float32" }).reshape([3, 4]);
  const c = jnp.arange(24, { dtype: "float32" }).reshape([2, 3, 4]);
  o("einsum_mm", jnp.einsum("ij,jk->ik", a, b));
  o("einsum_batch", jnp.einsum("bij,bjk->bik", c.reshape([2, 4, 3]), c));
  o("einsum_trace", jnp.einsum("ii", jnp.arange(9, { dtype: "float32" }).reshape([3, 3])));
  o("einsum_diag", jnp.einsum("ii->i", jnp.arange(9, { dtype: "float32" }).reshape([3, 3])));
  o("einsum_outer", jnp.einsum("i,j->ij", jnp.arange(3, { dtype: "float32" }), jnp.arange(2, { dtype: "float32" })));
  o("einsum_ellipsis", jnp.einsum("...ij->...ji", c).shape);
  o("einsum_implicit", jnp.einsum("ij,jk", a, b));
  o("einsum_sum", jnp.einsum("ijk->", c));
  o("einsum_3", jnp.einsum("ij,jk,kl->il", a, b, b.T));
  o("tensordot_int", jnp.tensordot(c, b, 2).shape);
  o(
    "tensordot_pairs",
    jnp.tensordot(c, a, [
      [0, 1],
      [0, 1],
    ]),
  );
  o("tensordot_0", jnp.tensordot(jnp.arange(2, { dtype: "float32" }), jnp.arange(3, { dtype: "float32" }), 0));
  o("matmul_1d_3d", jnp.matmul(jnp.arange(3, { dtype: "float32" }), c));
  o("matmul_bcast", jnp.ones([5, 1, 2, 3]).matmul(jnp.ones([4, 3, 2])).shape);
  o("matmul_3d_1d", c.matmul(jnp.arange(4, { dtype: "float32" })));
  o("dot_int", jnp.dot(i32([1, 2]), i32([3, 4])));
  o("dot_int8", jnp.dot(jnp.array([100, 100], { dtype: "int8" }), jnp.array([2, 2], { dtype: "int8" })));
  o("vdot", jnp.vdot(a, a));
  o("inner", jnp.inner(a, a));
  o("outer", jnp.outer(jnp.arange(2), jnp.arange(3, { dtype: "float32" })));
  o(
    "kron",
    jnp.kron(
      jnp.eye(2),
      jnp.array([
        [1.0, 2.0],
        [3.0, 4.0],
      ]),
    ),
  );
  o("cross", jnp.cross(jnp.array([1.0, 0.0, 0.0]), jnp.array([0.0, 1.0, 0.0])));
  o.raises("matmul_mismatch", () => a.matmul(a));
  o.raises("einsum_bad", () => jnp.einsum("ij,jk->ik", a, a));
  // Booleans: products are logical (any of the ands), square and power count in int32, round refuses them.
  const bm = jnp.array([
    [true, false],
    [true, true],
  ]);
  o("matmul_bool", jnp.matmul(bm, bm));
  o("dot_bool", jnp.dot(jnp.array([true, false]), jnp.array([false, true])));
  o("tensordot_bool", jnp.tensordot(bm, bm, 1));
  o("square_bool", jnp.square(jnp.array([true, false])));
  o("power_bool", jnp.power(jnp.array([true, false]), 3));
  o("power_bool_bool", jnp.power(jnp.array([true, false]), jnp.array([false, true])));
  o.raises("round_bool", () => jnp.round(jnp.array([true])));
}
