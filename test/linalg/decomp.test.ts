// jnp.linalg beyond LU/Cholesky/eigh: svd, qr, lstsq, pinv, matrixRank, cond,
// norms and the array-API names, against JAX 0.10.2 goldens; gradients against
// JAX's and against finite differences; jit vs eager, wasm vs js, vmap vs a loop.
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad, jit, jnp, lax, vmap, type NDArray } from "../../src/index.ts";
import { agree } from "../helpers/backends.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";
import { arr, decData, g2 } from "./goldens2.ts";

const L = g2.linalg;
const la = jnp.linalg;
const eyeB = (shape: number[], n: number) => jnp.broadcastTo(jnp.eye(n), [...shape.slice(0, -2), n, n]);
const ordOf = (o: unknown) => (o === "inf" ? Infinity : o === "-inf" ? -Infinity : o) as number | "fro" | "nuc" | null;

test("svd of much taller and wider matrices: the thin factors are the full ones' leading columns and rows", () => {
  // QR (LQ) first, then the small SVD: thin u (vh) comes from the QR's thin factor, not a full m x m product.
  for (const shape of [
    [400, 3],
    [3, 400],
    [150, 7],
  ]) {
    const a = jnp.sin(
      jnp
        .arange(shape[0] * shape[1])
        .reshape(shape)
        .astype("float32")
        .mul(0.37),
    );
    const [u, s, vh] = la.svd(a, { fullMatrices: false });
    const full = la.svd(a);
    const k = Math.min(...shape);
    assert.deepEqual(
      [u.shape, vh.shape],
      [
        [shape[0], k],
        [k, shape[1]],
      ],
    );
    assertClose(u, full.U.get(jnp.arange(shape[0]).reshape([-1, 1]), jnp.arange(k)), 1e-6, 1e-6, `${shape} thin u`);
    assertClose(vh, full.Vh.get(jnp.arange(k).reshape([-1, 1]), jnp.arange(shape[1])), 1e-6, 1e-6, `${shape} thin vh`);
    assertClose(jnp.matmul(jnp.multiply(u, jnp.expandDims(s, 0)), vh), a, 1e-5, 2e-5, `${shape} reconstruction`);
    assertClose(jnp.matmul(jnp.swapaxes(u, 0, 1), u), jnp.eye(k), 1e-5, 1e-5, `${shape} u orthonormal`);
  }
});

test("svd: singular values match JAX; u diag(s) vh reconstructs a; u and vh are orthonormal (thin and full)", () => {
  for (const c of L.svd) {
    const a = arr(c.a);
    const what = `svd ${JSON.stringify(c.a.shape)}`;
    assertClose(la.svd(a, { computeUv: false }), decData(c.s), 1e-5, 1e-5, `${what} s`);
    assertClose(la.svdvals(a), decData(c.s), 1e-5, 1e-5, `${what} svdvals`);
    const [u, s, vh] = la.svd(a, { fullMatrices: false });
    assert.deepEqual([u.shape, vh.shape], [c.u_shape, c.vh_shape], `${what} thin shapes`);
    assertClose(s, decData(c.s), 1e-5, 1e-5, `${what} thin s`);
    assertClose(jnp.matmul(jnp.multiply(u, jnp.expandDims(s, -2)), vh), a, 1e-5, 2e-5, `${what} reconstruction`);
    const k = s.shape[s.ndim - 1];
    assertClose(jnp.matmul(vh, jnp.swapaxes(vh, -1, -2)), eyeB(a.shape, k), 1e-5, 1e-5, `${what} vh orthonormal`);
    const full = la.svd(a);
    assert.deepEqual([full.U.shape, full.Vh.shape], [c.uf_shape, c.vhf_shape], `${what} full shapes`);
    const [m, n] = a.shape.slice(-2);
    assertClose(jnp.matmul(jnp.swapaxes(full.U, -1, -2), full.U), eyeB(a.shape, m), 1e-5, 1e-5, `${what} full u orthogonal`);
    assertClose(jnp.matmul(full.Vh, jnp.swapaxes(full.Vh, -1, -2)), eyeB(a.shape, n), 1e-5, 1e-5, `${what} full vh orthogonal`);
    assertClose(jnp.matmul(jnp.swapaxes(u, -1, -2), u), eyeB(a.shape, k), 1e-5, 1e-5, `${what} thin u orthonormal`);
  }
  // As JAX (LAPACK) on the identity: no sign flips.
  const [u, s, vh] = la.svd(jnp.eye(3));
  assertClose(u, jnp.eye(3), 0, 0, "svd(I) u");
  assertClose(s, [1, 1, 1], 0, 0, "svd(I) s");
  assertClose(vh, jnp.eye(3), 0, 0, "svd(I) vh");
});

