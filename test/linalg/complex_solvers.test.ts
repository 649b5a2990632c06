// jnp.linalg solvers on complex inputs against JAX 0.10.2 (goldens from
// scripts/gen_complex_linalg_goldens.py): solve, inv, det, slogdet, with
// gradients, jit vs eager on both backends, vmap vs a loop.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { grad, jacfwd, jit, jnp, lax, vmap, type NDArray } from "../../src/index.ts";
import { agree } from "../helpers/backends.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";

interface CEnc {
  shape: number[];
  dtype: string;
  data?: Array<number | null>;
  re?: Array<number | null>;
  im?: Array<number | null>;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const S: Record<string, CEnc> = JSON.parse(
  readFileSync(fileURLToPath(new URL("../goldens/complex_linalg.json", import.meta.url)), "utf8"),
).solvers;
const nums = (xs: Array<number | null>) => xs.map((v) => (v === null ? NaN : v));
function carr(e: CEnc): NDArray {
  const part = (xs: Array<number | null>) => jnp.array(nums(xs), { dtype: "float32" }).reshape(e.shape);
  return e.re ? lax.complex(part(e.re), part(e.im!)) : part(e.data!);
}
function closeC(got: NDArray, want: NDArray, tol: number, what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  assertClose(jnp.real(got), jnp.real(want), tol, tol, `${what} (re)`);
  if (want.dtype.startsWith("complex")) assertClose(jnp.imag(got), jnp.imag(want), tol, tol, `${what} (im)`);
}

const A = carr(S.A);
const B = carr(S.B);

test("complex solve, inv, det, slogdet as JAX's", () => {
  closeC(jnp.linalg.solve(A, B), carr(S.solve), 1e-4, "solve");
  closeC(jnp.linalg.solve(A, carr(S.bv)), carr(S.solve_vec), 1e-4, "solve vector");
  closeC(jnp.linalg.inv(A), carr(S.inv), 1e-4, "inv");
  closeC(jnp.linalg.inv(carr(S.AB)), carr(S.inv_batch), 1e-4, "inv batched");
  closeC(jnp.linalg.det(A), carr(S.det), 1e-4, "det");
  closeC(jnp.linalg.det(carr(S.AB)), carr(S.det_batch), 1e-4, "det batched");
  closeC(jnp.linalg.det(A.at(jnp.s(0, 2), jnp.s(0, 2)).get()), carr(S.det2), 1e-4, "det 2x2");
  const [s, l] = jnp.linalg.slogdet(A);
  closeC(s, carr(S.slogdet_sign), 1e-4, "slogdet sign");
  closeC(l, carr(S.slogdet_log), 1e-4, "slogdet logabsdet");
});

test("complex solve and det: gradients as JAX's (conjugate convention), jit vs eager, vmap vs loop", () => {
  closeC(grad((a: NDArray) => jnp.abs(jnp.linalg.det(a)))(A), carr(S.grad_det_abs), 1e-3, "grad |det|");
  closeC(grad((a: NDArray) => jnp.sum(jnp.real(jnp.linalg.solve(a, B))))(A), carr(S.grad_solve), 1e-3, "grad solve");
  agree("complex solve", (a, b) => jnp.linalg.solve(a, b), [A, B], 1e-5, 1e-5, true);
  agree("complex slogdet", (a) => jnp.linalg.slogdet(carr(S.AB).add(a)), [A], 1e-5, 1e-5, true);
  const AB = carr(S.AB);
  const vm = vmap((a: NDArray) => jnp.linalg.inv(a))(AB);
  const loop = jnp.stack([0, 1].map((i) => jnp.linalg.inv(AB.at(i).get())));
  closeC(vm, loop, 1e-6, "vmap inv");
  closeC(jit((a: NDArray) => jnp.linalg.det(a))(AB), jnp.linalg.det(AB), 1e-5, "jit det");
});

test("complex cholesky and Hermitian eigh as JAX's (eigenvectors up to a phase per column)", () => {
  const H = carr(S.H);
  closeC(jnp.linalg.cholesky(H), carr(S.cholesky), 1e-4, "cholesky");
  const U = jnp.linalg.cholesky(H, { upper: true });
  closeC(jnp.matmul(jnp.conj(jnp.swapaxes(U, -1, -2)), U), H, 1e-4, "cholesky upper");
  const [w, v] = jnp.linalg.eigh(H);
  closeC(w, carr(S.eigh_w), 1e-4, "eigh w");
  closeC(jnp.linalg.eigvalsh(H), carr(S.eigvalsh), 1e-4, "eigvalsh");
  // v^H v_jax is diagonal with unit-modulus entries.
  const overlap = jnp.abs(jnp.matmul(jnp.conj(jnp.swapaxes(v, -1, -2)), carr(S.eigh_v)));
  assertClose(overlap, jnp.eye(3), 1e-4, 1e-4, "eigh v up to phases");
  closeC(jnp.matmul(H, v), jnp.multiply(v, w.astype("complex64")), 1e-4, "H v = w v");
  agree("complex eigvalsh", (a) => jnp.linalg.eigvalsh(a), [H], 1e-5, 1e-5, true);
  agree("complex cholesky", (a) => jnp.linalg.cholesky(a), [H], 1e-5, 1e-5, true);
  // Gradients (of functions invariant to the eigenvectors' phases) as JAX's.
  const wts = jnp.array([1, 2, 3]);
  closeC(grad((a: NDArray) => jnp.sum(jnp.multiply(jnp.linalg.eigvalsh(a), wts)))(H), carr(S.grad_eigvalsh), 1e-3, "grad eigvalsh");
  closeC(grad((a: NDArray) => jnp.sum(jnp.abs(jnp.linalg.cholesky(a))))(H), carr(S.grad_chol), 1e-3, "grad cholesky");
  closeC(grad((a: NDArray) => jnp.sum(jnp.abs(jnp.linalg.eigh(a)[1].at(0).get())))(H), carr(S.grad_eigh_v), 1e-3, "grad |v|");
});

test("complex svd: singular values as JAX's, a = u s vh with unitary factors, gradients as JAX's", () => {
  const M = carr(S.M);
  closeC(jnp.linalg.svd(M, { computeUv: false }), carr(S.svd_s), 1e-4, "svdvals");
  for (const fullMatrices of [false, true]) {
    for (const X of [M, jnp.swapaxes(M, -1, -2)]) {
      const [u, s, vh] = jnp.linalg.svd(X, { fullMatrices });
      const k = s.shape[0];
      const uk = u.at(jnp.s(), jnp.s(0, k)).get();
      const vk = vh.at(jnp.s(0, k)).get();
      closeC(jnp.matmul(jnp.multiply(uk, s.astype("complex64")), vk), X, 1e-4, `u s vh (${fullMatrices})`);
      const eyeU = jnp.eye(u.shape[1]).astype("complex64");
      closeC(jnp.matmul(jnp.conj(jnp.swapaxes(u, -1, -2)), u), eyeU, 1e-4, "u unitary");
    }
  }
  closeC(grad((a: NDArray) => jnp.sum(jnp.linalg.svd(a, { computeUv: false })))(M), carr(S.grad_svdvals), 1e-3, "grad svdvals");
  closeC(grad((a: NDArray) => jnp.sum(jnp.abs(jnp.linalg.svd(a, { fullMatrices: false })[0])))(M), carr(S.grad_svd_u), 1e-3, "grad |u|");
  agree("complex svdvals", (a) => jnp.linalg.svd(a, { computeUv: false }), [M], 1e-5, 1e-5, true);
  assert.equal(Number(jnp.linalg.matrixRank(M).item()), 3);
});

test("complex pinv, lstsq, norm, cond as JAX's", () => {
  const M = carr(S.M);
  closeC(jnp.linalg.pinv(M), carr(S.pinv), 1e-4, "pinv");
  closeC(jnp.linalg.lstsq(M, carr(S.lstsq_b))[0], carr(S.lstsq), 1e-4, "lstsq");
  closeC(jnp.linalg.lstsq(M, carr(S.lstsq_b))[1], carr(S.lstsq_resid), 1e-4, "lstsq residuals");
  closeC(jnp.linalg.norm(A), carr(S.norm_fro), 1e-4, "norm");
  closeC(jnp.linalg.norm(A, 2), carr(S.norm_2), 1e-4, "norm 2");
  closeC(jnp.linalg.norm(A, "nuc"), carr(S.norm_nuc), 1e-4, "norm nuc");
  closeC(jnp.linalg.norm(A, 1), carr(S.norm_1), 1e-4, "norm 1");
  closeC(jnp.linalg.norm(carr(S.bv), 3), carr(S.norm_v3), 1e-4, "vector norm 3");
  closeC(jnp.linalg.cond(A), carr(S.cond), 1e-3, "cond");
  closeC(grad((a: NDArray) => jnp.sum(jnp.abs(jnp.linalg.pinv(a))))(M), carr(S.grad_pinv), 1e-3, "grad pinv");
});

test("lax.linalg.lu and triangularSolve on complex operands as JAX's (zgetrf's pivots, conjugateA, gradients)", () => {
  const [lu, , perm] = lax.linalg.lu(A);
  closeC(lu, carr(S.lax_lu), 1e-4, "lu");
  assert.deepEqual(Array.from(perm.dataSync() as Int32Array), nums(S.lax_lu_perm.data!));
  const tri = (a: NDArray) => lax.linalg.triangularSolve(a, B, { leftSide: true, lower: true, transposeA: true, conjugateA: true });
  closeC(tri(A), carr(S.lax_tri), 1e-4, "triangularSolve conjugateA");
  closeC(lax.linalg.triangularSolve(A, jnp.transpose(B), { leftSide: false, lower: false }), carr(S.lax_tri_right), 1e-4, "right side");
  const g = grad((a: NDArray) => jnp.sum(jnp.abs(lax.linalg.triangularSolve(a, B, { leftSide: true, lower: true, conjugateA: true }))))(A);
  closeC(g, carr(S.grad_tri), 1e-3, "grad triangularSolve");
  agree("complex triangularSolve", (a) => tri(a), [A], 1e-5, 1e-5, true);
  const AB = carr(S.AB);
  closeC(vmap((a: NDArray) => lax.linalg.lu(a)[0])(AB), jnp.stack([0, 1].map((i) => lax.linalg.lu(AB.at(i).get())[0])), 0, "vmap lu");
});

test("det (n >= 4): JAX's custom JVP through the cofactor solve, finite at singular matrices", () => {
  const D: Record<string, CEnc> = JSON.parse(
    readFileSync(fileURLToPath(new URL("../goldens/complex_linalg.json", import.meta.url)), "utf8"),
  ).det;
  const g = grad((a: NDArray) => jnp.linalg.det(a));
  closeC(g(carr(D.r3)), carr(D.g_r3), 1e-4, "grad det, rank 3");
  closeC(g(carr(D.r2)), carr(D.g_r2), 1e-4, "grad det, rank 2 (zero)");
  closeC(g(carr(D.full4)), carr(D.g_full4), 1e-4, "grad det, full rank");
  closeC(jnp.linalg.det(carr(D.full4)), carr(D.d_full4), 1e-5, "det");
  closeC(grad((a: NDArray) => jnp.sum(jnp.linalg.det(a)))(carr(D.b5)), carr(D.g_b5), 1e-4, "batched");
  closeC(grad((a: NDArray) => jnp.abs(jnp.linalg.det(a)))(carr(D.c4)), carr(D.g_c4), 1e-4, "complex");
  closeC(jacfwd(g)(carr(D.r3)), carr(D.h_r3), 1e-3, "hessian at a singular matrix");
  checkGrads((a) => jnp.linalg.det(a), [carr(D.full4)], { rtol: 1e-4, atol: 1e-5 });
  agree("grad det", (a) => g(a), [carr(D.r3)], 1e-5, 1e-5, true);
});

test("complex qr: q and r as JAX's (zgeqrf's signs), complete mode, wide, gradients", () => {
  const Q: Record<string, CEnc> = JSON.parse(
    readFileSync(fileURLToPath(new URL("../goldens/complex_linalg.json", import.meta.url)), "utf8"),
  ).qr;
  const [tall, wide] = [carr(Q.tall), carr(Q.wide)];
  const [q, r] = jnp.linalg.qr(tall);
  closeC(q, carr(Q.tall_q), 1e-4, "q");
  closeC(r, carr(Q.tall_r), 1e-4, "r");
  const [cq, cr] = jnp.linalg.qr(tall, { mode: "complete" });
  closeC(cq, carr(Q.tall_cq), 1e-4, "complete q");
  closeC(cr, carr(Q.tall_cr), 1e-4, "complete r");
  const [wq, wr] = jnp.linalg.qr(wide);
  closeC(wq, carr(Q.wide_q), 1e-4, "wide q");
  closeC(wr, carr(Q.wide_r), 1e-4, "wide r");
  const f = (a: NDArray) => {
    const [qq, rr] = jnp.linalg.qr(a);
    return jnp.add(jnp.sum(jnp.abs(qq)), jnp.sum(jnp.real(rr)));
  };
  closeC(grad(f)(tall), carr(Q.g_tall), 1e-3, "grad tall");
  const fw = (a: NDArray) => {
    const [qq, rr] = jnp.linalg.qr(a);
    return jnp.add(jnp.sum(jnp.abs(qq)), jnp.sum(jnp.imag(rr)));
  };
  closeC(grad(fw)(wide), carr(Q.g_wide), 1e-3, "grad wide");
  agree("complex qr", (a) => jnp.linalg.qr(a), [tall], 1e-5, 1e-5, true);
});
