// jnp.linalg decompositions and solvers over the lax linalg primitives:
// solve and inv (LU + two triangular solves), det and slogdet (LU diagonal or
// QR, closed forms for 1x1..3x3 as JAX uses), cholesky, eigh, eigvalsh.
// solve and inv are custom_linear_solves over one LU (as JAX's): their
// derivatives solve again with its factors. det (linalg_det.ts) and slogdet
// are custom_jvps, as JAX's.
import { isComplex, toInexactDType } from "../core/dtypes.ts";
import { NotImplementedError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { broadcastShapes } from "../core/shape.ts";
import { bind, bind1 } from "../core/trace.ts";
import { full } from "../lax/helpers.ts";
import { customLinearSolve } from "../lax/custom_solve.ts";
import { adjoint, bmm, choleskyP, diagonal, eighP, eyeLike, luP, luSolve, symmetrize, tril } from "../lax/linalg.ts";
import { stopGradientArray } from "../lax/stop_gradient.ts";
import { iotaP, reshapeP, sliceP } from "../lax/shape_ops.ts";
import { namedTuple } from "../tree/namedtuple.ts";
import { resultTuple } from "./result_tuple.ts";
import { compiledEager } from "../transforms/eager_compiled.ts";
import { customDet } from "./linalg_det.ts";
import { abs, add, astype, divide, equal, exp, less, log, multiply, notEqual, remainder, sign, subtract, where } from "./elementwise.ts";
import { real } from "./complex.ts";
import { customJvp } from "../transforms/custom_jvp.ts";
import { geqrf } from "../lax/linalg_api.ts";
import { checkOptions } from "../core/options.ts";
import { any, prod, sum } from "./reductions.ts";
import { asArray, broadcastTo, namedResultType, toType } from "./util.ts";

/** promote_dtypes_inexact for the functions that take complex inputs too. */
export function inexactOrComplex(name: string, ...xs: ArrayLike[]): NDArray[] {
  const t = namedResultType(name, xs);
  const dtype = toInexactDType(t.dtype, t.weakType);
  return xs.map((x, i) => toType(asArray(x, `${name} argument ${i}`), dtype, false, `${name} argument ${i}`));
}

function requireSquare(a: NDArray, msg: () => string): void {
  if (a.ndim < 2 || a.shape[a.ndim - 1] !== a.shape[a.ndim - 2]) throw new ValueError(msg());
}

const pyShape = (s: readonly number[]) => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;

/**
 * Solve A X = B (B [...batch, m, k], A's batch broadcasting to it) as JAX
 * does: one LU of A, held constant, and a custom_linear_solve whose matvec
 * is X ↦ A X. Derivatives solve again with the same factors (the transposed
 * system for reverse mode) instead of differentiating the factorization.
 */
function luLinearSolve(A: NDArray, B: NDArray, batch: readonly number[]): NDArray {
  const m = A.shape[A.ndim - 1];
  const [luA, , permA] = bind(luP, [stopGradientArray(A)], {});
  const lu = broadcastTo(luA, [...batch, m, m]);
  const perm = broadcastTo(permA, [...batch, m]);
  const a = broadcastTo(A, [...batch, m, m]);
  return customLinearSolve(
    (x: NDArray) => bmm(a, x),
    B,
    (_matvec: unknown, b: NDArray) => luSolve(lu, perm, b, 0),
    (_vecmat: unknown, b: NDArray) => luSolve(lu, perm, b, 1),
  );
}

/** jnp.linalg.solve(a, b): a (..., m, m); b (..., m, k), or (m,) as a vector. Jitted when called eagerly, as JAX's. */
export function solve(a: ArrayLike, b: ArrayLike): NDArray {
  const [A, B] = inexactOrComplex("solve", a, b);
  return solveCompiled(A, B);
}

const solveCompiled = compiledEager((A: NDArray, B: NDArray) => solveArrays(A, B), []);

function solveArrays(A: NDArray, B: NDArray): NDArray {
  if (A.ndim < 2) throw new ValueError(`solve: left hand array must be at least two dimensional; got a.shape=${pyShape(A.shape)}`);
  requireSquare(A, () => `solve: a must be a square matrix of shape [..., m, m], got shape ${pyShape(A.shape)}`);
  const m = A.shape[A.ndim - 1];
  const mismatch = () =>
    new ValueError(
      `solve: the arguments must have shapes a=[..., m, m] and b=[..., m, k] or b=[m]; got a=${pyShape(A.shape)} and b=${pyShape(B.shape)}`,
    );
  if (B.ndim === 0) throw mismatch();
  if (B.ndim > 1 && A.ndim === B.ndim + 1 && B.shape[B.ndim - 1] === m && B.shape[B.ndim - 2] !== m) {
    throw new ValueError(
      `Invalid shapes for solve: ${pyShape(A.shape)}, ${pyShape(B.shape)}. Prior to JAX v0.5.0, this would have been treated as a batched 1-dimensional solve. To recover this behavior, use solve(a, b[..., None]).squeeze(-1).`,
    );
  }
  const batchA = A.shape.slice(0, -2);
  if (B.ndim === 1) {
    if (B.shape[0] !== m) throw mismatch();
    const col = broadcastTo(bind1(reshapeP, [B], { new_sizes: [m, 1], dimensions: null }), [...batchA, m, 1]);
    const x = luLinearSolve(A, col, batchA);
    return bind1(reshapeP, [x], { new_sizes: [...batchA, m], dimensions: null });
  }
  if (B.shape[B.ndim - 2] !== m) throw mismatch();
  let batch: number[];
  try {
    batch = broadcastShapes(batchA, B.shape.slice(0, -2));
  } catch {
    throw mismatch();
  }
  return luLinearSolve(A, broadcastTo(B, [...batch, ...B.shape.slice(-2)]), batch);
}

/** jnp.linalg.inv: solve(a, I) over the batch. */
export function inv(a: ArrayLike): NDArray {
  const [A] = inexactOrComplex("inv", a);
  requireSquare(A, () => `Argument to inv must have shape [..., n, n], got ${pyShape(A.shape)}.`);
  return invCompiled(A);
}

/** The identity built inside the program (its iotas and select one kernel), not as eager operations before it. */
const invCompiled = compiledEager((A: NDArray) => solveArrays(A, eyeLike(A.shape, A.dtype)), []);

/** a[..., i, j] for every batch entry. */
function entry(a: NDArray, i: number, j: number): NDArray {
  const nd = a.ndim;
  const batch = a.shape.slice(0, nd - 2);
  const s = bind1(sliceP, [a], { start_indices: [...batch.map(() => 0), i, j], limit_indices: [...batch, i + 1, j + 1], strides: null });
  return bind1(reshapeP, [s], { new_sizes: batch, dimensions: null });
}

function det2(a: NDArray): NDArray {
  const e = (i: number, j: number) => entry(a, i, j);
  return subtract(multiply(e(0, 0), e(1, 1)), multiply(e(0, 1), e(1, 0)));
}
function det3(a: NDArray): NDArray {
  const e = (i: number, j: number) => entry(a, i, j);
  const m3 = (x: NDArray, y: NDArray, z: NDArray) => multiply(multiply(x, y), z);
  const pos = add(add(m3(e(0, 0), e(1, 1), e(2, 2)), m3(e(0, 1), e(1, 2), e(2, 0))), m3(e(0, 2), e(1, 0), e(2, 1)));
  const negs = add(add(m3(e(0, 2), e(1, 1), e(2, 0)), m3(e(0, 0), e(1, 2), e(2, 1))), m3(e(0, 1), e(1, 0), e(2, 2)));
  return subtract(pos, negs);
}

/** (sign, log|det|) from an LU factorization. */
function slogdetLu(a: NDArray): [NDArray, NDArray] {
  const n = a.shape[a.ndim - 1];
  const [lu, pivots] = bind(luP, [a], {});
  const diag = diagonal(lu, n);
  const isZero = any(equal(diag, 0), -1);
  const iota = bind1(iotaP, [], { dtype: "int32", shape: [...pivots.shape], dimension: pivots.ndim - 1 });
  const swaps = sum(notEqual(pivots, iota), -1);
  const cplx = isComplex(a.dtype);
  // Complex: the phase of the diagonal's product; real: its negative entries count in the parity.
  const parity = cplx ? swaps : add(swaps, sum(less(diag, 0), -1));
  const odd = remainder(parity, 2);
  let signVal = astype(subtract(1, multiply(2, odd)), a.dtype);
  if (cplx) signVal = multiply(prod(divide(diag, astype(abs(diag), a.dtype)), -1), signVal);
  const sgn = where(isZero, full([], 0, a.dtype), signVal);
  const rd = abs(diag).dtype;
  const logdet = where(isZero, full([], -Infinity, rd), sum(log(abs(diag)), -1));
  return [sgn, logdet];
}

/** JAX's result type, kept for `instanceof`-free use of its field names; results are arrays with these fields. */
export const SlogdetResult = namedTuple<{ sign: NDArray; logabsdet: NDArray }>("SlogdetResult", ["sign", "logabsdet"]);

/**
 * jnp.linalg.slogdet(a, {method}): [sign, logabsdet], also as fields
 * (`slogdet(a).logabsdet`), by LU ("lu", the default; closed forms for 1×1
 * and 2×2 as JAX's) or by QR ("qr"). Jitted when called eagerly, as JAX's.
 */
export function slogdet(a: ArrayLike, opts: { method?: "lu" | "qr" | null } = {}): NDArray[] & { sign: NDArray; logabsdet: NDArray } {
  const method = checkOptions(opts, "slogdet", ["method"]).method ?? "lu";
  if (method !== "lu" && method !== "qr") {
    throw new ValueError(`Unknown slogdet method '${String(method)}'. Supported methods are 'lu' (\`None\`), and 'qr'.`);
  }
  const [A] = inexactOrComplex("slogdet", a);
  requireSquare(A, () => `Argument to slogdet() must have shape [..., n, n], got ${pyShape(A.shape)}`);
  if (method === "qr" && isComplex(A.dtype)) throw new NotImplementedError("slogdet method='qr' not implemented for complex inputs");
  const [s, l] = (method === "qr" ? slogdetQrCompiled : slogdetCompiled)(A);
  return resultTuple({ sign: s, logabsdet: l });
}

const slogdetCompiled = compiledEager((A: NDArray): NDArray[] => {
  const n = A.shape[A.ndim - 1];
  return n === 1 || n === 2 ? slogdetSmall(A) : slogdetLuCustom(A);
}, []);
const slogdetQrCompiled = compiledEager((A: NDArray): NDArray[] => slogdetQrCustom(A), []);

/** (sign, log|det|) from the determinant itself. */
function signAndLog(det: NDArray): [NDArray, NDArray] {
  return [sign(det), log(abs(det))];
}
/** A complex determinant's tangent puts its imaginary part in the sign's (as JAX's); a real sign has none. */
function slogdetTangents(sgn: NDArray, ansDot: NDArray): [NDArray, NDArray] {
  if (!isComplex(ansDot.dtype)) return [multiply(sgn, 0), ansDot];
  const re = real(ansDot);
  return [multiply(subtract(ansDot, astype(re, ansDot.dtype)), sgn), re];
}

// JAX's custom_jvps of slogdet: d log|det a| = tr(a⁻¹ da) (for 1×1 and 2×2 in closed form); the sign has no derivative.
const slogdetSmall = customJvp(function _slogdet_small(a: NDArray): NDArray[] {
  return signAndLog(a.shape[a.ndim - 1] === 1 ? entry(a, 0, 0) : det2(a));
});
slogdetSmall.defjvp(function _slogdet_small_jvp([x]: NDArray[], [g]: NDArray[]) {
  const [sgn, ans] = slogdetSmall(x);
  let ansDot: NDArray;
  if (x.shape[x.ndim - 1] === 1) ansDot = divide(entry(g, 0, 0), entry(x, 0, 0));
  else {
    const [x00, x01, x10, x11] = [entry(x, 0, 0), entry(x, 0, 1), entry(x, 1, 0), entry(x, 1, 1)];
    const [g00, g01, g10, g11] = [entry(g, 0, 0), entry(g, 0, 1), entry(g, 1, 0), entry(g, 1, 1)];
    const sum4 = add(subtract(subtract(multiply(g00, x11), multiply(g01, x10)), multiply(g10, x01)), multiply(g11, x00));
    ansDot = divide(sum4, det2(x));
  }
  return [[sgn, ans], slogdetTangents(sgn, ansDot)];
});

function slogdetJvp(f: (a: NDArray) => NDArray[]) {
  return function _slogdet_jvp([x]: NDArray[], [g]: NDArray[]): [NDArray[], NDArray[]] {
    const [sgn, ans] = f(x);
    const n = x.shape[x.ndim - 1];
    const ansDot = sum(diagonal(solveArrays(x, g), n), -1);
    return [[sgn, ans], slogdetTangents(sgn, ansDot)];
  };
}
const slogdetLuCustom = customJvp(function _slogdet_lu(a: NDArray): NDArray[] {
  return slogdetLu(a);
});
slogdetLuCustom.defjvp(slogdetJvp(slogdetLuCustom));

/** JAX's _slogdet_qr: |det| from R's diagonal, the sign from its signs and one -1 per reflection made (tau ≠ 0). */
const slogdetQrCustom = customJvp(function _slogdet_qr(a: NDArray): NDArray[] {
  const n = a.shape[a.ndim - 1];
  const [r, taus] = geqrf(a);
  const d = diagonal(r, n);
  const logAbs = sum(log(abs(d)), -1);
  const signDiag = prod(sign(d), -1);
  const made = notEqual(
    bind1(sliceP, [taus], { start_indices: taus.shape.map(() => 0), limit_indices: [...taus.shape.slice(0, -1), n - 1], strides: null }),
    0,
  );
  const signTaus = astype(prod(where(made, -1, 1), -1), signDiag.dtype);
  return [multiply(signDiag, signTaus), logAbs];
});
slogdetQrCustom.defjvp(slogdetJvp(slogdetQrCustom));

// n >= 4: JAX's custom_jvp (linalg_det.ts), finite gradients at singular matrices.
const detCustom = customDet((a: NDArray) => {
  const [s, l] = slogdetLu(a);
  return multiply(s, exp(l).astype(s.dtype));
});

/** jnp.linalg.det: closed forms for 2x2 and 3x3 (as JAX), sign * exp(logdet) otherwise. Jitted when called eagerly, as JAX's. */
export function det(a: ArrayLike): NDArray {
  const [A] = inexactOrComplex("det", a);
  requireSquare(A, () => `Argument to _det() must have shape [..., n, n], got ${pyShape(A.shape)}`);
  return detCompiled(A);
}

const detCompiled = compiledEager((A: NDArray) => {
  const n = A.shape[A.ndim - 1];
  if (n === 2) return det2(A);
  if (n === 3) return det3(A);
  return detCustom(A);
}, []);

/** jnp.linalg.cholesky(a, {upper, symmetrizeInput}): L with a = L L^T (NaNs if not positive definite). Jitted when called eagerly, as JAX's. */
export function cholesky(a: ArrayLike, opts: { upper?: boolean; symmetrizeInput?: boolean } = {}): NDArray {
  checkOptions(opts, "cholesky", ["upper", "symmetrizeInput"]);
  const [A] = inexactOrComplex("cholesky", a);
  requireSquare(A, () => `The input to cholesky must be a square matrix. Got shape ${pyShape(A.shape)}.`);
  return choleskyCompiled(A, opts.upper ?? false, opts.symmetrizeInput ?? true);
}

const choleskyCompiled = compiledEager(
  (A: NDArray, upper: boolean, symmetrizeInput: boolean) => {
    const L = tril(bind1(choleskyP, [symmetrizeInput ? symmetrize(A) : A], {}));
    return upper ? adjoint(L) : L;
  },
  [1, 2],
);

export const EighResult = namedTuple<{ eigenvalues: NDArray; eigenvectors: NDArray }>("EighResult", ["eigenvalues", "eigenvectors"]);

function eighParts(name: string, a: ArrayLike, UPLO: "L" | "U" | null, symmetrizeInput: boolean): [NDArray, NDArray] {
  let [A] = inexactOrComplex(name, a);
  requireSquare(A, () => `Argument to symmetric eigendecomposition must have shape [..., n, n], got shape ${pyShape(A.shape)}`);
  if (UPLO !== null && UPLO !== "L" && UPLO !== "U") throw new ValueError(`UPLO must be one of None, 'L', or 'U', got ${String(UPLO)}`);
  if (symmetrizeInput) A = symmetrize(A);
  const [v, w] = bind(eighP, [A], { lower: UPLO !== "U", sort_eigenvalues: true, subset_by_index: null, algorithm: null });
  return [w, v];
}

/** jnp.linalg.eigh: [w, v] (eigenvalues ascending, eigenvectors in columns), also as fields eigenvalues/eigenvectors. */
export function eigh(
  a: ArrayLike,
  opts: { UPLO?: "L" | "U" | null; symmetrizeInput?: boolean } = {},
): NDArray[] & { eigenvalues: NDArray; eigenvectors: NDArray } {
  checkOptions(opts, "eigh", ["UPLO", "symmetrizeInput"]);
  const [w, v] = eighParts("eigh", a, opts.UPLO ?? null, opts.symmetrizeInput ?? true);
  return resultTuple({ eigenvalues: w, eigenvectors: v });
}

/** jnp.linalg.eigvalsh: the eigenvalues of a symmetric matrix, ascending. */
export function eigvalsh(a: ArrayLike, opts: { UPLO?: "L" | "U" | null; symmetrizeInput?: boolean } = {}): NDArray {
  checkOptions(opts, "eigvalsh", ["UPLO", "symmetrizeInput"]);
  return eighParts("eigvalsh", a, opts.UPLO ?? "L", opts.symmetrizeInput ?? true)[0];
}
