// scipy.linalg against JAX 0.10.2 goldens (scripts/gen_linalg_goldens2.py),
// with gradients by finite differences and jit vs eager, wasm vs js.
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad, jit, jnp, scipy, vmap, type NDArray } from "../../src/index.ts";
import { agree } from "../helpers/backends.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";
import { arr, decData, g2 } from "./goldens2.ts";

const S = g2.scipy;
const sl = scipy.linalg;

test("solveTriangular: every trans / lower / unitDiagonal combination, and vector b", () => {
  for (const c of S.solve_triangular) {
    const x = sl.solveTriangular(arr(c.a), arr(c.b), { trans: c.trans, lower: c.lower, unitDiagonal: c.unit_diagonal });
    assertClose(x, decData(c.out), 1e-4, 1e-4, `solveTriangular ${JSON.stringify([c.trans, c.lower, c.unit_diagonal])}`);
  }
  const v = S.solve_triangular_vec;
  const x = sl.solveTriangular(arr(v.a), arr(v.b), { lower: true });
  assert.deepEqual(x.shape, v.out.shape);
  assertClose(x, decData(v.out), 1e-4, 1e-4, "solveTriangular vector");
  assert.throws(() => sl.solveTriangular(jnp.eye(2), [1, 2], { trans: 3 as 0 }), /Invalid 'trans'/);
});

test("cholesky, choFactor/choSolve, lu, luFactor/luSolve match JAX", () => {
  for (const lower of [false, true]) {
    const c = S[`cho_factor_${lower ? "True" : "False"}`];
    const [cf, low] = sl.choFactor(arr(c.a), { lower });
    assert.equal(low, c.lower);
    assertClose(cf, decData(c.c), 1e-5, 1e-5, `choFactor lower=${lower}`);
    assertClose(sl.cholesky(arr(c.a), { lower }), decData(c.cholesky), 1e-5, 1e-5, `cholesky lower=${lower}`);
    assertClose(sl.choSolve([cf, low], arr(c.b)), decData(c.solve), 1e-4, 1e-5, `choSolve lower=${lower}`);
  }
  for (const c of S.lu) {
    const [p, l, u] = sl.lu(arr(c.a));
    const what = `lu ${JSON.stringify(c.a.shape)}`;
    assert.deepEqual([p.shape, l.shape, u.shape], [c.p.shape, c.l.shape, c.u.shape], what);
    assertClose(p, decData(c.p), 0, 0, `${what} p`);
    assertClose(l, decData(c.l), 1e-5, 1e-5, `${what} l`);
    assertClose(u, decData(c.u), 1e-5, 1e-5, `${what} u`);
    const [pl, u2] = sl.lu(arr(c.a), { permuteL: true });
    assertClose(pl, decData(c.pl), 1e-5, 1e-5, `${what} permuteL`);
    assertClose(u2, decData(c.u), 1e-5, 1e-5, `${what} permuteL u`);
  }
  const f = S.lu_factor;
  const [lu, piv] = sl.luFactor(arr(f.a));
  assert.equal(piv.dtype, "int32");
  assertClose(lu, decData(f.lu), 1e-5, 1e-5, "luFactor lu");
  assertClose(piv, decData(f.piv), 0, 0, "luFactor piv");
  [0, 1, 2].forEach((trans) => {
    assertClose(
      sl.luSolve([lu, piv], arr(f.b), { trans: trans as 0 | 1 | 2 }),
      decData(f.solve[trans]),
      1e-4,
      1e-5,
      `luSolve trans=${trans}`,
    );
  });
});

test("expm matches JAX (Padé degree by norm, scaling and squaring, batched, upperTriangular) and its gradient", () => {
  for (const c of S.expm) {
    const out = sl.expm(arr(c.a));
    assert.deepEqual(out.shape, c.out.shape);
    assertClose(out, decData(c.out), 2e-5, 1e-5, `expm ${JSON.stringify(c.a.data.slice(0, 2))}`);
  }
  assertClose(sl.expm(arr(S.expm_upper.a), { upperTriangular: true }), decData(S.expm_upper.out), 2e-5, 1e-5, "expm upper");
  const g = grad((a: NDArray) => jnp.sum(jnp.sin(sl.expm(a))))(arr(S.expm_grad.a));
  assertClose(g, decData(S.expm_grad.grad), 1e-3, 1e-4, "expm grad");
  checkGrads(
    (a) => sl.expm(a),
    [
      [
        [0.1, 0.8, -0.3],
        [-0.5, 0.2, 0.4],
        [0.3, -0.2, 1.5],
      ],
    ],
  );
  // expmFrechet is the JVP.
  const a = arr(S.expm.at(1).a);
  const e = jnp.ones([3, 3]);
  const [ex, fr] = sl.expmFrechet(a, e) as [NDArray, NDArray];
  assertClose(ex, sl.expm(a), 1e-6, 1e-6, "expmFrechet expm");
  const h = 1e-2;
  const fd = jnp.divide(jnp.subtract(sl.expm(jnp.add(a, jnp.multiply(h, e))), sl.expm(jnp.subtract(a, jnp.multiply(h, e)))), 2 * h);
  assertClose(fr, fd, 2e-2, 2e-2, "expmFrechet vs finite differences");
});

