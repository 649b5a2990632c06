import assert from "node:assert/strict";
import { test } from "node:test";
import { TypeError as JaxTypeError, ValueError, config, grad, jit, jnp, lax, vmap, type NDArray } from "../../src/index.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";
import { dec, goldens } from "./goldens.ts";

const nums = (x: NDArray) => Array.from(x.dataSync() as ArrayLike<number>, Number);
const arr = (xs: Array<number | null | string>, shape: number[]) => jnp.array(dec(xs)).reshape(shape);

function randArr(shape: number[], seed: number): number[] {
  let s = seed;
  return Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return ((s >>> 8) / (1 << 24)) * 2 - 1;
  });
}
/** A well-conditioned (..., n, n) matrix: random plus a dominant diagonal. */
function wellConditioned(shape: number[], seed: number): NDArray {
  const n = shape[shape.length - 1];
  return jnp.add(jnp.array(randArr(shape, seed)).reshape(shape), jnp.eye(n).mul(n + 1));
}
/** Symmetric positive definite (..., n, n). */
function spd(shape: number[], seed: number): NDArray {
  const b = jnp.array(randArr(shape, seed)).reshape(shape);
  return jnp.add(jnp.matmul(b, jnp.swapaxes(b, -1, -2)), jnp.eye(shape[shape.length - 1]).mul(shape[shape.length - 1]));
}

test("inv, det, slogdet and solve match NumPy (incl. batched and broadcast right-hand sides)", () => {
  for (const g of goldens.linalg.general) {
    const a = arr(g.a, g.a_shape);
    const b = arr(g.b, g.b_shape);
    const what = `a${JSON.stringify(g.a_shape)} b${JSON.stringify(g.b_shape)}`;
    assertClose(jnp.linalg.inv(a), dec(g.inv), 2e-4, 2e-5, `inv ${what}`);
    assertClose(jnp.linalg.det(a), dec(g.det), 2e-4, 1e-5, `det ${what}`);
    const x = jnp.linalg.solve(a, b);
    assert.deepEqual(x.shape, g.solve_shape, `solve shape ${what}`);
    assertClose(x, dec(g.solve), 2e-4, 2e-5, `solve ${what}`);
    const { sign, logabsdet } = jnp.linalg.slogdet(a);
    assertClose(sign, dec(g.sign), 0, 0, `slogdet sign ${what}`);
    assertClose(logabsdet, dec(g.logabsdet), 1e-5, 1e-5, `slogdet logabsdet ${what}`);
  }
});

test("cholesky and eigh match NumPy; eigh reconstructs the matrix with orthonormal vectors", () => {
  for (const g of goldens.linalg.spd) {
    const a = arr(g.a, g.a_shape);
    assertClose(jnp.linalg.cholesky(a), dec(g.cholesky), 1e-5, 1e-5, `cholesky ${g.a_shape}`);
    assertClose(jnp.linalg.cholesky(a, { upper: true }), jnp.swapaxes(arr(g.cholesky, g.a_shape), -1, -2), 1e-5, 1e-5, "upper");
    const [w, v] = jnp.linalg.eigh(a);
    assertClose(w, dec(g.eigvalsh), 1e-5, 1e-4, `eigh values ${g.a_shape}`);
    assertClose(jnp.linalg.eigvalsh(a), dec(g.eigvalsh), 1e-5, 1e-4, "eigvalsh");
    const n = g.a_shape[g.a_shape.length - 1];
    const recon = jnp.matmul(jnp.multiply(v, jnp.expandDims(w, -2)), jnp.swapaxes(v, -1, -2));
    assertClose(recon, a, 1e-5, 1e-4, "V diag(w) V^T");
    assertClose(jnp.matmul(jnp.swapaxes(v, -1, -2), v), jnp.broadcastTo(jnp.eye(n), a.shape), 1e-5, 1e-5, "V^T V");
  }
  // Not positive definite: NaNs in the factor (its upper triangle is zeroed by tril, as in JAX).
  const bad = nums(
    jnp.linalg.cholesky(
      jnp.array([
        [1, 2],
        [2, 1],
      ]),
    ),
  );
  assert.ok([bad[0], bad[2], bad[3]].every(Number.isNaN) && bad[1] === 0, `got ${bad}`);
});

