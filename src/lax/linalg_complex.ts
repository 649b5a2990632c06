// lu, triangular_solve, cholesky, eigh, svd, qr, schur and the Householder
// primitives (geqrf, householder_product, hessenberg) on complex operands: their complex
// rules bind the backends' forms lu_real, triangular_solve_real,
// cholesky_real and eigh_real, which take and give
// real and imaginary parts apart (like fft_real and eig_real). Only backends
// see those, after the complex rewrite, so they need no transformation rules.
import { ShapedArray } from "../core/aval.ts";
import { Primitive, type NoParams } from "../core/primitive.ts";
import { bind } from "../core/trace.ts";
import { defComplexRule, isPair, type Pair, type Val } from "./complex_lowering.ts";
import type { EighParams, TriangularSolveParams } from "./linalg.ts";
import type { QrParams, SvdParams } from "./linalg_decomp.ts";
import type { SchurParams } from "./linalg_householder.ts";
import { full } from "./zeros.ts";

/** Inputs (re, im) of a complex (..., m, n); outputs (lu re, lu im, pivots, permutation). */
export const luRealP: Primitive<NoParams> = new Primitive(
  "lu_real",
  {
    abstractEval([a]) {
      const [m, n] = a.shape.slice(-2);
      const batch = a.shape.slice(0, -2);
      return [a, a, new ShapedArray([...batch, Math.min(m, n)], "int32"), new ShapedArray([...batch, m], "int32")];
    },
  },
  true,
);

/** Inputs (a re, a im, b re, b im); outputs (x re, x im). */
export const triangularSolveRealP: Primitive<TriangularSolveParams> = new Primitive(
  "triangular_solve_real",
  {
    abstractEval([, , b]) {
      return [b, b];
    },
  },
  true,
);

defComplexRule("lu", ([x]) => {
  const [re, im, piv, perm] = bind(luRealP, isPair(x) ? [x.re, x.im] : [x, full(x.shape, 0, x.dtype)], {});
  return [{ re, im }, piv, perm];
});

const parts = (v: Pair | import("../core/ndarray.ts").NDArray) => (isPair(v) ? [v.re, v.im] : [v, full(v.shape, 0, v.dtype)]);

defComplexRule("triangular_solve", ([a, b], params) => {
  const [re, im] = bind(triangularSolveRealP, [...parts(a), ...parts(b)], params);
  return [{ re, im }];
});

/** Inputs (re, im) of a Hermitian matrix; outputs (L re, L im) with a = L L^H. */
export const choleskyRealP: Primitive<NoParams> = new Primitive(
  "cholesky_real",
  {
    abstractEval([a]) {
      return [a, a];
    },
  },
  true,
);

/** Inputs (re, im) of a Hermitian matrix; outputs (v re, v im, w), eigenvalues ascending. */
export const eighRealP: Primitive<EighParams> = new Primitive(
  "eigh_real",
  {
    abstractEval([a]) {
      const s = a.strongType();
      return [s, s, new ShapedArray(a.shape.slice(0, -1), a.dtype)];
    },
  },
  true,
);

defComplexRule("cholesky", ([x]) => {
  const [re, im] = bind(choleskyRealP, parts(x), {});
  return [{ re, im }];
});

defComplexRule("eigh", ([x], params) => {
  const [re, im, w] = bind(eighRealP, parts(x), params);
  return [{ re, im }, w];
});

/** Inputs (re, im); outputs (s) or (s, u re, u im, vt re, vt im), as svd's. */
export const svdRealP: Primitive<SvdParams> = new Primitive(
  "svd_real",
  {
    abstractEval([a], p) {
      const [m, n] = a.shape.slice(-2);
      const k = Math.min(m, n);
      const batch = a.shape.slice(0, -2);
      const s = new ShapedArray([...batch, k], a.dtype);
      if (!p.compute_uv) return [s];
      const u = new ShapedArray([...batch, m, p.full_matrices ? m : k], a.dtype);
      const vt = new ShapedArray([...batch, p.full_matrices ? n : k, n], a.dtype);
      return [s, u, u, vt, vt];
    },
  },
  true,
);

