// jax.scipy.linalg: triangular and factor-based solves (solveTriangular,
// choFactor/choSolve, lu/luFactor/luSolve), expm (Padé approximation with
// scaling and squaring, as JAX), the decompositions in SciPy's spelling, and
// the special matrices (toeplitz, hankel, circulant, companion, hilbert,
// pascal, leslie, helmert, hadamard, ...). Factor pairs are JS arrays:
// choFactor -> [c, lower], luFactor -> [lu, piv], lu -> [p, l, u].
import { complexDType, type DType, type DTypeLike, isComplex } from "../core/dtypes.ts";
import { JaxTypeError, NotImplementedError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { broadcastShapes } from "../core/shape.ts";
import { bind, bind1 } from "../core/trace.ts";
import { switch_ } from "../lax/control/cond_api.ts";
import { customLinearSolve } from "../lax/custom_solve.ts";
import { choleskyP, eighP, luP, luSolve as luSolveFactored, mT, triangularSolve as triSolveP } from "../lax/linalg.ts";
import { hessenberg as laxHessenberg, householderProduct, lu as laxLu, schur as laxSchur } from "../lax/linalg_api.ts";
import { padP } from "../lax/shape_ops.ts";
import { stopGradientArray } from "../lax/stop_gradient.ts";
import { full as laxFull } from "../lax/helpers.ts";
import { jvp } from "../transforms/autodiff.ts";
import * as jnp from "../numpy/index.ts";
import { svd as jsvd, qr as jqr } from "../numpy/linalg_decomp.ts";
import { inexactOrComplex } from "../numpy/linalg_solve.ts";
import { asArray, namedResultType, toType } from "../numpy/util.ts";

const pyShape = (s: readonly number[]) => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;

/** a and b with a common float dtype and a's batch dims broadcast against b's (b a matrix, or a vector when 1-D). */
function solveOperands(name: string, a: ArrayLike, b: ArrayLike): [NDArray, NDArray, boolean] {
  let [A, B] = inexactOrComplex(name, a, b);
  if (A.ndim < 2 || A.shape[A.ndim - 1] !== A.shape[A.ndim - 2]) {
    throw new ValueError(`${name}: a must be a (batched) square matrix, got shape ${pyShape(A.shape)}`);
  }
  const vec = B.ndim === 1 || (A.ndim === B.ndim + 1 && A.shape[A.ndim - 1] === B.shape[B.ndim - 1]);
  if (vec) B = jnp.expandDims(B, -1);
  const batch = broadcastShapes(A.shape.slice(0, -2), B.shape.slice(0, -2));
  A = jnp.broadcastTo(A, [...batch, ...A.shape.slice(-2)]);
  B = jnp.broadcastTo(B, [...batch, ...B.shape.slice(-2)]);
  if (A.shape[A.ndim - 1] !== B.shape[B.ndim - 2]) {
    throw new ValueError(`${name}: incompatible shapes a=${pyShape(A.shape)} and b=${pyShape(B.shape)}`);
  }
  return [A, B, vec];
}
const unvec = (x: NDArray, vec: boolean) => (vec ? jnp.squeeze(x, -1) : x);

export interface SolveTriangularOpts {
  trans?: 0 | 1 | 2 | "N" | "T" | "C";
  lower?: boolean;
  unitDiagonal?: boolean;
  overwriteB?: boolean;
  debug?: unknown;
  checkFinite?: boolean;
}

/** scipy.linalg.solveTriangular(a, b, {trans, lower, unitDiagonal}): a x = b with a triangular. */
export function solveTriangular(a: ArrayLike, b: ArrayLike, opts: SolveTriangularOpts = {}): NDArray {
  checkOptions(opts, "scipy.linalg.solveTriangular", ["trans", "lower", "unitDiagonal", "overwriteB", "debug", "checkFinite"]);
  const trans = opts.trans ?? 0;
  let transposeA: boolean;
  if (trans === 0 || trans === "N") transposeA = false;
  else if (trans === 1 || trans === "T" || trans === 2 || trans === "C") transposeA = true;
  else throw new ValueError(`Invalid 'trans' value ${String(trans)}`);
  const conjugateA = trans === 2 || trans === "C";
  const [A, B, vec] = solveOperands("solve_triangular", a, b);
  const x = triSolveP(A, B, {
    leftSide: true,
    lower: opts.lower ?? false,
    transposeA,
    conjugateA,
    unitDiagonal: opts.unitDiagonal ?? false,
  });
  return unvec(x, vec);
}

/** scipy.linalg.cholesky(a, {lower}): the upper factor by default (a = U^T U). Reads one triangle of a. */
export function cholesky(a: ArrayLike, opts: { lower?: boolean; overwriteA?: boolean; checkFinite?: boolean } = {}): NDArray {
  checkOptions(opts, "scipy.linalg.cholesky", ["lower", "overwriteA", "checkFinite"]);
  const [A] = inexactOrComplex("cholesky", a);
  if (A.ndim < 2 || A.shape[A.ndim - 1] !== A.shape[A.ndim - 2]) {
    throw new ValueError(`The input to cholesky must be a square matrix. Got shape ${pyShape(A.shape)}.`);
  }
  const lower = opts.lower ?? false;
  const l = jnp.tril(bind1(choleskyP, [lower ? A : mT(A)], {}));
  return lower ? l : mT(l);
}

/** scipy.linalg.choFactor(a, {lower}) -> [c, lower]. */
export function choFactor(a: ArrayLike, opts: { lower?: boolean; overwriteA?: boolean; checkFinite?: boolean } = {}): [NDArray, boolean] {
  checkOptions(opts, "scipy.linalg.choFactor", ["lower", "overwriteA", "checkFinite"]);
  const lower = opts.lower ?? false;
  return [cholesky(a, { lower }), lower];
}

/** scipy.linalg.choSolve([c, lower], b): a x = b from a's Cholesky factor. */
export function choSolve(
  cAndLower: [ArrayLike, boolean],
  b: ArrayLike,
  opts: { overwriteB?: boolean; checkFinite?: boolean } = {},
): NDArray {
  checkOptions(opts, "scipy.linalg.choSolve", ["overwriteB", "checkFinite"]);
  if (!Array.isArray(cAndLower) || cAndLower.length !== 2) throw new JaxTypeError("cho_solve: c_and_lower must be a pair [c, lower]");
  const [c, lower] = cAndLower;
  const [C, B, vec] = solveOperands("cho_solve", c, b);
  // lower: L L^H x = b; upper: U^H U x = b.
  const y = triSolveP(C, B, { leftSide: true, lower, transposeA: !lower, conjugateA: !lower });
  return unvec(triSolveP(C, y, { leftSide: true, lower, transposeA: lower, conjugateA: lower }), vec);
}

/** scipy.linalg.luFactor(a) -> [lu, piv] (LAPACK's row-swap pivots, int32). */
export function luFactor(a: ArrayLike, opts: { overwriteA?: boolean; checkFinite?: boolean } = {}): [NDArray, NDArray] {
  checkOptions(opts, "scipy.linalg.luFactor", ["overwriteA", "checkFinite"]);
  const [A] = inexactOrComplex("lu_factor", a);
  const [lu, piv] = laxLu(A);
  return [lu, piv];
}

/** The permutation that the row swaps `piv` apply, for m rows. */
function pivotsToPerm(piv: NDArray, m: number): NDArray {
  // Row swaps in order; static k, so one select pass per swap (as lax.linalg.luPivotsToPermutation).
  let perm = jnp.broadcastTo(jnp.arange(m, undefined, undefined, { dtype: "int32" }), [...piv.shape.slice(0, -1), m]);
  const pos = jnp.broadcastTo(jnp.arange(m, undefined, undefined, { dtype: "int32" }), perm.shape);
  for (let i = 0; i < piv.shape[piv.ndim - 1]; i++) {
    const j = jnp.expandDims(piv.get("...", i), -1);
    const atI = jnp.equal(pos, i);
    const atJ = jnp.equal(pos, j);
    const vi = jnp.sum(jnp.where(atI, perm, 0), -1, { keepdims: true });
    const vj = jnp.sum(jnp.where(atJ, perm, 0), -1, { keepdims: true });
    perm = jnp.where(atI, vj, jnp.where(atJ, vi, perm));
  }
  return perm;
}

/** scipy.linalg.luSolve([lu, piv], b, {trans}): a x = b (trans 0), a^T x = b (1, 2). */
export function luSolve(
  luAndPiv: [ArrayLike, ArrayLike],
  b: ArrayLike,
  opts: { trans?: 0 | 1 | 2; overwriteB?: boolean; checkFinite?: boolean } = {},
): NDArray {
  checkOptions(opts, "scipy.linalg.luSolve", ["trans", "overwriteB", "checkFinite"]);
  if (!Array.isArray(luAndPiv) || luAndPiv.length !== 2) throw new JaxTypeError("lu_solve: lu_and_piv must be a pair [lu, piv]");
  const piv = asArray(luAndPiv[1], "lu_solve piv");
  const [LU, B, vec] = solveOperands("lu_solve", luAndPiv[0], b);
  const m = LU.shape[LU.ndim - 1];
  const perm = jnp.broadcastTo(pivotsToPerm(jnp.astype(piv, "int32"), m), [...LU.shape.slice(0, -2), m]);
  const trans = opts.trans ?? 0;
  if (trans !== 0 && trans !== 1 && trans !== 2) throw new ValueError(`'trans' value must be 0, 1, or 2, got ${String(trans)}`);
  return unvec(luSolveFactored(LU, perm, B, trans), vec);
}

/** scipy.linalg.lu(a, {permuteL}): [p, l, u] with a = p l u, or [p l, u]. */
export function lu(a: ArrayLike, opts: { permuteL?: boolean; overwriteA?: boolean; checkFinite?: boolean } = {}): NDArray[] {
  checkOptions(opts, "scipy.linalg.lu", ["permuteL", "overwriteA", "checkFinite"]);
  const [A] = inexactOrComplex("lu", a);
  if (A.ndim < 2) throw new ValueError(`lu: input must have rank at least 2, got shape ${pyShape(A.shape)}`);
  const [luM, , perm] = bind(luP, [A], {});
  const [m, n] = A.shape.slice(-2);
  const k = Math.min(m, n);
  const dtype = A.dtype;
  // p[i, j] = 1 where perm[j] == i; real for a complex a, as JAX's.
  const p = jnp.real(
    jnp.astype(jnp.equal(jnp.expandDims(perm, -2), jnp.expandDims(jnp.arange(m, undefined, undefined, { dtype: "int32" }), -1)), dtype),
  );
  const l = jnp.add(jnp.tril(luM, -1).get("...", jnp.s(), jnp.s(0, k)), jnp.eye(m, k, 0, { dtype }));
  const u = jnp.triu(luM).get("...", jnp.s(0, k), jnp.s());
  return opts.permuteL ? [jnp.matmul(p, l), u] : [p, l, u];
}

// ---------------------------------------------------------------- expm

const PADE: Record<number, number[]> = {
  3: [120, 60, 12, 1],
  5: [30240, 15120, 3360, 420, 30, 1],
  7: [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1],
  9: [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1],
  13: [
    64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600, 670442572800, 33522128640,
    1323241920, 40840800, 960960, 16380, 182, 1,
  ],
};

/** [U, V] of the degree-m Padé approximant: exp(A) ~ (V - U)^-1 (V + U). */
function pade(A: NDArray, m: number): [NDArray, NDArray] {
  const b = PADE[m];
  const n = A.shape[A.ndim - 1];
  const I = jnp.broadcastTo(jnp.eye(n, undefined, 0, { dtype: A.dtype }), A.shape);
  const mm = jnp.matmul;
  const lin = (terms: Array<[number, NDArray]>) => terms.reduce((acc, [c, M]) => jnp.add(acc, jnp.multiply(c, M)), jnp.zerosLike(A));
  const A2 = mm(A, A);
  if (m === 13) {
    const A4 = mm(A2, A2);
    const A6 = mm(A4, A2);
    const U = mm(
      A,
      jnp.add(
        mm(
          A6,
          lin([
            [b[13], A6],
            [b[11], A4],
            [b[9], A2],
          ]),
        ),
        lin([
          [b[7], A6],
          [b[5], A4],
          [b[3], A2],
          [b[1], I],
        ]),
      ),
    );
    const V = jnp.add(
      mm(
        A6,
        lin([
          [b[12], A6],
          [b[10], A4],
          [b[8], A2],
        ]),
      ),
      lin([
        [b[6], A6],
        [b[4], A4],
        [b[2], A2],
        [b[0], I],
      ]),
    );
    return [U, V];
  }
  const powers = [I, A2];
  for (let p = 4; p <= m - 1; p += 2) powers.push(mm(powers[powers.length - 1], A2));
  const U = mm(A, lin(powers.map((P, i) => [b[2 * i + 1], P])));
  const V = lin(powers.map((P, i) => [b[2 * i], P]));
  return [U, V];
}

/**
 * scipy.linalg.expm(A, {upperTriangular, maxSquarings}): the matrix exponential
 * by JAX's algorithm: scale A by 2^-s so its 1-norm is below a bound, pick the
 * Padé degree by the norm, solve, square s times (NaN if s > maxSquarings).
 */
export function expm(a: ArrayLike, opts: { upperTriangular?: boolean; maxSquarings?: number } = {}): NDArray {
  checkOptions(opts, "scipy.linalg.expm", ["upperTriangular", "maxSquarings"]);
  const [A] = inexactOrComplex("expm", a);
  if (A.ndim < 2 || A.shape[A.ndim - 1] !== A.shape[A.ndim - 2]) {
    throw new ValueError(`Expected A to be a (batched) square matrix, got A.shape=${pyShape(A.shape)}.`);
  }
  const maxSquarings = opts.maxSquarings ?? 16;
  const f64 = A.dtype === "float64";
  const maxnorm = f64 ? 5.371920351148152 : 3.92572478313866;
  const conds = f64
    ? [1.495585217958292e-2, 2.53939833006323e-1, 9.504178996162932e-1, 2.097847961257068]
    : [4.258730016922831e-1, 1.880152677804762];
  const degrees = f64 ? [3, 5, 7, 9, 13] : [3, 5, 7];
  const l1 = jnp.linalg.norm(A, { ord: 1, axis: [-2, -1] });
  const nSq = jnp.maximum(0, jnp.floor(jnp.log2(jnp.divide(l1, maxnorm))));
  const As = jnp.divide(A, jnp.expandDims(jnp.power(2, nSq), [-2, -1]));
  // The degree by the unscaled norm (digitize), chosen per matrix.
  const idx = conds.reduce(
    (acc: NDArray, c) => jnp.add(acc, jnp.astype(jnp.greaterEqual(l1, c), "int32")),
    jnp.zerosLike(l1, { dtype: "int32" }),
  );
  let P: NDArray;
  let Q: NDArray;
  if (A.ndim === 2) {
    // One matrix: compute only the chosen approximant (lax.switch, as JAX).
    [P, Q] = switch_(
      idx,
      degrees.map((m) => (x: NDArray) => {
        const [U, V] = pade(x, m);
        return [jnp.add(U, V), jnp.subtract(V, U)];
      }),
      As,
    ) as [NDArray, NDArray];
  } else {
    P = jnp.zerosLike(As);
    Q = jnp.zerosLike(As);
    const sel = jnp.expandDims(idx, [-2, -1]);
    degrees.forEach((m, i) => {
      const [U, V] = pade(As, m);
      P = jnp.where(jnp.equal(sel, i), jnp.add(U, V), P);
      Q = jnp.where(jnp.equal(sel, i), jnp.subtract(V, U), Q);
    });
  }
  let R = opts.upperTriangular ? solveTriangular(Q, P) : jnp.linalg.solve(Q, P);
  const nSqB = jnp.expandDims(nSq, [-2, -1]);
  for (let i = 0; i < maxSquarings; i++) R = jnp.where(jnp.less(i, nSqB), jnp.matmul(R, R), R);
  return jnp.where(jnp.greater(nSqB, maxSquarings), NaN, R);
}

/** scipy.linalg.expmFrechet(A, E, {computeExpm}): [expm(A), the Fréchet derivative in direction E] (or the derivative alone). */
export function expmFrechet(
  a: ArrayLike,
  e: ArrayLike,
  opts: { computeExpm?: boolean; method?: string | null } = {},
): NDArray | [NDArray, NDArray] {
  checkOptions(opts, "scipy.linalg.expmFrechet", ["computeExpm", "method"]);
  const A = asArray(a, "expm_frechet A");
  const E = asArray(e, "expm_frechet E");
  if (A.ndim < 2 || A.shape[A.ndim - 1] !== A.shape[A.ndim - 2])
    throw new ValueError(`expected A to be a (batched) square matrix, got A.shape=${pyShape(A.shape)}`);
  if (E.ndim < 2 || E.shape[E.ndim - 1] !== E.shape[E.ndim - 2])
    throw new ValueError(`expected E to be a (batched) square matrix, got E.shape=${pyShape(E.shape)}`);
  if (pyShape(A.shape) !== pyShape(E.shape))
    throw new ValueError(`expected A and E to be the same shape, got A.shape=${pyShape(A.shape)} E.shape=${pyShape(E.shape)}`);
  const [out, tan] = jvp((x: NDArray) => expm(x), [A], [E]) as unknown as [NDArray, NDArray];
  return (opts.computeExpm ?? true) ? [out, tan] : tan;
}

/** scipy.linalg.blockDiag(...arrs): the arrays (at most 2-D) on the diagonal of one matrix. */
export function blockDiag(...arrs: ArrayLike[]): NDArray {
  const xs = arrs.length === 0 ? [jnp.zeros([1, 0])] : arrs;
  const t = namedResultType("block_diag", xs);
  const mats = xs.map((x, i) => {
    const a = toType(asArray(x, `block_diag argument ${i}`), t.dtype, t.weakType);
    if (a.ndim > 2)
      throw new ValueError(
        `Arguments to jax.scipy.linalg.block_diag must have at most 2 dimensions, got ${pyShape(a.shape)} at argument ${i}.`,
      );
    return jnp.atleast2d(a);
  });
  const total = mats.reduce((s, m) => s + m.shape[1], 0);
  let col = 0;
  const padded = mats.map((m) => {
    const cols = m.shape[1];
    const p = bind1(padP, [m, laxFull([], 0, m.dtype)], {
      padding_config: [
        [0, 0, 0],
        [col, total - cols - col, 0],
      ],
    });
    col += cols;
    return p;
  });
  return jnp.concatenate(padded, 0);
}

/** scipy.linalg.eigh(a, {lower, eigvalsOnly}): [w, v] (or w) for a symmetric a. */
export function eigh(
  a: ArrayLike,
  opts: {
    b?: ArrayLike | null;
    lower?: boolean;
    eigvalsOnly?: boolean;
    overwriteA?: boolean;
    overwriteB?: boolean;
    turbo?: boolean;
    eigvals?: null;
    type?: number;
    checkFinite?: boolean;
  } = {},
): NDArray | NDArray[] {
  checkOptions(opts, "scipy.linalg.eigh", [
    "b",
    "lower",
    "eigvalsOnly",
    "overwriteA",
    "overwriteB",
    "turbo",
    "eigvals",
    "type",
    "checkFinite",
  ]);
  if (opts.b !== undefined && opts.b !== null) throw new NotImplementedError("Only the b=None case of eigh is implemented");
  if ((opts.type ?? 1) !== 1) throw new NotImplementedError("Only the type=1 case of eigh is implemented.");
  const [A] = inexactOrComplex("eigh", a);
  // Symmetrized as JAX's: (a + a^H) / 2.
  const [v, w] = bind(eighP, [jnp.conj(jnp.linalg.matrixTranspose(A)).add(A).div(2)], {
    lower: opts.lower ?? true,
    sort_eigenvalues: true,
    subset_by_index: null,
    algorithm: null,
  });
  return opts.eigvalsOnly ? w : [w, v];
}

/** scipy.linalg.qr(a, {mode, pivoting}): [q, r] ("full", "economic") or [r] ("r"). */
export function qr(
  a: ArrayLike,
  opts: { mode?: "full" | "economic" | "r"; pivoting?: boolean; overwriteA?: boolean; lwork?: unknown; checkFinite?: boolean } = {},
): NDArray[] {
  checkOptions(opts, "scipy.linalg.qr", ["mode", "pivoting", "overwriteA", "lwork", "checkFinite"]);
  if (opts.pivoting) throw new ValueError("scipy.linalg.qr: pivoting=True is not supported");
  const mode = opts.mode ?? "full";
  if (mode !== "full" && mode !== "economic" && mode !== "r") throw new ValueError(`Unsupported QR decomposition mode '${String(mode)}'`);
  const [q, r] = jqr(a, { mode: mode === "economic" ? "reduced" : "complete" });
  return mode === "r" ? [r] : [q, r];
}

/** scipy.linalg.svd(a, {fullMatrices, computeUv}): [u, s, vh] or s. */
export function svd(
  a: ArrayLike,
  opts: { fullMatrices?: boolean; computeUv?: boolean; overwriteA?: boolean; checkFinite?: boolean; lapackDriver?: string } = {},
): NDArray | NDArray[] {
  checkOptions(opts, "scipy.linalg.svd", ["fullMatrices", "computeUv", "overwriteA", "checkFinite", "lapackDriver"]);
  const r = jsvd(a, { fullMatrices: opts.fullMatrices ?? true, computeUv: opts.computeUv ?? true });
  return Array.isArray(r) ? [...r] : r;
}

/** scipy.linalg.inv. */
export function inv(a: ArrayLike, opts: { overwriteA?: boolean; checkFinite?: boolean } = {}): NDArray {
  checkOptions(opts, "scipy.linalg.inv", ["overwriteA", "checkFinite"]);
  return jnp.linalg.inv(a);
}

/** scipy.linalg.det. */
export function det(a: ArrayLike, opts: { overwriteA?: boolean; checkFinite?: boolean } = {}): NDArray {
  checkOptions(opts, "scipy.linalg.det", ["overwriteA", "checkFinite"]);
  return jnp.linalg.det(a);
}

/**
 * scipy.linalg.solve(a, b, {assumeA, lower}): "pos" solves through a
 * Cholesky factor of a held constant, as a symmetric custom_linear_solve
 * whose matvec is x ↦ a x (JAX's: the gradient with respect to a is then
 * the full -x̄ xᵀ, not one triangle's); the rest is jnp.linalg.solve.
 */
export function solve(
  a: ArrayLike,
  b: ArrayLike,
  opts: {
    lower?: boolean;
    assumeA?: "gen" | "sym" | "her" | "pos";
    overwriteA?: boolean;
    overwriteB?: boolean;
    debug?: boolean;
    checkFinite?: boolean;
  } = {},
): NDArray {
  checkOptions(opts, "scipy.linalg.solve", ["lower", "assumeA", "overwriteA", "overwriteB", "debug", "checkFinite"]);
  const assume = opts.assumeA ?? "gen";
  if (!["gen", "sym", "her", "pos"].includes(assume)) {
    throw new ValueError(`Expected assume_a to be one of ['gen', 'sym', 'her', 'pos']; got '${String(assume)}'`);
  }
  if (assume !== "pos") return jnp.linalg.solve(a, b);
  const [A, B, vec] = solveOperands("solve", a, b);
  const factors = choFactor(stopGradientArray(A), { lower: opts.lower ?? false });
  const x = customLinearSolve(
    (v: NDArray) => jnp.matmul(A, v),
    B,
    (_matvec: unknown, y: NDArray) => choSolve(factors, y),
    { symmetric: true },
  );
  return unvec(x, vec);
}

// ---------------------------------------------------------------- special matrices

const at1d = (x: ArrayLike, what: string) => jnp.atleast1d(asArray(x, what));

/** scipy.linalg.toeplitz(c, r?): constant diagonals, first column c and first row r (c by default). */
export function toeplitz(c: ArrayLike, r?: ArrayLike | null): NDArray {
  const C = at1d(c, "toeplitz c");
  const R = r === undefined || r === null ? C : at1d(r, "toeplitz r");
  const t = namedResultType("toeplitz", [C, R]);
  const cc = toType(C, t.dtype, t.weakType);
  const rr = toType(R, t.dtype, t.weakType);
  const m = cc.shape[cc.ndim - 1];
  const n = rr.shape[rr.ndim - 1];
  // Element (i, j) is elems[m - 1 - i + j] of elems = [c reversed, r[1:]].
  const elems = jnp.concatenate([jnp.flip(cc, -1), rr.get("...", jnp.s(1))], -1);
  const idx = jnp.add(jnp.subtract(m - 1, jnp.arange(m).reshape([m, 1])), jnp.arange(n).reshape([1, n]));
  return jnp.take(elems, idx, -1);
}

/** scipy.linalg.hankel(c, r?): constant anti-diagonals, first column c and last row r (zeros by default). */
export function hankel(c: ArrayLike, r?: ArrayLike | null): NDArray {
  const C = asArray(c, "hankel c");
  const R = r === undefined || r === null ? jnp.zerosLike(C) : asArray(r, "hankel r");
  if (C.ndim === 0) throw new ValueError("hankel: c must be at least 1-dimensional, got a scalar.");
  if (R.ndim === 0) throw new ValueError("hankel: r must be at least 1-dimensional, got a scalar.");
  const t = namedResultType("hankel", [C, R]);
  const cc = toType(C, t.dtype, t.weakType);
  const rr = toType(R, t.dtype, t.weakType);
  const m = cc.shape[cc.ndim - 1];
  const n = rr.shape[rr.ndim - 1];
  const v = jnp.concatenate([cc, rr.get("...", jnp.s(1))], -1);
  const idx = jnp.add(jnp.arange(m).reshape([m, 1]), jnp.arange(n).reshape([1, n]));
  return jnp.take(v, idx, -1);
}

/** scipy.linalg.circulant(c): each column c rolled down by its index. */
export function circulant(c: ArrayLike): NDArray {
  const C = at1d(c, "circulant c");
  const n = C.shape[C.ndim - 1];
  const idx = jnp.remainder(jnp.subtract(jnp.arange(n).reshape([n, 1]), jnp.arange(n).reshape([1, n])), n);
  return jnp.take(C, idx, -1);
}

/** scipy.linalg.companion(a): the companion matrix of the polynomial with coefficients a. */
export function companion(a: ArrayLike): NDArray {
  const [A0] = inexactOrComplex("companion", a);
  const A = jnp.atleast1d(A0);
  const n = A.shape[A.ndim - 1];
  if (n < 2) throw new ValueError(`The length of \`a\` along the last axis must be at least 2; got shape ${pyShape(A.shape)}.`);
  const m = n - 1;
  const first = jnp.negative(jnp.divide(A.get("...", jnp.s(1)), A.get("...", jnp.s(0, 1))));
  const sub = jnp.broadcastTo(jnp.eye(m, m, -1, { dtype: A.dtype }), [...A.shape.slice(0, -1), m, m]);
  const row0 = jnp.expandDims(first, -2);
  return jnp.concatenate([row0, sub.get("...", jnp.s(1), jnp.s())], -2);
}

/** scipy.linalg.hilbert(n): 1 / (i + j + 1). */
export function hilbert(n: number): NDArray {
  const a = jnp.arange(n, undefined, undefined, { dtype: floatDtype() }).reshape([n, 1]);
  return jnp.divide(1, jnp.add(jnp.add(a, jnp.transpose(a)), 1));
}

/** scipy.linalg.invhilbert(n): the exact inverse of hilbert(n). */
export function invhilbert(n: number): NDArray {
  const out = new Array<number>(n * n);
  const comb = (N: number, K: number) => {
    if (K < 0 || K > N) return 0;
    let r = 1;
    for (let i = 1; i <= K; i++) r = (r * (N - K + i)) / i;
    return r;
  };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const s = i + j;
      out[i * n + j] = (-1) ** s * (s + 1) * comb(n + i, n - j - 1) * comb(n + j, n - i - 1) * comb(s, i) ** 2;
    }
  }
  return toType(jnp.array(out).reshape([n, n]), floatDtype(), false);
}