test("blockDiag, eigh, qr, svd, inv, det, solve in SciPy's spelling match JAX", () => {
  const b = S.block_diag;
  const bd = sl.blockDiag(...b.arrs.map(arr));
  assert.deepEqual(bd.shape, b.out.shape);
  assertClose(bd, decData(b.out), 0, 0, "blockDiag");
  const bi = sl.blockDiag(jnp.array([[1, 2]], { dtype: "int32" }), jnp.array([[3], [4]], { dtype: "int32" }));
  assert.equal(bi.dtype, "int32");
  assertClose(bi, decData(S.block_diag_int), 0, 0, "blockDiag int");
  assert.deepEqual(sl.blockDiag().shape, [1, 0]);
  const e = S.eigh;
  const [w, v] = sl.eigh(arr(e.a)) as NDArray[];
  assertClose(w, decData(e.w), 1e-5, 1e-4, "eigh w");
  assertClose(jnp.matmul(jnp.multiply(v, w), jnp.swapaxes(v, 0, 1)), arr(e.a), 1e-5, 1e-4, "eigh reconstruction");
  assertClose(sl.eigh(arr(e.a), { eigvalsOnly: true }) as NDArray, decData(e.w_only), 1e-5, 1e-4, "eigh eigvalsOnly");
  assertClose(sl.eigh(arr(e.a), { lower: false, eigvalsOnly: true }) as NDArray, decData(e.w_upper), 1e-5, 1e-4, "eigh upper");
  for (const mode of ["full", "economic", "r"] as const) {
    const c = S[`qr_${mode}`];
    const out = sl.qr(arr(c.a), { mode });
    assert.equal(out.length, c.out.length, `qr ${mode} arity`);
    out.forEach((o, i) => assertClose(o, decData(c.out[i]), 1e-5, 1e-5, `qr ${mode} [${i}]`));
  }
  const s = S.svd;
  assertClose(sl.svd(arr(s.a), { computeUv: false }) as NDArray, decData(s.s), 1e-5, 1e-5, "svd s");
  assert.deepEqual(
    (sl.svd(arr(s.a)) as NDArray[]).map((x) => x.shape),
    s.shapes,
  );
  assert.deepEqual(
    (sl.svd(arr(s.a), { fullMatrices: false }) as NDArray[]).map((x) => x.shape),
    s.shapes_thin,
  );
  assertClose(sl.inv(arr(S.inv.a)), decData(S.inv.out), 1e-4, 1e-5, "inv");
  assertClose(sl.det(arr(S.det.a)), decData(S.det.out), 1e-4, 1e-4, "det");
  for (const c of S.solve) {
    const x = sl.solve(arr(c.a), arr(c.b), { assumeA: c.assume_a });
    assert.deepEqual(x.shape, c.out.shape);
    assertClose(x, decData(c.out), 1e-4, 1e-5, `solve assumeA=${c.assume_a}`);
  }
  assert.throws(() => sl.solve(jnp.eye(2), [1, 2], { assumeA: "bogus" as "gen" }), /assume_a/);
});

test("solve's gradients as JAX's: assumeA 'pos' differentiates a x = b in the whole of a (a symmetric custom_linear_solve), jit and eager", () => {
  for (const c of S.solve_grad) {
    const loss = (a: NDArray, b: NDArray) => jnp.sum(jnp.sin(sl.solve(a, b, { assumeA: c.assume_a, lower: c.lower })));
    const what = `solve assumeA=${c.assume_a} lower=${c.lower} b ${JSON.stringify(c.b.shape)}`;
    for (const [how, g] of [
      ["eager", grad(loss, { argnums: [0, 1] })],
      ["jit", jit(grad(loss, { argnums: [0, 1] }))],
    ] as const) {
      const [ga, gb] = g(arr(c.a), arr(c.b)) as NDArray[];
      assertClose(ga, decData(c.grad_a), 1e-4, 1e-5, `${what}: grad a (${how})`);
      assertClose(gb, decData(c.grad_b), 1e-4, 1e-5, `${what}: grad b (${how})`);
    }
  }
});

