// Ports of the edge-case programs in scripts/gen_programs_goldens.py (zero-size arrays).
import { grad, jit, jnp, lax, nn, random, scipy, vmap, type NDArray } from "../../../src/index.ts";
import type { Rec } from "./rec.ts";

export function empty_arrays(o: Rec): void {
  const f32 = (shape: number[]) => jnp.zeros(shape, { dtype: "float32" });
  const e0 = f32([0]);
  const e03 = f32([0, 3]);
  const e30 = f32([3, 0]);
  const i0 = jnp.zeros([0], { dtype: "int32" });
  const a = jnp.arange(6).astype("float32").reshape([2, 3]);
  o("reductions", [jnp.sum(e0), jnp.prod(e0), jnp.mean(e0), jnp.var(e0), jnp.std(e30, 1), jnp.any(e0.gt(0)), jnp.all(e0.gt(0))]);
  o("axis_reductions", [jnp.sum(e03, 0), jnp.sum(e03, 1), jnp.mean(e03, 0), jnp.max(e03, 1), jnp.argmin(e03, 1)]);
  o("initial", [
    jnp.max(e0, null, { initial: -1.0 }),
    jnp.min(i0, null, { initial: 5 }),
    jnp.mean(a, null, { where: jnp.zeros([2, 3], { dtype: "bool" }) }),
  ]);
  o.raises("max_empty", () => jnp.max(e0));
  o.raises("argmax_empty", () => jnp.argmax(e30, 1));
  o("cumulative", [jnp.cumsum(e0), jnp.cumsum(e03, 1), jnp.cumprod(e30, 0), lax.cumsum(e0, 0, { reverse: true })]);
  o("sorting", [jnp.sort(e0), jnp.argsort(e0), jnp.sort(e30, 1), jnp.unique(e0), lax.topK(e30, 0)[0]]);
  o("products", [
    jnp.matmul(e30, e03),
    jnp.matmul(e03, jnp.ones([3, 2])),
    jnp.dot(e0, e0),
    jnp.outer(e0, jnp.ones([3])),
    jnp.einsum("ij,jk->ik", e30, e03),
  ]);
  o("shapes", [
    jnp.concatenate([e03, jnp.ones([2, 3])]),
    jnp.stack([e03, e03]),
    e03.reshape([3, 0, 5]),
    e03.T,
    jnp.pad(
      e03,
      [
        [1, 1],
        [0, 0],
      ],
      { constantValues: 5 },
    ),
    jnp.tile(e0, 3),
    jnp.repeat(jnp.arange(3).astype("float32"), 0),
  ]);
  o("creation", [
    jnp.linspace(0, 1, 0),
    jnp.arange(5, 2),
    jnp.eye(0),
    jnp.full([0, 2], 3.0),
    jnp.arraySplit(jnp.arange(2).astype("float32"), 3)[2],
  ]);
  o("indexing", [
    a.get(jnp.s(), jnp.s(1, 1)),
    a.get(jnp.zeros([2, 3], { dtype: "bool" })),
    jnp.take(a, i0, 1),
    e0.at(i0).set(e0),
    jnp.ones([3]).at(i0).add(e0),
    jnp.nonzero(e0)[0],
    jnp.argwhere(jnp.zeros([2, 3])),
  ]);
  o("searching", [
    jnp.searchsorted(e0, jnp.array([1.0])),
    jnp.searchsorted(jnp.array([1.0, 2.0]), e0),
    jnp.bincount(i0, { length: 3 }),
    jnp.histogram(e0, { bins: 3, range: [0, 1] })[0],
  ]);
  // An empty axis's logsumexp is log(0) = -inf (JAX's max with initial=-inf).
  o("nn", [nn.logsumexp(e0), nn.softmax(e03, 0), scipy.special.logsumexp(e03, 0), jnp.linalg.norm(e0), jnp.nanmean(e0)]);
  o("linalg", [
    jnp.linalg.det(f32([0, 0])),
    jnp.linalg.inv(f32([0, 0])),
    jnp.linalg.solve(f32([0, 0]), f32([0])),
    jnp.linalg.det(f32([0, 3, 3])),
    jnp.linalg.svd(f32([0, 3]), { computeUv: false }),
  ]);
  o("transforms", [
    grad((x: NDArray) => jnp.sum(jnp.sin(x)).add(1.0))(e03),
    jit((x: NDArray) => jnp.exp(x).mul(2).add(1))(e03),
    vmap((r: NDArray) => jnp.sum(r))(e03),
    vmap((r: NDArray) => r.mul(2))(e03),
  ]);
  o("loops", [lax.scan((c: NDArray, x: NDArray) => [c.add(x), c], 1.5, e0), lax.map((x: NDArray) => x.mul(2), e03)]);
  o("ufunc_reduce", [
    jnp.maximum.reduce(e0, { initial: -5.0 }),
    jnp.add.reduce(e03),
    jnp.multiply.reduce(e30, { axis: 1, keepdims: true }),
  ]);
  o("random", [
    random.uniform(random.key(0), [0, 3]),
    random.permutation(random.key(0), 0),
    random.keyData(random.split(random.key(0), 0)),
  ]);
}

