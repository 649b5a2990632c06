// The linear-algebra primitives on the webgpu backend (float32): cholesky,
// triangular_solve, lu, geqrf, householder_product, qr, hessenberg, eigh and
// svd. Each matrix of the batch gets one workgroup that runs the whole
// factorization with barriers between its steps (linalg_factor.ts,
// linalg_qr.ts, linalg_jacobi.ts); cholesky, lu and QR past 64 rows or
// columns go column by column, a few dispatches per column. Nothing is read
// back.
import type { ShapedArray } from "../../core/aval.ts";
import { type Params, type Primitive, paramsOf } from "../../core/primitive.ts";
import { prod } from "../../core/shape.ts";
import { eighP, triangularSolveP } from "../../lax/linalg.ts";
import { qrP, svdP } from "../../lax/linalg_decomp.ts";
import type { GpuBuf, WebGpuBackend } from "./backend.ts";
import { runCholesky, runLu, runTriangularSolve } from "./linalg_factor.ts";
import { runGeqrf, runHessenberg, runHouseholderProduct, runQr } from "./linalg_qr.ts";
import { runEigh, runSvd } from "./linalg_jacobi.ts";

const NAMES = new Set(["cholesky", "triangular_solve", "lu", "geqrf", "householder_product", "qr", "hessenberg", "eigh", "svd"]);

/** The outputs of a linalg primitive run here, or null where it has no kernel (other primitives, dtypes other than float32). */
export function runLinalg(
  b: WebGpuBackend,
  prim: Primitive,
  bufs: GpuBuf[],
  inAvals: readonly ShapedArray[],
  params: Params,
  outAvals: readonly ShapedArray[],
): GpuBuf[] | null {
  if (!NAMES.has(prim.name) || inAvals.some((a) => a.dtype !== "float32")) return null;
  const a = inAvals[0];
  const batch = prod(a.shape.slice(0, -2));
  const [m, n] = a.shape.slice(-2);
  switch (prim.name) {
    case "cholesky":
      return [runCholesky(b, bufs[0], batch, n, outAvals[0])];
    case "triangular_solve":
      return [runTriangularSolve(b, bufs[0], bufs[1], inAvals[1], paramsOf(triangularSolveP, prim, params), outAvals[0])];
    case "lu":
      return runLu(b, bufs[0], batch, m, n, outAvals);
    case "geqrf":
      return runGeqrf(b, bufs[0], batch, m, n, outAvals);
    case "householder_product":
      return [runHouseholderProduct(b, bufs[0], bufs[1], batch, m, n, inAvals[1].shape[inAvals[1].ndim - 1], outAvals[0])];
    case "qr":
      return runQr(b, bufs[0], batch, m, n, paramsOf(qrP, prim, params).full_matrices, outAvals);
    case "hessenberg":
      return runHessenberg(b, bufs[0], batch, n, outAvals);
    case "eigh":
      return runEigh(b, bufs[0], batch, n, paramsOf(eighP, prim, params).lower, outAvals);
    case "svd": {
      const p = paramsOf(svdP, prim, params);
      return runSvd(b, bufs[0], batch, m, n, p.full_matrices, p.compute_uv, outAvals);
    }
  }
  return null;
}
