// The checks of webgpu_linalg.test.ts, run in a child process: the linalg
// primitives and jnp.linalg on the webgpu backend against the default backend
// (wasm, or js), eagerly and under jit, batched, sizes 1, 3, 8 and 33 (small:
// SwiftShader runs the kernels on the CPU). Factorizations with a unique
// answer (cholesky, triangular_solve, lu with its pivots, qr with LAPACK's
// signs) are compared entry by entry; eigh and svd, whose vectors are unique
// only up to sign, by their values and what they must satisfy (the matrix
// rebuilt, orthonormal vectors), which the reference meets too.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";

const ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";
if (!process.env.VK_ICD_FILENAMES && existsSync(ICD)) process.env.VK_ICD_FILENAMES = ICD;
const jax = await import("../../src/index.ts");
const { initWebGpu, setDefaultBackend, defaultBackend, devicePut, jit, grad, vmap, jnp, lax } = jax;
type NDArray = import("../../src/index.ts").NDArray;

const adapter = await initWebGpu();
const home = defaultBackend();
const checks: Array<[string, () => Promise<void>]> = [];
const check = (name: string, fn: () => Promise<void>) => checks.push([name, fn]);

async function values(x: NDArray): Promise<number[]> {
  return Array.from((await x.data()) as ArrayLike<number>, Number);
}

type Fn = (...xs: NDArray[]) => NDArray | NDArray[];

/** f on the default backend and on webgpu (eager and jitted): every output equal within tolerance (NaN where the reference has NaN). */
async function agree(name: string, f: Fn, args: NDArray[], rtol = 1e-4, atol = 1e-5): Promise<void> {
  setDefaultBackend(home);
  const want = [f(...args)].flat();
  const wantVals = await Promise.all(want.map(values));
  setDefaultBackend("webgpu");
  const bad: string[] = [];
  try {
    const gpuArgs = args.map((a) => devicePut(a, "webgpu") as NDArray);
    for (const [mode, g] of [
      ["eager", f],
      ["jit", jit(f)],
    ] as const) {
      const got = [g(...gpuArgs)].flat();
      assert.equal(got.length, want.length);
      for (let i = 0; i < got.length; i++) {
        assert.deepEqual(got[i].shape, want[i].shape, `${name} (${mode}) output ${i} shape`);
        assert.equal(got[i].dtype, want[i].dtype, `${name} (${mode}) output ${i} dtype`);
        assert.deepEqual(got[i].devices(), ["webgpu"]);
        const gv = await values(got[i]);
        gv.forEach((v, j) => {
          const w = wantVals[i][j];
          const ok = Object.is(v, w) || (Number.isNaN(v) && Number.isNaN(w)) || Math.abs(v - w) <= atol + rtol * Math.abs(w);
          if (!ok) bad.push(`${name} (${mode}) output ${i}[${j}]: webgpu ${v}, ${home} ${w}`);
        });
      }
    }
    assert.equal(bad.length, 0, `${bad.length} values differ:\n${bad.slice(0, 12).join("\n")}`);
  } finally {
    setDefaultBackend(home);
  }
}

function lcg(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 7;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 4294967296 - 0.5) * 2;
  }
  return out;
}
const rand = (shape: number[], seed: number) =>
  jnp
    .array(
      lcg(
        shape.reduce((a, b) => a * b, 1),
        seed,
      ),
    )
    .reshape(shape);
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

check("matrices past 64 rows or columns factor column by column: cholesky, lu, qr", async () => {
  await agree("cholesky 70", (a) => lax.linalg.cholesky(a), [spd([2, 70, 70], 160)], 2e-4, 2e-5);
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

check("eigh: ascending eigenvalues as the reference's, A = V diag(w) V^T, V orthogonal", async () => {
  for (const [n, batch] of SIZES) {
    const a = rand([batch, n, n], 110 + n);
    await agree(
      `eigh ${n}`,
      (x) => {
        const [w, v] = jnp.linalg.eigh(x);
        const rebuilt = jnp.matmul(v.mul(jnp.expandDims(w, -2)), mT(v));
        return [w, rebuilt, jnp.matmul(mT(v), v), jnp.linalg.eigvalsh(x, { UPLO: "U" })];
      },
      [a.add(mT(a))],
      5e-4,
      5e-5 * n,
    );
  }
  // A repeated eigenvalue and the upper triangle read with symmetrizeInput off.
  const d = jnp.diag(jnp.array([2, 2, -1, 5]));
  const q = jnp.linalg.qr(rand([4, 4], 120))[0];
  await agree(
    "eigh repeated",
    (x, t) => {
      const [w, v] = jnp.linalg.eigh(x);
      return [w, jnp.matmul(v.mul(jnp.expandDims(w, -2)), mT(v)), jnp.linalg.eigh(t, { UPLO: "U", symmetrizeInput: false })[0]];
    },
    [jnp.matmul(jnp.matmul(q, d), mT(q)), jnp.triu(spd([4, 4], 121))],
    2e-4,
    1e-5,
  );
});

check("svd: singular values as the reference's, U S V^T = A, orthonormal U and V (tall, wide, full, rank-deficient)", async () => {
  const parts = (x: NDArray, fullMatrices: boolean) => {
    const [u, s, vt] = jnp.linalg.svd(x, { fullMatrices });
    const [m, n] = x.shape.slice(-2);
    const k = Math.min(m, n);
    const uk = u.get("...", jnp.s(0, k));
    const vk = vt.get("...", jnp.s(0, k), jnp.s());
    return [s, jnp.matmul(uk.mul(jnp.expandDims(s, -2)), vk), jnp.matmul(mT(u), u), jnp.matmul(vt, mT(vt))];
  };
  for (const [n, batch] of SIZES) {
    await agree(
      `svd ${n}`,
      (x) => [...parts(x, false), jnp.linalg.svd(x, { computeUv: false })],
      [rand([batch, n, n], 130 + n)],
      5e-4,
      5e-5 * n,
    );
  }
  const rank1 = jnp.outer(jnp.array([1, 2, 0, -1, 3]), jnp.array([2, -1, 1]));
  await agree(
    "svd shapes",
    (t, w, r) => [...parts(t, true), ...parts(t, false), ...parts(w, true), ...parts(w, false), ...parts(r, true), ...parts(mT(r), true)],
    [rand([2, 7, 4], 140), rand([3, 6], 141), rank1],
    5e-4,
    1e-4,
  );
});

check("gradients through cholesky and solve match the reference", async () => {
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
});

/** Runs every check (or the one named in argv[2]) and prints one JSON line per check; `--list` names them. */
async function main(): Promise<void> {
  if (process.argv[2] === "--list") {
    for (const [name] of checks) console.log(JSON.stringify({ name, listed: true }));
    return;
  }
  if (!adapter) {
    console.log(JSON.stringify({ adapter: null }));
    return;
  }
  console.log(JSON.stringify({ adapter }));
  for (const [name, fn] of checks) {
    if (process.argv[2] !== undefined && name !== process.argv[2]) continue;
    const t0 = performance.now();
    try {
      await fn();
      console.log(JSON.stringify({ name, ok: true, ms: Math.round(performance.now() - t0) }));
    } catch (e) {
      console.log(JSON.stringify({ name, ok: false, message: String((e as Error)?.stack ?? e) }));
    }
  }
}
await main();
