// lu, triangular_solve and cholesky in wasm (runtime/native_linalg.ts) give the js
// reference kernels' results exactly (the same float64 operations in the
// same order): square, tall and wide LU, a singular matrix (a zero pivot), a
// batch; triangular solves on either side, lower or upper, transposed or
// not, unit diagonal or not, with one or many right-hand sides; Cholesky of
// positive definite matrices of odd and even sizes, a batch, and a matrix
// that is not positive definite (NaNs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { config, defaultBackend, jnp, lax, type NDArray } from "../../../src/index.ts";
import { NATIVE_MOVES } from "../../../src/backend/wasm/runtime/native_moves.ts";
import { agree, rand } from "../../helpers/backends.ts";
import { getBackend } from "../../../src/backend/backend.ts";
import type { WasmBackend } from "../../../src/backend/wasm/backend.ts";
import { linalgFunctions } from "../../../src/backend/wasm/runtime/linalg_module.ts";
import { columnRotations } from "../../../src/backend/js/eigh_syevd.ts";

const skip = defaultBackend() !== "wasm";
const luOf = (a: NDArray) => lax.linalg.lu(a);

test("lu equals the reference kernel bit for bit", { skip }, () => {
  for (const shape of [
    [9, 9],
    [13, 6],
    [5, 11],
    [3, 7, 7],
  ])
    agree(`lu ${shape}`, luOf, [rand(shape, shape[0] + shape[1])], 0, 0, true);
  // Column 2 is a multiple of column 0, so a pivot is 0 partway: the update skips it as the reference does.
  const a = rand([6, 6], 3);
  const singular = a.at(null, 2).set(a.at(null, 0).get().mul(2));
  agree("lu of a singular matrix", luOf, [singular], 0, 0, true);
});

test("triangular_solve equals the reference kernel bit for bit, for every flag", { skip }, () => {
  const a = rand([7, 7], 11).add(lax.broadcastInDim(rand([7], 12).mul(0), [7, 7], [0]));
  for (const leftSide of [true, false])
    for (const lower of [true, false])
      for (const transposeA of [false, true])
        for (const unitDiagonal of [false, true]) {
          const b = leftSide ? rand([7, 5], 13) : rand([5, 7], 14);
          const name = `left ${leftSide} lower ${lower} transpose ${transposeA} unit ${unitDiagonal}`;
          agree(name, (m, r) => lax.linalg.triangularSolve(m, r, { leftSide, lower, transposeA, unitDiagonal }), [a, b], 0, 0, true);
        }
  agree(
    "a batch, one right-hand side",
    (m, r) => lax.linalg.triangularSolve(m, r, { leftSide: true, lower: true }),
    [rand([3, 6, 6], 15), rand([3, 6, 1], 16)],
    0,
    0,
    true,
  );
});

test("cholesky equals the reference kernel bit for bit", { skip }, () => {
  const spd = (n: number, seed: number) => {
    const a = rand([n, n], seed);
    return jnp.matmul(a, a.T).add(jnp.eye(n).mul(n));
  };
  for (const n of [1, 2, 7, 16, 33]) agree(`cholesky ${n}`, (m) => lax.linalg.cholesky(m), [spd(n, n + 40)], 0, 0, true);
  agree("cholesky of a batch", (m) => lax.linalg.cholesky(m), [jnp.stack([spd(5, 1), spd(5, 2), spd(5, 3)])], 0, 0, true);
  agree("cholesky of an indefinite matrix", (m) => lax.linalg.cholesky(m), [spd(6, 4).sub(jnp.eye(6).mul(100))], 0, 0, true);
});

test("the wasm kernels run for float32 matrices", { skip }, () => {
  let ran = 0;
  const original = NATIVE_MOVES.lu;
  NATIVE_MOVES.lu = (...args) => {
    const out = original(...args);
    if (out) ran++;
    return out;
  };
  try {
    luOf(rand([8, 8], 17))[0].dataSync();
  } finally {
    NATIVE_MOVES.lu = original;
  }
  assert.equal(ran, 1);
});