const floatDtype = (): DType => (jnp.zeros([]).dtype === "float64" ? "float64" : "float32");

function binomTable(n: number, signed: boolean): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    rows.push([]);
    for (let j = 0; j < n; j++) {
      let c = 0;
      if (j <= i) {
        c = 1;
        for (let k = 1; k <= j; k++) c = (c * (i - j + k)) / k;
      }
      rows[i].push(signed ? (-1) ** (i - j) * c : c);
    }
  }
  return rows;
}

function kindOf(kind: string | null | undefined): "symmetric" | "lower" | "upper" {
  const k = kind ?? "symmetric";
  if (k !== "symmetric" && k !== "lower" && k !== "upper")
    throw new ValueError(`Expected kind to be on of: ['symmetric', 'lower', 'upper']; got ${k}`);
  return k;
}

/** scipy.linalg.pascal(n, kind?): binomial coefficients (float32, as JAX). */
export function pascal(n: number, kind?: "symmetric" | "lower" | "upper" | null): NDArray {
  const k = kindOf(kind);
  const L = jnp.array(binomTable(n, false), { dtype: "float32" }).reshape([n, n]);
  if (k === "lower") return L;
  if (k === "upper") return jnp.transpose(L);
  return jnp.matmul(L, jnp.transpose(L));
}

