// jax.scipy.linalg: solveSylvester (Bartels-Stewart on the complex Schur
// forms, or eigendecomposition), qrMultiply (Q of the QR decomposition
// applied to c, as LAPACK's ormqr) and fiedlerCompanion.
import { complexDType, isComplex } from "../core/dtypes.ts";
import { ValueError } from "../core/errors.ts";
import type { ArrayLike, NDArray } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { broadcastShapes } from "../core/shape.ts";
import { real } from "../lax/complex_api.ts";
import { schur as laxSchur } from "../lax/linalg_api.ts";
import * as jnp from "../numpy/index.ts";
import { qr as jqr } from "../numpy/linalg_decomp.ts";
import { promoteInexact } from "./inexact.ts";
import { asArray } from "../numpy/util.ts";
import { qrPivoted } from "./linalg_qrp.ts";

const pyShape = (s: readonly number[]) => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;
const mH = (x: NDArray) => jnp.conj(jnp.swapaxes(x, -1, -2));

/** The complex Schur form [t, z] of a square matrix (a = z t z^H). */
function complexSchur(a: NDArray): [NDArray, NDArray] {
  const [t, z] = laxSchur(isComplex(a.dtype) ? a : a.astype(complexDType(a.dtype)));
  return [t, z];
}

/** Y with R Y + Y S = F, R upper and S lower triangular: rows from the bottom, each an n x n solve. */
function triangularSylvester(R: NDArray, S: NDArray, F: NDArray): NDArray {
  const [m, n] = F.shape;
  const rows: NDArray[] = new Array(m);
  const eye = jnp.eye(n, undefined, 0, { dtype: F.dtype });
  for (let i = m - 1; i >= 0; i--) {
    let rhs = F.get(i);
    for (let k = i + 1; k < m; k++) rhs = jnp.subtract(rhs, jnp.multiply(R.get(i, k), rows[k]));
    // y (R[i, i] I + S) = rhs, i.e. (R[i, i] I + S)^T y^T = rhs^T.
    const T = jnp.add(S, jnp.multiply(R.get(i, i), eye));
    rows[i] = jnp.linalg.solve(jnp.transpose(T), rhs);
  }
  return m ? jnp.stack(rows) : F;
}

function sylvester2d(A: NDArray, B: NDArray, C: NDArray, method: string, tol: number): NDArray {
  let X: NDArray;
  if (method === "schur") {
    const [R, U] = complexSchur(A);
    const [Sb, V] = complexSchur(mH(B));
    const F = jnp.matmul(jnp.matmul(mH(U), C.astype(R.dtype)), V);
    X = jnp.matmul(jnp.matmul(U, triangularSylvester(R, mH(Sb), F)), mH(V));
  } else {
    const [ra, ua] = jnp.linalg.eig(A);
    const [rb, ub] = jnp.linalg.eig(B);
    const F = jnp.linalg.solve(ua, jnp.matmul(C.astype(ra.dtype), ub));
    const Y = jnp.divide(F, jnp.add(jnp.expandDims(ra, 1), jnp.expandDims(rb, 0)));
    X = jnp.matmul(jnp.matmul(ua, Y), jnp.linalg.inv(ub));
  }
  if (!isComplex(C.dtype)) X = real(X);
  const sums = jnp.abs(jnp.add(jnp.expandDims(jnp.linalg.eigvals(A), 1), jnp.expandDims(jnp.linalg.eigvals(B), 0)));
  return jnp.where(jnp.any(jnp.less(sums, tol)), jnp.fullLike(X, NaN), X);
}

export interface SolveSylvesterOptions {
  method?: "schur" | "eigen";
  tol?: number;
}

/**
 * scipy.linalg.solveSylvester(a, b, c, {method, tol}): X with A X + X B = C
 * (batch dimensions broadcast); all NaN where some eigenvalue sum of A and B
 * is within tol of zero.
 */
export function solveSylvester(a: ArrayLike, b: ArrayLike, c: ArrayLike, opts?: SolveSylvesterOptions): NDArray {
  const o = checkOptions(opts, "solve_sylvester", ["method", "tol"]);
  const method = o.method ?? "schur";
  const tol = o.tol ?? 1e-8;
  const [A, B, C] = promoteInexact("solve_sylvester", a, b, c);
  if (C.ndim < 2 || A.ndim < 2 || B.ndim < 2) {
    throw new ValueError(
      `Incompatible shapes for Sylvester equation:\nA: ${pyShape(A.shape)}\nB: ${pyShape(B.shape)}\nC: ${pyShape(C.shape)}`,
    );
  }
  const [m, n] = C.shape.slice(-2);
  const sq = (x: NDArray, k: number) => x.shape[x.ndim - 1] === k && x.shape[x.ndim - 2] === k;
  if (!sq(A, m) || !sq(B, n)) {
    throw new ValueError(
      `Incompatible shapes for Sylvester equation:\nA: ${pyShape(A.shape)}\nB: ${pyShape(B.shape)}\nC: ${pyShape(C.shape)}`,
    );
  }
  if (method !== "schur" && method !== "eigen") {
    throw new ValueError(`Unrecognized method ${String(method)}. The two valid methods are either "schur" or "eigen".`);
  }
  const solve = (x: NDArray, y: NDArray, z: NDArray) => sylvester2d(x, y, z, method, tol);
  return jnp.vectorize(solve, { signature: "(m,m),(n,n),(m,n)->(m,n)" })(A, B, C) as NDArray;
}

export interface QrMultiplyOptions {
  mode?: "right" | "left";
  pivoting?: boolean;
  conjugate?: boolean;
  overwriteA?: boolean;
  overwriteC?: boolean;
}