export function scipy_linalg_complex(o: Rec): void {
  // jax.scipy.linalg on complex (Hermitian) inputs: conjugate transposes where JAX takes them.
  const sl = scipy.linalg;
  const c = (pairs: [number, number][], shape: number[]) =>
    lax.complex(jnp.array(pairs.map((p) => p[0])), jnp.array(pairs.map((p) => p[1]))).reshape(shape);
  const h = c(
    [
      [4, 0],
      [1, 1],
      [0, 0.5],
      [1, -1],
      [3, 0],
      [0.25, 0],
      [0, -0.5],
      [0.25, 0],
      [2, 0],
    ],
    [3, 3],
  );
  const b = c(
    [
      [1, 0],
      [0, 1],
      [0, 1],
      [2, 0],
      [0.5, 0],
      [-1, 0],
    ],
    [3, 2],
  );
  o("cholesky", [sl.cholesky(h), sl.cholesky(h, { lower: true })]);
  o("cho_solve", [sl.choSolve(sl.choFactor(h), b), sl.choSolve(sl.choFactor(h, { lower: true }), b)]);
  o("lu", sl.lu(h));
  o("lu_solve", [sl.luSolve(sl.luFactor(h), b), sl.luSolve(sl.luFactor(h), b, { trans: 2 })]);
  o(
    "solve_triangular",
    ([0, 1, 2] as const).flatMap((t) => [false, true].map((lower) => sl.solveTriangular(h, b, { trans: t, lower }))),
  );
  o("eigh", sl.eigh(h, { eigvalsOnly: true }));
  o("eigh_vectors", jnp.abs((sl.eigh(h) as NDArray[])[1]));
  o("expm", [sl.expm(h.mul(0.3)), (sl.expmFrechet(h.mul(0.3), h.mul(0.1)) as NDArray[])[1]]);
  o(
    "companion",
    sl.companion(
      c(
        [
          [1, 0],
          [0, 2],
          [3, 0],
        ],
        [3],
      ),
    ),
  );
  o(
    "eigh_tridiagonal",
    sl.eighTridiagonal(
      c(
        [
          [1, 0],
          [2, 0],
          [3, 0],
        ],
        [3],
      ),
      c(
        [
          [0, 1],
          [0.5, 0],
        ],
        [2],
      ),
      { eigvalsOnly: true },
    ),
  );
  // The Householder primitives on complex matrices (LAPACK's zgeqrf, zungqr, zgehrd).
  const a = c(
    [
      [2, 0.5],
      [1, -1],
      [-1, 0],
      [0.5, 1],
      [3, 0.2],
      [1, -0.3],
      [1, 0],
      [-2, 1],
      [4, 0.5],
      [0, 2],
      [1, 0],
      [1, -1],
    ],
    [4, 3],
  );
  const [g, taus] = lax.linalg.geqrf(a);
  o("geqrf", [g, taus, lax.linalg.householderProduct(g, taus)], 1e-4);
  o("hessenberg", [lax.linalg.hessenberg(h), sl.hessenberg(h, { calcQ: true })], 1e-4);
}

export function binning(o: Rec): void {
  // linspace between array bounds and histogram's edges, bit for bit as XLA computes them
  // (values landing on bin edges are counted in JAX's bins).
  const [a, b] = [jnp.array(-0.5), jnp.array(2.0)];
  o(
    "linspace_arrays",
    [2, 3, 11, 34, 35, 50].map((n) => jnp.linspace(a, b, n)),
  );
  o("linspace_jit", jit((lo: NDArray, hi: NDArray) => jnp.linspace(lo, hi, 21))(jnp.array(-1.3), jnp.array(2.7)));
  o("linspace_vector_bounds", jnp.linspace(jnp.array([0.0, -1.0]), jnp.array([1.0, 3.3]), 7, { axis: 1 }));
  o("linspace_grad", grad((lo: NDArray) => jnp.sum(jnp.linspace(lo, 2.0, 5).mul(jnp.arange(5))))(jnp.array(-0.5)));
  o("logspace_arrays", jnp.logspace(jnp.array(0.0), jnp.array(1.3), 6));
  const data = jnp.array([1.0, -0.5, 2.0, 0.25, 0.3, 1.7, 0.7, 1.2, 0.9, 1.5]);
  o("histogram", jnp.histogram(data));
  o(
    "histogram_bins",
    [3, 7, 13, 40].map((k) => jnp.histogram(data, { bins: k })[0]),
  );
  const ints = jnp.array([3.0, -7.0, 12.0, 5.0, 0.0, -2.0, 9.0, 4.0]);
  o(
    "histogram_ints",
    [4, 6, 9, 19].map((k) => jnp.histogram(ints, { bins: k })[0]),
  );
  o("histogram_range", jnp.histogram(data, { bins: 6, range: [0.1, 1.9] }));
  o("histogram_bin_edges", jnp.histogramBinEdges(ints, { bins: 11 }));
  o("histogram2d", jnp.histogram2d(data, jnp.flip(data), { bins: 4 })[0]);
}

