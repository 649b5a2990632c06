// jnp.linalg.eig / eigvals, lax.linalg.eig and jnp.roots against JAX 0.10.2
// (test/goldens/complex_linalg.json from scripts/gen_complex_linalg_goldens.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { grad, jit, jnp, lax, scipy, vmap, type NDArray } from "../../src/index.ts";
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
const G: any = JSON.parse(readFileSync(fileURLToPath(new URL("../goldens/complex_linalg.json", import.meta.url)), "utf8"));

const nums = (xs: Array<number | null>) => xs.map((v) => (v === null ? NaN : v));

/** A golden as an NDArray (complex64 from its parts). */
export function carr(e: CEnc): NDArray {
  if (e.re) {
    const part = (xs: Array<number | null>) => jnp.array(nums(xs), { dtype: "float32" }).reshape(e.shape);
    return lax.complex(part(e.re), part(e.im!));
  }
  return jnp
    .array(nums(e.data!), { dtype: e.dtype === "float64" ? "float64" : e.dtype.startsWith("int") ? "int32" : "float32" })
    .reshape(e.shape);
}

/** Compares real and imaginary parts. */
function closeC(got: NDArray, want: NDArray, tol: number, what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  assertClose(jnp.real(got), jnp.real(want), tol, tol, `${what} (re)`);
  assertClose(jnp.imag(got), jnp.imag(want), tol, tol, `${what} (im)`);
}

const residual = (a: NDArray, v: NDArray, w: NDArray) =>
  Number(jnp.max(jnp.abs(jnp.subtract(jnp.matmul(a, v), jnp.multiply(v, jnp.expandDims(w, -2))))).item());

/** Eigenvalues in a canonical order (by real part, then imaginary part), as [re, im] pairs. */
function sortedPairs(w: NDArray): number[][] {
  const re = Array.from(jnp.real(w).dataSync() as Float32Array);
  const im = Array.from(jnp.imag(w).dataSync() as Float32Array);
  const key = (x: number) => (Number.isNaN(x) ? Infinity : x);
  return re
    .map((r, i) => [r, im[i]])
    .sort((x, y) => (Math.abs(key(x[0]) - key(y[0])) > 1e-4 ? key(x[0]) - key(y[0]) : key(x[1]) - key(y[1])));
}

test("eig: eigenvalues, eigenvectors and left eigenvectors as JAX's", () => {
  for (const [name, g] of Object.entries(G.eig) as [string, Record<string, CEnc>][]) {
    const a = carr(g.a);
    const [w, v] = jnp.linalg.eig(a);
    if (g.a.re) {
      // Complex matrices: LAPACK zgeev's order and normalisation exactly.
      closeC(w, carr(g.w), 2e-4, `${name} w`);
      closeC(v, carr(g.v), 2e-4, `${name} v`);
      closeC(jnp.linalg.eigvals(a), carr(g.eigvals), 2e-4, `${name} eigvals`);
    } else if (a.ndim === 2) {
      // Real matrices: the same eigenvalues (the order of dgeev's deflation is not reproduced).
      const got = sortedPairs(w);
      const want = sortedPairs(carr(g.w));
      got.forEach((p, i) => assert.ok(Math.hypot(p[0] - want[i][0], p[1] - want[i][1]) < 2e-4, `${name} w ${p} vs ${want[i]}`));
    }
    assert.ok(residual(a, v, w) < 1e-4, `${name}: A v = w v`);
    const [w2, vl, vr] = lax.linalg.eig(a);
    closeC(w2, w, 0, `${name} lax w`);
    closeC(vr, v, 0, `${name} lax vr`);
    // Left eigenvectors: u^H A = w u^H, unit norm; signs are free up to a phase, so compare |u|.
    if (g.a.re) closeC(jnp.abs(vl).astype("complex64"), jnp.abs(carr(g.vl)).astype("complex64"), 2e-4, `${name} |vl|`);
    const uh = jnp.conj(jnp.swapaxes(vl, -1, -2));
    const res = jnp.subtract(jnp.matmul(uh, a), jnp.multiply(jnp.expandDims(w, -1), uh));
    assert.ok(Number(jnp.max(jnp.abs(res)).item()) < 1e-4, `${name}: u^H A = w u^H`);
  }
});

test("eig: dtypes, shapes, errors, non-finite input", () => {
  const [w, v] = jnp.linalg.eig(jnp.eye(2, null, 0, { dtype: "int32" }));
  assert.equal(w.dtype, "complex64");
  assert.deepEqual(v.shape, [2, 2]);
  assert.throws(() => jnp.linalg.eig(jnp.ones([2, 3])), /square/);
  const n = jnp.linalg.eigvals(
    jnp.array([
      [1, NaN],
      [0, 1],
    ]),
  );
  assert.ok(Number.isNaN(Number(jnp.real(n).dataSync()[0])));
  assert.throws(() => grad((x: NDArray) => jnp.sum(jnp.real(jnp.linalg.eig(x)[1])))(jnp.eye(2)), /NotImplementedError/);
});

