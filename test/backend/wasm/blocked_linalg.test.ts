// lu, triangular_solve and cholesky of float32 matrices from LU_BLOCKED_MIN (CHOLESKY_BLOCKED_MIN) rows
// and columns up run recursively in float32 on the GEMM
// (runtime/blocked_linalg.ts), qr by panels of block reflectors
// (runtime/blocked_qr.ts), and eigh by a float32 tridiagonal reduction with
// the reference's QL/QR iterations (runtime/native_eigh.ts), and svd likewise
// (runtime/native_svd.ts). They are checked against what they compute
// (P A = L U, L Lᵀ = A, op(A) X = B, to float32's accuracy) and against the
// reference kernels (float64 work, rounded): the same pivots, values within
// float32 rounding of a matrix of this size. Sizes straddle the recursion's
// leaves (32 columns) and its odd splits; tall, wide and batched LU;
// every triangular_solve flag; Cholesky failing in its first or its last
// leaf (NaNs, as JAX); QR reduced and complete, with zero columns (no
// reflector) and of the zero matrix; eigh of odd and even sizes, from either
// triangle, with repeated eigenvalues, and with a NaN (the reference's path);
// svd on each of gesdd's four paths, full and reduced, with and without vectors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBackend, jnp, lax, type NDArray, setDefaultBackend } from "../../../src/index.ts";
import { CHOLESKY_BLOCKED_MIN, LU_BLOCKED_MIN } from "../../../src/backend/wasm/runtime/blocked_linalg.ts";
import { QR_BLOCKED_MIN } from "../../../src/backend/wasm/runtime/blocked_qr.ts";
import { EIGH_BLOCKED_MIN } from "../../../src/backend/wasm/runtime/native_eigh.ts";
import { SVD_BLOCKED_MIN } from "../../../src/backend/wasm/runtime/native_svd.ts";
import { rand } from "../../helpers/backends.ts";

const skip = defaultBackend() !== "wasm";

function onReference<T>(f: () => T): T {
  setDefaultBackend("js");
  try {
    return f();
  } finally {
    setDefaultBackend("wasm");
  }
}

/** The elements of a float or int32 array. */
const values = (x: NDArray): number[] => Array.from(x.dataSync() as ArrayLike<number>);

/** max |x - y| / max |scale| over all elements. */
function relErr(x: NDArray, y: NDArray, scale: NDArray = y): number {
  const [a, b, s] = [values(x), values(y), values(scale)];
  assert.equal(a.length, b.length);
  let err = 0,
    big = 0;
  for (let i = 0; i < a.length; i++) err = Math.max(err, Math.abs(a[i] - b[i]));
  for (let i = 0; i < s.length; i++) big = Math.max(big, Math.abs(s[i]));
  return err / big;
}

/** The bits differ somewhere: the result is not the reference kernel's float64 one, so the blocked path ran. */
const differs = (x: NDArray, y: NDArray) => {
  const want = values(y);
  return values(x).some((v, i) => !Object.is(v, want[i]));
};

function spd(n: number, seed: number, batch: number[] = []): NDArray {
  const a = rand([...batch, n, n], seed);
  return jnp.matmul(a, jnp.swapaxes(a, -1, -2)).add(jnp.eye(n).mul(n));
}

test("blocked LU: P A = L U, the reference's pivots, float32 accuracy", { skip }, () => {
  for (const shape of [
    [LU_BLOCKED_MIN, LU_BLOCKED_MIN],
    [32, 32],
    [100, 100],
    [161, 161],
    [200, 70],
    [70, 200],
    [2, 96, 96],
  ]) {
    const a = rand(shape, shape[0] * 7 + shape[1]);
    const [lu, piv, perm] = lax.linalg.lu(a);
    const [luRef, pivRef, permRef] = onReference(() => lax.linalg.lu(a));
    const name = `lu ${shape}`;
    assert.deepEqual(values(piv), values(pivRef), `${name}: pivots`);
    assert.deepEqual(values(perm), values(permRef), `${name}: permutation`);
    const [m, n] = shape.slice(-2);
    const k = Math.min(m, n);
    const start = shape.map(() => 0);
    const l = jnp.add(jnp.tril(lax.slice(lu, start, [...shape.slice(0, -2), m, k]), -1), jnp.eye(m, k));
    const u = jnp.triu(lax.slice(lu, start, [...shape.slice(0, -2), k, n]));
    const pa = jnp.takeAlongAxis(a, jnp.expandDims(perm, -1), -2);
    assert.ok(relErr(jnp.matmul(l, u), pa, a) < 2e-6 * Math.sqrt(k), `${name}: |PA - LU| / |A| = ${relErr(jnp.matmul(l, u), pa, a)}`);
    assert.ok(relErr(lu, luRef) < 1e-5 * Math.sqrt(k), `${name}: vs the reference ${relErr(lu, luRef)}`);
    assert.ok(differs(lu, luRef), `${name}: float32 arithmetic, not the reference's bits`);
  }
});

