// lu, triangular_solve and cholesky of float32 matrices from BLOCKED_MIN rows
// and columns up run recursively in float32 on the GEMM
// (runtime/blocked_linalg.ts), and qr by panels of block reflectors
// (runtime/blocked_qr.ts). They are checked against what they compute
// (P A = L U, L Lᵀ = A, op(A) X = B, to float32's accuracy) and against the
// reference kernels (float64 work, rounded): the same pivots, values within
// float32 rounding of a matrix of this size. Sizes straddle the recursion's
// leaves (32 columns) and its odd splits; tall, wide and batched LU;
// every triangular_solve flag; Cholesky failing in its first or its last
// leaf (NaNs, as JAX); QR reduced and complete, with zero columns (no
// reflector) and of the zero matrix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultBackend, jnp, lax, type NDArray, setDefaultBackend } from "../../../src/index.ts";
import { BLOCKED_MIN } from "../../../src/backend/wasm/runtime/blocked_linalg.ts";
import { QR_BLOCKED_MIN } from "../../../src/backend/wasm/runtime/blocked_qr.ts";
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
    [BLOCKED_MIN, BLOCKED_MIN],
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
  const n = 97;
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
            assert.ok(relErr(x, want) < 1e-5, `${name}: vs the reference ${relErr(x, want)}`);
          }
  const batch = spd(70, 9, [3]);
  const lb = lax.linalg.cholesky(batch);
  const rhs = rand([3, 70, 6], 10);
  const x = lax.linalg.triangularSolve(lb, rhs, { leftSide: true, lower: true });
  assert.ok(relErr(jnp.matmul(lb, x), rhs) < 1e-5, "a batch: L X = B");
});

test("blocked cholesky: L Lᵀ = A, float32 accuracy, NaNs where not positive definite", { skip }, () => {
  for (const n of [BLOCKED_MIN, 65, 130]) {
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