export function complex_ops(o: Rec): void {
  // Complex operands through cumulative ops, convolutions, scatters, searches,
  // statistics, logaddexp, logsumexp and the complex normal sampler.
  const c = (pairs: [number, number][]) => lax.complex(jnp.array(pairs.map((p) => p[0])), jnp.array(pairs.map((p) => p[1])));
  const jss = scipy.special;
  const z = c([
    [1, 2],
    [-0.5, 0.3],
    [2, -1],
    [0.25, 0],
  ]);
  const w = c([
    [0.5, -1],
    [3, 4],
    [-1, 0.1],
    [0, 2],
  ]);
  const m = z.reshape([2, 2]);
  const first = (v: NDArray, n: number) => v.get(jnp.s(0, n));
  o("cumulative", [jnp.cumprod(z), jnp.nancumprod(z), lax.cummax(z), lax.cummin(z, 0, { reverse: true }), lax.cumlogsumexp(z)]);
  o("cumprod_grad", grad((v: NDArray) => jnp.real(jnp.sum(jnp.cumprod(v).mul(jnp.arange(1, 5)))))(z));
  o("conv", lax.convGeneralDilated(z.reshape([1, 1, 4]), first(w, 2).reshape([1, 1, 2]), [1], "VALID"));
  o.raises("conv_mixed_dtypes", () => lax.convGeneralDilated(z.reshape([1, 1, 4]), jnp.array([[[1.0, -2.0]]]), [1], "SAME"));
  o("scatter_mul", [z.at(jnp.array([1, 1, 3], { dtype: "int32" })).mul(first(w, 3)), z.at(2).mul(c([[0, 1]]).get(0))]);
  o("searchsorted", jnp.searchsorted(jnp.sort(z), w));
  o("cov", [jnp.cov(m), jnp.corrcoef(m)]);
  o("logaddexp", [jnp.logaddexp(z, w), jnp.logaddexp2(z, w)]);
  o("logaddexp_grad", grad((v: NDArray) => jnp.real(jnp.logaddexp(v, w.get(0))))(z.get(0)));
  o("logsumexp", [nn.logsumexp(z), jss.logsumexp(m, 1), jss.logsumexp(z, undefined, { returnSign: true })]);
  o("xlogy", [jss.xlogy(z, w), jss.xlog1py(z, w)]);
  o("normal", random.normal(random.key(3), [5], { dtype: "complex64" }));
  o("signal", [
    scipy.signal.convolve(z, first(w, 2)),
    scipy.signal.correlate(z, first(w, 3), { mode: "same" }),
    scipy.signal.convolve(z, jnp.array([1.0, -1.0])),
  ]);
  o(
    "poly_matrix",
    [
      jnp.poly(
        jnp.array([
          [2.0, 1, 5],
          [3, 4, 7],
          [1, 3, 5],
        ]),
      ),
      jnp.poly(
        jnp.array([
          [1.0, 2.0],
          [0.5, -1.0],
        ]),
      ),
    ],
    1e-4,
  );
  o.raises("clip", () => jnp.clip(z, 0, 1));
  o.raises("entr", () => jss.entr(z));
}

