// The checks of webgpu_linalg.test.ts, run in a child process: the linalg
// primitives and jnp.linalg on the webgpu backend against the default backend
// (wasm, or js), eagerly and under jit, batched, sizes 1, 3, 8 and 33 (small:
// SwiftShader runs the kernels on the CPU). Factorizations with a unique
// answer (cholesky, triangular_solve, lu with its pivots, qr with LAPACK's
// signs) are compared entry by entry; eigh and svd, whose vectors are unique
// only up to sign, by their values and what they must satisfy (the matrix
// rebuilt, orthonormal vectors), which the reference meets too.
import assert from "node:assert/strict";
import { checkList, compareOnWebGpu, type Fn, home, jax, rand, runChecks, values, within } from "./webgpu_check_runner.ts";

const { setDefaultBackend, devicePut, jit, grad, vmap, jnp, lax } = jax;
type NDArray = import("../../src/index.ts").NDArray;

const { checks, check } = checkList();

/** f on the default backend and on webgpu (eager and jitted): every output equal within tolerance (NaN where the reference has NaN). */
async function agree(
  name: string,
  f: Fn,
  args: NDArray[],
  rtol = 1e-4,
  atol = 1e-5,
  modes: Array<"eager" | "jit"> = ["eager", "jit"],
): Promise<void> {
  await compareOnWebGpu(name, f, args, { modes, accept: within(rtol, atol) });
}

/** Well-conditioned: random plus n on the diagonal. */
const wellConditioned = (shape: number[], seed: number) => rand(shape, seed).add(jnp.eye(shape[shape.length - 1]).mul(2));
/** Symmetric positive definite: a a^T + n I. */
const spd = (shape: number[], seed: number) => {
  const a = rand(shape, seed);
  return jnp.matmul(a, jnp.swapaxes(a, -1, -2)).add(jnp.eye(shape[shape.length - 1]).mul(shape[shape.length - 1]));
};
const mT = (x: NDArray) => jnp.swapaxes(x, -1, -2);
/** Batch sizes per matrix size: SwiftShader is slow, so few of the large ones. */
const SIZES: Array<[number, number]> = [
  [1, 3],
  [3, 4],
  [8, 3],
  [33, 2],
];

check("cholesky: batched, sizes 1..33, a matrix that is not positive definite gives NaNs", async () => {
  for (const [n, batch] of SIZES) {
    await agree(`cholesky ${n}`, (a) => lax.linalg.cholesky(a), [spd([batch, n, n], n)]);
  }
  const notPd = jnp.stack([spd([3, 3], 1), jnp.diag(jnp.array([1, -1, 2]))]);
  await agree("cholesky not positive definite", (a) => lax.linalg.cholesky(a, { symmetrizeInput: false }), [notPd]);
  await agree("cholesky vmap", vmap((a: NDArray) => lax.linalg.cholesky(a)) as Fn, [spd([2, 5, 5], 9)]);
});

check("triangular_solve: every side, triangle, transpose and unit diagonal, batched", async () => {
  for (const [n, batch] of SIZES) {
    const a = wellConditioned([batch, n, n], 10 + n);
    const bl = rand([batch, n, 2], 20 + n);
    const br = rand([batch, 3, n], 30 + n);
    await agree(
      `triangular_solve ${n}`,
      (t, x, y) => [
        ...[true, false].flatMap((lower) =>
          [false, true].flatMap((transposeA) => [
            lax.linalg.triangularSolve(t, x, { leftSide: true, lower, transposeA }),
            lax.linalg.triangularSolve(t, y, { leftSide: false, lower, transposeA }),
          ]),
        ),
        lax.linalg.triangularSolve(t, x, { leftSide: true, lower: true, unitDiagonal: true }),
        lax.linalg.triangularSolve(t, y, { leftSide: false, lower: false, unitDiagonal: true, transposeA: true }),
      ],
      [a, bl, br],
      2e-4,
      1e-5,
    );
  }
});

check("lu: factors, pivots and permutation as the reference's (square, tall, wide, singular)", async () => {
  for (const [n, batch] of SIZES) {
    await agree(`lu ${n}`, (a) => lax.linalg.lu(a), [rand([batch, n, n], 40 + n)], 2e-4, 1e-5);
  }
  await agree("lu tall and wide", (a, b) => [...lax.linalg.lu(a), ...lax.linalg.lu(b)], [rand([2, 7, 4], 50), rand([4, 6], 51)]);
  const singular = jnp.array([
    [0, 0, 1],
    [0, 0, 2],
    [0, 3, 4],
  ]);
  await agree("lu singular", (a) => lax.linalg.lu(a), [singular]);
});

