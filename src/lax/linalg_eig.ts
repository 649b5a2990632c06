// The eig primitive (JAX's eig_p): eigenvalues and left/right eigenvectors of
// a general real or complex square matrix, always complex. Batched over
// leading dims natively. JVP as JAX's eig_jvp_rule: eigenvalues always,
// eigenvectors only with enable_eigvec_derivs (differentiating through LAPACK
// geev's normalisation). Backends see eig_real, on real and imaginary parts.
import { ShapedArray } from "../core/aval.ts";
import { complexDType, isComplex, isFloat, realDType } from "../core/dtypes.ts";
import { JaxTypeError, NotImplementedError, ValueError } from "../core/errors.ts";
import type { NDArray } from "../core/ndarray.ts";
import { Primitive, Zero } from "../core/primitive.ts";
import { shapeStr } from "../core/shape.ts";
import { bind, bind1 } from "../core/trace.ts";
import { complexP, imagP, realP } from "./complex.ts";
import { defComplexRule, isPair } from "./complex_lowering.ts";
import { addP, convertElementTypeP, divP, eqP, mulP, negP, selectNP, subP } from "./elementwise.ts";
import { full } from "./helpers.ts";
import { batchAtFront, bmm, diagonal, eyeLike, luP, mT, permuteRows, py, sliceLast2, triangularSolve } from "./linalg.ts";
import { argmaxP, reduceSumP } from "./reduce.ts";
import { broadcastInDimP, concatenateP, iotaP } from "./shape_ops.ts";

export type EigParams = {
  compute_left_eigenvectors: boolean;
  compute_right_eigenvectors: boolean;
  enable_eigvec_derivs: boolean;
  implementation: null;
};

const b1 = (p: Primitive, x: NDArray) => bind1(p, [x], {});
const b2 = (p: Primitive, x: NDArray, y: NDArray) => bind1(p, [x, y], {});
const add = (x: NDArray, y: NDArray) => b2(addP, x, y);
const sub = (x: NDArray, y: NDArray) => b2(subP, x, y);
const mul = (x: NDArray, y: NDArray) => b2(mulP, x, y);
const div = (x: NDArray, y: NDArray) => b2(divP, x, y);
const cat = (xs: NDArray[], dimension: number) => bind1(concatenateP, xs, { dimension });
const toDtype = (x: NDArray, d: string) =>
  x.dtype === d ? x : bind1(convertElementTypeP, [x], { new_dtype: d as NDArray["dtype"], weak_type: false });

/** Lanes of a (..., n) vector spread over (..., n, n): `axis` -1 puts v[j] at [i, j], -2 puts v[i] at [i, j]. */
function spread(v: NDArray, axis: -1 | -2): NDArray {
  const nb = v.ndim - 1;
  const n = v.shape[nb];
  const dims = [...Array(nb).keys(), axis === -1 ? nb + 1 : nb];
  return bind1(broadcastInDimP, [v], { shape: [...v.shape.slice(0, -1), n, n], broadcast_dimensions: dims });
}

/**
 * A^-1 B for complex (..., n, n) A and (..., n, k) B, as the real system
 * [[Ar, -Ai], [Ai, Ar]] [Xr; Xi] = [Br; Bi] solved by LU (differentiable
 * through lu and triangular_solve's rules).
 */
export function complexSolve(a: NDArray, b: NDArray): NDArray {
  const n = a.shape[a.ndim - 1];
  const k = b.shape[b.ndim - 1];
  const [ar, ai] = [b1(realP, a), b1(imagP, a)];
  const m = cat([cat([ar, b1(negP, ai)], a.ndim - 1), cat([ai, ar], a.ndim - 1)], a.ndim - 2);
  const rhs = cat([b1(realP, b), b1(imagP, b)], b.ndim - 2);
  const [lu, , perm] = bind(luP, [m], {});
  let x = permuteRows(rhs, perm);
  x = triangularSolve(lu, x, { leftSide: true, lower: true, unitDiagonal: true });
  x = triangularSolve(lu, x, { leftSide: true, lower: false });
  return b2(complexP, sliceLast2(x, [0, n], [0, k]), sliceLast2(x, [n, 2 * n], [0, k]));
}