/** scipy.linalg.invpascal(n, kind?). */
export function invpascal(n: number, kind?: "symmetric" | "lower" | "upper" | null): NDArray {
  const k = kindOf(kind);
  const L = toType(jnp.array(binomTable(n, true)).reshape([n, n]), floatDtype(), false);
  if (k === "lower") return L;
  if (k === "upper") return jnp.transpose(L);
  return jnp.matmul(jnp.transpose(L), L);
}

/** scipy.linalg.leslie(f, s): fecundity f in the first row, survival s on the subdiagonal. */
export function leslie(f: ArrayLike, s: ArrayLike): NDArray {
  const F0 = at1d(f, "leslie f");
  const S0 = at1d(s, "leslie s");
  if (F0.shape[F0.ndim - 1] < 2)
    throw new ValueError(`The length of f along the last axis must be at least 2; got shape ${pyShape(F0.shape)}.`);
  if (S0.shape[S0.ndim - 1] !== F0.shape[F0.ndim - 1] - 1) {
    throw new ValueError(
      `Incorrect lengths for f and s. The length of s along the last axis must be one less than the length of f; got f shape ${pyShape(F0.shape)} and s shape ${pyShape(S0.shape)}.`,
    );
  }
  const t = namedResultType("leslie", [F0, S0]);
  const F = toType(F0, t.dtype, t.weakType);
  const S = toType(S0, t.dtype, t.weakType);
  const n = F.shape[F.ndim - 1];
  // Rows 1..n-1: s[i-1] at column i-1.
  const rest = jnp.multiply(jnp.expandDims(S, -1), jnp.eye(n - 1, n, 0, { dtype: t.dtype }));
  const batch = broadcastShapes(F.shape.slice(0, -1), S.shape.slice(0, -1));
  return jnp.concatenate([jnp.broadcastTo(jnp.expandDims(F, -2), [...batch, 1, n]), jnp.broadcastTo(rest, [...batch, n - 1, n])], -2);
}

