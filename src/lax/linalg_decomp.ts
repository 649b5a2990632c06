// The svd and qr primitives (JAX's svd_p and qr_p, without pivoting or index
// subsets). Like the other linalg primitives they take leading batch dims
// natively. JVP rules are JAX's _svd_jvp_rule and qr_jvp_rule (real dtypes);
// reverse mode comes from transposing the (linear) JVP.
import { ShapedArray } from "../core/aval.ts";
import type { NDArray } from "../core/ndarray.ts";
import { Primitive, type Tangent, Zero } from "../core/primitive.ts";
import { bind, bind1 } from "../core/trace.ts";
import { addP, convertElementTypeP, divP, eqP, mulP, selectNP, subP } from "./elementwise.ts";
import { realP } from "./complex.ts";
import { isComplex, realDType } from "../core/dtypes.ts";
import { full } from "./helpers.ts";
import {
  adjoint,
  batchAtFront,
  bmm,
  checkMatrix,
  diagonal,
  eyeLike,
  luP,
  luSolve,
  mT,
  padLast2,
  py,
  sliceLast2,
  tril,
  triangularSolve,
} from "./linalg.ts";
import { broadcastInDimP } from "./shape_ops.ts";

const b2 = (p: Primitive, x: NDArray, y: NDArray) => bind1(p, [x, y], {});
const add = (x: NDArray, y: NDArray) => b2(addP, x, y);
const sub = (x: NDArray, y: NDArray) => b2(subP, x, y);
const mul = (x: NDArray, y: NDArray) => b2(mulP, x, y);
const div = (x: NDArray, y: NDArray) => b2(divP, x, y);

/** (..., k) spread over (..., r, k) along the last axis (row i, column j holds v[j]). */
function alongCols(v: NDArray, rows: number): NDArray {
  const nb = v.ndim - 1;
  return bind1(broadcastInDimP, [v], {
    shape: [...v.shape.slice(0, -1), rows, v.shape[nb]],
    broadcast_dimensions: [...Array(nb).keys(), nb + 1],
  });
}

// ---------- svd ----------

export type SvdParams = { full_matrices: boolean; compute_uv: boolean; subset_by_index: null; algorithm: null };

/** Outputs [s] or [s, u, vt], as JAX's svd_p: s descending, a = u diag(s) vt. */
export const svdP: Primitive<SvdParams> = new Primitive(
  "svd",
  {
    abstractEval([a], p) {
      checkMatrix("svd", a, 0, false, true);
      const [m, n] = a.shape.slice(-2);
      const k = Math.min(m, n);
      const batch = a.shape.slice(0, -2);
      const s = new ShapedArray([...batch, k], realDType(a.dtype));
      if (!p.compute_uv) return [s];
      const ku = p.full_matrices ? m : k;
      const kv = p.full_matrices ? n : k;
      return [s, new ShapedArray([...batch, m, ku], a.dtype), new ShapedArray([...batch, kv, n], a.dtype)];
    },
    jvp([a], [da], p) {
      const [s, U, Vt] = bind(svdP, [a], { ...p, full_matrices: false, compute_uv: true });
      const [m, n] = a.shape.slice(-2);
      const primalsOut = p.compute_uv ? (p.full_matrices ? bind(svdP, [a], p) : [s, U, Vt]) : [s];
      if (da instanceof Zero) return [primalsOut, primalsOut.map((x) => new Zero(x.aval.strongType()))];
      if (p.compute_uv && p.full_matrices && m !== n) {
        throw new Error("Singular value decomposition JVP not implemented for full matrices");
      }
      const k = s.shape[s.ndim - 1];
      const cplx = isComplex(a.dtype);
      const asA = (x: NDArray) => (cplx ? bind1(convertElementTypeP, [x], { new_dtype: a.dtype, weak_type: false }) : x);
      const Ut = adjoint(U);
      const V = adjoint(Vt);
      const dS = bmm(bmm(Ut, da), V);
      const ds = cplx ? bind1(realP, [diagonal(dS, k)], {}) : diagonal(dS, k);
      if (!p.compute_uv) return [primalsOut, [ds]];
      const sj = alongCols(s, k); // [i, j] -> s_j
      const si = mT(sj); // [i, j] -> s_i
      const eye = eyeLike(sj.shape, s.dtype);
      // 1 / (s_j^2 - s_i^2) off the diagonal, 0 on it.
      const F = asA(sub(div(full(sj.shape, 1, s.dtype), add(mul(add(sj, si), sub(sj, si)), eye)), eye));
      const dSS = mul(asA(sj), dS);
      const SdS = mul(asA(si), dS);
      let dU = bmm(U, mul(F, add(dSS, adjoint(dSS))));
      if (cplx) {
        // The imaginary diagonal term: (dS - dS^H) / 2 on the diagonal, over s (0 where s is 0).
        const zero = b2(eqP, sj, full(sj.shape, 0, s.dtype));
        const one = full(sj.shape, 1, s.dtype);
        const sInv = bind1(selectNP, [zero, div(one, sj), full(sj.shape, 0, s.dtype)], {});
        const half = mul(sub(dS, adjoint(dS)), asA(mul(mul(sInv, eye), full(sj.shape, 0.5, s.dtype))));
        dU = add(dU, bmm(U, half));
      }
      let dV = bmm(V, mul(F, add(SdS, adjoint(SdS))));
      if (m > n) {
        const dAV = bmm(da, V);
        dU = add(dU, div(sub(dAV, bmm(U, bmm(Ut, dAV))), asA(alongCols(s, m))));
      }
      if (n > m) {
        const dAHU = bmm(adjoint(da), U);
        dV = add(dV, div(sub(dAHU, bmm(V, bmm(Vt, dAHU))), asA(alongCols(s, n))));
      }
      return [primalsOut, [ds, dU, adjoint(dV)]];
    },
    batch: (...a) => batchAtFront(svdP)(...a),
    printParams: (p) => `algorithm=None compute_uv=${py(p.compute_uv)} full_matrices=${py(p.full_matrices)} subset_by_index=None`,
  },
  true,
);