test("special matrices match JAX (values and dtypes)", () => {
  const cv = jnp.array([1, 2, 3], { dtype: "float32" });
  const rv = jnp.array([1, 5, 6, 7], { dtype: "float32" });
  const same = (got: NDArray, want: { shape: number[]; dtype: string }, what: string, tol = 1e-6) => {
    assert.deepEqual(got.shape, want.shape, `${what} shape`);
    assert.equal(got.dtype, want.dtype, `${what} dtype`);
    assertClose(got, decData(want as never), tol, tol, what);
  };
  same(sl.toeplitz(cv), S.toeplitz[0], "toeplitz(c)");
  same(sl.toeplitz(cv, rv), S.toeplitz[1], "toeplitz(c, r)");
  same(sl.hankel(cv), S.hankel[0], "hankel(c)");
  same(sl.hankel(cv, rv), S.hankel[1], "hankel(c, r)");
  same(sl.circulant(cv), S.circulant, "circulant");
  same(sl.companion(jnp.array([2, -3, 1, 5], { dtype: "float32" })), S.companion, "companion");
  same(sl.hilbert(4), S.hilbert, "hilbert");
  // JAX's binomials come from lgamma (20.000023); ours are exact.
  same(sl.pascal(4), S.pascal[0], "pascal", 2e-6);
  same(sl.pascal(4, "lower"), S.pascal[1], "pascal lower");
  same(sl.pascal(4, "upper"), S.pascal[2], "pascal upper");
  same(
    sl.leslie(jnp.array([0.1, 2.0, 1.0, 0.1], { dtype: "float32" }), jnp.array([0.2, 0.8, 0.7], { dtype: "float32" })),
    S.leslie,
    "leslie",
  );
  same(sl.helmert(4), S.helmert[0], "helmert");
  same(sl.helmert(4, { full: true }), S.helmert[1], "helmert full");
  same(sl.hadamard(4), S.hadamard[0], "hadamard");
  same(sl.hadamard(8, "float32"), S.hadamard[1], "hadamard float32");
  const d = S.dtypes;
  assert.equal(sl.toeplitz(jnp.array([1, 2], { dtype: "int32" })).dtype, d.toeplitz_int);
  assert.equal(sl.companion(jnp.array([1, 2, 3], { dtype: "int32" })).dtype, d.companion_int);
  assert.throws(() => sl.hadamard(3), /power of 2/);
  assertClose(jnp.matmul(sl.hilbert(4), sl.invhilbert(4)), jnp.eye(4), 1e-2, 1e-2, "invhilbert");
  assertClose(jnp.matmul(sl.pascal(4), sl.invpascal(4)), jnp.eye(4), 1e-5, 1e-5, "invpascal");
  assertClose(sl.fiedler([1, 4, 2]), [0, 3, 1, 3, 0, 2, 1, 2, 0], 0, 0, "fiedler");
});

test("polar matches JAX (right and left)", () => {
  for (const side of ["right", "left"] as const) {
    const c = S[`polar_${side}`];
    const [u, p] = sl.polar(arr(c.a), { side });
    assertClose(u, decData(c.u), 1e-4, 1e-4, `polar ${side} u`);
    assertClose(p, decData(c.p), 1e-4, 1e-4, `polar ${side} p`);
  }
});