/** scipy.linalg.helmert(n, {full}): the Helmert matrix ((n-1) x n, or n x n with the first row). */
export function helmert(n: number, opts: { full?: boolean } | boolean = {}): NDArray {
  const full = typeof opts === "boolean" ? opts : (checkOptions(opts, "scipy.linalg.helmert", ["full"]).full ?? false);
  if (!(n >= 1)) throw new ValueError(`n must be a positive integer; got ${n}.`);
  const rows: number[][] = [];
  if (full) rows.push(new Array<number>(n).fill(1 / Math.sqrt(n)));
  for (let i = 0; i < n - 1; i++) {
    const k = i + 1;
    const d = Math.sqrt(k * (k + 1));
    rows.push(Array.from({ length: n }, (_, j) => (j <= i ? 1 / d : j === k ? -k / d : 0)));
  }
  return toType(jnp.array(rows.flat()).reshape([rows.length, n]), floatDtype(), false);
}

/** scipy.linalg.hadamard(n, dtype): the Sylvester Hadamard matrix (n a power of 2; int32 by default). */
export function hadamard(n: number, dtype?: DTypeLike | { dtype?: DTypeLike }): NDArray {
  const dt =
    dtype !== null && typeof dtype === "object" && !("name" in (dtype as object))
      ? (checkOptions(dtype as { dtype?: DTypeLike }, "scipy.linalg.hadamard", ["dtype"]).dtype ?? "int32")
      : ((dtype as DTypeLike | undefined) ?? "int32");
  if (!(n >= 1) || !Number.isInteger(Math.log2(n))) throw new ValueError(`n must be a positive power of 2; got ${n}.`);
  let H: number[][] = [[1]];
  while (H.length < n) H = [...H.map((r) => [...r, ...r]), ...H.map((r) => [...r, ...r.map((v) => -v)])];
  return jnp.array(H.flat(), { dtype: dt }).reshape([n, n]);
}