check("qr, geqrf and householder_product match the reference (LAPACK's signs), tall, wide, complete", async () => {
  for (const [n, batch] of SIZES) {
    await agree(`qr ${n}`, (a) => jnp.linalg.qr(a), [rand([batch, n, n], 60 + n)], 2e-4, 2e-5);
  }
  await agree(
    "qr shapes",
    (t, w) => [
      ...jnp.linalg.qr(t),
      ...jnp.linalg.qr(t, { mode: "complete" }),
      ...jnp.linalg.qr(w),
      ...jnp.linalg.qr(w, { mode: "complete" }),
      ...lax.linalg.geqrf(t),
      lax.linalg.householderProduct(...lax.linalg.geqrf(t)),
    ],
    [rand([2, 9, 4], 70), rand([4, 7], 71)],
    2e-4,
    2e-5,
  );
});

check("hessenberg matches the reference (LAPACK's signs), batched", async () => {
  for (const [n, batch] of SIZES) {
    await agree(`hessenberg ${n}`, (a) => lax.linalg.hessenberg(a), [rand([batch, n, n], 170 + n)], 2e-4, 2e-5);
  }
});

check("matrices past 64 rows or columns factor column by column: cholesky, lu, qr", async () => {
  // The second matrix is not positive definite: NaNs.
  const notPd = spd([2, 70, 70], 160).sub(jnp.stack([jnp.zeros([70, 70]), jnp.eye(70).mul(500)]));
  await agree("cholesky 70", (a) => lax.linalg.cholesky(a), [notPd], 2e-4, 2e-5);
  await agree(
    "lu 70",
    (a, t) => [...lax.linalg.lu(a), ...lax.linalg.lu(t)],
    [wellConditioned([2, 70, 70], 161), rand([66, 70], 162)],
    2e-4,
    2e-5,
  );
  await agree(
    "qr 70",
    (a, t) => [...jnp.linalg.qr(a), ...jnp.linalg.qr(t, { mode: "complete" })],
    [rand([70, 66], 163), rand([66, 70], 164)],
    2e-4,
    2e-5,
  );
});

check("empty matrices: the factors of a 0-row or 0-column matrix are the reference's", async () => {
  await agree(
    "empty",
    (z, t, w) => [
      lax.linalg.cholesky(z),
      ...jnp.linalg.eigh(z),
      ...lax.linalg.lu(t),
      ...jnp.linalg.qr(t, { mode: "complete" }),
      ...jnp.linalg.qr(w, { mode: "complete" }),
      ...jnp.linalg.svd(t),
      ...jnp.linalg.svd(w),
    ],
    [jnp.zeros([2, 0, 0]), jnp.zeros([3, 0]), jnp.zeros([0, 3])],
  );
});

check("jnp.linalg solve, inv, det, slogdet and cholesky match the reference", async () => {
  for (const [n, batch] of SIZES) {
    const a = wellConditioned([batch, n, n], 80 + n);
    await agree(
      `jnp.linalg ${n}`,
      (x, b, s) => [
        jnp.linalg.solve(x, b),
        jnp.linalg.inv(x),
        jnp.linalg.det(x),
        ...jnp.linalg.slogdet(x),
        jnp.linalg.cholesky(s),
        jnp.linalg.solve(x.get(0), b.get(0, jnp.s(), 0)),
      ],
      [a, rand([batch, n, 2], 90 + n), spd([batch, n, n], 100 + n)],
      n === 33 ? 1e-3 : 2e-4,
      2e-5,
    );
  }
});

/** f's outputs on webgpu, eagerly and jitted, read back with their shapes. */
async function onGpu(f: Fn, args: NDArray[]): Promise<Array<{ mode: string; outs: Array<{ shape: number[]; v: number[] }> }>> {
  setDefaultBackend("webgpu");
  try {
    const gpuArgs = args.map((a) => devicePut(a, "webgpu") as NDArray);
    const res = [];
    for (const [mode, g] of [
      ["eager", f],
      ["jit", jit(f)],
    ] as const) {
      const outs = [g(...gpuArgs)].flat();
      for (const o of outs) assert.deepEqual(o.devices(), ["webgpu"]);
      res.push({ mode, outs: await Promise.all(outs.map(async (o) => ({ shape: [...o.shape], v: await values(o) }))) });
    }
    return res;
  } finally {
    setDefaultBackend(home);
  }
}