test("scipy.linalg under jit (wasm vs js), vmap and grad", () => {
  const a = arr(S.expm.at(1).a);
  const spd = arr(S.cho_factor_False.a);
  const b = arr(S.cho_factor_False.b);
  agree("expm", (x) => sl.expm(x), [a], 1e-5, 1e-5, true);
  agree("choSolve", (x, y) => sl.choSolve(sl.choFactor(x), y), [spd, b], 1e-5, 1e-5, true);
  agree("luSolve", (x, y) => sl.luSolve(sl.luFactor(x), y, { trans: 1 }), [spd, b], 1e-5, 1e-5, true);
  agree("lu", (x) => sl.lu(x), [a], 1e-5, 1e-5, true);
  agree("toeplitz/hankel", (x) => [sl.toeplitz(x), sl.hankel(x), sl.circulant(x)], [jnp.array([1, 2, 3])], 0, 0, true);
  const batch = jnp.stack([a, jnp.multiply(a, 0.5)]);
  const vx = vmap((x: NDArray) => sl.expm(x))(batch);
  assertClose(vx.get(1), sl.expm(batch.get(1)), 1e-5, 1e-5, "vmap expm");
  assertClose(sl.expm(batch).get(0), sl.expm(a), 1e-6, 1e-6, "batched expm");
  const vs = vmap((x: NDArray) => sl.solveTriangular(x, b, { lower: true }))(jnp.stack([spd, jnp.add(spd, 1)]));
  assertClose(vs.get(1), sl.solveTriangular(jnp.add(spd, 1), b, { lower: true }), 1e-5, 1e-5, "vmap solveTriangular");
  // The Cholesky JVP assumes a symmetric tangent (as JAX's): differentiate along symmetric directions.
  const sym = (x: NDArray) => jnp.divide(jnp.add(x, jnp.swapaxes(x, 0, 1)), 2);
  checkGrads((x, y) => sl.choSolve(sl.choFactor(sym(x), { lower: true }), y), [spd.toArray(), b.toArray()]);
  checkGrads((x, y) => sl.luSolve(sl.luFactor(x), y), [spd.toArray(), b.toArray()]);
  checkGrads((x, y) => sl.solveTriangular(x, y, { trans: 1 }), [spd.toArray(), b.toArray()]);
  const j = jit((x: NDArray) => sl.expm(x));
  assertClose(j(a), sl.expm(a), 1e-5, 1e-5, "jit expm");
});