/** scipy.linalg.fiedler(a): |a[i] - a[j]|. */
export function fiedler(a: ArrayLike): NDArray {
  const A = at1d(a, "fiedler a");
  return jnp.abs(jnp.subtract(jnp.expandDims(A, -1), jnp.expandDims(A, -2)));
}

/**
 * scipy.linalg.polar(a, {side}): [u, p] with a = u p (right) or a = p u (left),
 * u with orthonormal columns and p symmetric positive semi-definite, from the SVD.
 */
export function polar(
  a: ArrayLike,
  opts: { side?: "right" | "left"; method?: "qdwh" | "svd"; eps?: number | null; maxIterations?: number | null } = {},
): [NDArray, NDArray] {
  checkOptions(opts, "scipy.linalg.polar", ["side", "method", "eps", "maxIterations"]);
  const A = asArray(a, "polar a");
  if (A.ndim < 2) throw new ValueError("The input `a` must be at least a 2-D array.");
  const side = opts.side ?? "right";
  if (side !== "right" && side !== "left") throw new ValueError("The argument `side` must be either 'right' or 'left'.");
  const method = opts.method ?? "qdwh";
  if (method !== "qdwh" && method !== "svd") throw new ValueError(`Unknown polar decomposition method ${String(method)}.`);
  const [m, n] = A.shape.slice(-2);
  if (method === "qdwh" && ((side === "right" && m < n) || (side === "left" && m >= n && m !== n))) {
    throw new NotImplementedError(
      `method='qdwh' only supports mxn matrices where m < n where side='right' and m >= n side='left', got ${pyShape(A.shape)} with side='${side}'`,
    );
  }
  const [u, s, vh] = jsvd(A, { fullMatrices: false });
  const unitary = jnp.matmul(u, vh);
  const posdef =
    side === "right"
      ? jnp.matmul(jnp.multiply(mT(vh), jnp.expandDims(s, -2)), vh)
      : jnp.matmul(jnp.multiply(u, jnp.expandDims(s, -2)), mT(u));
  return [unitary, posdef];
}