export function pad_modes(o: Rec): void {
  // Every jnp.pad mode with its options, and einsum's keyword arguments.
  const a = jnp.arange(1, 13).astype("float32").reshape([3, 4]);
  const v = jnp.array([1.0, -2.0, 3.0, 0.5, 4.0]);
  o(
    "constant_pairs",
    jnp.pad(
      a,
      [
        [1, 2],
        [0, 1],
      ],
      {
        constantValues: [
          [7, 8],
          [9, 10],
        ],
      },
    ),
  );
  o("reflect_odd", [
    jnp.pad(v, [3, 2], { mode: "reflect", reflectType: "odd" }),
    jnp.pad(v, [7, 6], { mode: "symmetric", reflectType: "odd" }),
  ]);
  o("reflect_long", [jnp.pad(v, [6, 7], { mode: "symmetric" }), jnp.pad(v, [9, 3], { mode: "reflect" })]);
  o("linear_ramp", [jnp.pad(v, [2, 3], { mode: "linear_ramp", endValues: [5, -1] }), jnp.pad(a, 1, { mode: "linear_ramp" })]);
  o("stats", [
    jnp.pad(v, 2, { mode: "maximum" }),
    jnp.pad(a, 1, { mode: "mean" }),
    jnp.pad(v, [1, 2], { mode: "median", statLength: 3 }),
    jnp.pad(v, [2, 0], { mode: "minimum", statLength: [2, 2] }),
  ]);
  o("stats_int", jnp.pad(jnp.array([1, 2, 4, 7], { dtype: "int32" }), 2, { mode: "mean" }));
  o("empty_shape", jnp.array(jnp.pad(v, 2, { mode: "empty" }).shape, { dtype: "int32" }));
  o("count_nonzero_keepdims", jnp.countNonzero(a.gt(5), 0, { keepdims: true }));
  o(
    "function",
    jnp.pad(v, 2, {
      mode: (vec: NDArray, w: [number, number], _ax: number, kw: Record<string, unknown>) =>
        vec
          .at(jnp.s(0, w[0]))
          .set(-1)
          .at(jnp.s(vec.shape[0] - w[1]))
          .set(kw.fill as number),
      fill: -2.0,
    }),
  );
  o.raises("bad_option", () => jnp.pad(v, 1, { mode: "edge", statLength: 2 }));
  const i8 = jnp.array(
    [
      [100, 100],
      [50, -100],
    ],
    { dtype: "int8" },
  );
  o("einsum_preferred", [
    jnp.einsum("ij,jk->ik", i8, i8, { preferredElementType: "int32" }),
    jnp.einsum("ii", a.get(jnp.s(), jnp.s(0, 3)), { preferredElementType: "float32" }),
  ]);
  const P = { preferredElementType: "int32" } as const;
  const r0 = i8.get(0);
  o("products_preferred", [
    jnp.matmul(i8, i8, P),
    jnp.dot(i8, r0, P),
    jnp.inner(r0, r0, P),
    jnp.vdot(r0, r0, P),
    jnp.tensordot(i8, i8, 1, P),
  ]);
  o("join_dtype", [
    jnp.concatenate([jnp.array([1, 2], { dtype: "int32" }), jnp.array([3.5, 4.5])], 0, { dtype: "int32" }),
    jnp.stack([v, v], 1, { dtype: "float16" }),
    jnp.hstack([v, v], { dtype: "int32" }),
    jnp.vstack([v, v], { dtype: "int32" }),
    jnp.dstack([v, v], { dtype: "int32" }),
  ]);
  o("reduction_dtypes", [
    jnp.std(i8, null, { dtype: "float32" }),
    jnp.var(i8.get(0), null, { dtype: "float16" }),
    jnp.nansum(jnp.array([1.0, Number.NaN]), null, { dtype: "float16" }),
    jnp.nanprod(jnp.array([2.0, Number.NaN]), null, { initial: 3.0 }),
  ]);
  o.raises("round_int_negative_decimals", () => jnp.round(jnp.array([15, 25], { dtype: "int32" }), -1));
  o("array_equal_nan", [
    jnp.arrayEqual(jnp.array([1.0, Number.NaN]), jnp.array([1.0, Number.NaN])),
    jnp.arrayEqual(jnp.array([1.0, Number.NaN]), jnp.array([1.0, Number.NaN]), { equalNan: true }),
  ]);
}

export function array_methods(o: Rec): void {
  // JAX's Array methods beyond the arithmetic ones, each its jnp function on the array.
  const x = jnp.array([
    [3.0, -1.5, 2.25],
    [0.5, 4.0, -2.0],
  ]);
  const i32 = (v: number[]) => jnp.array(v, { dtype: "int32" });
  o("reductions", [x.all(), x.any(1), x.ptp(1), x.cumsum(1), x.cumprod()]);
  o("elementwise", [x.clip(0, 2), x.round(1)]);
  o("sorting", [x.sort(0), x.argsort(), x.argpartition(1, 1).get(jnp.s(), jnp.s(0, 1))]);
  o("selection", [
    x.take(i32([2, 0]), 1),
    x.compress(jnp.array([true, false, true]), 1),
    i32([0, 1, 0]).choose([i32([1, 2, 3]), i32([4, 5, 6])]),
  ]);
  o("shape", [x.swapaxes(0, 1), x.mT, x.diagonal(), x.trace(), x.repeat(2, 0)]);
  o("search", [x.gt(0).nonzero(), jnp.array([1.0, 3.0, 5.0]).searchsorted(4.0)]);
  o("sizes", [x.itemsize, x.nbytes, jnp.ones([3], { dtype: "float16" }).nbytes]);
}