test("svd gradients (sign-invariant functions of u, s, vh) match JAX's", () => {
  for (const c of L.svd_grad) {
    const [w1, w2, cc] = [arr(c.w1), arr(c.w2), arr(c.c)];
    const f = (a: NDArray) => {
      const [u, s, vh] = la.svd(a, { fullMatrices: false });
      return jnp.add(
        jnp.add(jnp.sum(jnp.multiply(s, cc)), jnp.sum(jnp.multiply(jnp.multiply(u, u), w1))),
        jnp.sum(jnp.multiply(jnp.multiply(vh, vh), w2)),
      );
    };
    const a = arr(c.a);
    assertClose(f(a), decData(c.value), 1e-4, 1e-4, `svd fn ${JSON.stringify(c.a.shape)}`);
    assertClose(grad(f)(a), decData(c.grad), 2e-3, 2e-3, `svd grad ${JSON.stringify(c.a.shape)}`);
  }
  const g = L.svdvals_grad;
  const w = jnp.arange(1, 4);
  assertClose(
    grad((a: NDArray) => jnp.sum(jnp.multiply(jnp.square(la.svd(a, { computeUv: false })), w)))(arr(g.a)),
    decData(g.grad),
    1e-4,
    1e-4,
    "svdvals grad",
  );
  // JAX has no JVP for full (non-square) matrices.
  assert.throws(() => grad((a: NDArray) => jnp.sum(la.svd(a)[1]))(jnp.ones([3, 2])), /full matrices/);
});

test("qr: q and r equal JAX's (LAPACK Householder signs) in reduced, complete and r modes", () => {
  for (const c of L.qr) {
    const a = arr(c.a);
    const what = `qr ${JSON.stringify(c.a.shape)}`;
    const [q, r] = la.qr(a);
    assertClose(q, decData(c.q), 1e-5, 1e-5, `${what} q`);
    assertClose(r, decData(c.r), 1e-5, 1e-5, `${what} r`);
    assert.deepEqual([q.shape, r.shape], [c.q.shape, c.r.shape]);
    const { Q, R } = la.qr(a, { mode: "complete" });
    assert.deepEqual([Q.shape, R.shape], [c.qc.shape, c.rc.shape]);
    assertClose(Q, decData(c.qc), 1e-5, 1e-5, `${what} complete q`);
    assertClose(R, decData(c.rc), 1e-5, 1e-5, `${what} complete r`);
    assertClose(la.qr(a, { mode: "r" }), decData(c.r_only), 1e-5, 1e-5, `${what} r mode`);
  }
  assert.throws(() => la.qr(jnp.ones([2, 2]), { mode: "bogus" as "r" }), /Unsupported QR decomposition mode/);
});

test("qr gradients match JAX's (reduced, wide, complete, batched)", () => {
  for (const c of L.qr_grad) {
    const [w1, w2] = [arr(c.w1), arr(c.w2)];
    const f = (a: NDArray) => {
      const [q, r] = la.qr(a, { mode: c.mode });
      return jnp.add(jnp.sum(jnp.multiply(q, w1)), jnp.sum(jnp.multiply(r, w2)));
    };
    const a = arr(c.a);
    assertClose(f(a), decData(c.value), 1e-4, 1e-4, `qr fn ${c.mode} ${JSON.stringify(c.a.shape)}`);
    assertClose(grad(f)(a), decData(c.grad), 1e-3, 1e-3, `qr grad ${c.mode} ${JSON.stringify(c.a.shape)}`);
  }
});