/** scipy.linalg.hessenberg(a, {calcQ}): h (upper Hessenberg, a = q h q^T), or [h, q]. LAPACK's reflector signs. */
export function hessenberg(
  a: ArrayLike,
  opts: { calcQ?: boolean; overwriteA?: boolean; checkFinite?: boolean } = {},
): NDArray | [NDArray, NDArray] {
  checkOptions(opts, "scipy.linalg.hessenberg", ["calcQ", "overwriteA", "checkFinite"]);
  const [A] = inexactOrComplex("hessenberg", a);
  const n = A.shape[A.ndim - 1];
  if (n === 0) return opts.calcQ ? [jnp.zerosLike(A), jnp.zerosLike(A)] : jnp.zerosLike(A);
  const [aOut, taus] = laxHessenberg(A);
  const h = jnp.triu(aOut, -1);
  if (!opts.calcQ) return h;
  const q = householderProduct(aOut.get("...", jnp.s(1), jnp.s(null, -1)), taus);
  // diag(1, q): pad one row and column in front, then set the corner.
  const padded = bind1(padP, [q, laxFull([], 0, q.dtype)], {
    padding_config: [...q.shape.slice(0, -2).map(() => [0, 0, 0]), [1, 0, 0], [1, 0, 0]],
  });
  const corner = jnp.zerosLike(padded).at("...", 0, 0).set(1);
  return [h, jnp.add(padded, corner)];
}