/** Eigenvalues of a real quasi upper triangular t (1x1 and 2x2 diagonal blocks), sorted by (re, im). */
function schurEigs(t: NDArray): Array<[number, number]> {
  const n = t.shape[0];
  const v = Array.from(t.dataSync() as Float32Array, Number);
  const at = (i: number, j: number) => v[i * n + j];
  const out: Array<[number, number]> = [];
  for (let k = 0; k < n; k++) {
    if (k + 1 < n && at(k + 1, k) !== 0) {
      const [a, b, c, d] = [at(k, k), at(k, k + 1), at(k + 1, k), at(k + 1, k + 1)];
      const tr = (a + d) / 2;
      const disc = ((a - d) / 2) ** 2 + b * c;
      const im = Math.sqrt(Math.max(-disc, 0));
      out.push([tr, -im], [tr, im]);
      k++;
    } else out.push([at(k, k), 0]);
  }
  return out.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

test("hessenberg matches JAX (LAPACK's reflector signs); schur gives a = z t z^T with JAX's eigenvalues", () => {
  for (const c of S.hessenberg) {
    const a = arr(c.a);
    const [h, q] = sl.hessenberg(a, { calcQ: true }) as NDArray[];
    assertClose(h, decData(c.h), 1e-4, 1e-5, `hessenberg h ${JSON.stringify(c.a.shape)}`);
    assertClose(q, decData(c.q), 1e-4, 1e-5, `hessenberg q ${JSON.stringify(c.a.shape)}`);
    assertClose(sl.hessenberg(a) as NDArray, decData(c.h), 1e-4, 1e-5, "hessenberg h only");
  }
  for (const c of S.schur) {
    const a = arr(c.a);
    const n = a.shape[0];
    const [t, z] = sl.schur(a);
    const what = `schur ${JSON.stringify(c.a.data.slice(0, 3))}`;
    assertClose(jnp.matmul(jnp.matmul(z, t), jnp.transpose(z)), a, 1e-4, 1e-4, `${what} reconstruction`);
    assertClose(jnp.matmul(jnp.transpose(z), z), jnp.eye(n), 1e-5, 1e-5, `${what} z orthogonal`);
    assertClose(jnp.tril(t, -2), jnp.zeros([n, n]), 0, 0, `${what} quasi triangular`);
    const eig = schurEigs(t);
    assertClose(jnp.array(eig.map((e) => e[0])), decData(c.eig_re), 1e-4, 1e-4, `${what} eigenvalues (re)`);
    assertClose(jnp.array(eig.map((e) => e[1])), decData(c.eig_im), 1e-4, 1e-4, `${what} eigenvalues (im)`);
    // As LAPACK's, a complex pair's 2x2 block has equal diagonal entries (the order of the blocks may differ from JAX's).
    const tv = Array.from(t.dataSync() as Float32Array, Number);
    for (let k = 0; k + 1 < n; k++)
      if (tv[(k + 1) * n + k] !== 0) assert.ok(Math.abs(tv[k * n + k] - tv[(k + 1) * n + k + 1]) < 1e-5, `${what} block ${k}`);
  }
  assert.equal(sl.schur(jnp.eye(2), { output: "complex" })[0].dtype, "complex64");
  agree(
    "hessenberg/schur",
    (x) => [...(sl.hessenberg(x, { calcQ: true }) as NDArray[]), ...sl.schur(x)],
    [arr(S.schur[0].a)],
    1e-5,
    1e-5,
    true,
  );
  const batch = jnp.stack([arr(S.schur[0].a), jnp.transpose(arr(S.schur[0].a))]);
  const vt = vmap((x: NDArray) => sl.schur(x)[0])(batch);
  assertClose(vt.get(1), sl.schur(batch.get(1))[0], 1e-6, 1e-6, "vmap schur");
});

test("convolutionMatrix multiplies as convolve (full, same, valid); eighTridiagonal as eigvalsh of the dense matrix", () => {
  const a = [1, -2, 3];
  const v = [0.5, 1, -1, 2, 0.25];
  const full = a.length + v.length - 1;
  const conv = Array.from({ length: full }, (_, k) => a.reduce((s, ai, i) => s + (k - i >= 0 && k - i < v.length ? ai * v[k - i] : 0), 0));
  const cases: Array<["full" | "same" | "valid", number[]]> = [
    ["full", conv],
    ["same", conv.slice(1, 1 + v.length)],
    ["valid", conv.slice(2, 2 + v.length - a.length + 1)],
  ];
  for (const [mode, want] of cases) {
    const m = sl.convolutionMatrix(jnp.array(a), v.length, mode);
    assertClose(jnp.matmul(m, jnp.array(v)), want, 1e-6, 1e-6, `convolutionMatrix ${mode}`);
  }
  const d = jnp.array([2, -1, 0.5, 3]);
  const e = jnp.array([0.3, -1.2, 0.7]);
  const dense = jnp.array([
    [2, 0.3, 0, 0],
    [0.3, -1, -1.2, 0],
    [0, -1.2, 0.5, 0.7],
    [0, 0, 0.7, 3],
  ]);
  assertClose(sl.eighTridiagonal(d, e, { eigvalsOnly: true }) as NDArray, jnp.linalg.eigvalsh(dense), 1e-5, 1e-5, "eighTridiagonal");
  const [w, vv] = sl.eighTridiagonal(d, e) as NDArray[];
  assertClose(jnp.matmul(dense, vv), jnp.multiply(vv, w), 1e-5, 1e-5, "eighTridiagonal vectors");
});

test("eigenvectors from the real Schur form (the kernel eig will use): A v = w v, unit norm, largest component real", async () => {
  const { realSchur, schurEigenvectors } = await import("../../src/backend/js/linalg_schur.ts");
  const A = [1, 2, 3, 4, 0.5, -1, 2, 0, 3, 1, -2, 1, 2, 2, 0.3, -1];
  const n = 4;
  const r = realSchur(Float64Array.from(A), n);
  const { vr, vi } = schurEigenvectors(r.T, r.Z, n, r.wr, r.wi);
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < n; k++) {
        re += A[i * n + k] * vr[k * n + j];
        im += A[i * n + k] * vi[k * n + j];
      }
      const lr = r.wr[j] * vr[i * n + j] - r.wi[j] * vi[i * n + j];
      const li = r.wr[j] * vi[i * n + j] + r.wi[j] * vr[i * n + j];
      assert.ok(Math.abs(re - lr) < 1e-12 && Math.abs(im - li) < 1e-12, `A v = w v, column ${j}`);
      norm += vr[i * n + j] ** 2 + vi[i * n + j] ** 2;
    }
    assert.ok(Math.abs(norm - 1) < 1e-12, `unit norm, column ${j}`);
  }
  // JAX's (LAPACK's) vector for -1.7499 + 1.1651i: [0.3825-0.1255j, -0.6778, 0.1585-0.3635j, -0.0063+0.4703j].
  const want = [0.3824564, -0.12550937, -0.6778419, 0, 0.15853308, -0.36350542, -0.00634702, 0.47031438];
  const got = [0, 1, 2, 3].flatMap((i) => [vr[i * n + 2], vi[i * n + 2]]);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) < 1e-5, `complex eigenvector entry ${i}: ${g} vs ${want[i]}`));
});