/**
 * scipy.linalg.qrMultiply(a, c, {mode, pivoting, conjugate}): [Q c, R]
 * ("left") or [c Q, R] ("right", the default) with a = Q R (K = min(M, N)
 * columns of Q), and the column permutation third with pivoting (a[:, P] = Q R).
 */
export function qrMultiply(a: ArrayLike, c: ArrayLike, opts?: QrMultiplyOptions): NDArray[] {
  const o = checkOptions(opts, "qr_multiply", ["mode", "pivoting", "conjugate", "overwriteA", "overwriteC"]);
  const mode = o.mode ?? "right";
  let [A, Cm] = promoteInexact("qr_multiply", asArray(a, "qr_multiply a"), asArray(c, "qr_multiply c"));
  if (mode !== "right" && mode !== "left") throw new ValueError(`mode must be 'right' or 'left', got '${String(mode)}'`);
  if (A.ndim < 2) throw new ValueError(`qr_multiply: a must be at least 2-D, got shape ${pyShape(A.shape)}`);
  if (Cm.ndim === 0) throw new ValueError("qr_multiply: c must be at least 1-D, got a scalar");
  const onedim = Cm.ndim === 1;
  if (onedim) Cm = jnp.expandDims(Cm, mode === "left" ? 1 : 0);
  const [m, n] = A.shape.slice(-2);
  const k = Math.min(m, n);
  if (mode === "left" && Cm.shape[Cm.ndim - 2] !== k) {
    throw new ValueError(
      `Array shapes are not compatible for Q @ c operation: a has shape ${pyShape(A.shape)} so Q has ${k} columns, but c has ${Cm.shape[Cm.ndim - 2]} rows (expected ${k}).`,
    );
  }
  if (mode === "right" && Cm.shape[Cm.ndim - 1] !== m) {
    throw new ValueError(
      `Array shapes are not compatible for c @ Q operation: a has shape ${pyShape(A.shape)} so Q has ${m} rows, but c has ${Cm.shape[Cm.ndim - 1]} columns (expected ${m}).`,
    );
  }
  const batch = broadcastShapes(A.shape.slice(0, -2), Cm.shape.slice(0, -2));
  A = jnp.broadcastTo(A, [...batch, m, n]);
  Cm = jnp.broadcastTo(Cm, [...batch, ...Cm.shape.slice(-2)]);
  let q: NDArray;
  let r: NDArray;
  let p: NDArray | null = null;
  if (o.pivoting) [q, r, p] = qrPivoted(A);
  else [q, r] = jqr(A, { mode: "reduced" }) as unknown as [NDArray, NDArray];
  if (o.conjugate) q = jnp.conj(q);
  let out = mode === "left" ? jnp.matmul(q, Cm) : jnp.matmul(Cm, q);
  if (onedim) out = jnp.ravel(out);
  return p ? [out, r, p] : [out, r];
}

/**
 * scipy.linalg.fiedlerCompanion(a): the pentadiagonal (N-1) x (N-1)
 * companion matrix of the polynomial a (descending powers, a[..., 0] != 0),
 * batched over leading axes.
 */
export function fiedlerCompanion(a: ArrayLike): NDArray {
  let A = promoteInexact("fiedler_companion", a)[0];
  A = jnp.atleast1d(A);
  const N = A.shape[A.ndim - 1];
  if (N === 0) {
    throw new ValueError(
      `fiedler_companion requires the last axis of 'a' to have nonzero length, but got an array of shape ${pyShape(A.shape)}.`,
    );
  }
  const n = N - 1;
  const lead = A.shape.slice(0, -1);
  if (n === 0) return jnp.zeros([...lead, 0, 0], { dtype: A.dtype });
  A = jnp.divide(A, A.get("...", jnp.s(0, 1)));
  if (n === 1) return jnp.reshape(jnp.negative(A.get("...", jnp.s(1, 2))), [...lead, 1, 1]);
  const i = jnp.expandDims(jnp.arange(n, undefined, undefined, { dtype: "int32" }), 1);
  const j = jnp.expandDims(jnp.arange(n, undefined, undefined, { dtype: "int32" }), 0);
  const neg = jnp.negative(A);
  const superVal = jnp.take(neg, jnp.minimum(jnp.add(i, 2), n), -1);
  const subVal = jnp.take(neg, jnp.minimum(jnp.add(i, 1), n), -1);
  const even = jnp.equal(jnp.remainder(i, 2), 0);
  const odd = jnp.logicalNot(even);
  const and = (...xs: NDArray[]) => xs.reduce((x, y) => jnp.logicalAnd(x, y));
  const conds = [
    and(jnp.equal(i, 0), jnp.equal(j, 0)),
    and(jnp.equal(i, 1), jnp.equal(j, 0)),
    and(jnp.equal(j, jnp.add(i, 1)), even),
    and(jnp.equal(j, jnp.add(i, 2)), even),
    and(jnp.equal(j, jnp.subtract(i, 1)), even, jnp.greaterEqual(i, 2)),
    and(jnp.equal(j, jnp.subtract(i, 2)), odd, jnp.greaterEqual(i, 3)),
  ];
  const one = jnp.array(1, { dtype: A.dtype });
  const first = jnp.reshape(neg.get("...", jnp.s(1, 2)), [...lead, 1, 1]);
  const out = jnp.select(conds, [first, one, superVal, one, subVal, one], { default: jnp.array(0, { dtype: A.dtype }) });
  return jnp.broadcastTo(out, [...lead, n, n]);
}