/** scipy.linalg.schur(a, {output}): [t, z] with a = z t z^T ("real": t quasi upper triangular, 2x2 blocks for complex pairs). */
export function schur(a: ArrayLike, opts: { output?: "real" | "complex" } = {}): [NDArray, NDArray] {
  checkOptions(opts, "scipy.linalg.schur", ["output"]);
  const output = opts.output ?? "real";
  if (output !== "real" && output !== "complex")
    throw new ValueError(`Expected 'output' to be either 'real' or 'complex', got output='${String(output)}'.`);
  let [A] = inexactOrComplex("schur", a);
  // Complex output: the complex Schur form of a cast to complex (as JAX, LAPACK's gees on complex input).
  if (output === "complex" && !isComplex(A.dtype)) A = A.astype(complexDType(A.dtype));
  const [t, z] = laxSchur(A);
  return [t, z];
}

/** scipy.linalg.convolutionMatrix(a, n, mode): the Toeplitz matrix T with T @ v = convolve(a, v, mode). */
export function convolutionMatrix(a: ArrayLike, n: number, mode: "full" | "valid" | "same" = "full"): NDArray {
  if (!Number.isInteger(n) || n <= 0) throw new ValueError(`n must be a positive integer; got ${String(n)}.`);
  const A = asArray(a, "convolution_matrix a");
  if (A.ndim === 0) throw new ValueError("convolution_matrix: a must be at least 1-dimensional, got a scalar.");
  const m = A.shape[A.ndim - 1];
  if (m < 1) throw new ValueError(`len(a) must be at least 1; got shape ${pyShape(A.shape)}.`);
  if (mode !== "full" && mode !== "valid" && mode !== "same")
    throw new ValueError(`mode must be one of 'full', 'valid', 'same'; got '${String(mode)}'.`);
  const padW = [...A.shape.slice(0, -1).map((): [number, number] => [0, 0]), [0, n - 1] as [number, number]];
  const az = jnp.pad(A, padW);
  const raz = jnp.pad(jnp.flip(A, -1), padW);
  const len = m + n - 1;
  let tb = 0;
  let te = 0;
  if (mode === "same") {
    const trim = Math.min(n, m) - 1;
    tb = Math.floor(trim / 2);
    te = trim - tb;
  } else if (mode === "valid") {
    tb = Math.min(n, m) - 1;
    te = tb;
  }
  return toeplitz(az.get("...", jnp.s(tb, len - te)), raz.get("...", jnp.s(len - n - tb, len - tb)));
}

