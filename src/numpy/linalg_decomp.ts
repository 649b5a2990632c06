// jnp.linalg over the svd and qr primitives: svd, svdvals, qr, lstsq, pinv,
// matrixRank, cond. Results JAX gives as named tuples are JS arrays that also
// carry the field names (`const [u, s, vh] = svd(a)`, or `svd(a).S`).
import { type DType, isComplex } from "../core/dtypes.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { type ArrayLike, type NDArray, Slice } from "../core/ndarray.ts";
import { checkOptions } from "../core/options.ts";
import { bind, bind1 } from "../core/trace.ts";
import { adjoint, eighP, mT, symmetrize } from "../lax/linalg.ts";
import { qrP, svdP } from "../lax/linalg_decomp.ts";
import { geqrfP } from "../lax/linalg_householder.ts";
import { sortP } from "../lax/sort.ts";
import { iotaP } from "../lax/shape_ops.ts";
import { abs, add, astype, divide, greater, greaterEqual, logicalAnd, multiply, negative, sign, subtract, where } from "./elementwise.ts";
import { matmul } from "./linalg_basic.ts";
import { inexactOrComplex } from "./linalg_solve.ts";
import { resultTuple } from "./result_tuple.ts";
import { any, max, sum } from "./reductions.ts";
import { expandDims, flip, reshape } from "./shape.ts";
import { takeAlongAxis } from "./take.ts";
import { conj, real } from "./complex.ts";
import { customJvp } from "../transforms/custom_jvp.ts";

/** finfo(dtype).eps. */
export function epsOf(dtype: DType): number {
  return dtype === "float64" ? 2 ** -52 : dtype === "float16" ? 2 ** -10 : 2 ** -23;
}

/** x[..., i] (i may be negative). */
export function lastAxisAt(x: NDArray, i: number): NDArray {
  const n = x.shape[x.ndim - 1];
  const j = i < 0 ? n + i : i;
  return x.get("...", j);
}

export interface SvdOpts {
  fullMatrices?: boolean;
  computeUv?: boolean;
  hermitian?: boolean;
  subsetByIndex?: [number, number] | null;
}
export type SvdResult = NDArray[] & { U: NDArray; S: NDArray; Vh: NDArray };

/** jnp.linalg.svd: [u, s, vh] with s descending and a = u diag(s) vh; s alone with computeUv false. */
export function svd(a: ArrayLike, opts: SvdOpts & { computeUv: false }): NDArray;
export function svd(a: ArrayLike, opts?: SvdOpts & { computeUv?: true }): SvdResult;
export function svd(a: ArrayLike, opts?: SvdOpts): SvdResult | NDArray;
export function svd(a: ArrayLike, opts: SvdOpts = {}): SvdResult | NDArray {
  checkOptions(opts, "linalg.svd", ["fullMatrices", "computeUv", "hermitian", "subsetByIndex"]);
  const [A] = inexactOrComplex("svd", a);
  if (A.ndim < 2) throw new ValueError(`svd: input must have rank at least 2, got shape ${JSON.stringify(A.shape)}`);
  const computeUv = opts.computeUv ?? true;
  if (opts.hermitian) {
    if (opts.subsetByIndex) throw new ValueError("svd: subsetByIndex with hermitian=true is not supported");
    return hermitianSvd(A, computeUv);
  }
  const full = opts.fullMatrices ?? true;
  const outs = bind(svdP, [A], { full_matrices: full, compute_uv: computeUv, subset_by_index: null, algorithm: null });
  const sub = opts.subsetByIndex;
  if (sub !== undefined && sub !== null) {
    // Singular values start..end-1 of the descending list, with their vectors (JAX's subset_by_index).
    const rank = Math.min(...A.shape.slice(-2));
    const [lo, hi] = [sub[0], Math.min(sub[1], rank)];
    if (full && computeUv && (lo !== 0 || hi !== rank)) throw new ValueError("full_matrices and subset_by_index cannot both be set");
    const cut = (x: NDArray, axis: -1 | -2) =>
      axis === -1 ? x.get("...", new Slice(lo, hi)) : x.get("...", new Slice(lo, hi), new Slice());
    if (!computeUv) return cut(outs[0], -1);
    return resultTuple({ U: cut(outs[1], -1), S: cut(outs[0], -1), Vh: cut(outs[2], -2) });
  }
  if (!computeUv) return outs[0];
  return resultTuple({ U: outs[1], S: outs[0], Vh: outs[2] });
}