/** (dw, dv) for eigenpairs (w, v) of A perturbed by da (nondegenerate perturbation theory, geev's normalisation). */
function eigVecJvp(w: NDArray, v: NDArray, da: NDArray): [NDArray, NDArray] {
  const eye = eyeLike(v.shape, v.dtype);
  const one = full(v.shape, 1, v.dtype);
  const F = sub(div(one, add(eye, sub(spread(w, -1), spread(w, -2)))), eye);
  const P = bmm(complexSolve(v, da), v);
  const dw = diagonal(P, w.shape[w.ndim - 1]);
  const U = bmm(v, mul(F, P));
  const rows = v.ndim - 2;
  const vConj = bind1(complexP, [b1(realP, v), b1(negP, b1(imagP, v))], {});
  const absV = b1(realP, mul(v, vConj));
  const k = bind1(argmaxP, [absV], { axes: [rows], index_dtype: "int32" });
  const kb = bind1(broadcastInDimP, [k], { shape: [...v.shape], broadcast_dimensions: [...Array(rows).keys(), rows + 1] });
  const isK = b2(eqP, bind1(iotaP, [], { dtype: "int32", shape: [...v.shape], dimension: rows }), kb);
  const rd = realDType(v.dtype);
  const mask = bind1(selectNP, [isK, full(v.shape, 0, v.dtype), one], {});
  const colSum = (x: NDArray) => bind1(reduceSumP, [x], { axes: [rows] });
  const re = b1(negP, b1(realP, colSum(mul(vConj, U))));
  const im = b1(negP, div(b1(imagP, colSum(mul(mask, U))), b1(realP, colSum(mul(mask, v)))));
  const c = b2(complexP, toDtype(re, rd), toDtype(im, rd));
  return [dw, add(U, mul(v, spread(c, -1)))];
}

export const eigP: Primitive<EigParams> = new Primitive(
  "eig",
  {
    abstractEval([a], p) {
      if (a.ndim < 2) throw new JaxTypeError(`Input 0 to eig must have rank at least 2, but got shape=${shapeStr(a.shape)}`);
      if (!isFloat(a.dtype) && !isComplex(a.dtype)) {
        throw new JaxTypeError(`eig does not accept dtype ${a.dtype}. Accepted dtypes are subtypes of floating, complexfloating.`);
      }
      const [m, n] = a.shape.slice(-2);
      if (m !== n) throw new ValueError(`The input to eig must be a square matrix. Got shape ${shapeStr([m, n])}.`);
      const c = complexDType(a.dtype);
      const count = Number(p.compute_left_eigenvectors) + Number(p.compute_right_eigenvectors);
      return [new ShapedArray(a.shape.slice(0, -1), c), ...Array.from({ length: count }, () => new ShapedArray(a.shape, c))];
    },
    jvp([a], [da], p) {
      const vecs = p.compute_left_eigenvectors || p.compute_right_eigenvectors;
      if (vecs && !p.enable_eigvec_derivs) {
        throw new NotImplementedError(
          "Derivatives of non-symmetric eigenvectors are only valid under assumptions on the input that JAX cannot check (see the enable_eigvec_derivs argument to jax.lax.linalg.eig). Pass enable_eigvec_derivs=True to jax.lax.linalg.eig to opt in. See https://github.com/jax-ml/jax/issues/2748 for discussion.",
        );
      }
      const outs = bind(eigP, [a], { ...p, compute_right_eigenvectors: true });
      const w = outs[0];
      const vr = outs[outs.length - 1];
      const primals = p.compute_right_eigenvectors ? outs : outs.slice(0, -1);
      if (da instanceof Zero) return [primals, primals.map((x) => new Zero(x.aval.strongType()))];
      const dac = toDtype(da, vr.dtype);
      if (!vecs) {
        const dw = bind1(reduceSumP, [mul(complexSolve(vr, dac), mT(vr))], { axes: [vr.ndim - 1] });
        return [[w], [dw]];
      }
      const [dw, dvr] = eigVecJvp(w, vr, dac);
      const tangents = [dw];
      if (p.compute_left_eigenvectors) {
        const conj = (x: NDArray) => bind1(complexP, [b1(realP, x), b1(negP, b1(imagP, x))], {});
        tangents.push(eigVecJvp(conj(w), outs[1], conj(mT(dac)))[1]);
      }
      if (p.compute_right_eigenvectors) tangents.push(dvr);
      return [primals, tangents];
    },
    batch: (...a) => batchAtFront(eigP)(...a),
    printParams: (p) =>
      `compute_left_eigenvectors=${py(p.compute_left_eigenvectors)} compute_right_eigenvectors=${py(p.compute_right_eigenvectors)} enable_eigvec_derivs=${py(p.enable_eigvec_derivs)} implementation=None`,
  },
  true,
);

/**
 * eig on real arrays: inputs (x) for a real matrix or (re, im) for a complex
 * one; outputs (wr, wi) then (re, im) of each eigenvector matrix asked for.
 * Only backends see it (after the complex rewrite), so it needs no rules.
 */
export const eigRealP: Primitive<EigParams> = new Primitive(
  "eig_real",
  {
    abstractEval(avals, p) {
      const [x] = avals;
      const count = 1 + Number(p.compute_left_eigenvectors) + Number(p.compute_right_eigenvectors);
      const w = new ShapedArray(x.shape.slice(0, -1), x.dtype);
      const v = new ShapedArray(x.shape, x.dtype);
      return Array.from({ length: count }, (_, i) => (i === 0 ? [w, w] : [v, v])).flat();
    },
  },
  true,
);

defComplexRule("eig", (args, params) => {
  const [x] = args;
  const outs = bind(eigRealP, isPair(x) ? [x.re, x.im] : [x], params);
  const pairs = [];
  for (let i = 0; i < outs.length; i += 2) pairs.push({ re: outs[i], im: outs[i + 1] });
  return pairs;
});