test("eig: jit vs eager on both backends, vmap vs a loop", () => {
  const a = carr(G.eig.real4.a);
  const c = carr(G.eig.cplx4.a);
  agree("eigvals real", (x) => jnp.linalg.eigvals(x), [a], 1e-5, 1e-5, true);
  agree("eig complex", (x) => jnp.linalg.eig(x), [c], 1e-5, 1e-5, true);
  const b = carr(G.eig.batch.a);
  const vm = vmap((x: NDArray) => jnp.linalg.eigvals(x))(b);
  const loop = jnp.stack([0, 1].map((i) => jnp.linalg.eigvals(b.at(i).get())));
  closeC(vm, loop, 0, "vmap");
  closeC(jit((x: NDArray) => jnp.linalg.eig(x)[1])(b), jnp.linalg.eig(b)[1], 1e-6, "jit batched");
});

test("eig: eigenvalue gradients as JAX's and finite differences; eigenvector derivatives with enableEigvecDerivs", () => {
  const g = G.eig_grad;
  const a = carr(g.a);
  const reSum = (x: NDArray) => jnp.sum(jnp.real(jnp.linalg.eigvals(x)));
  const imMax = (x: NDArray) => jnp.max(jnp.imag(jnp.linalg.eigvals(x)));
  assertClose(grad(reSum)(a), carr(g.re_sum), 1e-4, 1e-4, "d sum re w");
  assertClose(grad(imMax)(a), carr(g.im_max), 1e-4, 1e-4, "d max im w");
  const a4 = carr(G.eig.real4.a);
  assertClose(grad((x: NDArray) => jnp.sum(jnp.abs(jnp.square(jnp.linalg.eigvals(x)))))(a4), carr(g.abs_w2), 1e-3, 1e-3, "d |w^2|");
  const vecSum = (x: NDArray) => jnp.sum(jnp.real(lax.linalg.eig(x, { computeLeftEigenvectors: false, enableEigvecDerivs: true })[1]));
  assertClose(grad(vecSum)(a), carr(g.vec), 1e-3, 1e-3, "d sum re v");
  checkGrads((x) => jnp.real(jnp.linalg.eigvals(x)), [a], { rtol: 1e-4, atol: 1e-5 });
  checkGrads((x) => jnp.imag(jnp.linalg.eigvals(x)), [a4], { rtol: 1e-4, atol: 1e-5 });
  checkGrads((x) => jnp.imag(lax.linalg.eig(x, { computeLeftEigenvectors: false, enableEigvecDerivs: true })[1]), [a], {
    rtol: 1e-4,
    atol: 1e-5,
  });
  agree("grad eigvals", (x) => grad(reSum)(x), [a4], 1e-4, 1e-4);
});

test("roots: companion-matrix eigenvalues as JAX's, strip_zeros and its NaNs", () => {
  // The same roots (in a canonical order: LAPACK dgeev's deflation order is not reproduced), NaNs last.
  const same = (r: NDArray, want: NDArray, what: string) => {
    assert.equal(r.dtype, "complex64", what);
    const round = (w: NDArray) =>
      sortedPairs(w)
        .flat()
        .map((x) => Math.round(x * 1e4) / 1e4 + 0);
    assert.deepEqual(round(r), round(want), what);
  };
  for (const [name, g] of Object.entries(G.roots) as [string, Record<string, CEnc>][]) same(jnp.roots(carr(g.p)), carr(g.r), name);
  for (const [name, g] of Object.entries(G.roots_nostrip) as [string, Record<string, CEnc>][]) {
    same(jnp.roots(carr(g.p), { stripZeros: false }), carr(g.r), `${name} stripZeros false`);
    same(jit((p: NDArray) => jnp.roots(p, { stripZeros: false }))(carr(g.p)), carr(g.r), `jit ${name}`);
  }
  assert.throws(() => jit((p: NDArray) => jnp.roots(p))(jnp.array([1, 2, 1])), /strip_zeros=False/);
  assert.throws(() => jnp.roots(jnp.ones([2, 2])), /rank-1/);
});