/** SVD of a symmetric matrix from its eigendecomposition (JAX's hermitian path). */
function hermitianSvd(A: NDArray, computeUv: boolean): SvdResult | NDArray {
  const [vecs, vals] = bind(eighP, [symmetrize(A)], { lower: true, sort_eigenvalues: true, subset_by_index: null, algorithm: null });
  const s = abs(vals);
  const d = s.ndim - 1;
  if (!computeUv) return flip(bind(sortP, [s], { dimension: d, is_stable: true, num_keys: 1 })[0], d);
  const iota = bind1(iotaP, [], { dtype: "int32", shape: [...s.shape], dimension: d });
  const sorted = bind(sortP, [s, iota, sign(vals)], { dimension: d, is_stable: true, num_keys: 1 });
  const [sDesc, idx, sgn] = sorted.map((x) => flip(x, d));
  const u = takeAlongAxis(vecs, expandDims(idx, -2), -1);
  const vh = adjoint(multiply(u, expandDims(sgn, -2).astype(u.dtype)));
  return resultTuple({ U: u, S: sDesc, Vh: vh });
}

/** jnp.linalg.svdvals: the singular values, descending. */
export function svdvals(x: ArrayLike): NDArray {
  return svd(x, { computeUv: false });
}

export type QrResult = NDArray[] & { Q: NDArray; R: NDArray };
type QrMode = "reduced" | "complete" | "r" | "full" | "raw";

/** jnp.linalg.qr(a, {mode}): [q, r] ("reduced", "complete") or r alone ("r"). */
export function qr(a: ArrayLike, opts: { mode: "r" } | "r"): NDArray;
export function qr(
  a: ArrayLike,
  opts?: { mode?: "reduced" | "complete" | "full" | "raw" } | "reduced" | "complete" | "full" | "raw",
): QrResult;
export function qr(a: ArrayLike, opts: { mode?: QrMode } | QrMode = {}): QrResult | NDArray {
  const mode = typeof opts === "string" ? opts : (checkOptions(opts, "linalg.qr", ["mode"]).mode ?? "reduced");
  const [A] = inexactOrComplex("qr", a);
  if (A.ndim < 2) throw new ValueError(`qr: input must have rank at least 2, got shape ${JSON.stringify(A.shape)}`);
  if (mode === "raw") {
    // LAPACK's packed form: the reflectors and r, transposed (as numpy's), and taus.
    const [packed, taus] = bind(geqrfP, [A], {});
    return resultTuple({ Q: mT(packed), R: taus });
  }
  let full: boolean;
  if (mode === "reduced" || mode === "r" || mode === "full") full = false;
  else if (mode === "complete") full = true;
  else throw new ValueError(`Unsupported QR decomposition mode '${String(mode)}'`);
  const [q, r] = bind(qrP, [A], { pivoting: false, full_matrices: full, use_magma: null });
  return mode === "r" ? r : resultTuple({ Q: q, R: r });
}

/**
 * jnp.linalg.lstsq(a, b, {rcond}): [x, residuals, rank, sv] for 2-D a and
 * 1-D or 2-D b, via the thin SVD (singular values below rcond * s[0] dropped).
 */
export function lstsq(
  a: ArrayLike,
  b: ArrayLike,
  rcondOrOpts: number | null | { rcond?: number | null; numpyResid?: boolean } = {},
): [NDArray, NDArray, NDArray, NDArray] {
  const opts = typeof rcondOrOpts === "number" || rcondOrOpts === null ? { rcond: rcondOrOpts } : rcondOrOpts;
  checkOptions(opts, "linalg.lstsq", ["rcond", "numpyResid"]);
  let [A, B] = inexactOrComplex("lstsq", a, b);
  if (A.shape[0] !== B.shape[0]) throw new ValueError("Leading dimensions of input arrays must match");
  const bVec = B.ndim === 1;
  if (bVec) B = expandDims(B, 1);
  if (A.ndim !== 2) throw new JaxTypeError(`${A.ndim}-dimensional array given. Array must be two-dimensional`);
  if (B.ndim !== 2) throw new JaxTypeError(`${B.ndim}-dimensional array given. Array must be one or two-dimensional`);
  const [m, n] = A.shape;
  const eps = epsOf(A.dtype);
  const rcond = opts.rcond === undefined || opts.rcond === null ? eps * Math.max(n, m) : opts.rcond < 0 ? eps : opts.rcond;
  const [u, s, vt] = svd(A, { fullMatrices: false });
  const k = s.shape[0];
  const s0 = k > 0 ? lastAxisAt(s, 0) : s;
  const mask = logicalAnd(greater(s, 0), greaterEqual(s, multiply(astype(rcond, s.dtype), s0)));
  const rank = astype(sum(mask), "int32");
  const safe = where(mask, s, 1);
  const sInv = expandDims(where(mask, divide(1, safe), 0), 1);
  let x = matmul(adjoint(vt), multiply(sInv.astype(u.dtype), matmul(adjoint(u), B)));
  let resid: NDArray;
  const rankVal = opts.numpyResid ? Number(rank.item()) : 0;
  if (opts.numpyResid && (rankVal < n || m <= n)) resid = astype(reshape([], [0]), A.dtype);
  else {
    const r = subtract(B, matmul(A, x));
    resid = isComplex(r.dtype) ? sum(real(multiply(r, conj(r))), 0) : sum(multiply(r, r), 0);
  }
  if (bVec) x = reshape(x, [n]);
  return [x, resid, rank, s];
}