defComplexRule("svd", ([x], params) => {
  const outs = bind(svdRealP, parts(x), params);
  if (outs.length === 1) return outs;
  return [outs[0], { re: outs[1], im: outs[2] }, { re: outs[3], im: outs[4] }];
});

/** Inputs (re, im); outputs (q re, q im, r re, r im), as qr's (LAPACK zgeqrf's reflectors). */
export const qrRealP: Primitive<QrParams> = new Primitive(
  "qr_real",
  {
    abstractEval([a], p) {
      const [m, n] = a.shape.slice(-2);
      const k = p.full_matrices ? m : Math.min(m, n);
      const batch = a.shape.slice(0, -2);
      const q = new ShapedArray([...batch, m, k], a.dtype);
      const r = new ShapedArray([...batch, k, n], a.dtype);
      return [q, q, r, r];
    },
  },
  true,
);

defComplexRule("qr", ([x], params) => {
  const [qr, qi, rr, ri] = bind(qrRealP, parts(x), params);
  return [
    { re: qr, im: qi },
    { re: rr, im: ri },
  ];
});

/** Inputs (re, im); outputs (t re, t im) and, with Schur vectors, (z re, z im): the complex Schur form. */
export const schurRealP: Primitive<SchurParams> = new Primitive(
  "schur_real",
  {
    abstractEval([a], p) {
      const s = a.strongType();
      return p.compute_schur_vectors ? [s, s, s, s] : [s, s];
    },
  },
  true,
);

defComplexRule("schur", ([x], params) => {
  const outs = bind(schurRealP, parts(x), params);
  const pairs = [{ re: outs[0], im: outs[1] }];
  if (outs.length === 4) pairs.push({ re: outs[2], im: outs[3] });
  return pairs;
});

/** Inputs (re, im) of a complex (..., m, n); outputs (a re, a im, taus re, taus im) as LAPACK zgeqrf's. */
export const geqrfRealP: Primitive<NoParams> = new Primitive(
  "geqrf_real",
  {
    abstractEval([a]) {
      const [m, n] = a.shape.slice(-2);
      const taus = new ShapedArray([...a.shape.slice(0, -2), Math.min(m, n)], a.dtype);
      return [a.strongType(), a.strongType(), taus, taus];
    },
  },
  true,
);

/** The complex rule of a reflector primitive (outputs a and taus) through its backend form. */
const reflectorsRule =
  (real: Primitive<NoParams>) =>
  ([x]: Val[]) => {
    const [ar, ai, tr, ti] = bind(real, parts(x), {});
    return [
      { re: ar, im: ai },
      { re: tr, im: ti },
    ];
  };
defComplexRule("geqrf", reflectorsRule(geqrfRealP));

/** Inputs (a re, a im, taus re, taus im); outputs (q re, q im) as LAPACK zungqr's. */
export const householderProductRealP: Primitive<NoParams> = new Primitive(
  "householder_product_real",
  {
    abstractEval([a]) {
      return [a.strongType(), a.strongType()];
    },
  },
  true,
);

defComplexRule("householder_product", ([a, taus]) => {
  const [qr, qi] = bind(householderProductRealP, [...parts(a), ...parts(taus)], {});
  return [{ re: qr, im: qi }];
});

/** Inputs (re, im) of a complex (..., n, n); outputs (a re, a im, taus re, taus im) as LAPACK zgehrd's. */
export const hessenbergRealP: Primitive<NoParams> = new Primitive(
  "hessenberg_real",
  {
    abstractEval([a]) {
      const n = a.shape[a.ndim - 1];
      const taus = new ShapedArray([...a.shape.slice(0, -2), Math.max(n - 1, 0)], a.dtype);
      return [a.strongType(), a.strongType(), taus, taus];
    },
  },
  true,
);

defComplexRule("hessenberg", reflectorsRule(hessenbergRealP));
