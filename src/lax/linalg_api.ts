// lax.linalg: the XLA-style linear algebra API (jax.lax.linalg).
import { checkOptions } from "../core/options.ts";
import { isComplex, isFloat } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { shapeStr } from "../core/shape.ts";
import { asOperand } from "../core/convert.ts";
import { bind, bind1 } from "../core/trace.ts";
import { choleskyP, eighP, luP, symmetrize, tril, triangularSolveP, type TriangularSolveOpts } from "./linalg.ts";
import { qrP, svdP } from "./linalg_decomp.ts";
import { geqrfP, hessenbergP, householderProductP, schurP } from "./linalg_householder.ts";
import { eigP } from "./linalg_eig.ts";
import { broadcastInDimP, iotaP, reshapeP, sliceP } from "./shape_ops.ts";
import { eqP, selectNP } from "./elementwise.ts";
import { reduceSumP } from "./reduce.ts";
import { full } from "./helpers.ts";
import type { Primitive } from "../core/primitive.ts";

const b2 = (p: Primitive, x: NDArray, y: NDArray) => bind1(p, [x, y], {});

function matrixArg(name: string, x: ArrayLike, what = "argument"): NDArray {
  const a = asOperand(x, `${name} ${what}`);
  if (a.ndim < 2) throw new ValueError(`${name}: ${what} must have shape [..., m, n] (rank >= 2), got shape ${shapeStr(a.shape)}`);
  const complexOk = [
    "cholesky",
    "triangular_solve",
    "lu",
    "eigh",
    "svd",
    "qr",
    "schur",
    "geqrf",
    "householder_product",
    "hessenberg",
  ].includes(name);
  if (!isFloat(a.dtype) && !(complexOk && isComplex(a.dtype))) {
    throw new JaxTypeError(`${name}: ${what} must be a floating-point array, got ${a.dtype}`);
  }
  return a;
}

/** Lower Cholesky factor L with A = L L^T; NaNs if A is not positive definite. */
export function cholesky(x: ArrayLike, opts: { symmetrizeInput?: boolean } = {}): NDArray {
  let a = matrixArg("cholesky", x);
  if (opts.symmetrizeInput ?? true) a = symmetrize(a);
  return tril(bind1(choleskyP, [a], {}));
}

/**
 * Solves op(a) x = b (leftSide) or x op(a) = b; only the `lower`/upper triangle of a is read.
 * A b with one dimension fewer than a is treated as a (batch of) vector(s).
 */
export function triangularSolve(a: ArrayLike, b: ArrayLike, opts: TriangularSolveOpts = {}): NDArray {
  checkOptions(opts, "triangular_solve", ["leftSide", "lower", "transposeA", "conjugateA", "unitDiagonal"]);
  const A = matrixArg("triangular_solve", a, "a");
  let B = asOperand(b, "triangular_solve b");
  const left = opts.leftSide ?? false;
  const singleton = B.ndim === A.ndim - 1;
  if (singleton) {
    const newSizes = left ? [...B.shape, 1] : [...B.shape.slice(0, -1), 1, B.shape[B.ndim - 1]];
    B = bind1(reshapeP, [B], { new_sizes: newSizes, dimensions: null });
  }
  const out = bind1(triangularSolveP, [A, B], {
    left_side: left,
    lower: opts.lower ?? false,
    transpose_a: opts.transposeA ?? false,
    conjugate_a: opts.conjugateA ?? false,
    unit_diagonal: opts.unitDiagonal ?? false,
  });
  if (!singleton) return out;
  const s = out.shape;
  return bind1(reshapeP, [out], { new_sizes: left ? s.slice(0, -1) : [...s.slice(0, -2), s[s.length - 1]], dimensions: null });
}

/** LU with partial pivoting: [lu, pivots, permutation] with P A = L U (as jax.lax.linalg.lu). */
export function lu(x: ArrayLike): [NDArray, NDArray, NDArray] {
  const [l, p, perm] = bind(luP, [matrixArg("lu", x)], {});
  return [l, p, perm];
}

/** Permutation from LU pivots (row swaps applied in order), as jax.lax.linalg.lu_pivots_to_permutation. */
export function luPivotsToPermutation(pivots: ArrayLike, permutationSize: number): NDArray {
  const piv = asOperand(pivots, "lu_pivots_to_permutation pivots");
  if (piv.ndim < 1 || piv.dtype !== "int32") {
    throw new JaxTypeError(`lu_pivots_to_permutation: pivots must be an int32 array of rank >= 1, got ${piv.aval.str()}`);
  }
  const k = piv.shape[piv.ndim - 1];
  if (!(permutationSize >= k)) {
    throw new ValueError(
      `Output permutation size ${permutationSize} has to exceed the trailing dimension of the pivots. Got pivots size ${k}`,
    );
  }
  // The swaps are data dependent: unroll them (k is static) as one-hot selects on an iota.
  const batch = piv.shape.slice(0, -1);
  const shape = [...batch, permutationSize];
  const nb = batch.length;
  const pos = bind1(iotaP, [], { dtype: "int32", shape, dimension: nb });
  let perm = pos;
  const spread = (v: NDArray) => bind1(broadcastInDimP, [v], { shape, broadcast_dimensions: [...Array(nb).keys()] });
  const pick = (mask: NDArray) => bind1(reduceSumP, [bind1(selectNP, [mask, full(shape, 0, "int32"), perm], {})], { axes: [nb] });
  for (let i = 0; i < k; i++) {
    const j = bind1(
      reshapeP,
      [
        bind1(sliceP, [piv], {
          start_indices: [...batch.map(() => 0), i],
          limit_indices: [...batch, i + 1],
          strides: null,
        }),
      ],
      { new_sizes: batch, dimensions: null },
    );
    const atI = b2(eqP, pos, full(shape, i, "int32"));
    const atJ = b2(eqP, pos, spread(j));
    const vi = spread(pick(atI));
    const vj = spread(pick(atJ));
    perm = bind1(selectNP, [atI, bind1(selectNP, [atJ, perm, vi], {}), vj], {});
  }
  return perm;
}