test("lax.linalg.triangularSolve matches NumPy for every side / triangle / transpose / unit-diagonal combination", () => {
  for (const g of goldens.linalg.tri) {
    const a = arr(g.a, [2, 4, 4]);
    const b = arr(g.b, g.b_shape);
    const x = lax.linalg.triangularSolve(a, b, {
      leftSide: g.left_side,
      lower: g.lower,
      transposeA: g.transpose_a,
      unitDiagonal: g.unit_diagonal,
    });
    assertClose(
      x,
      dec(g.x),
      1e-4,
      1e-5,
      JSON.stringify({ left: g.left_side, lower: g.lower, trans: g.transpose_a, unit: g.unit_diagonal }),
    );
  }
  // A vector right-hand side (one dimension fewer than a).
  const a = jnp.array([
    [2, 0],
    [1, 4],
  ]);
  assertClose(lax.linalg.triangularSolve(a, jnp.array([2, 9]), { leftSide: true, lower: true }), [1, 2], 1e-6, 1e-6, "vector b");
});

test("lax.linalg.lu matches a reference partial-pivoting LU (pivots and permutation exactly)", () => {
  for (const g of goldens.linalg.lu) {
    const [lu, piv, perm] = lax.linalg.lu(arr(g.a, g.a_shape));
    assertClose(lu, dec(g.lu), 1e-5, 1e-5, `lu ${g.a_shape}`);
    assert.deepEqual(nums(piv), g.pivots, `pivots ${g.a_shape}`);
    assert.deepEqual(nums(perm), g.permutation, `permutation ${g.a_shape}`);
    assert.equal(piv.dtype, "int32");
    assert.deepEqual(nums(lax.linalg.luPivotsToPermutation(piv, g.a_shape[0])), g.permutation, "pivots -> permutation");
  }
});