// ---------- qr ----------

export type QrParams = { pivoting: false; full_matrices: boolean; use_magma: null };

/** JVP of the thin QR of (..., m, n) with m >= n (j-towns.github.io/papers/qr-derivative.pdf). */
function thinQrJvp(q: NDArray, r: NDArray, dx: NDArray): [NDArray, NDArray] {
  const dxRinv = triangularSolve(r, dx); // right side: dx r^-1
  const qtDxRinv = bmm(adjoint(q), dxRinv);
  const lower = tril(qtDxRinv, -1);
  let dO = sub(lower, adjoint(lower));
  if (isComplex(q.dtype)) {
    // The diagonal's imaginary part (zero for real inputs).
    const re = bind1(convertElementTypeP, [bind1(realP, [qtDxRinv], {})], { new_dtype: q.dtype, weak_type: false });
    dO = add(dO, mul(eyeLike(qtDxRinv.shape, q.dtype), sub(qtDxRinv, re)));
  }
  const dq = add(bmm(q, sub(dO, qtDxRinv)), dxRinv);
  const dr = bmm(sub(qtDxRinv, dO), r);
  return [dq, dr];
}

/** Outputs [q, r] with a = q r, r upper triangular (LAPACK's Householder signs). */
export const qrP: Primitive<QrParams> = new Primitive(
  "qr",
  {
    abstractEval([a], p) {
      checkMatrix("qr", a, 0, false, true);
      const [m, n] = a.shape.slice(-2);
      const k = p.full_matrices ? m : Math.min(m, n);
      const batch = a.shape.slice(0, -2);
      return [new ShapedArray([...batch, m, k], a.dtype), new ShapedArray([...batch, k, n], a.dtype)];
    },
    jvp([x], [dx], p) {
      const [q, r] = bind(qrP, [x], p);
      if (dx instanceof Zero)
        return [
          [q, r],
          [new Zero(q.aval.strongType()), new Zero(r.aval.strongType())],
        ];
      const [m, n] = x.shape.slice(-2);
      let tangents: Tangent[];
      if (m < n) {
        // X = [X1 X2], R = [R1 R2]: X1 = Q R1 is square; R2 = Q^T X2.
        const x2 = sliceLast2(x, [0, m], [m, n]);
        const dx1 = sliceLast2(dx, [0, m], [0, m]);
        const dx2 = sliceLast2(dx, [0, m], [m, n]);
        const r1 = sliceLast2(r, [0, m], [0, m]);
        const [dq, dr1] = thinQrJvp(q, r1, dx1);
        const dr2 = add(bmm(adjoint(dq), x2), bmm(adjoint(q), dx2));
        tangents = [dq, add(padLast2(dr1, [0, 0], [0, n - m]), padLast2(dr2, [0, 0], [m, 0]))];
      } else {
        const qmn = p.full_matrices ? sliceLast2(q, [0, m], [0, n]) : q;
        const rnn = p.full_matrices ? sliceLast2(r, [0, n], [0, n]) : r;
        const [dqmn, drnn] = thinQrJvp(qmn, rnn, dx);
        if (!p.full_matrices || m === n) tangents = [dqmn, drnn];
        else {
          // The extra columns of a complete Q (https://arxiv.org/pdf/2409.13374, eqs. 32-33).
          const qnn = sliceLast2(qmn, [0, n], [0, n]);
          const qpn = sliceLast2(qmn, [n, m], [0, n]);
          const qmp = sliceLast2(q, [0, m], [n, m]);
          const dqnn = sliceLast2(dqmn, [0, n], [0, n]);
          const dqpn = sliceLast2(dqmn, [n, m], [0, n]);
          const [lu, , perm] = bind(luP, [sub(qnn, eyeLike(qnn.shape, qnn.dtype))], {});
          const zpnT = luSolve(lu, perm, mT(qpn), 1);
          const zpn = mT(zpnT);
          const dqmp = sub(bmm(dqmn, zpnT), bmm(add(qmn, bmm(qmp, zpn)), mT(sub(dqpn, bmm(zpn, dqnn)))));
          tangents = [add(padLast2(dqmn, [0, 0], [0, m - n]), padLast2(dqmp, [0, 0], [n, 0])), padLast2(drnn, [0, m - n], [0, 0])];
        }
      }
      return [[q, r], tangents];
    },
    batch: (...a) => batchAtFront(qrP)(...a),
    printParams: (p) => `full_matrices=${py(p.full_matrices)} pivoting=False use_magma=None`,
  },
  true,
);