/** max |x U diag(s) W^T - A| over one matrix: U (rows x k), W (cols x k), both row-major with row strides. */
function rebuildError(
  a: number[],
  rows: number,
  cols: number,
  k: number,
  u: (i: number, j: number) => number,
  s: number[],
  w: (i: number, j: number) => number,
): number {
  let err = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let acc = 0;
      for (let l = 0; l < k; l++) acc += u(i, l) * s[l] * w(j, l);
      err = Math.max(err, Math.abs(acc - a[i * cols + j]));
    }
  }
  return err;
}

/** max |Q^T Q - I| for the columns of Q (rows x cols). */
function orthoError(q: (i: number, j: number) => number, rows: number, cols: number): number {
  let err = 0;
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < cols; j++) {
      let acc = 0;
      for (let l = 0; l < rows; l++) acc += q(l, i) * q(l, j);
      err = Math.max(err, Math.abs(acc - (i === j ? 1 : 0)));
    }
  }
  return err;
}

const close = (got: number[], want: number[], rtol: number, atol: number) =>
  got.every((g, i) => Math.abs(g - want[i]) <= atol + rtol * Math.abs(want[i]) || (Number.isNaN(g) && Number.isNaN(want[i])));

/**
 * eigh of symmetric (batch, n, n) x on webgpu: eigenvalues as the reference's
 * (ascending), V diag(w) V^T = x and V^T V = I within `tol` (times the scale of x).
 */
async function checkEigh(name: string, x: NDArray, tol: number): Promise<void> {
  const n = x.shape[x.ndim - 1];
  const batch = x.size / (n * n);
  setDefaultBackend(home);
  const wantW = await values(jnp.linalg.eigh(x)[0]);
  const xs = await values(x);
  const scale = Math.max(1, ...xs.map(Math.abs));
  for (const { mode, outs } of await onGpu((a) => [...jnp.linalg.eigh(a)], [x])) {
    const [w, v] = outs.map((o) => o.v);
    assert.ok(close(w, wantW, tol, tol * scale), `${name} (${mode}) eigenvalues ${w.slice(0, 6)} vs ${wantW.slice(0, 6)}`);
    for (let b = 0; b < batch; b++) {
      const V = (i: number, j: number) => v[b * n * n + i * n + j];
      const wb = w.slice(b * n, (b + 1) * n);
      for (let i = 1; i < n; i++) assert.ok(wb[i - 1] <= wb[i], `${name} (${mode}) eigenvalues ascending`);
      const rebuilt = rebuildError(xs.slice(b * n * n, (b + 1) * n * n), n, n, n, V, wb, V);
      assert.ok(rebuilt <= tol * scale * n, `${name} (${mode}) matrix ${b}: |V diag(w) V^T - A| = ${rebuilt}`);
      const ortho = orthoError(V, n, n);
      assert.ok(ortho <= tol * n, `${name} (${mode}) matrix ${b}: |V^T V - I| = ${ortho}`);
    }
  }
}