test("blocked LU of a singular matrix: zero pivots skipped as the reference does", { skip }, () => {
  const a = rand([80, 80], 3);
  const singular = a.at(null, 40).set(a.at(null, 3).get().mul(2));
  const [lu, piv] = lax.linalg.lu(singular);
  const [luRef, pivRef] = onReference(() => lax.linalg.lu(singular));
  assert.deepEqual(values(piv), values(pivRef));
  assert.ok(values(lu).every(Number.isFinite), "no division by the zero pivot");
  assert.ok(relErr(lu, luRef) < 1e-4, `vs the reference ${relErr(lu, luRef)}`);
});

test("blocked triangular_solve: every flag, one and many right-hand sides", { skip }, () => {
  for (const n of [97, LU_BLOCKED_MIN + 3]) triangularSolves(n);
  const batch = spd(70, 9, [3]);
  const lb = lax.linalg.cholesky(batch);
  const rhs = rand([3, 70, 6], 10);
  const x = lax.linalg.triangularSolve(lb, rhs, { leftSide: true, lower: true });
  assert.ok(relErr(jnp.matmul(lb, x), rhs) < 1e-5, "a batch: L X = B");
});

function triangularSolves(n: number): void {
  const l = lax.linalg.cholesky(spd(n, 5));
  const tri = { true: l, false: jnp.swapaxes(l, -1, -2) };
  for (const leftSide of [true, false])
    for (const lower of [true, false])
      for (const transposeA of [false, true])
        for (const unitDiagonal of [false, true])
          for (const nVec of [1, 40]) {
            const a = tri[`${lower}`];
            const b = leftSide ? rand([n, nVec], nVec + 1) : rand([nVec, n], nVec + 2);
            const opts = { leftSide, lower, transposeA, unitDiagonal };
            const x = lax.linalg.triangularSolve(a, b, opts);
            const want = onReference(() => lax.linalg.triangularSolve(a, b, opts));
            const name = `left ${leftSide} lower ${lower} transpose ${transposeA} unit ${unitDiagonal}, ${nVec} vectors`;
            assert.ok(values(x).every(Number.isFinite), `${name}: finite`);
            assert.ok(relErr(x, want) < 1e-5, `${n}: ${name}: vs the reference ${relErr(x, want)}`);
          }
}

test("blocked cholesky: L Lᵀ = A, float32 accuracy, NaNs where not positive definite", { skip }, () => {
  for (const n of [CHOLESKY_BLOCKED_MIN, 65, 130]) {
    const a = spd(n, n);
    const l = lax.linalg.cholesky(a);
    const want = onReference(() => lax.linalg.cholesky(a));
    assert.ok(relErr(jnp.matmul(l, l.T), a) < 1e-6, `cholesky ${n}: |L Lᵀ - A| / |A| = ${relErr(jnp.matmul(l, l.T), a)}`);
    assert.ok(relErr(l, want) < 1e-5, `cholesky ${n}: vs the reference ${relErr(l, want)}`);
    assert.ok(differs(l, want), `cholesky ${n}: float32 arithmetic`);
    assert.ok(
      jnp
        .triu(l, 1)
        .dataSync()
        .every((v) => v === 0),
      `cholesky ${n}: upper triangle zero`,
    );
  }
  const batch = spd(80, 4, [2]);
  assert.ok(relErr(jnp.matmul(lax.linalg.cholesky(batch), jnp.swapaxes(lax.linalg.cholesky(batch), -1, -2)), batch) < 1e-6, "a batch");
  // Indefinite in the first leaf, and only in the last one (a negative corner).
  for (const bad of [spd(90, 6).sub(jnp.eye(90).mul(1e4)), spd(90, 7).at(89, 89).set(-1)]) {
    const l = values(lax.linalg.cholesky(bad));
    // lax.linalg.cholesky keeps the lower triangle (JAX's tril): NaN there, 0 above.
    assert.ok(
      l.every((v, i) => (i % 90 <= Math.floor(i / 90) ? Number.isNaN(v) : v === 0)),
      "not positive definite: NaN in the lower triangle",
    );
  }
});