test("svd, qr, pinv, lstsq gradients agree with finite differences (float64)", () => {
  const A32 = [
    [0.3, -1.2],
    [2.0, 0.5],
    [-0.7, 1.1],
  ];
  const A33 = [
    [2.0, -0.4, 0.3],
    [0.1, 1.5, -0.8],
    [0.6, 0.2, 1.1],
  ];
  const A23 = [
    [0.3, -1.2, 0.8],
    [2.0, 0.5, -0.1],
  ];
  const sq = (x: NDArray) => jnp.multiply(x, x);
  const cases: Array<[string, (...xs: NDArray[]) => NDArray, number[][][]]> = [
    ["svd s", (a) => la.svd(a, { computeUv: false }), [A32]],
    ["svd s wide", (a) => la.svd(a, { computeUv: false }), [A23]],
    ["svd u^2 thin", (a) => sq(la.svd(a, { fullMatrices: false })[0]), [A32]],
    ["svd vh^2 wide", (a) => sq(la.svd(a, { fullMatrices: false })[2]), [A23]],
    ["svd u^2 square full", (a) => sq(la.svd(a)[0]), [A33]],
    ["qr q", (a) => la.qr(a)[0], [A32]],
    ["qr r", (a) => la.qr(a)[1], [A33]],
    ["qr wide", (a) => jnp.concatenate([la.qr(a)[0], la.qr(a)[1]], 1), [A23]],
    ["qr complete", (a) => la.qr(a, { mode: "complete" })[0], [A32]],
    ["pinv", (a) => la.pinv(a), [A32]],
    ["pinv wide", (a) => la.pinv(a), [A23]],
    ["lstsq", (a, b) => la.lstsq(a, b)[0], [A32, [[1], [2], [-1]]]],
    ["norm 2", (a) => la.norm(a, { ord: 2 }), [A32]],
    ["norm nuc", (a) => la.norm(a, { ord: "nuc" }), [A33]],
    ["cond", (a) => la.cond(a), [A33]],
    ["matrixPower -2", (a) => la.matrixPower(a, -2), [A33]],
    ["tensorinv", (a) => la.tensorinv(a.reshape([3, 3]), 1), [A33]],
  ];
  for (const [name, f, args] of cases) {
    try {
      checkGrads(f, args);
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
  }
  // The SVD's JVP, second order (through its own rule).
  checkGrads((a) => la.svd(a, { computeUv: false }), [A33], { order: 2 });
});

test("lstsq, pinv, matrixRank and cond match JAX", () => {
  for (const c of L.lstsq) {
    const [x, res, rank, sv] = la.lstsq(arr(c.a), arr(c.b), { rcond: c.rcond });
    const what = `lstsq ${JSON.stringify(c.a.shape)} ${JSON.stringify(c.b.shape)}`;
    assert.deepEqual([x.shape, res.shape, rank.shape, sv.shape], [c.x.shape, c.resid.shape, c.rank.shape, c.sv.shape], what);
    assert.equal(rank.dtype, "int32");
    assertClose(x, decData(c.x), 1e-4, 1e-4, `${what} x`);
    assertClose(res, decData(c.resid), 1e-3, 1e-4, `${what} residuals`);
    assertClose(rank, decData(c.rank), 0, 0, `${what} rank`);
    assertClose(sv, decData(c.sv), 1e-5, 1e-5, `${what} sv`);
  }
  const lg = L.lstsq_grad;
  const loss = (a: NDArray, b: NDArray) => jnp.sum(jnp.square(la.lstsq(a, b)[0]));
  assertClose(grad(loss)(arr(lg.a), arr(lg.b)), decData(lg.grad_a), 1e-3, 1e-3, "lstsq grad a");
  assertClose(grad(loss, { argnums: 1 })(arr(lg.a), arr(lg.b)), decData(lg.grad_b), 1e-3, 1e-3, "lstsq grad b");
  for (const c of L.pinv) {
    const a = arr(c.a);
    const what = `pinv ${JSON.stringify(c.a.shape)} hermitian=${c.hermitian}`;
    assertClose(la.pinv(a, { hermitian: c.hermitian }), decData(c.pinv), 1e-4, 1e-4, what);
    assertClose(
      grad((x: NDArray) => jnp.sum(jnp.sin(la.pinv(x, { hermitian: c.hermitian }))))(a),
      decData(c.grad),
      2e-3,
      2e-3,
      `${what} grad`,
    );
  }
  for (const c of L.matrix_rank) {
    const r = la.matrixRank(arr(c.a), c.kw);
    assert.equal(r.dtype, "int32");
    assertClose(r, decData(c.rank), 0, 0, `matrixRank ${JSON.stringify(c.a.shape)} ${JSON.stringify(c.kw)}`);
  }
  for (const c of L.cond) {
    const got = la.cond(arr(c.a), ordOf(c.p));
    const want = decData(c.cond);
    const what = `cond ${JSON.stringify(c.a.shape)} p=${c.p}`;
    if (want.some((v) => !Number.isFinite(v))) assert.deepEqual(Array.from(got.dataSync() as Float32Array), want, what);
    else assertClose(got, want, 1e-3, 1e-4, what);
  }
});

test("norm with every ord (vectors, matrices, axes, keepdims), vectorNorm and matrixNorm match JAX", () => {
  for (const c of L.norm) {
    const x = arr(c.x);
    const what = `norm ${JSON.stringify(c.x.shape)} ord=${c.ord} axis=${JSON.stringify(c.axis)} keepdims=${c.keepdims}`;
    const out = la.norm(x, { ord: ordOf(c.ord), axis: c.axis, keepdims: c.keepdims });
    assert.deepEqual(out.shape, c.norm.shape, `${what} shape`);
    assertClose(out, decData(c.norm), 1e-5, 1e-5, what);
    // The positional form, as JAX's norm(x, ord, axis, keepdims).
    assertClose(la.norm(x, ordOf(c.ord), c.axis, c.keepdims), decData(c.norm), 1e-5, 1e-5, `${what} positional`);
  }
  for (const c of L.norm_grad) {
    const g = grad((x: NDArray) => la.norm(x, { ord: ordOf(c.ord) }))(arr(c.x));
    assertClose(g, decData(c.grad), 1e-4, 1e-5, `norm grad ord=${c.ord}`);
  }
  for (const c of L.vector_norm) {
    const kw = { ...c.kw, ord: c.kw.ord === undefined ? undefined : ordOf(c.kw.ord) };
    const out = la.vectorNorm(arr(c.x), kw);
    assert.equal(out.dtype, c.out.dtype, `vectorNorm ${JSON.stringify(c.kw)} dtype`);
    assert.deepEqual(out.shape, c.out.shape);
    assertClose(out, decData(c.out), 1e-5, 1e-5, `vectorNorm ${JSON.stringify(c.kw)}`);
  }
  for (const c of L.matrix_norm) {
    const out = la.matrixNorm(arr(c.x), { ...c.kw, ord: c.kw.ord === undefined ? undefined : ordOf(c.kw.ord) });
    assert.deepEqual(out.shape, c.out.shape);
    assertClose(out, decData(c.out), 1e-5, 1e-5, `matrixNorm ${JSON.stringify(c.kw)}`);
  }
  assert.throws(() => la.norm(jnp.ones([2, 2]), { ord: 3 }), /Invalid order '3' for matrix norm/);
  assert.throws(() => la.norm(jnp.ones([2, 2, 2]), { axis: [0, 1, 2] }), /Improper number of axes/);
  assert.throws(() => la.vectorNorm(jnp.ones([2]), { ord: "inf" as unknown as number }), /Use 'jax.numpy.inf' instead/);
});

test("matrixPower, multiDot, tensorsolve, tensorinv, cross, outer, diagonal, trace, vecdot, matrixTranspose match JAX", () => {
  for (const c of L.matrix_power) assertClose(la.matrixPower(arr(c.a), c.n), decData(c.out), 1e-4, 1e-4, `matrixPower n=${c.n}`);
  const mpi = la.matrixPower(arr(L.matrix_power_int.a), 5);
  assert.equal(mpi.dtype, "int32");
  assertClose(mpi, decData(L.matrix_power_int.out), 0, 0, "matrixPower int");
  const md = L.multi_dot;
  assertClose(la.multiDot(md.arrays.map(arr)), decData(md.out), 1e-4, 1e-4, "multiDot");
  const out3 = la.multiDot(md.arrays3.map(arr));
  assert.deepEqual(out3.shape, md.out3.shape);
  assertClose(out3, decData(md.out3), 1e-4, 1e-4, "multiDot vector first");
  assert.throws(() => la.multiDot([jnp.ones([2, 3])]), /at least two arrays/);
  assertClose(la.tensorsolve(arr(L.tensorsolve.a), arr(L.tensorsolve.b)), decData(L.tensorsolve.out), 1e-4, 1e-4, "tensorsolve");
  const ts = L.tensorsolve_axes;
  assertClose(la.tensorsolve(arr(ts.a), arr(ts.b), ts.axes), decData(ts.out), 1e-4, 1e-4, "tensorsolve axes");
  const ti = la.tensorinv(arr(L.tensorinv.a), L.tensorinv.ind);
  assert.deepEqual(ti.shape, L.tensorinv.out.shape);
  assertClose(ti, decData(L.tensorinv.out), 1e-4, 1e-4, "tensorinv");
  assertClose(la.cross(arr(L.cross.x1), arr(L.cross.x2)), decData(L.cross.out), 1e-5, 1e-5, "cross");
  const c0 = la.cross(arr(L.cross_axis0.x1), arr(L.cross_axis0.x2), { axis: 0 });
  assert.deepEqual(c0.shape, L.cross_axis0.out.shape);
  assertClose(c0, decData(L.cross_axis0.out), 1e-5, 1e-5, "cross axis 0");
  assert.throws(() => la.cross([1, 2], [3, 4]), /3-dimensional vectors/);
  for (const c of L.diagonal) {
    const d = la.diagonal(arr(c.x), { offset: c.offset });
    assert.deepEqual(d.shape, c.out.shape, `diagonal offset ${c.offset}`);
    assertClose(d, decData(c.out), 0, 0, `diagonal offset ${c.offset}`);
  }
  for (const c of L.trace) assertClose(la.trace(arr(c.x), { offset: c.offset }), decData(c.out), 1e-5, 1e-5, `trace offset ${c.offset}`);
  const vd = la.vecdot(arr(L.vecdot.x1), arr(L.vecdot.x2));
  assert.deepEqual(vd.shape, L.vecdot.out.shape);
  assertClose(vd, decData(L.vecdot.out), 1e-5, 1e-5, "vecdot");
  assertClose(
    la.vecdot(arr(L.vecdot_axis0.x1), arr(L.vecdot_axis0.x2), { axis: 0 }),
    decData(L.vecdot_axis0.out),
    1e-5,
    1e-5,
    "vecdot axis 0",
  );
  assertClose(la.outer([1, 2], [3, 4, 5]), [3, 4, 5, 6, 8, 10], 0, 0, "outer");
  assert.throws(() => la.outer(jnp.ones([2, 2]), [1]), /one-dimensional/);
  assert.deepEqual(la.matrixTranspose(jnp.ones([2, 3, 4])).shape, [2, 4, 3]);
  assert.throws(() => la.matrixTranspose(jnp.ones([3])), /at least 2 dimensions/);
  assertClose(la.matmul(jnp.ones([2, 3]), jnp.ones([3])), [3, 3], 0, 0, "matmul");
  assertClose(la.tensordot(jnp.ones([2, 3]), jnp.ones([3, 2]), { axes: 1 }), [3, 3, 3, 3], 0, 0, "tensordot");
});

test("results JAX returns as named tuples are arrays with the field names", () => {
  const a = jnp.array([
    [2, 1],
    [1, 3],
  ]);
  const r = la.svd(a);
  assert.ok(Array.isArray(r));
  assert.equal(r[1], r.S);
  const q = la.qr(a);
  assert.equal(q[0], q.Q);
  const e = la.eigh(a);
  assert.equal(e[0], e.eigenvalues);
  const s = la.slogdet(a);
  assert.equal(s[1], s.logabsdet);
  const out = jit((x: NDArray) => la.svd(x, { fullMatrices: false }))(a) as unknown as NDArray[];
  assert.equal(out.length, 3);
});

test("svd and qr: jit agrees with eager, wasm with js; vmap matches a loop", () => {
  const a = jnp.array([
    [1.0, -2.0, 0.5],
    [0.3, 0.7, -1.1],
    [2.0, 0.1, 0.4],
    [-0.6, 1.3, 0.9],
  ]);
  const sq = (x: NDArray) => jnp.multiply(x, x);
  agree("svd", (x) => [la.svd(x, { computeUv: false }), sq(la.svd(x)[0]), sq(la.svd(x)[2])], [a], 1e-5, 1e-5, true);
  agree("qr", (x) => [...la.qr(x, { mode: "complete" })], [a], 1e-5, 1e-5, true);
  agree("qr wide", (x) => [...la.qr(x)], [jnp.swapaxes(a, 0, 1)], 1e-5, 1e-5, true);
  agree("pinv + lstsq", (x) => [la.pinv(x), la.lstsq(x, jnp.ones([4]))[0]], [a], 1e-4, 1e-4, true);
  agree("svd grad", (x) => grad((y: NDArray) => jnp.sum(la.svd(y, { computeUv: false })))(x), [a], 1e-4, 1e-4, true);
  agree("qr grad", (x) => grad((y: NDArray) => jnp.sum(jnp.sin(la.qr(y)[0])))(x), [a], 1e-4, 1e-4, true);
  const batch = jnp.stack([a, jnp.multiply(a, 2), jnp.flip(a, 0)]);
  const vs = vmap((x: NDArray) => la.svd(x, { computeUv: false }))(batch);
  const vq = vmap((x: NDArray) => la.qr(x)[1])(batch);
  const vlax = vmap((x: NDArray) => lax.linalg.qr(x, { fullMatrices: false })[0], { inAxes: 1 })(jnp.swapaxes(batch, 0, 1));
  for (let i = 0; i < 3; i++) {
    const x = batch.get(i);
    assertClose(vs.get(i), la.svd(x, { computeUv: false }), 1e-6, 1e-6, `vmap svd ${i}`);
    assertClose(vq.get(i), la.qr(x)[1], 1e-6, 1e-6, `vmap qr ${i}`);
    assertClose(vlax.get(i), la.qr(x)[0], 1e-6, 1e-6, `vmap lax qr ${i}`);
  }
});

test("lax.linalg.svd and lax.linalg.qr (complete q by default)", () => {
  const a = jnp.array([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const [q, r] = lax.linalg.qr(a);
  assert.deepEqual(
    [q.shape, r.shape],
    [
      [3, 3],
      [3, 2],
    ],
  );
  const [u, s, vh] = lax.linalg.svd(a, { fullMatrices: false });
  assertClose(jnp.matmul(jnp.multiply(u, s), vh), a, 1e-5, 1e-5, "lax svd");
  assert.deepEqual(lax.linalg.svd(a, { computeUv: false }).shape, [2]);
  assert.throws(() => lax.linalg.svd(jnp.ones([3]), {}), /rank/);
});

test("qr mode raw, lax.linalg.geqrf and householderProduct match JAX", () => {
  const c = L.qr_raw;
  const [packed, taus] = la.qr(arr(c.a), { mode: "raw" });
  assertClose(packed, decData(c.packed), 1e-5, 1e-5, "qr raw packed");
  assertClose(taus, decData(c.taus), 1e-5, 1e-5, "qr raw taus");
  const h = L.householder_product;
  const [a2, t2] = lax.linalg.geqrf(arr(c.a));
  assertClose(a2, decData(h.a), 1e-5, 1e-5, "geqrf a");
  assertClose(t2, decData(h.taus), 1e-5, 1e-5, "geqrf taus");
  assertClose(lax.linalg.householderProduct(arr(h.a), arr(h.taus)), decData(h.q), 1e-5, 1e-5, "householderProduct");
  agree(
    "geqrf + householderProduct",
    (x) => {
      const [p, t] = lax.linalg.geqrf(x);
      return [p, t, lax.linalg.householderProduct(p, t)];
    },
    [arr(c.a)],
    1e-6,
    1e-6,
    true,
  );
  assert.throws(() => grad((x: NDArray) => jnp.sum(lax.linalg.geqrf(x)[0]))(arr(c.a)), /geqrf/);
});

test("svd reproduces LAPACK gesdd's singular vectors, signs included (square, tall, wide, much taller/wider, diagonal, batched)", () => {
  for (const c of L.svd_exact) {
    const a = arr(c.a);
    const what = `svd ${JSON.stringify(c.a.shape)} ${JSON.stringify(c.a.data.slice(0, 2))}`;
    const [u, s, vh] = la.svd(a);
    assertClose(s, decData(c.s), 1e-5, 1e-5, `${what} s`);
    assertClose(u, decData(c.u), 1e-4, 1e-5, `${what} u`);
    assertClose(vh, decData(c.vh), 1e-4, 1e-5, `${what} vh`);
    const [ut, , vht] = la.svd(a, { fullMatrices: false });
    assertClose(ut, decData(c.ut), 1e-4, 1e-5, `${what} thin u`);
    assertClose(vht, decData(c.vht), 1e-4, 1e-5, `${what} thin vh`);
  }
});

test("eigh reproduces LAPACK syevd's eigenvectors, signs included (and svd with hermitian: true)", () => {
  for (const c of L.eigh_exact) {
    const a = arr(c.a);
    const what = `eigh ${JSON.stringify(c.a.shape)}`;
    const [w, v] = la.eigh(a);
    assertClose(w, decData(c.w), 1e-4, 1e-5, `${what} w`);
    assertClose(v, decData(c.v), 1e-3, 1e-4, `${what} v`);
    const [u, s, vh] = la.svd(a, { hermitian: true });
    assertClose(s, decData(c.hs), 1e-4, 1e-5, `${what} hermitian svd s`);
    assertClose(u, decData(c.hu), 1e-3, 1e-4, `${what} hermitian svd u`);
    assertClose(vh, decData(c.hvh), 1e-3, 1e-4, `${what} hermitian svd vh`);
  }
});

test("svd without vectors gives the singular values svd with vectors gives, bit for bit", () => {
  // Square, tall, much taller (QR first), wide and much wider (LQ first): every branch of gesdd.
  for (const [m, n] of [
    [6, 6],
    [9, 7],
    [20, 5],
    [5, 8],
    [4, 15],
  ]) {
    const a = jnp.array(Float32Array.from({ length: m * n }, (_, i) => Math.sin(i * 0.73 + m) * 3)).reshape([m, n]);
    const alone = jnp.linalg.svd(a, { computeUv: false }) as NDArray;
    const [, withVectors] = jnp.linalg.svd(a) as NDArray[];
    assert.deepEqual(Array.from(alone.dataSync() as Float32Array), Array.from(withVectors.dataSync() as Float32Array), `${m}x${n}`);
  }
});