test("float64 matrices and batches: the reference kernel's bits on every path (whole batches staged at once)", { skip }, () => {
  const prev = config.enableX64;
  config.update("enableX64", true);
  try {
    const f64 = (x: NDArray) => x.astype("float64");
    agree("lu float64, a batch", luOf, [f64(rand([4, 9, 7], 41))], 0, 0, true);
    const a = f64(rand([3, 6, 6], 42));
    for (const leftSide of [true, false])
      for (const transposeA of [false, true]) {
        const b = f64(leftSide ? rand([3, 6, 4], 43) : rand([3, 4, 6], 44));
        agree(
          `triangular_solve float64 left ${leftSide} transpose ${transposeA}`,
          (m, r) => lax.linalg.triangularSolve(m, r, { leftSide, lower: true, transposeA }),
          [a, b],
          0,
          0,
          true,
        );
      }
    const spd = f64(jnp.matmul(rand([5, 5], 45), rand([5, 5], 45).T).add(jnp.eye(5).mul(5)));
    const indefinite = spd.sub(jnp.eye(5).mul(100));
    agree(
      "cholesky float64, a batch with an indefinite member",
      (m) => lax.linalg.cholesky(m),
      [jnp.stack([spd, indefinite, spd])],
      0,
      0,
      true,
    );
  } finally {
    config.update("enableX64", prev);
  }
});

test("float32 batches of small matrices: the reference kernel's bits", { skip }, () => {
  agree("lu, 50 matrices", luOf, [rand([50, 5, 5], 51)], 0, 0, true);
  agree(
    "triangular_solve right side, 20 matrices",
    (m, r) => lax.linalg.triangularSolve(m, r, { leftSide: false, lower: false }),
    [rand([20, 6, 6], 52), rand([20, 3, 6], 53)],
    0,
    0,
    true,
  );
});

test("steqr's rotations on rows in wasm equal the reference's on columns, bit for bit (fused pairs, identities skipped, both orders)", {
  skip,
}, () => {
  jnp.zeros([1]).dataSync();
  const b = getBackend() as WasmBackend;
  const heap = b.heap;
  const { rotate } = linalgFunctions(heap);
  let seed = 7;
  const next = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  for (const n of [7, 8, 13]) {
    const Z = Float64Array.from({ length: n * n }, next);
    const zt = heap.alloc(8 * n * n);
    const cs = heap.alloc(16 * n);
    try {
      for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) heap.f64[(zt >> 3) + i * n + k] = Z[k * n + i];
      const ref = columnRotations(Z, n);
      for (const [lo, cnt, forward] of [
        [0, n - 1, true],
        [1, n - 2, false],
        [2, 3, true],
        [0, 1, false],
        [3, n - 4, false],
      ] as const) {
        // Identity rotations at the ends and in the middle, as steqr produces them.
        const c = Array.from({ length: cnt }, (_, j) => (j % 4 === 2 ? 1 : Math.cos(next() * 6)));
        const sn = c.map((x, j) => (j % 4 === 2 ? 0 : Math.sin(Math.acos(x)) * (next() < 0 ? -1 : 1)));
        ref.rotate(lo, c, sn, forward);
        heap.f64.set(c, cs >> 3);
        heap.f64.set(sn, (cs >> 3) + n);
        rotate(zt, n, lo, cnt, cs, cs + 8 * n, forward ? 1 : 0);
      }
      const f64 = heap.f64;
      for (let i = 0; i < n; i++)
        for (let k = 0; k < n; k++) assert.ok(Object.is(f64[(zt >> 3) + i * n + k], Z[k * n + i]), `n ${n}: element (${k}, ${i})`);
    } finally {
      heap.release(cs, 16 * n);
      heap.release(zt, 8 * n * n);
    }
  }
});