test("blocked qr: Q R = A, orthonormal Q, upper R, the reference's within float32", { skip }, () => {
  const cases: [number[], "reduced" | "complete"][] = [
    [[QR_BLOCKED_MIN, QR_BLOCKED_MIN], "reduced"],
    [[100, 70], "reduced"],
    [[70, 100], "reduced"],
    [[130, 90], "complete"],
    [[2, 80, 80], "reduced"],
  ];
  for (const [shape, mode] of cases) {
    const a = rand(shape, shape[0] + 3 * shape[1]);
    const [q, r] = jnp.linalg.qr(a, { mode });
    const [qRef, rRef] = onReference(() => jnp.linalg.qr(a, { mode }));
    const name = `qr ${shape} ${mode}`;
    const k = q.shape[q.ndim - 1];
    assert.ok(relErr(jnp.matmul(q, r), a) < 2e-6, `${name}: |QR - A| / |A| = ${relErr(jnp.matmul(q, r), a)}`);
    const qtq = jnp.matmul(jnp.swapaxes(q, -1, -2), q);
    assert.ok(relErr(qtq, jnp.broadcastTo(jnp.eye(k), qtq.shape)) < 2e-6, `${name}: QᵀQ = I`);
    assert.ok(
      values(jnp.tril(r, -1)).every((v) => v === 0),
      `${name}: R upper triangular`,
    );
    assert.ok(relErr(q, qRef) < 1e-4 && relErr(r, rRef) < 1e-5, `${name}: vs the reference Q ${relErr(q, qRef)} R ${relErr(r, rRef)}`);
    assert.ok(differs(q, qRef), `${name}: float32 arithmetic`);
  }
  // Zero columns give no reflector (tau 0): the first panel's and one in the second.
  const a = rand([96, 80], 8).at(null, 5).set(0).at(null, 40).set(0);
  const [q, r] = jnp.linalg.qr(a);
  assert.ok(relErr(jnp.matmul(q, r), a) < 2e-6, "zero columns: QR = A");
  const [qz, rz] = jnp.linalg.qr(jnp.zeros([70, 70]));
  assert.ok(relErr(qz, jnp.eye(70)) === 0 && values(rz).every((v) => v === 0), "the zero matrix: Q = I, R = 0");
});

test("eigh: V diag(w) Vᵀ = A, orthonormal V, the reference's eigenvalues and eigenvectors (signs included)", { skip }, () => {
  const sym = (n: number, seed: number, batch: number[] = []) => {
    const a = rand([...batch, n, n], seed);
    return jnp.add(a, jnp.swapaxes(a, -1, -2));
  };
  // Eigenvalue 3 four times over: a rotation of diag(3, 3, 3, 3, 1, 2, ...).
  const q = jnp.linalg.qr(rand([70, 70], 21))[0];
  const repeated = jnp.matmul(jnp.multiply(q, jnp.concatenate([jnp.full([4], 3), jnp.arange(66).div(10)])), q.T);
  const cases: [string, NDArray, boolean][] = [
    ["64", sym(EIGH_BLOCKED_MIN, 1), true],
    ["65", sym(65, 2), true],
    ["97, upper triangle", sym(97, 3), false],
    ["a batch", sym(70, 4, [2]), true],
    ["repeated eigenvalues", repeated, true],
  ];
  for (const [name, a, lower] of cases) {
    const n = a.shape[a.ndim - 1];
    // The other triangle is garbage: only the named one is read.
    const garbage = lower
      ? jnp.add(jnp.tril(a), jnp.triu(jnp.full(a.shape, 7), 1))
      : jnp.add(jnp.triu(a), jnp.tril(jnp.full(a.shape, 7), -1));
    const [v, w] = lax.linalg.eigh(garbage, { lower, symmetrizeInput: false });
    const [vRef, wRef] = onReference(() => lax.linalg.eigh(garbage, { lower, symmetrizeInput: false }));
    const recon = jnp.matmul(jnp.multiply(v, jnp.expandDims(w, -2)), jnp.swapaxes(v, -1, -2));
    assert.ok(relErr(recon, a) < 2e-6, `eigh ${name}: |V W Vᵀ - A| / |A| = ${relErr(recon, a)}`);
    const vtv = jnp.matmul(jnp.swapaxes(v, -1, -2), v);
    assert.ok(relErr(vtv, jnp.broadcastTo(jnp.eye(n), vtv.shape)) < 2e-6, `eigh ${name}: VᵀV = I`);
    assert.ok(relErr(w, wRef) < 1e-6, `eigh ${name}: eigenvalues vs the reference ${relErr(w, wRef)}`);
    if (name !== "repeated eigenvalues")
      assert.ok(relErr(v, vRef) < 1e-4, `eigh ${name}: eigenvectors vs the reference ${relErr(v, vRef)}`);
    assert.ok(differs(v, vRef), `eigh ${name}: float32 reduction`);
  }
  const bad = sym(80, 5).at(3, 3).set(Number.NaN);
  const [vBad, wBad] = lax.linalg.eigh(bad);
  const [vBadRef, wBadRef] = onReference(() => lax.linalg.eigh(bad));
  assert.deepEqual(values(wBad).map(String), values(wBadRef).map(String), "a NaN: the reference kernel's eigenvalues");
  assert.deepEqual(values(vBad).map(String), values(vBadRef).map(String), "a NaN: the reference kernel's eigenvectors");
});