test("gradients of solve, inv, det, slogdet, cholesky, triangular_solve, lu and eigh match finite differences", () => {
  const a4 = wellConditioned([4, 4], 1).toArray();
  const b42 = randArr([4, 2], 2);
  const cases: Array<[string, (...xs: NDArray[]) => NDArray, unknown[], number?]> = [
    ["solve", (a, b) => jnp.linalg.solve(a, b), [a4, jnp.array(b42).reshape([4, 2]).toArray()], 2],
    ["solve vector", (a, b) => jnp.linalg.solve(a, b), [a4, [0.3, -1, 2, 0.5]]],
    [
      "solve batched",
      (a, b) => jnp.linalg.solve(a, b),
      [
        wellConditioned([2, 3, 3], 3).toArray(),
        jnp
          .array(randArr([2, 3, 1], 4))
          .reshape([2, 3, 1])
          .toArray(),
      ],
    ],
    ["inv", (a) => jnp.linalg.inv(a), [a4], 2],
    // One a for a batch of right-hand sides: a's factors and cotangent are shared across the batch.
    [
      "solve broadcast a",
      (a, b) => jnp.linalg.solve(a, b),
      [
        a4,
        jnp
          .array(randArr([3, 4, 2], 6))
          .reshape([3, 4, 2])
          .toArray(),
      ],
    ],
    ["det 4x4 (LU)", (a) => jnp.linalg.det(a), [a4], 2],
    ["det 5x5 batched (LU)", (a) => jnp.linalg.det(a), [wellConditioned([2, 5, 5], 5).toArray()]],
    [
      "det 2x2",
      (a) => jnp.linalg.det(a),
      [
        [
          [1.5, 0.3],
          [-0.2, 0.7],
        ],
      ],
    ],
    ["det 3x3", (a) => jnp.linalg.det(a), [wellConditioned([3, 3], 6).toArray()]],
    ["slogdet", (a) => jnp.linalg.slogdet(a).logabsdet, [wellConditioned([2, 4, 4], 7).toArray()]],
    ["cholesky", (a) => jnp.linalg.cholesky(a), [spd([4, 4], 8).toArray()], 2],
    [
      "lu",
      (a) => lax.linalg.lu(a)[0],
      [
        jnp
          .array(randArr([4, 4], 9))
          .reshape([4, 4])
          .toArray(),
      ],
    ],
    [
      "lu wide",
      (a) => lax.linalg.lu(a)[0],
      [
        jnp
          .array(randArr([3, 5], 10))
          .reshape([3, 5])
          .toArray(),
      ],
    ],
    [
      "lu tall",
      (a) => lax.linalg.lu(a)[0],
      [
        jnp
          .array(randArr([5, 3], 11))
          .reshape([5, 3])
          .toArray(),
      ],
    ],
    ["eigh values", (a) => jnp.linalg.eigh(a).eigenvalues, [spd([4, 4], 12).toArray()]],
    ["eigh vectors (sign-free)", (a) => jnp.square(jnp.linalg.eigh(a).eigenvectors), [spd([3, 3], 13).toArray()]],
  ];
  for (const [name, f, args, order] of cases) {
    try {
      checkGrads(f, args, { order: order ?? 1 });
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
  }
  for (const left of [true, false]) {
    for (const lower of [true, false]) {
      for (const transposeA of [false, true]) {
        for (const unitDiagonal of [false, true]) {
          const a = wellConditioned([4, 4], 14).toArray();
          const b = jnp
            .array(randArr(left ? [4, 3] : [3, 4], 15))
            .reshape(left ? [4, 3] : [3, 4])
            .toArray();
          const opts = { leftSide: left, lower, transposeA, unitDiagonal };
          try {
            checkGrads((x, y) => lax.linalg.triangularSolve(x, y, opts), [a, b]);
          } catch (e) {
            throw new Error(`triangularSolve ${JSON.stringify(opts)}: ${(e as Error).message}`);
          }
        }
      }
    }
  }
});

test("grad of det is det * inv(a)^T (JAX's formula), in float32 and float64", () => {
  for (const x64 of [false, true]) {
    const prev = config.enableX64;
    config.update("enableX64", x64);
    try {
      const a = jnp.asarray(wellConditioned([5, 5], 21), { dtype: x64 ? "float64" : "float32" });
      const g = grad((m: NDArray) => jnp.linalg.det(m))(a) as NDArray;
      assert.equal(g.dtype, x64 ? "float64" : "float32");
      const expected = jnp.multiply(jnp.linalg.det(a), jnp.swapaxes(jnp.linalg.inv(a), -1, -2));
      assertClose(g, expected, x64 ? 1e-10 : 1e-4, x64 ? 1e-8 : 1e-2, `x64=${x64}`);
    } finally {
      config.update("enableX64", prev);
    }
  }
});

function loop(f: (...xs: NDArray[]) => NDArray, xs: NDArray[], axes: Array<number | null>, n: number): NDArray {
  const at = (x: NDArray, ax: number | null, i: number) =>
    ax === null ? x : jnp.take(x, jnp.array([i], { dtype: "int32" }), ax).squeeze(ax);
  return jnp.stack([...Array(n).keys()].map((i) => f(...xs.map((x, k) => at(x, axes[k], i)))));
}

test("solve and inv differentiate through one LU (custom_linear_solve, as JAX's); programs run its solver inline", () => {
  const A = wellConditioned([5, 5], 51);
  const loss = (a: NDArray) => jnp.sum(jnp.linalg.inv(a));
  const lowered = jit(grad(loss)).lower(A);
  const prims = lowered.jaxpr.jaxpr.eqns.map((e) => e.primitive.name);
  // lu once, of stop_gradient(a); forward and transposed solves against its factors (JAX's jaxpr).
  assert.deepEqual(
    prims.filter((p) => p === "lu" || p === "custom_linear_solve" || p === "stop_gradient"),
    ["stop_gradient", "lu", "custom_linear_solve", "custom_linear_solve"],
  );
  // The compiled program has the solver's triangular solves in place of the primitive (not run interpreted).
  const text = lowered.compile().asText();
  if (!text.includes("interprets")) {
    assert.ok(!text.includes("custom_linear_solve"), text);
    assert.equal(text.match(/triangular_solve/g)?.length, 4, text);
  }
  // d/dA sum(inv(A)) = -inv(A)ᵀ 1 1ᵀ inv(A)ᵀ.
  const inv = jnp.linalg.inv(A);
  const ones = jnp.ones([5, 5]);
  const expected = jnp.negative(jnp.matmul(jnp.matmul(inv.T, ones), inv.T));
  assertClose(jit(grad(loss))(A) as NDArray, expected, 1e-4, 1e-6, "jit(grad(sum(inv)))");
  assertClose(grad(loss)(A) as NDArray, expected, 1e-4, 1e-6, "grad(sum(inv))");
});

test("vmap of the linalg functions matches a loop", () => {
  const B = 3;
  const A = wellConditioned([B, 4, 4], 31);
  const At = jnp.swapaxes(A, 0, 1); // mapped axis 1
  const S = spd([B, 3, 3], 32);
  const b = jnp.array(randArr([B, 4, 2], 33)).reshape([B, 4, 2]);
  const cases: Array<[string, (...xs: NDArray[]) => NDArray, NDArray[], Array<number | null>]> = [
    ["solve both", (a, y) => jnp.linalg.solve(a, y), [A, b], [0, 0]],
    ["solve a only", (a, y) => jnp.linalg.solve(a, y), [A, b.get(0)], [0, null]],
    ["solve b only", (a, y) => jnp.linalg.solve(a, y), [A.get(0), b], [null, 0]],
    ["inv axis 1", (a) => jnp.linalg.inv(a), [At], [1]],
    ["det", (a) => jnp.linalg.det(a), [A], [0]],
    ["slogdet", (a) => jnp.linalg.slogdet(a).logabsdet, [At], [1]],
    ["cholesky", (a) => jnp.linalg.cholesky(a), [S], [0]],
    ["eigh", (a) => jnp.linalg.eigh(a).eigenvalues, [S], [0]],
    ["lu", (a) => lax.linalg.lu(a)[0], [A], [0]],
    ["lu perm", (a) => lax.linalg.lu(a)[2], [At], [1]],
  ];
  for (const [left, bShape] of [
    [true, [4, 2]],
    [false, [2, 4]],
  ] as const) {
    const opts = { leftSide: left, lower: true };
    const bb = jnp.array(randArr([B, ...bShape], 34)).reshape([B, ...bShape]);
    const bbT = jnp.moveaxis(bb, 0, 2);
    cases.push([`triangularSolve left=${left} b only`, (a, y) => lax.linalg.triangularSolve(a, y, opts), [A.get(0), bbT], [null, 2]]);
    cases.push([`triangularSolve left=${left} both`, (a, y) => lax.linalg.triangularSolve(a, y, opts), [A, bb], [0, 0]]);
    cases.push([`triangularSolve left=${left} a only`, (a, y) => lax.linalg.triangularSolve(a, y, opts), [A, bb.get(1)], [0, null]]);
  }
  for (const [name, f, xs, axes] of cases) {
    const v = vmap(f, { inAxes: axes })(...xs) as NDArray;
    assertClose(v, loop(f, xs, axes, B), 1e-5, 1e-5, name);
  }
  // Gradients under vmap (per-example grads of det).
  const perEx = vmap(grad((a: NDArray) => jnp.linalg.det(a)))(A) as NDArray;
  assertClose(
    perEx,
    loop((a) => grad((m: NDArray) => jnp.linalg.det(m))(a) as NDArray, [A], [0], B),
    1e-5,
    1e-3,
    "vmap(grad(det))",
  );
});

test("jit and eager agree for the linalg functions and their gradients", () => {
  const A = wellConditioned([2, 4, 4], 41);
  const b = jnp.array(randArr([2, 4], 42)).reshape([2, 4]);
  const f = (a: NDArray, y: NDArray) => [
    jnp.linalg.solve(a, y.reshape([2, 4, 1])),
    jnp.linalg.inv(a),
    jnp.linalg.det(a),
    jnp.linalg.slogdet(a).logabsdet,
    jnp.linalg.cholesky(jnp.matmul(a, jnp.swapaxes(a, -1, -2))),
    jnp.linalg.eigh(a).eigenvalues,
  ];
  const eager = f(A, b);
  const jitted = jit(f)(A, b) as NDArray[];
  eager.forEach((e, i) => assertClose(jitted[i], e, 1e-5, 1e-5, `output ${i}`));
  const loss = (a: NDArray) => jnp.sum(jnp.linalg.inv(a)).add(jnp.linalg.slogdet(a).logabsdet.sum());
  assertClose(jit(grad(loss))(A) as NDArray, grad(loss)(A) as NDArray, 1e-5, 1e-5, "jit(grad)");
});

test("linalg errors name the shapes", () => {
  assert.throws(() => jnp.linalg.solve(jnp.ones([2, 3]), jnp.ones([2])), ValueError);
  assert.throws(
    () => jnp.linalg.solve(jnp.ones([2, 3]), jnp.ones([2])),
    /solve: a must be a square matrix of shape \[\.\.\., m, m\], got shape \(2, 3\)/,
  );
  assert.throws(() => jnp.linalg.solve(jnp.ones([3, 3]), jnp.ones([2])), /got a=\(3, 3\) and b=\(2,\)/);
  assert.throws(() => jnp.linalg.solve(jnp.ones([3, 3]), jnp.ones([2, 4])), /got a=\(3, 3\) and b=\(2, 4\)/);
  assert.throws(() => jnp.linalg.solve(jnp.ones([3]), jnp.ones([3])), /at least two dimensional/);
  assert.throws(() => jnp.linalg.inv(jnp.ones([2, 3])), /Argument to inv must have shape \[\.\.\., n, n\], got \(2, 3\)/);
  assert.throws(() => jnp.linalg.det(jnp.ones([4])), /must have shape \[\.\.\., n, n\], got \(4,\)/);
  assert.throws(() => jnp.linalg.slogdet(jnp.ones([3, 2])), /got \(3, 2\)/);
  assert.throws(() => jnp.linalg.cholesky(jnp.ones([2, 3])), /must be a square matrix. Got shape \(2, 3\)/);
  assert.throws(() => jnp.linalg.eigh(jnp.ones([2, 3])), /got shape \(2, 3\)/);
  assert.throws(
    () => lax.linalg.triangularSolve(jnp.ones([3, 3]), jnp.ones([2, 4]), { leftSide: true }),
    /Incompatible shapes for arguments to triangular_solve: \(3, 3\) and \(2, 4\)/,
  );
  assert.throws(() => lax.linalg.cholesky(jnp.ones([3, 3], { dtype: "int32" })), JaxTypeError);
  assert.throws(() => lax.linalg.lu(jnp.ones([3])), /rank >= 2/);
});

test("integer inputs are promoted to float; results are float32 by default", () => {
  const a = jnp.array(
    [
      [2, 1],
      [1, 3],
    ],
    { dtype: "int32" },
  );
  assert.equal(jnp.linalg.inv(a).dtype, "float32");
  assert.equal(jnp.linalg.det(a).dtype, "float32");
  assertClose(jnp.linalg.det(a), 5, 1e-6, 1e-6, "det");
  assertClose(jnp.linalg.solve(a, [3, 4]), [1, 1], 1e-6, 1e-6, "solve");
});
