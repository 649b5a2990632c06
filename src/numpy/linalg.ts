// jnp.linalg: the decompositions and solvers are in linalg_solve.ts (LU,
// Cholesky, eigh) and linalg_decomp.ts (SVD, QR); norms and the rest in
// linalg_more.ts.
export { solve, inv, det, slogdet, cholesky, eigh, eigvalsh, SlogdetResult, EighResult } from "./linalg_solve.ts";
export { eig, eigvals } from "./linalg_eig.ts";
export { svd, svdvals, qr, lstsq, pinv, matrixRank, type SvdResult, type QrResult, type SvdOpts, type PinvOpts } from "./linalg_decomp.ts";
export {
  norm,
  vectorNorm,
  matrixNorm,
  cond,
  matrixPower,
  multiDot,
  tensorsolve,
  tensorinv,
  cross,
  outer,
  diagonal,
  trace,
  matmul,
  tensordot,
  vecdot,
  matrixTranspose,
  type NormOpts,
  type VectorNormOpts,
} from "./linalg_more.ts";