/**
 * Symmetric eigendecomposition: [v, w] with eigenvectors in the columns of v
 * and eigenvalues w ascending (as jax.lax.linalg.eigh).
 */
export function eigh(
  x: ArrayLike,
  opts: { lower?: boolean; symmetrizeInput?: boolean; sortEigenvalues?: boolean } = {},
): [NDArray, NDArray] {
  let a = matrixArg("eigh", x);
  if (opts.symmetrizeInput ?? true) a = symmetrize(a);
  const [v, w] = bind(eighP, [a], {
    lower: opts.lower ?? true,
    sort_eigenvalues: opts.sortEigenvalues ?? true,
    subset_by_index: null,
    algorithm: null,
  });
  return [v, w];
}

/** Singular value decomposition: [u, s, vh] (s descending), or s alone with computeUv false (as jax.lax.linalg.svd). */
export function svd(x: ArrayLike, opts: { fullMatrices?: boolean; computeUv: false }): NDArray;
export function svd(x: ArrayLike, opts?: { fullMatrices?: boolean; computeUv?: true }): [NDArray, NDArray, NDArray];
export function svd(x: ArrayLike, opts: { fullMatrices?: boolean; computeUv?: boolean } = {}): NDArray | [NDArray, NDArray, NDArray] {
  checkOptions(opts, "svd", ["fullMatrices", "computeUv"]);
  const a = matrixArg("svd", x);
  const computeUv = opts.computeUv ?? true;
  const outs = bind(svdP, [a], { full_matrices: opts.fullMatrices ?? true, compute_uv: computeUv, subset_by_index: null, algorithm: null });
  return computeUv ? [outs[1], outs[0], outs[2]] : outs[0];
}

/** QR decomposition [q, r] (as jax.lax.linalg.qr; complete q by default). */
export function qr(x: ArrayLike, opts: { fullMatrices?: boolean; pivoting?: false } = {}): [NDArray, NDArray] {
  checkOptions(opts, "qr", ["fullMatrices", "pivoting"]);
  if (opts.pivoting) throw new ValueError("qr: pivoting=True is not supported");
  const [q, r] = bind(qrP, [matrixArg("qr", x)], { pivoting: false, full_matrices: opts.fullMatrices ?? true, use_magma: null });
  return [q, r];
}

/** QR as LAPACK's geqrf: [a, taus] with r in the upper triangle of a and the reflectors below it. */
export function geqrf(x: ArrayLike): [NDArray, NDArray] {
  const [a, taus] = bind(geqrfP, [matrixArg("geqrf", x)], {});
  return [a, taus];
}

/** The orthogonal matrix (a's shape) that the reflectors in a's lower triangle and taus represent (LAPACK orgqr). */
export function householderProduct(a: ArrayLike, taus: ArrayLike): NDArray {
  return bind1(householderProductP, [matrixArg("householder_product", a), asOperand(taus, "householder_product taus")], {});
}

/** Hessenberg reduction as LAPACK's gehrd: [a, taus] with the Hessenberg matrix on and above the subdiagonal. */
export function hessenberg(x: ArrayLike): [NDArray, NDArray] {
  const [a, taus] = bind(hessenbergP, [matrixArg("hessenberg", x)], {});
  return [a, taus];
}

/** Real Schur decomposition [t, z] (a = z t z^T), or [t] without computeSchurVectors. */
export function schur(x: ArrayLike, opts: { computeSchurVectors?: boolean; sortEigVals?: false; selectCallable?: null } = {}): NDArray[] {
  checkOptions(opts, "schur", ["computeSchurVectors", "sortEigVals", "selectCallable"]);
  if (opts.sortEigVals || opts.selectCallable) throw new ValueError("schur: sorting the eigenvalues is not supported");
  return bind(schurP, [matrixArg("schur", x)], {
    compute_schur_vectors: opts.computeSchurVectors ?? true,
    sort_eig_vals: false,
    select_callable: null,
  });
}

/**
 * Eigendecomposition of a general (real or complex) square matrix:
 * [w, vl, vr], each eigenvector matrix only where asked for; always complex.
 */
export function eig(
  x: ArrayLike,
  opts: {
    computeLeftEigenvectors?: boolean;
    computeRightEigenvectors?: boolean;
    enableEigvecDerivs?: boolean;
    implementation?: null;
  } = {},
): NDArray[] {
  checkOptions(opts, "eig", ["computeLeftEigenvectors", "computeRightEigenvectors", "enableEigvecDerivs", "implementation"]);
  return bind(eigP, [asOperand(x, "eig argument")], {
    compute_left_eigenvectors: opts.computeLeftEigenvectors ?? true,
    compute_right_eigenvectors: opts.computeRightEigenvectors ?? true,
    enable_eigvec_derivs: opts.enableEigvecDerivs ?? false,
    implementation: null,
  });
}
