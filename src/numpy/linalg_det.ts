// JAX's det for n >= 4: a custom_jvp whose tangent is tr(adj(a) da), computed
// by _cofactor_solve from the LU factors, so the derivative stays finite at
// singular matrices (the adjugate of a rank n-1 matrix is not zero; lower
// ranks give zero) where d det = det tr(a^-1 da) would be NaN.
import { type NDArray, Slice } from "../core/ndarray.ts";
import { bind, bind1 } from "../core/trace.ts";
import { full } from "../lax/helpers.ts";
import { diagonal, luP, permuteRows, sliceLast2, triangularSolve } from "../lax/linalg.ts";
import { iotaP } from "../lax/shape_ops.ts";
import { customJvp } from "../transforms/custom_jvp.ts";
import {
  astype,
  equal,
  isinf,
  isnan,
  logicalAnd,
  logicalOr,
  multiply,
  notEqual,
  remainder,
  subtract,
  where,
  divide,
} from "./elementwise.ts";
import { any, prod, sum } from "./reductions.ts";
import { concatenate, expandDims } from "./shape.ts";

/** [det(a), adj(a) b] for square a and b of a's shape, a possibly singular (JAX's _cofactor_solve). */
export function cofactorSolve(a: NDArray, b: NDArray): [NDArray, NDArray] {
  const n = a.shape[a.ndim - 1];
  if (n === 1) return [a.get("...", 0, 0), b];
  const [lu0, pivots, perm] = bind(luP, [a], {});
  const diag = diagonal(lu0, n);
  const iota = bind1(iotaP, [], { dtype: "int32", shape: [...pivots.shape], dimension: pivots.ndim - 1 });
  const parity = sum(notEqual(pivots, iota), -1);
  const sign = astype(subtract(1, multiply(2, remainder(parity, 2))), a.dtype);
  // det(a), and det(u) / u_nn (with the permutation's sign).
  const det = multiply(prod(diag, -1), sign);
  const detLead = multiply(prod(diag.get("...", new Slice(0, n - 1)), -1), sign);
  const rows = bind1(iotaP, [], { dtype: "int32", shape: [...lu0.shape], dimension: lu0.ndim - 2 });
  const cols = bind1(iotaP, [], { dtype: "int32", shape: [...lu0.shape], dimension: lu0.ndim - 1 });
  const corner = logicalAnd(equal(rows, n - 1), equal(cols, n - 1));
  const lu = where(corner, expandDims(divide(1, detLead), [-1, -2]), lu0);
  // Matrices of rank below n - 1 (non-finite solves) get a zero adjugate.
  const probe = triangularSolve(lu, full([...b.shape.slice(0, -1), 1], 1, a.dtype), { leftSide: true, lower: false });
  const low = expandDims(any(logicalOr(isnan(probe), isinf(probe)), [-2, -1]), [-1, -2]);
  const zero = full(b.shape, 0, b.dtype);
  let x = where(low, zero, b);
  x = permuteRows(x, perm);
  x = triangularSolve(lu, x, { leftSide: true, lower: true, unitDiagonal: true });
  const k = b.shape[b.ndim - 1];
  x = concatenate([multiply(sliceLast2(x, [0, n - 1], [0, k]), expandDims(det, [-1, -2])), sliceLast2(x, [n - 1, n], [0, k])], -2);
  x = triangularSolve(lu, x, { leftSide: true, lower: false });
  return [det, where(low, zero, x)];
}

/** det as a custom_jvp over `value` (sign * exp(logdet)), the tangent tr(adj(a) da). */
export function customDet(value: (a: NDArray) => NDArray): (a: NDArray) => NDArray {
  const f = customJvp(function _det(a: NDArray): NDArray {
    return value(a);
  });
  f.defjvp(function _det_jvp([x]: NDArray[], [g]: NDArray[]) {
    const [y, z] = cofactorSolve(x, g);
    return [y, sum(diagonal(z, z.shape[z.ndim - 1]), -1)];
  });
  return f;
}