test("svd: U S Vᵀ = A, orthonormal U and V, the reference's singular values and vectors (up to each pair's sign)", { skip }, () => {
  const k64 = SVD_BLOCKED_MIN;
  // Square, taller (one reduction), much taller (QR first), wider (a lower bidiagonal), much wider (LQ first).
  for (const [m, n] of [
    [k64, k64],
    [100, 80],
    [200, 70],
    [80, 100],
    [70, 200],
  ])
    for (const fullMatrices of [false, true]) {
      const a = rand([m, n], m * 5 + n);
      const name = `svd ${m}x${n} full ${fullMatrices}`;
      const [u, sv, vt] = jnp.linalg.svd(a, { fullMatrices });
      const [uRef, svRef, vtRef] = onReference(() => jnp.linalg.svd(a, { fullMatrices }));
      const k = Math.min(m, n);
      const [ku, kv] = fullMatrices ? [m, n] : [k, k];
      assert.deepEqual(
        [u.shape, vt.shape],
        [
          [m, ku],
          [kv, n],
        ],
        `${name}: shapes`,
      );
      const recon = jnp.matmul(jnp.multiply(lax.slice(u, [0, 0], [m, k]), sv), lax.slice(vt, [0, 0], [k, n]));
      assert.ok(relErr(recon, a) < 5e-6, `${name}: |U S Vᵀ - A| / |A| = ${relErr(recon, a)}`);
      assert.ok(relErr(jnp.matmul(u.T, u), jnp.eye(ku)) < 5e-6, `${name}: UᵀU = I`);
      assert.ok(relErr(jnp.matmul(vt, vt.T), jnp.eye(kv)) < 5e-6, `${name}: V Vᵀ = I`);
      assert.ok(relErr(sv, svRef) < 1e-6, `${name}: singular values vs the reference ${relErr(sv, svRef)}`);
      // Vector j of u and row j of vt: the reference's, or both negated (j < k; a full U's completion is not unique).
      const [U, UR, V, VR] = [values(u), values(uRef), values(vt), values(vtRef)];
      for (let j = 0; j < k; j++) {
        const sgn = Math.sign(U[j] * UR[j]) || Math.sign(U[ku + j] * UR[ku + j]) || 1;
        let worst = 0;
        for (let i = 0; i < m; i++) worst = Math.max(worst, Math.abs(U[i * ku + j] - sgn * UR[i * ku + j]));
        for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(V[j * n + i] - sgn * VR[j * n + i]));
        assert.ok(worst < 1e-3, `${name}: singular pair ${j} vs the reference (sign ${sgn}): ${worst}`);
      }
    }
  const a = rand([90, 75], 31);
  const s = jnp.linalg.svd(a, { computeUv: false });
  assert.ok(
    relErr(
      s,
      onReference(() => jnp.linalg.svd(a, { computeUv: false })),
    ) < 1e-6,
    "singular values alone",
  );
  const bad = a.at(2, 3).set(Number.POSITIVE_INFINITY);
  assert.deepEqual(
    values(jnp.linalg.svd(bad, { computeUv: false })).map(String),
    values(onReference(() => jnp.linalg.svd(bad, { computeUv: false }))).map(String),
    "an infinity: the reference kernel's path",
  );
});
