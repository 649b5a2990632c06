// JAX's packed-reflector primitives and the real Schur decomposition:
// geqrf (QR as R plus reflectors), householder_product (orgqr), hessenberg
// (gehrd) and schur, real or complex (linalg_complex.ts has the complex
// rules). As in JAX none has a JVP; they batch over leading dims.
import { ShapedArray } from "../core/aval.ts";
import { JaxTypeError, ValueError } from "../core/errors.ts";
import { type NoParams, Primitive } from "../core/primitive.ts";
import { shapeStr } from "../core/shape.ts";
import { bind } from "../core/trace.ts";
import { matchBatch } from "./helpers.ts";
import { batchAtFront, checkMatrix } from "./linalg.ts";

export const geqrfP: Primitive<NoParams> = new Primitive(
  "geqrf",
  {
    abstractEval([a]) {
      checkMatrix("geqrf", a, 0, false, true);
      const [m, n] = a.shape.slice(-2);
      return [a.strongType(), new ShapedArray([...a.shape.slice(0, -2), Math.min(m, n)], a.dtype)];
    },
    batch: (...a) => batchAtFront(geqrfP)(...a),
  },
  true,
);

export const householderProductP: Primitive<NoParams> = new Primitive("householder_product", {
  abstractEval([a, taus]) {
    checkMatrix("householder_product", a, 0, false, true);
    const [m, n] = a.shape.slice(-2);
    if (taus.ndim !== a.ndim - 1 || shapeStr(taus.shape.slice(0, -1)) !== shapeStr(a.shape.slice(0, -2))) {
      throw new JaxTypeError(
        `householder_product: taus must have shape [..., k] with a's batch dims; got a ${shapeStr(a.shape)}, taus ${shapeStr(taus.shape)}`,
      );
    }
    if (taus.dtype !== a.dtype)
      throw new JaxTypeError(`householder_product: a and taus must have the same dtype, got ${a.dtype} and ${taus.dtype}`);
    if (m < n)
      throw new ValueError(
        `The first argument to householder_product must have at least as many rows as columns, got shape ${shapeStr(a.shape)}`,
      );
    if (taus.shape[taus.ndim - 1] > Math.min(m, n)) {
      throw new ValueError(
        `The second argument to householder_product must not have more elements than the minimum of the first argument's dimensions, got shapes ${shapeStr(a.shape)} and ${shapeStr(taus.shape)}`,
      );
    }
    return [a.strongType()];
  },
  batch([a, taus], [da, dt], p) {
    const size = (da !== null ? a.shape[da] : taus.shape[dt as number]) as number;
    return [bind(householderProductP, [matchBatch(a, da, size, 0), matchBatch(taus, dt, size, 0)], p), [0]];
  },
});

export const hessenbergP: Primitive<NoParams> = new Primitive(
  "hessenberg",
  {
    abstractEval([a]) {
      checkMatrix("hessenberg", a, 0, true, true);
      const n = a.shape[a.ndim - 1];
      return [a.strongType(), new ShapedArray([...a.shape.slice(0, -2), Math.max(n - 1, 0)], a.dtype)];
    },
    batch: (...a) => batchAtFront(hessenbergP)(...a),
  },
  true,
);

export type SchurParams = { compute_schur_vectors: boolean; sort_eig_vals: false; select_callable: null };

/** [t, z] (or [t]) with a = z t z^T, z orthogonal, t quasi upper triangular (2x2 blocks for complex pairs). */
export const schurP: Primitive<SchurParams> = new Primitive(
  "schur",
  {
    abstractEval([a], p) {
      checkMatrix("schur", a, 0, true, true);
      return p.compute_schur_vectors ? [a.strongType(), a.strongType()] : [a.strongType()];
    },
    batch: (...a) => batchAtFront(schurP)(...a),
    printParams: (p) => `compute_schur_vectors=${p.compute_schur_vectors ? "True" : "False"} select_callable=None sort_eig_vals=False`,
  },
  true,
);