export interface PinvOpts {
  rtol?: ArrayLike | null;
  hermitian?: boolean;
  rcond?: ArrayLike | null;
}

/** The pseudo-inverse from the thin SVD, singular values at or below rtol * s_max dropped. */
function pinvValue(A: NDArray, rtol: ArrayLike | null, hermitian: boolean): NDArray {
  const [m, n] = A.shape.slice(-2);
  const rt = rtol ?? 10 * Math.max(m, n) * epsOf(A.dtype);
  const [u, s, vh] = svd(A, { fullMatrices: false, hermitian });
  const cutoff = multiply(expandDims(rt, -1), s.get("...", new Slice(0, 1)));
  const sKept = where(greater(s, cutoff), s, Infinity);
  return matmul(adjoint(vh), divide(adjoint(u), expandDims(sKept, -1).astype(u.dtype)));
}

/**
 * jnp.linalg.pinv(a, {rtol, hermitian}). Its derivative is JAX's custom JVP
 * (the derivative of the pseudo-inverse, defined where the SVD's is not),
 * attached as p + L(a - stop_gradient(a)) with L that linear map.
 */
export function pinv(a: ArrayLike, opts: PinvOpts = {}): NDArray {
  checkOptions(opts, "linalg.pinv", ["rtol", "hermitian", "rcond"]);
  if (opts.rcond !== undefined && opts.rcond !== null && opts.rtol !== undefined && opts.rtol !== null) {
    throw new ValueError("pinv: only one of rtol and rcond may be specified.");
  }
  const rtol = opts.rtol ?? opts.rcond ?? null;
  const hermitian = opts.hermitian ?? false;
  const [A0] = inexactOrComplex("pinv", a);
  if (A0.ndim < 2) throw new ValueError(`pinv: input must have rank at least 2, got shape ${JSON.stringify(A0.shape)}`);
  const [m, n] = A0.shape.slice(-2);
  if (m === 0 || n === 0) return reshape(astype([], A0.dtype), [...A0.shape.slice(0, -2), n, m]);
  // A custom_jvp, as JAX's: evaluated, only the pseudo-inverse; differentiated, its tangent below (the tangent
  // computed on every call cost ten products of a zero tangent).
  const f = customJvp(function _pinv(x: NDArray): NDArray {
    return pinvValue(x, rtol, hermitian);
  });
  f.defjvp(function _pinv_jvp([x]: NDArray[], [dx]: NDArray[]) {
    const p = pinvValue(x, rtol, hermitian);
    const [A, dA] = hermitian ? [symmetrize(x), symmetrize(dx)] : [x, dx];
    const mm = matmul;
    let pDot: NDArray;
    if (m >= n) {
      const s = mm(mm(p, adjoint(p)), adjoint(dA));
      const t = mm(mm(adjoint(dA), adjoint(p)), p);
      pDot = add(subtract(add(subtract(negative(mm(mm(p, dA), p)), mm(mm(s, A), p)), s), mm(mm(p, A), t)), t);
    } else {
      const s = mm(p, mm(adjoint(p), adjoint(dA)));
      const t = mm(adjoint(dA), mm(adjoint(p), p));
      pDot = add(subtract(add(subtract(negative(mm(p, mm(dA, p))), mm(s, mm(A, p))), s), mm(p, mm(A, t))), t);
    }
    return [p, pDot];
  });
  return f(A0);
}

/** jnp.linalg.matrixRank(M, {rtol, hermitian, tol}): the number of singular values above the tolerance (int32). */
export function matrixRank(M: ArrayLike, opts: { rtol?: ArrayLike | null; hermitian?: boolean; tol?: ArrayLike | null } = {}): NDArray {
  checkOptions(opts, "linalg.matrixRank", ["rtol", "hermitian", "tol"]);
  let rtol = opts.rtol ?? null;
  if (opts.tol !== undefined && opts.tol !== null) {
    if (rtol !== null) throw new ValueError("matrix_rank: only one of tol or rtol may be specified.");
    rtol = opts.tol;
  }
  const [A] = inexactOrComplex("matrix_rank", M);
  if (A.ndim < 2) return astype(any(A.ne(0)), "int32");
  const S = svd(A, { fullMatrices: false, computeUv: false, hermitian: opts.hermitian ?? false });
  const tol = rtol === null ? multiply(max(S, -1), Math.max(...A.shape.slice(-2)) * epsOf(S.dtype)) : astype(rtol, S.dtype);
  return sum(greater(S, expandDims(tol, tol.ndim)), -1);
}