/** svd of (batch, m, n) x on webgpu (thin and full): singular values as the reference's, U S V^T = x, U and V orthonormal. */
async function checkSvd(name: string, x: NDArray, tol: number): Promise<void> {
  const [m, n] = x.shape.slice(-2);
  const k = Math.min(m, n);
  const batch = x.size / (m * n);
  setDefaultBackend(home);
  const wantS = await values(jnp.linalg.svd(x, { computeUv: false }));
  const xs = await values(x);
  const scale = Math.max(1, ...xs.map(Math.abs));
  const f = (a: NDArray) => [...jnp.linalg.svd(a, { fullMatrices: false }), ...jnp.linalg.svd(a), jnp.linalg.svd(a, { computeUv: false })];
  for (const { mode, outs } of await onGpu(f, [x])) {
    for (const [at, full] of [
      [0, false],
      [3, true],
    ] as const) {
      const [u, s, vt] = outs.slice(at, at + 3).map((o) => o.v);
      const [ku, kv] = full ? [m, n] : [k, k];
      const what = `${name} (${mode}, ${full ? "full" : "thin"})`;
      assert.ok(close(s, wantS, tol, tol * scale), `${what} singular values ${s.slice(0, 6)} vs ${wantS.slice(0, 6)}`);
      assert.ok(close(outs[6].v, wantS, tol, tol * scale), `${what} singular values without vectors`);
      for (let b = 0; b < batch; b++) {
        const U = (i: number, j: number) => u[b * m * ku + i * ku + j];
        const V = (i: number, j: number) => vt[b * kv * n + j * n + i];
        const sb = s.slice(b * k, (b + 1) * k);
        for (let i = 1; i < k; i++) assert.ok(sb[i - 1] >= sb[i], `${what} singular values descending`);
        const rebuilt = rebuildError(xs.slice(b * m * n, (b + 1) * m * n), m, n, k, U, sb, V);
        assert.ok(rebuilt <= tol * scale * Math.max(m, n), `${what} matrix ${b}: |U S V^T - A| = ${rebuilt}`);
        const ou = orthoError(U, m, ku);
        const ov = orthoError(V, n, kv);
        assert.ok(ou <= tol * m && ov <= tol * n, `${what} matrix ${b}: |U^T U - I| = ${ou}, |V^T V - I| = ${ov}`);
      }
    }
  }
}

check("eigh: ascending eigenvalues as the reference's, A = V diag(w) V^T, V orthogonal", async () => {
  for (const [n, batch] of SIZES) {
    const a = rand([batch, n, n], 110 + n);
    await checkEigh(`eigh ${n}`, a.add(mT(a)), 1e-5);
  }
  // A repeated eigenvalue; the upper triangle read with symmetrizeInput off.
  const d = jnp.diag(jnp.array([2, 2, -1, 5]));
  const q = jnp.linalg.qr(rand([4, 4], 120))[0];
  await checkEigh("eigh repeated", jnp.matmul(jnp.matmul(q, d), mT(q)), 1e-5);
  await agree("eigh upper", (t) => jnp.linalg.eigh(t, { UPLO: "U", symmetrizeInput: false })[0], [jnp.triu(spd([4, 4], 121))], 1e-5, 1e-5);
});

check("svd: singular values as the reference's, U S V^T = A, orthonormal U and V (tall, wide, full, rank-deficient)", async () => {
  for (const [n, batch] of SIZES) await checkSvd(`svd ${n}`, rand([batch, n, n], 130 + n), 1e-5);
  await checkSvd("svd tall", rand([2, 7, 4], 140), 1e-5);
  await checkSvd("svd wide", rand([3, 6], 141), 1e-5);
  const rank1 = jnp.outer(jnp.array([1, 2, 0, -1, 3]), jnp.array([2, -1, 1]));
  await checkSvd("svd rank 1", rank1, 1e-5);
  await checkSvd("svd rank 1 wide", mT(rank1), 1e-5);
});

check("gradients through cholesky, solve, eigh, svd and qr match the reference", async () => {
  const b = rand([5, 2], 151);
  await agree(
    "grad",
    (a) => [
      grad((x: NDArray) => jnp.linalg.cholesky(jnp.matmul(x, mT(x)).add(jnp.eye(5).mul(5))).sum())(a) as NDArray,
      grad((x: NDArray) => jnp.linalg.solve(x, b).sum())(a.add(jnp.eye(5).mul(2))) as NDArray,
    ],
    [rand([5, 5], 150)],
    5e-4,
    1e-5,
  );
  // Through eigh, svd and qr: functions of the factors that do not depend on the vectors' signs (eigh, svd) or with LAPACK's signs (qr).
  const weights = jnp.arange(4).add(1);
  await agree(
    "grad eigh svd qr",
    (a) => [
      grad((x: NDArray) =>
        jnp.linalg
          .eigh(x.add(mT(x)))[0]
          .mul(weights)
          .sum(),
      )(a) as NDArray,
      grad((x: NDArray) => jnp.linalg.svd(x, { computeUv: false }).mul(weights).sum())(a) as NDArray,
      grad((x: NDArray) => jnp.linalg.qr(x)[1].sum())(a) as NDArray,
    ],
    [rand([4, 4], 152)],
    5e-4,
    1e-5,
    // Eagerly every primitive of the backward pass compiles its own kernel (slow on SwiftShader).
    ["jit"],
  );
});

/** Runs every check (or the one named in argv[2]) and prints one JSON line per check; `--list` names them. */
await runChecks(checks);