/** scipy.linalg.eighTridiagonal(d, e, {eigvalsOnly}): eigenvalues (ascending) of the symmetric tridiagonal matrix with diagonal d and off-diagonal e, or [w, v]. */
export function eighTridiagonal(
  d: ArrayLike,
  e: ArrayLike,
  opts: { eigvalsOnly?: boolean; select?: "a"; selectRange?: null; tol?: number | null; key?: unknown } = {},
): NDArray | [NDArray, NDArray] {
  checkOptions(opts, "scipy.linalg.eighTridiagonal", ["eigvalsOnly", "select", "selectRange", "tol", "key"]);
  if ((opts.select ?? "a") !== "a") throw new ValueError("eigh_tridiagonal: only select='a' is supported");
  const [D, E] = inexactOrComplex("eigh_tridiagonal", d, e);
  const n = D.shape[D.ndim - 1];
  if (E.shape[E.ndim - 1] !== n - 1)
    throw new ValueError(`eigh_tridiagonal: e must have length n - 1 = ${n - 1}, got ${E.shape[E.ndim - 1]}`);
  const off = jnp.multiply(jnp.expandDims(E, -1), jnp.eye(n - 1, n, 1, { dtype: E.dtype }));
  const T = jnp.add(
    jnp.multiply(jnp.expandDims(D, -1), jnp.eye(n, undefined, 0, { dtype: D.dtype })),
    jnp.pad(off, [
      [0, 1],
      [0, 0],
    ]),
  );
  const sym = jnp.add(T, jnp.transpose(jnp.triu(T, 1)));
  const [v, w] = bind(eighP, [sym], { lower: true, sort_eigenvalues: true, subset_by_index: null, algorithm: null });
  return opts.eigvalsOnly ? w : [w, v];
}
export { dft } from "./linalg_dft.ts";
export { funm, sqrtm } from "./linalg_sqrtm.ts";
export { rsf2csf } from "./linalg_rsf2csf.ts";
export { fiedlerCompanion, qrMultiply, solveSylvester, type QrMultiplyOptions, type SolveSylvesterOptions } from "./linalg_extra.ts";