test("scipy.linalg.schur(output complex): a = z t z^H, t upper triangular with JAX's diagonal, z unitary", () => {
  for (const [name, g] of Object.entries(G.schur) as [string, Record<string, CEnc>][]) {
    const a = carr(g.a);
    const [t, z] = scipy.linalg.schur(a, { output: "complex" });
    assert.equal(t.dtype, "complex64");
    const zh = jnp.conj(jnp.transpose(z));
    const ac = a.dtype === "complex64" ? a : a.astype("complex64");
    closeC(jnp.matmul(jnp.matmul(z, t), zh), ac, 1e-4, `${name} z t z^H`);
    closeC(jnp.matmul(zh, z), jnp.eye(z.shape[0]).astype("complex64"), 1e-4, `${name} unitary`);
    closeC(jnp.tril(t, -1), jnp.zeros(t.shape, { dtype: "complex64" }), 0, `${name} triangular`);
    const got = sortedPairs(jnp.diagonal(t));
    const want = sortedPairs(jnp.diagonal(carr(g.t)));
    got.forEach((p, i) => assert.ok(Math.hypot(p[0] - want[i][0], p[1] - want[i][1]) < 2e-4, `${name} diag ${p} vs ${want[i]}`));
  }
  const c = carr(G.schur.cplx3.a);
  agree("complex schur", (x) => scipy.linalg.schur(x, { output: "complex" })[0], [c], 1e-5, 1e-5, true);
});

test("scipy.linalg.sqrtm: the principal square root as JAX's (complex), jit vs eager", () => {
  for (const k of ["spd", "real3", "cplx3"]) {
    const a = carr(G.sqrtm[k]);
    const r = scipy.linalg.sqrtm(a);
    // real3 has a negative eigenvalue: its root's sign follows the Schur diagonal's signed zero (in JAX too).
    if (k !== "real3") closeC(r, carr(G.sqrtm[`${k}_r`]), 2e-4, `sqrtm ${k}`);
    const ac = a.dtype === "complex64" ? a : a.astype("complex64");
    closeC(jnp.matmul(r, r), ac, 2e-4, `sqrtm ${k} squared`);
  }
  closeC(jit((x: NDArray) => scipy.linalg.sqrtm(x))(carr(G.sqrtm.cplx3)), carr(G.sqrtm.cplx3_r), 2e-4, "jit");
});

test("scipy.linalg.funm: matrix functions as JAX's (Parlett's recurrence on the complex Schur form)", () => {
  const F = G.funm;
  const sl = scipy.linalg;
  closeC(sl.funm(carr(F.a2), (x) => jnp.add(jnp.sin(x), jnp.multiply(2, jnp.cos(x)))) as NDArray, carr(F.a2_sin2cos), 2e-4, "sin + 2 cos");
  closeC(sl.funm(carr(F.real3), jnp.exp) as NDArray, carr(F.real3_exp), 2e-3, "exp");
  closeC(sl.funm(carr(F.real3), jnp.exp) as NDArray, sl.expm(carr(F.real3)).astype("complex64"), 2e-3, "exp vs expm");
  closeC(sl.funm(carr(F.cplx3), (x) => jnp.multiply(x, x)) as NDArray, carr(F.cplx3_sq), 2e-4, "square");
  const [f, err] = sl.funm(carr(F.a2), jnp.exp, { disp: false }) as NDArray[];
  assert.deepEqual(f.shape, [2, 2]);
  assert.equal(err.dtype, "float32");
  assert.ok(Number(err.item()) > 0 && Number(err.item()) <= 1);
  assert.throws(() => sl.funm(jnp.ones([2, 3]), jnp.exp), /square/);
  // Concrete operands take the host recurrence, traced ones the scalar operations: the two agree.
  const g = (x: NDArray) => sl.funm(x, (v) => jnp.add(jnp.sin(v), jnp.multiply(2, jnp.cos(v))), { disp: false }) as NDArray[];
  const [fe, ee] = g(carr(F.cplx3));
  const [fj, ej] = jit(g)(carr(F.cplx3));
  closeC(fe, fj, 1e-5, "funm eager vs jit");
  assert.ok(Math.abs(Number(ee.item()) - Number(ej.item())) <= 1e-6 * Math.max(1, Number(ej.item())), "funm error estimate eager vs jit");
});

test("scipy.linalg.rsf2csf as JAX's (from JAX's real Schur forms), batched", () => {
  for (const [name, g] of Object.entries(G.rsf2csf) as [string, Record<string, CEnc>][]) {
    const [tc, zc] = scipy.linalg.rsf2csf(carr(g.t), carr(g.z));
    closeC(tc, carr(g.tc), 2e-4, `${name} t`);
    closeC(zc, carr(g.zc), 2e-4, `${name} z`);
  }
  const g = G.rsf2csf.real3;
  const [bt] = scipy.linalg.rsf2csf(jnp.stack([carr(g.t), carr(g.t)]), jnp.stack([carr(g.z), carr(g.z)]));
  closeC(bt.at(1).get(), carr(g.tc), 2e-4, "batched");
});
