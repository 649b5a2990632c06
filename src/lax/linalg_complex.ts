// lu and triangular_solve on complex operands: their complex rules bind the
// backends' forms lu_real and triangular_solve_real, which take and give
// real and imaginary parts apart (like fft_real and eig_real). Only backends
// see those, after the complex rewrite, so they need no transformation rules.
import { ShapedArray } from "../core/aval.ts";
import { Primitive, type NoParams } from "../core/primitive.ts";
import { bind } from "../core/trace.ts";
import { defComplexRule, isPair, type Pair } from "./complex_lowering.ts";
import type { TriangularSolveParams } from "./linalg.ts";
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
